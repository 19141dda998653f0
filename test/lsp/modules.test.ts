/**
 * The server's LSP modules in-process, for what the wire tests cannot reach cheaply: an engine that
 * throws, rule failures, suppression edits on every kind of target (applied, re-linted, and shown to
 * suppress), config-file diagnostics, settings handling and configuration caching.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../../rules/config';
import type { LintResult } from '../../server/src/engine/lint';
import { lintDocument } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/fixes/render';
import { configFileDiagnostics, isConfigFileUri } from '../../server/src/lsp/configFile';
import type { ConfigurationHost, DocumentConfig, Logger } from '../../server/src/lsp/configuration';
import {
  ConfigurationManager,
  DEFAULT_DOCUMENT_CONFIG,
  containingFolder,
  splitSettings,
} from '../../server/src/lsp/configuration';
import type { TemplateResult } from '../../server/src/lsp/diagnostics';
import { findingDiagnostics } from '../../server/src/lsp/diagnostics';
import { DocLinks } from '../../server/src/lsp/docLinks';
import type { LinterHost } from '../../server/src/lsp/linter';
import { DocumentLinter } from '../../server/src/lsp/linter';
import { jsonSuppression, yamlSuppression } from '../../server/src/lsp/suppressEdits';
import { helpUri } from '../../server/src/report/sarif';
import { dedent } from '../helpers/ruleTester';

const YAML_URI = 'file:///work/t.yaml';
const JSON_URI = 'file:///work/t.json';

function lintTemplate(text: string, uri = YAML_URI): TemplateResult {
  const result = lintDocument({ uri, text }, DEFAULT_CONFIG);
  assert.equal(result.kind, 'template');
  return result;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function tick(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const WORLD_SSH = dedent(`
  AWSTemplateFormatVersion: '2010-09-09'
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
`);

describe('lsp/diagnostics', () => {
  it('leaves out suppressed findings, maps note to Information and keeps data pointing at the finding', () => {
    const text = dedent(`
      AWSTemplateFormatVersion: '2010-09-09'
      Parameters:
        AdminCidr:
          Type: String
          Default: 0.0.0.0/0
      Resources:
        WebSG:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-1
            SecurityGroupIngress:
              # sg-lint-ignore SG101 bastion, closed by the firewall
              - IpProtocol: tcp
                FromPort: 22
                ToPort: 22
                CidrIp: 0.0.0.0/0
                Description: ssh
              - IpProtocol: tcp
                FromPort: 3389
                ToPort: 3389
                CidrIp: !Ref AdminCidr
                Description: rdp
      Outputs:
        Id:
          Value: !Ref WebSG
    `);
    const result = lintTemplate(text);
    const docLinks = new DocLinks(undefined);
    const diagnostics = findingDiagnostics(result, 7, docLinks);
    const visible = result.findings
      .map((f, index) => ({ f, index }))
      .filter(({ f }) => !f.suppressions?.length);
    assert.ok(
      result.findings.some((f) => f.ruleId === 'SG101' && f.suppressions?.length),
      'the SSH finding is suppressed',
    );
    assert.deepEqual(
      diagnostics.map((d) => d.data as unknown),
      visible.map(({ f, index }) => ({ ruleId: f.ruleId, version: 7, index })),
    );
    const rdp = diagnostics.find((d) => d.code === 'SG101')!;
    assert.equal(rdp.severity, DiagnosticSeverity.Error);
    assert.deepEqual(rdp.range, { start: { line: 21, character: 18 }, end: { line: 21, character: 32 } });
    assert.deepEqual(rdp.codeDescription, { href: helpUri('SG101') });
    // The parameter default the CIDR came from, in the same file.
    assert.deepEqual(
      rdp.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]),
      [[YAML_URI, 4]],
    );
    const egress = diagnostics.find((d) => d.code === 'SG106');
    assert.equal(egress?.severity, DiagnosticSeverity.Information, 'SG106 is a note');
  });
});

describe('lsp/docLinks', () => {
  it('links to the bundled page when it exists, else to the web', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-docs-'));
    try {
      const page = path.join(root, 'SG101-world-open-sensitive-port', 'README.md');
      fs.mkdirSync(path.dirname(page), { recursive: true });
      fs.writeFileSync(page, '# SG101\n');
      const links = new DocLinks(root);
      assert.deepEqual(links.forRule('SG101'), {
        href: pathToFileURL(page).href,
        localUri: pathToFileURL(page).href,
        webUri: helpUri('SG101'),
      });
      assert.deepEqual(links.forRule('SG102'), { href: helpUri('SG102'), webUri: helpUri('SG102') });
      assert.deepEqual(new DocLinks(undefined).forRule('SG101'), {
        href: helpUri('SG101'),
        webUri: helpUri('SG101'),
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

/** Applies a YAML suppression, re-lints, and returns the finding of `ruleId` at the same message. */
function suppressYaml(text: string, ruleId: string, uri = YAML_URI): { edited: string; covers: string } {
  const result = lintTemplate(text, uri);
  const finding = result.findings.find((f) => f.ruleId === ruleId && !f.suppressions?.length);
  assert.ok(finding, `${ruleId} is reported before the suppression`);
  const s = yamlSuppression(finding, result);
  const edited = applyEdits(text, [s.edit]);
  const after = lintTemplate(edited, uri);
  assert.deepEqual(
    after.findings.filter((f) => f.ruleId === 'SG000').map((f) => f.message),
    [],
  );
  const again = after.findings.find((f) => f.ruleId === ruleId && f.message === finding.message);
  assert.ok(again, 'the finding is still computed');
  assert.deepEqual(
    again.suppressions?.map((x) => [x.tool, x.reason]),
    [['sg-lint', 'accepted risk']],
  );
  assert.equal(edited.split(/\r?\n/)[s.reason.line]!.slice(s.reason.start, s.reason.end), 'accepted risk');
  return { edited, covers: s.covers };
}

