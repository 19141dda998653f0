import { conditionText, groupName, joinList, ruleSummary } from '../lib/describe';
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
      const rules = [...group.ingress, ...group.egress];
      const written = rules.filter((r) => !r.implicit);
      const vpc = group.defaultOf;
      // A VPC whose default group nobody manages keeps AWS's default rules: say so once, at the VPC.
      if (rules.length > 0 && written.length === 0) {
        const remedy =
          model.producer === 'cdk'
            ? 'create the Vpc with restrictDefaultSecurityGroup: true (the @aws-cdk/aws-ec2:restrictDefaultSecurityGroup feature flag makes it the default)'
            : 'manage it with a default-group resource that declares no rules';
        report({
          message: `${capitalized(groupName(group))} keeps AWS's default rules (all traffic from members of the group, all traffic out); ${remedy}`,
          uri: vpc?.uri ?? group.uri,
          range: vpc?.range ?? group.idRange,
          resource: vpc?.address ?? rules[0]!.writtenIn,
          group: group.address,
        });
        continue;
      }
      // CIS 5.3 is a control on the VPC. In Terraform the VPC and the resource that manages its default
      // group are separate (often in separate files): the VPC gets one finding of its own too.
      if (vpc && written.length > 0 && model.format === 'terraform') {
        const where = joinList([...new Set(written.map((r) => r.writtenIn))]);
        report({
          message: `The default security group of ${vpc.address} allows traffic (${written.length} rule${written.length > 1 ? 's' : ''} in ${where}); it should allow none`,
          uri: vpc.uri,
          range: vpc.range,
          resource: vpc.address,
          group: group.address,
        });
      }
      for (const rule of rules) {
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
