/**
 * Checks every message from the extension before the webview uses it (ToGraphWebview), and copies only
 * the fields it knows, so nothing unexpected reaches the view. Pure: no DOM.
 *
 * A malformed node or message rejects the whole message (the view keeps what it had and shows why); an
 * edge whose end is not a node of the graph, or a second node or edge with an id already seen, is dropped
 * and counted.
 */
import type {
  GraphEdge,
  GraphFinding,
  GraphLocation,
  GraphNode,
  GraphNodeKind,
  GraphRule,
  GraphScopeKind,
  GraphSeverity,
  GraphUse,
  SecurityGroupGraph,
  ToGraphWebview,
} from '../../server/src/protocol';

export type Validated<T> = { ok: true; value: T; dropped: number } | { ok: false; error: string };

/** Limits far above real templates that keep a hostile or broken message from freezing the view. */
export const LIMITS = { nodes: 20_000, edges: 100_000, string: 20_000, list: 10_000 } as const;

const NODE_KINDS: readonly GraphNodeKind[] = [
  'group',
  'internet',
  'cidr',
  'prefixList',
  'external',
  'unknown',
  'resource',
];
const SEVERITIES: readonly GraphSeverity[] = ['error', 'warning', 'note'];
const SCOPES: readonly GraphScopeKind[] = ['file', 'folder', 'workspace'];
const THEMES = ['light', 'dark', 'high-contrast'] as const;

class Invalid extends Error {}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, at: string): Obj {
  if (!isObj(v)) throw new Invalid(`${at} is not an object`);
  return v;
}

function str(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new Invalid(`${at} is not a string`);
  if (v.length > LIMITS.string) throw new Invalid(`${at} is longer than ${LIMITS.string} characters`);
  return v;
}

function optStr(v: unknown, at: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, at);
}

function num(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Invalid(`${at} is not a number`);
  return v;
}

function optNum(v: unknown, at: string): number | undefined {
  return v === undefined || v === null ? undefined : num(v, at);
}

function optBool(v: unknown, at: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Invalid(`${at} is not a boolean`);
  return v;
}

function oneOf<T extends string>(v: unknown, values: readonly T[], at: string): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new Invalid(`${at} is not one of ${values.join(', ')}`);
  }
  return v as T;
}

function optOneOf<T extends string>(v: unknown, values: readonly T[], at: string): T | undefined {
  return v === undefined || v === null ? undefined : oneOf(v, values, at);
}

function list<T>(
  v: unknown,
  at: string,
  item: (x: unknown, at: string) => T,
  max: number = LIMITS.list,
): T[] {
  if (!Array.isArray(v)) throw new Invalid(`${at} is not an array`);
  if (v.length > max) throw new Invalid(`${at} has more than ${max} entries`);
  return v.map((x, i) => item(x, `${at}[${i}]`));
}

function optList<T>(v: unknown, at: string, item: (x: unknown, at: string) => T): T[] | undefined {
  return v === undefined || v === null ? undefined : list(v, at, item);
}

function position(v: unknown, at: string): { line: number; character: number } {
  const o = obj(v, at);
  const line = num(o.line, `${at}.line`);
  const character = num(o.character, `${at}.character`);
  if (line < 0 || character < 0) throw new Invalid(`${at} is negative`);
  return { line: Math.floor(line), character: Math.floor(character) };
}

export function location(v: unknown, at: string): GraphLocation {
  const o = obj(v, at);
  const r = obj(o.range, `${at}.range`);
  return {
    uri: str(o.uri, `${at}.uri`),
    range: { start: position(r.start, `${at}.range.start`), end: position(r.end, `${at}.range.end`) },
  };
}

function optLocation(v: unknown, at: string): GraphLocation | undefined {
  return v === undefined || v === null ? undefined : location(v, at);
}

function finding(v: unknown, at: string): GraphFinding {
  const o = obj(v, at);
  return {
    ruleId: str(o.ruleId, `${at}.ruleId`),
    severity: oneOf(o.severity, SEVERITIES, `${at}.severity`),
    message: str(o.message, `${at}.message`),
    location: location(o.location, `${at}.location`),
  };
}

function rule(v: unknown, at: string): GraphRule {
  const o = obj(v, at);
  const description = optStr(o.description, `${at}.description`);
  const edge = optStr(o.edge, `${at}.edge`);
  return {
    direction: oneOf(o.direction, ['ingress', 'egress'] as const, `${at}.direction`),
    protocol: str(o.protocol, `${at}.protocol`),
    ports: str(o.ports, `${at}.ports`),
    peer: str(o.peer, `${at}.peer`),
    ...(description !== undefined ? { description } : {}),
    conditions: optList(o.conditions, `${at}.conditions`, str) ?? [],
    location: location(o.location, `${at}.location`),
    ...(edge !== undefined ? { edge } : {}),
  };
}

function use(v: unknown, at: string): GraphUse {
  const o = obj(v, at);
  return {
    address: str(o.address, `${at}.address`),
    type: str(o.type, `${at}.type`),
    kind: oneOf(o.kind, ['attached', 'peer', 'output'] as const, `${at}.kind`),
    location: location(o.location, `${at}.location`),
  };
}

