/**
 * From the server's graph to what the view draws: attached resources shown or not, groups of large graphs
 * collapsed into one node per file (expanded on click), parallel edges between collapsed nodes merged, and
 * which elements a text or severity filter keeps. Pure: no DOM, no Cytoscape.
 */
import type {
  GraphEdge,
  GraphNode,
  GraphNodeKind,
  GraphSeverity,
  SecurityGroupGraph,
} from '../../server/src/protocol';
import { fillLayers } from './layout';

/** Above this many groups and resources, a graph spanning several files starts collapsed per file. */
export const COLLAPSE_THRESHOLD = 150;

export type ViewKind = GraphNodeKind | 'cluster';

export interface ViewNode {
  readonly id: string;
  readonly kind: ViewKind;
  readonly label: string;
  readonly layer: number;
  readonly worst?: GraphSeverity;
  readonly exposed: boolean;
  /** The server's node (absent for a cluster). */
  readonly node?: GraphNode;
  /** A cluster: its file and the nodes inside. */
  readonly file?: string;
  readonly members?: readonly GraphNode[];
  /** Attached resources: the group they are drawn under. */
  readonly anchor?: string;
}

export interface ViewEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly direction: GraphEdge['direction'];
  readonly label: string;
  readonly worst?: GraphSeverity;
  readonly exposure: boolean;
  /** The server's edges this one draws (more than one between clusters). */
  readonly edges: readonly GraphEdge[];
}

export interface View {
  readonly nodes: readonly ViewNode[];
  readonly edges: readonly ViewEdge[];
  /** Files whose groups can be collapsed (the graph is above the threshold and spans several files). */
  readonly clusterable: boolean;
  readonly clusters: readonly string[];
}

export interface ViewOptions {
  readonly showResources: boolean;
  /** Collapse per file at all (the default above the threshold; the user can expand all). */
  readonly collapse: boolean;
  /** Files the user expanded while collapsed. */
  readonly expanded: ReadonlySet<string>;
}

export const CLUSTER_PREFIX = 'sg-lint:file:';
const NO_FILE = '(no file)';

const RANK: Record<GraphSeverity, number> = { error: 3, warning: 2, note: 1 };

export function severityRank(s: GraphSeverity | undefined): number {
  return s ? RANK[s] : 0;
}

export function worstOf(
  a: GraphSeverity | undefined,
  b: GraphSeverity | undefined,
): GraphSeverity | undefined {
  return severityRank(b) > severityRank(a) ? b : a;
}

function median(values: number[]): number {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function collapsible(n: GraphNode): boolean {
  return n.kind === 'group' || n.kind === 'resource';
}

export function clusterKey(n: GraphNode): string {
  return n.file ?? NO_FILE;
}

export function isClusterable(graph: SecurityGroupGraph): { clusterable: boolean; files: string[] } {
  const files = new Set<string>();
  let count = 0;
  for (const n of graph.nodes) {
    if (!collapsible(n)) continue;
    count++;
    files.add(clusterKey(n));
  }
  return { clusterable: count > COLLAPSE_THRESHOLD && files.size > 1, files: [...files].sort() };
}

export function buildView(graph: SecurityGroupGraph, options: ViewOptions): View {
  const { clusterable, files } = isClusterable(graph);
  const collapsed = (n: GraphNode): string | undefined => {
    if (!clusterable || !options.collapse || !collapsible(n)) return undefined;
    const key = clusterKey(n);
    return options.expanded.has(key) ? undefined : key;
  };
  const layers = fillLayers(graph.nodes, graph.edges);
  const attachedTo = new Map<string, string>();
  for (const e of graph.edges) if (e.direction === 'attached') attachedTo.set(e.from, e.to);

  const nodes: ViewNode[] = [];
  /** Where each server node is drawn: itself, its cluster, or nowhere (hidden resource). */
  const drawnAs = new Map<string, string>();
  const clusterMembers = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    const hiddenResource = n.kind === 'resource' && !options.showResources;
    const cluster = collapsed(n);
    if (cluster !== undefined) {
      const members = clusterMembers.get(cluster) ?? [];
      members.push(n);
      clusterMembers.set(cluster, members);
      if (!hiddenResource) drawnAs.set(n.id, CLUSTER_PREFIX + cluster);
      continue;
    }
    if (hiddenResource) continue;
    drawnAs.set(n.id, n.id);
    const anchor = n.kind === 'resource' ? attachedTo.get(n.id) : undefined;
    nodes.push({
      id: n.id,
      kind: n.kind,
      label: n.label,
      layer: layers.get(n.id) ?? 1,
      ...(n.worst ? { worst: n.worst } : {}),
      exposed: n.exposed === true,
      node: n,
      ...(anchor !== undefined ? { anchor } : {}),
    });
  }
  for (const [file, members] of clusterMembers) {
    const groups = members.filter((m) => m.kind === 'group');
    let worst: GraphSeverity | undefined;
    for (const m of members) worst = worstOf(worst, m.worst);
    const resources = members.length - groups.length;
    nodes.push({
      id: CLUSTER_PREFIX + file,
      kind: 'cluster',
      label: `${file}\n${groups.length} group${groups.length === 1 ? '' : 's'}${resources > 0 && options.showResources ? `, ${resources} resource${resources === 1 ? '' : 's'}` : ''}`,
      // A file holds groups of several tiers: it stands in the column of its middle one (flows between
      // files are drawn as arcs; layering files by their flows would stretch a chain of them).
      layer: median(groups.map((m) => layers.get(m.id) ?? 1)),
      ...(worst ? { worst } : {}),
      exposed: members.some((m) => m.exposed === true),
      file,
      members,
    });
  }
  // Resources anchored to a group that is not drawn on its own lose their anchor.
  const drawn = new Set(nodes.map((n) => n.id));
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.anchor !== undefined && !drawn.has(n.anchor)) {
      const { anchor: _anchor, ...rest } = n;
      nodes[i] = rest;
    }
  }

  const edges: ViewEdge[] = [];
  const merged = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    const s = drawnAs.get(e.from);
    const t = drawnAs.get(e.to);
    if (s === undefined || t === undefined) continue;
    if (s === e.from && t === e.to) {
      edges.push({
        id: e.id,
        source: s,
        target: t,
        direction: e.direction,
        label: e.direction === 'attached' ? '' : e.label,
        ...(e.worst ? { worst: e.worst } : {}),
        exposure: e.exposure === true,
        edges: [e],
      });
      continue;
    }
    if (s === t) continue; // inside one collapsed file
    const key = `${s}\u0000${t}\u0000${e.direction}`;
    const list = merged.get(key) ?? [];
    list.push(e);
    merged.set(key, list);
  }
  for (const [key, list] of merged) {
    const [source, target, direction] = key.split('\u0000') as [string, string, GraphEdge['direction']];
    let worst: GraphSeverity | undefined;
    for (const e of list) worst = worstOf(worst, e.worst);
    const labels = [...new Set(list.map((e) => e.label))];
    edges.push({
      id: `sg-lint:merged:${key}`,
      source,
      target,
      direction,
      label:
        direction === 'attached'
          ? ''
          : labels.length <= 2
            ? labels.join(', ')
            : `${labels.slice(0, 2).join(', ')} +${labels.length - 2}`,
      ...(worst ? { worst } : {}),
      exposure: list.some((e) => e.exposure === true),
      edges: list,
    });
  }
  return { nodes, edges, clusterable, clusters: files };
}

