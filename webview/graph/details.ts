/**
 * The details pane (a selected group, peer, cluster or edge: its rules, attached resources, tags, file and
 * findings, each clickable to its source) and the hover tooltip. All text goes through textContent.
 */
import type {
  GraphEdge,
  GraphFinding,
  GraphLocation,
  GraphNode,
  GraphRule,
  GraphSeverity,
  GraphUse,
} from '../../server/src/protocol';
import { type Child, append, clear, h } from './dom';
import type { ViewEdge, ViewNode } from './model';

export interface DetailsContext {
  reveal(location: GraphLocation): void;
  /** Expands a collapsed file, then selects the node (when given). */
  expand(file: string, select?: string): void;
  collapse(file: string): void;
  /** A collapsible file that is expanded now (its groups can be collapsed back). */
  expandedFile(node: GraphNode): string | undefined;
  graphNode(id: string): GraphNode | undefined;
}

const KIND_NAMES: Record<string, string> = {
  group: 'Security group',
  internet: 'Internet',
  cidr: 'CIDR block',
  prefixList: 'Prefix list',
  external: 'External group',
  unknown: 'Unresolved peer',
  resource: 'Resource',
  cluster: 'File (collapsed)',
};

export function kindName(n: ViewNode): string {
  const base = KIND_NAMES[n.kind] ?? n.kind;
  const family = n.node?.family;
  return family ? `${base} (IPv${family})` : base;
}

/** `web-app.yaml:54` from a location. */
export function where(location: GraphLocation): string {
  let name = location.uri;
  try {
    const path = new URL(location.uri).pathname;
    name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || location.uri;
  } catch {
    // not a URL: show it as it is
  }
  return `${name}:${location.range.start.line + 1}`;
}

function severityBadge(s: GraphSeverity | undefined): Child {
  return s ? h('span', { className: `badge sev-${s}` }, s) : null;
}

function link(
  text: string,
  location: GraphLocation | undefined,
  ctx: DetailsContext,
  title?: string,
): HTMLElement {
  if (!location) return h('span', {}, text);
  return h(
    'a',
    {
      className: 'reveal',
      title: title ?? `Open ${where(location)}`,
      tabIndex: 0,
      role: 'link',
      onClick: (e) => {
        e.preventDefault();
        ctx.reveal(location);
      },
    },
    text,
  );
}

function section(title: string, count: number | undefined, ...children: Child[]): HTMLElement {
  return h(
    'section',
    {},
    h('h3', {}, title, count !== undefined ? h('span', { className: 'count' }, String(count)) : null),
    ...children,
  );
}

function findingsList(findings: readonly GraphFinding[], ctx: DetailsContext): HTMLElement {
  return h(
    'ul',
    { className: 'findings' },
    ...findings.map((f) =>
      h(
        'li',
        {
          className: `sev-${f.severity}`,
          title: `${f.ruleId} at ${where(f.location)}`,
          onClick: () => ctx.reveal(f.location),
        },
        severityBadge(f.severity),
        h('span', { className: 'rule-id' }, f.ruleId),
        ' ',
        f.message,
      ),
    ),
  );
}

/**
 * A group's rules; `home` is the file of the group, so a rule another file adds to it (a standalone rule
 * on an imported group) says where it is written.
 */
function rulesTable(
  rules: readonly GraphRule[],
  ctx: DetailsContext,
  direction: 'ingress' | 'egress',
  home?: string,
): HTMLElement {
  return h(
    'table',
    { className: 'rules' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Protocol'),
        h('th', {}, 'Ports'),
        h('th', {}, direction === 'ingress' ? 'From' : 'To'),
        h('th', {}, 'Description'),
      ),
    ),
    h(
      'tbody',
      {},
      ...rules.map((r) =>
        h(
          'tr',
          { title: `Open the rule at ${where(r.location)}`, onClick: () => ctx.reveal(r.location) },
          h('td', {}, r.protocol),
          h('td', {}, r.ports),
          h('td', {}, r.peer),
          h(
            'td',
            {},
            r.description ?? h('span', { className: 'muted' }, '—'),
            ...r.conditions.map((c) => h('div', { className: 'condition' }, `if ${c}`)),
            home && r.location.uri !== home
              ? h('div', { className: 'muted' }, `written in ${where(r.location)}`)
              : null,
          ),
        ),
      ),
    ),
  );
}

function usesList(uses: readonly GraphUse[], ctx: DetailsContext): HTMLElement {
  return h(
    'ul',
    { className: 'uses' },
    ...uses.map((u) =>
      h(
        'li',
        { title: `${u.kind} at ${where(u.location)}`, onClick: () => ctx.reveal(u.location) },
        h('span', { className: 'address' }, u.address),
        ' ',
        h('span', { className: 'muted' }, u.type),
      ),
    ),
  );
}

