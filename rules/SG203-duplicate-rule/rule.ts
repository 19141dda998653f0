import { conditionText, groupName, ruleSummary } from '../lib/describe';
import { permissionOf } from '../lib/identity';
import { mergeConditionBranches } from '../lib/conditions';
import type { SgRule } from '../model';
import type { RuleModule } from '../types';

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
          const first = earlier.find((e) => mergeConditionBranches(e.conditions, r.conditions) !== null && e.syntax !== r.syntax);
          if (first) {
            report({
              message: `Duplicate of an earlier rule in ${groupName(group)} (${ruleSummary(r)}): AWS rejects the same permission twice${conditionText(r.conditions)}`,
              uri: r.uri,
              range: r.headRange,
              resource: r.writtenIn,
              group: group.address,
              related: [{ uri: first.uri, range: first.headRange, message: 'The same permission is first granted here' }],
              fixes: [{ kind: 'remove-rule', title: 'Remove the duplicate rule', rule: r }],
              conditions: r.conditions,
            });
          }
          earlier.push(r);
          seen.set(perm.key, earlier);
        }
      }
    }
  },
};
