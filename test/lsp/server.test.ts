/**
 * The language server end to end: the compiled server (out/server/src/server.js, what `npm test` has just
 * built with tsc) runs as a child process on stdio and a test client speaks LSP to it. The bundle
 * (dist/server.js) is the same code through esbuild; bundle.test.ts starts that one too.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity, FileChangeType, MessageType } from 'vscode-languageserver-protocol/node';
import { helpUri } from '../../server/src/report/sarif';
import { dedent } from '../helpers/ruleTester';
import { LspTestClient, applyWorkspaceEdit, delay } from './lspClient';

const SSH_OPEN = dedent(`
  AWSTemplateFormatVersion: '2010-09-09'
  Resources:
    WebSG:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: web
        VpcId: vpc-0123456789abcdef0
        SecurityGroupIngress:
          - IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: 0.0.0.0/0
            Description: ssh
        SecurityGroupEgress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https out
  Outputs:
    WebSGId:
      Value: !Ref WebSG
`);

/** Line 11 is `          CidrIp: 0.0.0.0/0`: the CIDR spans characters 18–27. */
const CIDR_RANGE = { start: { line: 11, character: 18 }, end: { line: 11, character: 27 } };

const PORTS_SWAPPED = dedent(`
  AWSTemplateFormatVersion: '2010-09-09'
  Resources:
    AppSG:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: app
        VpcId: vpc-0123456789abcdef0
        SecurityGroupIngress:
          - IpProtocol: tcp
            FromPort: 8090
            ToPort: 8080
            CidrIp: 10.1.0.0/16
            Description: app ports
        SecurityGroupEgress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https out
  Outputs:
    AppSGId:
      Value: !Ref AppSG
`);

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code));
}

function isAction(a: unknown): a is CodeAction {
  return typeof a === 'object' && a !== null && 'kind' in a;
}

