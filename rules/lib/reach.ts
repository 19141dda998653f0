/**
 * What traffic a rule lets through, as far as ports go: all traffic, a tcp/udp port range, ICMP, a
 * protocol without ports, or something we cannot tell (an unknown or invalid value).
 */
import type { SgRule } from '../model';

export type Reach =
  | { readonly kind: 'all' }
  | { readonly kind: 'ports'; readonly protocol: 'tcp' | 'udp'; readonly from: number; readonly to: number }
  | { readonly kind: 'icmp'; readonly protocol: 'icmp' | 'icmpv6' }
  /** An IP protocol other than tcp/udp/icmp: AWS opens all of it regardless of ports. */
  | { readonly kind: 'protocol'; readonly number: number }
  | { readonly kind: 'unknown'; readonly dependsOn?: string }
  /** Values AWS rejects (SG202 reports them): no traffic is allowed by this rule. */
  | { readonly kind: 'invalid' };

export const MAX_PORT = 65535;

const isPortNumber = (n: number | undefined): n is number =>
  n !== undefined && Number.isInteger(n) && n >= 0 && n <= MAX_PORT;

export function reachOf(rule: SgRule): Reach {
  // A rule the format's tool refuses (`deployError`: Terraform's inline protocol -1 with ports) opens
  // nothing yet. When its ports span every port what it asks for is plain, all traffic (the 0/0 the
  // error asks for keeps exactly that), so it counts as such; narrower ports may mean tcp was meant.
  if (rule.deployError && !spansEveryPort(rule)) return { kind: 'invalid' };
  const p = rule.protocol;
  if (!p.known) return { kind: 'unknown', dependsOn: p.dependsOn };
  const proto = p.value!;
  if (proto === 'all') return { kind: 'all' };
  if (proto === 'icmp' || proto === 'icmpv6') return { kind: 'icmp', protocol: proto };
  if (typeof proto === 'number')
    return Number.isNaN(proto) ? { kind: 'invalid' } : { kind: 'protocol', number: proto };
  const { fromPort, toPort } = rule;
  // An unknown port with nothing it depends on was not written at all: AWS rejects tcp/udp without ports.
  for (const port of [fromPort, toPort]) {
    if (!port.known)
      return port.dependsOn ? { kind: 'unknown', dependsOn: port.dependsOn } : { kind: 'invalid' };
  }
  const from = fromPort.value;
  const to = toPort.value;
  // tcp/udp with -1/-1 is invalid (SG202 says so), but tools and people read it as "all ports": count the
  // exposure as such rather than miss it.
  if (from === -1 && to === -1) return { kind: 'ports', protocol: proto, from: 0, to: MAX_PORT };
  if (!isPortNumber(from) || !isPortNumber(to) || from > to) return { kind: 'invalid' };
  return { kind: 'ports', protocol: proto, from, to };
}

function spansEveryPort(rule: SgRule): boolean {
  const { fromPort: from, toPort: to } = rule;
  return from.known && to.known && from.value! <= 0 && to.value! >= MAX_PORT;
}

/** Number of ports a reach opens (all traffic and port-less protocols count as every port). */
export function portCount(r: Reach): number {
  if (r.kind === 'ports') return r.to - r.from + 1;
  if (r.kind === 'all') return MAX_PORT + 1;
  return 0;
}

export function isAllPorts(r: Reach): boolean {
  return r.kind === 'all' || (r.kind === 'ports' && r.from === 0 && r.to === MAX_PORT);
}

/** "tcp 22", "udp 1000–2000", "all traffic", "icmp", "protocol 47". */
export function describeReach(r: Reach): string {
  switch (r.kind) {
    case 'all':
      return 'all traffic';
    case 'ports':
      return r.from === r.to ? `${r.protocol} ${r.from}` : `${r.protocol} ${r.from}–${r.to}`;
    case 'icmp':
      return r.protocol === 'icmp' ? 'ICMP' : 'ICMPv6';
    case 'protocol':
      return `IP protocol ${r.number}${PROTOCOL_NAMES[r.number] ? ` (${PROTOCOL_NAMES[r.number]})` : ''}`;
    case 'unknown':
      return `traffic that depends on ${r.dependsOn ?? 'an unresolved value'}`;
    case 'invalid':
      return 'no valid traffic';
  }
}

const PROTOCOL_NAMES: Record<number, string> = {
  0: 'HOPOPT',
  2: 'IGMP',
  4: 'IP-in-IP',
  41: 'IPv6',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  89: 'OSPF',
  132: 'SCTP',
};
