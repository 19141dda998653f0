/** The rule registry: every rule, in id order, and the reverse index of peer tools' ids. */
import { rule as SG000 } from './SG000-parse-error/rule';
import { rule as SG101 } from './SG101-world-open-sensitive-port/rule';
import { rule as SG102 } from './SG102-world-open-all-ports/rule';
import { rule as SG103 } from './SG103-world-open-port/rule';
import { rule as SG104 } from './SG104-broad-cidr-sensitive-port/rule';
import { rule as SG105 } from './SG105-wide-port-range/rule';
import { rule as SG106 } from './SG106-world-open-egress/rule';
import { rule as SG107 } from './SG107-default-group-has-rules/rule';
import { rule as SG108 } from './SG108-missing-description/rule';
import { rule as SG109 } from './SG109-unused-group/rule';
import { rule as SG110 } from './SG110-group-without-vpc/rule';
import { rule as SG201 } from './SG201-invalid-cidr/rule';
import { rule as SG202 } from './SG202-invalid-port-range/rule';
import { rule as SG203 } from './SG203-duplicate-rule/rule';
import { rule as SG204 } from './SG204-unknown-group-reference/rule';
import { rule as SG205 } from './SG205-mixed-inline-and-standalone-rules/rule';
import { rule as SG206 } from './SG206-rule-quota/rule';
import { rule as SG207 } from './SG207-shadowed-rule/rule';
import type { PeerIds, RuleModule } from './types';

export const RULES: readonly RuleModule[] = [
  SG000,
  SG101,
  SG102,
  SG103,
  SG104,
  SG105,
  SG106,
  SG107,
  SG108,
  SG109,
  SG110,
  SG201,
  SG202,
  SG203,
  SG204,
  SG205,
  SG206,
  SG207,
];

const byId = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): RuleModule | undefined {
  return byId.get(id);
}

/** The folder of a rule (`SG101-world-open-sensitive-port`), where its docs and examples live. */
export function ruleFolder(id: string): string {
  const r = byId.get(id);
  return r ? `${r.meta.id}-${r.meta.name}` : id;
}

let peers: Map<string, string[]> | undefined;

/**
 * `tool:peerId` → the sg-lint rule ids that mean the same. Tools: checkov, trivy (also tfsec's ids),
 * cfn_nag, cfn_lint, kics, cdk_nag. Peer ids are matched case-insensitively for trivy (as trivy does).
 */
export function peerIndex(): ReadonlyMap<string, string[]> {
  if (peers) return peers;
  const index = new Map<string, string[]>();
  for (const r of RULES) {
    for (const [tool, ids] of Object.entries(r.meta.peerIds) as [keyof PeerIds, readonly string[]][]) {
      for (const id of ids) {
        for (const key of [
          `${tool}:${id}`,
          ...(tool === 'trivy' ? [`trivy:${id.toLowerCase()}`, `trivy:${id.toUpperCase()}`] : []),
        ]) {
          const list = index.get(key) ?? [];
          if (!list.includes(r.meta.id)) list.push(r.meta.id);
          index.set(key, list);
        }
      }
    }
  }
  peers = index;
  return index;
}
