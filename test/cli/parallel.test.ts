import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, runCliAsync } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

function io(): { out: () => string; err: () => string; io: Parameters<typeof runCli>[1] } {
  let stdout = '';
  let stderr = '';
  return {
    out: () => stdout,
    err: () => stderr,
    io: { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: ROOT, color: false },
  };
}

describe('cli: scanning on worker threads', () => {
  it('reports exactly what the single-threaded scan reports, in SARIF and text', async () => {
    // The fixtures and examples (and the shared corpus when it is beside the repo), on threads however few.
    const paths = ['test/fixtures/cloudformation', 'test/fixtures/terraform', 'examples'];
    if (fs.existsSync(CORPUS)) paths.push(path.join(CORPUS, 'checkov'), path.join(CORPUS, 'cfn_nag'));
    for (const format of ['sarif', 'text']) {
      const one = io();
      const code = runCli([...paths, '--format', format], one.io);
      const two = io();
      const parallelCode = await runCliAsync([...paths, '--format', format, '--jobs', '2'], two.io, 0);
      assert.equal(parallelCode, code, format);
      assert.equal(two.out(), one.out(), `${format} output differs`);
      assert.equal(two.err(), one.err(), `${format} stderr differs`);
      assert.ok(one.out().length > 2_000, 'the scan found something');
    }
  });

  it('refuses a --jobs that is not a whole number from 1 to 64', async () => {
    const bad = io();
    assert.equal(await runCliAsync(['examples', '--jobs', 'many'], bad.io), 2);
    assert.equal(bad.err(), 'sg-lint: --jobs must be a whole number from 1 to 64 (got "many")\n');
  });
});
