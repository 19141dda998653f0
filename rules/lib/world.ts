/** Shared by the world-exposure rules (SG101–SG103): message wording and related locations. */
import type { RelatedInfo } from '../types';
import type { WorldExposure } from './exposure';
import { conditionText, joinList, originRelated, valueText } from './describe';

/** "(0.0.0.0/0)" or "(0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)". */
export function worldSource(e: WorldExposure): string {
  if (e.partners.length === 0) return `(${valueText(e.value)})`;
  const others = e.partners.map((r) => (r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? String(r.peer.cidr.value) : r.key));
  const space = e.cidr.family === 4 ? 'IPv4' : 'IPv6';
  return `(${valueText(e.value)} together with ${joinList(others)} covers every ${space} address)`;
}

export function worldRelated(e: WorldExposure): RelatedInfo[] {
  const out = originRelated(e.value);
  for (const p of e.partners) {
    if (p.peer.kind === 'cidr4' || p.peer.kind === 'cidr6') {
      out.push({ uri: p.peer.cidr.uri, range: p.peer.cidr.range, message: `${String(p.peer.cidr.value)} covers the rest of the address space` });
    }
  }
  return out;
}

export function whenText(e: WorldExposure): string {
  return conditionText(e.rule.conditions);
}
