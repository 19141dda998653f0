import type { GroupReference } from '../model';
import type { RuleModule } from '../types';

function problem(ref: GroupReference): string | undefined {
  if (ref.resolution === 'missing') return `${ref.detail ?? 'it is not declared in this file'}`;
  if (ref.resolution === 'not-a-group')
    return `${ref.detail ?? 'it is not a security group'}, not a security group`;
  return undefined;
}

export const rule: RuleModule = {
  meta: {
    id: 'SG204',
    name: 'unknown-group-reference',
    defaultSeverity: 'error',
    description:
      'A rule names a group that the template or module does not declare, or names something that is not a security group (external sg- ids, imports, parameters and data sources are fine).',
    rationale:
      'A reference to a group that does not exist fails the deployment, and one that names the wrong kind of resource usually hides a typo in a logical ID.',
    peerIds: { cfn_lint: ['E1020', 'E1150'] },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      for (const r of [...group.ingress, ...group.egress]) {
        if (r.peer.kind !== 'group') continue;
        const p = problem(r.peer);
        if (!p) continue;
        report({
          message: `The rule's ${r.direction === 'ingress' ? 'source' : 'destination'} group ${String(r.peer.ref.value)} cannot be used: ${p}`,
          uri: r.peer.ref.uri,
          range: r.peer.ref.range,
          resource: r.writtenIn,
          group: group.address,
          conditions: r.conditions,
          ...(r.peer.resolution === 'missing' ? { absence: 'file' as const } : {}),
        });
      }
    }
    for (const r of model.standaloneRules) {
      if (!r.groupRef) continue;
      const p = problem(r.groupRef);
      if (!p) continue;
      report({
        message: `${r.writtenIn} attaches to ${String(r.groupRef.ref.value)}, which cannot be used: ${p}`,
        uri: r.groupRef.ref.uri,
        range: r.groupRef.ref.range,
        resource: r.writtenIn,
        group: r.group,
        conditions: r.conditions,
        ...(r.groupRef.resolution === 'missing' ? { absence: 'file' as const } : {}),
      });
    }
  },
};
