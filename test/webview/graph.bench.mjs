// Scale bench of the graph webview (npm run bench:graph; needs chromium like the browser test, see
// harness.mjs): a generated graph of 500 groups in 25 files (stacks with edge, web, app and data tiers)
// with 3,000 flows, 15% of them across stacks, the internet, 20 CIDR blocks and 5 prefix lists, in
// headless chromium. Prints the time from posting the graph to the first
// frame drawn, for the view collapsed per file (the default above 150 groups), fully expanded (a full
// layered layout of every group), an in-place update, a filter, and a zoom step. Budget: 3 s to lay out.
// Screenshots of both views go to test/webview/.artifacts/graph-scale-*.png.
/* global console, process, window, document, performance, Event, setTimeout, requestAnimationFrame, structuredClone */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromiumPath, loadPlaywright, media, openPage, postGraph, root, startServer } from './harness.mjs';

const GROUPS = Number(process.env.GROUPS ?? 500);
const FLOWS = Number(process.env.FLOWS ?? 3000);
const FILES = 25;
const BUDGET_MS = 3000;

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(groups = GROUPS, flows = FLOWS) {
  const r = random(42);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const loc = (file, line) => ({
    uri: `file:///bench/${file}`,
    range: { start: { line, character: 2 }, end: { line, character: 20 } },
  });
  const nodes = [{ id: 'internet-ipv4', kind: 'internet', label: 'Internet (IPv4)', family: 4, layer: 0 }];
  const tiers = [['internet-ipv4']];
  for (let i = 0; i < 20; i++) {
    nodes.push({ id: `cidr:10.${i}.0.0/16`, kind: 'cidr', label: `10.${i}.0.0/16`, family: 4, layer: 0 });
    tiers[0].push(`cidr:10.${i}.0.0/16`);
  }
  for (let i = 0; i < 5; i++) {
    nodes.push({ id: `pl:pl-${i}`, kind: 'prefixList', label: `pl-0000${i}`, layer: 0 });
    tiers[0].push(`pl:pl-${i}`);
  }
  // Each file is a stack with its own tiers (edge, web, app, data); most flows stay inside a stack.
  const shares = [0, 0.12, 0.4, 0.32, 0.16];
  const stacks = Array.from({ length: FILES }, () => [[], [], [], [], []]);
  const byId = new Map();
  let k = 0;
  for (let t = 1; t <= 4; t++) {
    const count = t === 4 ? groups - k : Math.round(groups * shares[t]);
    for (let i = 0; i < count; i++, k++) {
      const stack = k % FILES;
      const file = `stack-${String(stack).padStart(2, '0')}.yaml`;
      const name = `${['Edge', 'Web', 'App', 'Data'][t - 1]}Sg${k}`;
      const node = {
        id: name,
        kind: 'group',
        label: name,
        address: name,
        type: 'AWS::EC2::SecurityGroup',
        file,
        location: loc(file, 10 + i),
        rules: [],
        findings: [],
        layer: t,
      };
      nodes.push(node);
      byId.set(name, node);
      stacks[stack][t].push(name);
    }
  }
  const edges = [];
  const seen = new Set();
  while (edges.length < flows) {
    const t = 1 + Math.floor(r() * 4);
    const span = r() < 0.8 ? 1 : r() < 0.5 ? 2 : 0;
    const ft = Math.max(0, t - span);
    const home = Math.floor(r() * FILES);
    const away = r() < 0.15 ? Math.floor(r() * FILES) : home;
    const from = ft === 0 ? pick(tiers[0]) : pick(stacks[away][ft]);
    const to = pick(stacks[home][t]);
    const port = pick([22, 80, 443, 3306, 5432, 6379, 8080, 9092]);
    const key = `${from}>${to}:${port}`;
    if (from === undefined || to === undefined || from === to || seen.has(key)) continue;
    seen.add(key);
    const target = byId.get(to);
    const severity =
      from === 'internet-ipv4' ? (port === 22 ? 'error' : 'warning') : r() < 0.03 ? 'note' : undefined;
    const id = `e${edges.length}`;
    const location = loc(target.file, 100 + target.rules.length);
    target.rules.push({
      direction: 'ingress',
      protocol: 'tcp',
      ports: String(port),
      peer: from,
      conditions: [],
      location,
      edge: id,
    });
    if (severity) {
      target.findings.push({ ruleId: 'SG101', severity, message: `port ${port} open`, location });
      target.worst = target.worst === 'error' ? 'error' : severity;
    }
    edges.push({
      id,
      from,
      to,
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: port,
      toPort: port,
      label: `tcp ${port}`,
      ruleIds: severity ? ['SG101'] : [],
      ...(severity ? { worst: severity } : {}),
      conditions: [],
      locations: [location],
      ...(from === 'internet-ipv4' ? { exposure: true } : {}),
    });
  }
  for (const e of edges) if (e.from === 'internet-ipv4') byId.get(e.to).exposed = true;
  return { scope: { kind: 'workspace', label: 'bench workspace' }, nodes, edges, problems: [] };
}

