/**
 * The extension-host side of the `@vscode/test-electron` suite: VS Code loads this module (the
 * `extensionTestsPath`) inside its extension host and calls `run`, which runs the suite's mocha files.
 */
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.e2e.js'));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed`);
}