function tags(v: unknown, at: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  const o = obj(v, at);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const keys = Object.keys(o);
  if (keys.length > LIMITS.list) throw new Invalid(`${at} has more than ${LIMITS.list} entries`);
  for (const k of keys) out[str(k, `${at} key`)] = str(o[k], `${at}.${k}`);
  return out;
}

/** Builds an object without the keys whose value is undefined (the protocol's optional fields). */
function defined<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

function node(v: unknown, at: string): GraphNode {
  const o = obj(v, at);
  const family = optNum(o.family, `${at}.family`);
  if (family !== undefined && family !== 4 && family !== 6) throw new Invalid(`${at}.family is not 4 or 6`);
  return defined<GraphNode>({
    id: str(o.id, `${at}.id`),
    kind: oneOf(o.kind, NODE_KINDS, `${at}.kind`),
    label: str(o.label, `${at}.label`),
    address: optStr(o.address, `${at}.address`),
    type: optStr(o.type, `${at}.type`),
    family,
    construct: optStr(o.construct, `${at}.construct`),
    location: optLocation(o.location, `${at}.location`),
    file: optStr(o.file, `${at}.file`),
    tags: tags(o.tags, `${at}.tags`),
    description: optStr(o.description, `${at}.description`),
    rules: optList(o.rules, `${at}.rules`, rule),
    uses: optList(o.uses, `${at}.uses`, use),
    findings: optList(o.findings, `${at}.findings`, finding),
    worst: optOneOf(o.worst, SEVERITIES, `${at}.worst`),
    exposed: optBool(o.exposed, `${at}.exposed`),
    layer: optNum(o.layer, `${at}.layer`),
  });
}

function edge(v: unknown, at: string): GraphEdge {
  const o = obj(v, at);
  return defined<GraphEdge>({
    id: str(o.id, `${at}.id`),
    from: str(o.from, `${at}.from`),
    to: str(o.to, `${at}.to`),
    direction: oneOf(o.direction, ['ingress', 'egress', 'attached'] as const, `${at}.direction`),
    protocol: str(o.protocol, `${at}.protocol`),
    fromPort: optNum(o.fromPort, `${at}.fromPort`),
    toPort: optNum(o.toPort, `${at}.toPort`),
    label: str(o.label, `${at}.label`),
    ruleIds: optList(o.ruleIds, `${at}.ruleIds`, str) ?? [],
    worst: optOneOf(o.worst, SEVERITIES, `${at}.worst`),
    conditions: optList(o.conditions, `${at}.conditions`, str) ?? [],
    locations: optList(o.locations, `${at}.locations`, location) ?? [],
    exposure: optBool(o.exposure, `${at}.exposure`),
  });
}

export function validateGraph(v: unknown): Validated<SecurityGroupGraph> {
  try {
    const o = obj(v, 'graph');
    const scope = obj(o.scope, 'graph.scope');
    const nodes: GraphNode[] = [];
    const ids = new Set<string>();
    let dropped = 0;
    for (const n of list(o.nodes, 'graph.nodes', node, LIMITS.nodes)) {
      if (ids.has(n.id)) dropped++;
      else {
        ids.add(n.id);
        nodes.push(n);
      }
    }
    const edges: GraphEdge[] = [];
    const edgeIds = new Set<string>();
    for (const e of list(o.edges, 'graph.edges', edge, LIMITS.edges)) {
      if (edgeIds.has(e.id) || ids.has(e.id) || !ids.has(e.from) || !ids.has(e.to)) dropped++;
      else {
        edgeIds.add(e.id);
        edges.push(e);
      }
    }
    const uri = optStr(scope.uri, 'graph.scope.uri');
    return {
      ok: true,
      dropped,
      value: {
        scope: {
          kind: oneOf(scope.kind, SCOPES, 'graph.scope.kind'),
          label: str(scope.label, 'graph.scope.label'),
          ...(uri !== undefined ? { uri } : {}),
        },
        nodes,
        edges,
        problems: optList(o.problems, 'graph.problems', str) ?? [],
      },
    };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

/** Validates a message from the extension host. */
export function validateMessage(v: unknown): Validated<ToGraphWebview> {
  if (!isObj(v)) return { ok: false, error: 'the message is not an object' };
  if (v.type === 'error') {
    if (typeof v.message !== 'string') return { ok: false, error: 'error.message is not a string' };
    return { ok: true, dropped: 0, value: { type: 'error', message: v.message.slice(0, LIMITS.string) } };
  }
  if (v.type === 'graph') {
    const graph = validateGraph(v.graph);
    if (!graph.ok) return graph;
    let theme: 'light' | 'dark' | 'high-contrast' | undefined;
    try {
      theme = optOneOf(v.theme, THEMES, 'theme');
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    return {
      ok: true,
      dropped: graph.dropped,
      value: { type: 'graph', graph: graph.value, ...(theme ? { theme } : {}) },
    };
  }
  return { ok: false, error: `unknown message type ${JSON.stringify(String(v.type)).slice(0, 40)}` };
}