if (!fs.existsSync(path.join(media, 'graph.js'))) {
  console.error('dist/media/graph.js is missing: run `npm run build` first');
  process.exit(2);
}
const artifacts = path.join(root, 'test', 'webview', '.artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const graph = generate();
const { chromium } = await loadPlaywright();
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: ['--no-sandbox'],
});
const server = await startServer();
const ms = (n) => `${Math.round(n)} ms`;
const rows = [];
try {
  console.log(
    `graph webview bench: ${GROUPS} groups in ${FILES} files, ${graph.edges.length} flows, ${graph.nodes.length} nodes in all`,
  );
  // Collapsed per file (the default above the threshold).
  {
    const { page, context, errors } = await openPage(browser, server, 'dark', {
      viewport: { width: 1600, height: 1000 },
    });
    const t = await postGraph(page, graph, 'dark');
    const drawn = await page.evaluate(() => ({
      nodes: window.__sgLintGraph.cy.nodes().length,
      edges: window.__sgLintGraph.cy.edges().length,
    }));
    rows.push([`collapsed per file (${drawn.nodes} nodes, ${drawn.edges} edges)`, t.drawn]);
    const phases = await page.evaluate(() => window.__sgLintGraph.timings.phases);
    console.log(
      `  phases: ${Object.entries(phases)
        .map(([k, v]) => `${k} ${Math.round(v)} ms`)
        .join(', ')}`,
    );
    await page.screenshot({ path: path.join(artifacts, 'graph-scale-collapsed.png') });
    if (errors.length > 0) throw new Error(errors.join('; '));
    await context.close();
  }
  // Everything expanded: the full layered layout.
  {
    const { page, context, errors } = await openPage(browser, server, 'dark', {
      viewport: { width: 1600, height: 1000 },
      initialState: { collapse: false },
    });
    const t = await postGraph(page, graph, 'dark');
    const drawn = await page.evaluate(() => ({
      nodes: window.__sgLintGraph.cy.nodes().length,
      edges: window.__sgLintGraph.cy.edges().length,
      routed: window.__sgLintGraph.cy.edges('.routed').length,
    }));
    rows.push([
      `expanded: layout + first frame (${drawn.nodes} nodes, ${drawn.edges} edges, ${drawn.routed} routed)`,
      t.drawn,
    ]);
    rows.push(['expanded: of which building the view and the layout', t.layoutMs]);
    const phases = await page.evaluate(() => window.__sgLintGraph.timings.phases);
    console.log(
      `  phases: ${Object.entries(phases)
        .map(([k, v]) => `${k} ${Math.round(v)} ms`)
        .join(', ')}`,
    );
    await page.screenshot({ path: path.join(artifacts, 'graph-scale-expanded.png') });

    const changed = structuredClone(graph);
    changed.nodes[100].label = `${changed.nodes[100].label} (renamed)`;
    const u = await postGraph(page, changed, 'dark');
    rows.push(['expanded: in-place update (one label changed)', u.drawn]);

    const filter = await page.evaluate(async () => {
      const input = document.querySelector('.toolbar input[type=search]');
      const cy = window.__sgLintGraph.cy;
      const t0 = performance.now();
      input.value = 'DataSg4';
      input.dispatchEvent(new Event('input'));
      while (cy.elements('.dim').length === 0) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      return performance.now() - t0;
    });
    rows.push(['expanded: text filter (incl. 120 ms typing debounce)', filter]);

    const zoom = await page.evaluate(async () => {
      const cy = window.__sgLintGraph.cy;
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) {
        cy.zoom({ level: cy.zoom() * 1.1, renderedPosition: { x: 400, y: 300 } });
        await new Promise((resolve) => {
          cy.one('render', resolve);
        });
      }
      return (performance.now() - t0) / 10;
    });
    rows.push(['expanded: one zoom step, to the frame drawn (mean of 10)', zoom]);
    if (errors.length > 0) throw new Error(errors.join('; '));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${ms(value).padStart(8)}`);
const layout = rows.find(([name]) => name.startsWith('expanded: layout'))[1];
console.log(
  `  ${layout <= BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget for ${GROUPS} groups / ${graph.edges.length} flows; screenshots in ${path.relative(root, artifacts)}`,
);
