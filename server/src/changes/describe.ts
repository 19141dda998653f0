/**
 * A rule in words for the changes report: protocol, ports and peer as short strings, from the model
 * (resolved values, with where they came from) or from cloudformation-diff's own rule (as written, with
 * intrinsics rendered as `${X}`).
 */
import type { SgRule, Value } from '../../../rules/model';
import { parseCidr } from '../../../rules/lib/cidr';
import type { SecurityGroupRule } from '@aws-cdk/cloudformation-diff/lib/network/security-group-rule';
import type { LineIndex } from '../parse/lineIndex';
import type { ChangeLocation, RuleChange } from '../protocol';

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  '-1': 'all',
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};

export function normalizeProtocol(p: unknown): string {
  if (typeof p !== 'string' && typeof p !== 'number') return '?';
  const s = String(p).toLowerCase();
  if (s === '' || s === '*unknown*') return '?';
  return PROTOCOL_NUMBERS[s] ?? s;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

/** `22`, `8000-8100`, `all`, `type 8`, `type 3 code 4`, `?`. */
export function portsText(protocol: string, from: unknown, to: unknown): string {
  if (protocol === 'all') return 'all';
  const f = num(from);
  const t = num(to);
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    if (f === undefined) return '?';
    if (f === -1) return 'all';
    return t === undefined || t === -1 ? `type ${f}` : `type ${f} code ${t}`;
  }
  // Other IP protocols (ESP, GRE…) have no ports: AWS ignores what is written.
  if (/^\d+$/.test(protocol)) return 'all';
  if (f === undefined || t === undefined) return '?';
  return f === t ? `${f}` : `${f}-${t}`;
}

function valueText(v: Value<unknown>): string {
  if (v.known) return String(v.value);
  return v.dependsOn ? `? (depends on ${v.dependsOn})` : '?';
}

/** The rule's peer in words, and where a resolved value came from. */
function peerOf(rule: SgRule): { peer: string; peerSource?: string } {
  const p = rule.peer;
  const source = (v: Value<unknown>): { peerSource?: string } =>
    v.known && v.origin ? { peerSource: v.origin.describe } : {};
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6':
      return { peer: valueText(p.cidr), ...source(p.cidr) };
    case 'group':
      return {
        peer: `group ${p.target ?? valueText(p.ref)}`,
        ...(p.target ? {} : source(p.ref)),
      };
    case 'prefixList':
      return { peer: `prefix list ${valueText(p.id)}`, ...source(p.id) };
    case 'self':
      return { peer: 'itself' };
    case 'unknown':
      return { peer: '?' };
  }
}

export function locationOf(
  uri: string,
  lines: LineIndex,
  range: { start: number; end: number },
): ChangeLocation {
  return { uri, range: { start: lines.positionAt(range.start), end: lines.positionAt(range.end) } };
}

/** A model rule as a change, with its location when the side it comes from is the working tree. */
export function describeModelRule(rule: SgRule, lines?: LineIndex): RuleChange {
  const protocol = rule.protocol.known ? normalizeProtocol(rule.protocol.value) : '?';
  // ICMPv6 without ports is every type (CloudFormation and Terraform alike).
  const ports =
    protocol === 'icmpv6' && !rule.portsWritten
      ? 'all'
      : portsText(
          protocol,
          rule.fromPort.known ? rule.fromPort.value : undefined,
          rule.toPort.known ? rule.toPort.value : undefined,
        );
  const description = rule.description?.known ? rule.description.value : undefined;
  return {
    group: rule.group,
    direction: rule.direction,
    protocol,
    ports,
    ...peerOf(rule),
    ...(description ? { description } : {}),
    resource: rule.writtenIn,
    ...(lines ? { location: locationOf(rule.uri, lines, rule.headRange) } : {}),
  };
}

/** `${WebSG.GroupId}` and `${WebSG}` name the group WebSG; anything else is shown as written. */
function unwrapGroup(id: string): string {
  const m = /^\$\{([^.}]+)(?:\.GroupId)?\}$/.exec(id);
  return m ? m[1]! : id;
}

/** A rule as cloudformation-diff sees it, for a change the model cannot place. */
export function describeDiffRule(rule: SecurityGroupRule, direction: 'ingress' | 'egress'): RuleChange {
  const protocol = normalizeProtocol(rule.ipProtocol);
  const p = rule.peer;
  const peer = !p
    ? '?'
    : p.kind === 'cidr-ip'
      ? String(p.ip)
      : p.kind === 'security-group'
        ? `group ${unwrapGroup(String(p.securityGroupId))}`
        : `prefix list ${String(p.prefixListId)}`;
  return {
    group: unwrapGroup(String(rule.groupId)),
    direction,
    protocol,
    ports: portsText(protocol, rule.fromPort, rule.toPort),
    peer,
  };
}

/**
 * What makes two Terraform rules the same rule: group, direction, protocol, ports and peer (CIDRs in
 * canonical form). Descriptions and positions are not part of it.
 */
export function ruleIdentity(c: RuleChange): string {
  let peer = c.peer;
  const parsed = parseCidr(peer);
  if (parsed.ok) peer = parsed.cidr.canonical;
  return [c.group, c.direction, c.protocol, c.ports, peer].join('|');
}

/** One line: `ingress tcp 22 from 0.0.0.0/0 to BastionSG`. */
export function ruleLine(c: RuleChange): string {
  const traffic =
    c.protocol === 'all'
      ? 'all traffic'
      : c.ports === 'all' || c.ports === '?'
        ? `${c.protocol} ${c.ports === 'all' ? 'all ports' : '?'}`
        : `${c.protocol} ${c.ports}`;
  const peer = c.peerSource ? `${c.peer} (${c.peerSource})` : c.peer;
  return c.direction === 'ingress'
    ? `ingress ${traffic} from ${peer} to ${c.group}`
    : `egress ${traffic} from ${c.group} to ${peer}`;
}