describe('lsp/suppressEdits: YAML comments', () => {
  it('puts the comment above a standalone rule resource, indented like it', () => {
    const text = dedent(`
      Resources:
        WebSG:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-1
        SshIn:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref WebSG
            IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: 0.0.0.0/0
    `);
    const { edited, covers } = suppressYaml(text, 'SG101');
    assert.equal(covers, 'rule');
    assert.ok(
      edited.includes('      VpcId: vpc-1\n  # sg-lint-ignore SG101 accepted risk\n  SshIn:\n'),
      edited,
    );
  });

  it('puts the comment above the resource for a finding about the group', () => {
    const text = dedent(`
      Resources:
        WebSG:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
      Outputs:
        Id:
          Value: !Ref WebSG
    `);
    const { edited, covers } = suppressYaml(text, 'SG110');
    assert.equal(covers, 'resource');
    assert.ok(edited.startsWith('Resources:\n  # sg-lint-ignore SG110 accepted risk\n  WebSG:\n'), edited);
  });

  it('handles a flow-style rule and CRLF line endings', () => {
    const text = dedent(`
      Resources:
        WebSG:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-1
            SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0, Description: rdp}]
    `).replace(/\n/g, '\r\n');
    const { edited } = suppressYaml(text, 'SG101');
    assert.ok(
      edited.includes(
        'vpc-1\r\n      # sg-lint-ignore SG101 accepted risk\r\n      SecurityGroupIngress: [{',
      ),
      JSON.stringify(edited),
    );
  });

  it('adds its own line next to an existing suppression comment', () => {
    const text = WORLD_SSH.replace(
      '        - IpProtocol: tcp',
      '        # sg-lint-ignore SG108 descriptions come later\n        - IpProtocol: tcp',
    );
    const { edited } = suppressYaml(text, 'SG101');
    assert.ok(
      edited.includes(
        '# sg-lint-ignore SG108 descriptions come later\n        # sg-lint-ignore SG101 accepted risk\n        - IpProtocol',
      ),
      edited,
    );
  });
});

function jsonTemplate(resource: Record<string, unknown>, indent: string | number = 2): string {
  return `${JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { WebSG: resource }, Outputs: { Id: { Value: { Ref: 'WebSG' } } } }, null, indent)}\n`;
}

