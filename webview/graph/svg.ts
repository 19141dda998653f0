/**
 * "Export SVG": the drawn graph as a standalone SVG document, written from Cytoscape's element positions
 * and computed styles (shapes, colours, line styles, labels), so it looks like the canvas without an extra
 * dependency. Built with the DOM's SVG namespace and XMLSerializer, so every label is escaped.
 */
import type { Core, EdgeSingular, NodeSingular, Position } from 'cytoscape';
import type { Palette } from './theme';

const SVG_NS = 'http://www.w3.org/2000/svg';

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

function num(v: unknown, fallback = 0): number {
  const n = typeof v === 'number' ? v : parseFloat(str(v));
  return Number.isFinite(n) ? n : fallback;
}

function fmt(n: number): string {
  return (Math.round(n * 100) / 100).toString();
}

function shapePath(
  shape: string,
  x: number,
  y: number,
  w: number,
  h: number,
): { tag: string; attrs: Record<string, string> } {
  const l = x - w / 2;
  const t = y - h / 2;
  const poly = (pts: [number, number][]): { tag: string; attrs: Record<string, string> } => ({
    tag: 'polygon',
    attrs: { points: pts.map(([px, py]) => `${fmt(px)},${fmt(py)}`).join(' ') },
  });
  switch (shape) {
    case 'ellipse':
      return { tag: 'ellipse', attrs: { cx: fmt(x), cy: fmt(y), rx: fmt(w / 2), ry: fmt(h / 2) } };
    case 'cut-rectangle': {
      const c = Math.min(8, h / 4);
      return poly([
        [l + c, t],
        [l + w - c, t],
        [l + w, t + c],
        [l + w, t + h - c],
        [l + w - c, t + h],
        [l + c, t + h],
        [l, t + h - c],
        [l, t + c],
      ]);
    }
    case 'rhomboid': {
      const s = h / 3;
      return poly([
        [l + s, t],
        [l + w, t],
        [l + w - s, t + h],
        [l, t + h],
      ]);
    }
    case 'hexagon':
    case 'round-hexagon': {
      const s = Math.min(w / 4, h / 2);
      return poly([
        [l + s, t],
        [l + w - s, t],
        [l + w, y],
        [l + w - s, t + h],
        [l + s, t + h],
        [l, y],
      ]);
    }
    case 'diamond':
      return poly([
        [x, t],
        [l + w, y],
        [x, t + h],
        [l, y],
      ]);
    case 'barrel':
      return {
        tag: 'rect',
        attrs: { x: fmt(l), y: fmt(t), width: fmt(w), height: fmt(h), rx: fmt(w * 0.1), ry: fmt(h / 2) },
      };
    case 'rectangle':
      return { tag: 'rect', attrs: { x: fmt(l), y: fmt(t), width: fmt(w), height: fmt(h) } };
    default: {
      const r = Math.min(6, h / 4);
      return {
        tag: 'rect',
        attrs: { x: fmt(l), y: fmt(t), width: fmt(w), height: fmt(h), rx: fmt(r), ry: fmt(r) },
      };
    }
  }
}

function dash(style: string, width: number): string | undefined {
  if (style === 'dashed') return `${fmt(width * 4)} ${fmt(width * 3)}`;
  if (style === 'dotted') return `${fmt(width)} ${fmt(width * 2)}`;
  return undefined;
}

function edgePath(e: EdgeSingular): string {
  const s = e.sourceEndpoint();
  const t = e.targetEndpoint();
  const p = (q: Position): string => `${fmt(q.x)},${fmt(q.y)}`;
  const style = str(e.style('curve-style'));
  if (style.endsWith('segments') || style.endsWith('taxi')) {
    const pts = e.segmentPoints() ?? [];
    return `M${p(s)} ${pts.map((q) => `L${p(q)}`).join(' ')} L${p(t)}`;
  }
  const cps = style === 'straight' || style === 'haystack' ? [] : (e.controlPoints() ?? []);
  if (cps.length === 0) return `M${p(s)} L${p(t)}`;
  if (cps.length === 1) return `M${p(s)} Q${p(cps[0]!)} ${p(t)}`;
  // Several control points: quadratic pieces through their midpoints, as Cytoscape draws them.
  let d = `M${p(s)}`;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const next = cps[i + 1];
    const end = next ? { x: (c.x + next.x) / 2, y: (c.y + next.y) / 2 } : t;
    d += ` Q${p(c)} ${p(end)}`;
  }
  return d;
}

