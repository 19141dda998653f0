// SG_LINT_E2E_EXTENSION_TESTS=1 npm run e2e: the @vscode/test-electron suite run inside code-server's
// (Node) extension host, so the suite itself is exercised on these machines where no desktop VS Code
// can be downloaded. Chromium opens the workbench with VS Code's `payload` query (the same
// extensionDevelopmentPath/extensionTestsPath pair a desktop run passes on the command line, as
// vscode-remote URIs); the suite writes its results to SG_LINT_TEST_RESULT, which this driver waits for.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { launchChromium } from '../driver/browser.mjs';
import { prepareWorkspace } from '../driver/fixtures.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run this through e2e/run.sh)`);
  return v;
};
const url = env('SG_LINT_E2E_URL');
const tmp = env('SG_LINT_E2E_TMP');
const resultFile = env('SG_LINT_TEST_RESULT');
const artifacts = env('SG_LINT_E2E_ARTIFACTS');
const { chromium } = createRequire(path.join(env('SG_LINT_E2E_MODULES'), 'noop.js'))('playwright-core');
const TIMEOUT_MS = 6 * 60_000;

const workspace = prepareWorkspace(tmp, REPO);
const remote = (p) => `vscode-remote://${new URL(url).host}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(REPO)],
  ['extensionTestsPath', remote(path.join(REPO, 'out', 'test', 'electron', 'suite', 'index.js'))],
];
const { server, browser } = await launchChromium(chromium, tmp);
let code = 1;
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1200 } })).newPage();
  await page.goto(
    `${url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    { waitUntil: 'domcontentloaded' },
  );
  const started = Date.now();
  while (!existsSync(resultFile) && Date.now() - started < TIMEOUT_MS) await sleep(500);
  await page.screenshot({ path: path.join(artifacts, 'extension-tests.png') }).catch(() => {});
  if (!existsSync(resultFile)) {
    console.log(`  the suite wrote no results within ${TIMEOUT_MS / 1000} s`);
  } else {
    const result = JSON.parse(readFileSync(resultFile, 'utf8'));
    for (const o of result.outcomes)
      console.log(
        `  ${o.state === 'passed' ? '✔' : '✘'} ${o.title}${o.ms !== undefined ? ` (${o.ms} ms)` : ''}`,
      );
    for (const o of result.outcomes.filter((x) => x.error))
      console.log(`  --- ${o.title}\n${o.error.replace(/^/gm, '    | ')}`);
    console.log(
      `  extension-host suite: ${result.outcomes.length - result.failures} passed, ${result.failures} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    code = result.failures === 0 && result.outcomes.length > 0 ? 0 : 1;
  }
} finally {
  await browser.close().catch(() => {});
  await server.close().catch(() => {});
}
process.exit(code);
