import { groupName } from '../lib/describe';
import type { SgRule } from '../model';
import type { RuleModule } from '../types';

/** AWS's default quota of inbound (and, separately, outbound) rules per group, per address family. */
export const RULES_PER_GROUP = 60;

/** A rule's IP families for quota purposes: group and prefix-list references count toward both. */
function families(r: SgRule): (4 | 6)[] {
  if (r.peer.kind === 'cidr4') return [4];
  if (r.peer.kind === 'cidr6') return [6];
  return [4, 6];
}

export const rule: RuleModule = {
  meta: {
    id: 'SG206',
    name: 'rule-quota',
    defaultSeverity: 'warning',
    description: `More than ${RULES_PER_GROUP} inbound or ${RULES_PER_GROUP} outbound rules in one group for one address family, counting each CIDR as AWS does.`,
    rationale:
      'AWS refuses rules beyond the quota (RulesPerSecurityGroupLimitExceeded) unless it was raised for the account; the failure comes at deploy time, after part of the stack changed.',
    peerIds: {},
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      for (const direction of ['ingress', 'egress'] as const) {
        // Fewer rules than the quota in all cannot exceed it for one family.
        if (group[direction].length <= RULES_PER_GROUP) continue;
        for (const family of [4, 6] as const) {
          // CloudFormation: variants of one written rule (Fn::If alternatives, `#n`) are one rule at deploy
          // time. Terraform: the `#n` rules of a block are its CIDRs, each a rule of its own to AWS.
          const variants = model.format !== 'terraform';
          const keys = new Set<string>();
          for (const r of group[direction])
            if (!r.implicit && families(r).includes(family))
              keys.add(variants ? r.key.replace(/#\d+$/, '') : r.key);
          if (keys.size <= RULES_PER_GROUP) continue;
          report({
            message: `${groupName(group)} has ${keys.size} ${direction === 'ingress' ? 'inbound' : 'outbound'} IPv${family} rules; AWS allows ${RULES_PER_GROUP} per group unless the quota was raised`,
            uri: group.uri,
            range: group.idRange,
            resource: group.address,
            group: group.address,
          });
        }
      }
    }
  },
};
