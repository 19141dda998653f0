import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../package.json';
import { RULES } from '../../rules/index';
import { runCli } from '../../server/src/cli/main';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/cloudformation');

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(argv: string[], cwd: string, color = false): Run {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, color });
  return { code, stdout, stderr };
}

/** The parts of the reports the tests read. */
interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly fixes?: unknown;
}
interface JsonReport {
  readonly tool: string;
  readonly version: string;
  readonly root: string;
  readonly files: { readonly path: string; readonly findings: JsonFinding[] }[];
  readonly skipped: { readonly relativePath: string; readonly reason: string }[];
}
interface SarifLocation {
  readonly physicalLocation: {
    readonly artifactLocation: { readonly uri: string };
    readonly region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
}
interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: string;
  readonly message: { readonly text: string };
  readonly locations: SarifLocation[];
  readonly properties?: unknown;
  readonly relatedLocations?: unknown;
  readonly suppressions?: unknown;
  readonly fixes?: unknown;
}
interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly helpUri: string;
  readonly defaultConfiguration: { readonly level: string };
  readonly properties: { readonly peerIds: Record<string, string[]> };
}
interface SarifLog {
  readonly $schema: string;
  readonly version: string;
  readonly runs: [
    {
      readonly tool: {
        readonly driver: { readonly name: string; readonly version: string; readonly rules: SarifRule[] };
      };
      readonly originalUriBaseIds: unknown;
      readonly results: SarifResult[];
      readonly invocations: [
        { readonly executionSuccessful: boolean; readonly toolExecutionNotifications: unknown[] },
      ];
    },
  ];
}

function json<T>(r: Run): T {
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as T;
}

function locationUri(r: SarifResult): string {
  return r.locations[0]!.physicalLocation.artifactLocation.uri;
}

const BASTION_LINES = [
  "  17:19  error    SSH (22) is open to the world (0.0.0.0/0 from Parameter AdminCidr's default)  SG101 world-open-sensitive-port",
  '  22:19  warning  tcp port 8080 is open to the world (0.0.0.0/0)  SG103 world-open-port',
];
const WINDOWS_LINE =
  '  10:80  error    RDP (3389) is open to the world (::/0)  SG101 world-open-sensitive-port';

