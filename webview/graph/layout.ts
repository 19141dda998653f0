/**
 * A layered left-to-right layout (Sugiyama style) that trusts the server's layer hints: the internet and
 * other sources in the first column, entry groups next, data stores last. Within a column, nodes are
 * ordered by the barycenter of their neighbours (alternating sweeps), then placed as close to their
 * neighbours' height as the order and spacing allow (isotonic clustering, as in Brandes–Köpf's balancing
 * step but one-dimensional). An edge that spans several columns gets a slot in each column it passes
 * (a dummy node, as in dagre), so it can be drawn around the nodes there, not through them. Attached
 * resources stack under their group ("beside" it), indented.
 *
 * Why not dagre or ELK: measured on a graph of 500 groups and 3,000 edges (headless Cytoscape in Node 20),
 * cytoscape-dagre 4.0.1 took 35–50 s and cytoscape-elk 2.3.0 (elkjs 0.9) 9–17 s, against a budget of 3 s;
 * both also ignore the layer hints (an egress edge to the internet would pull it to the right). This runs
 * in tens of milliseconds on that graph and keeps the columns the server chose.
 *
 * Pure: no DOM, no Cytoscape; positions are node centers.
 */

export interface LayoutNode {
  readonly id: string;
  /** Column hint; any numbers, compacted to consecutive columns. */
  readonly layer: number;
  readonly width: number;
  readonly height: number;
  /** Keep this node under that one, in its column (an attached resource under its group). */
  readonly anchor?: string;
}

export interface LayoutEdge {
  /** Names the edge's route in the result. */
  readonly id?: string;
  readonly source: string;
  readonly target: string;
}

