import type { RuleModule } from '../types';

export const rule: RuleModule = {
  meta: {
    id: 'SG205',
    name: 'mixed-inline-and-standalone-rules',
    defaultSeverity: 'warning',
    description:
      'A Terraform group with inline ingress/egress blocks and also separate rule resources attached to it.',
    rationale:
      'The AWS provider treats inline rules as the complete list: every plan removes the separate rules and the next apply adds them back, a perpetual diff that can drop traffic mid-apply.',
    peerIds: { trivy: ['aws-vpc-disallow-mixed-sgr'] },
    formats: ['terraform'],
  },
  check({ model, report }) {
    // CloudFormation merges inline and standalone rules without conflict: only Terraform is affected.
    if (model.format !== 'terraform') return;
    for (const group of model.groups) {
      if (group.synthetic) continue;
      const rules = [...group.ingress, ...group.egress].filter((r) => !r.implicit);
      const inline = rules.some((r) => r.inline);
      const standalone = rules.filter((r) => !r.inline);
      if (!inline || standalone.length === 0) continue;
      report({
        message: `${group.address} has inline rules and also ${standalone.length} separate rule resource${standalone.length > 1 ? 's' : ''} (${[...new Set(standalone.map((r) => r.writtenIn))].join(', ')}): Terraform will remove and re-add them on every apply`,
        uri: group.uri,
        range: group.idRange,
        resource: group.address,
        group: group.address,
        related: standalone.map((r) => ({
          uri: r.uri,
          range: r.headRange,
          message: `separate rule ${r.writtenIn}`,
        })),
      });
    }
  },
};
