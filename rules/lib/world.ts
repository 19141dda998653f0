/** Shared by the world-exposure rules (SG101–SG103, SG106): message wording and related locations. */
import type { RelatedInfo } from '../types';
import type { Segment, WorldExposure } from './exposure';
import { conditionText, joinList, originRelated, portsText, segmentText, valueText } from './describe';

/**
 * What a list of segments opens, one protocol at a time: "tcp port 22", "tcp ports 441–442 and 444",
 * "tcp port 22 and udp port 53", "ICMP"; `plural` says whether it reads as several ports.
 */
export function segmentsText(segments: readonly Segment[]): { text: string; plural: boolean } {
  const parts: string[] = [];
  let ports = 0;
  for (const protocol of ['tcp', 'udp'] as const) {
    const ranges = segments.flatMap((s) => (s.protocol === protocol && 'from' in s ? [s] : []));
    if (ranges.length === 0) continue;
    ports += ranges.reduce((n, r) => n + r.to - r.from + 1, 0);
    const single = ranges.length === 1 && ranges[0]!.from === ranges[0]!.to;
    parts.push(
      `${protocol} ${single ? 'port' : 'ports'} ${joinList(ranges.map((r) => portsText(r.from, r.to)))}`,
    );
  }
  for (const s of segments) if (!('from' in s)) parts.push(segmentText(s));
  return { text: joinList(parts), plural: parts.length > 1 || ports > 1 };
}

/** "(0.0.0.0/0)" or "(0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)". */
export function worldSource(e: WorldExposure): string {
  if (e.partners.length === 0) return `(${valueText(e.value)})`;
  // Several partner rules may share a CIDR (one per port): name each block once.
  const others = [
    ...new Set(
      e.partners.map((r) =>
        r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? String(r.peer.cidr.value) : r.key,
      ),
    ),
  ];
  const space = e.cidr.family === 4 ? 'IPv4' : 'IPv6';
  return `(${valueText(e.value)} together with ${joinList(others)} covers every ${space} address)`;
}

export function worldRelated(e: WorldExposure): RelatedInfo[] {
  const out = originRelated(e.value);
  for (const p of e.partners) {
    if (p.peer.kind === 'cidr4' || p.peer.kind === 'cidr6') {
      out.push({
        uri: p.peer.cidr.uri,
        range: p.peer.cidr.range,
        message: `${String(p.peer.cidr.value)} covers the rest of the address space`,
      });
    }
  }
  return out;
}

export function whenText(e: WorldExposure): string {
  return conditionText(e.rule.conditions);
}
