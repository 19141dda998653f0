/**
 * The security-group graph webview: draws the graph the extension posts (`{type:'graph'}`) with Cytoscape
 * in a layered left-to-right layout, and answers with `reveal`, `scope` and `export` messages. It keeps
 * node positions, zoom and pan across updates (elements are updated in place, only new nodes are placed)
 * and across reloads (vscode.setState).
 *
 * Security: the page's CSP allows only this script (by nonce) and styles from the extension; messages are
 * validated (validate.ts) before use; labels reach the canvas as text and the DOM only through textContent.
 */
import cytoscape from 'cytoscape';
import type {
  Core,
  EdgeSingular,
  ElementDefinition,
  EventObject,
  NodeSingular,
  StylesheetJson,
} from 'cytoscape';
import type {
  FromGraphWebview,
  GraphLocation,
  GraphNode,
  GraphScopeKind,
  SecurityGroupGraph,
} from '../../server/src/protocol';
import {
  renderEdgeDetails,
  renderNodeDetails,
  tooltipForEdge,
  tooltipForNode,
  type DetailsContext,
} from './details';
import { append, clear, h } from './dom';
import {
  INDENT,
  layeredLayout,
  type LayoutEdge,
  type LayoutNode,
  type LayoutOptions,
  type Point,
} from './layout';
import {
  CLUSTER_PREFIX,
  buildView,
  clusterKey,
  filterView,
  type SeverityFilter,
  type View,
  type ViewEdge,
  type ViewNode,
} from './model';
import { toSvg } from './svg';
import { readPalette, type Palette } from './theme';
import { validateMessage } from './validate';

