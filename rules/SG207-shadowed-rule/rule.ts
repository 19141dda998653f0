import { conditionsImplied } from '../lib/conditions';
import { conditionText, ruleSummary } from '../lib/describe';
import type { Permission } from '../lib/identity';
import { covers, permissionOf } from '../lib/identity';
import type { SgRule } from '../model';
import type { RuleModule } from '../types';

/**
 * One of several variants of a written rule (a property under `Fn::If`): removing the written rule would
 * also remove the variants that are not redundant, so no removal is offered.
 */
function isVariant(rule: SgRule): boolean {
  return /#\d+$/.test(rule.key);
}

export const rule: RuleModule = {
  meta: {
    id: 'SG207',
    name: 'shadowed-rule',
    defaultSeverity: 'note',
    description: 'A rule whose traffic another rule of the same group already allows in full.',
    rationale:
      'A shadowed rule adds nothing but reads as if it limited something; when the broader rule is later narrowed, nobody notices the narrow one was never doing the work. It also counts toward the rule quota.',
    peerIds: {},
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      for (const direction of ['ingress', 'egress'] as const) {
        const perms: { rule: SgRule; perm: Permission }[] = [];
        for (const r of group[direction]) {
          if (r.implicit) continue;
          const perm = permissionOf(r);
          if (perm) perms.push({ rule: r, perm });
        }
        for (const a of perms) {
          // The broader rule must exist whenever the narrower one does.
          const by = perms.find(
            (b) =>
              b !== a &&
              b.perm.key !== a.perm.key &&
              b.rule.syntax !== a.rule.syntax &&
              covers(b.perm, a.perm) &&
              conditionsImplied(b.rule.conditions, a.rule.conditions),
          );
          if (!by) continue;
          report({
            message: `Already allowed by ${ruleSummary(by.rule)}: this rule (${ruleSummary(a.rule)}) adds nothing${conditionText(a.rule.conditions)}`,
            uri: a.rule.uri,
            range: a.rule.headRange,
            resource: a.rule.writtenIn,
            group: group.address,
            related: [{ uri: by.rule.uri, range: by.rule.headRange, message: 'The broader rule' }],
            fixes: isVariant(a.rule)
              ? []
              : [{ kind: 'remove-rule', title: 'Remove the shadowed rule', rule: a.rule }],
            conditions: a.rule.conditions,
          });
        }
      }
    }
  },
};
