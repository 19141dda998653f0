/**
 * Checking what the user types into a fix's input box, as they type: a CIDR of the right family, or the
 * ports to allow. Pure functions (no `vscode`), so the tests run them directly. The CIDR check is the
 * engine's own, so the box accepts exactly what the server will write.
 */
import { parseCidr } from '../../rules/lib/cidr';

/** Why the text is not a usable CIDR of the family, or undefined when it is. */
export function cidrProblem(text: string, family: 4 | 6): string | undefined {
  const value = text.trim();
  if (!value)
    return `Type an IPv${family} CIDR, such as ${family === 4 ? '203.0.113.0/24' : '2001:db8::/48'}.`;
  const parsed = parseCidr(value, family);
  if (!parsed.ok) return parsed.error;
  if (parsed.cidr.prefix === 0) return 'That is the whole internet: pick a narrower range.';
  if (parsed.cidr.canonical !== value) return `Host bits are set: did you mean ${parsed.cidr.canonical}?`;
  return undefined;
}

export type PortsAnswer =
  | { readonly protocol: 'tcp' | 'udp'; readonly from: number; readonly to: number }
  | { readonly error: string };

/** "443", "8000-8100", "udp 53", "tcp 80-81" → protocol and range. */
export function parsePorts(text: string): PortsAnswer {
  const m = /^\s*(?:(tcp|udp)\s+)?(\d{1,5})(?:\s*[-–]\s*(\d{1,5}))?\s*$/i.exec(text);
  if (!m) return { error: 'Type a port (443), a range (8000-8100), or either after tcp/udp (udp 53).' };
  const from = Number(m[2]);
  const to = m[3] === undefined ? from : Number(m[3]);
  if (from > 65535 || to > 65535) return { error: 'Ports go up to 65535.' };
  if (from > to) return { error: `The range is backwards: did you mean ${to}-${from}?` };
  return { protocol: (m[1]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp', from, to };
}