const WEB_SG_PROPERTIES = {
  GroupDescription: 'web',
  VpcId: 'vpc-1',
  SecurityGroupIngress: [
    { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0', Description: 'ssh' },
  ],
};

function suppressJson(text: string): { edited: string; metadata: unknown } {
  const result = lintTemplate(text, JSON_URI);
  const finding = result.findings.find((f) => f.ruleId === 'SG101' && !f.suppressions?.length);
  assert.ok(finding);
  const s = jsonSuppression(finding, result);
  assert.ok(s, 'a Metadata suppression is offered');
  assert.equal(s.address, 'WebSG');
  const edited = applyEdits(text, s.edits);
  const after = lintTemplate(edited, JSON_URI);
  assert.deepEqual(
    after.findings.filter((f) => f.ruleId === 'SG000'),
    [],
  );
  const again = after.findings.find((f) => f.ruleId === 'SG101');
  assert.deepEqual(
    again?.suppressions?.map((x) => [x.tool, x.reason]),
    [['sg-lint', 'accepted risk']],
  );
  assert.ok(s.reason);
  assert.equal(edited.split('\n')[s.reason.line]!.slice(s.reason.start, s.reason.end), 'accepted risk');
  return {
    edited,
    metadata: (JSON.parse(edited) as { Resources: { WebSG: { Metadata: unknown } } }).Resources.WebSG
      .Metadata,
  };
}

describe('lsp/suppressEdits: JSON Metadata', () => {
  it('creates Metadata in the file’s own indentation', () => {
    const text = jsonTemplate({ Type: 'AWS::EC2::SecurityGroup', Properties: WEB_SG_PROPERTIES });
    const { edited, metadata } = suppressJson(text);
    assert.deepEqual(metadata, { 'sg-lint': { ignore: [{ id: 'SG101', reason: 'accepted risk' }] } });
    // Formatted like the rest of the file (two spaces, one key per line).
    assert.ok(
      edited.includes(
        '\n      "Metadata": {\n        "sg-lint": {\n          "ignore": [\n            {\n              "id": "SG101",',
      ),
      edited,
    );
  });

  it('keeps other tools’ Metadata and appends to an existing ignore list, with tabs', () => {
    const text = jsonTemplate(
      {
        Type: 'AWS::EC2::SecurityGroup',
        Metadata: {
          cfn_nag: { rules_to_suppress: [{ id: 'W5', reason: 'egress reviewed' }] },
          'sg-lint': { ignore: [{ id: 'SG108', reason: 'later' }] },
        },
        Properties: WEB_SG_PROPERTIES,
      },
      '\t',
    );
    const { edited, metadata } = suppressJson(text);
    assert.deepEqual(metadata, {
      cfn_nag: { rules_to_suppress: [{ id: 'W5', reason: 'egress reviewed' }] },
      'sg-lint': {
        ignore: [
          { id: 'SG108', reason: 'later' },
          { id: 'SG101', reason: 'accepted risk' },
        ],
      },
    });
    assert.ok(/\n\t\t\t\t\t\t\{\n\t\t\t\t\t\t\t"id": "SG101"/.test(edited), edited);
  });

  it('offers nothing when Metadata is not a mapping or the file does not parse', () => {
    const odd = jsonTemplate({
      Type: 'AWS::EC2::SecurityGroup',
      Metadata: 'see wiki',
      Properties: WEB_SG_PROPERTIES,
    });
    const result = lintTemplate(odd, JSON_URI);
    assert.equal(
      jsonSuppression(
        result.findings.find((f) => f.ruleId === 'SG101')!,
        result,
      ),
      undefined,
    );

    const broken = jsonTemplate({ Type: 'AWS::EC2::SecurityGroup', Properties: WEB_SG_PROPERTIES }).replace(
      '"Outputs"',
      ',"Outputs"',
    );
    const brokenResult = lintTemplate(broken, JSON_URI);
    const finding = brokenResult.findings.find((f) => f.ruleId === 'SG101');
    assert.ok(finding && brokenResult.tree.errors.length > 0);
    assert.equal(jsonSuppression(finding, brokenResult), undefined);
  });
});

describe('lsp/configFile', () => {
  it('recognizes config files by name', () => {
    assert.ok(isConfigFileUri('file:///repo/.sg-lint.yaml'));
    assert.ok(isConfigFileUri('file:///repo/sub/.sg-lint.json'));
    assert.ok(isConfigFileUri('untitled:/.sg-lint.yml'));
    assert.ok(!isConfigFileUri('file:///repo/.sg-lint.yaml.bak'));
    assert.ok(!isConfigFileUri('file:///repo/sg-lint.yaml'));
  });

  it('refuses a pathologically nested config file without handing it to the YAML parser', () => {
    const started = Date.now();
    const deep = configFileDiagnostics('rules: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(
      deep.map((d) => d.message),
      ['sg-lint cannot read this configuration: nested deeper than 64 levels'],
    );
  });

  it('reports syntax errors as errors, bad values as warnings on their key, and nothing for a good file', () => {
    assert.deepEqual(configFileDiagnostics('maxPortRange: 10\ntrustedCidrs:\n  - 10.0.0.0/8\n'), []);
    const bad = configFileDiagnostics('rules:\n  SG106: loud\n');
    assert.deepEqual(
      bad.map((d) => [d.range, d.severity, d.message]),
      [
        [
          { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } },
          DiagnosticSeverity.Warning,
          'rules.SG106: must be off, note, warning or error',
        ],
      ],
    );
    const broken = configFileDiagnostics('rules: [\n');
    assert.equal(broken.length > 0, true);
    assert.ok(
      broken.every(
        (d) =>
          d.severity === DiagnosticSeverity.Error &&
          messageOf(d).startsWith('sg-lint cannot read this configuration: '),
      ),
    );
  });

  it('refuses an alias bomb without expanding it', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++)
      text += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const started = Date.now();
    const diagnostics = configFileDiagnostics(text);
    assert.ok(Date.now() - started < 1000);
    assert.equal(diagnostics.length, 1);
    assert.match(messageOf(diagnostics[0]!), /^sg-lint cannot read this configuration: .*alias/i);
  });
});

