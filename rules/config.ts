/**
 * The effective configuration rules read. The server and CLI build it from VS Code settings (`sgLint.*`)
 * and `.sg-lint.yaml`/`.sg-lint.json` (same keys); this module holds the defaults and the normalization
 * of user-written values, so that the editor, the CLI and the tests agree on what a setting means.
 */

import { parseCidr } from './lib/cidr';

export type Severity = 'error' | 'warning' | 'note';
export type SeveritySetting = Severity | 'off';

export interface NamedPortRange {
  readonly from: number;
  readonly to: number;
  readonly name: string;
}

export interface TrustedCidr {
  readonly cidr: string;
  readonly label?: string;
}

export interface SgLintConfig {
  readonly sensitivePorts: readonly NamedPortRange[];
  readonly publicPorts: readonly number[];
  readonly trustedCidrs: readonly TrustedCidr[];
  /** Public IPv4 CIDRs broader than this prefix length on a sensitive port are reported (SG104). */
  readonly maxPublicPrefix: number;
  /** The same for public IPv6 CIDRs. */
  readonly maxPublicPrefixV6: number;
  /** Private CIDRs broader than this prefix length on a sensitive port are reported; null: never. */
  readonly maxPrivatePrefix: number | null;
  readonly maxPortRange: number;
  readonly icmpIsExposure: boolean;
  readonly reportUnresolved: 'off' | 'note';
  readonly honorPeerSuppressions: boolean;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly exclude: readonly string[];
  /** Files larger than this many bytes are skipped with a notice instead of linted. */
  readonly maxFileSize: number;
}

/** DESIGN.md §5: the default sensitive ports, with the service names messages show. */
export const DEFAULT_SENSITIVE_PORTS: readonly NamedPortRange[] = [
  { from: 20, to: 21, name: 'FTP' },
  { from: 22, to: 22, name: 'SSH' },
  { from: 23, to: 23, name: 'Telnet' },
  { from: 25, to: 25, name: 'SMTP' },
  { from: 110, to: 110, name: 'POP3' },
  { from: 135, to: 135, name: 'MSRPC' },
  { from: 137, to: 139, name: 'NetBIOS' },
  { from: 143, to: 143, name: 'IMAP' },
  { from: 161, to: 161, name: 'SNMP' },
  { from: 389, to: 389, name: 'LDAP' },
  { from: 445, to: 445, name: 'SMB' },
  { from: 636, to: 636, name: 'LDAPS' },
  { from: 873, to: 873, name: 'rsync' },
  { from: 1433, to: 1434, name: 'MSSQL' },
  { from: 1521, to: 1521, name: 'Oracle' },
  { from: 2049, to: 2049, name: 'NFS' },
  { from: 2375, to: 2376, name: 'Docker' },
  { from: 2379, to: 2380, name: 'etcd' },
  { from: 2383, to: 2383, name: 'SQL Server Analysis Services' },
  { from: 3306, to: 3306, name: 'MySQL' },
  { from: 3389, to: 3389, name: 'RDP' },
  { from: 4333, to: 4333, name: 'mSQL' },
  { from: 5432, to: 5432, name: 'PostgreSQL' },
  { from: 5601, to: 5601, name: 'Kibana' },
  { from: 5900, to: 5900, name: 'VNC' },
  { from: 5984, to: 5984, name: 'CouchDB' },
  { from: 5985, to: 5986, name: 'WinRM' },
  { from: 6379, to: 6379, name: 'Redis' },
  { from: 6443, to: 6443, name: 'Kubernetes API' },
  { from: 7000, to: 7001, name: 'Cassandra' },
  { from: 7199, to: 7199, name: 'Cassandra JMX' },
  { from: 8020, to: 8020, name: 'HDFS' },
  { from: 8088, to: 8088, name: 'YARN' },
  { from: 9042, to: 9042, name: 'Cassandra' },
  { from: 9092, to: 9092, name: 'Kafka' },
  { from: 9160, to: 9160, name: 'Cassandra Thrift' },
  { from: 9200, to: 9200, name: 'Elasticsearch' },
  { from: 9300, to: 9300, name: 'Elasticsearch' },
  { from: 10250, to: 10250, name: 'kubelet' },
  { from: 11211, to: 11211, name: 'memcached' },
  { from: 27017, to: 27018, name: 'MongoDB' },
  { from: 50070, to: 50070, name: 'HDFS' },
];

