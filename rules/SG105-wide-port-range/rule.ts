import { limitPortsFix } from '../lib/fixes';
import { reachPorts } from '../lib/ports';
import { conditionText, originRelated, valueText } from '../lib/describe';
import { cidrItems, exposesAllPorts, worldExposures } from '../lib/exposure';
import { portCount } from '../lib/reach';
import type { SgRule, TextRange } from '../model';
import type { RuleModule } from '../types';

/** FromPort and ToPort together when they sit in one place, else FromPort alone. */
function portsRange(rule: SgRule): TextRange {
  const a = rule.fromPort.range;
  const b = rule.toPort.range;
  if (rule.fromPort.uri !== rule.toPort.uri || Math.abs(a.start - b.start) > 200) return a;
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export const rule: RuleModule = {
  meta: {
    id: 'SG105',
    name: 'wide-port-range',
    defaultSeverity: 'warning',
    description:
      'Ingress from a CIDR to more than maxPortRange ports (default 100), including protocol all (-1) from a CIDR that is not the whole internet.',
    rationale:
      'Services listen on a few ports. A wide range, or all protocols, opens whatever else happens to listen on the instance, now or later; name the ports that are needed.',
    peerIds: {
      cfn_nag: ['W27', 'W42'],
      kics: ['87482183-a8e7-4e42-a566-7a23ec231c16', '1a427b25-2e9e-4298-9530-0499a55e736b'],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, config, report }) {
    for (const group of model.groups) {
      // World exposure of every port is SG102's finding: this rule adds nothing to it.
      const allOpen = new Set(
        worldExposures(group, 'ingress')
          .filter(exposesAllPorts)
          .map((e) => e.rule),
      );
      for (const item of cidrItems(group, 'ingress')) {
        if (allOpen.has(item.rule)) continue;
        const r = item.reach;
        const count = portCount(r);
        if (count <= config.maxPortRange) continue;
        const what =
          r.kind === 'all'
            ? 'All protocols and ports are'
            : r.kind === 'ports'
              ? `${count} ${r.protocol} ports (${r.from}–${r.to}) are`
              : `${count} ports are`;
        report({
          message: `${what} open to ${valueText(item.value)}; at most ${config.maxPortRange} ${config.maxPortRange === 1 ? 'port is' : 'ports are'} expected per rule${conditionText(item.rule.conditions)}`,
          uri: r.kind === 'all' ? item.rule.protocol.uri : item.rule.fromPort.uri,
          range: r.kind === 'all' ? item.rule.protocol.range : portsRange(item.rule),
          resource: item.rule.writtenIn,
          group: group.address,
          related: originRelated(item.value),
          ports: reachPorts(item.reach),
          fixes: limitPortsFix(item.rule),
          conditions: item.rule.conditions,
        });
      }
    }
  },
};