describe('lsp/configuration', () => {
  it('splits the settings section into editor settings and engine keys', () => {
    assert.deepEqual(
      splitSettings({
        enable: false,
        debounceMs: 40,
        trace: { server: 'off' },
        rules: { SG106: 'off' },
        maxPortRange: 10,
      }),
      {
        editor: { enable: false, debounceMs: 40 },
        engine: { rules: { SG106: 'off' }, maxPortRange: 10 },
        problems: [],
      },
    );
    assert.deepEqual(splitSettings(undefined), {
      editor: { enable: true, debounceMs: 150 },
      engine: {},
      problems: [],
    });
    assert.deepEqual(splitSettings({ debounceMs: -5 }).problems, [
      'sgLint.debounceMs must be a number of milliseconds, 0–5000; using 150',
    ]);
    assert.equal(splitSettings({ debounceMs: 'fast' }).editor.debounceMs, 150);
  });

  it('finds the innermost workspace folder holding a file', () => {
    const folders = [path.join('/', 'repo'), path.join('/', 'repo', 'stacks'), path.join('/', 'repo2')];
    assert.equal(
      containingFolder(folders, path.join('/', 'repo', 'stacks', 'a.yaml')),
      path.join('/', 'repo', 'stacks'),
    );
    assert.equal(containingFolder(folders, path.join('/', 'repo', 'a.yaml')), path.join('/', 'repo'));
    assert.equal(containingFolder(folders, path.join('/', 'repo2x', 'a.yaml')), undefined);
  });

  function host(
    overrides: Partial<ConfigurationHost> & { fetches?: string[] } = {},
  ): ConfigurationHost & { log: ReturnType<typeof recordingLogger> } {
    const log = recordingLogger();
    return {
      fetchSettings: (uri) => {
        overrides.fetches?.push(uri);
        return Promise.resolve({});
      },
      workspaceFolderOf: () => undefined,
      isOpen: () => false,
      ...overrides,
      log,
    };
  }

  it('resolves once per folder until the settings change', async () => {
    const fetches: string[] = [];
    const manager = new ConfigurationManager(host({ fetches }));
    await manager.forDocument('untitled:/a/one.yaml');
    await manager.forDocument('untitled:/a/two.yaml');
    await manager.forDocument('untitled:/b/three.yaml');
    assert.deepEqual(fetches, ['untitled:/a/one.yaml', 'untitled:/b/three.yaml']);
    manager.settingsChanged();
    await manager.forDocument('untitled:/a/two.yaml');
    assert.equal(fetches.length, 3);
  });

  it('falls back to the defaults when settings cannot be read, and logs bad settings once', async () => {
    const failing = host({ fetchSettings: () => Promise.reject(new Error('client gone')) });
    const config = await new ConfigurationManager(failing).forDocument('untitled:x.yaml');
    assert.deepEqual(config.config, DEFAULT_CONFIG);
    assert.equal(config.enable, true);
    assert.equal(failing.log.lines.length, 1);
    assert.match(
      failing.log.lines[0]!,
      /^warn could not read the sgLint settings; using defaults: Error: client gone/,
    );

    const bad = host({ fetchSettings: () => Promise.resolve({ maxPortRange: 0, debounceMs: 99999 }) });
    const manager = new ConfigurationManager(bad);
    const resolved = await manager.forDocument('untitled:/a/x.yaml');
    await manager.forDocument('untitled:/b/x.yaml');
    assert.equal(resolved.config.maxPortRange, DEFAULT_CONFIG.maxPortRange);
    assert.equal(resolved.debounceMs, 150);
    assert.deepEqual(bad.log.lines, [
      'warn sgLint.debounceMs must be a number of milliseconds, 0–5000; using 150',
      'warn settings: sgLint.maxPortRange: must be a whole number of ports, 1–65536',
    ]);
    assert.equal(manager.debounceFor('untitled:/a/x.yaml'), 150);
  });

  it('reads the nearest config file and its exclude globs, relative to its folder', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-config-'));
    try {
      fs.mkdirSync(path.join(root, 'stacks', 'generated'), { recursive: true });
      fs.writeFileSync(
        path.join(root, '.sg-lint.yml'),
        'exclude: ["stacks/generated/**"]\nmaxPortRange: 10\n',
      );
      const manager = new ConfigurationManager(
        host({ fetchSettings: () => Promise.resolve({ maxPortRange: 500, icmpIsExposure: true }) }),
      );
      const doc = path.join(root, 'stacks', 'generated', 'out.yaml');
      const config = await manager.forDocument(pathToFileURL(doc).href);
      assert.equal(config.file, path.join(root, '.sg-lint.yml'));
      assert.equal(config.config.maxPortRange, 10, 'the file wins over the settings');
      assert.equal(config.config.icmpIsExposure, true, 'settings the file does not set still apply');
      assert.equal(config.isExcluded(doc), true);
      assert.equal(config.isExcluded(path.join(root, 'stacks', 'web.yaml')), false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('lsp/linter', () => {
  function setup(options: { lint?: LinterHost['lint']; config?: () => Promise<DocumentConfig> } = {}) {
    const docs = new Map<string, TextDocument>();
    const published: PublishDiagnosticsParams[] = [];
    const log = recordingLogger();
    const linter = new DocumentLinter({
      getDocument: (uri) => docs.get(uri),
      allDocuments: () => [...docs.values()],
      configFor: options.config ?? (() => Promise.resolve(DEFAULT_DOCUMENT_CONFIG)),
      debounceFor: () => 0,
      publish: (p) => published.push(p),
      log,
      docLinks: new DocLinks(undefined),
      ...(options.lint ? { lint: options.lint } : {}),
    });
    const set = (uri: string, version: number, text: string): void => {
      docs.set(uri, TextDocument.create(uri, 'yaml', version, text));
      linter.documentChanged(uri);
    };
    return { docs, published, log, linter, set };
  }

  it('turns an engine exception into one notice, logs it, and recovers on the next edit', async () => {
    let fail = true;
    const { published, log, set } = setup({
      lint: (input, config) => {
        if (fail) throw new Error('engine exploded');
        return lintDocument(input, config);
      },
    });
    set(YAML_URI, 1, WORLD_SSH);
    await tick();
    assert.equal(published.length, 1);
    assert.equal(published[0]!.version, 1);
    assert.deepEqual(
      published[0]!.diagnostics.map((d) => [d.severity, d.range.start, d.message]),
      [
        [
          DiagnosticSeverity.Warning,
          { line: 0, character: 0 },
          'sg-lint could not check this file because of an internal error; the details are in the "SG Lint" output.',
        ],
      ],
    );
    assert.equal(log.lines.length, 1);
    assert.match(
      log.lines[0]!,
      /^error sg-lint: internal error while linting file:\/\/\/work\/t\.yaml \(version 1\): Error: engine exploded\n\s+at /,
    );
    fail = false;
    set(YAML_URI, 2, WORLD_SSH);
    await tick();
    assert.equal(published[1]!.version, 2);
    assert.ok(published[1]!.diagnostics.some((d) => d.code === 'SG101'));
  });

  it('logs a failing rule once per distinct failure, and still publishes the other rules', async () => {
    const { published, log, set } = setup({
      lint: (input, config) => {
        const r = lintDocument(input, config) as Extract<LintResult, { kind: 'template' }>;
        return {
          ...r,
          ruleFailures: [{ ruleId: 'SG105', error: 'TypeError: boom\n    at check (rule.ts:1:1)' }],
        };
      },
    });
    set(YAML_URI, 1, WORLD_SSH);
    await tick();
    set(YAML_URI, 2, `${WORLD_SSH}\n`);
    await tick();
    assert.deepEqual(
      published.map((p) => [p.version, p.diagnostics.some((d) => d.code === 'SG101')]),
      [
        [1, true],
        [2, true],
      ],
    );
    assert.deepEqual(log.lines, [
      `error sg-lint: rule SG105 failed on ${YAML_URI} (the other rules still ran): TypeError: boom\n    at check (rule.ts:1:1)`,
    ]);
  });

  it('drops a lint superseded while it waited for configuration, and publishes nothing after a close', async () => {
    const gates: (() => void)[] = [];
    const { docs, published, linter, set } = setup({
      config: () =>
        new Promise<DocumentConfig>((resolve) => gates.push(() => resolve(DEFAULT_DOCUMENT_CONFIG))),
    });
    set(YAML_URI, 1, WORLD_SSH);
    await tick();
    set(YAML_URI, 2, WORLD_SSH.replace('0.0.0.0/0', '10.0.0.0/8'));
    await tick();
    assert.equal(gates.length, 2);
    for (const open of gates) open();
    await tick();
    assert.deepEqual(
      published.map((p) => [p.version, p.diagnostics.some((d) => d.code === 'SG101')]),
      [[2, false]],
    );

    set(YAML_URI, 3, WORLD_SSH);
    await tick();
    linter.documentClosed(YAML_URI);
    docs.delete(YAML_URI);
    gates[2]!();
    await tick();
    assert.deepEqual(
      published.slice(1).map((p) => [p.version, p.diagnostics.length]),
      [[undefined, 0]],
    );
  });

  it('publishes nothing for excluded files and for skipped non-templates, a notice for skipped templates', async () => {
    const excludeAll: DocumentConfig = { ...DEFAULT_DOCUMENT_CONFIG, isExcluded: () => true };
    const excluded = setup({ config: () => Promise.resolve(excludeAll) });
    excluded.set(YAML_URI, 1, WORLD_SSH);
    await tick();
    assert.deepEqual(excluded.published, [{ uri: YAML_URI, version: 1, diagnostics: [] }]);

    const small: DocumentConfig = {
      ...DEFAULT_DOCUMENT_CONFIG,
      config: { ...DEFAULT_CONFIG, maxFileSize: 100 },
    };
    const skipped = setup({ config: () => Promise.resolve(small) });
    // The reason is the engine's wording; the server adds the lead-in and shows it on the first line.
    const engine = lintDocument({ uri: YAML_URI, text: WORLD_SSH }, small.config);
    assert.ok(engine.kind === 'skipped' && engine.looksLikeTemplate);
    const { reason } = engine;
    skipped.set(YAML_URI, 1, WORLD_SSH);
    skipped.set('file:///work/big.yaml', 1, `notes: ${'x'.repeat(200)}\n`);
    await tick();
    assert.deepEqual(
      skipped.published.map((p) => [p.uri, p.diagnostics.map((d) => [d.severity, d.range, d.message])]),
      [
        [
          YAML_URI,
          [
            [
              DiagnosticSeverity.Information,
              { start: { line: 0, character: 0 }, end: { line: 0, character: 38 } },
              `sg-lint did not check this template: ${reason}.`,
            ],
          ],
        ],
        ['file:///work/big.yaml', []],
      ],
    );
  });
});