export const DEFAULT_CONFIG: SgLintConfig = {
  sensitivePorts: DEFAULT_SENSITIVE_PORTS,
  publicPorts: [80, 443],
  trustedCidrs: [],
  maxPublicPrefix: 24,
  maxPublicPrefixV6: 48,
  maxPrivatePrefix: null,
  maxPortRange: 100,
  icmpIsExposure: false,
  reportUnresolved: 'off',
  honorPeerSuppressions: true,
  rules: {},
  exclude: [],
  maxFileSize: 2 * 1024 * 1024,
};

export const CONFIG_KEYS = Object.keys(DEFAULT_CONFIG) as (keyof SgLintConfig)[];

/** A problem with a user-written setting: reported, and the default used instead. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

const SEVERITY_SETTINGS: readonly string[] = ['error', 'warning', 'note', 'off'];

function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;
}

function parsePortSpec(spec: unknown): NamedPortRange | undefined {
  if (isPort(spec)) return { from: spec, to: spec, name: `port ${spec}` };
  if (typeof spec === 'string') {
    const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*(?:\(([^)]*)\)|\s+(.+))?\s*$/.exec(spec);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    if (!isPort(from) || !isPort(to) || from > to) return undefined;
    const name = (m[3] ?? m[4] ?? '').trim() || (from === to ? `port ${from}` : `ports ${from}–${to}`);
    return { from, to, name };
  }
  if (spec && typeof spec === 'object') {
    const o = spec as Record<string, unknown>;
    const from = o.from ?? o.port;
    const to = o.to ?? from;
    if (!isPort(from) || !isPort(to) || from > to) return undefined;
    const name =
      typeof o.name === 'string' && o.name ? o.name : from === to ? `port ${from}` : `ports ${from}–${to}`;
    return { from, to, name };
  }
  return undefined;
}

function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number' && v > 0) return v;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(v);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * mult);
}

/**
 * Overlays user-written settings (from VS Code or a config file, possibly several layers) onto a base
 * configuration. Invalid values are reported as problems and leave the base value in place.
 */