export interface LayoutOptions {
  /** Horizontal space between columns (edge labels sit there). */
  readonly layerGap: number;
  /** Vertical space between nodes of a column. */
  readonly nodeGap: number;
  /** Ordering sweeps (each one left-to-right and back). */
  readonly sweeps: number;
  /** Refinement passes that pull nodes toward their neighbours' height. */
  readonly passes: number;
  /**
   * Width/height the drawing should roughly have (the viewport's): columns taller than `wrapHeight` wrap
   * into several columns to get closer to it. 0 never wraps.
   */
  readonly aspect: number;
  readonly wrapHeight: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Layout {
  /** Node centers. */
  readonly positions: Map<string, Point>;
  /**
   * Edges that span more than one column: the points where they enter and leave each column between,
   * from source to target, in slots kept free of nodes (draw them as segments through these points).
   */
  readonly routes: Map<string, Point[]>;
}

const DEFAULTS: LayoutOptions = {
  layerGap: 150,
  nodeGap: 18,
  sweeps: 6,
  passes: 6,
  aspect: 0,
  wrapHeight: 2400,
};

/** Height of the slot a passing edge takes in a column. */
const DUMMY_HEIGHT = 4;
/** Space between two passing edges. */
const DUMMY_GAP = 6;

/** A node and the nodes anchored to it placed as one box, or a passing edge's slot (dummy). */
interface Block {
  readonly head?: LayoutNode;
  readonly members: LayoutNode[];
  readonly dummy: boolean;
  column: number;
  height: number;
  width: number;
  /** Current center y. */
  y: number;
  /** Scratch: ordering key or wished y. */
  key: number;
  /** Neighbour blocks (with multiplicity for parallel edges), split by side. */
  readonly left: Block[];
  readonly right: Block[];
}

function newBlock(column: number, head: LayoutNode | undefined): Block {
  return {
    ...(head ? { head } : {}),
    members: [],
    dummy: head === undefined,
    column,
    height: head ? head.height : DUMMY_HEIGHT,
    width: head ? head.width : 0,
    y: 0,
    key: 0,
    left: [],
    right: [],
  };
}

export function layeredLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: Partial<LayoutOptions> = {},
): Layout {
  const opts = { ...DEFAULTS, ...options };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const gapBetween = (a: Block, b: Block): number =>
    a.dummy && b.dummy ? DUMMY_GAP : a.dummy || b.dummy ? opts.nodeGap / 2 : opts.nodeGap;

  // Columns: distinct layer values in order.
  const layerValues = [...new Set(nodes.filter((n) => !anchorOf(n, byId)).map((n) => n.layer))].sort(
    (a, b) => a - b,
  );
  const columnOf = new Map(layerValues.map((v, i) => [v, i]));

  // Blocks.
  let columns: Block[][] = layerValues.map(() => []);
  const blockOf = new Map<string, Block>();
  for (const n of nodes) {
    if (anchorOf(n, byId)) continue;
    const block = newBlock(columnOf.get(n.layer) ?? 0, n);
    blockOf.set(n.id, block);
    columns[block.column]!.push(block);
  }
  for (const n of nodes) {
    const anchor = anchorOf(n, byId);
    if (!anchor) continue;
    const b = blockOf.get(rootAnchor(anchor, byId));
    if (!b) continue;
    b.members.push(n);
    b.height += opts.nodeGap / 2 + n.height;
    b.width = Math.max(b.width, 2 * INDENT + n.width);
    blockOf.set(n.id, b);
  }

  if (opts.aspect > 0) columns = wrapColumns(columns, opts);

  // Edges: neighbours across columns; a chain of dummies through the columns a long edge passes.
  const link = (l: Block, r: Block): void => {
    r.left.push(l);
    l.right.push(r);
  };
  const chains: { id: string; dummies: Block[]; reversed: boolean }[] = [];
  const shared = new Map<string, Block>();
  const keys = new Map<Block, string>();
  const blockKey = (b: Block): string => {
    let k = keys.get(b);
    if (k === undefined) {
      k = String(keys.size);
      keys.set(b, k);
    }
    return k;
  };
  edges.forEach((e, i) => {
    const s = blockOf.get(e.source);
    const t = blockOf.get(e.target);
    if (!s || !t || s === t || s.column === t.column) return;
    const reversed = s.column > t.column;
    const [l, r] = reversed ? [t, s] : [s, t];
    if (r.column - l.column === 1) {
      link(l, r);
      return;
    }
    // Edges leaving one node share their slots (edge concentration): a fan-out of 25 long edges takes
    // one slot per column, not 25, and fans out in the last gap.
    const dummies: Block[] = [];
    let prev = l;
    for (let c = l.column + 1; c < r.column; c++) {
      const key = `${blockKey(l)}\u0000${c}`;
      let d = shared.get(key);
      if (!d) {
        d = newBlock(c, undefined);
        shared.set(key, d);
        columns[c]!.push(d);
        link(prev, d);
      }
      dummies.push(d);
      prev = d;
    }
    link(prev, r);
    chains.push({ id: e.id ?? String(i), dummies, reversed });
  });

  const stack = (column: Block[]): void => {
    let total = 0;
    column.forEach((b, i) => {
      total += b.height + (i > 0 ? gapBetween(column[i - 1]!, b) : 0);
    });
    let y = -total / 2;
    column.forEach((b, i) => {
      if (i > 0) y += gapBetween(column[i - 1]!, b);
      b.y = y + b.height / 2;
      y += b.height;
    });
  };
  columns.forEach(stack);

  // Ordering: barycenter sweeps. Blocks without neighbours on that side keep their place.
  const reorder = (column: Block[], side: 'left' | 'right'): void => {
    for (const b of column) {
      const ns = b[side];
      let sum = 0;
      for (const n of ns) sum += n.y;
      b.key = ns.length > 0 ? sum / ns.length : b.y;
    }
    column.sort((a, b) => a.key - b.key);
    stack(column);
  };
  for (let s = 0; s < opts.sweeps; s++) {
    for (let c = 1; c < columns.length; c++) reorder(columns[c]!, 'left');
    for (let c = columns.length - 2; c >= 0; c--) reorder(columns[c]!, 'right');
  }
  for (let c = 1; c < columns.length; c++) reorder(columns[c]!, 'left');

  // Coordinates: pull each block toward its neighbours, keeping order and spacing.
  for (let p = 0; p < opts.passes; p++) {
    const order = p % 2 === 0 ? [...columns.keys()] : [...columns.keys()].reverse();
    for (const c of order) {
      const column = columns[c]!;
      for (const b of column) {
        const ns = b.left.length + b.right.length;
        let sum = 0;
        for (const n of b.left) sum += n.y;
        for (const n of b.right) sum += n.y;
        b.key = ns > 0 ? sum / ns : b.y;
      }
      placeOrdered(column, gapBetween);
    }
  }

  // x: columns side by side, each as wide as its widest block; blocks centered.
  const positions = new Map<string, Point>();
  const columnSpan: [number, number][] = [];
  let x = 0;
  for (const column of columns) {
    const width = column.reduce((w, b) => Math.max(w, b.width), 0);
    const cx = x + width / 2;
    columnSpan.push([x, x + width]);
    for (const b of column) {
      if (!b.head) continue;
      let y = b.y - b.height / 2;
      positions.set(b.head.id, { x: cx, y: y + b.head.height / 2 });
      y += b.head.height;
      for (const m of b.members) {
        y += opts.nodeGap / 2;
        positions.set(m.id, { x: cx + INDENT, y: y + m.height / 2 });
        y += m.height;
      }
    }
    x += width + opts.layerGap;
  }
  // Anchors that point nowhere (their group is not drawn): treat as free nodes at the far left.
  for (const n of nodes) {
    if (!positions.has(n.id)) positions.set(n.id, { x: -opts.layerGap - n.width / 2, y: 0 });
  }
  const routes = new Map<string, Point[]>();
  for (const chain of chains) {
    // Straight across each column it passes, in its slot (no node of the column is at that height).
    const points = chain.dummies.flatMap((d) => {
      const [left, right] = columnSpan[d.column]!;
      return [
        { x: left, y: d.y },
        { x: right, y: d.y },
      ];
    });
    routes.set(chain.id, chain.reversed ? points.reverse() : points);
  }
  return { positions, routes };
}

