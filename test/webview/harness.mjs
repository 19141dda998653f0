// Shared by the graph webview's browser test and bench: finds playwright-core and Debian's chromium, serves
// the built webview (dist/media/graph.js + graph.css) from a loopback HTTP server inside the very page the
// extension builds (client/src/graphWebview.ts: same HTML, same CSP, with the server's origin as the CSP
// source), and stubs what VS Code gives a webview: acquireVsCodeApi (posted messages are recorded; state
// is kept), the theme's CSS variables on <html> (VS Code sets them inline; here a served /theme.css, which
// the CSP allows like any stylesheet of the origin), and the theme class on <body>.
//
// Nothing is built here: run `npm run build` first (the scripts in package.json do).
//
// playwright-core is looked up, in order, in:
//   $SG_LINT_PLAYWRIGHT                        a playwright-core folder, or a folder whose node_modules has it
//   ${SG_LINT_E2E_CACHE:-~/.cache/sg-lint-e2e}/cs-*/node_modules   the e2e toolchain (bash e2e/install.sh)
//   the repository's node_modules, then /tmp/pw/node_modules         (npm install --prefix /tmp/pw playwright-core)
// The browser is $SG_LINT_CHROMIUM or /usr/bin/chromium (never a downloaded one).
/* global console, process, window, document, URL, performance, requestAnimationFrame, setTimeout */
import * as esbuild from 'esbuild';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const media = path.join(root, 'dist', 'media');

function playwrightCandidates() {
  const out = [];
  const env = process.env.SG_LINT_PLAYWRIGHT;
  if (env) out.push(env, path.join(env, 'node_modules', 'playwright-core'));
  const cache = process.env.SG_LINT_E2E_CACHE || path.join(os.homedir(), '.cache', 'sg-lint-e2e');
  if (fs.existsSync(cache)) {
    for (const entry of fs.readdirSync(cache).sort().reverse()) {
      if (entry.startsWith('cs-')) out.push(path.join(cache, entry, 'node_modules', 'playwright-core'));
    }
  }
  out.push(path.join(root, 'node_modules', 'playwright-core'), '/tmp/pw/node_modules/playwright-core');
  return out;
}

export async function loadPlaywright() {
  for (const dir of playwrightCandidates()) {
    if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
    const require = createRequire(path.join(dir, 'package.json'));
    const mod = require(dir);
    return { chromium: mod.chromium, from: dir };
  }
  throw new Error(
    'playwright-core not found: run `bash e2e/install.sh`, or `npm install --prefix /tmp/pw playwright-core`, or set SG_LINT_PLAYWRIGHT',
  );
}

export function chromiumPath() {
  const p = process.env.SG_LINT_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(p))
    throw new Error(`chromium not found at ${p} (apt-get install chromium, or set SG_LINT_CHROMIUM)`);
  return p;
}

