/** Wording shared by rule messages, so every rule says "what is open to whom, and where it came from" alike. */
import type { NamedPortRange } from '../config';
import type { ConditionBranch, SecurityGroup, SgRule, Value } from '../model';
import type { RelatedInfo } from '../types';
import type { Segment } from './exposure';
import { describeReach, reachOf } from './reach';

/** "A", "A and B", "A, B and C", "A, B, C and 4 more". */
export function joinList(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > max + 1) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function portsText(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}

/** `0.0.0.0/0` or `0.0.0.0/0 from Parameter AdminCidr's default`. */
export function valueText(v: Value<unknown>): string {
  const text = String(v.value);
  return v.origin ? `${text} from ${v.origin.describe}` : text;
}

/** Related location for a value that was resolved elsewhere: the place a fix would edit. */
export function originRelated(v: Value<unknown>): RelatedInfo[] {
  return v.origin
    ? [
        {
          uri: v.origin.uri,
          range: v.origin.range,
          message: `${v.value === '' ? 'An empty value' : String(v.value)} is set here (${v.origin.describe})`,
        },
      ]
    : [];
}

/** " when condition IsProd is true", " when IsProd is true and UseVpn is false", or "". */
export function conditionText(conditions: readonly ConditionBranch[]): string {
  if (conditions.length === 0) return '';
  const parts = conditions.map((c) => `${c.name} is ${c.value}`);
  return conditions.length === 1 ? ` when condition ${parts[0]}` : ` when conditions ${joinList(parts, 4)}`;
}

/** The sensitive services a set of world-open segments reaches: "SSH (22)", "FTP (20–21)". */
export function sensitiveServices(
  segments: readonly Segment[],
  sensitive: readonly NamedPortRange[],
): string[] {
  const out: string[] = [];
  for (const p of sensitive) {
    const hit = segments.some(
      (s) => s.protocol === 'all' || ('from' in s && s.from <= p.to && p.from <= s.to),
    );
    if (hit) {
      // A configured port without a service name is named "port 8080" already: no "(8080)" after it.
      const label = /^ports? \d/.test(p.name) ? p.name : `${p.name} (${portsText(p.from, p.to)})`;
      if (!out.includes(label)) out.push(label);
    }
  }
  return out;
}

export function segmentText(s: Segment): string {
  if (s.protocol === 'all') return 'all traffic';
  if ('from' in s)
    return s.from === s.to ? `${s.protocol} port ${s.from}` : `${s.protocol} ports ${s.from}–${s.to}`;
  if (s.protocol === 'icmp') return 'ICMP';
  if (s.protocol === 'icmpv6') return 'ICMPv6';
  return `IP protocol ${s.protocol}`;
}

/** "tcp 22 from 10.0.0.0/8", "ICMP type 8 from 10.0.0.0/8" — a compact description of a rule for cross-references. */
export function ruleSummary(rule: SgRule): string {
  return `${trafficText(rule)} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peerText(rule)}`;
}

/**
 * Several rules written as one (a Terraform block whose `cidr_blocks` lists several CIDRs): "tcp 22 from
 * 10.0.0.0/8 and 192.168.0.0/16" when they share their traffic, else their summaries joined.
 */
export function rulesSummary(rules: readonly SgRule[]): string {
  const heads = new Set(rules.map((r) => `${trafficText(r)} ${r.direction === 'ingress' ? 'from' : 'to'}`));
  if (heads.size === 1) return `${[...heads][0]!} ${joinList(rules.map(peerText))}`;
  return joinList(rules.map(ruleSummary));
}

function peerText(rule: SgRule): string {
  const p = rule.peer;
  return p.kind === 'cidr4' || p.kind === 'cidr6'
    ? p.cidr.known
      ? String(p.cidr.value)
      : `a CIDR that depends on ${p.cidr.dependsOn ?? 'an unresolved value'}`
    : p.kind === 'group'
      ? `group ${p.ref.known ? String(p.ref.value) : (p.ref.dependsOn ?? 'unresolved')}`
      : p.kind === 'prefixList'
        ? `prefix list ${p.id.known ? String(p.id.value) : (p.id.dependsOn ?? 'unresolved')}`
        : p.kind === 'self'
          ? 'the group itself'
          : p.reason.startsWith('no ')
            ? rule.direction === 'ingress'
              ? 'no source'
              : 'no destination'
            : 'several peers at once';
}

/** The rule's traffic; for ICMP with its type and code, which is what tells two ICMP rules apart. */
function trafficText(rule: SgRule): string {
  const reach = reachOf(rule);
  if (reach.kind !== 'icmp') return describeReach(reach);
  const label = describeReach(reach);
  // AWS lets an ICMPv6 rule omit type and code: that means all of them.
  const type = rule.fromPort.known
    ? rule.fromPort.value
    : reach.protocol === 'icmpv6' && !rule.fromPort.dependsOn
      ? -1
      : undefined;
  const code = rule.toPort.known
    ? rule.toPort.value
    : reach.protocol === 'icmpv6' && !rule.toPort.dependsOn
      ? -1
      : undefined;
  if (type === undefined || Number.isNaN(type)) return label;
  if (type === -1) return `all ${label}`;
  return code === undefined || Number.isNaN(code) || code === -1
    ? `${label} type ${type}`
    : `${label} type ${type} code ${code}`;
}

/** The group as messages name it: `WebSG`, or `the default security group of Vpc`. */
export function groupName(group: SecurityGroup): string {
  if (!group.isDefault) return group.address;
  // `Vpc.DefaultSecurityGroup` (CloudFormation GetAtt), `aws_vpc.main.default_security_group` (a VPC whose
  // default group Terraform does not manage), or the managing `aws_default_security_group` itself.
  const vpc = /^(.*)\.(DefaultSecurityGroup|default_security_group)$/.exec(group.address);
  return vpc ? `the default security group of ${vpc[1]}` : `the default security group ${group.address}`;
}
