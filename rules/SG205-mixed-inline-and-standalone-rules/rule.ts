import { joinList } from '../lib/describe';
import type { SgRule } from '../model';
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
      // `ingress = []` declares the (empty) complete list as much as a block does.
      const declared = group.inlineRulesDeclared || rules.some((r) => r.inline);
      if (!declared) continue;
      // One entry per rule resource: a resource with several CIDRs, or several instances, is still one
      // resource to move into the group (or to turn the inline rules into resources).
      const resources = new Map<string, SgRule>();
      for (const r of rules) if (!r.inline && !resources.has(r.writtenIn)) resources.set(r.writtenIn, r);
      if (resources.size === 0) continue;
      const names = [...resources.keys()];
      report({
        message: `${group.address} ${rules.some((r) => r.inline) ? 'has inline rules' : 'declares its inline rules (an empty list)'} and also rules from ${names.length === 1 ? 'a separate resource' : `${names.length} separate resources`} (${joinList(names)}): Terraform removes those rules and adds them back on every apply`,
        uri: group.uri,
        range: group.idRange,
        resource: group.address,
        group: group.address,
        related: [...resources.values()].map((r) => ({
          uri: r.uri,
          range: r.headRange,
          message: `separate rule ${r.writtenIn}`,
        })),
      });
    }
  },
};
