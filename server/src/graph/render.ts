/**
 * The graph as text for places without the webview: Mermaid (renders in a GitHub markdown file inside a
 * ```mermaid block) and Graphviz DOT. Labels come from templates and are untrusted: both renderers
 * escape them so a name cannot break out of its label (or inject Mermaid/DOT syntax).
 */
import type { GraphEdge, GraphNode, GraphSeverity, SecurityGroupGraph } from '../protocol';

const COLOURS: Record<GraphSeverity, string> = { error: '#d1242f', warning: '#bf8700', note: '#0969da' };

/** Mermaid label text: entity codes for the characters Mermaid or the HTML it renders to would read. */
function mermaidText(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/&/g, '#amp;')
    .replace(/[[\]{}()|`]/g, (c) => `#${c.charCodeAt(0)};`);
}

function mermaidNode(id: string, n: GraphNode): string {
  const text = `"${mermaidText(n.label)}"`;
  switch (n.kind) {
    case 'internet':
      return `${id}((${text}))`;
    case 'cidr':
    case 'prefixList':
      return `${id}[/${text}/]`;
    case 'unknown':
      return `${id}{{${text}}}`;
    case 'resource':
      return `${id}([${text}])`;
    case 'external':
      return `${id}[[${text}]]`;
    case 'group':
      return `${id}[${text}]`;
  }
}

function edgeText(e: GraphEdge): string {
  const label = e.conditions.length ? `${e.label} if ${e.conditions.join(' and ')}` : e.label;
  return e.ruleIds.length ? `${label} (${e.ruleIds.join(', ')})` : label;
}

/** `flowchart LR` with one node per graph node, edges labelled with ports and coloured by their worst finding. */
export function toMermaid(graph: SecurityGroupGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) lines.push(`  ${mermaidNode(ids.get(n.id)!, n)}`);
  const styles: string[] = [];
  graph.edges.forEach((e, i) => {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) return;
    const arrow = e.direction === 'attached' ? '-.-' : '-->';
    lines.push(`  ${from} ${arrow}|"${mermaidText(edgeText(e))}"| ${to}`);
    if (e.worst)
      styles.push(`  linkStyle ${i} stroke:${COLOURS[e.worst]},stroke-width:${e.exposure ? 3 : 2}px`);
  });
  lines.push(...styles);
  const exposed = graph.nodes.filter((n) => n.exposed).map((n) => ids.get(n.id)!);
  const internet = graph.nodes.filter((n) => n.kind === 'internet').map((n) => ids.get(n.id)!);
  lines.push('  classDef internet fill:#fff5f5,stroke:#d1242f,color:#1f2328');
  lines.push('  classDef exposed stroke:#d1242f,stroke-width:2px');
  if (internet.length) lines.push(`  class ${internet.join(',')} internet`);
  if (exposed.length) lines.push(`  class ${exposed.join(',')} exposed`);
  return `${lines.join('\n')}\n`;
}

/** A DOT string literal. */
function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

const DOT_SHAPES: Record<GraphNode['kind'], string> = {
  internet: 'doublecircle',
  group: 'box',
  cidr: 'parallelogram',
  prefixList: 'parallelogram',
  external: 'box3d',
  unknown: 'hexagon',
  resource: 'ellipse',
};

/** Graphviz `digraph`, left to right, with nodes ranked by their layer. */
export function toDot(graph: SecurityGroupGraph): string {
  const lines = [
    'digraph "security groups" {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
  ];
  lines.push('  edge [fontname="Helvetica", fontsize=9];');
  for (const n of graph.nodes) {
    const attrs = [`label=${dotString(n.label)}`, `shape=${DOT_SHAPES[n.kind]}`];
    if (n.kind === 'internet') attrs.push('color="#d1242f"');
    else if (n.exposed) attrs.push('color="#d1242f"', 'penwidth=2');
    if (n.worst) attrs.push(`fontcolor=${dotString(COLOURS[n.worst])}`);
    lines.push(`  ${dotString(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of graph.edges) {
    const attrs = [`label=${dotString(edgeText(e))}`];
    if (e.direction === 'attached') attrs.push('style=dashed', 'arrowhead=none');
    if (e.worst) attrs.push(`color=${dotString(COLOURS[e.worst])}`);
    if (e.exposure) attrs.push('penwidth=2');
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.join(', ')}];`);
  }
  // Same layer, same rank: the internet on the left, data stores on the right.
  const layers = new Map<number, string[]>();
  for (const n of graph.nodes)
    if (n.layer !== undefined) layers.set(n.layer, [...(layers.get(n.layer) ?? []), dotString(n.id)]);
  for (const [, members] of [...layers].sort(([a], [b]) => a - b))
    if (members.length > 1) lines.push(`  { rank=same; ${members.join('; ')}; }`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
