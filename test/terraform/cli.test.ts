import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

/** Compiled to out/test/terraform: the fixtures are in the source tree. */
const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/terraform/repo');

const ADMIN_SSH = 'SSH (22) is open to the world (0.0.0.0/0 from admin_cidrs in z.auto.tfvars)';
const MODULE_SSH = "SSH (22) is open to the world (0.0.0.0/0 from module web's argument admin_cidr)";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(argv: string[], cwd: string): Run {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    color: false,
  });
  return { code, stdout, stderr };
}

interface SarifResult {
  readonly ruleId: string;
  readonly level: string;
  readonly message: { readonly text: string };
  readonly locations: {
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string };
      readonly region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
    readonly logicalLocations: { readonly fullyQualifiedName: string }[];
  }[];
  readonly properties: { readonly group: string };
}

interface JsonReport {
  readonly files: {
    readonly path: string;
    readonly findings: {
      readonly ruleId: string;
      readonly message: string;
      readonly start: { line: number; column: number };
      readonly resource: string;
      readonly group: string;
    }[];
  }[];
}

describe('CLI on Terraform repositories', () => {
  let repo: string;

  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-tf-'));
    fs.cpSync(FIXTURE, repo, { recursive: true });
  });

  afterEach(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  function write(file: string, text: string): void {
    fs.writeFileSync(path.join(repo, file), text);
  }

  it('reports a root module and a local module called with a world CIDR, in their own files (text)', () => {
    const r = run(['--no-color'], repo);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      [
        'live/main.tf',
        `  53:23  error    ${ADMIN_SSH}  SG101 world-open-sensitive-port`,
        '',
        'modules/web/main.tf',
        `  19:20  error    ${MODULE_SSH}  SG101 world-open-sensitive-port`,
        '',
        '✖ 2 findings (2 errors, 0 warnings, 0 notes) in 2 files; 2 Terraform modules checked',
        '',
      ].join('\n'),
    );
    assert.equal(r.code, 1);
  });

  it('writes .tf paths, positions, resources and groups in JSON', () => {
    const r = run(['live', 'modules', '--format', 'json'], repo);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => ({
        path: f.path,
        findings: f.findings.map((x) => [x.ruleId, x.message, x.start, x.resource, x.group]),
      })),
      [
        {
          path: 'live/main.tf',
          findings: [
            [
              'SG101',
              ADMIN_SSH,
              { line: 53, column: 23 },
              'aws_security_group_rule.admin_ssh',
              'aws_security_group.admin',
            ],
          ],
        },
        {
          path: 'modules/web/main.tf',
          findings: [
            [
              'SG101',
              MODULE_SSH,
              { line: 19, column: 20 },
              'aws_security_group.web',
              'aws_security_group.web',
            ],
          ],
        },
      ],
    );
  });

  it('writes SARIF with .tf artifact paths relative to the scanned root, regions and logical locations', () => {
    const r = run(['--format', 'sarif'], repo);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout) as {
      runs: [{ tool: { driver: { name: string } }; results: SarifResult[] }];
    };
    assert.equal(sarif.runs[0].tool.driver.name, 'sg-lint');
    assert.deepEqual(
      sarif.runs[0].results.map((x) => ({
        ruleId: x.ruleId,
        level: x.level,
        message: x.message.text,
        uri: x.locations[0]!.physicalLocation.artifactLocation.uri,
        region: x.locations[0]!.physicalLocation.region,
        resource: x.locations[0]!.logicalLocations[0]!.fullyQualifiedName,
        group: x.properties.group,
      })),
      [
        {
          ruleId: 'SG101',
          level: 'error',
          message: ADMIN_SSH,
          uri: 'live/main.tf',
          region: { startLine: 53, startColumn: 23, endLine: 53, endColumn: 38 },
          resource: 'aws_security_group_rule.admin_ssh',
          group: 'aws_security_group.admin',
        },
        {
          ruleId: 'SG101',
          level: 'error',
          message: MODULE_SSH,
          uri: 'modules/web/main.tf',
          region: { startLine: 19, startColumn: 20, endLine: 19, endColumn: 34 },
          resource: 'aws_security_group.web',
          group: 'aws_security_group.web',
        },
      ],
    );
  });

  it('places related locations and fixes in the other files they are in (a tfvars entry, a caller argument)', () => {
    fs.writeFileSync(path.join(repo, '.sg-lint.yaml'), 'trustedCidrs: [{ cidr: 10.0.0.0/8, label: corp }]\n');
    const sarif = JSON.parse(run(['--format', 'sarif'], repo).stdout) as {
      runs: [{ results: (SarifResult & { relatedLocations?: unknown[]; fixes?: unknown[] })[] }];
    };
    const admin = sarif.runs[0].results.find((x) => x.message.text === ADMIN_SSH)!;
    assert.deepEqual(admin.relatedLocations, [
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: 'live/z.auto.tfvars', uriBaseId: 'ROOT' },
          region: { startLine: 2, startColumn: 16, endLine: 2, endColumn: 27 },
        },
        message: { text: '0.0.0.0/0 is set here (admin_cidrs in z.auto.tfvars)' },
      },
    ]);
    assert.deepEqual(admin.fixes, [
      {
        description: { text: 'Restrict to 10.0.0.0/8 (corp) in admin_cidrs in z.auto.tfvars' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'live/z.auto.tfvars', uriBaseId: 'ROOT' },
            replacements: [
              {
                deletedRegion: { startLine: 2, startColumn: 16, endLine: 2, endColumn: 27 },
                insertedContent: { text: '"10.0.0.0/8"' },
              },
            ],
          },
        ],
      },
    ]);
    const json = JSON.parse(run(['--format', 'json'], repo).stdout) as {
      files: { path: string; findings: { message: string; related?: unknown[] }[] }[];
    };
    const moduleFinding = json.files
      .find((f) => f.path === 'modules/web/main.tf')!
      .findings.find((f) => f.message === MODULE_SSH)!;
    assert.deepEqual(moduleFinding.related, [
      {
        message: "0.0.0.0/0 is set here (module web's argument admin_cidr)",
        path: 'live/main.tf',
        start: { line: 60, column: 16 },
        end: { line: 60, column: 27 },
      },
    ]);
  });

  it('applies tfvars by precedence: terraform.tfvars, then *.auto.tfvars in name order', () => {
    const messages = (): string[] => {
      const report = JSON.parse(run(['live', '--format', 'json'], repo).stdout) as JsonReport;
      return report.files.flatMap((f) =>
        f.findings.filter((x) => x.ruleId === 'SG101').map((x) => x.message),
      );
    };
    // z.auto.tfvars is read last and wins.
    assert.deepEqual(messages(), [ADMIN_SSH]);
    // Without it a.auto.tfvars (198.51.100.0/24) wins over terraform.tfvars.
    fs.rmSync(path.join(repo, 'live/z.auto.tfvars'));
    assert.deepEqual(messages(), []);
    write('live/terraform.tfvars', 'admin_cidrs = ["0.0.0.0/0"]\n');
    assert.deepEqual(messages(), []);
    fs.rmSync(path.join(repo, 'live/a.auto.tfvars'));
    assert.deepEqual(messages(), [
      'SSH (22) is open to the world (0.0.0.0/0 from admin_cidrs in terraform.tfvars)',
    ]);
  });

  it('reports only the requested file when a single .tf file is given, its module read whole', () => {
    const root = run(['live/main.tf', '--no-color'], repo);
    assert.deepEqual(
      { code: root.code, out: root.stdout.split('\n') },
      {
        code: 1,
        out: [
          'main.tf',
          `  53:23  error    ${ADMIN_SSH}  SG101 world-open-sensitive-port`,
          '',
          '✖ 1 finding (1 error, 0 warnings, 0 notes) in 1 file; 1 Terraform module checked',
          '',
        ],
      },
    );
    // The module alone: its own default (10.0.0.0/8) applies, the caller's argument is not read.
    const module = run(['modules/web/main.tf', '--no-color'], repo);
    assert.deepEqual(
      { code: module.code, out: module.stdout },
      { code: 0, out: '✔ No findings (1 Terraform module checked)\n' },
    );
  });

  it('exits 0 with nothing at or above --fail-on, 1 with findings, 2 on a usage error', () => {
    assert.equal(run(['--fail-on', 'none'], repo).code, 0);
    fs.rmSync(path.join(repo, 'live/z.auto.tfvars'));
    write(
      'live/main.tf',
      fs
        .readFileSync(path.join(repo, 'live/main.tf'), 'utf8')
        .replace('admin_cidr = "0.0.0.0/0"', 'admin_cidr = "10.1.0.0/16"'),
    );
    assert.equal(run([], repo).code, 0);
    // A rule without a description is a note: it fails only --fail-on note.
    write(
      'modules/web/main.tf',
      fs
        .readFileSync(path.join(repo, 'modules/web/main.tf'), 'utf8')
        .replace('    description = "SSH for operators"\n', ''),
    );
    const notes = run(['--format', 'json'], repo);
    const report = JSON.parse(notes.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => [f.path, f.findings.map((x) => `${x.ruleId} ${x.message}`)]),
      // The module is linted on its own (its default) and through its caller (the argument): one note each.
      [
        [
          'modules/web/main.tf',
          [
            'SG108 Rule tcp 22 from 10.1.0.0/16 has no description',
            'SG108 Rule tcp 22 from 10.0.0.0/8 has no description',
          ],
        ],
      ],
    );
    assert.equal(notes.code, 0);
    assert.equal(run(['--fail-on', 'note'], repo).code, 1);
    const usage = run(['--format', 'xml'], repo);
    assert.deepEqual(
      [usage.code, usage.stderr],
      [2, 'sg-lint: --format must be text, json or sarif (got "xml")\n'],
    );
  });

  it('skips a binary .tf file with the reason and still lints its module', () => {
    write('live/broken.tf', 'resource "aws_security_group" "x" {\u0000}\n');
    const r = run(['--no-color'], repo);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\nskipped live\/broken\.tf: binary file\n/);
    assert.match(r.stdout, /live\/main\.tf\n {2}53:23 {2}error/);
    const sarif = JSON.parse(run(['--format', 'sarif'], repo).stdout) as {
      runs: [{ invocations: [{ toolExecutionNotifications: { message: { text: string } }[] }] }];
    };
    assert.deepEqual(
      sarif.runs[0].invocations[0].toolExecutionNotifications.map((n) => n.message.text),
      ['live/broken.tf was not linted: binary file'],
    );
  });

  it('reports a syntax error as SG000 at the unclosed bracket, and the rest of the module still', () => {
    write(
      'live/extra.tf',
      'resource "aws_security_group" "half" {\n  ingress {\n    cidr_blocks = [\n\nresource "aws_security_group" "after" {\n  name = "after"\n}\n',
    );
    const report = JSON.parse(run(['live', '--format', 'json'], repo).stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => [f.path, f.findings.map((x) => [x.ruleId, x.message, x.start])]),
      [
        [
          'extra.tf',
          [
            ['SG000', 'this list is never closed: missing ]', { line: 3, column: 19 }],
            [
              'SG108',
              'Security group aws_security_group.after has no description, so Terraform sets "Managed by Terraform"',
              { line: 5, column: 1 },
            ],
            [
              'SG110',
              "Security group aws_security_group.after has no VPC, so AWS creates it in the region's default VPC",
              { line: 5, column: 1 },
            ],
          ],
        ],
        ['main.tf', [['SG101', ADMIN_SSH, { line: 53, column: 23 }]]],
      ],
    );
  });
});