describe('cli', () => {
  let tmp: string;

  const write = (rel: string, text: string): string => {
    const file = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-cli-'));
    write('stacks/bastion.yaml', fixture('bastion.yaml'));
    write('stacks/clean.yaml', fixture('clean.yaml'));
    write('stacks/suppressed.yaml', fixture('suppressed.yaml'));
    write('stacks/nested/windows.json', fixture('windows.json'));
    write('stacks/.github/workflows/ci.yml', fixture('workflow.yml'));
    write('stacks/package.json', '{ "name": "stacks", "version": "1.0.0" }\n');
    write('stacks/README.md', '# Resources:\n');
    for (const skipped of ['node_modules/pkg', '.git', '.terraform/modules'])
      write(`stacks/${skipped}/bastion.yaml`, fixture('bastion.yaml'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('text output', () => {
    it('groups findings by file, with exact lines and a summary', () => {
      const r = run(['stacks', '--no-color'], tmp);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '');
      assert.equal(
        r.stdout,
        [
          'bastion.yaml',
          ...BASTION_LINES,
          '',
          'nested/windows.json',
          WINDOWS_LINE,
          '',
          '✖ 3 findings (2 errors, 1 warning, 0 notes) in 2 files; 4 templates checked, 1 suppressed',
          '',
        ].join('\n'),
      );
    });

    it('reports a syntax error as SG000 at its line and fails', () => {
      write('stacks/broken.yaml', fixture('broken.yaml'));
      const r = run(['stacks/broken.yaml', '--no-color'], tmp);
      assert.equal(r.code, 1);
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], 'broken.yaml');
      assert.ok(
        lines.includes('  6:25  error    unterminated quoted string: missing closing "  SG000 parse-error'),
        r.stdout,
      );
    });

    it('says so when there is nothing to report', () => {
      const r = run(['stacks/clean.yaml', '--no-color'], tmp);
      assert.deepEqual(r, { code: 0, stdout: '✔ No findings (1 template checked)\n', stderr: '' });
    });

    it('colours the output for a terminal unless --no-color', () => {
      const esc = '\u001b[';
      const colored = run(['stacks/bastion.yaml'], tmp, true);
      assert.ok(colored.stdout.includes(`${esc}31merror`));
      assert.ok(colored.stdout.startsWith(`${esc}4mbastion.yaml${esc}24m\n`));
      const plain = run(['stacks/bastion.yaml', '--no-color'], tmp, true);
      assert.ok(!plain.stdout.includes(esc));
      // Written to a file, text is never coloured.
      run(['stacks/bastion.yaml', '--output', 'out.txt'], tmp, true);
      assert.ok(!fs.readFileSync(path.join(tmp, 'out.txt'), 'utf8').includes(esc));
    });
  });

  describe('files', () => {
    it('recurses into folders, skipping node_modules, .git and .terraform, and ignores non-templates', () => {
      const report = json<JsonReport>(run(['.', '--format', 'json'], tmp));
      assert.deepEqual(
        report.files.map((f) => f.path),
        ['stacks/bastion.yaml', 'stacks/clean.yaml', 'stacks/nested/windows.json', 'stacks/suppressed.yaml'],
      );
      assert.equal(report.root, tmp);
    });

    it('lints an explicitly named file even in a skipped folder', () => {
      const report = json<JsonReport>(run(['stacks/node_modules/pkg/bastion.yaml', '--format', 'json'], tmp));
      assert.deepEqual(
        report.files.map((f) => f.path),
        ['bastion.yaml'],
      );
    });

    it('skips what the config file excludes', () => {
      write('stacks/.sg-lint.yaml', 'exclude:\n  - nested/**\n  - suppressed.yaml\n');
      const report = json<JsonReport>(run(['stacks', '--format', 'json'], tmp));
      assert.deepEqual(
        report.files.map((f) => f.path),
        ['bastion.yaml', 'clean.yaml'],
      );
    });

    it('reports files skipped for their size, in text, JSON and SARIF', () => {
      // bastion.yaml is 935 bytes and suppressed.yaml 747; clean.yaml (711) and windows.json (715) fit.
      write('stacks/.sg-lint.yaml', 'maxFileSize: 720\n');
      const limit =
        'limit for linting (maxFileSize); CloudFormation itself accepts templates of at most 1 MB';
      const text = run(['stacks', '--no-color'], tmp);
      assert.equal(
        text.stdout,
        [
          'nested/windows.json',
          WINDOWS_LINE,
          '',
          `skipped bastion.yaml: 935 bytes is over the 720 bytes ${limit}`,
          `skipped suppressed.yaml: 747 bytes is over the 720 bytes ${limit}`,
          '',
          '✖ 1 finding (1 error, 0 warnings, 0 notes) in 1 file; 2 templates checked',
          '',
        ].join('\n'),
      );
      const report = json<JsonReport>(run(['stacks', '--format', 'json'], tmp));
      assert.deepEqual(report.skipped, [
        { relativePath: 'bastion.yaml', reason: `935 bytes is over the 720 bytes ${limit}` },
        { relativePath: 'suppressed.yaml', reason: `747 bytes is over the 720 bytes ${limit}` },
      ]);
      const sarif = json<SarifLog>(run(['stacks', '--format', 'sarif'], tmp));
      assert.deepEqual(sarif.runs[0].invocations[0].toolExecutionNotifications[0], {
        level: 'warning',
        message: { text: `bastion.yaml was not linted: 935 bytes is over the 720 bytes ${limit}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'bastion.yaml', uriBaseId: 'ROOT' } } }],
      });
    });

    it('exits 2 for a path that does not exist, after reporting the rest', () => {
      const r = run(['stacks/clean.yaml', 'nope', '--no-color'], tmp);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'sg-lint: nope: no such file or folder\n');
      assert.equal(r.stdout, '✔ No findings (1 template checked)\n');
    });

    it('defaults to the current folder', () => {
      const r = run(['--format', 'json'], path.join(tmp, 'stacks', 'nested'));
      assert.deepEqual(
        json<JsonReport>(r).files.map((f) => f.path),
        ['windows.json'],
      );
    });
  });

  describe('options', () => {
    it('writes the report to --output', () => {
      const r = run(['stacks/bastion.yaml', '--format', 'sarif', '--output', 'report.sarif'], tmp);
      assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', '']);
      const sarif = JSON.parse(fs.readFileSync(path.join(tmp, 'report.sarif'), 'utf8')) as SarifLog;
      assert.equal(sarif.runs[0].results.length, 2);
    });

    it('exits 2 when --output cannot be written', () => {
      const r = run(['stacks/bastion.yaml', '--output', 'no/such/folder/out.txt'], tmp);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^sg-lint: cannot write no\/such\/folder\/out\.txt: ENOENT/);
    });

    it('uses --config instead of the nearest config file', () => {
      write('stacks/.sg-lint.yaml', 'rules:\n  SG101: off\n');
      write('strict.yaml', 'rules:\n  SG103: error\n');
      const nearest = json<JsonReport>(run(['stacks/bastion.yaml', '--format', 'json'], tmp));
      assert.deepEqual(
        nearest.files[0]!.findings.map((f) => `${f.ruleId}:${f.severity}`),
        ['SG103:warning'],
      );
      const explicit = json<JsonReport>(
        run(['stacks/bastion.yaml', '--format', 'json', '--config', 'strict.yaml'], tmp),
      );
      assert.deepEqual(
        explicit.files[0]!.findings.map((f) => `${f.ruleId}:${f.severity}`),
        ['SG101:error', 'SG103:error'],
      );
    });

    it('exits 2 for a missing or unreadable --config', () => {
      const missing = run(['stacks', '--config', 'missing.yaml'], tmp);
      assert.deepEqual(
        [missing.code, missing.stdout, missing.stderr],
        [2, '', 'sg-lint: config file not found: missing.yaml\n'],
      );
      write('broken.yaml', 'rules: [\n');
      const broken = run(['stacks', '--config', 'broken.yaml'], tmp);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /^sg-lint: cannot parse broken\.yaml: /);
    });

    it('warns about config problems once, and carries on', () => {
      write('stacks/.sg-lint.yaml', 'maxPortRange: lots\ncolour: red\n');
      const r = run(['stacks', '--no-color'], tmp);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        [
          'sg-lint: warning: stacks/.sg-lint.yaml: maxPortRange: .sg-lint.yaml: must be a whole number of ports, 1–65536',
          'sg-lint: warning: stacks/.sg-lint.yaml: colour: .sg-lint.yaml: unknown setting "colour"',
          '',
        ].join('\n'),
      );
    });

    describe('--fail-on', () => {
      beforeEach(() => {
        write('only-warning.yaml', 'rules:\n  SG101: off\n');
        write('only-note.yaml', 'rules:\n  SG101: off\n  SG103: note\n');
      });

      const code = (...argv: string[]): number => run(['stacks/bastion.yaml', ...argv], tmp).code;

      it('fails on errors by default', () => {
        assert.equal(code(), 1);
        assert.equal(code('--config', 'only-warning.yaml'), 0);
        assert.equal(run(['stacks/clean.yaml'], tmp).code, 0);
      });

      it('fails on warnings and above with --fail-on warning', () => {
        assert.equal(code('--fail-on', 'warning', '--config', 'only-warning.yaml'), 1);
        assert.equal(code('--fail-on', 'warning', '--config', 'only-note.yaml'), 0);
      });

      it('fails on anything with --fail-on note, and never with none', () => {
        assert.equal(code('--fail-on', 'note', '--config', 'only-note.yaml'), 1);
        assert.equal(code('--fail-on', 'none'), 0);
      });

      it('never fails on suppressed findings', () => {
        assert.equal(run(['stacks/suppressed.yaml', '--fail-on', 'note'], tmp).code, 0);
      });
    });

    it('exits 2 for a bad --format, --fail-on or option', () => {
      assert.deepEqual(run(['stacks', '--format', 'xml'], tmp), {
        code: 2,
        stdout: '',
        stderr: 'sg-lint: --format must be text, json or sarif (got "xml")\n',
      });
      assert.deepEqual(run(['stacks', '--fail-on', 'sometimes'], tmp), {
        code: 2,
        stdout: '',
        stderr: 'sg-lint: --fail-on must be error, warning, note or none (got "sometimes")\n',
      });
      const unknown = run(['--frobnicate'], tmp);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /^sg-lint: Unknown option '--frobnicate'/);
      assert.match(unknown.stderr, /Usage: sg-lint \[paths…\] \[options\]/);
    });

    it('reports a rule that throws on stderr and in SARIF, keeping the other findings', () => {
      const rule = RULES.find((r) => r.meta.id === 'SG103') as { check: (typeof RULES)[number]['check'] };
      const original = rule.check;
      rule.check = () => {
        throw new Error('exploded');
      };
      try {
        const text = run(['stacks/bastion.yaml', '--no-color'], tmp);
        assert.equal(text.code, 1);
        assert.equal(
          text.stderr,
          'sg-lint: internal error in rule SG103 on bastion.yaml (other rules still ran): Error: exploded\n',
        );
        assert.match(text.stdout, /SG101 world-open-sensitive-port/);
        const sarif = JSON.parse(run(['stacks/bastion.yaml', '--format', 'sarif'], tmp).stdout) as SarifLog;
        assert.deepEqual(sarif.runs[0].invocations[0].toolExecutionNotifications, [
          {
            level: 'error',
            message: { text: 'rule SG103 failed on this file: Error: exploded' },
            locations: [
              { physicalLocation: { artifactLocation: { uri: 'bastion.yaml', uriBaseId: 'ROOT' } } },
            ],
          },
        ]);
        assert.deepEqual(
          sarif.runs[0].results.map((r) => r.ruleId),
          ['SG101'],
        );
      } finally {
        rule.check = original;
      }
    });

    it('prints help and version', () => {
      const help = run(['--help'], tmp);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: sg-lint \[paths…\] \[options\]/);
      assert.match(help.stdout, /--fail-on LEVEL/);
      assert.deepEqual(run(['-v'], tmp), { code: 0, stdout: `${version}\n`, stderr: '' });
    });
  });

  describe('JSON output', () => {
    it('lists findings per file with 1-based positions, suppressions and related locations', () => {
      const report = json<JsonReport>(
        run(['stacks/bastion.yaml', 'stacks/suppressed.yaml', '--format', 'json'], tmp),
      );
      assert.deepEqual(Object.keys(report), ['tool', 'version', 'root', 'files', 'skipped']);
      assert.deepEqual(
        [report.tool, report.version, report.root],
        ['sg-lint', version, path.join(tmp, 'stacks')],
      );
      assert.deepEqual(report.files[0]!.findings[0], {
        ruleId: 'SG101',
        severity: 'error',
        message: "SSH (22) is open to the world (0.0.0.0/0 from Parameter AdminCidr's default)",
        start: { line: 17, column: 19 },
        end: { line: 17, column: 33 },
        resource: 'BastionSG',
        group: 'BastionSG',
        suppressed: false,
        related: [
          {
            message: "0.0.0.0/0 is set here (Parameter AdminCidr's default)",
            start: { line: 6, column: 14 },
            end: { line: 6, column: 23 },
          },
        ],
      });
      assert.deepEqual(report.files[1], {
        path: 'suppressed.yaml',
        findings: [
          {
            ruleId: 'SG101',
            severity: 'error',
            message: 'RDP (3389) is open to the world (0.0.0.0/0)',
            start: { line: 14, column: 19 },
            end: { line: 14, column: 28 },
            resource: 'JumpSG',
            group: 'JumpSG',
            suppressed: true,
            suppressions: [{ tool: 'sg-lint', reason: 'reviewed in SEC-42', peerId: null }],
          },
        ],
      });
    });

    it('includes fixes that need no input', () => {
      write('corp.yaml', 'trustedCidrs:\n  - cidr: 10.0.0.0/8\n    label: corp\n');
      const report = json<JsonReport>(
        run(['stacks/bastion.yaml', '--format', 'json', '--config', 'corp.yaml'], tmp),
      );
      assert.deepEqual(report.files[0]!.findings[0]!.fixes, [
        {
          title: "Restrict to 10.0.0.0/8 (corp) in Parameter AdminCidr's default",
          edits: [{ start: { line: 6, column: 14 }, end: { line: 6, column: 23 }, text: '10.0.0.0/8' }],
        },
      ]);
    });
  });

  describe('SARIF output', () => {
    const sarifOf = (...argv: string[]): SarifLog =>
      json<SarifLog>(run(['.', '--format', 'sarif', ...argv], tmp));

    it('has the overall shape GitHub code scanning requires', () => {
      const sarif = sarifOf();
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(sarif.runs.length, 1);
      const [runObject] = sarif.runs;
      assert.equal(runObject.tool.driver.name, 'sg-lint');
      assert.equal(runObject.tool.driver.version, version);
      assert.deepEqual(runObject.originalUriBaseIds, { ROOT: { uri: `${pathToFileURL(tmp).href}/` } });
      assert.equal(runObject.invocations[0].executionSuccessful, true);
      assert.ok(runObject.results.length > 0);
      for (const result of runObject.results) {
        assert.equal(typeof result.message.text, 'string');
        assert.ok(result.message.text.length > 0);
        assert.ok(['error', 'warning', 'note'].includes(result.level));
        assert.equal(runObject.tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
        for (const location of result.locations) {
          const uri = location.physicalLocation.artifactLocation.uri;
          assert.equal(typeof uri, 'string');
          assert.doesNotMatch(uri, /^\/|\\|^file:/);
          const region = location.physicalLocation.region;
          assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endLine >= region.startLine);
        }
      }
    });

    it('describes every rule in the driver', () => {
      const rules = sarifOf().runs[0].tool.driver.rules;
      assert.deepEqual(
        rules.map((r) => r.id),
        RULES.map((r) => r.meta.id),
      );
      const sg101 = rules.find((r) => r.id === 'SG101');
      assert.ok(sg101);
      assert.equal(sg101.name, 'world-open-sensitive-port');
      assert.equal(sg101.shortDescription.text, RULES.find((r) => r.meta.id === 'SG101')!.meta.description);
      assert.equal(
        sg101.helpUri,
        'https://github.com/sg-lint/sg-lint/blob/main/rules/SG101-world-open-sensitive-port/README.md',
      );
      assert.deepEqual(sg101.defaultConfiguration, { level: 'error' });
      assert.deepEqual(sg101.properties.peerIds.cfn_nag, ['W2']);
      for (const r of rules) {
        assert.ok(
          r.shortDescription.text && r.helpUri && r.defaultConfiguration.level && r.properties.peerIds,
          r.id,
        );
      }
    });

    it('gives each result its rule, level, message, location, resource, group and related default', () => {
      const results = sarifOf().runs[0].results;
      const sg101 = results.find((r) => r.ruleId === 'SG101' && locationUri(r) === 'stacks/bastion.yaml');
      assert.ok(sg101);
      assert.deepEqual(sg101.level, 'error');
      assert.equal(
        sg101.message.text,
        "SSH (22) is open to the world (0.0.0.0/0 from Parameter AdminCidr's default)",
      );
      assert.deepEqual(sg101.locations, [
        {
          physicalLocation: {
            artifactLocation: { uri: 'stacks/bastion.yaml', uriBaseId: 'ROOT' },
            region: { startLine: 17, startColumn: 19, endLine: 17, endColumn: 33 },
          },
          logicalLocations: [{ fullyQualifiedName: 'BastionSG', name: 'BastionSG', kind: 'resource' }],
        },
      ]);
      assert.deepEqual(sg101.properties, { group: 'BastionSG' });
      assert.deepEqual(sg101.relatedLocations, [
        {
          id: 0,
          physicalLocation: {
            artifactLocation: { uri: 'stacks/bastion.yaml', uriBaseId: 'ROOT' },
            region: { startLine: 6, startColumn: 14, endLine: 6, endColumn: 23 },
          },
          message: { text: "0.0.0.0/0 is set here (Parameter AdminCidr's default)" },
        },
      ]);
      assert.equal(sg101.suppressions, undefined);
      const windows = results.find((r) => locationUri(r) === 'stacks/nested/windows.json');
      assert.deepEqual(windows?.locations[0]?.physicalLocation.region, {
        startLine: 10,
        startColumn: 80,
        endLine: 10,
        endColumn: 86,
      });
    });

    it('keeps suppressed findings with their justification', () => {
      const results = sarifOf().runs[0].results;
      const suppressed = results.filter((r) => r.suppressions);
      assert.equal(suppressed.length, 1);
      assert.deepEqual(suppressed[0]?.suppressions, [
        {
          kind: 'inSource',
          status: 'accepted',
          justification: 'reviewed in SEC-42',
          location: {
            physicalLocation: {
              artifactLocation: { uri: 'stacks/suppressed.yaml', uriBaseId: 'ROOT' },
              region: { startLine: 10, startColumn: 9, endLine: 10, endColumn: 50 },
            },
          },
          properties: { tool: 'sg-lint' },
        },
      ]);
    });

    it('offers fixes in SARIF form, the first trusted CIDR first', () => {
      write('corp.yaml', 'trustedCidrs:\n  - cidr: 10.0.0.0/8\n    label: corp\n  - 192.168.0.0/16\n');
      const results = sarifOf('--config', 'corp.yaml').runs[0].results;
      const sg103 = results.find((r) => r.ruleId === 'SG103');
      assert.deepEqual(sg103?.fixes, [
        {
          description: { text: 'Restrict to 10.0.0.0/8 (corp)' },
          artifactChanges: [
            {
              artifactLocation: { uri: 'stacks/bastion.yaml', uriBaseId: 'ROOT' },
              replacements: [
                {
                  deletedRegion: { startLine: 22, startColumn: 19, endLine: 22, endColumn: 28 },
                  insertedContent: { text: '10.0.0.0/8' },
                },
              ],
            },
          ],
        },
        {
          description: { text: 'Restrict to 192.168.0.0/16' },
          artifactChanges: [
            {
              artifactLocation: { uri: 'stacks/bastion.yaml', uriBaseId: 'ROOT' },
              replacements: [
                {
                  deletedRegion: { startLine: 22, startColumn: 19, endLine: 22, endColumn: 28 },
                  insertedContent: { text: '192.168.0.0/16' },
                },
              ],
            },
          ],
        },
      ]);
    });

    it('percent-encodes paths, with / separators', () => {
      write('my stacks/a#b.yaml', fixture('bastion.yaml'));
      const results = sarifOf().runs[0].results;
      const uris = new Set(results.map(locationUri));
      assert.ok(uris.has('my%20stacks/a%23b.yaml'), [...uris].join(', '));
    });
  });
});