describe('language server over stdio', function () {
  this.timeout(10000);
  let tmp: string;
  let client: LspTestClient;
  let n = 0;
  /** A fresh file URI in its own folder (so configuration is resolved afresh for it). */
  const fileUri = (name: string): string => {
    const dir = path.join(tmp, `case${++n}`);
    fs.mkdirSync(dir, { recursive: true });
    return pathToFileURL(path.join(dir, name)).href;
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-lsp-'));
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(tmp).href] });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    // Nothing but LSP messages on stdout, nothing on stderr: logs go through window/logMessage.
    assert.deepEqual(client.streamErrors, []);
    assert.equal(client.stderr.join(''), '');
  });

  afterEach(() => {
    client.configurationGate = undefined;
    client.settings = {};
  });

  it('publishes a finding with its exact range, severity, source, code, doc link and data', async () => {
    const uri = fileUri('web.yaml');
    await client.open(uri, 'yaml', SSH_OPEN);
    const published = await client.waitForDiagnostics(uri);
    assert.equal(published.version, 1);
    assert.deepEqual(published.diagnostics, [
      {
        range: CIDR_RANGE,
        severity: DiagnosticSeverity.Error,
        source: 'sg-lint',
        code: 'SG101',
        // The compiled server has no bundled docs next to it: the link goes to the web page.
        codeDescription: { href: helpUri('SG101') },
        message: 'SSH (22) is open to the world (0.0.0.0/0)',
        data: { ruleId: 'SG101', version: 1, index: 0 },
      },
    ]);
    assert.equal(
      helpUri('SG101'),
      'https://github.com/sg-lint/sg-lint/blob/main/rules/SG101-world-open-sensitive-port/README.md',
    );
    await client.close(uri);
  });

  it('clears the finding when an edit fixes it, publishing the new version', async () => {
    const uri = fileUri('web.yaml');
    await client.open(uri, 'yaml', SSH_OPEN);
    await client.waitForDiagnostics(uri, (p) => p.version === 1 && codes(p).includes('SG101'));
    const mark = client.mark();
    await client.change(uri, 2, [{ range: CIDR_RANGE, text: '10.0.0.0/8' }]);
    const published = await client.waitForDiagnostics(uri, () => true, mark);
    assert.equal(published.version, 2);
    assert.deepEqual(published.diagnostics, []);
    await client.close(uri);
  });

  it('publishes only for the latest version after rapid edits (debounced)', async () => {
    const uri = fileUri('web.yaml');
    await client.open(uri, 'yaml', SSH_OPEN);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const mark = client.mark();
    // Keystrokes as fast as they come: delete the CIDR, then type 10.0.0.0/8 one character at a time.
    const line = 11;
    await client.change(uri, 2, [{ range: CIDR_RANGE, text: '' }]);
    const typed = '10.0.0.0/8';
    for (let i = 0; i < typed.length; i++) {
      const at = { line, character: 18 + i };
      await client.change(uri, 3 + i, [{ range: { start: at, end: at }, text: typed[i]! }]);
    }
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 12, mark);
    assert.deepEqual(published.diagnostics, []);
    await delay(400);
    assert.deepEqual(
      client.publishesFor(uri, mark).map((p) => p.version),
      [12],
    );
    await client.close(uri);
  });

  it('drops a lint whose document changed while it waited for its configuration', async () => {
    const uri = fileUri('web.yaml');
    let release!: () => void;
    client.configurationGate = new Promise<void>((resolve) => (release = resolve));
    const requestsBefore = client.configurationRequests;
    const mark = client.mark();
    await client.open(uri, 'yaml', SSH_OPEN);
    // Wait until the version-1 lint is parked on its configuration request, then edit.
    for (let i = 0; i < 100 && client.configurationRequests === requestsBefore; i++) await delay(10);
    assert.ok(client.configurationRequests > requestsBefore, 'the server asked for its configuration');
    await client.change(uri, 2, [{ range: CIDR_RANGE, text: '10.0.0.0/8' }]);
    await delay(250); // past the debounce: the version-2 lint waits on the same configuration
    release();
    const published = await client.waitForDiagnostics(uri, () => true, mark);
    assert.equal(published.version, 2);
    assert.deepEqual(published.diagnostics, []);
    await delay(200);
    assert.deepEqual(
      client.publishesFor(uri, mark).map((p) => p.version),
      [2],
    );
    await client.close(uri);
  });

  it('clears diagnostics when the document closes', async () => {
    const uri = fileUri('web.yaml');
    await client.open(uri, 'yaml', SSH_OPEN);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1);
    const mark = client.mark();
    await client.close(uri);
    const published = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(published.diagnostics, []);
  });

  it('clears diagnostics when a YAML file stops being a template, and publishes nothing for other YAML', async () => {
    const uri = fileUri('web.yaml');
    await client.open(uri, 'yaml', SSH_OPEN);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1);
    const mark = client.mark();
    await client.change(uri, 2, [{ text: 'services:\n  web:\n    image: nginx\n    ports: ["22:22"]\n' }]);
    const published = await client.waitForDiagnostics(uri, () => true, mark);
    assert.equal(published.version, 2);
    assert.deepEqual(published.diagnostics, []);
    await client.close(uri);

    const compose = fileUri('docker-compose.yaml');
    await client.open(
      compose,
      'yaml',
      'services:\n  ssh:\n    image: openssh\n    ports: ["0.0.0.0:22:22"]\n',
    );
    const other = await client.waitForDiagnostics(compose);
    assert.deepEqual(other.diagnostics, []);
    await client.close(compose);
  });

  it('lints an untitled document (no config-file lookup)', async () => {
    const uri = 'untitled:Untitled-7';
    await client.open(uri, 'yaml', SSH_OPEN);
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(codes(published), ['SG101']);
    assert.deepEqual(published.diagnostics[0]!.range, CIDR_RANGE);
    await client.close(uri);
  });

  it('offers the rule fix (preferred), a suppression and the documentation, and the fix applies', async () => {
    const uri = fileUri('app.yaml');
    await client.open(uri, 'yaml', PORTS_SWAPPED);
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(codes(published), ['SG202']);
    const diagnostic = published.diagnostics[0]!;
    const actions = (await client.codeActions(uri, diagnostic.range, [diagnostic])).filter(isAction);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Swap to 8080–8090', 'quickfix', true],
        ['Suppress SG202 for this rule with a comment', 'quickfix', false],
        ['Show documentation for SG202', 'quickfix', false],
      ],
    );
    for (const a of actions) assert.deepEqual(a.diagnostics, [diagnostic]);

    const swapped = applyWorkspaceEdit(uri, PORTS_SWAPPED, actions[0]!.edit);
    assert.equal(
      swapped,
      PORTS_SWAPPED.replace(
        'FromPort: 8090\n          ToPort: 8080',
        'FromPort: 8080\n          ToPort: 8090',
      ),
    );
    // The edit is versioned, so an editor refuses it once the document has moved on.
    assert.deepEqual(
      actions[0]!.edit?.documentChanges?.map((c) => ('textDocument' in c ? c.textDocument : undefined)),
      [{ uri, version: 1 }],
    );
    const mark = client.mark();
    await client.change(uri, 2, [{ text: swapped }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, () => true, mark)).diagnostics, []);

    const docs = actions[2]!;
    assert.deepEqual(docs.command, {
      title: 'Show documentation for SG202',
      command: 'sgLint.showDocumentation',
      arguments: [{ ruleId: 'SG202', webUri: helpUri('SG202') }],
    });
    await client.close(uri);
  });

  it('suppresses with a comment above the rule, selects the reason, and the finding goes away', async () => {
    const uri = fileUri('app.yaml');
    await client.open(uri, 'yaml', PORTS_SWAPPED);
    const diagnostic = (await client.waitForDiagnostics(uri)).diagnostics[0]!;
    const actions = (await client.codeActions(uri, diagnostic.range, [diagnostic])).filter(isAction);
    const suppress = actions.find((a) => a.title.startsWith('Suppress'))!;
    const suppressed = applyWorkspaceEdit(uri, PORTS_SWAPPED, suppress.edit);
    assert.equal(
      suppressed,
      PORTS_SWAPPED.replace(
        '        - IpProtocol: tcp\n          FromPort: 8090',
        '        # sg-lint-ignore SG202 accepted risk\n        - IpProtocol: tcp\n          FromPort: 8090',
      ),
    );
    // After the edit, line 8 is the comment: `        # sg-lint-ignore SG202 ` is 31 characters.
    assert.deepEqual(suppress.command, {
      title: 'Select the reason',
      command: 'sgLint.selectRange',
      arguments: [{ uri, start: { line: 8, character: 31 }, end: { line: 8, character: 44 } }],
    });
    assert.equal(suppressed.split('\n')[8]!.slice(31, 44), 'accepted risk');
    const mark = client.mark();
    await client.change(uri, 2, [{ text: suppressed }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, () => true, mark)).diagnostics, []);
    await client.close(uri);
  });

  it('suppresses in the resource Metadata for JSON templates', async () => {
    const uri = fileUri('app.json');
    const template = `${JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          AppSG: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'app',
              VpcId: 'vpc-0123456789abcdef0',
              SecurityGroupIngress: [
                {
                  IpProtocol: 'tcp',
                  FromPort: 8090,
                  ToPort: 8080,
                  CidrIp: '10.1.0.0/16',
                  Description: 'app ports',
                },
              ],
              SecurityGroupEgress: [
                {
                  IpProtocol: 'tcp',
                  FromPort: 443,
                  ToPort: 443,
                  CidrIp: '10.0.0.0/8',
                  Description: 'https out',
                },
              ],
            },
          },
        },
        Outputs: { AppSGId: { Value: { Ref: 'AppSG' } } },
      },
      null,
      2,
    )}\n`;
    await client.open(uri, 'json', template);
    const diagnostic = (await client.waitForDiagnostics(uri)).diagnostics[0]!;
    assert.equal(diagnostic.code, 'SG202');
    const actions = (await client.codeActions(uri, diagnostic.range, [diagnostic])).filter(isAction);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Swap to 8080–8090', 'Suppress SG202 for AppSG in its Metadata', 'Show documentation for SG202'],
    );
    const suppressed = applyWorkspaceEdit(uri, template, actions[1]!.edit);
    const parsed = JSON.parse(suppressed) as { Resources: { AppSG: { Metadata: unknown } } };
    assert.deepEqual(parsed.Resources.AppSG.Metadata, {
      'sg-lint': { ignore: [{ id: 'SG202', reason: 'accepted risk' }] },
    });
    const mark = client.mark();
    await client.change(uri, 2, [{ text: suppressed }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, () => true, mark)).diagnostics, []);
    await client.close(uri);
  });

  it('offers nothing for diagnostics of an older version', async () => {
    const uri = fileUri('app.yaml');
    await client.open(uri, 'yaml', PORTS_SWAPPED);
    const diagnostic = (await client.waitForDiagnostics(uri)).diagnostics[0]!;
    // An edit far from the rule; its lint is still debouncing when the editor asks for actions.
    await client.change(uri, 2, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' },
    ]);
    assert.deepEqual(await client.codeActions(uri, diagnostic.range, [diagnostic]), []);
    await client.close(uri);
  });

  it('applies the nearest .sg-lint.yaml over the settings, and re-lints when it changes', async () => {
    const uri = fileUri('web.yaml');
    const dir = path.dirname(fileURLToPath(uri));
    client.settings = { rules: { SG101: 'off' } };
    await client.open(uri, 'yaml', SSH_OPEN);
    // The settings turn SG101 off.
    assert.deepEqual((await client.waitForDiagnostics(uri)).diagnostics, []);

    const configFile = path.join(dir, '.sg-lint.yaml');
    fs.writeFileSync(
      configFile,
      'rules:\n  SG101: warning\ntrustedCidrs:\n  - cidr: 10.0.0.0/8\n    label: corp\n',
    );
    let mark = client.mark();
    await client.watchedFilesChanged([{ uri: pathToFileURL(configFile).href, type: FileChangeType.Created }]);
    // The file wins over the settings: SG101 is back, as a warning, with the trusted CIDR as its fix.
    const published = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity]),
      [['SG101', DiagnosticSeverity.Warning]],
    );
    const d = published.diagnostics[0]!;
    const actions = (await client.codeActions(uri, d.range, [d])).filter(isAction);
    assert.deepEqual(actions[0] && [actions[0].title, actions[0].isPreferred], [
      'Restrict to 10.0.0.0/8 (corp)',
      true,
    ]);
    assert.match(
      applyWorkspaceEdit(uri, SSH_OPEN, actions[0]!.edit),
      /CidrIp: 10\.0\.0\.0\/8\n {10}Description: ssh/,
    );

    // A bad value in the file (not open in the editor) is logged, and the rest of the file still applies.
    fs.writeFileSync(configFile, 'rules:\n  SG101: warning\nmaxPortRange: lots\n');
    mark = client.mark();
    await client.watchedFilesChanged([{ uri: pathToFileURL(configFile).href, type: FileChangeType.Changed }]);
    const again = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(
      again.diagnostics.map((x) => [x.code, x.severity]),
      [['SG101', DiagnosticSeverity.Warning]],
    );
    assert.ok(
      client.logs.some(
        (l) =>
          l.type === MessageType.Warning &&
          l.message === `${configFile}: maxPortRange: must be a whole number of ports, 1–65536`,
      ),
      `logged: ${client.logs.map((l) => l.message).join(' | ')}`,
    );

    fs.rmSync(configFile);
    mark = client.mark();
    await client.watchedFilesChanged([{ uri: pathToFileURL(configFile).href, type: FileChangeType.Deleted }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, () => true, mark)).diagnostics, []);
    await client.close(uri);
  });

  it('shows the problems of an open config file on it, as the user types', async () => {
    const uri = fileUri('.sg-lint.yaml');
    await client.open(uri, 'yaml', 'maxPortRange: 100\n');
    assert.deepEqual((await client.waitForDiagnostics(uri)).diagnostics, []);
    const mark = client.mark();
    await client.change(uri, 2, [{ text: 'maxPortRange: lots\ncolour: red\n' }]);
    const published = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(
      published.diagnostics.map((x: Diagnostic) => [x.range, x.severity, x.source, x.message]),
      [
        [
          { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } },
          DiagnosticSeverity.Warning,
          'sg-lint',
          'maxPortRange: must be a whole number of ports, 1–65536',
        ],
        [
          { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } },
          DiagnosticSeverity.Warning,
          'sg-lint',
          'colour: unknown setting "colour"',
        ],
      ],
    );
    await client.close(uri);
  });

  it('re-lints open documents when the settings change, and sgLint.enable turns it off', async () => {
    const uri = fileUri('web.yaml');
    await client.open(uri, 'yaml', SSH_OPEN);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1);
    client.settings = { enable: false };
    let mark = client.mark();
    await client.configurationChanged();
    assert.deepEqual((await client.waitForDiagnostics(uri, () => true, mark)).diagnostics, []);
    client.settings = { rules: { SG101: 'note' } };
    mark = client.mark();
    await client.configurationChanged();
    const published = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(
      published.diagnostics.map((x) => [x.code, x.severity]),
      [['SG101', DiagnosticSeverity.Information]],
    );
    await client.close(uri);
  });
});
