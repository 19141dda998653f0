import { TRIVY_PUBLIC_INGRESS } from '../lib/peers';
import { segmentPorts } from '../lib/ports';
import { conditionText } from '../lib/describe';
import { exposesAllPorts, unresolvedExposures, worldExposures } from '../lib/exposure';
import { limitPortsFix, restrictFixes } from '../lib/fixes';
import { isAllPorts } from '../lib/reach';
import { whenText, worldRelated, worldSource } from '../lib/world';
import type { RuleModule } from '../types';

export const rule: RuleModule = {
  meta: {
    id: 'SG102',
    name: 'world-open-all-ports',
    defaultSeverity: 'error',
    description: 'Ingress from the whole internet on every port: protocol all (-1), or tcp/udp 0–65535.',
    rationale:
      'A group open to the world on all ports exposes every service on every attached instance, including ones started later; there is no legitimate public service that needs it.',
    peerIds: {
      checkov: ['CKV_AWS_277'],
      cfn_nag: ['W2', 'W42'],
      trivy: TRIVY_PUBLIC_INGRESS,
      kics: [
        'adcd0082-e90b-4b63-862b-21899f6e6a48',
        'e415f8d3-fc2b-4f52-88ab-1129e8c8d3f5',
        '4728cd65-a20c-49da-8b31-9c08b423e4db',
        '4a1e6b34-1008-4e61-a5f2-1f7c276f8d14',
      ],
      cdk_nag: ['AwsSolutions-EC23'],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, config, report }) {
    for (const group of model.groups) {
      for (const e of worldExposures(group, 'ingress')) {
        if (!exposesAllPorts(e)) continue;
        const what =
          e.reach.kind === 'all'
            ? 'All traffic (every protocol and port) is open to the world'
            : `Every ${e.reach.kind === 'ports' ? e.reach.protocol : ''} port (0–65535) is open to the world`;
        report({
          message: `${what} ${worldSource(e)}${whenText(e)}`,
          uri: e.value.uri,
          range: e.value.range,
          resource: e.rule.writtenIn,
          group: group.address,
          related: worldRelated(e),
          fixes: [...restrictFixes(e.rule, e.value, e.cidr.family, config, model), ...limitPortsFix(e.rule)],
          ports: segmentPorts(e.segments),
          conditions: e.rule.conditions,
        });
      }
      if (config.reportUnresolved !== 'note') continue;
      for (const u of unresolvedExposures(group)) {
        if (!u.unknownCidr || !isAllPorts(u.reach)) continue;
        report({
          message: `Cannot tell whether all ports are open to the world: the CIDR depends on ${u.dependsOn}${conditionText(u.rule.conditions)}`,
          uri: u.unknownCidr.uri,
          range: u.unknownCidr.range,
          resource: u.rule.writtenIn,
          group: group.address,
          severity: 'note',
          conditions: u.rule.conditions,
        });
      }
    }
  },
};