function meta(rows: readonly [string, Child][]): HTMLElement {
  return h(
    'dl',
    { className: 'meta' },
    ...rows.flatMap(([k, v]) =>
      v === undefined || v === null || v === '' ? [] : [h('dt', {}, k), h('dd', {}, v)],
    ),
  );
}

export function renderNodeDetails(pane: HTMLElement, n: ViewNode, ctx: DetailsContext): void {
  clear(pane);
  const g = n.node;
  append(
    pane,
    h('h2', { title: n.label }, n.kind === 'cluster' ? (n.file ?? n.label) : n.label),
    h(
      'div',
      { className: 'badges' },
      h('span', { className: 'badge kind' }, kindName(n)),
      severityBadge(n.worst),
      n.exposed ? h('span', { className: 'badge exposed' }, 'reachable from the internet') : null,
    ),
  );
  if (n.kind === 'cluster') {
    const members = n.members ?? [];
    append(
      pane,
      h(
        'div',
        { className: 'actions' },
        h('button', { onClick: () => ctx.expand(n.file ?? '') }, 'Expand this file'),
      ),
      section(
        'Groups',
        members.filter((m) => m.kind === 'group').length,
        h(
          'ul',
          { className: 'uses' },
          ...members
            .filter((m) => m.kind === 'group')
            .map((m) =>
              h(
                'li',
                {
                  title: 'Expand the file and select this group',
                  onClick: () => ctx.expand(n.file ?? '', m.id),
                },
                severityBadge(m.worst),
                h('span', { className: 'address' }, m.label),
              ),
            ),
        ),
      ),
    );
    return;
  }
  if (!g) return;
  const file = ctx.expandedFile(g);
  append(
    pane,
    meta([
      ['Address', g.address && g.address !== g.label ? g.address : undefined],
      ['Type', g.type],
      ['File', g.location ? link(g.file ?? where(g.location), g.location, ctx) : g.file],
      ['Construct', g.construct],
      ['Description', g.description],
    ]),
    file !== undefined
      ? h(
          'div',
          { className: 'actions' },
          h('button', { onClick: () => ctx.collapse(file) }, `Collapse ${file}`),
        )
      : null,
  );
  const findings = g.findings ?? [];
  if (findings.length > 0) append(pane, section('Findings', findings.length, findingsList(findings, ctx)));
  const rules = g.rules ?? [];
  const ingress = rules.filter((r) => r.direction === 'ingress');
  const egress = rules.filter((r) => r.direction === 'egress');
  if (g.kind === 'group' || ingress.length > 0) {
    append(
      pane,
      section(
        'Ingress rules',
        ingress.length,
        ingress.length > 0
          ? rulesTable(ingress, ctx, 'ingress', g.location?.uri)
          : h('p', { className: 'muted' }, 'No inbound traffic allowed.'),
      ),
    );
  }
  if (g.kind === 'group' || egress.length > 0) {
    append(
      pane,
      section(
        'Egress rules',
        egress.length,
        egress.length > 0
          ? rulesTable(egress, ctx, 'egress', g.location?.uri)
          : h('p', { className: 'muted' }, 'No outbound rules.'),
      ),
    );
  }
  const uses = g.uses ?? [];
  const attached = uses.filter((u) => u.kind === 'attached');
  const others = uses.filter((u) => u.kind !== 'attached');
  if (g.kind === 'group') {
    append(
      pane,
      section(
        'Attached resources',
        attached.length,
        attached.length > 0
          ? usesList(attached, ctx)
          : h('p', { className: 'muted' }, 'Nothing in scope attaches this group.'),
      ),
    );
  } else if (attached.length > 0) {
    append(pane, section('Attached to', attached.length, usesList(attached, ctx)));
  }
  if (others.length > 0) append(pane, section('Referenced by', others.length, usesList(others, ctx)));
  const tags = Object.entries(g.tags ?? {});
  if (tags.length > 0) {
    append(
      pane,
      section(
        'Tags',
        tags.length,
        h('dl', { className: 'meta tags' }, ...tags.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      ),
    );
  }
}

/** The rules an edge draws, found on its ends (rule.edge names the edge). */
function rulesOfEdge(e: GraphEdge, ctx: DetailsContext): GraphRule[] {
  const out: GraphRule[] = [];
  for (const id of [e.from, e.to]) {
    for (const r of ctx.graphNode(id)?.rules ?? []) if (r.edge === e.id) out.push(r);
  }
  return out;
}

function label(id: string, ctx: DetailsContext): string {
  return ctx.graphNode(id)?.label ?? id;
}

export function renderEdgeDetails(
  pane: HTMLElement,
  e: ViewEdge,
  ctx: DetailsContext,
  nodeLabel: (id: string) => string,
): void {
  clear(pane);
  const direction =
    e.direction === 'attached' ? 'attached to' : e.direction === 'ingress' ? 'ingress' : 'egress';
  append(
    pane,
    h('h2', {}, nodeLabel(e.source), ' → ', nodeLabel(e.target)),
    h(
      'div',
      { className: 'badges' },
      h('span', { className: 'badge kind' }, direction),
      severityBadge(e.worst),
      e.exposure ? h('span', { className: 'badge exposed' }, 'exposure path') : null,
    ),
    e.label ? h('p', { className: 'edge-label' }, e.label) : null,
  );
  for (const x of e.edges) {
    const rules = rulesOfEdge(x, ctx);
    const findings = [ctx.graphNode(x.from), ctx.graphNode(x.to)]
      .flatMap((n) => n?.findings ?? [])
      .filter((f) => x.ruleIds.includes(f.ruleId) && x.locations.some((l) => sameLine(l, f.location)));
    append(
      pane,
      section(
        e.edges.length > 1 ? `${label(x.from, ctx)} → ${label(x.to, ctx)}: ${x.label}` : 'Rules',
        undefined,
        x.conditions.length > 0
          ? h('p', { className: 'condition' }, `Only if ${x.conditions.join(' and ')}`)
          : null,
        x.ruleIds.length > 0
          ? h('p', {}, 'Findings: ', ...x.ruleIds.map((r) => h('span', { className: 'rule-id' }, r)))
          : null,
        findings.length > 0 ? findingsList(findings, ctx) : null,
        rules.length > 0
          ? rulesTable(rules, ctx, x.direction === 'egress' ? 'egress' : 'ingress')
          : h(
              'ul',
              { className: 'uses' },
              ...x.locations.map((l) => h('li', { onClick: () => ctx.reveal(l) }, where(l))),
            ),
      ),
    );
  }
}

function sameLine(a: GraphLocation, b: GraphLocation): boolean {
  return (
    a.uri === b.uri && b.range.start.line >= a.range.start.line && b.range.start.line <= a.range.end.line
  );
}

/** Hover text: what the element is and the rules it carries (a few; the pane has all). */
export function tooltipForNode(n: ViewNode): HTMLElement {
  const g = n.node;
  const rules = g?.rules ?? [];
  const shown = rules.slice(0, 10);
  return h(
    'div',
    {},
    h('div', { className: 'tip-title' }, n.kind === 'cluster' ? (n.file ?? n.label) : n.label),
    h('div', { className: 'muted' }, kindName(n), g?.type && g.type !== n.label ? ` · ${g.type}` : ''),
    n.kind === 'cluster' ? h('div', {}, `${n.members?.length ?? 0} nodes: click to expand`) : null,
    g?.description ? h('div', { className: 'muted' }, g.description) : null,
    shown.length > 0
      ? h(
          'ul',
          { className: 'tip-rules' },
          ...shown.map((r) =>
            h(
              'li',
              {},
              h('span', { className: 'dir' }, r.direction === 'ingress' ? 'in ' : 'out'),
              ` ${r.protocol} ${r.ports} ${r.direction === 'ingress' ? 'from' : 'to'} ${r.peer}`,
            ),
          ),
        )
      : null,
    rules.length > shown.length
      ? h('div', { className: 'muted' }, `…and ${rules.length - shown.length} more`)
      : null,
    (g?.findings?.length ?? 0) > 0
      ? h(
          'div',
          {},
          `${g!.findings!.length} finding${g!.findings!.length === 1 ? '' : 's'}: `,
          [...new Set(g!.findings!.map((f) => f.ruleId))].join(', '),
        )
      : null,
  );
}

export function tooltipForEdge(e: ViewEdge, nodeLabel: (id: string) => string): HTMLElement {
  const ruleIds = [...new Set(e.edges.flatMap((x) => x.ruleIds))];
  const conditions = [...new Set(e.edges.flatMap((x) => x.conditions))];
  return h(
    'div',
    {},
    h('div', { className: 'tip-title' }, `${nodeLabel(e.source)} → ${nodeLabel(e.target)}`),
    h(
      'div',
      { className: 'muted' },
      e.direction === 'attached' ? 'attached' : `${e.direction} rule${e.edges.length > 1 ? 's' : ''}`,
      e.exposure ? ' · exposure path' : '',
    ),
    e.label ? h('div', {}, e.label) : null,
    ruleIds.length > 0 ? h('div', {}, 'Findings: ', ruleIds.join(', ')) : null,
    conditions.length > 0
      ? h('div', { className: 'condition' }, `Only if ${conditions.join(' and ')}`)
      : null,
  );
}
