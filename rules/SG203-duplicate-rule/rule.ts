import { conditionText, groupName, ruleSummary } from '../lib/describe';
import { permissionOf } from '../lib/identity';
import { conditionsImplied, mergeConditionBranches } from '../lib/conditions';
import type { ConditionBranch, SgRule } from '../model';
import type { RuleModule } from '../types';

/**
 * One of several variants of a written rule (a property under `Fn::If`): removing the written rule would
 * also remove the variants that are not redundant, so no removal is offered.
 */
function isVariant(rule: SgRule): boolean {
  return /#\d+$/.test(rule.key);
}

/**
 * Two instances (`count`, `for_each`) of one rule resource. They are written once: when they come out
 * alike, it is usually because what sets them apart (a group indexed by `count.index`, a CIDR from
 * `each.value`) was not resolved; and removing "the duplicate" would delete the resource, every instance
 * with it.
 */
function instancesOfOneResource(a: SgRule, b: SgRule): boolean {
  return (
    !a.inline &&
    !b.inline &&
    a.writtenIn === b.writtenIn &&
    a.uri === b.uri &&
    a.range.start === b.range.start &&
    a.range.end === b.range.end
  );
}

export const rule: RuleModule = {
  meta: {
    id: 'SG203',
    name: 'duplicate-rule',
    defaultSeverity: 'error',
    description: 'The same permission (direction, protocol, ports, peer) twice in one group.',
    rationale:
      'AWS rejects a duplicate permission (InvalidPermission.Duplicate), so the deployment fails; a duplicate spread across an inline list and a separate rule resource is easy to miss in review.',
    peerIds: {},
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      for (const direction of ['ingress', 'egress'] as const) {
        const seen = new Map<string, SgRule[]>();
        for (const r of group[direction]) {
          if (r.implicit) continue;
          const perm = permissionOf(r);
          if (!perm) continue;
          const earlier = seen.get(perm.key) ?? [];
          // Two branches of one Fn::If never exist together, so they are not duplicates.
          let first: SgRule | undefined;
          let together: readonly ConditionBranch[] | null = null;
          for (const e of earlier) {
            if (instancesOfOneResource(e, r)) continue;
            together = e.syntax === r.syntax ? null : mergeConditionBranches(e.conditions, r.conditions);
            if (together) {
              first = e;
              break;
            }
          }
          if (first && together) {
            // Removing this rule is safe only if the earlier one exists whenever this one does.
            const removable = !isVariant(r) && conditionsImplied(first.conditions, r.conditions);
            report({
              message: `Duplicate of an earlier rule in ${groupName(group)} (${ruleSummary(r)}): AWS rejects the same permission twice${conditionText(together)}`,
              uri: r.uri,
              range: r.headRange,
              resource: r.writtenIn,
              group: group.address,
              related: [
                {
                  uri: first.uri,
                  range: first.headRange,
                  message: 'The same permission is first granted here',
                },
              ],
              fixes: removable
                ? [{ kind: 'remove-rule', title: 'Remove the duplicate rule', rule: r, safe: true }]
                : [],
              conditions: together,
            });
          }
          earlier.push(r);
          seen.set(perm.key, earlier);
        }
      }
    }
  },
};