export function mergeConfig(base: SgLintConfig, raw: unknown, problems: ConfigProblem[] = []): SgLintConfig {
  if (raw === null || raw === undefined) return base;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ key: '', message: 'configuration must be a mapping of keys to values' });
    return base;
  }
  const input = raw as Record<string, unknown>;
  const out: { -readonly [K in keyof SgLintConfig]: SgLintConfig[K] } = { ...base };
  for (const [key, v] of Object.entries(input)) {
    if (v === undefined || v === null) continue;
    switch (key) {
      case 'sensitivePorts': {
        if (!Array.isArray(v)) {
          problems.push({ key, message: 'must be a list of ports, "from-to" ranges or {from, to, name}' });
          break;
        }
        const ports: NamedPortRange[] = [];
        for (const spec of v) {
          const p = parsePortSpec(spec);
          if (p) ports.push(withDefaultName(p));
          else problems.push({ key, message: `not a port or port range: ${JSON.stringify(spec)}` });
        }
        out.sensitivePorts = ports;
        break;
      }
      case 'publicPorts': {
        if (!Array.isArray(v) || !v.every(isPort)) {
          problems.push({ key, message: 'must be a list of port numbers 0–65535' });
          break;
        }
        out.publicPorts = v;
        break;
      }
      case 'trustedCidrs': {
        if (!Array.isArray(v)) {
          problems.push({ key, message: 'must be a list of CIDRs or {cidr, label}' });
          break;
        }
        const list: TrustedCidr[] = [];
        for (const e of v) {
          const written =
            typeof e === 'string'
              ? e
              : e && typeof e === 'object'
                ? (e as { cidr?: unknown }).cidr
                : undefined;
          if (typeof written !== 'string') {
            problems.push({ key, message: `not a CIDR or {cidr, label}: ${JSON.stringify(e)}` });
            continue;
          }
          // Fixes write these CIDRs into templates: one AWS would reject must not get there.
          const cidr = written.trim();
          const parsed = parseCidr(cidr);
          if (!parsed.ok) {
            problems.push({ key, message: `not a valid CIDR: ${JSON.stringify(written)} (${parsed.error})` });
            continue;
          }
          const label = typeof e === 'object' ? (e as { label?: unknown }).label : undefined;
          list.push(typeof label === 'string' && label ? { cidr, label } : { cidr });
        }
        out.trustedCidrs = list;
        break;
      }
      case 'maxPublicPrefix':
      case 'maxPublicPrefixV6': {
        const limit = key === 'maxPublicPrefix' ? 32 : 128;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > limit) {
          problems.push({ key, message: `must be a prefix length 0–${limit}` });
          break;
        }
        out[key] = v;
        break;
      }
      case 'maxPrivatePrefix': {
        if (v === 'off' || v === false) out.maxPrivatePrefix = null;
        else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 32) out.maxPrivatePrefix = v;
        else problems.push({ key, message: 'must be a prefix length 0–32 or "off"' });
        break;
      }
      case 'maxPortRange': {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65536) {
          problems.push({ key, message: 'must be a whole number of ports, 1–65536' });
          break;
        }
        out.maxPortRange = v;
        break;
      }
      case 'icmpIsExposure':
      case 'honorPeerSuppressions': {
        if (typeof v !== 'boolean') {
          problems.push({ key, message: 'must be true or false' });
          break;
        }
        out[key] = v;
        break;
      }
      case 'reportUnresolved': {
        if (v !== 'off' && v !== 'note') {
          problems.push({ key, message: 'must be "off" or "note"' });
          break;
        }
        out.reportUnresolved = v;
        break;
      }
      case 'rules': {
        if (typeof v !== 'object' || Array.isArray(v)) {
          problems.push({ key, message: 'must map rule ids to off | note | warning | error' });
          break;
        }
        const rules: Record<string, SeveritySetting> = { ...base.rules };
        for (const [id, sev] of Object.entries(v as Record<string, unknown>)) {
          const s = typeof sev === 'string' ? sev.toLowerCase() : sev === false ? 'off' : sev;
          const normalized = s === 'info' || s === 'information' ? 'note' : s;
          if (typeof normalized === 'string' && SEVERITY_SETTINGS.includes(normalized)) {
            rules[id.toUpperCase()] = normalized as SeveritySetting;
          } else problems.push({ key: `rules.${id}`, message: 'must be off, note, warning or error' });
        }
        out.rules = rules;
        break;
      }
      case 'exclude': {
        if (!Array.isArray(v) || !v.every((g) => typeof g === 'string')) {
          problems.push({ key, message: 'must be a list of glob patterns' });
          break;
        }
        out.exclude = v;
        break;
      }
      case 'maxFileSize': {
        const size = parseSize(v);
        if (size === undefined)
          problems.push({ key, message: 'must be a size such as 2MB or a number of bytes' });
        else out.maxFileSize = size;
        break;
      }
      default:
        problems.push({ key, message: `unknown setting "${key}"` });
    }
  }
  return out;
}

function withDefaultName(p: NamedPortRange): NamedPortRange {
  if (!/^ports? \d/.test(p.name)) return p;
  // A bare number in the user's list gets the well-known service name when we know it.
  const known = DEFAULT_SENSITIVE_PORTS.find((d) => d.from <= p.from && p.to <= d.to);
  return known ? { ...p, name: known.name } : p;
}
