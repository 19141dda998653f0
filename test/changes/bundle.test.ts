/**
 * The shipped bundles compute changes with the service-spec facts of serviceSpec.ts (esbuild aliases
 * `@aws-cdk/aws-service-spec` to it): the bundled CLI and server answer from a folder that holds no
 * node_modules and no spec database.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SecurityChanges } from '../../server/src/protocol';
import { LspTestClient } from '../lsp/lspClient';
import { TEMPLATE, TEMPLATE_SSH_OPEN } from './fixtures';
import { GitFixture, tempDir } from './gitFixture';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('bundles: sg-lint changes', function () {
  this.timeout(60000);
  let out: string;
  let repo: GitFixture;

  before(() => {
    out = tempDir('sg-lint-dist-changes-');
    execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs'), `--outdir=${out}`], {
      cwd: REPO,
      stdio: 'pipe',
    });
    repo = GitFixture.init();
    repo.write('web.yaml', TEMPLATE).commit('template');
    repo.write('web.yaml', TEMPLATE_SSH_OPEN);
  });

  after(() => {
    fs.rmSync(out, { recursive: true, force: true });
    repo.dispose();
  });

  it('leaves the AWS service spec database out of the bundles', () => {
    for (const name of ['cli.js', 'server.js']) {
      const text = fs.readFileSync(path.join(out, name), 'utf8');
      assert.ok(!text.includes('db.json.gz'), name);
      assert.ok(text.includes('IngressRuleResource'), name);
    }
  });

  it('prints the changes with the bundled CLI', () => {
    const r = spawnSync(process.execPath, [path.join(out, 'cli.js'), 'changes', 'web.yaml'], {
      cwd: repo.dir,
      encoding: 'utf8',
    });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.match(
      r.stdout,
      /\nweb\.yaml\n {2}\+ ingress tcp 22 from 0\.0\.0\.0\/0 to BastionSG {2}\(line 13\)\n {2}- ingress tcp 22 from 10\.0\.0\.0\/8 to BastionSG\n {2}- ingress tcp 443 from group BastionSG to AppSG\n/,
    );
  });

  it('answers sgLint/changes from the bundled server', async () => {
    const client = await LspTestClient.start({
      serverPath: path.join(out, 'server.js'),
      workspaceFolders: [pathToFileURL(repo.dir).href],
    });
    try {
      const r = await client.request<SecurityChanges>('sgLint/changes', { uri: repo.uri('web.yaml') });
      assert.deepEqual(
        r.files.map((f) => [f.path, f.added.length, f.removed.length, f.newFindings.map((x) => x.ruleId)]),
        [['web.yaml', 1, 2, ['SG109', 'SG101']]],
      );
    } finally {
      await client.stop();
    }
  });
});