/** How far right of its group an attached resource sits. */
export const INDENT = 24;

function anchorOf(n: LayoutNode, byId: ReadonlyMap<string, LayoutNode>): string | undefined {
  return n.anchor !== undefined && n.anchor !== n.id && byId.has(n.anchor) ? n.anchor : undefined;
}

/** Follows anchors to a node that has none (guards against anchor cycles). */
function rootAnchor(id: string, byId: ReadonlyMap<string, LayoutNode>): string {
  const seen = new Set<string>();
  let current = id;
  for (;;) {
    const n = byId.get(current);
    const next = n && anchorOf(n, byId);
    if (!next || seen.has(next)) return current;
    seen.add(current);
    current = next;
  }
}

/**
 * Very tall columns (hundreds of groups in one tier) wrap into several columns, round-robin in their order,
 * so the drawing keeps about the viewport's shape instead of a thin strip; edges to the farther columns
 * pass the nearer ones through slots like any long edge. Picks the number of columns per tier whose
 * drawing is closest to the aspect ratio.
 */
function wrapColumns(columns: Block[][], opts: LayoutOptions): Block[][] {
  const heights = columns.map(
    (c) => c.reduce((sum, b) => sum + b.height, 0) + opts.nodeGap * Math.max(0, c.length - 1),
  );
  const widths = columns.map((c) => c.reduce((w, b) => Math.max(w, b.width), 0));
  const tallest = Math.max(0, ...heights);
  if (tallest <= opts.wrapHeight) return columns;
  let best: number[] = columns.map(() => 1);
  let bestScore = Infinity;
  for (let k = 1; k <= 32; k++) {
    const limit = Math.max(opts.wrapHeight, tallest / k);
    const ks = heights.map((h, c) => Math.max(1, Math.min(columns[c]!.length, Math.ceil(h / limit - 1e-9))));
    const width = ks.reduce((sum, n, c) => sum + n * (widths[c]! + opts.layerGap), 0);
    const height = Math.max(...heights.map((h, c) => h / ks[c]!));
    const score = Math.abs(Math.log(width / height / opts.aspect));
    if (score < bestScore) {
      bestScore = score;
      best = ks;
    }
  }
  const wrapped: Block[][] = [];
  columns.forEach((column, c) => {
    const k = best[c]!;
    const subs: Block[][] = Array.from({ length: k }, () => []);
    column.forEach((b, i) => subs[i % k]!.push(b));
    for (const sub of subs) {
      const index = wrapped.length;
      for (const b of sub) b.column = index;
      wrapped.push(sub);
    }
  });
  return wrapped;
}

/**
 * Places a column's blocks (in their order) at y positions as close as possible, in least squares, to
 * their `key`, with at least the gap between neighbours: adjacent blocks that would overlap merge into a
 * cluster placed at the mean of its members' wishes (pool adjacent violators).
 */
