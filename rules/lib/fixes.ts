import type { SgLintConfig } from '../config';
import type { Value } from '../model';
import type { FixIntent } from '../types';
import { parseCidr } from './cidr';

/** "Restrict to 10.0.0.0/8 (corp)" for each trusted CIDR of the value's address family. */
export function restrictFixes(value: Value<string>, family: 4 | 6, config: SgLintConfig): FixIntent[] {
  const out: FixIntent[] = [];
  for (const t of config.trustedCidrs) {
    const p = parseCidr(t.cidr, family);
    if (!p.ok) continue;
    const where = value.origin ? ` in ${value.origin.describe}` : '';
    out.push({
      kind: 'replace-value',
      title: `Restrict to ${p.cidr.canonical}${t.label ? ` (${t.label})` : ''}${where}`,
      target: value,
      newValue: p.cidr.canonical,
    });
  }
  return out;
}
