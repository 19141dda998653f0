/** Normalized identity of a rule's permission, for duplicate and shadow detection. */
import type { SgRule } from '../model';
import { parseCidr } from './cidr';
import type { ParsedCidr } from './cidr';

export type PeerIdentity =
  | { readonly kind: 'cidr'; readonly cidr: ParsedCidr }
  | { readonly kind: 'group'; readonly id: string }
  | { readonly kind: 'prefixList'; readonly id: string }
  | { readonly kind: 'self' };

export type ProtocolIdentity =
  | { readonly kind: 'all' }
  | { readonly kind: 'ports'; readonly protocol: 'tcp' | 'udp'; readonly from: number; readonly to: number }
  | {
      readonly kind: 'icmp';
      readonly protocol: 'icmp' | 'icmpv6';
      readonly type: number;
      readonly code: number;
    }
  | { readonly kind: 'number'; readonly number: number };

export interface Permission {
  readonly peer: PeerIdentity;
  readonly protocol: ProtocolIdentity;
  /** A string equal for exactly the same permission. */
  readonly key: string;
}

const permissions = new WeakMap<SgRule, Permission | null>();

/**
 * The permission a rule grants, or undefined when any part is unknown or invalid (cached per rule:
 * SG203 and SG207 both read it).
 */
export function permissionOf(rule: SgRule): Permission | undefined {
  let p = permissions.get(rule);
  if (p === undefined) permissions.set(rule, (p = computePermission(rule) ?? null));
  return p ?? undefined;
}

function computePermission(rule: SgRule): Permission | undefined {
  const protocol = protocolOf(rule);
  const peer = peerOf(rule);
  if (!protocol || !peer) return undefined;
  const pk =
    peer.kind === 'cidr'
      ? `cidr:${peer.cidr.canonical}`
      : peer.kind === 'self'
        ? 'self'
        : `${peer.kind}:${peer.id}`;
  const prk =
    protocol.kind === 'all'
      ? 'all'
      : protocol.kind === 'ports'
        ? `${protocol.protocol}:${protocol.from}-${protocol.to}`
        : protocol.kind === 'icmp'
          ? `${protocol.protocol}:${protocol.type}:${protocol.code}`
          : `p${protocol.number}`;
  return { peer, protocol, key: `${rule.direction}|${prk}|${pk}` };
}

function protocolOf(rule: SgRule): ProtocolIdentity | undefined {
  const p = rule.protocol;
  if (!p.known) return undefined;
  const v = p.value!;
  if (v === 'all') return { kind: 'all' };
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : { kind: 'number', number: v };
  const from = rule.fromPort;
  const to = rule.toPort;
  if (v === 'icmp' || v === 'icmpv6') {
    const type = from.known ? from.value! : !from.dependsOn && v === 'icmpv6' ? -1 : undefined;
    const code = to.known ? to.value! : !to.dependsOn && v === 'icmpv6' ? -1 : undefined;
    if (type === undefined || code === undefined || Number.isNaN(type) || Number.isNaN(code))
      return undefined;
    return { kind: 'icmp', protocol: v, type, code };
  }
  if (!from.known || !to.known) return undefined;
  const f = from.value!;
  const t = to.value!;
  if (!Number.isInteger(f) || !Number.isInteger(t) || f < 0 || t > 65535 || f > t) return undefined;
  return { kind: 'ports', protocol: v, from: f, to: t };
}

function peerOf(rule: SgRule): PeerIdentity | undefined {
  const p = rule.peer;
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6': {
      if (!p.cidr.known) return undefined;
      const parsed = parseCidr(String(p.cidr.value), p.kind === 'cidr4' ? 4 : 6);
      return parsed.ok ? { kind: 'cidr', cidr: parsed.cidr } : undefined;
    }
    case 'group':
      if (p.target) return { kind: 'group', id: p.target };
      return p.ref.known ? { kind: 'group', id: String(p.ref.value) } : undefined;
    case 'prefixList':
      return p.id.known ? { kind: 'prefixList', id: String(p.id.value) } : undefined;
    case 'self':
      return { kind: 'self' };
    case 'unknown':
      return undefined;
  }
}

/** Whether everything `inner` allows, `outer` allows too. */
export function covers(outer: Permission, inner: Permission): boolean {
  return protocolCovers(outer.protocol, inner.protocol) && peerCovers(outer.peer, inner.peer);
}

function protocolCovers(o: ProtocolIdentity, i: ProtocolIdentity): boolean {
  if (o.kind === 'all') return true;
  if (o.kind === 'ports')
    return i.kind === 'ports' && i.protocol === o.protocol && o.from <= i.from && i.to <= o.to;
  if (o.kind === 'icmp') {
    if (i.kind !== 'icmp' || i.protocol !== o.protocol) return false;
    if (o.type === -1) return true;
    return o.type === i.type && (o.code === -1 || o.code === i.code);
  }
  return i.kind === 'number' && i.number === o.number;
}

function peerCovers(o: PeerIdentity, i: PeerIdentity): boolean {
  if (o.kind === 'cidr')
    return (
      i.kind === 'cidr' &&
      i.cidr.family === o.cidr.family &&
      o.cidr.first <= i.cidr.first &&
      i.cidr.last <= o.cidr.last
    );
  if (o.kind === 'self') return i.kind === 'self';
  return i.kind === o.kind && i.id === o.id;
}