export type SeverityFilter = 'all' | 'note' | 'warning' | 'error' | 'exposure';

export interface FilterOptions {
  readonly text: string;
  readonly severity: SeverityFilter;
}

/**
 * Which elements a filter keeps (the others are dimmed): nodes whose label, address, type, file, tags or
 * rules contain the text, with their edges and neighbours; edges whose label contains it; and, for a
 * severity, the edges and nodes with a finding at least that severe (or on an exposure path) with their
 * ends. `undefined` means no filter is active.
 */
export function filterView(view: View, filter: FilterOptions): Set<string> | undefined {
  const text = filter.text.trim().toLowerCase();
  if (text === '' && filter.severity === 'all') return undefined;
  const nodesById = new Map(view.nodes.map((n) => [n.id, n]));

  const severityKeepsEdge = (e: ViewEdge): boolean =>
    filter.severity === 'all' ||
    (filter.severity === 'exposure' ? e.exposure : severityRank(e.worst) >= severityRank(filter.severity));
  const severityKeepsNode = (n: ViewNode): boolean =>
    filter.severity === 'all' ||
    (filter.severity === 'exposure' ? n.exposed : severityRank(n.worst) >= severityRank(filter.severity));

  const textMatchesNode = (n: ViewNode): boolean => {
    if (text === '') return true;
    const parts: string[] = [n.label];
    const g = n.node;
    if (g) {
      parts.push(g.address ?? '', g.type ?? '', g.file ?? '', g.construct ?? '', g.description ?? '');
      for (const [k, v] of Object.entries(g.tags ?? {})) parts.push(k, v);
      for (const f of g.findings ?? []) parts.push(f.ruleId);
    }
    for (const m of n.members ?? []) parts.push(m.label, m.address ?? '');
    return parts.some((p) => p.toLowerCase().includes(text));
  };
  const textMatchesEdge = (e: ViewEdge): boolean =>
    text !== '' &&
    (e.label.toLowerCase().includes(text) ||
      e.edges.some((x) => x.ruleIds.some((r) => r.toLowerCase().includes(text))));

  const keep = new Set<string>();
  const textNodes = new Set(view.nodes.filter(textMatchesNode).map((n) => n.id));
  for (const e of view.edges) {
    if (!severityKeepsEdge(e)) continue;
    const ends = textNodes.has(e.source) || textNodes.has(e.target);
    if (text === '' ? true : ends || textMatchesEdge(e)) {
      keep.add(e.id);
      keep.add(e.source);
      keep.add(e.target);
    }
  }
  for (const id of textNodes) {
    const n = nodesById.get(id)!;
    if (severityKeepsNode(n) || (text !== '' && filter.severity === 'all')) keep.add(id);
  }
  return keep;
}
