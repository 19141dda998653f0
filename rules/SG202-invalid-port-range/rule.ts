import { conditionText } from '../lib/describe';
import type { Format, SgRule, Value } from '../model';
import type { FindingInput, RuleModule } from '../types';

type Report = Omit<FindingInput, 'resource' | 'uri' | 'group' | 'conditions'> & { uri?: string };

/** How the file names a rule's protocol and ports: messages speak the file's own language. */
interface FieldNames {
  readonly protocol: string;
  readonly from: string;
  readonly to: string;
}

const CLOUDFORMATION_NAMES: FieldNames = { protocol: 'IpProtocol', from: 'FromPort', to: 'ToPort' };
const TERRAFORM_NAMES: FieldNames = { protocol: 'protocol', from: 'from_port', to: 'to_port' };
/** aws_vpc_security_group_ingress_rule / _egress_rule call the protocol `ip_protocol`. */
const TERRAFORM_VPC_RULE_NAMES: FieldNames = { ...TERRAFORM_NAMES, protocol: 'ip_protocol' };

function namesOf(format: Format, rule: SgRule): FieldNames {
  if (format !== 'terraform') return CLOUDFORMATION_NAMES;
  return rule.writtenIn.startsWith('aws_vpc_security_group_') ? TERRAFORM_VPC_RULE_NAMES : TERRAFORM_NAMES;
}

/** Problems with a rule's protocol and ports, as AWS would report them. */
function problems(rule: SgRule, names: FieldNames): Report[] {
  const out: Report[] = [];
  if (rule.deployError) return [{ message: rule.deployError, range: rule.headRange }];
  const p = rule.protocol;
  if (!p.known) {
    if (!p.dependsOn)
      out.push({
        message: `The rule has no ${names.protocol}: AWS requires one (tcp, udp, icmp, icmpv6, -1 or a protocol number)`,
        range: rule.headRange,
        absence: 'resource',
      });
    return out;
  }
  const proto = p.value!;
  if (typeof proto === 'number' && Number.isNaN(proto)) {
    out.push({
      message:
        'The protocol is not one AWS accepts: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0–255',
      range: p.range,
      uri: p.uri,
    });
    return out;
  }
  if (proto === 'all' || typeof proto === 'number') {
    // AWS ignores ports for these and opens every port; -1/-1 (CloudFormation) and 0/0 (Terraform) are
    // the idioms for "no ports", anything else reads as a narrower rule than it is.
    const { fromPort: f, toPort: t } = rule;
    if (f.known && t.known && !(f.value === -1 && t.value === -1) && !(f.value === 0 && t.value === 0)) {
      const what = proto === 'all' ? 'protocol -1 (all traffic)' : `IP protocol ${proto}`;
      out.push({
        message: `${names.from} ${f.value} and ${names.to} ${t.value} are ignored with ${what}: AWS opens every port`,
        range: { start: Math.min(f.range.start, t.range.start), end: Math.max(f.range.end, t.range.end) },
        uri: f.uri,
        severity: 'warning',
      });
    }
    return out;
  }
  const { fromPort: from, toPort: to } = rule;
  const missing = (v: Value<number>): boolean => !v.known && !v.dependsOn;
  if (proto === 'tcp' || proto === 'udp') {
    if (missing(from) || missing(to)) {
      out.push({
        message: `A ${proto} rule needs both ${names.from} and ${names.to} (0–65535)`,
        range: rule.headRange,
        absence: 'resource',
      });
      return out;
    }
    for (const [v, name] of [
      [from, names.from],
      [to, names.to],
    ] as const) {
      if (!v.known) continue;
      const n = v.value!;
      if (Number.isNaN(n)) out.push({ message: `${name} is not a whole number`, range: v.range, uri: v.uri });
      else if (n === -1)
        out.push({
          message: `${name} -1 (all ports) is not valid for ${proto}: use 0–65535, or protocol -1 for all traffic`,
          range: v.range,
          uri: v.uri,
        });
      else if (n < 0 || n > 65535)
        out.push({ message: `${name} ${n} is outside 0–65535`, range: v.range, uri: v.uri });
    }
    if (out.length === 0 && from.known && to.known && from.value! > to.value!) {
      out.push({
        message: `${names.from} ${from.value} is greater than ${names.to} ${to.value}: AWS rejects the range`,
        range: from.range,
        uri: from.uri,
        fixes: [{ kind: 'swap-ports', title: `Swap to ${to.value}–${from.value}`, rule }],
      });
    }
    // 0/0 is the idiom for "no ports" with protocol -1; copied onto tcp/udp it opens port 0 alone, which
    // is never what was meant (terraform-provider-aws#27525 asks for exactly this warning).
    if (out.length === 0 && from.known && to.known && from.value === 0 && to.value === 0) {
      out.push({
        message: `${names.from} 0 and ${names.to} 0 open ${proto} port 0 only: every port is 0–65535 (0/0 means all only with protocol -1)`,
        range: {
          start: Math.min(from.range.start, to.range.start),
          end: Math.max(from.range.end, to.range.end),
        },
        uri: from.uri,
        severity: 'warning',
      });
    }
    return out;
  }
  // ICMP: FromPort is the type, ToPort the code; -1 means all.
  const label = proto === 'icmp' ? 'ICMP' : 'ICMPv6';
  if (missing(from) || missing(to)) {
    if (proto === 'icmp')
      out.push({
        message: `An ICMP rule needs ${names.from} (type) and ${names.to} (code); use -1 for all`,
        range: rule.headRange,
        absence: 'resource',
      });
    return out;
  }
  for (const [v, name] of [
    [from, `type (${names.from})`],
    [to, `code (${names.to})`],
  ] as const) {
    if (!v.known) continue;
    const n = v.value!;
    if (Number.isNaN(n))
      out.push({ message: `${label} ${name} is not a whole number`, range: v.range, uri: v.uri });
    else if (n < -1 || n > 255)
      out.push({ message: `${label} ${name} ${n} is outside -1–255`, range: v.range, uri: v.uri });
  }
  if (out.length === 0 && from.known && to.known && from.value === -1 && to.value !== -1) {
    out.push({
      message: `With all ${label} types (-1), the code must be -1 too`,
      range: to.range,
      uri: to.uri,
    });
  }
  return out;
}

export const rule: RuleModule = {
  meta: {
    id: 'SG202',
    name: 'invalid-port-range',
    defaultSeverity: 'error',
    description:
      'A protocol or port range AWS rejects: FromPort greater than ToPort, ports outside 0–65535, -1 with tcp/udp, missing ports, an ICMP type/code outside -1–255, or ports AWS reads differently than written (ports on protocol -1, tcp/udp 0/0).',
    rationale:
      'These rules fail at deploy time (or, in some tools, silently do something else); catching them while typing saves a failed rollout.',
    peerIds: { cfn_lint: ['E3687', 'E3688'] },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      for (const rule of [...group.ingress, ...group.egress]) {
        if (rule.implicit) continue;
        for (const p of problems(rule, namesOf(model.format, rule))) {
          report({
            ...p,
            message: `${p.message}${conditionText(rule.conditions)}`,
            uri: p.uri ?? rule.uri,
            resource: rule.writtenIn,
            group: group.address,
            conditions: rule.conditions,
          });
        }
      }
    }
  },
};
