/**
 * World exposure by real CIDR math: for one group and direction, which rules take part in letting the
 * whole IPv4 or IPv6 space reach which ports. The CIDRs of all rules of the group that allow a given
 * port are unioned, so `0.0.0.0/0`, `1.0.0.0/0` and `0.0.0.0/1` + `128.0.0.0/1` are all "the world".
 * Rules under contradicting conditions (the two branches of one `Fn::If`) are never unioned together.
 * Results are cached per group, since SG101, SG102, SG103 and SG106 all read them.
 */
import type { ConditionBranch, Direction, SecurityGroup, SgRule, Value } from '../model';
import type { ParsedCidr } from './cidr';
import { contains, coversWholeSpace, parseCidr } from './cidr';
import type { Reach } from './reach';
import { MAX_PORT, reachOf } from './reach';

export type Segment =
  | { readonly protocol: 'tcp' | 'udp'; readonly from: number; readonly to: number }
  | { readonly protocol: 'icmp' | 'icmpv6' }
  | { readonly protocol: number }
  | { readonly protocol: 'all' };

export interface CidrItem {
  readonly rule: SgRule;
  readonly value: Value<string>;
  readonly cidr: ParsedCidr;
  readonly reach: Reach;
}

export interface WorldExposure extends CidrItem {
  /** Other rules whose CIDRs complete the address space together with this one (empty: alone). */
  readonly partners: readonly SgRule[];
  /** What this rule lets the world reach. */
  readonly segments: readonly Segment[];
}

const itemsCache = new WeakMap<SecurityGroup, Map<Direction, CidrItem[]>>();

/** Rules with a known, valid CIDR peer and a known, valid reach (cached per group: several rules read them). */
export function cidrItems(group: SecurityGroup, direction: Direction): CidrItem[] {
  let byDir = itemsCache.get(group);
  if (!byDir) itemsCache.set(group, (byDir = new Map<Direction, CidrItem[]>()));
  let items = byDir.get(direction);
  if (!items) byDir.set(direction, (items = computeCidrItems(group, direction)));
  return items;
}

function computeCidrItems(group: SecurityGroup, direction: Direction): CidrItem[] {
  const out: CidrItem[] = [];
  for (const rule of group[direction]) {
    const peer = rule.peer;
    if ((peer.kind !== 'cidr4' && peer.kind !== 'cidr6') || !peer.cidr.known) continue;
    const parsed = parseCidr(peer.cidr.value!, peer.kind === 'cidr4' ? 4 : 6);
    if (!parsed.ok) continue;
    const reach = reachOf(rule);
    if (reach.kind === 'invalid' || reach.kind === 'unknown') continue;
    out.push({ rule, value: peer.cidr, cidr: parsed.cidr, reach });
  }
  return out;
}

const cache = new WeakMap<SecurityGroup, Map<Direction, WorldExposure[]>>();

export function worldExposures(group: SecurityGroup, direction: Direction): WorldExposure[] {
  let byDir = cache.get(group);
  if (!byDir) cache.set(group, (byDir = new Map<Direction, WorldExposure[]>()));
  let result = byDir.get(direction);
  if (!result) byDir.set(direction, (result = compute(cidrItems(group, direction))));
  return result;
}

/** Condition assignments to analyse separately (at most 2^4; beyond that, conditions are ignored). */
function scenarios(items: readonly CidrItem[]): ConditionBranch[][] {
  const names = [...new Set(items.flatMap((i) => i.rule.conditions.map((c) => c.name)))];
  if (names.length === 0 || names.length > 4) return [[]];
  const out: ConditionBranch[][] = [];
  for (let mask = 0; mask < 1 << names.length; mask++)
    out.push(names.map((name, i) => ({ name, value: !!(mask & (1 << i)) })));
  return out;
}

function compatible(rule: SgRule, scenario: readonly ConditionBranch[]): boolean {
  return rule.conditions.every((c) => scenario.every((s) => s.name !== c.name || s.value === c.value));
}

