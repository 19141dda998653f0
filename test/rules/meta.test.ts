/**
 * The rule set as a whole: every registered rule has its folder, a documentation page with the agreed
 * sections, examples that do what the page says (the bad ones trigger the rule, the good ones do not)
 * for every format it supports, and a unit-test file; and every rule folder belongs to a registered rule.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG } from '../../rules/config';
import { RULES, ruleFolder } from '../../rules/index';
import type { Finding, PeerIds, RuleModule } from '../../rules/types';
import { runCli } from '../../server/src/cli/main';
import { readModuleFolder } from '../../server/src/cli/terraform';
import { lintDocument, lintTerraformModule } from '../../server/src/engine/lint';

/** Compiled to out/test/rules: the repository root is three levels up. */
const ROOT = path.resolve(__dirname, '../../..');
const RULES_DIR = path.join(ROOT, 'rules');

/** The level-2 sections of every rule page, in this order. */
const README_SECTIONS = [
  'Why it matters',
  'What it reports',
  'Examples',
  'How to fix',
  'Configuration',
  'Suppressing',
];
const BAD_CFN_EXAMPLES = ['bad.yaml', 'bad.json'];
const GOOD_CFN_EXAMPLES = ['good.yaml', 'good.json'];
const BAD_TF_EXAMPLE = 'bad.tf';
const GOOD_TF_EXAMPLE = 'good.tf';
const TF_EXAMPLES = [BAD_TF_EXAMPLE, GOOD_TF_EXAMPLE];
const SEVERITIES: readonly string[] = ['error', 'warning', 'note'];
const FORMATS: readonly string[] = ['cloudformation', 'terraform'];
const PEER_TOOLS: readonly (keyof PeerIds)[] = ['checkov', 'trivy', 'cfn_nag', 'cfn_lint', 'kics', 'cdk_nag'];
/** A folder name that claims to hold a rule, such as `SG101-world-open-sensitive-port`. */
const RULE_FOLDER = /^SG\d{3}-/;

function folderOf(rule: RuleModule): string {
  return path.join(RULES_DIR, ruleFolder(rule.meta.id));
}

function exampleOf(rule: RuleModule, file: string): string {
  return path.join(folderOf(rule), 'examples', file);
}

/** All findings of an example file, linted as the CLI and the editor would with the default configuration. */
function lintExample(file: string): Finding[] {
  assert.ok(fs.existsSync(file), `missing example ${path.relative(ROOT, file)}`);
  const result = lintDocument(
    { uri: pathToFileURL(file).href, text: fs.readFileSync(file, 'utf8') },
    DEFAULT_CONFIG,
  );
  assert.equal(
    result.kind,
    'template',
    `${path.relative(ROOT, file)} is not linted as a CloudFormation template`,
  );
  return result.kind === 'template' ? result.findings : [];
}

/** All findings of a Terraform example, linted as a module of that one file with the default configuration. */
function lintTfExample(file: string): Finding[] {
  assert.ok(fs.existsSync(file), `missing example ${path.relative(ROOT, file)}`);
  const result = lintTerraformModule(
    {
      dirUri: pathToFileURL(path.dirname(file)).href,
      files: [{ uri: pathToFileURL(file).href, text: fs.readFileSync(file, 'utf8') }],
    },
    DEFAULT_CONFIG,
  );
  assert.equal(result.kind, 'module', 'the Terraform parser is not loaded (test/setup.ts)');
  return result.kind === 'module' ? result.findings : [];
}

/**
 * The findings of every .tf file of an examples folder linted together, as the CLI reads a folder: the
 * pages show the CLI's output, which must not depend on the other example sharing the folder.
 */
function lintTfExamplesFolder(rule: RuleModule): Finding[] {
  const sources = readModuleFolder(path.join(folderOf(rule), 'examples'));
  assert.ok(sources, `cannot read rules/${ruleFolder(rule.meta.id)}/examples`);
  const result = lintTerraformModule(
    { dirUri: pathToFileURL(path.join(folderOf(rule), 'examples')).href, ...sources },
    DEFAULT_CONFIG,
  );
  assert.equal(result.kind, 'module', 'the Terraform parser is not loaded (test/setup.ts)');
  return result.kind === 'module' ? result.findings : [];
}

/** The CLI's text report of one example, run from the rule's folder as the pages show it. */
function cliReport(rule: RuleModule, file: string): string {
  let out = '';
  runCli([`examples/${file}`, '--no-color'], {
    stdout: (s) => (out += s),
    stderr: (s) => (out += s),
    cwd: folderOf(rule),
    color: false,
  });
  return out;
}

/** Asserts that the page shows the CLI's report of a bad example exactly as the CLI prints it now. */
function assertShowsReport(rule: RuleModule, file: string): void {
  const shown = `$ sg-lint examples/${file}\n${cliReport(rule, file)}`;
  assert.ok(
    readme(rule).includes(shown),
    `README.md does not show the current CLI report of examples/${file}:\n${shown}`,
  );
}

