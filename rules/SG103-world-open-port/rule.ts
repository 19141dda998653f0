import { TRIVY_PUBLIC_INGRESS } from '../lib/peers';
import { segmentPorts } from '../lib/ports';
import { conditionText } from '../lib/describe';
import type { Segment } from '../lib/exposure';
import { exposesAllPorts, unresolvedExposures, worldExposures } from '../lib/exposure';
import { restrictFixes } from '../lib/fixes';
import { describeReach, isAllPorts } from '../lib/reach';
import { sensitiveServices } from '../lib/describe';
import { segmentsText, whenText, worldRelated, worldSource } from '../lib/world';
import type { SgLintConfig } from '../config';
import type { RuleModule } from '../types';

/** The parts of world-open segments that are neither sensitive (SG101) nor listed as public. */
function nonPublic(segments: readonly Segment[], config: SgLintConfig): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.protocol === 'icmp' || s.protocol === 'icmpv6') {
      if (config.icmpIsExposure) out.push(s);
      continue;
    }
    if (!('from' in s)) {
      out.push(s);
      continue;
    }
    // Split the range around public ports.
    const publicPorts = [...config.publicPorts].filter((p) => p >= s.from && p <= s.to).sort((a, b) => a - b);
    let start = s.from;
    for (const p of publicPorts) {
      if (p > start) out.push({ protocol: s.protocol, from: start, to: p - 1 });
      start = p + 1;
    }
    if (start <= s.to) out.push({ protocol: s.protocol, from: start, to: s.to });
  }
  return out;
}

export const rule: RuleModule = {
  meta: {
    id: 'SG103',
    name: 'world-open-port',
    defaultSeverity: 'warning',
    description:
      'Ingress from the whole internet to a port that is not one of the public ports (default 80 and 443).',
    rationale:
      'Every port open to the internet is attack surface. Web ports are expected to be public; anything else should be reachable only from known networks or through a load balancer.',
    peerIds: {
      checkov: ['CKV_AWS_260'],
      cfn_nag: ['W2'],
      trivy: TRIVY_PUBLIC_INGRESS,
      kics: [
        'ffac8a12-322e-42c1-b9b9-81ff85c39ef7',
        '590d878b-abdc-428f-895a-e2b68a0e1998',
        '4728cd65-a20c-49da-8b31-9c08b423e4db',
        'ddfc4eaa-af23-409f-b96c-bf5c45dc4daa',
        '829ce3b8-065c-41a3-ad57-e0accfea82d2',
        '4a1e6b34-1008-4e61-a5f2-1f7c276f8d14',
      ],
      cdk_nag: ['AwsSolutions-EC23'],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, config, report }) {
    for (const group of model.groups) {
      for (const e of worldExposures(group, 'ingress')) {
        if (exposesAllPorts(e)) continue; // SG102
        if (sensitiveServices(e.segments, config.sensitivePorts).length > 0) continue; // SG101
        const open = nonPublic(e.segments, config);
        if (open.length === 0) continue;
        const what = segmentsText(open);
        report({
          message: `${what.text} ${what.plural ? 'are' : 'is'} open to the world ${worldSource(e)}${whenText(e)}`,
          uri: e.value.uri,
          range: e.value.range,
          resource: e.rule.writtenIn,
          group: group.address,
          related: worldRelated(e),
          fixes: restrictFixes(e.rule, e.value, e.cidr.family, config, model),
          ports: segmentPorts(e.segments),
          conditions: e.rule.conditions,
        });
      }
      if (config.reportUnresolved !== 'note') continue;
      for (const u of unresolvedExposures(group)) {
        if (!u.unknownCidr || isAllPorts(u.reach)) continue;
        const reach = u.reach;
        const segs: Segment[] =
          reach.kind === 'ports' ? [{ protocol: reach.protocol, from: reach.from, to: reach.to }] : [];
        if (sensitiveServices(segs, config.sensitivePorts).length > 0) continue; // SG101 notes it
        if (reach.kind === 'ports' && nonPublic(segs, config).length === 0) continue;
        if (reach.kind === 'icmp' && !config.icmpIsExposure) continue;
        report({
          message: `Cannot tell whether ${describeReach(reach)} is open to the world: the CIDR depends on ${u.dependsOn}${conditionText(u.rule.conditions)}`,
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