interface VsCodeApi {
  postMessage(message: FromGraphWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

declare global {
  interface Window {
    /** Set by the browser test before the script loads: exposes the Cytoscape instance and timings. */
    __SG_LINT_TEST__?: boolean;
    __sgLintGraph?: TestHook;
  }
}

interface TestHook {
  readonly cy: Core;
  readonly timings: Timings;
  view(): View | undefined;
}

interface Timings {
  /** Message received → elements and positions applied (ms). */
  layoutMs?: number;
  /** Message received → the frame after (ms). */
  renderMs?: number;
  updates: number;
  /** The last render's phases (ms), for the bench. */
  phases: Record<string, number>;
}

/** What survives a reload (the panel is hidden and shown, or VS Code restarts). */
interface SavedState {
  readonly v: 1;
  scope: GraphScopeKind;
  text: string;
  severity: SeverityFilter;
  showResources: boolean;
  collapse: boolean;
  expanded: string[];
  positions: Record<string, [number, number]>;
  zoom?: number;
  pan?: Point;
  /** Scope identity the positions belong to. */
  scopeKey?: string;
  /** The scope's document or folder (the host reads it when VS Code restores the panel). */
  scopeUri?: string;
  /** Long edges' segment points (weights, distances), from the last layout. */
  routes: Record<string, [number[], number[]]>;
}

const SEVERITIES: readonly SeverityFilter[] = ['all', 'note', 'warning', 'error', 'exposure'];
const SCOPES: readonly GraphScopeKind[] = ['file', 'folder', 'workspace'];
const MAX_LABEL = 48;
const LAYER_GAP = 150;
const NODE_GAP = 18;

function loadState(raw: unknown): SavedState {
  const s: SavedState = {
    v: 1,
    scope: 'file',
    text: '',
    severity: 'all',
    showResources: false,
    collapse: true,
    expanded: [],
    positions: {},
    routes: {},
  };
  if (typeof raw !== 'object' || raw === null) return s;
  const r = raw as Record<string, unknown>;
  if (typeof r.scope === 'string' && (SCOPES as readonly string[]).includes(r.scope))
    s.scope = r.scope as GraphScopeKind;
  if (typeof r.text === 'string') s.text = r.text.slice(0, 200);
  if (typeof r.severity === 'string' && (SEVERITIES as readonly string[]).includes(r.severity)) {
    s.severity = r.severity as SeverityFilter;
  }
  if (typeof r.showResources === 'boolean') s.showResources = r.showResources;
  if (typeof r.collapse === 'boolean') s.collapse = r.collapse;
  if (Array.isArray(r.expanded)) s.expanded = r.expanded.filter((x): x is string => typeof x === 'string');
  if (typeof r.scopeKey === 'string') s.scopeKey = r.scopeKey;
  if (typeof r.scopeUri === 'string') s.scopeUri = r.scopeUri;
  if (typeof r.positions === 'object' && r.positions !== null) {
    for (const [k, v] of Object.entries(r.positions as Record<string, unknown>)) {
      if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        s.positions[k] = [v[0] as number, v[1] as number];
      }
    }
  }
  if (typeof r.routes === 'object' && r.routes !== null) {
    const numbers = (x: unknown): x is number[] =>
      Array.isArray(x) && x.length < 64 && x.every((n) => typeof n === 'number' && Number.isFinite(n));
    for (const [k, v] of Object.entries(r.routes as Record<string, unknown>)) {
      if (
        Array.isArray(v) &&
        v.length === 2 &&
        numbers(v[0]) &&
        numbers(v[1]) &&
        v[0].length === v[1].length
      ) {
        s.routes[k] = [v[0], v[1]];
      }
    }
  }
  if (typeof r.zoom === 'number' && Number.isFinite(r.zoom) && r.zoom > 0) s.zoom = r.zoom;
  const pan = r.pan as Record<string, unknown> | undefined;
  if (
    pan &&
    typeof pan.x === 'number' &&
    typeof pan.y === 'number' &&
    Number.isFinite(pan.x) &&
    Number.isFinite(pan.y)
  ) {
    s.pan = { x: pan.x, y: pan.y };
  }
  return s;
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

class GraphApp {
  private readonly vscode = acquireVsCodeApi();
  private readonly state: SavedState;
  private palette: Palette;
  private readonly cy: Core;
  private graph: SecurityGroupGraph | undefined;
  private graphNodes = new Map<string, GraphNode>();
  private view: View | undefined;
  private viewNodes = new Map<string, ViewNode>();
  private viewEdges = new Map<string, ViewEdge>();
  private dropped = 0;
  private selected: string | undefined;
  private readonly timings: Timings = { updates: 0, phases: {} };
  private saveTimer: number | undefined;
  private readonly measureCtx: CanvasRenderingContext2D | null;

  // DOM
  private readonly root: HTMLElement;
  private readonly container: HTMLElement;
  private readonly placeholder: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly details: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly status: HTMLElement;
  private readonly scopeSelect: HTMLSelectElement;
  private readonly search: HTMLInputElement;
  private readonly severitySelect: HTMLSelectElement;
  private readonly resourcesToggle: HTMLInputElement;
  private readonly collapseButton: HTMLButtonElement;

  constructor() {
    this.state = loadState(this.vscode.getState());
    this.palette = readPalette();
    this.measureCtx = document.createElement('canvas').getContext('2d');

    this.root = document.getElementById('app') ?? document.body;
    clear(this.root);
    this.scopeSelect = h('select', { title: 'Which files the graph covers', ariaLabel: 'Scope' });
    for (const [value, text] of [
      ['file', 'This file'],
      ['folder', 'This folder'],
      ['workspace', 'Workspace'],
    ] as const) {
      const o = h('option', {}, text);
      o.value = value;
      this.scopeSelect.appendChild(o);
    }
    this.scopeSelect.value = this.state.scope;
    this.search = h('input', {
      title: 'Filter by name, address, file, tag, port or rule id',
      ariaLabel: 'Filter',
    });
    this.search.type = 'search';
    this.search.placeholder = 'Filter…';
    this.search.value = this.state.text;
    this.severitySelect = h('select', {
      title: 'Show only findings at least this severe',
      ariaLabel: 'Severity',
    });
    for (const [value, text] of [
      ['all', 'All rules'],
      ['note', 'Notes and worse'],
      ['warning', 'Warnings and errors'],
      ['error', 'Errors only'],
      ['exposure', 'Exposure paths'],
    ] as const) {
      const o = h('option', {}, text);
      o.value = value;
      this.severitySelect.appendChild(o);
    }
    this.severitySelect.value = this.state.severity;
    this.resourcesToggle = h('input', { ariaLabel: 'Show attached resources' });
    this.resourcesToggle.type = 'checkbox';
    this.resourcesToggle.checked = this.state.showResources;
    this.collapseButton = h(
      'button',
      { title: 'Collapse or expand the groups of every file', onClick: () => this.toggleCollapseAll() },
      'Expand all',
    );
    this.collapseButton.hidden = true;

    const toolbar = h(
      'div',
      { className: 'toolbar', role: 'toolbar', ariaLabel: 'Graph' },
      this.scopeSelect,
      this.search,
      this.severitySelect,
      h(
        'label',
        { className: 'toggle', title: 'Draw the resources attached to each group beside it' },
        this.resourcesToggle,
        'Resources',
      ),
      h('span', { className: 'spacer' }),
      h('button', { title: 'Fit the graph (0)', onClick: () => this.fit() }, 'Fit'),
      h('button', { title: 'Zoom in (+)', ariaLabel: 'Zoom in', onClick: () => this.zoomBy(1.25) }, '+'),
      h('button', { title: 'Zoom out (−)', ariaLabel: 'Zoom out', onClick: () => this.zoomBy(0.8) }, '−'),
      h(
        'button',
        { title: 'Lay the graph out again (forgets moved nodes)', onClick: () => this.relayout() },
        'Re-layout',
      ),
      this.collapseButton,
      h('button', { title: 'Export as SVG', onClick: () => this.exportSvg() }, 'SVG'),
      h('button', { title: 'Export as PNG', onClick: () => this.exportPng() }, 'PNG'),
    );
    this.banner = h('div', { className: 'banner', role: 'alert' });
    this.banner.hidden = true;
    this.container = h('div', { className: 'graph', ariaLabel: 'Security group graph', tabIndex: 0 });
    this.placeholder = h('div', { className: 'placeholder' }, 'Loading the security-group graph…');
    this.details = h('aside', { className: 'details', ariaLabel: 'Details' });
    this.tooltip = h('div', { className: 'tooltip', role: 'tooltip' });
    this.tooltip.hidden = true;
    this.status = h('div', { className: 'status' });
    append(
      this.root,
      toolbar,
      this.banner,
      h(
        'div',
        { className: 'main' },
        h('div', { className: 'canvas' }, this.container, this.placeholder),
        this.details,
      ),
      h('div', { className: 'footer' }, this.status, this.legend()),
      this.tooltip,
    );
    this.showDetailsHint();

    // Cytoscape adds a <style> element unless one with this id exists; the CSP refuses inline styles, and
    // graph.css already positions the container.
    if (!document.getElementById('__________cytoscape_stylesheet')) {
      const marker = document.createElement('meta');
      marker.id = '__________cytoscape_stylesheet';
      document.head.appendChild(marker);
    }
    this.cy = cytoscape({
      container: this.container,
      elements: [],
      style: this.stylesheet(),
      layout: { name: 'preset' },
      minZoom: 0.03,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      // Pan and zoom move a snapshot of the last frame and redraw when they stop: large graphs stay fluid.
      textureOnViewport: true,
    });
    this.wire();
    if (window.__SG_LINT_TEST__ === true) {
      window.__sgLintGraph = { cy: this.cy, timings: this.timings, view: () => this.view };
    }
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.onMessage(e.data));
    this.post({ type: 'ready' });
  }

  private post(message: FromGraphWebview): void {
    this.vscode.postMessage(message);
  }

  // ----------------------------------------------------------------------------------------------
  // Messages

  private onMessage(data: unknown): void {
    const result = validateMessage(data);
    if (!result.ok) {
      this.showBanner(`Ignored a malformed message from the extension: ${result.error}`);
      return;
    }
    const message = result.value;
    if (message.type === 'error') {
      this.showBanner(message.message);
      if (!this.graph) this.placeholder.textContent = message.message;
      return;
    }
    this.hideBanner();
    this.dropped = result.dropped;
    this.setGraph(message.graph);
  }

  private showBanner(text: string): void {
    this.banner.textContent = text;
    this.banner.hidden = false;
  }

  private hideBanner(): void {
    this.banner.hidden = true;
  }

  // ----------------------------------------------------------------------------------------------
  // Graph → elements

  private setGraph(graph: SecurityGroupGraph, forceLayout = false): void {
    const started = performance.now();
    const scopeKey = `${graph.scope.kind}\u0000${graph.scope.uri ?? graph.scope.label}`;
    const scopeChanged = this.state.scopeKey !== undefined && this.state.scopeKey !== scopeKey;
    if (scopeChanged) {
      this.state.positions = {};
      this.state.routes = {};
      this.state.expanded = [];
      this.state.collapse = true;
      delete this.state.zoom;
      delete this.state.pan;
    }
    this.state.scopeKey = scopeKey;
    this.state.scope = graph.scope.kind;
    if (graph.scope.uri !== undefined) this.state.scopeUri = graph.scope.uri;
    else delete this.state.scopeUri;
    this.scopeSelect.value = graph.scope.kind;
    this.graph = graph;
    this.graphNodes = new Map(graph.nodes.map((n) => [n.id, n]));
    this.render(forceLayout || scopeChanged);
    this.timings.layoutMs = performance.now() - started;
    this.timings.updates++;
    requestAnimationFrame(() => {
      this.timings.renderMs = performance.now() - started;
    });
  }

  /** Rebuilds the view from the graph and the options, updating Cytoscape in place. */
  private render(fullLayout: boolean): void {
    const graph = this.graph;
    if (!graph) return;
    const phases: Record<string, number> = {};
    let mark = performance.now();
    const phase = (name: string): void => {
      const now = performance.now();
      phases[name] = now - mark;
      mark = now;
    };
    const view = buildView(graph, {
      showResources: this.state.showResources,
      collapse: this.state.collapse,
      expanded: new Set(this.state.expanded),
    });
    this.view = view;
    this.viewNodes = new Map(view.nodes.map((n) => [n.id, n]));
    this.viewEdges = new Map(view.edges.map((e) => [e.id, e]));
    const big = view.edges.length > 1500 || view.nodes.length > 600;
    const busy = view.edges.length > 300;
    if (busy !== this.busy) {
      this.busy = busy;
      this.cy.style(this.stylesheet());
    }
    phase('view');

    const cy = this.cy;
    const hadPositions = cy.nodes().length > 0;
    const newNodes: string[] = [];
    cy.batch(() => {
      // Remove what is gone (and edges whose ends changed: Cytoscape edges cannot move).
      cy.edges().forEach((ele) => {
        const e = this.viewEdges.get(ele.id());
        if (!e || e.source !== ele.data('source') || e.target !== ele.data('target')) ele.remove();
      });
      cy.nodes().forEach((ele) => {
        if (!this.viewNodes.has(ele.id())) ele.remove();
      });
      const adds: ElementDefinition[] = [];
      for (const n of view.nodes) {
        const data = this.nodeData(n);
        const classes = this.nodeClasses(n);
        const existing = cy.getElementById(n.id);
        if (existing.nonempty()) {
          existing.data(data);
          existing.classes(classes);
        } else {
          newNodes.push(n.id);
          adds.push({ group: 'nodes', data, classes });
        }
      }
      for (const e of view.edges) {
        const data = this.edgeData(e);
        const classes = this.edgeClasses(e);
        const existing = cy.getElementById(e.id);
        if (existing.nonempty()) {
          existing.data(data);
          // The route stays with the edge until the next full layout.
          existing.classes(existing.hasClass('routed') ? [...classes, 'routed'] : classes);
        } else {
          adds.push({ group: 'edges', data, classes });
        }
      }
      phase('data');
      if (adds.length > 0) cy.add(adds);
    });
    phase('elements');
    this.placeholder.hidden = view.nodes.length > 0;
    if (view.nodes.length === 0) {
      this.placeholder.textContent = `No security groups in ${graph.scope.label}.`;
    }

    this.place(newNodes, fullLayout, hadPositions);
    phase('layout');
    this.applyFilter();
    phase('filter');
    this.collapseButton.hidden = !view.clusterable;
    this.collapseButton.textContent = this.collapsedAny() ? 'Expand all' : 'Collapse files';
    this.updateStatus(big);
    this.refreshSelection();
    this.saveSoon();
    phase('rest');
    this.timings.phases = phases;
  }

  private collapsedAny(): boolean {
    return (this.view?.nodes ?? []).some((n) => n.kind === 'cluster');
  }

  private measure(text: string, size: number, bold = false): number {
    const c = this.measureCtx;
    if (!c) return text.length * size * 0.6;
    c.font = `${bold ? '600 ' : ''}${size}px ${this.palette.fontFamily}`;
    return c.measureText(text).width;
  }

  private nodeData(n: ViewNode): Record<string, unknown> {
    const lines =
      n.kind === 'cluster'
        ? n.label.split('\n').map((l) => truncate(l, MAX_LABEL))
        : [truncate(n.label, MAX_LABEL)];
    const label = lines.join('\n');
    const size = n.kind === 'resource' ? 12 : 13;
    const text = Math.max(
      ...lines.map((l) => this.measure(l, size, n.kind === 'group' || n.kind === 'cluster')),
    );
    const pad = n.kind === 'internet' ? 44 : n.kind === 'external' ? 48 : n.kind === 'cidr' ? 34 : 26;
    const w = Math.ceil(Math.min(380, Math.max(n.kind === 'resource' ? 56 : 72, text + pad)));
    const hgt = n.kind === 'cluster' ? 50 : n.kind === 'resource' ? 26 : n.kind === 'internet' ? 38 : 32;
    return {
      id: n.id,
      label,
      kind: n.kind,
      worst: n.worst ?? 'none',
      w,
      h: hgt,
      size,
      layer: n.layer,
      anchor: n.anchor,
    };
  }

  private nodeClasses(n: ViewNode): string[] {
    const c: string[] = [n.kind];
    if (n.exposed) c.push('exposed');
    return c;
  }

  private edgeData(e: ViewEdge): Record<string, unknown> {
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      label: truncate(e.label, 40),
      worst: e.worst ?? 'none',
      direction: e.direction,
    };
  }

