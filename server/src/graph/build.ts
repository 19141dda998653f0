/**
 * The security-group graph (DESIGN.md §8): who can reach whom, built from the same models and findings
 * the diagnostics come from. Nodes are groups, the internet (one per address family), CIDR blocks,
 * prefix lists, groups outside the scope, sources that depend on unknown values, and resources attached
 * to groups; edges are allowed flows (an ingress rule of G from P is P → G, egress of G to P is G → P)
 * with their ports, the findings on them and the conditions they exist under.
 *
 * Ids are stable across rebuilds of the same text (the webview keeps node positions by id): a group's id
 * is its file (or module) key and address; a CIDR's is its canonical form, shared by every file.
 */
import { parseCidr } from '../../../rules/lib/cidr';
import type { GroupUse } from '../../../rules/lib/uses';
import { usesOf } from '../../../rules/lib/uses';
import type { ConditionBranch, SecurityGroup, SgRule, TemplateModel, TextRange } from '../../../rules/model';
import type { Finding } from '../../../rules/types';
import { ExportTable } from '../crossref/exports';
import type { LineIndex } from '../parse/lineIndex';
import type {
  GraphEdge,
  GraphFinding,
  GraphLocation,
  GraphNode,
  GraphRule,
  GraphScopeKind,
  GraphUse,
  GraphSeverity,
  SecurityGroupGraph,
} from '../protocol';

/** One linted template or module, as the graph reads it. */
export interface GraphInput {
  /** Unique per input: the file's or module folder's path relative to the scope's root. */
  readonly key: string;
  /** For display: the file (or folder) relative to the scope's root. */
  readonly file: string;
  /** The template's URI, or a Terraform module's folder URI (open documents replace inputs by it). */
  readonly uri?: string;
  readonly model: TemplateModel;
  readonly findings: readonly Finding[];
  /** CDK synth output: a logical id's construct path. */
  readonly constructOf?: (address: string) => string | undefined;
}

export interface GraphOptions {
  readonly scope: { readonly kind: GraphScopeKind; readonly label: string; readonly uri?: string };
  /** Positions for a file the inputs read (templates, modules' files, parameter files). */
  readonly linesOf: (uri: string) => LineIndex | undefined;
  readonly problems?: readonly string[];
}

const SEVERITY_ORDER: Record<GraphSeverity, number> = { note: 1, warning: 2, error: 3 };

function worse(a: GraphSeverity | undefined, b: GraphSeverity | undefined): GraphSeverity | undefined {
  if (!a) return b;
  if (!b) return a;
  return SEVERITY_ORDER[b] > SEVERITY_ORDER[a] ? b : a;
}

/** Resource types whose groups guard data: drawn in the last layer, on the right. */
const DATA_STORE =
  /^(AWS::(RDS|ElastiCache|Redshift|DocDB|Neptune|OpenSearchService|Elasticsearch|DAX|MemoryDB|EFS|FSx|MSK)::|aws_(db_|rds_|elasticache_|redshift_|docdb_|neptune_|opensearch_|elasticsearch_|dax_|memorydb_|efs_|fsx_|msk_))/;

function protocolText(rule: SgRule): string {
  if (!rule.protocol.known) return '?';
  const p = rule.protocol.value!;
  return typeof p === 'number' ? String(p) : p;
}

function portsText(rule: SgRule): string {
  const p = rule.protocol.known ? rule.protocol.value : undefined;
  if (p === 'all') return 'all';
  if (!rule.fromPort.known || !rule.toPort.known) return p === 'icmp' || p === 'icmpv6' ? 'all' : '?';
  const from = rule.fromPort.value!;
  const to = rule.toPort.value!;
  if (p === 'icmp' || p === 'icmpv6')
    return from === -1 ? 'all' : to === -1 ? `type ${from}` : `type ${from} code ${to}`;
  if (from === -1 || (from === 0 && to === 65535)) return 'all ports';
  return from === to ? String(from) : `${from}-${to}`;
}

/** `tcp 22`, `all traffic`, `icmp type 8`: how an edge is labelled. */
function trafficLabel(rule: SgRule): string {
  const protocol = protocolText(rule);
  if (protocol === 'all') return 'all traffic';
  const ports = portsText(rule);
  if (protocol === 'icmp' || protocol === 'icmpv6')
    return ports === 'all' ? protocol : `${protocol} ${ports}`;
  return `${protocol} ${ports}`;
}