export interface SvgOptions {
  readonly palette: Palette;
  readonly measure: (text: string, fontSize: number) => number;
  /** Only these elements (the visible ones); default all. */
  readonly padding?: number;
}

export function toSvg(cy: Core, options: SvgOptions): string {
  const { palette, measure } = options;
  const padding = options.padding ?? 24;
  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const svg = doc.documentElement;
  const el = (
    tag: string,
    attrs: Record<string, string | undefined>,
    parent: Element,
    text?: string,
  ): Element => {
    const e = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    parent.appendChild(e);
    return e;
  };

  const visible = cy.elements(':visible');
  const bb = visible.boundingBox({ includeLabels: true, includeOverlays: false });
  const x0 = (Number.isFinite(bb.x1) ? bb.x1 : 0) - padding;
  const y0 = (Number.isFinite(bb.y1) ? bb.y1 : 0) - padding;
  const w = (Number.isFinite(bb.w) ? bb.w : 0) + 2 * padding;
  const h = (Number.isFinite(bb.h) ? bb.h : 0) + 2 * padding;
  svg.setAttribute('viewBox', `${fmt(x0)} ${fmt(y0)} ${fmt(w)} ${fmt(h)}`);
  svg.setAttribute('width', fmt(w));
  svg.setAttribute('height', fmt(h));
  svg.setAttribute('font-family', palette.fontFamily);
  el('title', {}, svg, 'Security group graph (sg-lint)');
  el('rect', { x: fmt(x0), y: fmt(y0), width: fmt(w), height: fmt(h), fill: palette.background }, svg);

  const defs = el('defs', {}, svg);
  const markers = new Map<string, string>();
  const marker = (color: string): string => {
    let id = markers.get(color);
    if (!id) {
      id = `arrow${markers.size}`;
      markers.set(color, id);
      const m = el(
        'marker',
        {
          id,
          viewBox: '0 0 10 10',
          refX: '10',
          refY: '5',
          markerWidth: '5',
          markerHeight: '5',
          orient: 'auto-start-reverse',
          markerUnits: 'strokeWidth',
        },
        defs,
      );
      el('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }, m);
    }
    return id;
  };

  const edgesLayer = el('g', { class: 'edges' }, svg);
  const nodesLayer = el('g', { class: 'nodes' }, svg);
  const labelsLayer = el('g', { class: 'edge-labels' }, svg);

  visible.edges().forEach((e: EdgeSingular) => {
    const opacity = e.effectiveOpacity();
    const width = num(e.numericStyle('width'), 1);
    const color = str(e.style('line-color'), palette.edge);
    const g = el('g', { opacity: opacity < 1 ? fmt(opacity) : undefined }, edgesLayer);
    const d = edgePath(e);
    const underlay = num(e.style('underlay-opacity'));
    if (underlay > 0) {
      el(
        'path',
        {
          d,
          fill: 'none',
          stroke: str(e.style('underlay-color'), palette.error),
          'stroke-opacity': fmt(underlay),
          'stroke-width': fmt(width + 2 * num(e.numericStyle('underlay-padding'))),
          'stroke-linecap': 'round',
        },
        g,
      );
    }
    const arrow = str(e.style('target-arrow-shape')) !== 'none';
    el(
      'path',
      {
        d,
        fill: 'none',
        stroke: color,
        'stroke-width': fmt(width),
        'stroke-dasharray': dash(str(e.style('line-style')), width),
        'marker-end': arrow ? `url(#${marker(str(e.style('target-arrow-color'), color))})` : undefined,
      },
      g,
    );
    let label = str(e.style('label'));
    let mid = e.midpoint();
    const targetLabel = str(e.style('target-label'));
    if (!label && targetLabel) {
      // A label placed near the target: that far back along the last segment.
      label = targetLabel;
      const t = e.targetEndpoint();
      const points = e.segmentPoints() ?? [];
      const from = points[points.length - 1] ?? e.sourceEndpoint();
      const dx = from.x - t.x;
      const dy = from.y - t.y;
      const len = Math.hypot(dx, dy) || 1;
      const offset = Math.min(len / 2, num(e.numericStyle('target-text-offset'), 0));
      mid = { x: t.x + (dx / len) * offset, y: t.y + (dy / len) * offset };
    }
    if (label) {
      const size = num(e.numericStyle('font-size'), 10);
      const tw = measure(label, size) + 6;
      const lg = el('g', { opacity: opacity < 1 ? fmt(opacity) : undefined }, labelsLayer);
      el(
        'rect',
        {
          x: fmt(mid.x - tw / 2),
          y: fmt(mid.y - size * 0.75),
          width: fmt(tw),
          height: fmt(size * 1.5),
          rx: '3',
          fill: str(e.style('text-background-color'), palette.background),
          stroke: num(e.style('text-border-opacity')) > 0 ? str(e.style('text-border-color')) : undefined,
          'stroke-width':
            num(e.style('text-border-opacity')) > 0
              ? fmt(num(e.numericStyle('text-border-width'), 1))
              : undefined,
        },
        lg,
      );
      el(
        'text',
        {
          x: fmt(mid.x),
          y: fmt(mid.y),
          'font-size': fmt(size),
          fill: str(e.style('color'), palette.foreground),
          'text-anchor': 'middle',
          'dominant-baseline': 'central',
        },
        lg,
        label,
      );
    }
  });

  visible.nodes().forEach((n: NodeSingular) => {
    const { x, y } = n.position();
    const nw = n.width();
    const nh = n.height();
    const opacity = n.effectiveOpacity();
    const g = el('g', { opacity: opacity < 1 ? fmt(opacity) : undefined }, nodesLayer);
    const shape = str(n.style('shape'), 'round-rectangle');
    const underlay = num(n.style('underlay-opacity'));
    if (underlay > 0) {
      const pad = num(n.numericStyle('underlay-padding'));
      const u = shapePath(shape, x, y, nw + 2 * pad, nh + 2 * pad);
      el(
        u.tag,
        { ...u.attrs, fill: str(n.style('underlay-color'), palette.error), 'fill-opacity': fmt(underlay) },
        g,
      );
    }
    const borderWidth = num(n.numericStyle('border-width'));
    const s = shapePath(shape, x, y, nw, nh);
    el(
      s.tag,
      {
        ...s.attrs,
        fill: str(n.style('background-color'), palette.nodeBackground),
        stroke: borderWidth > 0 ? str(n.style('border-color'), palette.nodeBorder) : undefined,
        'stroke-width': borderWidth > 0 ? fmt(borderWidth) : undefined,
        'stroke-dasharray': dash(str(n.style('border-style')), borderWidth),
      },
      g,
    );
    const label = str(n.style('label'));
    if (label) {
      const size = num(n.numericStyle('font-size'), 12);
      const lines = label.split('\n');
      const text = el(
        'text',
        {
          x: fmt(x),
          y: fmt(y - ((lines.length - 1) * size * 1.2) / 2),
          'font-size': fmt(size),
          fill: str(n.style('color'), palette.foreground),
          'text-anchor': 'middle',
          'dominant-baseline': 'central',
        },
        g,
      );
      lines.forEach((line, i) => {
        el('tspan', { x: fmt(x), dy: i === 0 ? '0' : fmt(size * 1.2) }, text, line);
      });
    }
  });

  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}\n`;
}
