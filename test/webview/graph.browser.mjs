// Browser test of the security-group graph webview (npm run test:webview; needs chromium, so not part of
// npm test). Loads the built page (dist/media, see harness.mjs for how playwright-core and chromium are
// found) with the panel's CSP in headless Debian chromium, feeds it test/webview/fixtures/graph.json (with a
// group named `<img src=x onerror=alert(1)>`), and checks that:
//   - nodes and edges are drawn, the hostile name is drawn as text and no script of it ran (no alert, no
//     <img> in the DOM, no CSP violation, no request for `x`);
//   - clicking a node posts `reveal` with its location, and the details pane lists its rules, attached
//     resources, tags and findings, each clickable to its source;
//   - hovering shows the rules; the text and severity filters dim the rest; the resources toggle adds
//     attached resources; SVG and PNG exports are posted (the SVG escapes the hostile name);
//   - an update keeps positions and zoom, a reload restores them, a malformed message is refused;
// and saves screenshots to test/webview/.artifacts/graph-{light,dark,high-contrast}.png.
/* global console, process, window, document, DOMParser, structuredClone, getComputedStyle */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  check,
  chromiumPath,
  loadPlaywright,
  media,
  openPage,
  postGraph,
  root,
  startServer,
} from './harness.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';
const artifacts = path.join(root, 'test', 'webview', '.artifacts');
const fixture = JSON.parse(
  fs.readFileSync(path.join(root, 'test', 'webview', 'fixtures', 'graph.json'), 'utf8'),
);

if (!fs.existsSync(path.join(media, 'graph.js')) || !fs.existsSync(path.join(media, 'graph.css'))) {
  console.error('dist/media/graph.js is missing: run `npm run build` first');
  process.exit(2);
}
fs.mkdirSync(artifacts, { recursive: true });

const { chromium, from } = await loadPlaywright();
console.log(`graph webview browser test (playwright-core from ${from})`);
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: ['--no-sandbox'],
});
const server = await startServer();

/** Page-side helpers, evaluated in the page. */
const inPage = {
  counts: () => {
    const cy = window.__sgLintGraph.cy;
    return { nodes: cy.nodes().length, edges: cy.edges().length, visibleNodes: cy.nodes(':visible').length };
  },
  /** Client coordinates of a node's center. */
  nodePoint: (id) => {
    const cy = window.__sgLintGraph.cy;
    const n = cy.getElementById(id);
    const box = cy.container().getBoundingClientRect();
    const p = n.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  },
  edgePoint: (id) => {
    const cy = window.__sgLintGraph.cy;
    const e = cy.getElementById(id);
    const box = cy.container().getBoundingClientRect();
    const p = e.renderedMidpoint();
    return { x: box.left + p.x, y: box.top + p.y };
  },
  dimmed: () =>
    window.__sgLintGraph.cy
      .elements('.dim')
      .map((e) => e.id())
      .sort(),
  traps: () => ({
    alerts: window.__alerts,
    csp: window.__csp,
    imgs: document.querySelectorAll('img').length,
    scripts: [...document.querySelectorAll('script')].length,
  }),
};