/** What a finding says and where, for comparing two lints of the same text. */
function findingKey(f: Finding): string {
  return `${f.ruleId} ${f.range.start}-${f.range.end} ${f.message}${f.suppressions?.length ? ' (suppressed)' : ''}`;
}

function active(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressions?.length);
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.ruleId}: ${f.message}`).join('\n') || '(none)';
}

/** The `## ` headings of a markdown page, outside fenced code blocks. */
function sectionHeadings(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && line.startsWith('## ')) out.push(line.slice(3).trim());
  }
  return out;
}

function readme(rule: RuleModule): string {
  const file = path.join(folderOf(rule), 'README.md');
  assert.ok(fs.existsSync(file), `missing ${path.relative(ROOT, file)}`);
  return fs.readFileSync(file, 'utf8');
}

describe('rule set', () => {
  it('has unique ids of the form SGnnn, listed in id order', () => {
    const ids = RULES.map((r) => r.meta.id);
    for (const id of ids) assert.match(id, /^SG\d{3}$/);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${ids.join(', ')}`);
    assert.deepEqual(ids, [...ids].sort());
  });

  it('has unique kebab-case names', () => {
    const names = RULES.map((r) => r.meta.name);
    for (const name of names) assert.match(name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    assert.equal(new Set(names).size, names.length, `duplicate names in ${names.join(', ')}`);
  });

  it('has a registered rule for every rule folder in rules/', () => {
    const registered = new Set(RULES.map((r) => ruleFolder(r.meta.id)));
    const folders = fs
      .readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && RULE_FOLDER.test(e.name))
      .map((e) => e.name);
    const orphans = folders.filter((f) => !registered.has(f));
    assert.deepEqual(
      orphans,
      [],
      `rule folders without a registered rule (rules/index.ts): ${orphans.join(', ')}`,
    );
    assert.ok(folders.length >= RULES.length, 'fewer rule folders than registered rules');
  });
});

for (const rule of RULES) {
  const { id, name, description, rationale, defaultSeverity, formats, peerIds } = rule.meta;

  describe(`${id} ${name}`, () => {
    it(`lives in rules/${ruleFolder(id)} with its rule.ts`, () => {
      assert.ok(
        fs.statSync(folderOf(rule), { throwIfNoEntry: false })?.isDirectory(),
        `missing folder rules/${ruleFolder(id)}`,
      );
      assert.ok(
        fs.existsSync(path.join(folderOf(rule), 'rule.ts')),
        `missing rules/${ruleFolder(id)}/rule.ts`,
      );
    });

    it('has complete metadata', () => {
      assert.ok(description.trim().length > 0, 'empty description');
      assert.ok(rationale.trim().length > 0, 'empty rationale');
      assert.ok(SEVERITIES.includes(defaultSeverity), `invalid default severity ${defaultSeverity}`);
      assert.ok(formats.length > 0, 'no formats');
      for (const f of formats) assert.ok(FORMATS.includes(f), `unknown format ${f}`);
      assert.equal(new Set(formats).size, formats.length, 'a format is listed twice');
      for (const [tool, ids] of Object.entries(peerIds) as [keyof PeerIds, readonly string[]][]) {
        assert.ok(PEER_TOOLS.includes(tool), `unknown peer tool ${tool}`);
        assert.ok(ids.length > 0, `empty peer id list for ${tool}`);
        for (const peerId of ids)
          assert.match(peerId, /^\S+$/, `peer id ${JSON.stringify(peerId)} of ${tool}`);
        assert.equal(new Set(ids).size, ids.length, `a ${tool} id is listed twice`);
      }
    });

    it(`has a unit-test file test/rules/${id}.test.ts`, () => {
      const file = path.join(ROOT, 'test', 'rules', `${id}.test.ts`);
      assert.ok(fs.existsSync(file), `missing ${path.relative(ROOT, file)}`);
    });

    describe('documentation page', () => {
      it(`starts with "# ${id}: ${name}"`, () => {
        assert.equal(readme(rule).split('\n')[0], `# ${id}: ${name}`);
      });

      it(`has the sections ${README_SECTIONS.join(', ')}, in that order`, () => {
        const headings = sectionHeadings(readme(rule));
        assert.deepEqual(
          headings.filter((h) => README_SECTIONS.includes(h)),
          README_SECTIONS,
          `sections found: ${headings.join(', ')}`,
        );
      });

      it('states the default severity and every peer id', () => {
        const page = readme(rule);
        assert.ok(
          page.includes(`**Default severity:** \`${defaultSeverity}\``),
          `the page does not state the default severity ${defaultSeverity}`,
        );
        for (const [tool, ids] of Object.entries(peerIds) as [string, readonly string[]][]) {
          for (const peerId of ids)
            assert.ok(page.includes(`\`${peerId}\``), `the page does not list the ${tool} id ${peerId}`);
        }
      });
    });

    if (formats.includes('cloudformation')) {
      describe('CloudFormation examples', () => {
        for (const file of BAD_CFN_EXAMPLES) {
          it(`examples/${file} triggers ${id}, and only ${id}`, () => {
            const findings = active(lintExample(exampleOf(rule, file)));
            assert.ok(
              findings.some((f) => f.ruleId === id),
              `no ${id} finding in examples/${file}; findings:\n${describeFindings(findings)}`,
            );
            const others = findings.filter((f) => f.ruleId !== id);
            assert.deepEqual(
              others,
              [],
              `examples teach one rule; other findings:\n${describeFindings(others)}`,
            );
          });
        }

        for (const file of GOOD_CFN_EXAMPLES) {
          it(`examples/${file} triggers no rule`, () => {
            // Suppressed findings count too: a good example must not need a suppression.
            const findings = lintExample(exampleOf(rule, file));
            assert.deepEqual(
              findings.filter((f) => f.ruleId === id),
              [],
              `examples/${file} triggers ${id}:\n${describeFindings(findings)}`,
            );
            assert.deepEqual(
              findings,
              [],
              `examples teach one rule; findings:\n${describeFindings(findings)}`,
            );
          });
        }

        it('shows on its page the message of every finding of its bad examples', () => {
          const page = readme(rule);
          for (const file of BAD_CFN_EXAMPLES) {
            for (const f of active(lintExample(exampleOf(rule, file))).filter((x) => x.ruleId === id)) {
              assert.ok(
                page.includes(f.message),
                `README.md does not show the message of examples/${file}: ${f.message}`,
              );
            }
          }
        });

        for (const file of BAD_CFN_EXAMPLES) {
          it(`shows on its page the CLI's report of examples/${file}`, () => assertShowsReport(rule, file));
        }
      });
    }

    if (formats.includes('terraform')) {
      describe('Terraform examples', () => {
        if (!formats.includes('cloudformation')) {
          it('declare an aws_security_group in bad.tf and good.tf', () => {
            for (const file of TF_EXAMPLES) {
              const full = exampleOf(rule, file);
              assert.ok(fs.existsSync(full), `missing ${path.relative(ROOT, full)}`);
              assert.match(
                fs.readFileSync(full, 'utf8'),
                /resource\s+"aws_security_group"/,
                `${file} declares no aws_security_group`,
              );
            }
          });
        }

        it(`examples/${BAD_TF_EXAMPLE} triggers ${id}, and only ${id}`, () => {
          const findings = active(lintTfExample(exampleOf(rule, BAD_TF_EXAMPLE)));
          assert.ok(
            findings.some((f) => f.ruleId === id),
            `no ${id} finding in examples/${BAD_TF_EXAMPLE}; findings:\n${describeFindings(findings)}`,
          );
          const others = findings.filter((f) => f.ruleId !== id);
          assert.deepEqual(
            others,
            [],
            `examples teach one rule; other findings:\n${describeFindings(others)}`,
          );
        });

        it(`examples/${GOOD_TF_EXAMPLE} triggers no rule`, () => {
          // Suppressed findings count too: a good example must not need a suppression.
          const findings = lintTfExample(exampleOf(rule, GOOD_TF_EXAMPLE));
          assert.deepEqual(
            findings.filter((f) => f.ruleId === id),
            [],
            `examples/${GOOD_TF_EXAMPLE} triggers ${id}:\n${describeFindings(findings)}`,
          );
          assert.deepEqual(findings, [], `examples teach one rule; findings:\n${describeFindings(findings)}`);
        });

        it('lint the same when the CLI reads the examples folder as one module', () => {
          const together = lintTfExamplesFolder(rule);
          const inFile = (file: string): string[] => {
            const uri = pathToFileURL(exampleOf(rule, file)).href;
            return together.filter((f) => f.uri === uri).map(findingKey);
          };
          assert.deepEqual(
            inFile(BAD_TF_EXAMPLE),
            lintTfExample(exampleOf(rule, BAD_TF_EXAMPLE)).map(findingKey),
            `examples/${BAD_TF_EXAMPLE} reads differently next to the other .tf files (shared names?)`,
          );
          assert.deepEqual(
            inFile(GOOD_TF_EXAMPLE),
            [],
            `examples/${GOOD_TF_EXAMPLE} has findings next to the other .tf files (shared names?)`,
          );
        });

        it(`shows on its page the message of every finding of examples/${BAD_TF_EXAMPLE}`, () => {
          const page = readme(rule);
          for (const f of active(lintTfExample(exampleOf(rule, BAD_TF_EXAMPLE)))) {
            assert.ok(
              page.includes(f.message),
              `README.md does not show the message of examples/${BAD_TF_EXAMPLE}: ${f.message}`,
            );
          }
        });

        it(`shows on its page the CLI's report of examples/${BAD_TF_EXAMPLE}`, () =>
          assertShowsReport(rule, BAD_TF_EXAMPLE));
      });
    }
  });
}
