/**
 * The shipped artifacts: esbuild.mjs builds into a temp folder (never touching dist/), then the bundled
 * CLI runs as a command, the bundled server answers LSP on stdio and links diagnostics to the bundled
 * doc pages, lints a Terraform module with the WebAssembly parser copied next to it, and the client bundle
 * keeps `vscode` external and carries no engine code.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { ruleFolder } from '../../rules/index';
import { helpUri } from '../../server/src/report/sarif';
import { LspTestClient } from './lspClient';
import { MAIN_TF, TFVARS, VARIABLES_TF } from './terraformFixtures';

const REPO = path.resolve(__dirname, '..', '..', '..');

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: vpc-1
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0
          Description: ssh
`;

describe('bundles (esbuild.mjs)', function () {
  this.timeout(30000);
  let out: string;
  let work: string;

  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-dist-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-work-'));
    execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs'), `--outdir=${out}`], {
      cwd: REPO,
      stdio: 'pipe',
    });
  });

  after(() => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('builds the three bundles with source maps', () => {
    for (const name of ['client.js', 'server.js', 'cli.js']) {
      assert.ok(fs.statSync(path.join(out, name)).size > 0, name);
      assert.ok(fs.existsSync(path.join(out, `${name}.map`)), `${name}.map`);
    }
  });

  it('copies every rule page that exists, and only those', () => {
    const expected = fs
      .readdirSync(path.join(REPO, 'rules'))
      .filter((d) => /^SG\d{3}-/.test(d) && fs.existsSync(path.join(REPO, 'rules', d, 'README.md')))
      .sort();
    const docs = path.join(out, 'docs', 'rules');
    const copied = fs.existsSync(docs) ? fs.readdirSync(docs).sort() : [];
    assert.deepEqual(copied, expected);
    for (const d of copied) {
      assert.equal(
        fs.readFileSync(path.join(docs, d, 'README.md'), 'utf8'),
        fs.readFileSync(path.join(REPO, 'rules', d, 'README.md'), 'utf8'),
      );
    }
  });

  it('runs the CLI bundle as a command', () => {
    const cli = path.join(out, 'cli.js');
    assert.ok(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
    assert.ok((fs.statSync(cli).mode & 0o111) !== 0, 'executable');
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: sg-lint \[paths…\] \[options\]/);

    const template = path.join(work, 'web.yaml');
    fs.writeFileSync(template, TEMPLATE);
    const scan = spawnSync(process.execPath, [cli, template, '--format', 'json'], {
      encoding: 'utf8',
      cwd: work,
    });
    assert.equal(scan.status, 1, scan.stderr);
    assert.match(scan.stdout, /"SG101"/);
  });

  it('copies the Terraform parser’s WebAssembly next to the bundles', () => {
    for (const name of ['web-tree-sitter.wasm', 'tree-sitter-hcl.wasm'])
      assert.ok(fs.statSync(path.join(out, name)).size > 1000, name);
  });

  it('lints a Terraform module from the server bundle, with the parser beside it', async () => {
    const dir = path.join(work, 'tf');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'variables.tf'), VARIABLES_TF);
    fs.writeFileSync(path.join(dir, 'terraform.tfvars'), TFVARS);
    const client = await LspTestClient.start({
      serverPath: path.join(out, 'server.js'),
      workspaceFolders: [pathToFileURL(work).href],
    });
    try {
      // main.tf exists only in the editor: the module is its text with the other files from disk.
      const uri = pathToFileURL(path.join(dir, 'main.tf')).href;
      await client.open(uri, 'terraform', MAIN_TF);
      const published = await client.waitForDiagnostics(uri, undefined, 0, 10000);
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
        [
          ['SG101', 10, 'SSH (22) is open to the world (0.0.0.0/0 from admin_cidrs in terraform.tfvars)'],
          ['SG101', 32, 'PostgreSQL (5432) is open to the world (0.0.0.0/0)'],
        ],
      );
    } finally {
      await client.stop();
    }
    assert.deepEqual(client.streamErrors, []);
    assert.equal(client.stderr.join(''), '');
    assert.deepEqual(
      client.logs.map((l) => l.message),
      [],
    );
  });

  it('keeps vscode external in the client bundle and leaves the engine out of it', () => {
    const client = fs.readFileSync(path.join(out, 'client.js'), 'utf8');
    assert.match(client, /require\("vscode"\)/);
    assert.doesNotMatch(client, /function lintDocument|sg-lint-ignore/);
  });

  it('serves LSP on stdio from the server bundle, linking to the bundled doc page', async () => {
    // The page may not be written yet in this checkout: the link logic only needs the file to exist.
    const page = path.join(out, 'docs', 'rules', ruleFolder('SG101'), 'README.md');
    if (!fs.existsSync(page)) {
      fs.mkdirSync(path.dirname(page), { recursive: true });
      fs.writeFileSync(page, '# SG101\n');
    }
    const client = await LspTestClient.start({
      serverPath: path.join(out, 'server.js'),
      workspaceFolders: [pathToFileURL(work).href],
    });
    try {
      const uri = pathToFileURL(path.join(work, 'web.yaml')).href;
      await client.open(uri, 'yaml', TEMPLATE);
      const published = await client.waitForDiagnostics(uri);
      const ssh = published.diagnostics.find((d) => d.code === 'SG101');
      assert.ok(ssh);
      assert.deepEqual(ssh.codeDescription, { href: pathToFileURL(page).href });
      const actions = (await client.codeActions(uri, ssh.range, [ssh])) as CodeAction[];
      const docs = actions.find((a) => a.title === 'Show documentation for SG101');
      assert.deepEqual(docs?.command?.arguments, [
        { ruleId: 'SG101', webUri: helpUri('SG101'), localUri: pathToFileURL(page).href },
      ]);
    } finally {
      await client.stop();
    }
    assert.deepEqual(client.streamErrors, []);
    assert.equal(client.stderr.join(''), '');
  });
});
