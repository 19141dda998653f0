/**
 * The workspace index (what a scan looks at: templates and Terraform folders; never dependency folders,
 * git-ignored, excluded or generated ones; kept fresh by file events) and "Scan Workspace" through the
 * language server: diagnostics for files that are not open, counts, cancellation that publishes
 * nothing, staying current after the scan, and the SARIF export.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, FileChangeType } from 'vscode-languageserver-protocol/node';
import { WorkspaceIndex } from '../../server/src/lsp/workspaceIndex';
import type { ScanSummary } from '../../server/src/protocol';
import { dedent } from '../helpers/ruleTester';
import { tempTree } from '../helpers/tempTree';
import { LspTestClient } from './lspClient';

const SSH_WORLD = dedent(`
  Resources:
    Sg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: ssh
        VpcId: vpc-1
        SecurityGroupIngress:
          - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Description: ssh }
        SecurityGroupEgress:
          - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: out }
`);

const TF_SSH = `resource "aws_security_group" "ssh" {
  name        = "ssh"
  description = "ssh"
  vpc_id      = "vpc-1"
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

const tree = (files: Record<string, string>): string => tempTree('sg-lint-ws-', files);

const WORKSPACE = {
  'stacks/web.yaml': SSH_WORLD,
  'stacks/notes.json': '{ "name": "not a template" }',
  'infra/main.tf': TF_SSH,
  'infra/terraform.tfvars': 'x = 1\n',
  'node_modules/pkg/template.yaml': SSH_WORLD,
  'build/out.yaml': SSH_WORLD,
  'vendor/lib.yaml': SSH_WORLD,
  '.gitignore': 'build/\n',
  'cdk.out/manifest.json': '{"version":"36.0.0","artifacts":{}}',
  'cdk.out/cdk.out': '{"version":"36.0.0"}',
  'cdk.out/Stack.template.json': SSH_WORLD,
};

describe('workspace index', () => {
  let dir: string;
  let index: WorkspaceIndex;
  const rel = (): string[] => index.files().map((f) => `${path.relative(dir, f.path)} ${f.kind}`);

  beforeEach(() => {
    dir = tree(WORKSPACE);
    index = new WorkspaceIndex({
      folders: () => [dir],
      // files.exclude / sgLint.exclude stand-in: vendor/ is excluded.
      isExcluded: (p) => path.relative(dir, p).startsWith('vendor'),
    });
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists templates and Terraform files, never dependency, git-ignored, excluded or CDK output folders', () => {
    assert.deepEqual(rel(), [
      'infra/main.tf terraform',
      'infra/terraform.tfvars terraform',
      'stacks/notes.json template',
      'stacks/web.yaml template',
    ]);
    assert.deepEqual(
      index.terraformDirs().map((d) => path.relative(dir, d)),
      ['infra'],
    );
  });

  it('follows creates, changes, deletes and renames without reading files', () => {
    rel();
    fs.writeFileSync(path.join(dir, 'stacks/db.yaml'), SSH_WORLD);
    fs.writeFileSync(path.join(dir, 'build/new.yaml'), SSH_WORLD);
    assert.deepEqual(
      index
        .apply([
          { path: path.join(dir, 'stacks/db.yaml'), deleted: false },
          { path: path.join(dir, 'build/new.yaml'), deleted: false },
        ])
        .map((p) => path.relative(dir, p)),
      ['stacks/db.yaml'],
    );
    // Unchanged size and time: nothing changed.
    assert.deepEqual(index.apply([{ path: path.join(dir, 'stacks/db.yaml'), deleted: false }]), []);
    fs.renameSync(path.join(dir, 'stacks'), path.join(dir, 'templates'));
    index.apply([
      { path: path.join(dir, 'stacks'), deleted: true },
      { path: path.join(dir, 'templates'), deleted: false },
    ]);
    assert.deepEqual(rel(), [
      'infra/main.tf terraform',
      'infra/terraform.tfvars terraform',
      'templates/db.yaml template',
      'templates/notes.json template',
      'templates/web.yaml template',
    ]);
    // A .gitignore change re-walks: build/ is back.
    fs.writeFileSync(path.join(dir, '.gitignore'), 'templates/notes.json\n');
    index.apply([{ path: path.join(dir, '.gitignore'), deleted: false }]);
    assert.deepEqual(rel(), [
      'build/new.yaml template',
      'build/out.yaml template',
      'infra/main.tf terraform',
      'infra/terraform.tfvars terraform',
      'templates/db.yaml template',
      'templates/web.yaml template',
    ]);
  });
});

describe('language server: Scan Workspace and Export SARIF', () => {
  let dir: string;
  let client: LspTestClient;
  const uri = (rel: string): string => pathToFileURL(path.join(dir, rel)).href;

  beforeEach(async () => {
    // CDK output is the CDK linter's (tested in cdk.test.ts): left out here so its publishes do not mix in.
    const {
      ['cdk.out/manifest.json']: _m,
      ['cdk.out/cdk.out']: _c,
      ['cdk.out/Stack.template.json']: _t,
      ...files
    } = WORKSPACE;
    dir = tree({ ...files, '.sg-lint.yaml': 'exclude: ["vendor/**"]\n' });
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(dir).href] });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes for files that are not open, only those the index lists, and counts everything', async () => {
    const since = client.mark();
    const summary = await client.request<ScanSummary>('sgLint/scanWorkspace', {});
    assert.deepEqual(
      { ...summary, ms: 0 },
      {
        cancelled: false,
        files: 3,
        total: 3,
        filesWithFindings: 2,
        findings: 4,
        errors: 2,
        warnings: 0,
        notes: 2,
        ms: 0,
      },
    );
    const published = new Map(
      client.diagnostics
        .slice(since)
        .filter((p) => p.diagnostics.length > 0)
        .map((p) => [p.uri, p.diagnostics.map((d) => d.code)]),
    );
    assert.deepEqual([...published.keys()].sort(), [uri('infra/main.tf'), uri('stacks/web.yaml')]);
    assert.deepEqual(published.get(uri('stacks/web.yaml'))?.sort(), ['SG101', 'SG109']);
    for (const ignored of ['node_modules/pkg/template.yaml', 'build/out.yaml', 'vendor/lib.yaml'])
      assert.equal(published.has(uri(ignored)), false, ignored);
  });

  it('leaves nothing published when the scan is cancelled', async () => {
    for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(dir, 'stacks', `copy${i}.yaml`), SSH_WORLD);
    const since = client.mark();
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest<ScanSummary>('sgLint/scanWorkspace', {}, source.token);
    setTimeout(() => source.cancel(), 30);
    const summary = await pending;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.files < summary.total, `cancelled after ${summary.files} of ${summary.total}`);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(client.diagnostics.slice(since), []);
  });

  it('keeps scanned files current: a deleted file is cleared, a new one is linted', async () => {
    await client.request<ScanSummary>('sgLint/scanWorkspace', {});
    const since = client.mark();
    fs.rmSync(path.join(dir, 'stacks/web.yaml'));
    fs.writeFileSync(
      path.join(dir, 'stacks/db.yaml'),
      SSH_WORLD.replace('FromPort: 22, ToPort: 22', 'FromPort: 3389, ToPort: 3389'),
    );
    await client.watchedFilesChanged([
      { uri: uri('stacks/web.yaml'), type: FileChangeType.Deleted },
      { uri: uri('stacks/db.yaml'), type: FileChangeType.Created },
    ]);
    const cleared = await client.waitForDiagnostics(
      uri('stacks/web.yaml'),
      (p) => p.diagnostics.length === 0,
      since,
      5000,
    );
    assert.deepEqual(cleared.diagnostics, []);
    const added = await client.waitForDiagnostics(
      uri('stacks/db.yaml'),
      (p) => p.diagnostics.length > 0,
      since,
      5000,
    );
    assert.deepEqual(added.diagnostics.map((d) => d.message).sort(), [
      'RDP (3389) is open to the world (0.0.0.0/0)',
      'Security group Sg is not attached to anything: no resource or output in this file references it',
    ]);
  });

  it('exports the workspace as SARIF with the CLI’s contract', async () => {
    const text = await client.request<string>('sgLint/exportSarif', {});
    const log = JSON.parse(text) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(
      log.runs[0]!.results.map(
        (r) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`,
      ).sort(),
      ['SG101 infra/main.tf', 'SG101 stacks/web.yaml', 'SG109 infra/main.tf', 'SG109 stacks/web.yaml'],
    );
  });
});
