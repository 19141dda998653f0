/**
 * Hostile input through the running server (DESIGN.md §9): each document gets a diagnostic or is skipped
 * within 2 s, and the server keeps answering afterwards — a code action request on the same document and
 * a fresh template linted as usual.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';

const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n";

const WORLD_SSH = `${HEADER}Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: g
      VpcId: vpc-1
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0
`;

function text(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function aliasBomb(): string {
  let s = `${HEADER}Metadata:\n  a0: &a0 [${Array(9).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i < 9; i++)
    s += `  a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return `${s}Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: *a8\n`;
}

function fiveMegabytes(): string {
  const parts = [`${HEADER}Resources:\n`];
  let length = parts[0]!.length;
  for (let i = 0; length < 5 * 1024 * 1024; i++) {
    const group = `  Sg${i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g${i}\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n`;
    parts.push(group);
    length += group.length;
  }
  return parts.join('');
}

function deeplyNested(depth: number): string {
  const lines = [`${HEADER}Metadata:`];
  for (let i = 0; i < depth; i++) lines.push(`${'  '.repeat(i + 1)}k${i}:`);
  lines.push(`${'  '.repeat(depth + 1)}leaf: 1`);
  return `${lines.join('\n')}\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      VpcId: vpc-1\n`;
}

interface HostileCase {
  readonly name: string;
  readonly file: string;
  readonly text: () => string;
  readonly expect: (p: PublishDiagnosticsParams) => void;
}

const CASES: HostileCase[] = [
  {
    name: 'an unterminated quote mid-file',
    file: 'quote.yaml',
    text: () =>
      `${HEADER}Resources:\n  Sg:\n    Type: "AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n  Bucket:\n    Type: AWS::S3::Bucket\n`,
    expect: (p) => {
      // At the opening quote (line 3, after `    Type: `); the wording belongs to the parser.
      assert.deepEqual(
        p.diagnostics.map((d) => [d.code, d.severity, d.range.start]),
        [['SG000', DiagnosticSeverity.Error, { line: 3, character: 10 }]],
      );
      assert.match(text(p.diagnostics[0]!), /missing closing "/);
    },
  },
  {
    name: 'tab-indented YAML',
    file: 'tabs.yaml',
    text: () => `${HEADER}Resources:\n\tSg:\n\t\tType: AWS::EC2::SecurityGroup\n`,
    expect: (p) => {
      assert.deepEqual(
        p.diagnostics.map((d) => [d.code, d.range.start.line, text(d)]),
        [
          ['SG000', 2, 'Tabs are not allowed as indentation'],
          ['SG000', 3, 'Tabs are not allowed as indentation'],
        ],
      );
    },
  },
  {
    name: 'a 9-level alias bomb',
    file: 'bomb.yaml',
    text: aliasBomb,
    expect: (p) => {
      assert.ok(p.diagnostics.length > 0);
      assert.ok(p.diagnostics.some((d) => d.code === 'SG000' && /aliases/.test(text(d))));
    },
  },
  {
    name: 'a 5 MB template',
    file: 'huge.yaml',
    text: fiveMegabytes,
    expect: (p) => {
      assert.equal(p.diagnostics.length, 1);
      const d = p.diagnostics[0]!;
      assert.equal(d.severity, DiagnosticSeverity.Information);
      assert.equal(d.source, 'sg-lint');
      assert.equal(d.code, undefined);
      assert.deepEqual(d.range, {
        start: { line: 0, character: 0 },
        end: { line: 0, character: HEADER.length - 1 },
      });
      assert.match(
        text(d),
        /^sg-lint did not check this template: 5\.0 MB is over the 2\.0 MB limit for linting \(maxFileSize\)/,
      );
    },
  },
  {
    name: 'a 1,000-deep nested mapping',
    file: 'deep.yaml',
    text: () => deeplyNested(1000),
    expect: (p) => {
      assert.ok(p.diagnostics.length > 0);
      assert.ok(p.diagnostics.some((d) => d.code === 'SG000'));
    },
  },
  {
    name: 'a binary file with a .yaml name',
    file: 'binary.yaml',
    text: () => `${HEADER}\u0000\u0001\u0002\u00ff binary \u0000 data`,
    expect: (p) => assert.deepEqual(p.diagnostics, []),
  },
];

describe('language server under hostile input', function () {
  this.timeout(15000);
  let tmp: string;
  let client: LspTestClient;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-hostile-'));
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(tmp).href] });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(client.streamErrors, []);
    assert.equal(client.stderr.join(''), '');
  });

  for (const c of CASES) {
    it(`answers ${c.name} within 2 s and keeps serving`, async () => {
      const uri = pathToFileURL(path.join(tmp, c.file)).href;
      const text = c.text();
      const started = Date.now();
      await client.open(uri, 'yaml', text);
      const published = await client.waitForDiagnostics(uri, () => true, 0, 2000);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      c.expect(published);

      // Still answering: a request on the same document, and a normal template right after.
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
      assert.ok(Array.isArray(await client.codeActions(uri, range, published.diagnostics)));
      const probe = pathToFileURL(path.join(tmp, `probe-${c.file}`)).href;
      await client.open(probe, 'yaml', WORLD_SSH);
      const probed = await client.waitForDiagnostics(probe, () => true, 0, 2000);
      assert.deepEqual(
        probed.diagnostics
          .filter((d) => d.severity === DiagnosticSeverity.Error)
          .map((d) => [d.code, d.range]),
        [['SG101', { start: { line: 11, character: 18 }, end: { line: 11, character: 27 } }]],
      );
      await client.close(probe);
      await client.close(uri);
    });
  }
});
