/**
 * `sgLint/changes` through the language server: a template or a Terraform file's module against HEAD
 * or another ref, with open documents counted as typed (unsaved edits included), and git problems
 * answered as `error` for the client to show.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SecurityChanges } from '../../server/src/protocol';
import { LspTestClient } from '../lsp/lspClient';
import { MAIN_TF, MAIN_TF_SSH_OPEN, RULES_TF, TEMPLATE, TEMPLATE_SSH_OPEN, VARIABLES_TF } from './fixtures';
import { GitFixture, tempDir } from './gitFixture';

describe('language server: sgLint/changes', function () {
  this.timeout(30000);
  let repo: GitFixture;
  let client: LspTestClient;

  before(async () => {
    repo = GitFixture.init();
    repo
      .write('cfn/web.yaml', TEMPLATE)
      .write('tf/main.tf', MAIN_TF)
      .write('tf/rules.tf', RULES_TF)
      .write('tf/variables.tf', VARIABLES_TF)
      .commit('templates');
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(repo.dir).href] });
  });

  after(async () => {
    await client.stop();
    repo.dispose();
  });

  const lines = (r: SecurityChanges): string[] =>
    r.files.flatMap((f) => [
      `${f.path} ${f.status}`,
      ...f.added.map(
        (x) =>
          `+ ${x.direction} ${x.protocol} ${x.ports} ${x.peer} ${x.group} @${x.location?.range.start.line}`,
      ),
      ...f.removed.map((x) => `- ${x.direction} ${x.protocol} ${x.ports} ${x.peer} ${x.group}`),
      ...f.newFindings.map((x) => `! ${x.ruleId} @${x.location.range.start.line}`),
    ]);

  it('answers nothing changed for a committed template', async () => {
    const r = await client.request<SecurityChanges>('sgLint/changes', { uri: repo.uri('cfn/web.yaml') });
    assert.equal(r.error, undefined);
    assert.deepEqual(lines(r), ['cfn/web.yaml unchanged']);
    assert.match(r.commit!, /^[0-9a-f]{12}$/);
  });

  it('counts an unsaved edit of an open template: SSH opened to the world is added, SG101 new', async () => {
    const uri = repo.uri('cfn/web.yaml');
    await client.open(uri, 'yaml', TEMPLATE_SSH_OPEN);
    try {
      const r = await client.request<SecurityChanges>('sgLint/changes', { uri, base: 'HEAD' });
      assert.deepEqual(lines(r), [
        'cfn/web.yaml modified',
        '+ ingress tcp 22 0.0.0.0/0 BastionSG @12',
        '- ingress tcp 22 10.0.0.0/8 BastionSG',
        '- ingress tcp 443 group BastionSG AppSG',
        '! SG109 @6',
        '! SG101 @15',
      ]);
      assert.equal(r.files[0]!.added[0]!.location?.uri, uri);
      // On disk the file is as committed.
      assert.equal(fs.readFileSync(repo.path('cfn/web.yaml'), 'utf8'), TEMPLATE);
    } finally {
      await client.close(uri);
    }
  });

  it('compares a Terraform file’s whole module, with an open file’s unsaved text', async () => {
    const uri = repo.uri('tf/main.tf');
    await client.open(uri, 'terraform', MAIN_TF_SSH_OPEN);
    try {
      const r = await client.request<SecurityChanges>('sgLint/changes', { uri: repo.uri('tf/rules.tf') });
      assert.deepEqual(lines(r), [
        'tf modified',
        '+ ingress tcp 22 0.0.0.0/0 aws_security_group.web @13',
        '! SG101 @18',
      ]);
      assert.equal(r.files[0]!.format, 'terraform');
      assert.equal(r.files[0]!.newFindings[0]!.location.uri, uri);
    } finally {
      await client.close(uri);
    }
  });

  it('answers an unknown ref, a file outside any repository and an unsaved document with an error', async () => {
    const bad = await client.request<SecurityChanges>('sgLint/changes', {
      uri: repo.uri('cfn/web.yaml'),
      base: 'release-9',
    });
    assert.deepEqual(bad, {
      base: 'release-9',
      files: [],
      error: `unknown git ref "release-9" in the repository at ${repo.dir}`,
    });
    const dir = tempDir('sg-lint-no-git-');
    try {
      fs.writeFileSync(path.join(dir, 'web.yaml'), TEMPLATE);
      const outside = await client.request<SecurityChanges>('sgLint/changes', {
        uri: pathToFileURL(path.join(dir, 'web.yaml')).href,
      });
      assert.equal(outside.error, 'web.yaml is not in a git repository');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const untitled = await client.request<SecurityChanges>('sgLint/changes', { uri: 'untitled:Untitled-1' });
    assert.equal(untitled.error, 'Save the file first: changes compare files on disk with git.');
  });
});
