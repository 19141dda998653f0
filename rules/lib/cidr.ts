/**
 * CIDR math for rules: parsing with ipaddr.js (strict dotted-quad IPv4, full IPv6 syntax), addresses as
 * BigInt intervals so that unions, containment and "covers the whole address space" are exact.
 */
import ipaddr from 'ipaddr.js';

export interface ParsedCidr {
  readonly family: 4 | 6;
  readonly prefix: number;
  /** First and last address of the block, as integers. */
  readonly first: bigint;
  readonly last: bigint;
  /** The block written canonically: network address (host bits cleared) and prefix. */
  readonly canonical: string;
  /** The address had bits set beyond the prefix (`10.0.0.1/8`). */
  readonly hostBitsSet: boolean;
}

export type CidrParse =
  { readonly ok: true; readonly cidr: ParsedCidr } | { readonly ok: false; readonly error: string };

const BITS = { 4: 32, 6: 128 } as const;
export const SPACE_END = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n } as const;

function bytesToBigInt(bytes: number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function bigIntToBytes(n: bigint, count: number): number[] {
  const out = new Array<number>(count);
  for (let i = count - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

const cache = new Map<string, CidrParse>();

/** Parses a CIDR as AWS accepts it in a security-group rule; `family` restricts it to one address family. */
export function parseCidr(text: string, family?: 4 | 6): CidrParse {
  const key = `${family ?? ''}|${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = parseUncached(text, family);
  if (cache.size > 10000) cache.clear();
  cache.set(key, result);
  return result;
}

function parseUncached(text: string, family?: 4 | 6): CidrParse {
  if (text !== text.trim()) return { ok: false, error: 'it has leading or trailing spaces' };
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  let fam: 4 | 6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addr)) fam = 4;
  else if (addr.includes(':') && ipaddr.IPv6.isValid(addr) && !addr.includes('%')) fam = 6;
  else if (/^[\d.]+$/.test(addr)) return { ok: false, error: `${addr} is not a valid IPv4 address` };
  else return { ok: false, error: `${addr} is not an IP address` };
  // A missing prefix is the problem only when what is there is an address at all.
  if (slash < 0) return { ok: false, error: 'it has no prefix length (such as /32)' };
  if (!/^\d{1,3}$/.test(prefixText)) return { ok: false, error: `/${prefixText} is not a prefix length` };
  const prefix = Number(prefixText);
  if (prefix > BITS[fam]) return { ok: false, error: `/${prefix} is longer than ${BITS[fam]} bits` };
  if (family && family !== fam) {
    return {
      ok: false,
      error:
        family === 4
          ? 'it is an IPv6 block where an IPv4 CIDR is required'
          : 'it is an IPv4 block where an IPv6 CIDR is required',
    };
  }
  const bytes = ipaddr.parse(addr).toByteArray();
  const value = bytesToBigInt(bytes);
  const hostBits = BigInt(BITS[fam] - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const first = value & ~hostMask & SPACE_END[fam];
  const last = first | hostMask;
  const netBytes = bigIntToBytes(first, fam === 4 ? 4 : 16);
  const netAddr = ipaddr.fromByteArray(netBytes);
  const netText = netAddr.kind() === 'ipv6' ? (netAddr as ipaddr.IPv6).toRFC5952String() : netAddr.toString();
  return {
    ok: true,
    cidr: {
      family: fam,
      prefix,
      first,
      last,
      canonical: `${netText}/${prefix}`,
      hostBitsSet: value !== first,
    },
  };
}

/** Whether `outer` contains every address of `inner`. */
export function contains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** Whether the union of the blocks covers the family's whole address space. */
export function coversWholeSpace(blocks: readonly ParsedCidr[], family: 4 | 6): boolean {
  const sorted = blocks
    .filter((b) => b.family === family)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n;
  for (const b of sorted) {
    if (b.first > next) return false;
    if (b.last + 1n > next) next = b.last + 1n;
    if (next > SPACE_END[family]) return true;
  }
  return false;
}

export function isWholeSpace(c: ParsedCidr): boolean {
  return c.prefix === 0;
}

const PRIVATE_BLOCKS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10', // carrier-grade NAT (RFC 6598)
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7', // unique local
  'fe80::/10', // link local
  '::1/128',
].map((t) => {
  const p = parseCidr(t);
  if (!p.ok) throw new Error(`bad built-in block ${t}`);
  return p.cidr;
});

/** Whether every address of the block is private (RFC 1918, CGNAT, loopback, link-local, ULA). */
export function isPrivate(c: ParsedCidr): boolean {
  return PRIVATE_BLOCKS.some((p) => contains(p, c));
}

/** Number of addresses in the block, as a readable power of two ("2^24 addresses"). */
export function sizeText(c: ParsedCidr): string {
  const bits = (c.family === 4 ? 32 : 128) - c.prefix;
  return bits <= 16 ? `${2 ** bits} addresses` : `2^${bits} addresses`;
}