let failed = false;
try {
  // ---------------------------------------------------------------------------------------------
  console.log('light theme');
  const light = await openPage(browser, server, 'light');
  const page = light.page;
  const placeholder = await page.textContent('.placeholder');
  check(
    /Loading/.test(placeholder ?? ''),
    'before the first graph the panel says it is loading (never blank)',
  );

  await postGraph(page, fixture, 'light');
  const counts = await page.evaluate(inPage.counts);
  const nonResources = fixture.nodes.filter((n) => n.kind !== 'resource').length;
  const nonAttached = fixture.edges.filter((e) => e.direction !== 'attached').length;
  check(
    counts.nodes === nonResources,
    `draws ${nonResources} nodes (resources hidden by default): ${counts.nodes}`,
  );
  check(counts.edges === nonAttached, `draws ${nonAttached} edges: ${counts.edges}`);
  check(counts.visibleNodes === counts.nodes, 'every node is visible');

  const layout = await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    const x = (id) => cy.getElementById(id).position('x');
    return { internet: x('internet-ipv4'), bastion: x('BastionSg'), app: x('AppSg'), db: x('DbSg') };
  });
  check(
    layout.internet < layout.bastion && layout.bastion < layout.app && layout.app < layout.db,
    'layered left to right: internet < bastion < app < db',
  );
  const overlaps = await page.evaluate(() => {
    const nodes = window.__sgLintGraph.cy.nodes().map((n) => n.boundingBox({ includeLabels: false }));
    let count = 0;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i];
        const b = nodes[j];
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) count++;
      }
    }
    return count;
  });
  check(overlaps === 0, 'no two nodes overlap');
  const crossings = await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    const hits = [];
    const boxes = cy.nodes().map((n) => ({ id: n.id(), b: n.boundingBox({ includeLabels: false }) }));
    // Does segment p–q cross the box (shrunk by 2 px)? Liang–Barsky clipping.
    const crosses = (p, q, b) => {
      const [x1, y1, x2, y2] = [b.x1 + 2, b.y1 + 2, b.x2 - 2, b.y2 - 2];
      let t0 = 0;
      let t1 = 1;
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      for (const [pp, qq] of [
        [-dx, p.x - x1],
        [dx, x2 - p.x],
        [-dy, p.y - y1],
        [dy, y2 - p.y],
      ]) {
        if (pp === 0) {
          if (qq < 0) return false;
        } else {
          const r = qq / pp;
          if (pp < 0) t0 = Math.max(t0, r);
          else t1 = Math.min(t1, r);
        }
      }
      return t0 < t1;
    };
    cy.edges().forEach((e) => {
      const pts = [
        e.sourceEndpoint(),
        ...(e.hasClass('routed') ? e.segmentPoints() : []),
        e.targetEndpoint(),
      ];
      for (const { id, b } of boxes) {
        if (id === e.source().id() || id === e.target().id()) continue;
        for (let i = 0; i + 1 < pts.length; i++) {
          if (crosses(pts[i], pts[i + 1], b)) {
            hits.push(`${e.id()} through ${id}`);
            break;
          }
        }
      }
    });
    return { hits, routed: cy.edges('.routed').map((e) => e.id()) };
  });
  check(
    crossings.routed.length > 0,
    `long edges are routed through kept slots: ${crossings.routed.join(', ')}`,
  );
  check(
    crossings.hits.length === 0,
    `no edge is drawn through a node (${crossings.hits.join('; ') || 'none'})`,
  );
  const undrawn = await page.evaluate(() =>
    window.__sgLintGraph.cy
      .edges()
      .filter((e) =>
        [e.sourceEndpoint(), e.targetEndpoint()].some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y)),
      )
      .map((e) => e.id()),
  );
  check(undrawn.length === 0, `every edge has both endpoints (${undrawn.join(', ') || 'all drawn'})`);

  const hostileLabel = await page.evaluate(() =>
    window.__sgLintGraph.cy.getElementById('HostileSg').data('label'),
  );
  check(hostileLabel === HOSTILE, 'the hostile name is the node label, as text');
  const exposure = await page.evaluate(() =>
    window.__sgLintGraph.cy
      .edges('.exposure')
      .map((e) => e.id())
      .sort(),
  );
  check(
    JSON.stringify(exposure) ===
      JSON.stringify(['e-alb-app-8080', 'e-bastion-app-22', 'e-internet-alb-443', 'e-internet-bastion-22']),
    `exposure path edges are marked: ${exposure.join(', ')}`,
  );
  const colours = await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    return {
      error: cy.getElementById('e-internet-bastion-22').style('line-color'),
      warning: cy.getElementById('e-corp-cache-6379').style('line-color'),
      note: cy.getElementById('e-ext-db-5432').style('line-color'),
      none: cy.getElementById('e-app-db-5432').style('line-color'),
    };
  });
  check(
    new Set(Object.values(colours)).size === 4,
    `edges are coloured by their worst finding: ${JSON.stringify(colours)}`,
  );

  // Click a node: reveal + details.
  await page.evaluate(() => {
    window.__posted.length = 0;
  });
  const bastion = await page.evaluate(inPage.nodePoint, 'BastionSg');
  await page.mouse.click(bastion.x, bastion.y);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'reveal'), null, { timeout: 5000 });
  const reveal = await page.evaluate(() => window.__posted.find((m) => m.type === 'reveal'));
  const bastionNode = fixture.nodes.find((n) => n.id === 'BastionSg');
  check(
    JSON.stringify(reveal.location) === JSON.stringify(bastionNode.location),
    'clicking a node posts reveal with its location',
  );
  const details = await page.evaluate(() => {
    const pane = document.querySelector('.details');
    return {
      title: pane.querySelector('h2')?.textContent,
      sections: [...pane.querySelectorAll('h3')].map((h) => h.textContent),
      rows: pane.querySelectorAll('table.rules tbody tr').length,
      text: pane.textContent,
    };
  });
  check(details.title === 'BastionSg', 'the details pane shows the selected group');
  check(
    ['Findings', 'Ingress rules', 'Egress rules', 'Attached resources', 'Tags'].every((s) =>
      details.sections.some((x) => x.startsWith(s)),
    ),
    `details list findings, rules, attached resources and tags: ${details.sections.join(' | ')}`,
  );
  check(
    details.rows === 2 && /SSH from admins/.test(details.text) && /BastionHost/.test(details.text),
    'rules and uses are listed',
  );
  await page.evaluate(() => {
    window.__posted.length = 0;
  });
  await page.click('.details table.rules tbody tr');
  const ruleReveal = await page.evaluate(() => window.__posted.find((m) => m.type === 'reveal'));
  check(ruleReveal?.location.range.start.line === 53, 'clicking a rule in the details reveals the rule');
  await page.evaluate(() => {
    window.__posted.length = 0;
  });
  await page.click('.details ul.findings li');
  const findingReveal = await page.evaluate(() => window.__posted.find((m) => m.type === 'reveal'));
  check(findingReveal?.location.range.start.line === 53, 'clicking a finding reveals it');

  // Hover: tooltip with the rules.
  const app = await page.evaluate(inPage.nodePoint, 'AppSg');
  await page.mouse.move(app.x, app.y);
  await page.waitForSelector('.tooltip:not([hidden])', { timeout: 3000 });
  const tip = await page.textContent('.tooltip');
  check(
    /tcp 22 from group BastionSg/.test(tip ?? '') && tip.includes(`group ${HOSTILE}`),
    'hovering a group shows its rules',
  );

  // The hostile group: select it, its name shows literally everywhere.
  const hostile = await page.evaluate(inPage.nodePoint, 'HostileSg');
  await page.mouse.move(hostile.x, hostile.y);
  await page.mouse.click(hostile.x, hostile.y);
  await page.waitForFunction((h) => document.querySelector('.details h2')?.textContent === h, HOSTILE, {
    timeout: 3000,
  });
  const hostileText = await page.evaluate(() => document.querySelector('.details').textContent);
  check(
    hostileText.includes('<script>alert(2)</script>') && hostileText.includes('<svg onload=alert(3)>'),
    'hostile description and tags show as text',
  );
  await page.mouse.move(5, 5);

  // An edge click reveals the rule.
  await page.evaluate(() => {
    window.__posted.length = 0;
  });
  const edgePoint = await page.evaluate(inPage.edgePoint, 'e-corp-cache-6379');
  await page.mouse.click(edgePoint.x, edgePoint.y);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'reveal'), null, { timeout: 3000 });
  const edgeReveal = await page.evaluate(() => window.__posted.find((m) => m.type === 'reveal'));
  check(edgeReveal.location.range.start.line === 188, 'clicking an edge reveals its rule');

  // Filters.
  await page.fill('.toolbar input[type=search]', 'cache');
  await page.waitForFunction(() => window.__sgLintGraph.cy.elements('.dim').length > 0, null, {
    timeout: 3000,
  });
  const textDim = await page.evaluate(inPage.dimmed);
  check(
    !textDim.includes('CacheSg') &&
      !textDim.includes('AppSg') &&
      textDim.includes('BastionSg') &&
      textDim.includes('e-internet-bastion-22'),
    'text filter keeps the match and its neighbours, dims the rest',
  );
  await page.fill('.toolbar input[type=search]', '');
  await page.selectOption('.toolbar select[aria-label=Severity]', 'error');
  const errorDim = await page.evaluate(inPage.dimmed);
  const kept = (await page.evaluate(() => window.__sgLintGraph.cy.elements().map((e) => e.id()))).filter(
    (id) => !errorDim.includes(id),
  );
  check(
    JSON.stringify(kept.sort()) === JSON.stringify(['BastionSg', 'e-internet-bastion-22', 'internet-ipv4']),
    `severity filter "errors only" keeps the error edge and its ends: ${kept.join(', ')}`,
  );
  await page.selectOption('.toolbar select[aria-label=Severity]', 'all');
  check((await page.evaluate(inPage.dimmed)).length === 0, 'clearing the filters undims everything');

  // Attached resources.
  await page.check('.toolbar input[type=checkbox]');
  const withResources = await page.evaluate(inPage.counts);
  check(
    withResources.nodes === fixture.nodes.length && withResources.edges === fixture.edges.length,
    'the resources toggle draws attached resources beside their group',
  );
  const beside = await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    const nearest = (id) => {
      const p = cy.getElementById(id).position();
      return cy
        .nodes()
        .filter((n) => n.id() !== id)
        .map((n) => ({ id: n.id(), d: Math.hypot(n.position('x') - p.x, n.position('y') - p.y) }))
        .sort((a, b) => a.d - b.d)[0].id;
    };
    return { app: nearest('res:AppInstance'), db: nearest('res:Database') };
  });
  check(
    beside.app === 'AppSg' && beside.db === 'DbSg',
    `each resource sits beside its group (${JSON.stringify(beside)})`,
  );

  // Exports.
  await page.evaluate(() => {
    window.__posted.length = 0;
  });
  await page.click('button:text-is("SVG")');
  await page.click('button:text-is("PNG")');
  const exports = await page.evaluate(() => window.__posted.filter((m) => m.type === 'export'));
  const svg = exports.find((m) => m.format === 'svg')?.data ?? '';
  const png = exports.find((m) => m.format === 'png')?.data ?? '';
  const svgCheck = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      ok: !doc.querySelector('parsererror') && doc.documentElement.nodeName === 'svg',
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
      imgs: doc.getElementsByTagName('img').length,
    };
  }, svg);
  check(
    svgCheck.ok && svgCheck.texts.includes(HOSTILE) && svgCheck.imgs === 0,
    'SVG export is well-formed and has the hostile name as text',
  );
  check(svg.includes('&lt;img src=x onerror=alert(1)&gt;'), 'SVG export escapes the hostile name');
  fs.writeFileSync(path.join(artifacts, 'graph-light.svg'), svg);
  check(png.startsWith('data:image/png;base64,') && png.length > 10_000, 'PNG export is a PNG data URL');
  await page.uncheck('.toolbar input[type=checkbox]');

  // Updates keep positions and zoom; new nodes are placed without moving the others.
  await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    cy.getElementById('DbSg').position({
      x: cy.getElementById('DbSg').position('x'),
      y: cy.getElementById('DbSg').position('y') + 60,
    });
    cy.zoom(cy.zoom() * 0.9);
  });
  const before = await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    return {
      zoom: cy.zoom(),
      pan: cy.pan(),
      positions: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.position()])),
    };
  });
  const updated = structuredClone(fixture);
  updated.nodes.push({
    id: 'WorkerSg',
    kind: 'group',
    label: 'WorkerSg',
    file: 'network/web-app.yaml',
    layer: 2,
    rules: [],
    location: {
      uri: fixture.scope.uri,
      range: { start: { line: 200, character: 2 }, end: { line: 200, character: 10 } },
    },
  });
  updated.edges.push({
    id: 'e-worker-db-5432',
    from: 'WorkerSg',
    to: 'DbSg',
    direction: 'ingress',
    protocol: 'tcp',
    label: 'tcp 5432',
    ruleIds: [],
    conditions: [],
    locations: [],
  });
  updated.nodes.find((n) => n.id === 'CacheSg').label = 'CacheSg (renamed)';
  await postGraph(page, updated, 'light');
  const after = await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    return {
      zoom: cy.zoom(),
      pan: cy.pan(),
      positions: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.position()])),
      label: cy.getElementById('CacheSg').data('label'),
    };
  });
  const moved = Object.keys(before.positions).filter(
    (id) =>
      Math.abs(before.positions[id].x - after.positions[id].x) > 0.01 ||
      Math.abs(before.positions[id].y - after.positions[id].y) > 0.01,
  );
  check(moved.length === 0, `an update keeps every node where it was (moved: ${moved.join(', ') || 'none'})`);
  check(
    after.zoom === before.zoom && after.pan.x === before.pan.x && after.pan.y === before.pan.y,
    'an update keeps zoom and pan',
  );
  check(
    after.positions.WorkerSg !== undefined && after.label === 'CacheSg (renamed)',
    'the new node is drawn and the renamed one updated in place',
  );
  const worker = after.positions.WorkerSg;
  const workerOverlaps = await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    const w = cy.getElementById('WorkerSg').boundingBox({ includeLabels: false });
    return cy
      .nodes()
      .filter((n) => n.id() !== 'WorkerSg')
      .filter((n) => {
        const b = n.boundingBox({ includeLabels: false });
        return w.x1 < b.x2 && b.x1 < w.x2 && w.y1 < b.y2 && b.y1 < w.y2;
      })
      .map((n) => n.id());
  });
  check(
    workerOverlaps.length === 0,
    `the new node is placed without overlap (${Math.round(worker.x)}, ${Math.round(worker.y)})`,
  );

  // Malformed and error messages.
  await page.evaluate(() =>
    window.postMessage({ type: 'graph', graph: { scope: {}, nodes: 'x', edges: [] } }, '*'),
  );
  await page.waitForSelector('.banner:not([hidden])', { timeout: 3000 });
  const banner = await page.textContent('.banner');
  const stillThere = await page.evaluate(inPage.counts);
  check(
    /malformed/.test(banner ?? '') && stillThere.nodes === fixture.nodes.length - 2 + 1,
    'a malformed message is refused and the graph stays',
  );
  await page.evaluate(() => window.postMessage({ type: 'error', message: '<b>server</b> failed' }, '*'));
  await page.waitForFunction(
    () => document.querySelector('.banner')?.textContent === '<b>server</b> failed',
    null,
    { timeout: 3000 },
  );
  check(true, 'an error message shows as text');
  await postGraph(page, fixture, 'light');
  check(
    await page.evaluate(() => document.querySelector('.banner').hidden),
    'the next graph clears the error',
  );

  // Screenshot: light, AppSg selected.
  await page.click('button:text-is("Re-layout")');
  const appPoint = await page.evaluate(inPage.nodePoint, 'AppSg');
  await page.mouse.click(appPoint.x, appPoint.y);
  await page.mouse.move(5, 5);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifacts, 'graph-light.png') });
  console.log(`  ->  ${path.relative(root, path.join(artifacts, 'graph-light.png'))}`);

  // Second look: attached resources on, the hostile group selected, the tooltip of AppSg showing.
  await page.check('.toolbar input[type=checkbox]');
  const hostilePoint = await page.evaluate(inPage.nodePoint, 'HostileSg');
  await page.mouse.click(hostilePoint.x, hostilePoint.y);
  const appHover = await page.evaluate(inPage.nodePoint, 'AppSg');
  await page.mouse.move(appHover.x, appHover.y);
  await page.waitForSelector('.tooltip:not([hidden])', { timeout: 3000 });
  await page.screenshot({ path: path.join(artifacts, 'graph-light-resources.png') });
  console.log(`  ->  ${path.relative(root, path.join(artifacts, 'graph-light-resources.png'))}`);
  await page.mouse.move(5, 5);
  await page.uncheck('.toolbar input[type=checkbox]');

  // Reload: the state saved with setState restores positions and zoom.
  await page.evaluate(() => {
    const cy = window.__sgLintGraph.cy;
    cy.getElementById('CacheSg').position({
      x: cy.getElementById('CacheSg').position('x') + 40,
      y: cy.getElementById('CacheSg').position('y'),
    });
    cy.emit('dragfree');
    cy.zoom({ level: cy.zoom() * 1.1, renderedPosition: { x: 300, y: 200 } });
  });
  await page.waitForTimeout(500); // the state is saved 300 ms after the last change
  const saved = await page.evaluate(() => ({
    state: window.__state,
    zoom: window.__sgLintGraph.cy.zoom(),
    cache: window.__sgLintGraph.cy.getElementById('CacheSg').position(),
  }));
  check(saved.state?.positions?.CacheSg !== undefined, 'positions are saved with setState');
  const traps = await page.evaluate(inPage.traps);
  await light.context.close();

  const reloaded = await openPage(browser, server, 'light', { initialState: saved.state });
  await postGraph(reloaded.page, fixture, 'light');
  const restored = await reloaded.page.evaluate(() => ({
    zoom: window.__sgLintGraph.cy.zoom(),
    cache: window.__sgLintGraph.cy.getElementById('CacheSg').position(),
    scope: document.querySelector('.toolbar select').value,
  }));
  check(
    Math.abs(restored.zoom - saved.zoom) < 1e-6 &&
      Math.abs(restored.cache.x - saved.cache.x) < 0.2 &&
      Math.abs(restored.cache.y - saved.cache.y) < 0.2,
    'a reloaded panel restores positions and zoom',
  );
  const reloadedTraps = await reloaded.page.evaluate(inPage.traps);
  const reloadedErrors = reloaded.errors;
  await reloaded.context.close();

  // No script of the hostile name ran, anywhere.
  for (const [name, t, errors, dialogs] of [
    ['light', traps, light.errors, light.dialogs],
    ['reloaded', reloadedTraps, reloadedErrors, reloaded.dialogs],
  ]) {
    check(t.alerts.length === 0 && dialogs.length === 0, `${name}: no alert/confirm/prompt ran`);
    check(t.imgs === 0, `${name}: no <img> element exists in the page`);
    check(t.csp.length === 0, `${name}: no Content-Security-Policy violation (${t.csp.join('; ')})`);
    check(errors.length === 0, `${name}: no page errors (${errors.join('; ')})`);
  }
  check(
    !server.misses.includes('/x'),
    `the page never fetched the hostile <img src=x> (${server.misses.join(', ') || 'no misses'})`,
  );

  // ---------------------------------------------------------------------------------------------
  for (const theme of ['dark', 'high-contrast']) {
    console.log(`${theme} theme`);
    const { page: p, context, errors } = await openPage(browser, server, theme);
    await postGraph(p, fixture, theme);
    const pt = await p.evaluate(inPage.nodePoint, 'AppSg');
    await p.mouse.click(pt.x, pt.y);
    await p.mouse.move(5, 5);
    await p.waitForTimeout(300);
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    check(
      theme === 'dark' ? bg === 'rgb(31, 31, 31)' : bg === 'rgb(0, 0, 0)',
      `the page takes the theme's background (${bg})`,
    );
    const nodeBorder = await p.evaluate(() =>
      window.__sgLintGraph.cy.getElementById('AlbSg').style('border-color'),
    );
    if (theme === 'high-contrast') {
      check(nodeBorder === 'rgb(111,195,223)', `nodes are outlined with contrastBorder (${nodeBorder})`);
    }
    const file = path.join(artifacts, `graph-${theme}.png`);
    await p.screenshot({ path: file });
    console.log(`  ->  ${path.relative(root, file)}`);
    const t = await p.evaluate(inPage.traps);
    check(
      t.alerts.length === 0 && t.imgs === 0 && t.csp.length === 0 && errors.length === 0,
      `${theme}: no script ran, no CSP violation, no errors`,
    );
    await context.close();
  }

  // The real thing: the graph the server builds for examples/ (the CLI's `graph --format json` is the
  // same builder), validated with nothing dropped and drawn.
  console.log('examples/ graph from dist/cli.js');
  {
    const cli = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'graph', 'examples', '--format', 'json'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    check(cli.status === 0, `sg-lint graph examples exits 0 (${cli.stderr.trim().split('\n')[0] ?? ''})`);
    const real = JSON.parse(cli.stdout);
    const { page: p, context, errors } = await openPage(browser, server, 'dark');
    await postGraph(p, real, 'dark');
    const state = await p.evaluate(() => ({
      nodes: window.__sgLintGraph.cy.nodes().length,
      banner: document.querySelector('.banner').hidden ? '' : document.querySelector('.banner').textContent,
      status: document.querySelector('.status').textContent,
    }));
    const expected = real.nodes.filter((n) => n.kind !== 'resource').length;
    check(
      state.banner === '' && state.nodes === expected,
      `the server's graph is accepted and drawn (${state.nodes} nodes)`,
    );
    check(!/skipped/.test(state.status), `nothing in it was dropped as malformed (${state.status})`);
    const realUndrawn = await p.evaluate(() =>
      window.__sgLintGraph.cy
        .edges()
        .filter((e) => [e.sourceEndpoint(), e.targetEndpoint()].some((q) => !Number.isFinite(q.x)))
        .map((e) => e.id()),
    );
    check(realUndrawn.length === 0, `every edge is drawn (${realUndrawn.join(', ') || 'all'})`);
    const exposed = real.nodes.find((n) => n.kind === 'group' && n.exposed);
    if (exposed) {
      const pt = await p.evaluate(inPage.nodePoint, exposed.id);
      await p.mouse.click(pt.x, pt.y);
      await p.mouse.move(5, 5);
    }
    await p.waitForTimeout(300);
    const file = path.join(artifacts, 'graph-examples-dark.png');
    await p.screenshot({ path: file });
    console.log(`  ->  ${path.relative(root, file)}`);
    check(errors.length === 0, `no page errors (${errors.join('; ')})`);
    await context.close();
  }

  // Live theme switch: VS Code swaps the body class and the variables without reloading.
  console.log('theme switch');
  {
    const { page: p, context } = await openPage(browser, server, 'light');
    await postGraph(p, fixture, 'light');
    const bgBefore = await p.evaluate(() =>
      window.__sgLintGraph.cy.getElementById('AlbSg').style('background-color'),
    );
    await p.evaluate(
      (vars) => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.className = 'vscode-dark';
      },
      (await import('./harness.mjs')).THEMES.dark.vars,
    );
    await p.waitForFunction(
      (before) => window.__sgLintGraph.cy.getElementById('AlbSg').style('background-color') !== before,
      bgBefore,
      { timeout: 3000 },
    );
    check(true, 'a theme change recolours the graph without a reload');
    await context.close();
  }
} catch (e) {
  failed = true;
  console.error(e instanceof Error ? e.message : e);
} finally {
  await browser.close();
  await server.close();
}
console.log(failed ? 'graph webview: FAILED' : 'graph webview: all checks passed');
process.exit(failed ? 1 : 0);
