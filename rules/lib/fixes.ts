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
  for (const t of config.trustedCidrs) {
    const p = parseCidr(t.cidr, family);
    if (!p.ok) continue;
    out.push({
      kind: 'replace-value',
      title: `Restrict to ${p.cidr.canonical}${t.label ? ` (${t.label})` : ''}${where}`,
      target: value,
      newValue: p.cidr.canonical,
    });
  }
  out.push({ kind: 'ask-cidr', title: `Restrict to a CIDR…${where}`, target: value, family });
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
