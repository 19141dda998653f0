/**
 * `sg-lint changes`: the table and the JSON exactly, exit codes (`--fail-on` on new findings only; 2 for
 * git problems), `--output` and the options' checks.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { MAIN_TF, MAIN_TF_SSH_OPEN, RULES_TF, TEMPLATE, TEMPLATE_SSH_OPEN, VARIABLES_TF } from './fixtures';
import { GitFixture, tempDir } from './gitFixture';

function run(cwd: string, argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(['changes', ...argv], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    color: false,
  });
  return { code, stdout, stderr };
}

describe('cli: sg-lint changes', () => {
  let repo: GitFixture;
  let commit: string;

  beforeEach(() => {
    repo = GitFixture.init();
    repo
      .write('web.yaml', TEMPLATE)
      .write('infra/main.tf', MAIN_TF)
      .write('infra/rules.tf', RULES_TF)
      .write('infra/variables.tf', VARIABLES_TF);
    commit = repo.commit('templates and a module').slice(0, 12);
  });

  afterEach(() => repo.dispose());

  it('prints a table: one section per file with + and - rules and the new findings; exit 1 on a new error', () => {
    repo.write('web.yaml', TEMPLATE_SSH_OPEN).write('infra/main.tf', MAIN_TF_SSH_OPEN);
    const { code, stdout, stderr } = run(repo.dir, []);
    assert.equal(stderr, '');
    assert.equal(
      stdout,
      [
        `Security-group changes since HEAD (${commit})`,
        '',
        'infra/',
        '  + ingress tcp 22 from 0.0.0.0/0 to aws_security_group.web  (main.tf:14)',
        '  New findings:',
        '    main.tf:19:20  error    SSH (22) is open to the world (0.0.0.0/0)  SG101 world-open-sensitive-port',
        '',
        'web.yaml',
        '  + ingress tcp 22 from 0.0.0.0/0 to BastionSG  (line 13)',
        '  - ingress tcp 22 from 10.0.0.0/8 to BastionSG',
        '  - ingress tcp 443 from group BastionSG to AppSG',
        '  New findings:',
        '    7:3    note     Security group BastionSG is not attached to anything: no resource or output in this file references it  SG109 unused-group',
        '    16:19  error    SSH (22) is open to the world (0.0.0.0/0)  SG101 world-open-sensitive-port',
        '',
        '2 rules added, 2 removed, 3 new findings (2 errors, 1 note) in 2 files compared.',
        '',
      ].join('\n'),
    );
    assert.equal(code, 1);
  });

  it('prints JSON: the files with their added and removed rules, locations and new findings', () => {
    repo.write('infra/main.tf', MAIN_TF_SSH_OPEN);
    const { code, stdout } = run(path.join(repo.dir, 'infra'), ['.', '--format', 'json']);
    const main = repo.uri('infra/main.tf');
    const expected = {
      base: 'HEAD',
      commit,
      files: [
        {
          path: '.',
          uri: repo.uri('infra'),
          format: 'terraform',
          status: 'modified',
          added: [
            {
              group: 'aws_security_group.web',
              direction: 'ingress',
              protocol: 'tcp',
              ports: '22',
              peer: '0.0.0.0/0',
              description: 'ssh from anywhere',
              resource: 'aws_security_group.web',
              location: {
                uri: main,
                range: { start: { line: 13, character: 2 }, end: { line: 13, character: 11 } },
              },
            },
          ],
          removed: [],
          newFindings: [
            {
              ruleId: 'SG101',
              severity: 'error',
              message: 'SSH (22) is open to the world (0.0.0.0/0)',
              resource: 'aws_security_group.web',
              group: 'aws_security_group.web',
              location: {
                uri: main,
                range: { start: { line: 18, character: 19 }, end: { line: 18, character: 30 } },
              },
            },
          ],
        },
      ],
    };
    assert.equal(stdout, `${JSON.stringify(expected, null, 2)}\n`);
    assert.equal(code, 1);
  });

  it('applies --fail-on to new findings only: old findings never fail, none never fails', () => {
    // The committed files already have findings (unused groups…): none of them is new.
    assert.equal(run(repo.dir, []).code, 0);
    assert.match(
      run(repo.dir, []).stdout,
      /No security-group rule changes and no new findings \(2 files compared\)\./,
    );
    repo.write('web.yaml', TEMPLATE_SSH_OPEN);
    assert.equal(run(repo.dir, ['web.yaml']).code, 1);
    assert.equal(run(repo.dir, ['web.yaml', '--fail-on', 'none']).code, 0);
    // Only removed rules and a note: below the default threshold.
    repo.write('web.yaml', TEMPLATE.replace(/ {2}HttpsFromBastion:[\s\S]*$/, ''));
    assert.equal(run(repo.dir, ['web.yaml']).code, 0);
    assert.equal(run(repo.dir, ['web.yaml', '--fail-on', 'note']).code, 1);
  });

  it('compares with --base and writes to --output', () => {
    repo.write('web.yaml', TEMPLATE_SSH_OPEN).commit('open ssh');
    assert.match(run(repo.dir, ['web.yaml']).stdout, /No security-group rule changes/);
    const out = path.join(repo.dir, 'changes.txt');
    const r = run(repo.dir, ['web.yaml', '--base', 'HEAD~1', '-o', out]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(
      fs.readFileSync(out, 'utf8'),
      /^Security-group changes since HEAD~1 \([0-9a-f]{12}\)\n\nweb\.yaml\n {2}\+ ingress tcp 22/,
    );
  });

  it('exits 2 with a clear message outside a repository and for an unknown ref', () => {
    const dir = tempDir('sg-lint-no-git-');
    try {
      fs.writeFileSync(path.join(dir, 'web.yaml'), TEMPLATE);
      assert.deepEqual(run(dir, ['web.yaml']), {
        code: 2,
        stdout: '',
        stderr: 'sg-lint changes: web.yaml is not in a git repository\n',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(run(repo.dir, ['--base', 'nope']), {
      code: 2,
      stdout: '',
      stderr: `sg-lint changes: unknown git ref "nope" in the repository at ${repo.dir}\n`,
    });
  });

  it('exits 2 for a file that cannot be compared, after printing the rest', () => {
    repo.write('notes.yaml', 'just: yaml\n');
    const r = run(repo.dir, ['notes.yaml', 'web.yaml']);
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /notes\.yaml \(new since HEAD\)\n {2}error: not a CloudFormation template in either version\n/,
    );
    assert.equal(r.stderr, 'sg-lint changes: notes.yaml: not a CloudFormation template in either version\n');
  });

  it('checks its options', () => {
    assert.equal(
      run(repo.dir, ['--format', 'sarif']).stderr,
      'sg-lint changes: --format must be table or json (got "sarif")\n',
    );
    assert.equal(run(repo.dir, ['--fail-on', 'all']).code, 2);
    assert.equal(run(repo.dir, ['--bogus']).code, 2);
    const help = run(repo.dir, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /sg-lint changes \[paths…\] \[--base REF\] \[--format table\|json\]/);
  });
});
