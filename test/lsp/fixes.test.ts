/**
 * The editor's side of fixes through the language server, as VS Code's client uses it: actions that
 * need input carry an `sgLint.applyFix` command with the question to ask, `sgLint/fixEdit` returns the
 * edit once answered (or why not), suppressions ask for a reason, a generated description is a snippet,
 * and "Fix all" (`source.fixAll`) applies only the fixes that change no traffic.
 */
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import type { ApplyFixArgs, FixEditResult } from '../../server/src/protocol';
import { dedent } from '../helpers/ruleTester';
import { LspTestClient, applyWorkspaceEdit } from './lspClient';

const TEMPLATE = dedent(`
  Resources:
    AppSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: app servers
        VpcId: vpc-0123456789abcdef0
        SecurityGroupEgress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https out
    WebSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: web servers
        VpcId: vpc-0123456789abcdef0
        SecurityGroupIngress:
          - IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: 0.0.0.0/0
            Description: ssh
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.1.0.0/16
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.1.0.0/16
        SecurityGroupEgress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https out
`);

const URI = 'file:///work/fixes/template.yaml';

function byCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const d = diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} diagnostic; got ${diagnostics.map((x) => x.code).join(', ')}`);
  return d;
}

describe('language server: fixes that ask, suppressions with a reason, fix all', () => {
  let client: LspTestClient;
  let diagnostics: Diagnostic[];

  before(async () => {
    client = await LspTestClient.start({
      settings: { trustedCidrs: [{ cidr: '10.0.0.0/8', label: 'corp' }] },
      initializationOptions: { interactiveFixes: true },
      snippetEdits: true,
    });
    await client.open(URI, 'yaml', TEMPLATE);
    diagnostics = (await client.waitForDiagnostics(URI, (p) => p.diagnostics.length > 0)).diagnostics;
  });

  after(async () => {
    await client.stop();
  });

  it('lists the edit first, then the fixes that ask, the suppression that asks for a reason, the docs', async () => {
    const ssh = byCode(diagnostics, 'SG101');
    const actions = (await client.codeActions(URI, ssh.range, [ssh])) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit ? 'edit' : a.command?.command]),
      [
        ['Restrict to 10.0.0.0/8 (corp)', 'edit'],
        ['Restrict to a CIDR…', 'sgLint.applyFix'],
        ['Allow a security group instead of 0.0.0.0/0…', 'sgLint.applyFix'],
        ['Suppress SG101 for this rule with a comment…', 'sgLint.applyFix'],
        ['Show documentation for SG101', 'sgLint.showDocumentation'],
      ],
    );
    const ask = (i: number): ApplyFixArgs => actions[i]!.command!.arguments![0] as ApplyFixArgs;
    assert.deepEqual(ask(1).question, { kind: 'cidr', family: 4, current: '0.0.0.0/0' });
    assert.deepEqual(ask(2).question, { kind: 'group', candidates: ['AppSg'] });
    assert.deepEqual(ask(3).question, { kind: 'reason', ruleId: 'SG101' });
    assert.deepEqual(ask(1).ref, { uri: URI, version: 1, ruleId: 'SG101', index: ask(1).ref.index });
  });

  it('answers sgLint/fixEdit with the edit for the user’s answer, or says why not', async () => {
    const ssh = byCode(diagnostics, 'SG101');
    const actions = (await client.codeActions(URI, ssh.range, [ssh])) as CodeAction[];
    const cidr = actions[1]!.command!.arguments![0] as ApplyFixArgs;
    const ok = await client.request<FixEditResult>('sgLint/fixEdit', {
      ref: cidr.ref,
      fixIndex: cidr.fixIndex,
      answer: { kind: 'cidr', cidr: '198.51.100.0/24' },
    });
    assert.equal(
      applyWorkspaceEdit(URI, TEMPLATE, ok.edit as WorkspaceEdit),
      TEMPLATE.replace('CidrIp: 0.0.0.0/0', 'CidrIp: 198.51.100.0/24'),
    );
    const group = actions[2]!.command!.arguments![0] as ApplyFixArgs;
    const ref = await client.request<FixEditResult>('sgLint/fixEdit', {
      ref: group.ref,
      fixIndex: group.fixIndex,
      answer: { kind: 'group', address: 'AppSg' },
    });
    assert.equal(
      applyWorkspaceEdit(URI, TEMPLATE, ref.edit as WorkspaceEdit),
      TEMPLATE.replace('CidrIp: 0.0.0.0/0', "SourceSecurityGroupId: { 'Fn::GetAtt': [AppSg, GroupId] }"),
    );
    assert.deepEqual(
      await client.request<FixEditResult>('sgLint/fixEdit', {
        ref: cidr.ref,
        fixIndex: cidr.fixIndex,
        answer: { kind: 'cidr', cidr: '300.1.2.3/8' },
      }),
      { error: '300.1.2.3 is not a valid IPv4 address' },
    );
    assert.deepEqual(
      await client.request<FixEditResult>('sgLint/fixEdit', {
        ref: { ...cidr.ref, version: 7 },
        fixIndex: cidr.fixIndex,
        answer: { kind: 'cidr', cidr: '198.51.100.0/24' },
      }),
      { error: 'The file changed since the fix was offered; try again.' },
    );
  });

  it('writes the reason the user gave into the suppression comment, on one line', async () => {
    const ssh = byCode(diagnostics, 'SG101');
    const actions = (await client.codeActions(URI, ssh.range, [ssh])) as CodeAction[];
    const suppress = actions[3]!.command!.arguments![0] as ApplyFixArgs;
    const result = await client.request<FixEditResult>('sgLint/fixEdit', {
      ref: suppress.ref,
      reason: 'public bastion,\nreviewed in SEC-123',
    });
    assert.equal(
      applyWorkspaceEdit(URI, TEMPLATE, result.edit as WorkspaceEdit),
      TEMPLATE.replace(
        '        - IpProtocol: tcp\n          FromPort: 22\n',
        '        # sg-lint-ignore SG101 public bastion, reviewed in SEC-123\n        - IpProtocol: tcp\n          FromPort: 22\n',
      ),
    );
  });

  it('offers a generated description as a snippet with the text selected', async () => {
    // The first of the two rules without a description (the second is also a duplicate).
    const missing = diagnostics
      .filter((d) => d.code === 'SG108')
      .sort((a, b) => a.range.start.line - b.range.start.line)[0]!;
    const actions = (await client.codeActions(URI, missing.range, [missing])) as CodeAction[];
    assert.equal(actions[0]!.title, 'Add a description');
    assert.deepEqual(actions[0]!.edit?.documentChanges, [
      {
        textDocument: { uri: URI, version: 1 },
        edits: [
          {
            range: { start: { line: 27, character: 0 }, end: { line: 27, character: 0 } },
            snippet: { kind: 'snippet', value: '          Description: ${1:tcp 443 from 10.1.0.0/16}\n' },
          },
        ],
      },
    ]);
  });

  it('fixes all that changes no traffic (the duplicate, the descriptions) and leaves the world-open rule', async () => {
    const actions = (await client.codeActions(
      URI,
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      [],
      ['source.fixAll'],
    )) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all sg-lint problems that change no traffic', 'source.fixAll.sgLint']],
    );
    const fixed = applyWorkspaceEdit(URI, TEMPLATE, actions[0]!.edit);
    assert.equal(
      fixed,
      TEMPLATE.replace(
        '          CidrIp: 10.1.0.0/16\n        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 10.1.0.0/16\n',
        '          CidrIp: 10.1.0.0/16\n          Description: tcp 443 from 10.1.0.0/16\n',
      ),
    );
    // Quick-fix requests do not get it, and it does not come twice.
    const ssh = byCode(diagnostics, 'SG101');
    const quick = (await client.codeActions(URI, ssh.range, [ssh], ['quickfix'])) as CodeAction[];
    assert.ok(quick.every((a) => a.kind === 'quickfix'));
  });
});