  private edgeClasses(e: ViewEdge): string[] {
    const c: string[] = [e.direction];
    if (e.exposure) c.push('exposure');
    return c;
  }

  // ----------------------------------------------------------------------------------------------
  // Layout

  private layoutInput(): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
    const nodes: LayoutNode[] = this.cy.nodes().map((n) => {
      const anchor = n.data('anchor') as string | undefined;
      return {
        id: n.id(),
        layer: n.data('layer') as number,
        width: n.data('w') as number,
        height: n.data('h') as number,
        ...(anchor !== undefined ? { anchor } : {}),
      };
    });
    const edges = this.cy
      .edges()
      .map((e) => ({ id: e.id(), source: e.data('source') as string, target: e.data('target') as string }));
    return { nodes, edges };
  }

  private layoutOptions(): Partial<LayoutOptions> {
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    return { layerGap: LAYER_GAP, nodeGap: NODE_GAP, aspect: w > 0 && h > 0 ? w / h : 1.6 };
  }

  /**
   * Positions: a full layout the first time (or on request); otherwise existing nodes stay where they are,
   * nodes with a saved position (a reload) go there, and new nodes are placed near their neighbours.
   */
  private place(newNodes: readonly string[], fullLayout: boolean, hadPositions: boolean): void {
    const cy = this.cy;
    const saved = this.state.positions;
    const restorable = newNodes.filter((id) => saved[id] !== undefined);
    const unknown = newNodes.filter((id) => saved[id] === undefined);
    const total = cy.nodes().length;
    const mostlyNew = !hadPositions && restorable.length === 0;
    if (fullLayout || mostlyNew || unknown.length > total * 0.6) {
      const { nodes, edges } = this.layoutInput();
      const { positions, routes } = layeredLayout(nodes, edges, this.layoutOptions());
      cy.batch(() => {
        cy.nodes().forEach((n) => {
          const p = positions.get(n.id());
          if (p) n.position(p);
        });
      });
      this.applyRoutes(routes);
      this.fit();
      return;
    }
    if (newNodes.length === 0) return;
    cy.batch(() => {
      for (const id of restorable) {
        const [x, y] = saved[id]!;
        cy.getElementById(id).position({ x, y });
      }
      if (!hadPositions) {
        for (const [id, [sw, sd]] of Object.entries(this.state.routes)) {
          const e = cy.getElementById(id);
          if (e.nonempty() && e.isEdge()) e.data({ sw, sd }).addClass('routed');
        }
      }
    });
    if (!hadPositions && this.state.zoom !== undefined && this.state.pan) {
      cy.viewport({ zoom: this.state.zoom, pan: this.state.pan });
    } else if (!hadPositions) {
      this.fit();
    }
    if (unknown.length > 0) this.placeNew(unknown);
  }

  /**
   * New nodes among placed ones: the fresh layout's spot, moved toward placed neighbours, without overlap;
   * attached resources under their group (what is below moves down to make room).
   */
  private placeNew(ids: readonly string[]): void {
    const cy = this.cy;
    const pending = new Set(ids);
    const { nodes, edges } = this.layoutInput();
    const fresh = layeredLayout(nodes, edges, this.layoutOptions()).positions;
    // Translate the fresh layout onto the current one (mean offset over placed nodes).
    let dx = 0;
    let dy = 0;
    let count = 0;
    cy.nodes().forEach((n) => {
      if (pending.has(n.id())) return;
      const f = fresh.get(n.id());
      if (!f) return;
      dx += n.position('x') - f.x;
      dy += n.position('y') - f.y;
      count++;
    });
    if (count > 0) {
      dx /= count;
      dy /= count;
    }
    interface Box {
      x: number;
      y: number;
      w: number;
      h: number;
    }
    const boxes = new Map<string, Box>();
    cy.nodes().forEach((n) => {
      if (!pending.has(n.id()))
        boxes.set(n.id(), { x: n.position('x'), y: n.position('y'), w: n.width(), h: n.height() });
    });
    const overlapsX = (b: Box, x: number, w: number): boolean => Math.abs(b.x - x) < (b.w + w) / 2 + 8;
    /** Where the next resource under a group goes. */
    const nextUnder = new Map<string, number>();
    // Groups first, so resources can stack under them.
    const isResource = (id: string): number => Number(cy.getElementById(id).data('kind') === 'resource');
    const order = [...ids].sort((a, b) => isResource(a) - isResource(b));
    cy.batch(() => {
      for (const id of order) {
        const n = cy.getElementById(id) as NodeSingular;
        const f = fresh.get(id) ?? { x: 0, y: 0 };
        const w = n.data('w') as number;
        const hh = n.data('h') as number;
        const anchorId = n.data('anchor') as string | undefined;
        const anchor = anchorId !== undefined ? boxes.get(anchorId) : undefined;
        if (anchorId !== undefined && anchor) {
          // Under its group: the nodes below in that band move down to make room.
          const x = anchor.x + INDENT;
          const top = nextUnder.get(anchorId) ?? anchor.y + anchor.h / 2 + NODE_GAP / 2;
          const bottom = top + hh;
          const below = [...boxes].filter(
            ([other, b]) => other !== anchorId && b.y > anchor.y && overlapsX(b, x, w),
          );
          const firstTop = Math.min(...below.map(([, b]) => b.y - b.h / 2));
          const shift = bottom + NODE_GAP - firstTop;
          if (below.length > 0 && shift > 0) {
            for (const [other, b] of below) {
              b.y += shift;
              cy.getElementById(other).position({ x: b.x, y: b.y });
            }
          }
          const y = top + hh / 2;
          n.position({ x, y });
          boxes.set(id, { x, y, w, h: hh });
          nextUnder.set(anchorId, bottom + NODE_GAP / 2);
          pending.delete(id);
          continue;
        }
        const x = f.x + dx;
        let y = f.y + dy;
        let sum = 0;
        let k = 0;
        n.neighborhood()
          .nodes()
          .forEach((m) => {
            if (pending.has(m.id())) return;
            sum += m.position('y');
            k++;
          });
        if (k > 0) y = sum / k;
        // Step down until free.
        for (let guard = 0; guard < 10_000; guard++) {
          let hit: Box | undefined;
          for (const b of boxes.values()) {
            if (overlapsX(b, x, w) && Math.abs(b.y - y) < (b.h + hh) / 2 + NODE_GAP / 2) {
              hit = b;
              break;
            }
          }
          if (!hit) break;
          y = hit.y + (hit.h + hh) / 2 + NODE_GAP;
        }
        n.position({ x, y });
        boxes.set(id, { x, y, w, h: hh });
        pending.delete(id);
      }
    });
  }

  /**
   * Long edges go through the slots the layout kept for them: as segment points relative to the edge's
   * ends (weight along it, distance across it), which Cytoscape keeps when nodes are dragged.
   */
  private applyRoutes(routes: ReadonlyMap<string, Point[]>): void {
    const saved: Record<string, [number[], number[]]> = {};
    this.cy.batch(() => {
      this.cy.edges().forEach((e) => {
        const route = routes.get(e.id());
        const s = e.source().position();
        const t = e.target().position();
        const vx = t.x - s.x;
        const vy = t.y - s.y;
        const len2 = vx * vx + vy * vy;
        if (len2 < 1) return;
        const len = Math.sqrt(len2);
        if ((!route || route.length === 0) && Math.abs(vx) < 1) {
          // Between nodes of one column: a bracket to the right of the column, not a line through it.
          // Out past the wider end (a bend inside a node leaves Cytoscape no endpoint to draw from).
          const reach = Math.max(e.source().width(), e.target().width()) / 2;
          const d = (reach + Math.min(120, 28 + Math.abs(vy) * 0.1)) * (vy > 0 ? -1 : 1);
          const sw = [0.15, 0.85];
          const sd = [d, d];
          e.data({ sw, sd }).addClass('routed');
          saved[e.id()] = [sw, sd];
          return;
        }
        if (!route || route.length === 0) {
          if (e.hasClass('routed')) e.removeClass('routed').removeData('sw sd');
          return;
        }
        const sw = route.map((p) => Math.round((((p.x - s.x) * vx + (p.y - s.y) * vy) / len2) * 1e4) / 1e4);
        const sd = route.map((p) => Math.round(((-(p.x - s.x) * vy + (p.y - s.y) * vx) / len) * 10) / 10);
        e.data({ sw, sd }).addClass('routed');
        saved[e.id()] = [sw, sd];
      });
    });
    this.state.routes = saved;
  }

  private relayout(): void {
    this.state.positions = {};
    this.state.routes = {};
    this.render(true);
  }

  /** Fits the nodes (their boxes are cheap; edges' boxes with labels cost a second on 3,000 edges). */
  private fit(): void {
    const nodes = this.cy.nodes(':visible');
    if (nodes.length === 0) return;
    this.cy.fit(nodes, 32);
    if (this.cy.zoom() > 1.5) {
      this.cy.zoom(1.5);
      this.cy.center(nodes);
    }
  }

  private zoomBy(factor: number): void {
    const cy = this.cy;
    cy.zoom({
      level: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor)),
      renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
    });
  }

  // ----------------------------------------------------------------------------------------------
  // Filters, collapse, resources

  private applyFilter(): void {
    const view = this.view;
    if (!view) return;
    const keep = filterView(view, { text: this.state.text, severity: this.state.severity });
    this.cy.batch(() => {
      this.cy.elements().forEach((ele) => {
        const dim = keep !== undefined && !keep.has(ele.id());
        if (dim) ele.addClass('dim');
        else ele.removeClass('dim');
      });
    });
    this.root.classList.toggle('filtered', keep !== undefined);
  }

  private expand(file: string, select?: string): void {
    if (!this.state.expanded.includes(file)) this.state.expanded.push(file);
    this.render(false);
    if (select !== undefined) this.select(select);
  }

  private collapse(file: string): void {
    this.state.expanded = this.state.expanded.filter((f) => f !== file);
    this.state.collapse = true;
    this.render(false);
    this.select(CLUSTER_PREFIX + file);
  }

  private toggleCollapseAll(): void {
    if (this.collapsedAny()) {
      this.state.collapse = false;
      this.state.expanded = [];
    } else {
      this.state.collapse = true;
      this.state.expanded = [];
    }
    this.render(false);
  }

  // ----------------------------------------------------------------------------------------------
  // Selection, details, tooltip

  private detailsContext(): DetailsContext {
    return {
      reveal: (location) => this.reveal(location),
      expand: (file, select) => this.expand(file, select),
      collapse: (file) => this.collapse(file),
      expandedFile: (node) => {
        const graph = this.graph;
        if (!graph || !this.view?.clusterable || !this.state.collapse) return undefined;
        if (node.kind !== 'group' && node.kind !== 'resource') return undefined;
        const key = clusterKey(node);
        return this.state.expanded.includes(key) ? key : undefined;
      },
      graphNode: (id) => this.graphNodes.get(id),
    };
  }

  private nodeLabel = (id: string): string => {
    const n = this.viewNodes.get(id);
    if (!n) return id;
    return n.kind === 'cluster' ? (n.file ?? n.label) : n.label;
  };

  private reveal(location: GraphLocation): void {
    this.post({ type: 'reveal', location });
  }

  private select(id: string | undefined): void {
    this.cy.elements(':selected').unselect();
    this.selected = id;
    if (id !== undefined) {
      const ele = this.cy.getElementById(id);
      if (ele.nonempty()) {
        ele.select();
        if (!this.isInView(ele)) this.cy.animate({ center: { eles: ele } }, { duration: 200 });
      }
    }
    this.refreshSelection();
  }

  private isInView(ele: cytoscape.CollectionReturnValue): boolean {
    const bb = ele.renderedBoundingBox();
    return bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= this.cy.width() && bb.y2 <= this.cy.height();
  }

  private refreshSelection(): void {
    const id = this.selected;
    const node = id !== undefined ? this.viewNodes.get(id) : undefined;
    const edge = id !== undefined ? this.viewEdges.get(id) : undefined;
    if (node) {
      renderNodeDetails(this.details, node, this.detailsContext());
      this.cy.getElementById(node.id).select();
    } else if (edge) {
      renderEdgeDetails(this.details, edge, this.detailsContext(), this.nodeLabel);
      this.cy.getElementById(edge.id).select();
    } else {
      this.selected = undefined;
      this.showDetailsHint();
    }
  }

  private showDetailsHint(): void {
    clear(this.details);
    append(
      this.details,
      h('h2', {}, 'Details'),
      h(
        'p',
        { className: 'muted' },
        'Click a group or an edge to see its rules, attached resources, tags and findings, and to open its source.',
      ),
      h(
        'p',
        { className: 'muted' },
        'Edges point the way traffic is allowed (an ingress rule of a group from a peer is peer → group); red halos mark paths from the internet.',
      ),
    );
  }

  private showTooltip(content: HTMLElement, x: number, y: number): void {
    clear(this.tooltip);
    this.tooltip.appendChild(content);
    this.tooltip.hidden = false;
    const rect = this.tooltip.getBoundingClientRect();
    const left = Math.min(x + 14, window.innerWidth - rect.width - 4);
    const top = y + 14 + rect.height > window.innerHeight ? y - rect.height - 10 : y + 14;
    this.tooltip.style.left = `${Math.max(4, left)}px`;
    this.tooltip.style.top = `${Math.max(4, top)}px`;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
  }

  // ----------------------------------------------------------------------------------------------
  // Events

  private wire(): void {
    const cy = this.cy;
    cy.on('tap', 'node', (e: EventObject) => {
      const n = this.viewNodes.get((e.target as NodeSingular).id());
      if (!n) return;
      if (n.kind === 'cluster' && n.file !== undefined) {
        this.expand(n.file);
        return;
      }
      this.select(n.id);
      if (n.node?.location) this.reveal(n.node.location);
    });
    cy.on('tap', 'edge', (e: EventObject) => {
      const edge = this.viewEdges.get((e.target as EdgeSingular).id());
      if (!edge) return;
      this.select(edge.id);
      const location = edge.edges[0]?.locations[0];
      if (location) this.reveal(location);
    });
    cy.on('tap', (e: EventObject) => {
      if (e.target === cy) this.select(undefined);
    });
    const hover = (e: EventObject): void => {
      const target = e.target as NodeSingular | EdgeSingular;
      const mouse = e.originalEvent as MouseEvent | undefined;
      const box = this.container.getBoundingClientRect();
      const x = mouse?.clientX ?? box.left + (e.renderedPosition?.x ?? 0);
      const y = mouse?.clientY ?? box.top + (e.renderedPosition?.y ?? 0);
      if (target.isNode()) {
        const n = this.viewNodes.get(target.id());
        if (n) this.showTooltip(tooltipForNode(n), x, y);
        target.addClass('hover');
        target.connectedEdges().addClass('hover');
      } else {
        const edge = this.viewEdges.get(target.id());
        if (edge) this.showTooltip(tooltipForEdge(edge, this.nodeLabel), x, y);
        target.addClass('hover');
      }
    };
    cy.on('mouseover', 'node, edge', hover);
    cy.on('mousemove', 'node, edge', (e: EventObject) => {
      if (this.tooltip.hidden) return;
      const mouse = e.originalEvent as MouseEvent | undefined;
      if (mouse)
        this.showTooltip(this.tooltip.firstElementChild as HTMLElement, mouse.clientX, mouse.clientY);
    });
    cy.on('mouseout', 'node, edge', () => {
      this.hideTooltip();
      cy.elements('.hover').removeClass('hover');
    });
    cy.on('dragfree', 'node', () => this.saveSoon());
    cy.on('viewport', () => {
      this.hideTooltip();
      this.saveSoon();
    });

    this.scopeSelect.addEventListener('change', () => {
      const scope = this.scopeSelect.value as GraphScopeKind;
      if (!SCOPES.includes(scope)) return;
      this.state.scope = scope;
      this.status.textContent = 'Loading…';
      this.post({ type: 'scope', scope });
      this.saveSoon();
    });
    let searchTimer: number | undefined;
    this.search.addEventListener('input', () => {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(() => {
        this.state.text = this.search.value;
        this.applyFilter();
        this.saveSoon();
      }, 120);
    });
    this.severitySelect.addEventListener('change', () => {
      const s = this.severitySelect.value as SeverityFilter;
      if (!SEVERITIES.includes(s)) return;
      window.clearTimeout(searchTimer);
      this.state.severity = s;
      this.state.text = this.search.value;
      this.applyFilter();
      this.saveSoon();
    });
    this.resourcesToggle.addEventListener('change', () => {
      this.state.showResources = this.resourcesToggle.checked;
      this.render(false);
    });
    this.container.addEventListener('keydown', (e) => {
      if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
      else if (e.key === '-') this.zoomBy(0.8);
      else if (e.key === '0') this.fit();
      else if (e.key === 'Escape') this.select(undefined);
      else return;
      e.preventDefault();
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === '/' && document.activeElement !== this.search) {
        e.preventDefault();
        this.search.focus();
      }
    });
    this.container.addEventListener('mouseleave', () => this.hideTooltip());

    // VS Code changes the theme by replacing the body's classes and the variables on <html>.
    let themeTimer: number | undefined;
    const onTheme = (): void => {
      window.clearTimeout(themeTimer);
      themeTimer = window.setTimeout(() => {
        this.palette = readPalette();
        cy.style(this.stylesheet());
      }, 50);
    };
    new MutationObserver(onTheme).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    new MutationObserver(onTheme).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['style', 'class'],
    });
    // The canvas changes size with the panel and with the details pane (under the graph when narrow):
    // keep what was in the middle of the view in the middle.
    let size = { w: this.container.clientWidth, h: this.container.clientHeight };
    new ResizeObserver(() => {
      const w = this.container.clientWidth;
      const h = this.container.clientHeight;
      if (w === size.w && h === size.h) return;
      const zoom = cy.zoom();
      const pan = cy.pan();
      const center = { x: (size.w / 2 - pan.x) / zoom, y: (size.h / 2 - pan.y) / zoom };
      size = { w, h };
      cy.resize();
      cy.pan({ x: w / 2 - center.x * zoom, y: h / 2 - center.y * zoom });
    }).observe(this.container);
  }

  // ----------------------------------------------------------------------------------------------
  // State

  private saveSoon(): void {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.save(), 300);
  }

  private save(): void {
    const positions: Record<string, [number, number]> = { ...this.state.positions };
    this.cy.nodes().forEach((n) => {
      const p = n.position();
      positions[n.id()] = [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
    });
    // Forget positions of nodes that are gone from the graph (not merely collapsed).
    if (this.graph) {
      for (const id of Object.keys(positions)) {
        if (!this.graphNodes.has(id) && !id.startsWith(CLUSTER_PREFIX)) delete positions[id];
      }
    }
    this.state.positions = positions;
    for (const id of Object.keys(this.state.routes)) {
      if (this.cy.getElementById(id).empty()) delete this.state.routes[id];
    }
    this.state.zoom = this.cy.zoom();
    this.state.pan = { ...this.cy.pan() };
    this.vscode.setState(this.state);
  }

  // ----------------------------------------------------------------------------------------------
  // Status, legend

  private updateStatus(big: boolean): void {
    const graph = this.graph;
    const view = this.view;
    if (!graph || !view) return;
    const groups = graph.nodes.filter((n) => n.kind === 'group').length;
    const exposed = graph.nodes.filter((n) => n.kind === 'group' && n.exposed === true).length;
    const parts = [
      `${graph.scope.label}`,
      `${groups} group${groups === 1 ? '' : 's'}`,
      `${graph.edges.filter((e) => e.direction !== 'attached').length} flows`,
    ];
    if (exposed > 0) parts.push(`${exposed} reachable from the internet`);
    if (view.clusterable && this.collapsedAny()) parts.push('collapsed per file: click a file to expand');
    if (this.dropped > 0)
      parts.push(`${this.dropped} malformed element${this.dropped === 1 ? '' : 's'} skipped`);
    if (big) parts.push('large graph: labels appear when you zoom in');
    clear(this.status);
    append(this.status, parts.join(' · '));
    if (graph.problems.length > 0) {
      append(
        this.status,
        ' · ',
        h(
          'span',
          { className: 'problems', title: graph.problems.join('\n') },
          `${graph.problems.length} file${graph.problems.length === 1 ? '' : 's'} not read`,
        ),
      );
    }
  }

  /** The legend is plain CSS on theme variables: it follows theme changes by itself. */
  private legend(): HTMLElement {
    return h(
      'div',
      { className: 'legend', ariaLabel: 'Legend' },
      h('span', { className: 'swatch sev-error' }, 'error'),
      h('span', { className: 'swatch sev-warning' }, 'warning'),
      h('span', { className: 'swatch sev-note' }, 'note'),
      h('span', { className: 'swatch sev-none' }, 'no finding'),
      h('span', { className: 'swatch exposure' }, 'from the internet'),
      h('span', { className: 'swatch egress' }, 'egress'),
    );
  }

  // ----------------------------------------------------------------------------------------------
  // Export

  private exportSvg(): void {
    const data = toSvg(this.cy, { palette: this.palette, measure: (t, s) => this.measure(t, s) });
    this.post({ type: 'export', format: 'svg', data });
  }

  private exportPng(): void {
    const bb = this.cy.elements(':visible').boundingBox({});
    const longest = Math.max(bb.w, bb.h, 1);
    const data = this.cy.png({
      output: 'base64uri',
      full: true,
      bg: this.palette.background,
      scale: Math.max(0.25, Math.min(2, 8000 / longest)),
      maxWidth: 16000,
      maxHeight: 16000,
    });
    this.post({ type: 'export', format: 'png', data });
  }

  // ----------------------------------------------------------------------------------------------
  // Style

  /** Busy graphs show edge labels only from a closer zoom. */
  private busy = false;

  private stylesheet(): StylesheetJson {
    const p = this.palette;
    const edgeLabelMinFont = this.busy ? 10 : 7;
    const hc = p.highContrast;
    const font = p.fontFamily;
    return [
      {
        selector: 'node',
        style: {
          shape: 'round-rectangle',
          width: 'data(w)',
          height: 'data(h)',
          'background-color': p.nodeBackground,
          'border-width': hc ? 2 : 1,
          'border-color': p.nodeBorder,
          label: 'data(label)',
          color: p.foreground,
          'font-family': font,
          'font-size': 'data(size)',
          'font-weight': 400,
          'text-valign': 'center',
          'text-halign': 'center',
          'text-wrap': 'wrap',
          'text-max-width': '400px',
          'min-zoomed-font-size': 6,
        },
      },
      { selector: 'node.group, node.cluster', style: { 'font-weight': 600 } },
      {
        selector: 'node.internet',
        style: { shape: 'ellipse', 'border-width': 2, 'border-color': p.error, 'font-weight': 600 },
      },
      { selector: 'node.cidr', style: { shape: 'cut-rectangle' } },
      { selector: 'node.prefixList', style: { shape: 'barrel' } },
      { selector: 'node.external', style: { shape: 'rhomboid' } },
      { selector: 'node.unknown', style: { 'border-style': 'dashed', color: p.muted } },
      {
        selector: 'node.resource',
        style: { 'border-style': 'dotted', color: p.muted, 'background-color': p.background },
      },
      {
        selector: 'node.cluster',
        style: { 'border-style': 'double', 'border-width': 4, 'text-wrap': 'wrap' },
      },
      { selector: 'node[worst = "note"]', style: { 'border-color': p.info, 'border-width': 2 } },
      { selector: 'node[worst = "warning"]', style: { 'border-color': p.warning, 'border-width': 2 } },
      { selector: 'node[worst = "error"]', style: { 'border-color': p.error, 'border-width': 2 } },
      { selector: 'node.cluster[worst != "none"]', style: { 'border-width': 4 } },
      {
        selector: 'node.exposed',
        style: {
          'underlay-color': p.error,
          'underlay-opacity': hc ? 0.45 : p.dark ? 0.35 : 0.16,
          'underlay-padding': 5,
          'underlay-shape': 'round-rectangle',
        },
      },
      {
        selector: 'edge',
        style: {
          width: hc ? 2 : 1.5,
          'curve-style': 'bezier',
          'control-point-step-size': 28,
          'line-color': p.edge,
          'target-arrow-shape': 'triangle',
          'target-arrow-color': p.edge,
          'arrow-scale': 0.9,
          label: 'data(label)',
          'font-family': font,
          'font-size': 11,
          color: p.foreground,
          'text-background-color': p.background,
          'text-background-opacity': 1,
          'text-background-padding': '2px',
          'text-background-shape': 'round-rectangle',
          'text-border-opacity': 1,
          'text-border-width': 1,
          'text-border-color': p.edge,
          'min-zoomed-font-size': edgeLabelMinFont,
          'text-rotation': 'none',
        },
      },
      {
        selector: 'edge[worst = "note"]',
        style: { 'line-color': p.info, 'target-arrow-color': p.info, 'text-border-color': p.info },
      },
      {
        selector: 'edge[worst = "warning"]',
        style: {
          'line-color': p.warning,
          'target-arrow-color': p.warning,
          'text-border-color': p.warning,
          width: hc ? 2.5 : 2,
        },
      },
      {
        selector: 'edge[worst = "error"]',
        style: {
          'line-color': p.error,
          'target-arrow-color': p.error,
          'text-border-color': p.error,
          width: hc ? 3 : 2.5,
        },
      },
      {
        // Long edges: through the slots the layout kept in the columns they pass, label near the target.
        selector: 'edge.routed',
        style: {
          'curve-style': 'round-segments',
          'segment-weights': 'data(sw)',
          'segment-distances': 'data(sd)',
          'segment-radius': 24,
          'edge-distances': 'node-position',
          label: '',
          'target-label': 'data(label)',
          'target-text-offset': 56,
        },
      },
      { selector: 'edge.egress', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 3] } },
      {
        selector: 'edge.exposure',
        style: {
          width: hc ? 4 : 3,
          'underlay-color': p.error,
          'underlay-opacity': hc ? 0.5 : p.dark ? 0.45 : 0.22,
          'underlay-padding': 4,
          'z-index': 10,
        },
      },
      {
        selector: 'edge.attached',
        style: {
          'line-style': 'dotted',
          'target-arrow-shape': 'none',
          width: 1,
          'line-color': p.muted,
          label: '',
        },
      },
      { selector: '.dim', style: { opacity: 0.12 } },
      {
        selector: '.hover',
        style: { 'overlay-color': p.focus, 'overlay-opacity': 0.12, 'overlay-padding': 4 },
      },
      { selector: 'node:selected', style: { 'border-color': p.focus, 'border-width': 3 } },
      {
        selector: 'edge:selected',
        style: {
          'line-color': p.focus,
          'target-arrow-color': p.focus,
          'text-border-color': p.focus,
          width: 3.5,
        },
      },
      { selector: 'core', style: { 'active-bg-color': p.focus, 'selection-box-color': p.focus } },
    ] as StylesheetJson;
  }
}

try {
  new GraphApp();
} catch (e) {
  const root = document.getElementById('app') ?? document.body;
  clear(root);
  append(
    root,
    h(
      'div',
      { className: 'placeholder' },
      `The graph could not start: ${e instanceof Error ? e.message : String(e)}`,
    ),
  );
  throw e;
}