/** The extension's own page builder (client/src/graphWebview.ts), bundled in memory. */
export async function loadGraphWebview() {
  const out = await esbuild.build({
    entryPoints: [path.join(root, 'client', 'src', 'graphWebview.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const file = path.join(os.tmpdir(), `sg-lint-graphWebview-${process.pid}.mjs`);
  fs.writeFileSync(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** VS Code's theme variables (Light Modern, Dark Modern, Dark High Contrast), as a webview gets them. */
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-font-weight': 'normal',
      '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#6e6e6e',
      '--vscode-errorForeground': '#d12f1b',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-editorInfo-foreground': '#1a85ff',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-editorWidget-border': '#c8c8c8',
      '--vscode-editorLineNumber-foreground': '#6e7681',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-sideBar-foreground': '#3b3b3b',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-input-placeholderForeground': '#767676',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-foreground': '#3b3b3b',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-button-border': '#0000001a',
      '--vscode-badge-background': '#cccccc',
      '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-textLink-activeForeground': '#005fb8',
      '--vscode-editorHoverWidget-background': '#f8f8f8',
      '--vscode-editorHoverWidget-foreground': '#3b3b3b',
      '--vscode-editorHoverWidget-border': '#c8c8c8',
      '--vscode-widget-shadow': '#00000029',
      '--vscode-inputValidation-errorBackground': '#f2dede',
      '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-checkbox-background': '#f8f8f8',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-font-weight': 'normal',
      '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-errorForeground': '#f85149',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-editorInfo-foreground': '#3794ff',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorWidget-border': '#454545',
      '--vscode-editorLineNumber-foreground': '#6e7681',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-sideBar-background': '#181818',
      '--vscode-sideBar-foreground': '#cccccc',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-input-placeholderForeground': '#989898',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-button-border': '#ffffff12',
      '--vscode-badge-background': '#616161',
      '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-textLink-activeForeground': '#4daafc',
      '--vscode-editorHoverWidget-background': '#202020',
      '--vscode-editorHoverWidget-foreground': '#cccccc',
      '--vscode-editorHoverWidget-border': '#454545',
      '--vscode-widget-shadow': '#0000005c',
      '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-checkbox-background': '#313131',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-font-weight': 'normal',
      '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-errorForeground': '#f48771',
      '--vscode-editorWarning-foreground': '#ffd370',
      '--vscode-editorInfo-foreground': '#3794ff',
      '--vscode-focusBorder': '#f38518',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-editorWidget-border': '#6fc3df',
      '--vscode-editorLineNumber-foreground': '#ffffff',
      '--vscode-sideBar-background': '#000000',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-input-placeholderForeground': '#ffffffb3',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-textLink-activeForeground': '#21a6ff',
      '--vscode-editorHoverWidget-background': '#0c141f',
      '--vscode-editorHoverWidget-foreground': '#ffffff',
      '--vscode-editorHoverWidget-border': '#6fc3df',
      '--vscode-inputValidation-errorBackground': '#000000',
      '--vscode-inputValidation-errorBorder': '#6fc3df',
      '--vscode-checkbox-background': '#000000',
    },
  },
};

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/**
 * Serves GET / (the webview page) and GET /media/<file> (dist/media only) on 127.0.0.1 at a random port.
 * Everything else, such as the `x` a hostile <img src=x> would fetch, is a 404 and recorded.
 */
export async function startServer() {
  const { graphHtml } = await loadGraphWebview();
  const misses = [];
  let theme = 'light';
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      const html = graphHtml({
        cspSource: origin,
        nonce: randomBytes(18).toString('base64'),
        scriptUri: `${origin}/media/graph.js`,
        styleUri: `${origin}/media/graph.css`,
      })
        .replace(
          '<link rel="stylesheet"',
          `<link rel="stylesheet" href="${origin}/theme.css?${theme}">\n<link rel="stylesheet"`,
        )
        .replace('<body>', `<body class="${THEMES[theme].bodyClass}">`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (url.pathname === '/theme.css' && THEMES[url.search.slice(1)]) {
      const vars = Object.entries(THEMES[url.search.slice(1)].vars).map(([k, v]) => `  ${k}: ${v};`);
      res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'no-store' });
      res.end(`html {\n${vars.join('\n')}\n}\n`);
      return;
    }
    const m = /^\/media\/(graph\.(?:js|css)(?:\.map)?)$/.exec(url.pathname);
    if (m) {
      const file = path.join(media, m[1]);
      if (fs.existsSync(file)) {
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)], 'cache-control': 'no-store' });
        res.end(fs.readFileSync(file));
        return;
      }
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    misses.push(url.pathname);
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    misses,
    setTheme(name) {
      theme = name;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Opens the webview page in `theme` (its variables and body class) with the VS Code stubs installed before
 * any page script: a recording
 * acquireVsCodeApi (with `initialState` as getState()), traps for alert/confirm/prompt, and a recorder of
 * CSP violations. Resolves once the page said `ready`.
 */
export async function openPage(browser, server, theme, { initialState, viewport } = {}) {
  server.setTheme(theme);
  const context = await browser.newContext({
    viewport: viewport ?? { width: 1280, height: 760 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(
    ({ state }) => {
      window.__SG_LINT_TEST__ = true;
      window.__posted = [];
      window.__alerts = [];
      window.__csp = [];
      window.__state = state ?? undefined;
      for (const name of ['alert', 'confirm', 'prompt']) {
        window[name] = (m) => {
          window.__alerts.push(`${name}: ${String(m)}`);
        };
      }
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample ?? ''}`);
      });
      let acquired = false;
      window.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi called twice');
        acquired = true;
        return {
          postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
          getState: () => window.__state,
          setState: (s) => {
            window.__state = JSON.parse(JSON.stringify(s));
          },
        };
      };
    },
    { state: initialState },
  );
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'), null, {
    timeout: 10_000,
  });
  return { page, context, errors, dialogs };
}

/** Posts a message to the page as the extension would, and waits until the view has applied it. */
export async function postGraph(page, graph, theme) {
  return page.evaluate(
    async ({ graph, theme }) => {
      const hook = window.__sgLintGraph;
      const before = hook.timings.updates;
      const t0 = performance.now();
      window.postMessage({ type: 'graph', graph, theme }, '*');
      while (hook.timings.updates === before) await new Promise((r) => setTimeout(r, 5));
      const applied = performance.now() - t0;
      // The first frame drawn after the update.
      await new Promise((resolve) => {
        hook.cy.one('render', resolve);
        hook.cy.forceRender();
      });
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      return { applied, drawn: performance.now() - t0, layoutMs: hook.timings.layoutMs };
    },
    { graph, theme },
  );
}

export function check(condition, message) {
  if (!condition) throw new Error(`FAILED: ${message}`);
  console.log(`  ok  ${message}`);
}
