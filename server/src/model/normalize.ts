/** Value normalization shared by the format adapters: AWS reads protocols and ports the same whatever wrote them. */
import type { Protocol } from '../../../rules/model';

/** tcp/udp/icmp/icmpv6 by name or number (6, 17, 1, 58), `all` for -1 or "all", other IANA numbers 0–255; NaN if invalid. */
export function normalizeProtocol(v: unknown): Protocol {
  if (typeof v === 'number') return numberProtocol(v);
  if (typeof v !== 'string') return Number.NaN;
  const s = v.trim().toLowerCase();
  if (s === 'tcp' || s === 'udp' || s === 'icmp' || s === 'icmpv6') return s;
  if (s === '-1' || s === 'all') return 'all';
  if (/^\d{1,3}$/.test(s)) return numberProtocol(Number(s));
  return Number.NaN;
}

function numberProtocol(n: number): Protocol {
  if (n === -1) return 'all';
  if (n === 6) return 'tcp';
  if (n === 17) return 'udp';
  if (n === 1) return 'icmp';
  if (n === 58) return 'icmpv6';
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : Number.NaN;
}

/** A port from a number or a numeric string ("22"); NaN otherwise. */
export function toPort(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number.NaN;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return Number.NaN;
}