function conditionTexts(conditions: readonly ConditionBranch[]): string[] {
  return conditions.map((c) => `${c.name} is ${c.value}`);
}

function inside(outer: TextRange, inner: TextRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge & { rules: SgRule[] }>();
  /** Rules and findings other templates add to a group they import (merged into its node at the end). */
  private readonly importedInto = new Map<
    string,
    { rules: GraphRule[]; findings: GraphFinding[]; uses: GraphUse[] }
  >();

  private imported(id: string): { rules: GraphRule[]; findings: GraphFinding[]; uses: GraphUse[] } {
    let into = this.importedInto.get(id);
    if (!into) this.importedInto.set(id, (into = { rules: [], findings: [], uses: [] }));
    return into;
  }

  constructor(
    private readonly options: GraphOptions,
    private readonly exports: ExportTable<GraphInput>,
  ) {}

  /** The node of a group another input exports under an imported name, when exactly one does. */
  private importedNode(input: GraphInput, name: string | undefined): string | undefined {
    if (!name) return undefined;
    const resolution = this.exports.resolve(name);
    if (resolution.kind !== 'resolved' || resolution.export.owner === input) return undefined;
    return `group:${resolution.export.owner.key}:${resolution.export.target}`;
  }

  private groupNodeId(input: GraphInput, group: SecurityGroup): string {
    return (
      (group.synthetic ? this.importedNode(input, group.imported) : undefined) ??
      `group:${input.key}:${group.address}`
    );
  }

  location(uri: string, range: TextRange): GraphLocation | undefined {
    const lines = this.options.linesOf(uri);
    if (!lines) return undefined;
    const start = lines.positionAt(range.start);
    const end = lines.positionAt(range.end);
    return { uri, range: { start, end } };
  }

  private node(node: GraphNode): GraphNode {
    const existing = this.nodes.get(node.id);
    if (existing) return existing;
    this.nodes.set(node.id, node);
    return node;
  }

  private finding(f: Finding): GraphFinding | undefined {
    const location = this.location(f.uri, f.range);
    return location && { ruleId: f.ruleId, severity: f.severity, message: f.message, location };
  }

  /** The node an edge to or from a rule's peer attaches to. */
  private peerNode(input: GraphInput, rule: SgRule, groupId: string): string | undefined {
    const peer = rule.peer;
    switch (peer.kind) {
      case 'cidr4':
      case 'cidr6': {
        const family = peer.kind === 'cidr4' ? 4 : 6;
        if (!peer.cidr.known) {
          const what = peer.cidr.dependsOn ?? 'an unresolved value';
          return this.node({
            id: `unknown:${input.key}:${what}`,
            kind: 'unknown',
            label: `depends on ${what}`,
            file: input.file,
            ...(peer.cidr.origin
              ? { location: this.location(peer.cidr.origin.uri, peer.cidr.origin.range) }
              : {}),
          }).id;
        }
        const parsed = parseCidr(String(peer.cidr.value), family);
        if (!parsed.ok) {
          return this.node({
            id: `unknown:invalid:${String(peer.cidr.value)}`,
            kind: 'unknown',
            label: `invalid CIDR ${String(peer.cidr.value)}`,
          }).id;
        }
        if (parsed.cidr.prefix === 0)
          return this.node({
            id: `internet-ipv${family}`,
            kind: 'internet',
            label: family === 4 ? 'Internet (IPv4)' : 'Internet (IPv6)',
            family,
            layer: 0,
          }).id;
        return this.node({
          id: `cidr:${parsed.cidr.canonical}`,
          kind: 'cidr',
          label: parsed.cidr.canonical,
          family,
          type: family === 4 ? 'IPv4' : 'IPv6',
          layer: 0,
        }).id;
      }
      case 'group': {
        if (peer.resolution === 'declared' && peer.target) return `group:${input.key}:${peer.target}`;
        const imported = this.importedNode(input, peer.imported);
        if (imported) {
          // The exporting group lists the group that imports it among what references it.
          const location = this.location(peer.ref.uri, peer.ref.range);
          if (location)
            this.imported(imported).uses.push({
              address: rule.writtenIn,
              type: `Fn::ImportValue in ${input.file}`,
              kind: 'peer',
              location,
            });
          return imported;
        }
        const name = peer.ref.known ? String(peer.ref.value) : (peer.ref.dependsOn ?? 'an unresolved group');
        if (peer.resolution === 'external' && peer.ref.known)
          return this.node({ id: `external:${name}`, kind: 'external', label: name, layer: 0 }).id;
        return this.node({
          id: `unknown:${input.key}:${name}`,
          kind: 'unknown',
          label: peer.ref.known ? `${name} (not a group here)` : `depends on ${name}`,
          ...(peer.detail ? { description: peer.detail } : {}),
          file: input.file,
          layer: 0,
        }).id;
      }
      case 'prefixList': {
        const id = peer.id.known
          ? String(peer.id.value)
          : `depends on ${peer.id.dependsOn ?? 'an unresolved value'}`;
        return this.node({ id: `prefixList:${id}`, kind: 'prefixList', label: id, layer: 0 }).id;
      }
      case 'self':
        return groupId;
      case 'unknown':
        return undefined;
    }
  }

  private ruleFindings(input: GraphInput, rule: SgRule, siblings: readonly SgRule[] = []): Finding[] {
    const visible = (f: Finding): boolean => !f.suppressions?.length && f.group === rule.group;
    // AWS's implicit egress is written nowhere: its finding (SG106) sits on the group, beside the
    // group's own findings (SG109…), which are not about this flow.
    if (rule.implicit) return input.findings.filter((f) => visible(f) && f.ruleId === 'SG106');
    // A Terraform block with several CIDRs is several rules over one text: a finding on another rule's
    // CIDR is that rule's, not this one's.
    const others = siblings
      .filter((r) => r !== rule && r.range.start === rule.range.start && r.range.end === rule.range.end)
      .flatMap((r) => (r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? [r.peer.cidr.range] : []));
    return input.findings.filter(
      (f) =>
        visible(f) &&
        f.uri === rule.uri &&
        inside(rule.range, f.range) &&
        !others.some((o) => inside(o, f.range)),
    );
  }

  private addEdge(from: string, to: string, rule: SgRule, findings: readonly Finding[]): string {
    const direction = rule.direction;
    const id = `${direction}:${from}->${to}`;
    const location = this.location(rule.uri, rule.range);
    const worst = findings.reduce<GraphSeverity | undefined>((w, f) => worse(w, f.severity), undefined);
    const existing = this.edges.get(id);
    const label = rule.implicit ? 'all traffic (implicit)' : trafficLabel(rule);
    if (existing) {
      existing.rules.push(rule);
      const labels = existing.label.split(', ');
      const merged: GraphEdge & { rules: SgRule[] } = {
        ...existing,
        label: labels.includes(label) ? existing.label : `${existing.label}, ${label}`,
        ruleIds: [...new Set([...existing.ruleIds, ...findings.map((f) => f.ruleId)])].sort(),
        ...(worse(existing.worst, worst) ? { worst: worse(existing.worst, worst) } : {}),
        conditions: [...new Set([...existing.conditions, ...conditionTexts(rule.conditions)])],
        locations: location ? [...existing.locations, location] : existing.locations,
      };
      this.edges.set(id, merged);
      return id;
    }
    const protocol = protocolText(rule);
    this.edges.set(id, {
      id,
      from,
      to,
      direction,
      protocol,
      ...(rule.fromPort.known && protocol !== 'all' ? { fromPort: rule.fromPort.value! } : {}),
      ...(rule.toPort.known && protocol !== 'all' ? { toPort: rule.toPort.value! } : {}),
      label,
      ruleIds: [...new Set(findings.map((f) => f.ruleId))].sort(),
      ...(worst ? { worst } : {}),
      conditions: conditionTexts(rule.conditions),
      locations: location ? [location] : [],
      rules: [rule],
    });
    return id;
  }

  addInput(input: GraphInput): void {
    const { model } = input;
    const uses = usesOf(model);
    const groupIds = new Map<string, string>();
    for (const group of model.groups) groupIds.set(group.address, this.groupNodeId(input, group));
    for (const group of model.groups)
      this.addGroup(input, group, groupIds.get(group.address)!, uses.get(group.address) ?? []);
    // Rules whose group is not declared here (a standalone rule on an `sg-…` id) hang off an external node.
    for (const rule of model.standaloneRules) {
      if (groupIds.has(rule.group)) continue;
      const target = rule.groupRef?.ref.known ? String(rule.groupRef.ref.value) : rule.group;
      const id = this.node({ id: `external:${target}`, kind: 'external', label: target, layer: 1 }).id;
      const peer = this.peerNode(input, rule, id);
      if (!peer) continue;
      const findings = this.ruleFindings(input, rule);
      if (rule.direction === 'ingress') this.addEdge(peer, id, rule, findings);
      else this.addEdge(id, peer, rule, findings);
    }
  }

  /** A group's node at `id` (another input's node when the group is one it exports). */
  private addGroup(input: GraphInput, group: SecurityGroup, id: string, uses: readonly GroupUse[]): void {
    const groupFindings = input.findings.filter((f) => !f.suppressions?.length && f.group === group.address);
    const rules: GraphRule[] = [];
    const all = [...group.ingress, ...group.egress];
    for (const rule of all) {
      const peerId = this.peerNode(input, rule, id);
      const findings = this.ruleFindings(input, rule, all);
      const edge = peerId
        ? rule.direction === 'ingress'
          ? this.addEdge(peerId, id, rule, findings)
          : this.addEdge(id, peerId, rule, findings)
        : undefined;
      const location = this.location(rule.uri, rule.implicit ? group.idRange : rule.range);
      if (!location) continue;
      const peer = peerId ? (this.nodes.get(peerId)?.label ?? peerId) : 'no peer';
      rules.push({
        direction: rule.direction,
        protocol: protocolText(rule),
        ports: portsText(rule),
        peer:
          rule.peer.kind === 'self'
            ? 'itself'
            : rule.peer.kind === 'group' && rule.peer.resolution === 'declared'
              ? `group ${rule.peer.target ?? ''}`
              : rule.implicit
                ? `${peer} (added by AWS: the group declares no egress)`
                : peer,
        ...(rule.description?.known ? { description: String(rule.description.value) } : {}),
        conditions: conditionTexts(rule.conditions),
        location,
        ...(edge ? { edge } : {}),
      });
    }
    const findings = groupFindings.map((f) => this.finding(f)).filter((f): f is GraphFinding => !!f);
    if (id !== `group:${input.key}:${group.address}`) {
      // Rules this template adds to a group another template exports: they belong to that group's node.
      const into = this.imported(id);
      into.rules.push(...rules);
      into.findings.push(...findings);
      return;
    }
    const graphUses = uses
      .map((u) => {
        const location = this.location(u.reference.uri, u.reference.range);
        return location && { address: u.reference.from, type: u.type, kind: u.kind, location };
      })
      .filter((u): u is NonNullable<typeof u> => !!u);
    const location = this.location(group.uri, group.idRange);
    const vpc = group.isDefault && group.defaultOf ? group.defaultOf.address : undefined;
    const construct = vpc
      ? `default group of ${input.constructOf?.(vpc) ?? vpc}`
      : input.constructOf?.(group.address);
    const worst = findings.reduce<GraphSeverity | undefined>((w, f) => worse(w, f.severity), undefined);
    this.nodes.set(id, {
      id,
      kind: 'group',
      label:
        construct ?? (group.name?.known ? `${group.address} (${String(group.name.value)})` : group.address),
      address: group.address,
      type: group.resourceType,
      ...(construct ? { construct } : {}),
      ...(location ? { location } : {}),
      file: input.file,
      ...(group.tags ? { tags: group.tags } : {}),
      ...(group.description?.known ? { description: String(group.description.value) } : {}),
      rules,
      uses: graphUses,
      findings,
      ...(worst ? { worst } : {}),
    });
    // Attached resources: drawn beside their group (the webview can hide them).
    for (const use of uses) {
      if (use.kind !== 'attached') continue;
      const info = input.model.resources.get(use.reference.from);
      const resourceId = `resource:${input.key}:${use.reference.from}`;
      const at = info ? this.location(info.uri, info.idRange) : undefined;
      this.node({
        id: resourceId,
        kind: 'resource',
        label: input.constructOf?.(use.reference.from) ?? use.reference.from,
        address: use.reference.from,
        type: use.type,
        file: input.file,
        ...(at ? { location: at } : {}),
      });
      const edgeId = `attached:${resourceId}->${id}`;
      const ref = this.location(use.reference.uri, use.reference.range);
      if (!this.edges.has(edgeId))
        this.edges.set(edgeId, {
          id: edgeId,
          from: resourceId,
          to: id,
          direction: 'attached',
          protocol: '',
          label: 'uses',
          ruleIds: [],
          conditions: [],
          locations: ref ? [ref] : [],
          rules: [],
        });
    }
  }

  build(): SecurityGroupGraph {
    for (const [id, added] of this.importedInto) {
      const node = this.nodes.get(id);
      if (!node) continue;
      const findings = [...(node.findings ?? []), ...added.findings];
      const worst = findings.reduce<GraphSeverity | undefined>((w, f) => worse(w, f.severity), undefined);
      this.nodes.set(id, {
        ...node,
        rules: [...(node.rules ?? []), ...added.rules],
        uses: [...(node.uses ?? []), ...added.uses],
        findings,
        ...(worst ? { worst } : {}),
      });
    }
    // Edges to groups outside the inputs (a peer named in another template) get an external node.
    for (const e of this.edges.values())
      for (const end of [e.from, e.to])
        if (!this.nodes.has(end))
          this.nodes.set(end, {
            id: end,
            kind: 'external',
            label: end.replace(/^group:[^:]*:/, ''),
            layer: 0,
          });
    const edges: GraphEdge[] = [...this.edges.values()].map(({ rules: _rules, ...e }) => e);
    // Exposure: what the internet reaches along allowed ingress flows (internet → bastion → app).
    const exposed = new Set<string>(
      [...this.nodes.values()].filter((n) => n.kind === 'internet').map((n) => n.id),
    );
    const exposureEdges = new Set<string>();
    for (let changed = true, guard = 0; changed && guard < 1000; guard++) {
      changed = false;
      for (const e of edges) {
        if (e.direction !== 'ingress' || !exposed.has(e.from) || exposureEdges.has(e.id)) continue;
        exposureEdges.add(e.id);
        if (!exposed.has(e.to)) {
          exposed.add(e.to);
          changed = true;
        }
      }
    }
    // Layers, left to right: sources, then groups by their distance from a source; data stores last.
    const layer = new Map<string, number>();
    for (const n of this.nodes.values()) if (n.kind !== 'group' && n.kind !== 'resource') layer.set(n.id, 0);
    for (let changed = true, guard = 0; changed && guard < 64; guard++) {
      changed = false;
      for (const e of edges) {
        if (e.direction !== 'ingress' || e.from === e.to) continue;
        const from = layer.get(e.from);
        if (from === undefined) continue;
        const next = Math.min(from + 1, 32);
        const current = layer.get(e.to);
        if (current === undefined || (current < next && guard < 32)) {
          layer.set(e.to, next);
          changed = true;
        }
      }
    }
    const dataStores = new Set(
      edges
        .filter((e) => e.direction === 'attached' && DATA_STORE.test(this.nodes.get(e.from)?.type ?? ''))
        .map((e) => e.to),
    );
    const deepest = Math.max(1, ...layer.values());
    const nodes = [...this.nodes.values()].map((n): GraphNode => {
      const l =
        n.kind === 'resource'
          ? undefined
          : dataStores.has(n.id)
            ? deepest + 1
            : (layer.get(n.id) ?? (n.kind === 'group' ? 1 : 0));
      return {
        ...n,
        ...(l !== undefined ? { layer: l } : {}),
        ...(exposed.has(n.id) && n.kind !== 'internet' ? { exposed: true } : {}),
      };
    });
    // Resources sit one layer right of their group.
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const e of edges)
      if (e.direction === 'attached') {
        const group = byId.get(e.to);
        const resource = byId.get(e.from);
        if (group && resource && resource.layer === undefined)
          byId.set(resource.id, { ...resource, layer: (group.layer ?? 1) + 1 });
      }
    return {
      scope: this.options.scope,
      nodes: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      edges: edges
        .map((e) => (exposureEdges.has(e.id) ? { ...e, exposure: true } : e))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      problems: [...(this.options.problems ?? [])],
    };
  }
}

/** The graph of some linted templates and modules. */
export function buildGraph(inputs: readonly GraphInput[], options: GraphOptions): SecurityGroupGraph {
  const exportTable = new ExportTable<GraphInput>();
  for (const input of inputs) exportTable.add(input, input.model);
  const builder = new GraphBuilder(options, exportTable);
  for (const input of inputs) builder.addInput(input);
  return builder.build();
}
