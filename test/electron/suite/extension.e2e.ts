/**
 * The end-to-end scenarios of e2e/ (which drive code-server through a browser) written against the
 * VS Code API, for `@vscode/test-electron` and a desktop VS Code: squiggles in a CloudFormation template
 * and a Terraform file, a world CIDR typed in, the "Restrict to …" quick fix, CDK findings on the source
 * line, Scan Workspace, the graph webview, and the security changes against git. The workspace is a copy
 * of e2e/workspace plus the CDK app (see e2e/electron/run.mjs).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sg-lint.sg-lint';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test instance opens a workspace folder');
  return folder.uri.fsPath;
}

const fileUri = (rel: string): vscode.Uri => vscode.Uri.file(path.join(workspaceDir(), rel));

/** Polls `read` until it returns something other than undefined; fails after `timeout` ms. */
async function waitFor<T>(read: () => T | undefined, what: string, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function sgDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sg-lint');
}

/** The first sg-lint diagnostic of `uri` whose message matches, once there is one. */
function waitForDiagnostic(uri: vscode.Uri, message: RegExp, what: string): Promise<vscode.Diagnostic> {
  return waitFor(() => sgDiagnostics(uri).find((d) => message.test(d.message)), what);
}

/** The 0-based position of `needle` (plus `delta` characters) in a document. */
function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is not in ${doc.uri.fsPath}`);
  return doc.positionAt(at + delta);
}

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return await vscode.window.showTextDocument(doc);
}

describe('sg-lint in VS Code (@vscode/test-electron)', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed in the test instance`);
    await extension.activate();
  });

  it('a. CloudFormation: SSH from 0.0.0.0/0 is an error on the CIDR', async () => {
    const editor = await open('cloudformation/bastion.yaml');
    const d = await waitForDiagnostic(editor.document.uri, /^SSH \(22\) is open to the world/, 'SG101');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(typeof d.code === 'object' ? d.code.value : d.code, 'SG101');
    const cidr = positionOf(editor.document, '0.0.0.0/0');
    assert.deepEqual([d.range.start.line, d.range.start.character], [cidr.line, cidr.character]);
    assert.equal(editor.document.getText(d.range), '0.0.0.0/0');
  });

  it('b. Terraform: the language is Terraform and the world-open ingress is an error', async () => {
    const editor = await open('terraform/main.tf');
    assert.equal(editor.document.languageId, 'terraform');
    const d = await waitForDiagnostic(
      editor.document.uri,
      /^SSH \(22\) is open to the world/,
      'SG101 in main.tf',
    );
    assert.equal(d.range.start.line, positionOf(editor.document, '"0.0.0.0/0"').line);
  });

  it('c. typing a world CIDR over the RDP rule’s 10.0.0.0/8 adds an error without saving', async () => {
    const editor = await open('cloudformation/bastion.yaml');
    const doc = editor.document;
    // The RDP rule's CIDR: the first 10.0.0.0/8 after "3389".
    const rdp = doc.getText().indexOf('10.0.0.0/8', doc.getText().indexOf('3389'));
    const range = new vscode.Range(doc.positionAt(rdp), doc.positionAt(rdp + '10.0.0.0/8'.length));
    const typed = Date.now();
    await editor.edit((e) => e.replace(range, '0.0.0.0/0'));
    await waitForDiagnostic(doc.uri, /^RDP \(3389\) is open to the world \(0\.0\.0\.0\/0\)/, 'SG101 on RDP');
    console.log(`      edit → diagnostic: ${Date.now() - typed} ms`);
    assert.ok(doc.isDirty, 'nothing was saved');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(
      () => (sgDiagnostics(doc.uri).some((d) => /^RDP/.test(d.message)) ? undefined : true),
      'the RDP finding to go after the revert',
    );
  });

  it('d. the quick fix "Restrict to 10.0.0.0/8 (corp network)" rewrites the CIDR and clears the error', async () => {
    fs.writeFileSync(
      path.join(workspaceDir(), '.sg-lint.yaml'),
      'trustedCidrs:\n  - cidr: 10.0.0.0/8\n    label: corp network\n',
    );
    const editor = await open('cloudformation/bastion.yaml');
    const doc = editor.document;
    const at = positionOf(doc, '0.0.0.0/0', 2);
    const fix = await (async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const actions =
          (await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            doc.uri,
            new vscode.Range(at, at),
            vscode.CodeActionKind.QuickFix.value,
          )) ?? [];
        const found = actions.find((a) => a.title.startsWith('Restrict to 10.0.0.0/8 (corp network)'));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no "Restrict to 10.0.0.0/8" among: ${actions.map((a) => a.title).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command) {
      const args: unknown[] = fix.command.arguments ?? [];
      await vscode.commands.executeCommand(fix.command.command, ...args);
    }
    const line = doc.lineAt(at.line).text;
    assert.match(line, /CidrIp: 10\.0\.0\.0\/8$/);
    await waitFor(
      () => (sgDiagnostics(doc.uri).some((d) => /^SSH \(22\)/.test(d.message)) ? undefined : true),
      'the SSH finding to go',
    );
    await doc.save();
    assert.match(
      fs.readFileSync(doc.uri.fsPath, 'utf8'),
      /CidrIp: 10\.0\.0\.0\/8\n {10}Description: SSH from anywhere/,
    );
  });

  it('e. CDK: the bastion group’s finding is on the line of new ec2.SecurityGroup in the source', async () => {
    const uri = fileUri('cdk-app/src/shop-stack.ts');
    const d = await waitForDiagnostic(
      uri,
      /^ShopStack\/BastionSg: SSH \(22\) is open to the world/,
      'CDK SG101',
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.lineAt(d.range.start.line).text, /new ec2\.SecurityGroup\(this, 'BastionSg'/);
  });

  it('f. Scan Workspace lists files that are not open', async () => {
    const unopened = 'cloudformation/unopened.yaml';
    // Its own text: the tests before this one fixed bastion.yaml.
    fs.writeFileSync(
      path.join(workspaceDir(), unopened),
      [
        'Resources:',
        '  Sg:',
        '    Type: AWS::EC2::SecurityGroup',
        '    Properties:',
        '      GroupDescription: ssh',
        '      VpcId: vpc-1',
        '      SecurityGroupIngress:',
        '        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Description: ssh }',
        '',
      ].join('\n'),
    );
    // The command waits for the summary's button; the diagnostics are what the scan publishes.
    void vscode.commands.executeCommand('sgLint.scanWorkspace');
    await waitForDiagnostic(fileUri(unopened), /^SSH \(22\) is open to the world/, 'the scan’s diagnostics');
  });

  it('g. the graph opens as a webview beside the template', async () => {
    await open('cloudformation/bastion.yaml');
    await vscode.commands.executeCommand('sgLint.showGraph');
    await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find(
            (t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('sgLint.graph'),
          ),
      'the graph tab',
    );
  });

  it('h. Show Security Group Changes: the world rule is added and SG101 new since HEAD', async () => {
    const rel = 'cloudformation/changes.yaml';
    const file = path.join(workspaceDir(), rel);
    const template = (cidr: string): string =>
      [
        'Resources:',
        '  AdminSG:',
        '    Type: AWS::EC2::SecurityGroup',
        '    Properties:',
        '      GroupDescription: admin access',
        '      VpcId: vpc-0123456789abcdef0',
        '      SecurityGroupIngress:',
        `        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: ${cidr}, Description: ssh }`,
        '',
      ].join('\n');
    const git = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], {
        cwd: workspaceDir(),
      });
    };
    fs.writeFileSync(file, template('10.0.0.0/8'));
    git('init', '-q');
    git('add', rel);
    git('commit', '-q', '-m', 'base');
    fs.writeFileSync(file, template('0.0.0.0/0'));
    await open(rel);
    const shown = vscode.commands.executeCommand('sgLint.showChanges');
    // The command asks for the ref (HEAD prefilled): accept it.
    await new Promise((r) => setTimeout(r, 1000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await shown;
    const report = await waitFor(
      () =>
        vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('changes.yaml changes since HEAD.md')),
      'the changes report',
    );
    const text = report.getText();
    assert.match(text, /\| \*\*\+\*\* added \| ingress \| AdminSG \| tcp 22 \| 0\.0\.0\.0\/0 \| ssh \|/);
    assert.match(text, /\| \*\*−\*\* removed \| ingress \| AdminSG \| tcp 22 \| 10\.0\.0\.0\/8 \| ssh \|/);
    assert.match(text, /\| SG101 \| error \| SSH \(22\) is open to the world \(0\.0\.0\.0\/0\) \|/);
  });

  it('i. hover and Go to Definition on Fn::ImportValue reach the template that exports the group', async () => {
    const editor = await open('cross-stack/data.yaml');
    const doc = editor.document;
    await waitForDiagnostic(doc.uri, /^SSH \(22\) is open to the world/, 'SG101 in data.yaml');
    const at = positionOf(doc, '!ImportValue network-WebSgId', 16);
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ??
      [];
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n');
    assert.match(
      text,
      /Imports \*\*network-WebSgId\*\*: group \*\*WebSG\*\*, exported by \[network\.yaml:19\]/,
    );
    const targets =
      (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        doc.uri,
        at,
      )) ?? [];
    const sg = targets.map((t) => ('targetUri' in t ? { uri: t.targetUri, range: t.targetRange } : t));
    const exported = sg.find((t) => t.uri.path.endsWith('/cross-stack/network.yaml'));
    assert.ok(exported, `a definition in network.yaml among ${sg.map((t) => t.uri.toString()).join(', ')}`);
    assert.equal(exported.range.start.line, 18);
  });
});
