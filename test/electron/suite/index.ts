/**
 * The extension-host side of the end-to-end suite: VS Code loads this module (the `extensionTestsPath`)
 * inside its extension host and calls `run`, which runs the suite's mocha files. Under
 * `@vscode/test-electron` the result is the exit code; when SG_LINT_TEST_RESULT names a file (the
 * code-server run, where nothing reads the extension host's exit code), the results are written there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TestOutcome {
  readonly title: string;
  readonly state: 'passed' | 'failed';
  readonly ms?: number;
  readonly error?: string;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.e2e.js'));
  const outcomes: TestOutcome[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 }));
    runner.on('fail', (t, e: Error) =>
      outcomes.push({ title: t.fullTitle(), state: 'failed', error: e.stack ?? e.message }),
    );
  });
  const resultFile = process.env.SG_LINT_TEST_RESULT;
  if (resultFile) fs.writeFileSync(resultFile, `${JSON.stringify({ failures, outcomes }, null, 2)}\n`);
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed`);
}
