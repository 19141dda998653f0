import { usesOf } from '../lib/uses';
import type { RuleModule } from '../types';

export const rule: RuleModule = {
  meta: {
    id: 'SG109',
    name: 'unused-group',
    defaultSeverity: 'note',
    description:
      'A security group that nothing in the same template or module references (its own rules do not count).',
    rationale:
      'An unattached group protects nothing. It is often a leftover from a refactor, or a sign that the resource meant to use it references another group by mistake.',
    peerIds: {
      checkov: ['CKV2_AWS_5'],
      kics: ['4849211b-ac39-479e-ae78-5694d506cb24'],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const scope = model.format === 'terraform' ? 'module' : model.producer === 'cdk' ? 'stack' : 'file';
    const used = usesOf(model);
    for (const group of model.groups) {
      if (group.synthetic || group.isDefault || used.has(group.address)) continue;
      report({
        message: `Security group ${group.address} is not attached to anything: no resource or output in this ${scope} references it`,
        uri: group.uri,
        range: group.idRange,
        resource: group.address,
        group: group.address,
        conditions: group.conditions,
        absence: 'file',
      });
    }
  },
};
