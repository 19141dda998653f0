import type { RuleModule } from '../types';

export const rule: RuleModule = {
  meta: {
    id: 'SG110',
    name: 'group-without-vpc',
    defaultSeverity: 'note',
    description: 'A security group with no VPC: AWS creates it in the default VPC.',
    rationale:
      'The default VPC has public subnets and is rarely where a workload is meant to run; a group that lands there is usually a missing VpcId/vpc_id.',
    peerIds: {
      kics: ['493d9591-6249-47bf-8dc0-5c10161cc558'],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      if (group.synthetic || group.isDefault || group.vpc) continue;
      report({
        message: `Security group ${group.address} has no VPC, so AWS creates it in the region's default VPC`,
        uri: group.uri,
        range: group.idRange,
        resource: group.address,
        group: group.address,
        conditions: group.conditions,
        absence: 'resource',
      });
    }
  },
};
