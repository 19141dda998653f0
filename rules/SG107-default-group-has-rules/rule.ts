import { conditionText, groupName, ruleSummary } from '../lib/describe';
import type { RuleModule } from '../types';

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const rule: RuleModule = {
  meta: {
    id: 'SG107',
    name: 'default-group-has-rules',
    defaultSeverity: 'warning',
    description:
      "A rule on a VPC's default security group (CIS AWS Foundations 5.3: the default group should allow nothing).",
    rationale:
      'Anything launched without an explicit group lands in the default group. If that group allows traffic, forgetting to pick a group silently opens access; keep it empty and use purpose-made groups.',
    peerIds: {
      checkov: ['CKV2_AWS_12'],
      trivy: ['AVD-AWS-0173', 'aws-ec2-restrict-all-in-default-sg'],
      kics: [
        '46883ce1-dc3e-4b17-9195-c6a601624c73',
        '9a4ef195-74b9-4c58-b8ed-2b2fe4353a75',
        'ea33fcf7-394b-4d11-a228-985c5d08f205',
      ],
      cdk_nag: [
        'HIPAA.Security-VPCDefaultSecurityGroupClosed',
        'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
        'PCI.DSS.321-VPCDefaultSecurityGroupClosed',
      ],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      if (!group.isDefault) continue;
      for (const rule of [...group.ingress, ...group.egress]) {
        if (rule.implicit) continue;
        report({
          message: `${capitalized(groupName(group))} gets a rule (${ruleSummary(rule)}); the default group should allow no traffic${conditionText(rule.conditions)}`,
          uri: rule.uri,
          range: rule.headRange,
          resource: rule.writtenIn,
          group: group.address,
          fixes: [{ kind: 'remove-rule', title: 'Remove this rule from the default group', rule }],
          conditions: rule.conditions,
        });
      }
    }
  },
};
