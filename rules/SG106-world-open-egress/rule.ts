import { groupName, joinList } from '../lib/describe';
import type { Segment } from '../lib/exposure';
import { exposesAllPorts, worldExposures } from '../lib/exposure';
import { segmentsText, whenText, worldRelated, worldSource } from '../lib/world';
import type { SgLintConfig } from '../config';
import type { RuleModule } from '../types';

/** World-open egress segments worth a note: everything but the public (web) ports, and ICMP unless configured. */
function reportable(segments: readonly Segment[], config: SgLintConfig): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.protocol === 'icmp' || s.protocol === 'icmpv6') {
      if (config.icmpIsExposure) out.push(s);
    } else if ('from' in s) {
      let start = s.from;
      for (const p of [...config.publicPorts].filter((x) => x >= s.from && x <= s.to).sort((a, b) => a - b)) {
        if (p > start) out.push({ protocol: s.protocol, from: start, to: p - 1 });
        start = p + 1;
      }
      if (start <= s.to) out.push({ protocol: s.protocol, from: start, to: s.to });
    } else out.push(s);
  }
  return out;
}

/** "the separate egress rule X does" / "the separate egress rules X and Y do". */
function describeSeparate(names: readonly string[]): string {
  return names.length > 1
    ? `the separate egress rules ${joinList(names)} do`
    : `the separate egress rule ${names[0]} does`;
}

export const rule: RuleModule = {
  meta: {
    id: 'SG106',
    name: 'world-open-egress',
    defaultSeverity: 'note',
    description:
      'Egress to the whole internet on all traffic (including the allow-all egress AWS adds to a CloudFormation group that declares no egress rules), or on a port that is not one of the public ports.',
    rationale:
      'Unrestricted egress lets a compromised instance reach any host: command-and-control, data exfiltration, pulling tools, sending spam. Declaring the destinations a workload needs makes those paths visible.',
    peerIds: {
      checkov: ['CKV_AWS_382'],
      cfn_nag: ['W5', 'F1000'],
      trivy: [
        'AVD-AWS-0104',
        'aws-ec2-no-public-egress-sgr',
        'aws-vpc-no-public-egress-sgr',
        'aws-vpc-no-public-egress-sg',
      ],
      kics: ['1cc2fbd7-816c-4fbf-ad6d-38a4afa4312a', '66f2d8f9-a911-4ced-ae27-34f09690bb2c'],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, config, report }) {
    for (const group of model.groups) {
      for (const e of worldExposures(group, 'egress')) {
        // An unmanaged default group's allow-all egress is part of what SG107 reports.
        if (e.rule.implicit && group.isDefault) continue;
        let message: string;
        if (e.rule.implicit) {
          const separate = group.egress.filter((r) => !r.implicit && !r.inline);
          message =
            separate.length > 0
              ? `${groupName(group)} declares no inline egress rules, so AWS adds an allow-all egress rule (all traffic to 0.0.0.0/0) when it creates the group; ${describeSeparate([...new Set(separate.map((r) => r.writtenIn))])} not remove it`
              : `${groupName(group)} declares no egress rules, so AWS allows all outbound traffic to 0.0.0.0/0`;
        } else if (e.segments.some((s) => s.protocol === 'all')) {
          message = `All outbound traffic is allowed to the world ${worldSource(e)}`;
        } else if (exposesAllPorts(e) && e.reach.kind === 'ports') {
          // Every port of the protocol: naming the public ports it skips around would only blur that.
          message = `All outbound ${e.reach.protocol} traffic (ports 0–65535) is allowed to the world ${worldSource(e)}`;
        } else {
          const open = reportable(e.segments, config);
          if (open.length === 0) continue;
          const what = segmentsText(open);
          message = `Outbound ${what.text} ${what.plural ? 'are' : 'is'} allowed to the world ${worldSource(e)}`;
        }
        report({
          message: `${message}${whenText(e)}`,
          uri: e.value.uri,
          range: e.value.range,
          resource: e.rule.writtenIn,
          group: group.address,
          related: e.rule.implicit ? [] : worldRelated(e),
          conditions: e.rule.conditions,
          ...(e.rule.implicit ? { absence: 'resource' as const } : {}),
        });
      }
    }
  },
};
