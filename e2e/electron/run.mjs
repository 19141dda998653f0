// `npm run test:electron`: the end-to-end suite (test/electron/suite, compiled to out/) inside a desktop
// VS Code through @vscode/test-electron. These machines cannot download VS Code, so it runs only when
// SG_LINT_VSCODE_PATH (or VSCODE_EXECUTABLE_PATH) names a VS Code executable; otherwise it says the
// suite was SKIPPED and exits 0 without claiming a pass. The extension under test is this repository
// (built by `npm run build`), in a fresh user-data and extensions folder, with no other extension.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { fileURLToPath } from 'node:url';
import { prepareWorkspace } from '../driver/fixtures.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const executable = process.env.SG_LINT_VSCODE_PATH || process.env.VSCODE_EXECUTABLE_PATH;

if (!executable) {
  console.log(
    'test:electron SKIPPED: no desktop VS Code here. Set SG_LINT_VSCODE_PATH to a VS Code executable ' +
      '(e.g. /usr/share/code/code, or "Visual Studio Code.app/Contents/MacOS/Electron") to run the 9 ' +
      'scenarios; none of them ran, none passed.',
  );
  process.exit(0);
}

// The extension's bundles (dist/) and the compiled suite (out/test/electron).
for (const script of ['build', 'compile'])
  execFileSync('npm', ['run', '--silent', script], { cwd: REPO, stdio: 'inherit' });
const { runTests } = await import('@vscode/test-electron');
const tmp = mkdtempSync(path.join(tmpdir(), 'sg-lint-electron-'));
try {
  const workspace = prepareWorkspace(tmp, REPO);
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'out', 'test', 'electron', 'suite', 'index.js'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${path.join(tmp, 'user-data')}`,
      `--extensions-dir=${path.join(tmp, 'extensions')}`,
    ],
  });
  console.log('test:electron: passed');
} catch (e) {
  console.error(`test:electron FAILED: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  if (!process.env.SG_LINT_E2E_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
}
