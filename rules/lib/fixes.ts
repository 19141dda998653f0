import type { SgLintConfig } from '../config';
import type { SgRule, TemplateModel, Value } from '../model';
import type { FixIntent } from '../types';
import { parseCidr } from './cidr';

/**
 * The ways to narrow a rule's world or broad CIDR: "Restrict to 10.0.0.0/8 (corp)" for each trusted CIDR
 * of the value's address family, "Restrict to a CIDR…" (the user types one), and "Allow a security group
 * instead…" when the template or module declares other groups to pick from.
 */
export function restrictFixes(
  rule: SgRule,
  value: Value<string>,
  family: 4 | 6,
  config: SgLintConfig,
  model: TemplateModel,
): FixIntent[] {
  const out: FixIntent[] = [];
  const where = value.origin ? ` in ${value.origin.describe}` : '';
  const taken = siblingCidrs(rule, family, model);
  for (const t of config.trustedCidrs) {
    const p = parseCidr(t.cidr, family);
    if (!p.ok) continue;
    // The same traffic from that CIDR is already allowed by a sibling rule: restricting this one to it
    // would make a duplicate AWS rejects; this rule can simply go.
    if (taken.has(p.cidr.canonical) && !value.origin) {
      // A Terraform block with several CIDRs is one rule per CIDR: only this CIDR leaves its list.
      const listed = model.format === 'terraform' && rule.key.includes('#');
      if (!out.some((f) => f.kind === 'remove-rule'))
        out.push({
          kind: 'remove-rule',
          title: listed
            ? `Remove ${String(value.value)} from the list (${p.cidr.canonical} is already allowed)`
            : `Remove this rule (another rule already allows it from ${p.cidr.canonical})`,
          rule,
        });
      continue;
    }
    if (taken.has(p.cidr.canonical)) continue;
    out.push({
      kind: 'replace-value',
      title: `Restrict to ${p.cidr.canonical}${t.label ? ` (${t.label})` : ''}${where}`,
      target: value,
      newValue: p.cidr.canonical,
    });
  }
  out.push({
    kind: 'ask-cidr',
    title: `Restrict to a CIDR…${where}`,
    target: value,
    family,
    ...(taken.size ? { taken: [...taken] } : {}),
  });
  const candidates = referenceCandidates(rule, model);
  if (candidates.length > 0)
    out.push({
      kind: 'reference-group',
      title: `Allow a security group instead of ${value.value ?? 'the CIDR'}…`,
      rule,
      candidates,
    });
  return out;
}

/**
 * The CIDRs (canonical) of the other rules of the same group with the same direction, protocol and
 * ports: restricting this rule to one of them would duplicate that rule.
 */
function siblingCidrs(rule: SgRule, family: 4 | 6, model: TemplateModel): Set<string> {
  const out = new Set<string>();
  const group = model.groups.find((g) => g.address === rule.group);
  if (!group) return out;
  const same = (a: Value<unknown>, b: Value<unknown>): boolean => a.known && b.known && a.value === b.value;
  for (const other of group[rule.direction]) {
    if (other === rule || other.implicit || other.peer.kind !== rule.peer.kind) continue;
    if (
      !same(other.protocol, rule.protocol) ||
      !same(other.fromPort, rule.fromPort) ||
      !same(other.toPort, rule.toPort)
    )
      continue;
    const peer = other.peer;
    if ((peer.kind !== 'cidr4' && peer.kind !== 'cidr6') || !peer.cidr.known) continue;
    const parsed = parseCidr(String(peer.cidr.value), family);
    if (parsed.ok) out.add(parsed.cidr.canonical);
  }
  return out;
}

/** Groups a rule could name instead of a CIDR: the others declared in the same template or module (any file of it). */
function referenceCandidates(rule: SgRule, model: TemplateModel): string[] {
  if (rule.implicit) return [];
  return model.groups
    .filter((g) => !g.synthetic && !g.isDefault && g.address !== rule.group)
    .map((g) => g.address);
}

/** "Limit to ports…": for a rule of every protocol or a wide port range the user can narrow. */
export function limitPortsFix(rule: SgRule): FixIntent[] {
  return rule.implicit ? [] : [{ kind: 'limit-ports', title: 'Limit to ports…', rule }];
}