function compute(items: readonly CidrItem[]): WorldExposure[] {
  const segments = new Map<CidrItem, Segment[]>();
  const partners = new Map<CidrItem, Set<SgRule>>();
  for (const family of [4, 6] as const) {
    const famItems = items.filter((i) => i.cidr.family === family);
    // Cheap exit: if all CIDRs of the family together do not cover the space, no subset does.
    if (
      famItems.length === 0 ||
      !coversWholeSpace(
        famItems.map((i) => i.cidr),
        family,
      )
    )
      continue;
    for (const scenario of scenarios(famItems)) {
      const active = famItems.filter((i) => compatible(i.rule, scenario));
      analyseFamily(active, family, (members, seg) => {
        for (const m of members) {
          const list = segments.get(m) ?? [];
          if (!list.some((s) => sameSegment(s, seg))) list.push(seg);
          segments.set(m, list);
          const p = partners.get(m) ?? new Set<SgRule>();
          for (const other of members) if (other !== m && other.cidr.prefix !== 0) p.add(other.rule);
          partners.set(m, p);
        }
      });
    }
  }
  const out: WorldExposure[] = [];
  for (const item of items) {
    const segs = segments.get(item);
    if (!segs) continue;
    // A CIDR that is the world on its own needs no partners to say so.
    const alone = item.cidr.prefix === 0;
    out.push({
      ...item,
      segments: mergeSegments(segs),
      partners: alone ? [] : [...(partners.get(item) ?? [])],
    });
  }
  return out;
}

function sameSegment(a: Segment, b: Segment): boolean {
  if (a.protocol !== b.protocol) return false;
  if ('from' in a && 'from' in b) return a.from === b.from && a.to === b.to;
  return true;
}

function mergeSegments(segs: Segment[]): Segment[] {
  const ranges = new Map<'tcp' | 'udp', { from: number; to: number }[]>();
  const rest: Segment[] = [];
  for (const s of segs) {
    if ('from' in s) {
      const list = ranges.get(s.protocol) ?? [];
      list.push({ from: s.from, to: s.to });
      ranges.set(s.protocol, list);
    } else rest.push(s);
  }
  const out: Segment[] = [...rest];
  for (const [protocol, list] of ranges) {
    list.sort((a, b) => a.from - b.from);
    let cur: { from: number; to: number } | undefined;
    for (const r of list) {
      if (cur && r.from <= cur.to + 1) cur.to = Math.max(cur.to, r.to);
      else {
        if (cur) out.push({ protocol, ...cur });
        cur = { ...r };
      }
    }
    if (cur) out.push({ protocol, ...cur });
  }
  return out;
}

/**
 * The members that take part in covering the space: a member counts when the members left after dropping
 * every CIDR strictly containing it still cover the space. So 10.0.0.0/8 beside 0.0.0.0/0 does not count
 * (it adds nothing), while 0.0.0.0/1 + 128.0.0.0/1 beside a 0.0.0.0/0 rule do: they open the world on
 * their own, and narrowing only the /0 rule would leave them open.
 */
function contributors(members: CidrItem[], covers: (m: CidrItem[]) => boolean): CidrItem[] {
  return members.filter((m) => {
    const without = members.filter((n) => !(n.cidr.prefix < m.cidr.prefix && contains(n.cidr, m.cidr)));
    return without.length === members.length || covers(without);
  });
}

