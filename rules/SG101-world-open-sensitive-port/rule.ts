import { TRIVY_PUBLIC_INGRESS } from '../lib/peers';
import { segmentPorts } from '../lib/ports';
import { conditionText, joinList, sensitiveServices, valueText } from '../lib/describe';
import { exposesAllPorts, unresolvedExposures, worldExposures } from '../lib/exposure';
import { restrictFixes } from '../lib/fixes';
import { isAllPorts } from '../lib/reach';
import { segmentsText, whenText, worldRelated, worldSource } from '../lib/world';
import type { RuleModule } from '../types';

export const rule: RuleModule = {
  meta: {
    id: 'SG101',
    name: 'world-open-sensitive-port',
    defaultSeverity: 'error',
    description: 'Ingress from the whole internet to an administration, database or file-sharing port.',
    rationale:
      'Ports such as SSH, RDP, database and cache ports are scanned continuously; exposing them to 0.0.0.0/0 or ::/0 invites brute force and exploitation of the service behind them.',
    peerIds: {
      checkov: ['CKV_AWS_24', 'CKV_AWS_25'],
      trivy: TRIVY_PUBLIC_INGRESS,
      cfn_nag: ['W2'],
      kics: [
        '381c3f2a-ef6f-4eff-99f7-b169cda3422c',
        '151187cb-0efc-481c-babd-ad24e3c9bc22',
        '65905cec-d691-4320-b320-2000436cb696',
        '54c417bf-c762-48b9-9d31-b3d87047e3f0',
        '494b03d3-bf40-4464-8524-7c56ad0700ed',
        'c9846969-d066-431f-9b34-8c4abafe422a',
        '3ae83918-7ec7-4cb8-80db-b91ef0f94002',
        '6e856af2-62d7-4ba2-adc1-73b62cef9cc1',
        'cdbb0467-2957-4a77-9992-7b55b29df7b7',
      ],
      cdk_nag: [
        'AwsSolutions-EC23',
        'HIPAA.Security-EC2RestrictedSSH',
        'NIST.800.53.R5-EC2RestrictedSSH',
        'PCI.DSS.321-EC2RestrictedSSH',
        'NIST.800.53.R5-EC2RestrictedCommonPorts',
      ],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, config, report }) {
    for (const group of model.groups) {
      for (const e of worldExposures(group, 'ingress')) {
        if (exposesAllPorts(e)) continue; // SG102 says it
        const services = sensitiveServices(e.segments, config.sensitivePorts);
        if (services.length === 0) continue;
        // One sensitive range opened exactly reads best as its service; anything else names the ports first.
        const only = e.segments.length === 1 ? e.segments[0]! : undefined;
        const exact =
          services.length === 1 &&
          only !== undefined &&
          'from' in only &&
          config.sensitivePorts.some((p) => p.from === only.from && p.to === only.to);
        const open = segmentsText(e.segments);
        const subject = exact ? services[0]! : open.text;
        const including = exact ? '' : `, including ${joinList(services)}`;
        report({
          message: `${subject} ${!exact && open.plural ? 'are' : 'is'} open to the world ${worldSource(e)}${whenText(e)}${including}`,
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
        if (u.unknownCidr) {
          if (isAllPorts(u.reach)) continue; // SG102 reports it
          const services =
            u.reach.kind === 'ports'
              ? sensitiveServices(
                  [{ protocol: u.reach.protocol, from: u.reach.from, to: u.reach.to }],
                  config.sensitivePorts,
                )
              : [];
          if (services.length === 0) continue;
          report({
            message: `Cannot tell whether ${joinList(services)} ${services.length > 1 ? 'are' : 'is'} open to the world: the CIDR depends on ${u.dependsOn}${conditionText(u.rule.conditions)}`,
            uri: u.unknownCidr.uri,
            range: u.unknownCidr.range,
            resource: u.rule.writtenIn,
            group: group.address,
            severity: 'note',
            conditions: u.rule.conditions,
          });
        } else if (u.worldCidr) {
          report({
            message: `Cannot tell whether a sensitive port is open to the world (${valueText(u.worldCidr)}): the ${u.rule.protocol.known ? 'ports depend' : 'protocol depends'} on ${u.dependsOn}${conditionText(u.rule.conditions)}`,
            uri: u.worldCidr.uri,
            range: u.worldCidr.range,
            resource: u.rule.writtenIn,
            group: group.address,
            severity: 'note',
            conditions: u.rule.conditions,
          });
        }
      }
    }
  },
};
