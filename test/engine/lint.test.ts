import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../rules/config';
import { RULES, ruleById } from '../../rules/index';
import type { RuleModule } from '../../rules/types';
import type { LintResult } from '../../server/src/engine/lint';
import { formatOf, isBinary, lintDocument, looksLikeTemplate } from '../../server/src/engine/lint';
import { config, dedent } from '../helpers/ruleTester';

type Template = LintResult & { kind: 'template' };

const OPEN_SSH = dedent(`
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
    Instance:
      Type: AWS::EC2::Instance
      Properties:
        SecurityGroupIds: [!Ref WebSG]
`);

function lintYaml(text: string, overrides: unknown = {}, uri = 'file:///work/t.yaml'): Template {
  const result = lintDocument({ uri, text }, config(overrides));
  assert.equal(result.kind, 'template');
  return result;
}

function ids(result: Template): string[] {
  return result.findings.map((f) => `${f.ruleId}:${f.severity}`);
}

/** Replaces a rule's check for the duration of `body`, restoring it even when `body` throws. */
function withCheck(ruleId: string, check: RuleModule['check'], body: () => void): void {
  const rule = ruleById(ruleId) as { check: RuleModule['check'] } | undefined;
  assert.ok(rule);
  const original = rule.check;
  rule.check = check;
  try {
    body();
  } finally {
    rule.check = original;
  }
}

/** Runs `fn` and asserts it finishes within `ms`. */
function fast<T>(ms: number, fn: () => T): T {
  const t0 = process.hrtime.bigint();
  const out = fn();
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.ok(elapsed < ms, `took ${elapsed.toFixed(0)} ms`);
  return out;
}

