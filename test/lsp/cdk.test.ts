/**
 * CDK synth output in the language server, end to end over stdio: the assemblies of the workspace are
 * found at start and linted from disk; findings land on the templates and on the app's source lines;
 * an open template is not linted on its own and is never edited (its code action opens the source);
 * a new synth replaces what the old one published, and a deleted cdk.out takes its diagnostics along.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver-protocol/node';
import { helpUri } from '../../server/src/report/sarif';
import { CDK_APP, stripCreationStacks } from '../cdk/assembly.test';
import { LspTestClient } from './lspClient';

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map(
    (d) =>
      `${String(d.code)} ${d.range.start.line + 1}:${d.range.start.character + 1} ${typeof d.message === 'string' ? d.message : d.message.value}`,
  );
}

describe('language server: CDK synth output', function () {
  this.timeout(20000);
  let tmp: string;
  let app: string;
  let client: LspTestClient;
  const messages: string[] = [];
  const uri = (rel: string): string => pathToFileURL(path.join(app, rel)).href;
  const SHOP = 'cdk.out/ShopStack.template.json';
  const API = 'cdk.out/assembly-Prod/ProdApi2466CF1F.template.json';

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-cdk-lsp-'));
    app = path.join(tmp, 'shop');
    for (const sub of ['src', 'lib', 'cdk.out'])
      fs.cpSync(path.join(CDK_APP, sub), path.join(app, sub), { recursive: true });
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(tmp).href] });
    client.connection.onNotification('window/showMessage', (p: { message: string }) => {
      messages.push(p.message);
    });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(client.streamErrors, []);
    assert.equal(client.stderr.join(''), '');
    assert.deepEqual(
      client.logs.filter((l) => /error|exception/i.test(l.message)).map((l) => l.message),
      [],
    );
  });

  it('lints the assemblies it finds at start: findings on the templates, in CDK terms, with the source line related', async () => {
    const shop = await client.waitForDiagnostics(uri(SHOP), (p) => p.diagnostics.length > 0, 0, 8000);
    assert.deepEqual(codes(shop), [
      'SG109 374:3 Security group ShopStack/BastionSg is not attached to anything: no resource or output in this stack references it',
      'SG106 380:17 ShopStack/BastionSg: All outbound traffic is allowed to the world (0.0.0.0/0)',
      'SG101 387:17 ShopStack/BastionSg: SSH (22) is open to the world (0.0.0.0/0)',
      'SG101 394:19 ShopStack/BastionSg: SSH (22) is open to the world (::/0)',
      'SG106 412:17 ShopStack/LegacySg: All outbound traffic is allowed to the world (0.0.0.0/0)',
      'SG102 419:17 ShopStack/LegacySg: Every tcp port (0–65535) is open to the world (0.0.0.0/0)',
      'SG109 431:3 Security group ShopStack/DbSg is not attached to anything: no resource or output in this stack references it',
    ]);
    const ssh = shop.diagnostics[2]!;
    const bastionLine = { start: { line: 11, character: 20 }, end: { line: 11, character: 100 } };
    assert.deepEqual(ssh, {
      range: { start: { line: 386, character: 16 }, end: { line: 386, character: 27 } },
      severity: DiagnosticSeverity.Error,
      source: 'sg-lint',
      code: 'SG101',
      codeDescription: { href: helpUri('SG101') },
      message: 'ShopStack/BastionSg: SSH (22) is open to the world (0.0.0.0/0)',
      relatedInformation: [
        {
          location: { uri: uri('src/shop-stack.ts'), range: bastionLine },
          message: 'ShopStack/BastionSg is created here',
        },
      ],
      data: {
        ruleId: 'SG101',
        version: -1,
        index: 2,
        module: path.join(app, 'cdk.out'),
        cdkSource: { uri: uri('src/shop-stack.ts'), ...bastionLine },
      },
    });
  });

  it("publishes each finding on the line of the app's code that made the construct, with the template location related", async () => {
    const source = await client.waitForDiagnostics(
      uri('src/shop-stack.ts'),
      (p) => p.diagnostics.length > 0,
      0,
      8000,
    );
    assert.deepEqual(codes(source), [
      'SG109 12:21 Security group ShopStack/BastionSg is not attached to anything: no resource or output in this stack references it',
      'SG106 12:21 ShopStack/BastionSg: All outbound traffic is allowed to the world (0.0.0.0/0)',
      'SG101 12:21 ShopStack/BastionSg: SSH (22) is open to the world (0.0.0.0/0)',
      'SG101 12:21 ShopStack/BastionSg: SSH (22) is open to the world (::/0)',
      'SG106 17:20 ShopStack/LegacySg: All outbound traffic is allowed to the world (0.0.0.0/0)',
      'SG102 17:20 ShopStack/LegacySg: Every tcp port (0–65535) is open to the world (0.0.0.0/0)',
      'SG109 21:16 Security group ShopStack/DbSg is not attached to anything: no resource or output in this stack references it',
      'SG109 43:21 Security group ShopStack/Reporting/ReportsSg is not attached to anything: no resource or output in this stack references it',
      'SG106 43:21 ShopStack/Reporting/ReportsSg: All outbound traffic is allowed to the world (0.0.0.0/0)',
      'SG101 43:21 ShopStack/Reporting/ReportsSg: RDP (3389) is open to the world (0.0.0.0/0)',
    ]);
    assert.deepEqual(source.diagnostics[2]!.relatedInformation, [
      {
        location: {
          uri: uri(SHOP),
          range: { start: { line: 386, character: 16 }, end: { line: 386, character: 27 } },
        },
        message: 'in cdk.out/ShopStack.template.json (from the last cdk synth)',
      },
    ]);
    // A synth that recorded traces needs no hint.
    assert.deepEqual(messages, []);
  });

  it('leaves an opened template to the assembly lint and offers only "Open CDK source" and the documentation: nothing edits generated files', async () => {
    const since = client.mark();
    await client.open(uri(SHOP), 'json', fs.readFileSync(path.join(app, SHOP), 'utf8'));
    const published = await client.waitForDiagnostics(uri(SHOP), (p) => p.diagnostics.length > 0, 0, 8000);
    await new Promise((r) => setTimeout(r, 300));
    // Opening it published nothing of its own (a plain template lint would name logical ids).
    assert.deepEqual(client.publishesFor(uri(SHOP), since), []);
    const ssh = published.diagnostics[2]!;
    const actions = (await client.codeActions(uri(SHOP), ssh.range, [ssh])) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.command?.command, a.edit === undefined, a.isPreferred ?? false]),
      [
        ['Open CDK source (shop-stack.ts:12)', 'sgLint.openLocation', true, true],
        ['Show documentation for SG101', 'sgLint.showDocumentation', true, false],
      ],
    );
    assert.deepEqual(actions[0]!.command!.arguments, [
      {
        uri: uri('src/shop-stack.ts'),
        start: { line: 11, character: 20 },
        end: { line: 11, character: 100 },
      },
    ]);
    await client.close(uri(SHOP));
  });

  it('replaces what a synth published when the next synth changes cdk.out, in the template and the source file', async () => {
    const since = client.mark();
    const file = path.join(app, API);
    const template = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      Resources: Record<string, { Properties: { SecurityGroupIngress: { FromPort: number }[] } }>;
    };
    const sg = template.Resources.ApiSg8419ACD7!.Properties;
    sg.SecurityGroupIngress = sg.SecurityGroupIngress.filter((r) => r.FromPort !== 6379);
    fs.writeFileSync(file, JSON.stringify(template, null, 1));
    await client.watchedFilesChanged([{ uri: uri(API), type: FileChangeType.Changed }]);
    const api = await client.waitForDiagnostics(uri(API), () => true, since, 8000);
    assert.deepEqual(
      api.diagnostics.map((d) => d.code),
      ['SG109', 'SG106'],
    );
    // prod-stage.ts holds both stage stacks: the Network stack's SG107 (unchanged) stays beside the
    // Api stack's new findings.
    const source = await client.waitForDiagnostics(uri('src/prod-stage.ts'), () => true, since, 8000);
    assert.deepEqual(
      source.diagnostics.map((d) => [d.code, d.range.start.line + 1]),
      [
        ['SG107', 20],
        ['SG109', 31],
        ['SG106', 31],
      ],
    );
  });

  it('clears everything an assembly published when cdk.out is deleted', async () => {
    const since = client.mark();
    fs.rmSync(path.join(app, 'cdk.out'), { recursive: true, force: true });
    await client.watchedFilesChanged([
      { uri: uri('cdk.out/manifest.json'), type: FileChangeType.Deleted },
      { uri: uri(SHOP), type: FileChangeType.Deleted },
    ]);
    for (const rel of [SHOP, API, 'src/shop-stack.ts', 'src/prod-stage.ts'])
      await client.waitForDiagnostics(uri(rel), (p) => p.diagnostics.length === 0, since, 8000);
  });

  it('finds an assembly a later synth creates, and says once how to get source lines when it has no traces', async () => {
    const since = client.mark();
    fs.cpSync(path.join(CDK_APP, 'cdk.out'), path.join(app, 'cdk.out'), { recursive: true });
    // A synth without creation stacks (older CDK without --debug).
    stripCreationStacks(app);
    await client.watchedFilesChanged([{ uri: uri('cdk.out/manifest.json'), type: FileChangeType.Created }]);
    const shop = await client.waitForDiagnostics(uri(SHOP), (p) => p.diagnostics.length > 0, since, 8000);
    assert.equal(
      shop.diagnostics[2]!.message,
      'ShopStack/BastionSg: SSH (22) is open to the world (0.0.0.0/0)',
    );
    assert.equal(shop.diagnostics[2]!.relatedInformation, undefined);
    assert.deepEqual(client.publishesFor(uri('src/shop-stack.ts'), since), []);
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /^SG Lint: This cdk.out has no construct creation traces/);
  });
});
