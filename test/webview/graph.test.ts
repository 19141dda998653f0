/**
 * The graph webview's pure parts, without a browser: the validator of messages from the extension, the
 * host's validator of messages from the page, the page's CSP, the view model (collapse, filters) and the
 * layered layout. The browser test (graph.browser.mjs, npm run test:webview) drives the page itself.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { graphCsp, graphHtml, graphUris, parseFromGraphWebview } from '../../client/src/graphWebview';
import type { GraphEdge, GraphNode, SecurityGroupGraph } from '../../server/src/protocol';
import { fillLayers, layeredLayout } from '../../webview/graph/layout';
import { buildView, CLUSTER_PREFIX, COLLAPSE_THRESHOLD, filterView } from '../../webview/graph/model';
import { validateMessage } from '../../webview/graph/validate';

const fixture = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', '..', 'test', 'webview', 'fixtures', 'graph.json'),
    'utf8',
  ),
) as SecurityGroupGraph;

const HOSTILE = '<img src=x onerror=alert(1)>';

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

describe('graph webview: messages from the extension', () => {
  it('accepts the fixture and keeps labels as they are (escaping is the view’s job)', () => {
    const r = validateMessage({ type: 'graph', graph: fixture, theme: 'dark' });
    assert.ok(r.ok);
    assert.equal(r.dropped, 0);
    assert.equal(r.value.type, 'graph');
    if (r.value.type !== 'graph') return;
    assert.equal(r.value.theme, 'dark');
    assert.equal(r.value.graph.nodes.length, fixture.nodes.length);
    assert.equal(r.value.graph.edges.length, fixture.edges.length);
    assert.equal(r.value.graph.nodes.find((n) => n.id === 'HostileSg')?.label, HOSTILE);
  });

  it('copies only the fields it knows', () => {
    const g = clone(fixture) as unknown as { nodes: Record<string, unknown>[] };
    g.nodes[0]!.onclick = 'alert(1)';
    g.nodes[0]!.html = '<b>x</b>';
    const r = validateMessage({ type: 'graph', graph: g, extra: 1 });
    assert.ok(r.ok && r.value.type === 'graph');
    if (!r.ok || r.value.type !== 'graph') return;
    assert.deepEqual(Object.keys(r.value).sort(), ['graph', 'type']);
    assert.equal('onclick' in r.value.graph.nodes[0]!, false);
    assert.equal('html' in r.value.graph.nodes[0]!, false);
  });

  it('rejects malformed messages with a reason', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ type: 'exec' }, /unknown message type/],
      [{ type: 'graph', graph: { scope: {}, nodes: 'x', edges: [] } }, /graph.scope.kind|graph.nodes/],
      [
        { type: 'graph', graph: { ...fixture, nodes: [{ id: 'a', kind: 'virus', label: 'x' }] } },
        /kind is not one of/,
      ],
      [
        {
          type: 'graph',
          graph: { ...fixture, nodes: [{ id: 'a', kind: 'group', label: 'x', layer: 'NaN' }] },
        },
        /layer is not a number/,
      ],
      [
        {
          type: 'graph',
          graph: {
            ...fixture,
            nodes: [
              {
                id: 'a',
                kind: 'group',
                label: 'x',
                location: {
                  uri: 'file:///a',
                  range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } },
                },
              },
            ],
          },
        },
        /negative/,
      ],
      [{ type: 'graph', graph: fixture, theme: 'neon' }, /theme/],
      [{ type: 'error', message: 42 }, /error.message/],
    ];
    for (const [message, reason] of cases) {
      const r = validateMessage(message);
      assert.equal(r.ok, false, JSON.stringify(message).slice(0, 80));
      if (!r.ok) assert.match(r.error, reason);
    }
  });

  it('drops edges to unknown nodes and repeated ids, and counts them', () => {
    const g = clone(fixture) as unknown as { nodes: GraphNode[]; edges: GraphEdge[] };
    g.nodes.push(clone(g.nodes[0]!));
    g.edges.push({ ...clone(g.edges[0]!), id: 'dangling', to: 'nowhere' });
    g.edges.push(clone(g.edges[1]!));
    const r = validateMessage({ type: 'graph', graph: g });
    assert.ok(r.ok && r.value.type === 'graph');
    if (!r.ok || r.value.type !== 'graph') return;
    assert.equal(r.dropped, 3);
    assert.equal(r.value.graph.nodes.length, fixture.nodes.length);
    assert.equal(r.value.graph.edges.length, fixture.edges.length);
  });
});

describe('graph webview: messages from the page (host side)', () => {
  const location = {
    uri: 'file:///w/a.yaml',
    range: { start: { line: 3, character: 1 }, end: { line: 3, character: 9 } },
  };

  it('accepts the known shapes and returns clean copies', () => {
    assert.deepEqual(parseFromGraphWebview({ type: 'ready', x: 1 }), { type: 'ready' });
    assert.deepEqual(parseFromGraphWebview({ type: 'reveal', location: { ...location, extra: true } }), {
      type: 'reveal',
      location,
    });
    assert.deepEqual(parseFromGraphWebview({ type: 'scope', scope: 'folder' }), {
      type: 'scope',
      scope: 'folder',
    });
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>';
    assert.deepEqual(parseFromGraphWebview({ type: 'export', format: 'svg', data: svg }), {
      type: 'export',
      format: 'svg',
      data: svg,
    });
    assert.ok(
      parseFromGraphWebview({ type: 'export', format: 'png', data: 'data:image/png;base64,iVBORw0KGgo=' }),
    );
  });

  it('refuses anything else', () => {
    for (const m of [
      undefined,
      'ready',
      { type: 'run', command: 'rm' },
      {
        type: 'reveal',
        location: { ...location, range: { start: { line: -1, character: 0 }, end: location.range.end } },
      },
      { type: 'reveal', location: { uri: 42, range: location.range } },
      { type: 'scope', scope: 'everything' },
      { type: 'export', format: 'svg', data: '<html><script>alert(1)</script></html>' },
      { type: 'export', format: 'png', data: 'data:text/html;base64,PHNjcmlwdD4=' },
      { type: 'export', format: 'png', data: 'data:image/png;base64,<script>' },
      { type: 'export', format: 'pdf', data: 'x' },
    ]) {
      assert.equal(parseFromGraphWebview(m), undefined, JSON.stringify(m));
    }
  });

  it('collects every URI the graph points at (the only ones a reveal may open)', () => {
    const uris = graphUris(fixture);
    assert.deepEqual([...uris], [fixture.scope.uri]);
  });
});

describe('graph webview: page and CSP', () => {
  it('allows only the nonce script and the extension’s styles and images', () => {
    assert.equal(
      graphCsp('https://x.vscode-cdn.net', 'abc+/='),
      "default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net; script-src 'nonce-abc+/='",
    );
    assert.throws(() => graphCsp('https://x', "abc' 'unsafe-inline"));
    assert.throws(() => graphCsp("https://x; script-src 'unsafe-inline'", 'abc'));
  });

  it('has one script, with the nonce, and escapes attributes', () => {
    const html = graphHtml({
      cspSource: 'https://x',
      nonce: 'bm9uY2U=',
      scriptUri: 'https://x/graph.js?"><script>alert(1)</script>',
      styleUri: 'https://x/graph.css',
    });
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="bm9uY2U=" src="https:\/\/x\/graph\.js\?&quot;&gt;&lt;script&gt;/);
    assert.match(html, /Loading the security-group graph/);
  });
});

function graphOf(nodes: GraphNode[], edges: GraphEdge[]): SecurityGroupGraph {
  return { scope: { kind: 'workspace', label: 'w' }, nodes, edges, problems: [] };
}

function group(id: string, file: string, layer = 1, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, kind: 'group', label: id, file, layer, ...extra };
}

function flow(from: string, to: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return {
    id: `${from}>${to}`,
    from,
    to,
    direction: 'ingress',
    protocol: 'tcp',
    label: 'tcp 22',
    ruleIds: [],
    conditions: [],
    locations: [],
    ...extra,
  };
}

describe('graph webview: view model', () => {
  const options = { showResources: false, collapse: true, expanded: new Set<string>() };

  it('hides attached resources unless asked, and anchors them to their group', () => {
    const hidden = buildView(fixture, options);
    assert.equal(hidden.nodes.filter((n) => n.kind === 'resource').length, 0);
    assert.equal(hidden.edges.filter((e) => e.direction === 'attached').length, 0);
    const shown = buildView(fixture, { ...options, showResources: true });
    assert.equal(shown.nodes.find((n) => n.id === 'res:AppInstance')?.anchor, 'AppSg');
  });

  it('collapses a large graph per file, merges the flows between files, expands a file on request', () => {
    const nodes: GraphNode[] = [{ id: 'internet-ipv4', kind: 'internet', label: 'Internet', layer: 0 }];
    const edges: GraphEdge[] = [];
    for (let i = 0; i <= COLLAPSE_THRESHOLD; i++) {
      nodes.push(group(`G${i}`, `f${i % 3}.yaml`, 1 + (i % 3)));
      if (i > 0)
        edges.push(flow(`G${i - 1}`, `G${i}`, i % 7 === 0 ? { worst: 'error', exposure: true } : {}));
    }
    edges.push(flow('internet-ipv4', 'G0', { worst: 'warning' }));
    const graph = graphOf(nodes, edges);
    const view = buildView(graph, options);
    assert.ok(view.clusterable);
    assert.deepEqual(
      view.nodes.map((n) => n.id).sort(),
      [
        'internet-ipv4',
        `${CLUSTER_PREFIX}f0.yaml`,
        `${CLUSTER_PREFIX}f1.yaml`,
        `${CLUSTER_PREFIX}f2.yaml`,
      ].sort(),
    );
    const f0f1 = view.edges.find(
      (e) => e.source === `${CLUSTER_PREFIX}f0.yaml` && e.target === `${CLUSTER_PREFIX}f1.yaml`,
    );
    assert.ok(f0f1 && f0f1.edges.length > 1);
    assert.ok(view.edges.some((e) => e.worst === 'error' && e.exposure));
    const expanded = buildView(graph, { ...options, expanded: new Set(['f0.yaml']) });
    assert.ok(expanded.nodes.some((n) => n.id === 'G0'));
    assert.ok(!expanded.nodes.some((n) => n.id === `${CLUSTER_PREFIX}f0.yaml`));
    const all = buildView(graph, { ...options, collapse: false });
    assert.equal(all.nodes.length, nodes.length);
  });

  it('filters by text (matches, their flows and neighbours) and by severity', () => {
    const view = buildView(fixture, options);
    const byText = filterView(view, { text: 'cache', severity: 'all' })!;
    assert.ok(byText.has('CacheSg') && byText.has('AppSg') && byText.has('e-app-cache-6379'));
    assert.ok(!byText.has('BastionSg'));
    const errors = filterView(view, { text: '', severity: 'error' })!;
    assert.deepEqual([...errors].sort(), ['BastionSg', 'e-internet-bastion-22', 'internet-ipv4']);
    const exposure = filterView(view, { text: '', severity: 'exposure' })!;
    assert.ok(exposure.has('e-bastion-app-22') && !exposure.has('e-app-db-5432'));
    assert.equal(filterView(view, { text: '  ', severity: 'all' }), undefined);
  });
});

describe('graph webview: layered layout', () => {
  it('puts layers left to right, keeps columns free of overlaps, routes long edges around', () => {
    const view = buildView(fixture, { showResources: true, collapse: true, expanded: new Set() });
    const nodes = view.nodes.map((n) => ({
      id: n.id,
      layer: n.layer,
      width: 80 + n.label.length * 6,
      height: 30,
      ...(n.anchor !== undefined ? { anchor: n.anchor } : {}),
    }));
    const edges = view.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));
    const { positions, routes } = layeredLayout(nodes, edges);
    const x = (id: string): number => positions.get(id)!.x;
    assert.ok(x('internet-ipv4') < x('BastionSg') && x('BastionSg') < x('AppSg') && x('AppSg') < x('DbSg'));
    const boxes = nodes.map((n) => ({ n, p: positions.get(n.id)! }));
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b) continue;
        const overlap =
          Math.abs(a.p.x - b.p.x) < (a.n.width + b.n.width) / 2 &&
          Math.abs(a.p.y - b.p.y) < (a.n.height + b.n.height) / 2;
        assert.ok(!overlap, `${a.n.id} overlaps ${b.n.id}`);
      }
    }
    // unknown:OfficeCidr (column 0) → AppSg (column 2) passes column 1: two points, in and out.
    assert.equal(routes.get('e-office-app-22')?.length, 2);
    assert.equal(routes.has('e-bastion-app-22'), false);
    // A resource sits under its group.
    const app = positions.get('AppSg')!;
    const instance = positions.get('res:AppInstance')!;
    assert.ok(instance.y > app.y && instance.x > app.x);
  });

  it('lays out 500 groups and 3,000 flows quickly', () => {
    const nodes = Array.from({ length: 520 }, (_, i) => ({
      id: `n${i}`,
      layer: i < 20 ? 0 : 1 + (i % 4),
      width: 100,
      height: 30,
    }));
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 16807) % 2147483647;
      return seed % n;
    };
    const edges = Array.from({ length: 3000 }, (_, i) => {
      const a = rnd(520);
      const b = rnd(520);
      return { id: `e${i}`, source: `n${a}`, target: `n${b}` };
    });
    const started = Date.now();
    const { positions } = layeredLayout(nodes, edges, { aspect: 1.6 });
    assert.equal(positions.size, 520);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  it('fills missing layers from ingress flows, even around cycles', () => {
    const layers = fillLayers(
      [
        { id: 'i', kind: 'internet' },
        { id: 'a', kind: 'group' },
        { id: 'b', kind: 'group' },
        { id: 'c', kind: 'group' },
        { id: 'r', kind: 'resource' },
      ],
      [
        { from: 'i', to: 'a', direction: 'ingress' },
        { from: 'a', to: 'b', direction: 'ingress' },
        { from: 'b', to: 'c', direction: 'ingress' },
        { from: 'c', to: 'b', direction: 'ingress' },
        { from: 'r', to: 'c', direction: 'attached' },
      ],
    );
    assert.equal(layers.get('i'), 0);
    assert.equal(layers.get('a'), 1);
    assert.ok(layers.get('b')! >= 2 && layers.get('c')! >= 2);
    assert.equal(layers.get('r'), layers.get('c'));
  });
});
