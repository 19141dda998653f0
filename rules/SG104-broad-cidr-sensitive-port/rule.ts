import { reachPorts } from '../lib/ports';
import { isPrivate, sizeText } from '../lib/cidr';
import { conditionText, joinList, originRelated, sensitiveServices, valueText } from '../lib/describe';
import { cidrItems, worldExposures } from '../lib/exposure';
import { restrictFixes } from '../lib/fixes';
import type { Segment } from '../lib/exposure';
import type { RuleModule } from '../types';

export const rule: RuleModule = {
  meta: {
    id: 'SG104',
    name: 'broad-cidr-sensitive-port',
    defaultSeverity: 'warning',
    description:
      'Ingress to a sensitive port from a public CIDR broader than maxPublicPrefix (default /24; /48 for IPv6), or from a private CIDR broader than maxPrivatePrefix (off by default).',
    rationale:
      'A /8 or /16 of someone else\'s address space is not "our office": it is millions of hosts. Sensitive ports should be open to the narrowest ranges that need them.',
    peerIds: {
      cfn_nag: ['W9'],
      kics: ['e35c16a2-d54e-419d-8546-a804d8e024d0', '92fe237e-074c-4262-81a4-2077acb928c1'],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, config, report }) {
    for (const group of model.groups) {
      // Rules that already make a port world-open are SG101's.
      const world = new Set(worldExposures(group, 'ingress').map((e) => e.rule));
      for (const item of cidrItems(group, 'ingress')) {
        if (world.has(item.rule) || item.cidr.prefix === 0) continue;
        const priv = isPrivate(item.cidr);
        const limit = priv
          ? item.cidr.family === 4
            ? config.maxPrivatePrefix
            : null
          : item.cidr.family === 4
            ? config.maxPublicPrefix
            : config.maxPublicPrefixV6;
        if (limit === null || item.cidr.prefix >= limit) continue;
        const r = item.reach;
        const segs: Segment[] =
          r.kind === 'all'
            ? [{ protocol: 'all' }]
            : r.kind === 'ports'
              ? [{ protocol: r.protocol, from: r.from, to: r.to }]
              : [];
        const services = sensitiveServices(segs, config.sensitivePorts);
        if (services.length === 0) continue;
        const kind = priv ? 'private' : 'public';
        report({
          message: `${joinList(services)} ${services.length > 1 ? 'are' : 'is'} open to ${valueText(item.value)}, a ${kind} range of ${sizeText(item.cidr)} (broader than /${limit})${conditionText(item.rule.conditions)}`,
          uri: item.value.uri,
          range: item.value.range,
          resource: item.rule.writtenIn,
          group: group.address,
          related: originRelated(item.value),
          fixes: restrictFixes(item.rule, item.value, item.cidr.family, config, model),
          ports: reachPorts(item.reach),
          conditions: item.rule.conditions,
        });
      }
    }
  },
};