describe('engine/lint', () => {
  it('lints a template: findings sorted by position, with ids and severities', () => {
    const result = lintYaml(OPEN_SSH);
    assert.deepEqual(ids(result), ['SG106:note', 'SG101:error']);
    assert.deepEqual(result.ruleFailures, []);
    assert.equal(result.format, 'yaml');
    const sg101 = result.findings[1]!;
    assert.equal(OPEN_SSH.slice(sg101.range.start, sg101.range.end), '0.0.0.0/0');
    assert.deepEqual([sg101.resource, sg101.group, sg101.uri], ['WebSG', 'WebSG', 'file:///work/t.yaml']);
  });

  describe('rule isolation', () => {
    it("keeps the other rules' findings when one rule throws, and names the failure", () => {
      withCheck(
        'SG101',
        () => {
          throw new Error('boom');
        },
        () => {
          const result = lintYaml(OPEN_SSH);
          assert.deepEqual(ids(result), ['SG106:note']);
          assert.equal(result.ruleFailures.length, 1);
          assert.equal(result.ruleFailures[0]!.ruleId, 'SG101');
          assert.match(result.ruleFailures[0]!.error, /^Error: boom\n/);
        },
      );
      // Restored: the rule reports again.
      assert.deepEqual(ids(lintYaml(OPEN_SSH)), ['SG106:note', 'SG101:error']);
    });

    it('keeps the findings a rule reported before it threw', () => {
      withCheck(
        'SG110',
        ({ model, report }) => {
          report({ message: 'first', uri: model.uri, range: { start: 0, end: 1 }, resource: 'WebSG' });
          throw new TypeError('halfway');
        },
        () => {
          const result = lintYaml(OPEN_SSH);
          assert.deepEqual(ids(result), ['SG110:note', 'SG106:note', 'SG101:error']);
          assert.deepEqual(
            result.ruleFailures.map((f) => [f.ruleId, f.error.split('\n')[0]]),
            [['SG110', 'TypeError: halfway']],
          );
        },
      );
    });

    it('reports a thrown non-Error value', () => {
      withCheck(
        'SG110',
        () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- the engine must cope with this too
          throw 'plain string';
        },
        () => assert.deepEqual(lintYaml(OPEN_SSH).ruleFailures, [{ ruleId: 'SG110', error: 'plain string' }]),
      );
    });

    it('merges identical findings reported twice', () => {
      withCheck(
        'SG110',
        ({ model, report }) => {
          const finding = { message: 'same', uri: model.uri, range: { start: 3, end: 8 }, resource: 'WebSG' };
          report(finding);
          report({ ...finding });
          report({ ...finding, message: 'different' });
          report({ ...finding, range: { start: 3, end: 9 } });
        },
        () => {
          const got = lintYaml(OPEN_SSH).findings.filter((f) => f.ruleId === 'SG110');
          assert.deepEqual(
            got.map((f) => [f.message, f.range.start, f.range.end]),
            [
              ['same', 3, 8],
              ['different', 3, 8],
              ['same', 3, 9],
            ],
          );
        },
      );
    });
  });

  describe('severities', () => {
    it('applies configured severities over defaults and per-finding severities', () => {
      assert.deepEqual(ids(lintYaml(OPEN_SSH, { rules: { SG101: 'warning', SG106: 'error' } })), [
        'SG106:error',
        'SG101:warning',
      ]);
    });

    it('turns a rule off entirely, without running it', () => {
      let ran = false;
      withCheck(
        'SG101',
        () => {
          ran = true;
        },
        () => {
          assert.deepEqual(ids(lintYaml(OPEN_SSH, { rules: { SG101: 'off' } })), ['SG106:note']);
        },
      );
      assert.equal(ran, false);
    });

    it("keeps a rule's own per-finding severity unless configured", () => {
      withCheck(
        'SG110',
        ({ model, report }) =>
          report({
            message: 'raised',
            uri: model.uri,
            range: { start: 0, end: 1 },
            resource: 'WebSG',
            severity: 'error',
          }),
        () => {
          assert.equal(lintYaml(OPEN_SSH).findings.find((f) => f.ruleId === 'SG110')?.severity, 'error');
          assert.equal(
            lintYaml(OPEN_SSH, { rules: { SG110: 'note' } }).findings.find((f) => f.ruleId === 'SG110')
              ?.severity,
            'note',
          );
        },
      );
    });
  });

  describe('what gets linted', () => {
    it('skips a binary file, even one named .yaml', () => {
      const text = `Resources:\n  A:\n    Type: X\n\u0000\u0001\u00ff`;
      assert.equal(isBinary(text), true);
      assert.deepEqual(
        fast(2000, () => lintDocument({ uri: 'file:///b.yaml', text }, DEFAULT_CONFIG)),
        { kind: 'skipped', uri: 'file:///b.yaml', reason: 'binary file', looksLikeTemplate: false },
      );
    });

    it('skips a file over maxFileSize, saying whether it looks like a template', () => {
      const big = `Resources:\n${'#'.repeat(3 * 1024 * 1024)}\n`;
      assert.deepEqual(lintDocument({ uri: 'file:///big.yaml', text: big }, DEFAULT_CONFIG), {
        kind: 'skipped',
        uri: 'file:///big.yaml',
        reason:
          '3.0 MB is over the 2.0 MB limit for linting (maxFileSize); CloudFormation itself accepts templates of at most 1 MB',
        looksLikeTemplate: true,
      });
      const kilobytes = lintDocument(
        { uri: 'file:///k.yaml', text: 'Resources:\n'.repeat(300) },
        config({ maxFileSize: '2KB' }),
      );
      assert.equal(
        kilobytes.kind === 'skipped' && kilobytes.reason.split(';')[0],
        '3 KB is over the 2 KB limit for linting (maxFileSize)',
      );
      const other = lintDocument(
        { uri: 'file:///big.json', text: `{"data": "${'x'.repeat(300)}"}` },
        config({ maxFileSize: 100 }),
      );
      assert.deepEqual(other, {
        kind: 'skipped',
        uri: 'file:///big.json',
        reason:
          '312 bytes is over the 100 bytes limit for linting (maxFileSize); CloudFormation itself accepts templates of at most 1 MB',
        looksLikeTemplate: false,
      });
    });

    it('recognizes templates by their top-level keys without parsing', () => {
      assert.equal(looksLikeTemplate('Resources:\n'), true);
      assert.equal(looksLikeTemplate("AWSTemplateFormatVersion: '2010-09-09'\n"), true);
      assert.equal(looksLikeTemplate('{\n  "Resources": {}\n}'), true);
      assert.equal(looksLikeTemplate('name: x\n  Resources: nested\n'), false);
      assert.equal(looksLikeTemplate('{"name": "Resources"}'), false);
    });

    it('ignores YAML and JSON that are not templates', () => {
      assert.deepEqual(
        lintDocument(
          { uri: 'file:///w/.github/workflows/ci.yml', text: 'on: push\njobs: {}\n' },
          DEFAULT_CONFIG,
        ),
        {
          kind: 'not-template',
          uri: 'file:///w/.github/workflows/ci.yml',
        },
      );
      assert.equal(
        lintDocument({ uri: 'file:///w/package.json', text: '{"name": "x"}' }, DEFAULT_CONFIG).kind,
        'not-template',
      );
    });

    it('detects the format from the extension, and from the text for .template and unknown names', () => {
      assert.equal(formatOf('file:///a/t.yaml', '{}'), 'yaml');
      assert.equal(formatOf('file:///a/t.YML', ''), 'yaml');
      assert.equal(formatOf('file:///a/t.json', 'a: 1'), 'json');
      assert.equal(formatOf('file:///a/t.template', '  {\n "Resources": {} }'), 'json');
      assert.equal(formatOf('file:///a/t.template', 'Resources: {}\n'), 'yaml');
      assert.equal(formatOf('file:///a/t.cfn', '[1]'), 'json');
      assert.equal(formatOf('file:///a/t.yaml?version=2#x', ''), 'yaml');
      assert.equal(formatOf('untitled:Untitled-1', 'Resources: {}'), undefined);
      const json = lintDocument(
        { uri: 'file:///w/stack.template', text: '{ "Resources": { "A": { "Type": "AWS::S3::Bucket" } } }' },
        DEFAULT_CONFIG,
      );
      assert.equal(json.kind === 'template' && json.format, 'json');
      const yaml = lintDocument(
        { uri: 'file:///w/stack.template', text: 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n' },
        DEFAULT_CONFIG,
      );
      assert.equal(yaml.kind === 'template' && yaml.format, 'yaml');
      const untitled = lintDocument(
        { uri: 'untitled:Untitled-1', text: '{ "Resources": {} }' },
        DEFAULT_CONFIG,
      );
      assert.equal(untitled.kind === 'template' && untitled.format, 'json');
    });

    it('lets the caller force the format', () => {
      const result = lintDocument(
        { uri: 'file:///w/t.txt', text: '{"Resources": {}}', format: 'yaml' },
        DEFAULT_CONFIG,
      );
      // JSON is YAML: a template either way.
      assert.equal(result.kind === 'template' && result.format, 'yaml');
    });
  });

  describe('hostile input', () => {
    const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n";

    it('an unterminated quote mid-file: a parse error, in time', () => {
      const text = `${HEADER}Resources:\n  Sg:\n    Type: "AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n`;
      const result = fast(2000, () => lintYaml(text));
      const sg000 = result.findings.filter((f) => f.ruleId === 'SG000');
      assert.deepEqual(
        sg000.map((f) => [f.message, text.slice(f.range.start, f.range.end)]),
        [['unterminated quoted string: missing closing "', '"AWS::EC2::SecurityGroup']],
      );
    });

    it('tab-indented YAML: parse errors at the tabs', () => {
      const text = `${HEADER}Resources:\n\tSg:\n\t\tType: AWS::EC2::SecurityGroup\n`;
      const result = fast(2000, () => lintYaml(text));
      assert.ok(result.findings.length > 0);
      assert.ok(result.findings.every((f) => f.ruleId === 'SG000' && f.severity === 'error'));
      assert.equal(text.slice(result.findings[0]!.range.start, result.findings[0]!.range.end), '\t');
    });

    it('a 9-level alias bomb: one parse error, the rest linted, fast', () => {
      let text = `${HEADER}Metadata:\n  a0: &a0 [${Array(9).fill('"lol"').join(', ')}]\n`;
      for (let i = 1; i < 9; i++)
        text += `  a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]\n`;
      text += `Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: *a8\n      SecurityGroupIngress:\n        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }\n`;
      const result = fast(1000, () => lintYaml(text));
      const messages = result.findings.map((f) => `${f.ruleId} ${f.message}`);
      assert.ok(
        messages.includes(
          'SG000 alias expansion exceeds 250000 nodes at *a4; this and later aliases are not expanded',
        ),
        messages.join('\n'),
      );
      assert.ok(messages.includes('SG101 SSH (22) is open to the world (0.0.0.0/0)'));
    });

    it('a 5 MB template: skipped under the default limit, in time', () => {
      const group = (i: number): string =>
        `  Sg${i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g${i}\n      SecurityGroupIngress:\n        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }\n`;
      const parts = [`${HEADER}Resources:\n`];
      for (let i = 0, length = 0; length < 5 * 1024 * 1024; i++) {
        parts.push(group(i));
        length += parts[parts.length - 1]!.length;
      }
      const text = parts.join('');
      const result = fast(2000, () => lintDocument({ uri: 'file:///huge.yaml', text }, DEFAULT_CONFIG));
      assert.equal(result.kind, 'skipped');
      assert.equal(result.kind === 'skipped' && result.looksLikeTemplate, true);
    });

    it('a 1,000-deep nested mapping: one parse error, the resources still linted', () => {
      const lines = [`${HEADER}Metadata:`];
      for (let i = 0; i < 1000; i++) lines.push(`${'  '.repeat(i + 1)}k${i}:`);
      const text = `${lines.join('\n')}\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n`;
      const result = fast(2000, () => lintYaml(text));
      const sg000 = result.findings.filter((f) => f.ruleId === 'SG000');
      assert.deepEqual(
        sg000.map((f) => f.message),
        ['nesting deeper than 256 levels; the rest of the file is not read'],
      );
    });

    it('a 20,000-deep JSON array: one parse error, in time', () => {
      const text = `{"Resources": {"A": {"Type": "X", "Properties": {"P": ${'['.repeat(20000)}${']'.repeat(20000)}}}}}`;
      const result = fast(2000, () => lintDocument({ uri: 'file:///deep.json', text }, DEFAULT_CONFIG));
      assert.equal(result.kind, 'template');
      assert.deepEqual(result.kind === 'template' && result.findings.map((f) => `${f.ruleId} ${f.message}`), [
        'SG000 nesting deeper than 256 levels; the rest of the file is not read',
      ]);
    });

    it('hostile names come through messages unchanged and crash nothing', () => {
      const name = 'Web<script>alert(1)</script>\u0007é😀\u202eSG';
      const text = `Resources:\n  ${JSON.stringify(name)}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      SecurityGroupIngress:\n        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !Ref "<img src=x onerror=alert(1)>" }\n`;
      const result = fast(2000, () => lintYaml(text));
      assert.deepEqual(result.ruleFailures, []);
      const byRule = new Map(result.findings.map((f) => [f.ruleId, f]));
      assert.equal(
        byRule.get('SG109')?.message,
        `Security group ${name} is not attached to anything: no resource or output in this file references it`,
      );
      assert.equal(
        byRule.get('SG204')?.message,
        "The rule's source group <img src=x onerror=alert(1)> cannot be used: <img src=x onerror=alert(1)> is not declared in this template",
      );
      assert.ok(result.findings.every((f) => f.resource === name && f.group === name));
    });

    it('runs every rule on a tree with unusual values without a rule failure', () => {
      const text = dedent(`
        Parameters:
          P: { Type: String }
        Resources:
          A:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: [1, 2]
              VpcId: { Fn::Unknown: x }
              SecurityGroupIngress:
                - { IpProtocol: [tcp], FromPort: {}, ToPort: !Ref P, CidrIp: [0.0.0.0/0] }
                - { IpProtocol: null, FromPort: true, ToPort: 1e9, CidrIpv6: 12 }
                - "just a string"
                - [nested, list]
              SecurityGroupEgress: 7
          B:
            Type: AWS::EC2::SecurityGroupIngress
            Properties: [not, a, map]
          C:
            Type: AWS::EC2::SecurityGroupEgress
          D:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt [A]
              IpProtocol: -1
              SourceSecurityGroupId: !Sub '\${A.GroupId}'
      `);
      const result = fast(2000, () => lintYaml(text));
      assert.deepEqual(result.ruleFailures, []);
      for (const f of result.findings)
        assert.ok(
          f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end,
          JSON.stringify(f),
        );
    });
  });

  it('has every registered rule in id order', () => {
    const list = RULES.map((r) => r.meta.id);
    assert.deepEqual(list, [...list].sort());
    assert.equal(new Set(list).size, list.length);
  });
});
