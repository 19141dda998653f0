/* global console */
// The e2e driver: prepares the workspace, starts Debian chromium with playwright-core, opens the
// code-server workbench (started by run.sh) and runs the scenarios of scenarios/index.mjs in order.
// Each scenario is timed; a failing one leaves a screenshot and the tails of code-server's and the
// extension's logs, and the next scenarios still run. Exit code 1 when any scenario failed.
//
// Environment (set by run.sh): SG_LINT_E2E_URL, SG_LINT_E2E_TMP, SG_LINT_E2E_MODULES (the cache's
// node_modules with playwright-core), SG_LINT_E2E_ARTIFACTS, SG_LINT_E2E_CODE_SERVER_LOG,
// SG_LINT_E2E_VSCODE_LOGS; optional SG_LINT_E2E_ONLY ("a,d" or "terraform": scenario ids, or parts of
// names of two or more characters).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { setTimeout, clearTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { scenarios } from './scenarios/index.mjs';
import { Workbench } from './workbench.mjs';
import { prepareWorkspace } from './fixtures.mjs';
import { launchChromium } from './browser.mjs';

const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_DIR = path.resolve(E2E_DIR, '..');
const SCENARIO_TIMEOUT_MS = 180_000;

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with npm run e2e (e2e/run.sh)`);
  return value;
}

const url = env('SG_LINT_E2E_URL');
const tmp = env('SG_LINT_E2E_TMP');
const artifacts = env('SG_LINT_E2E_ARTIFACTS');
const codeServerLog = env('SG_LINT_E2E_CODE_SERVER_LOG');
const vscodeLogs = env('SG_LINT_E2E_VSCODE_LOGS');
// playwright-core lives in the e2e cache, outside the repo.
const { chromium } = createRequire(path.join(env('SG_LINT_E2E_MODULES'), 'noop.js'))('playwright-core');

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function tail(file, lines = 40) {
  if (!existsSync(file)) return `(no ${file})`;
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** VS Code's log files under the user-data logs folder whose path matches `re` (newest session). */
function findLogs(re) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (re.test(p)) found.push(p);
    }
  };
  walk(vscodeLogs);
  return found;
}

function printLogTails() {
  console.log(`    --- code-server log (tail) ---\n${indent(tail(codeServerLog, 30))}`);
  for (const f of [...findLogs(/exthost\.log$/), ...findLogs(/SG Lint\.log$/)]) {
    if (!readFileSync(f, 'utf8').trim()) continue;
    console.log(`    --- ${path.relative(vscodeLogs, f)} (tail) ---\n${indent(tail(f, 30))}`);
  }
}

/** An error's message and stack, without ANSI colours, at most 40 lines (Playwright's call logs are long). */
function errorText(e) {
  // eslint-disable-next-line no-control-regex
  const text = String(e?.stack ?? e).replace(/\x1b\[[0-9;]*m/g, '');
  const lines = text.split('\n');
  return lines.length > 40 ? [...lines.slice(0, 40), `… (${lines.length - 40} more lines)`].join('\n') : text;
}

const indent = (s) =>
  s
    .split('\n')
    .map((l) => `    | ${l}`)
    .join('\n');

function selected(scenario) {
  const only = process.env.SG_LINT_E2E_ONLY;
  if (!only) return true;
  return only
    .split(',')
    .map((s) => s.trim())
    .some(
      (s) => s === scenario.id || (s.length > 1 && scenario.name.toLowerCase().includes(s.toLowerCase())),
    );
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${seconds(ms)}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const t0 = Date.now();
  mkdirSync(artifacts, { recursive: true });
  const workspace = prepareWorkspace(tmp, REPO_DIR);

  const { server, browser } = await launchChromium(chromium, tmp);

  const results = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1200 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const browserErrors = [];
    page.on('pageerror', (e) => browserErrors.push(String(e)));

    const tOpen = Date.now();
    const wb = new Workbench(page);
    await wb.open(url, workspace);
    console.log(`  workbench loaded (${seconds(Date.now() - tOpen)})`);

    let shotNo = 0;
    const ctx = {
      page,
      wb,
      workspace,
      /** Saves e2e/.artifacts/<nn>-<name>.png and returns its path. */
      async shot(name) {
        shotNo += 1;
        const file = path.join(artifacts, `${String(shotNo).padStart(2, '0')}-${name}.png`);
        await wb.restMouse();
        await page.screenshot({ path: file });
        console.log(`      screenshot ${path.relative(REPO_DIR, file)}`);
        return file;
      },
      log: (msg) => console.log(`      ${msg}`),
    };

    for (const scenario of scenarios) {
      if (!selected(scenario)) continue;
      const label = `${scenario.id}. ${scenario.name}`;
      console.log(`  ▶ ${label}`);
      const t = Date.now();
      try {
        await withTimeout(scenario.run(ctx), SCENARIO_TIMEOUT_MS, label);
        results.push({ label, ok: true, ms: Date.now() - t });
        console.log(`  ✔ ${label} (${seconds(Date.now() - t)})`);
      } catch (e) {
        results.push({ label, ok: false, ms: Date.now() - t });
        console.log(`  ✘ ${label} (${seconds(Date.now() - t)})\n${indent(errorText(e))}`);
        await ctx.shot(`${scenario.id}-FAILED`).catch((err) => console.log(`      (no screenshot: ${err})`));
        printLogTails();
        if (browserErrors.length) console.log(`    page errors:\n${indent(browserErrors.join('\n'))}`);
        // Leave no menu or quick input open for the next scenario.
        await wb.escape(3).catch(() => {});
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
  }

  // The extension logs how long activate() took (until the language server answered initialize).
  const activation = findLogs(/SG Lint\.log$/)
    .map((f) => /activated in (\d+) ms/.exec(readFileSync(f, 'utf8')))
    .find(Boolean);
  const activationMs = activation ? Number(activation[1]) : undefined;
  console.log(`  extension activation: ${activationMs === undefined ? 'not logged' : `${activationMs} ms`}`);
  writeFileSync(
    path.join(artifacts, 'timings.json'),
    `${JSON.stringify({ activationMs, scenarios: results }, null, 2)}\n`,
  );
  console.log('  scenario timings:');
  for (const r of results)
    console.log(`    ${r.ok ? 'ok    ' : 'FAILED'} ${seconds(r.ms).padStart(7)}  ${r.label}`);
  console.log(
    `    total  ${seconds(Date.now() - t0).padStart(7)}  (driver, including chromium and workbench load)`,
  );
  const failed = results.filter((r) => !r.ok).length;
  if (results.length === 0) {
    console.log('  no scenario matched SG_LINT_E2E_ONLY');
    return 1;
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e?.stack ?? String(e));
    printLogTails();
    process.exit(1);
  },
);