function analyseFamily(
  items: readonly CidrItem[],
  family: 4 | 6,
  emit: (members: CidrItem[], seg: Segment) => void,
): void {
  const covers = (members: CidrItem[]): boolean =>
    members.length > 0 &&
    coversWholeSpace(
      members.map((m) => m.cidr),
      family,
    );
  const allTraffic = items.filter((i) => i.reach.kind === 'all');
  const emitCovered = (members: CidrItem[], seg: Segment): void => {
    const core = contributors(members, covers);
    // Rules of protocol all are reported by the `all` bucket: a port bucket adds only what it changes.
    if (seg.protocol !== 'all' && core.every((m) => m.reach.kind === 'all') && covers(allTraffic)) return;
    emit(core, seg);
  };
  if (covers(allTraffic)) emitCovered(allTraffic, { protocol: 'all' });
  for (const protocol of ['tcp', 'udp'] as const) {
    const relevant = items.filter(
      (i) => i.reach.kind === 'all' || (i.reach.kind === 'ports' && i.reach.protocol === protocol),
    );
    if (!covers(relevant)) continue;
    const bounds = new Set<number>([0, MAX_PORT + 1]);
    for (const i of relevant) {
      if (i.reach.kind === 'ports') {
        bounds.add(i.reach.from);
        bounds.add(i.reach.to + 1);
      }
    }
    const points = [...bounds].sort((a, b) => a - b);
    for (let k = 0; k + 1 < points.length; k++) {
      const from = points[k]!;
      const to = points[k + 1]! - 1;
      const members = relevant.filter(
        (i) =>
          i.reach.kind === 'all' || (i.reach.kind === 'ports' && i.reach.from <= from && to <= i.reach.to),
      );
      if (covers(members)) emitCovered(members, { protocol, from, to });
    }
  }
  const portless = new Set<'icmp' | 'icmpv6' | number>();
  for (const i of items) {
    if (i.reach.kind === 'icmp') portless.add(i.reach.protocol);
    else if (i.reach.kind === 'protocol') portless.add(i.reach.number);
  }
  for (const p of portless) {
    const members = items.filter(
      (i) =>
        i.reach.kind === 'all' ||
        (i.reach.kind === 'icmp' && i.reach.protocol === p) ||
        (i.reach.kind === 'protocol' && i.reach.number === p),
    );
    if (covers(members)) emitCovered(members, { protocol: p });
  }
}

/** Whether the exposure covers everything the rule allows: all traffic, or all 65536 ports. */
export function exposesAllPorts(e: WorldExposure): boolean {
  if (e.reach.kind === 'all') return e.segments.some((s) => s.protocol === 'all');
  if (e.reach.kind === 'ports' && e.reach.from === 0 && e.reach.to === MAX_PORT) {
    return e.segments.some((s) => 'from' in s && s.from === 0 && s.to === MAX_PORT);
  }
  return false;
}

export interface UnresolvedExposure {
  readonly rule: SgRule;
  /** The CIDR, when it is known to be the world but the ports are not known. */
  readonly worldCidr?: Value<string>;
  /** The unknown CIDR, when the ports are known. */
  readonly unknownCidr?: Value<string>;
  readonly reach: Reach;
  readonly dependsOn: string;
}

/**
 * Ingress rules whose exposure cannot be decided because a value is unknown: an unresolved CIDR on known
 * ports, or a world CIDR on unresolved ports. Reported only with `reportUnresolved: note`.
 */
export function unresolvedExposures(group: SecurityGroup): UnresolvedExposure[] {
  const out: UnresolvedExposure[] = [];
  for (const rule of group.ingress) {
    const peer = rule.peer;
    if (peer.kind !== 'cidr4' && peer.kind !== 'cidr6') continue;
    const reach = reachOf(rule);
    if (reach.kind === 'invalid') continue;
    if (!peer.cidr.known) {
      if (reach.kind !== 'unknown')
        out.push({
          rule,
          unknownCidr: peer.cidr,
          reach,
          dependsOn: peer.cidr.dependsOn ?? 'an unresolved value',
        });
      continue;
    }
    // An unknown with nothing it depends on was not written at all (no IpProtocol): SG202's error, not a doubt.
    if (reach.kind !== 'unknown' || !reach.dependsOn) continue;
    const parsed = parseCidr(peer.cidr.value!, peer.kind === 'cidr4' ? 4 : 6);
    if (parsed.ok && parsed.cidr.prefix === 0) {
      out.push({ rule, worldCidr: peer.cidr, reach, dependsOn: reach.dependsOn ?? 'an unresolved value' });
    }
  }
  return out;
}