function placeOrdered(column: readonly Block[], gapBetween: (a: Block, b: Block) => number): void {
  interface Cluster {
    first: number;
    last: number;
    /** Sum over members of (wish − offset of the member's center from the cluster top). */
    sum: number;
    count: number;
    height: number;
    top: number;
  }
  const clusters: Cluster[] = [];
  column.forEach((b, i) => {
    let c: Cluster = { first: i, last: i, sum: b.key - b.height / 2, count: 1, height: b.height, top: 0 };
    c.top = c.sum / c.count;
    for (;;) {
      const prev = clusters[clusters.length - 1];
      if (!prev) break;
      const gap = gapBetween(column[prev.last]!, column[c.first]!);
      if (prev.top + prev.height + gap <= c.top) break;
      clusters.pop();
      const offset = prev.height + gap;
      const merged: Cluster = {
        first: prev.first,
        last: c.last,
        sum: prev.sum + (c.sum - c.count * offset),
        count: prev.count + c.count,
        height: prev.height + gap + c.height,
        top: 0,
      };
      merged.top = merged.sum / merged.count;
      c = merged;
    }
    clusters.push(c);
  });
  for (const c of clusters) {
    let y = c.top;
    for (let i = c.first; i <= c.last; i++) {
      const b = column[i]!;
      if (i > c.first) y += gapBetween(column[i - 1]!, b);
      b.y = y + b.height / 2;
      y += b.height;
    }
  }
}

/**
 * Layers for nodes the server sent without one: sources (internet, CIDRs, prefix lists, external and
 * unknown peers) in column 0, groups one column right of their furthest ingress source, resources with
 * their group. Nodes with a layer keep it.
 */
export function fillLayers(
  nodes: readonly { id: string; kind: string; layer?: number }[],
  edges: readonly { from: string; to: string; direction: string }[],
): Map<string, number> {
  const layers = new Map<string, number>();
  const pending = new Set<string>();
  for (const n of nodes) {
    if (n.layer !== undefined) layers.set(n.id, n.layer);
    else if (n.kind === 'group' || n.kind === 'resource') pending.add(n.id);
    else layers.set(n.id, 0);
  }
  const preds = new Map<string, string[]>();
  for (const e of edges) {
    if (e.direction !== 'ingress' || e.from === e.to) continue;
    const list = preds.get(e.to) ?? [];
    list.push(e.from);
    preds.set(e.to, list);
  }
  const attachedTo = new Map<string, string>();
  for (const e of edges) if (e.direction === 'attached') attachedTo.set(e.from, e.to);
  // Longest path over ingress edges (Kahn's order); a cycle is broken at the node with the most placed
  // sources.
  const waiting = new Map<string, number>();
  for (const id of pending) {
    if (attachedTo.has(id)) continue;
    waiting.set(id, (preds.get(id) ?? []).filter((p) => pending.has(p) && !attachedTo.has(p)).length);
  }
  const succs = new Map<string, string[]>();
  for (const [to, ps] of preds) {
    for (const p of ps) {
      const list = succs.get(p) ?? [];
      list.push(to);
      succs.set(p, list);
    }
  }
  const place = (id: string): void => {
    const known = (preds.get(id) ?? []).map((p) => layers.get(p)).filter((l): l is number => l !== undefined);
    layers.set(id, known.length > 0 ? Math.max(...known) + 1 : 1);
    waiting.delete(id);
    for (const s of succs.get(id) ?? []) {
      const w = waiting.get(s);
      if (w !== undefined) waiting.set(s, w - 1);
    }
  };
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, w]) => w <= 0).map(([id]) => id);
    if (ready.length > 0) {
      ready.forEach(place);
      continue;
    }
    let best: string | undefined;
    let bestKnown = -1;
    for (const id of waiting.keys()) {
      const known = (preds.get(id) ?? []).filter((p) => layers.has(p)).length;
      if (known > bestKnown) [best, bestKnown] = [id, known];
    }
    place(best!);
  }
  for (const id of pending) {
    if (layers.has(id)) continue;
    const group = attachedTo.get(id);
    layers.set(id, (group !== undefined ? layers.get(group) : undefined) ?? 1);
  }
  return layers;
}
