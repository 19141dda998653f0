/**
 * The extension manifest agrees with the code: every engine setting is contributed with a description and
 * the engine's default, the editor settings use the protocol's defaults, commands carry the "SG Lint"
 * category, the Terraform language and grammar are contributed (the grammar's key patterns behave as
 * intended), and the suppression-comment grammar matches what the engine parses.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_KEYS, DEFAULT_CONFIG } from '../../rules/config';
import { RULES } from '../../rules/index';
import {
  ChangesCommands,
  Commands,
  DEFAULT_DEBOUNCE_MS,
  SETTINGS_SECTION,
  TERRAFORM_LANGUAGE_IDS,
} from '../../server/src/protocol';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: {
      title: string;
      properties: Record<
        string,
        {
          default: unknown;
          markdownDescription?: string;
          scope?: string;
          properties?: Record<string, { enum: string[]; markdownDescription: string }>;
        }
      >;
    };
    languages: { id: string; aliases: string[]; extensions: string[]; configuration: string }[];
    grammars: { scopeName: string; path: string; language?: string; injectTo?: string[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

describe('extension manifest', () => {
  const properties = manifest.contributes.configuration.properties;

  it('contributes every engine setting with a markdown description and the engine default', () => {
    for (const key of CONFIG_KEYS) {
      const p = properties[`${SETTINGS_SECTION}.${key}`];
      assert.ok(p, `sgLint.${key} is contributed`);
      assert.ok((p.markdownDescription ?? '').length > 20, `sgLint.${key} has a markdown description`);
      // JSON round trip: the manifest holds plain data (the port list's objects, null…).
      assert.deepEqual(
        p.default,
        JSON.parse(JSON.stringify(DEFAULT_CONFIG[key])),
        `default of sgLint.${key}`,
      );
      assert.equal(p.scope, 'resource', `sgLint.${key} can differ per folder`);
    }
  });

  it('offers every rule in sgLint.rules with its severities and what it checks (completion in settings.json)', () => {
    const rules = properties['sgLint.rules']!.properties!;
    assert.deepEqual(
      Object.keys(rules),
      RULES.map((r) => r.meta.id),
    );
    for (const { meta } of RULES)
      assert.deepEqual(rules[meta.id], {
        type: 'string',
        enum: ['off', 'note', 'warning', 'error'],
        markdownDescription: `\`${meta.name}\` (default \`${meta.defaultSeverity}\`): ${meta.description}`,
      });
  });

  it('contributes the editor settings, and nothing the server does not read', () => {
    assert.equal(properties['sgLint.enable']?.default, true);
    assert.equal(properties['sgLint.debounceMs']?.default, DEFAULT_DEBOUNCE_MS);
    assert.equal(properties['sgLint.trace.server']?.default, 'off');
    const known = new Set([
      ...CONFIG_KEYS.map((k) => `sgLint.${k}`),
      'sgLint.enable',
      'sgLint.debounceMs',
      'sgLint.trace.server',
    ]);
    assert.deepEqual(
      Object.keys(properties).filter((k) => !known.has(k)),
      [],
    );
    for (const [key, p] of Object.entries(properties))
      assert.ok(p.markdownDescription, `${key} has a markdown description`);
  });

  it('puts every command in the "SG Lint" category, and contributes the palette commands the client registers', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'SG Lint', c.command);
      assert.ok(c.title.length > 3, `${c.command} has a title`);
    }
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const command of [
      Commands.showOutput,
      Commands.showDocumentation,
      Commands.scanWorkspace,
      Commands.exportSarif,
      ChangesCommands.showChanges,
    ])
      assert.ok(contributed.has(command), command);
    // Commands that code actions run carry arguments: they stay out of the palette.
    for (const internal of [Commands.selectRange, Commands.openLocation, Commands.applyFix])
      assert.ok(!contributed.has(internal), internal);
  });

  it('activates on YAML, JSON and Terraform, and in workspaces holding .tf files', () => {
    for (const e of [
      'onLanguage:yaml',
      'onLanguage:json',
      'onLanguage:jsonc',
      ...TERRAFORM_LANGUAGE_IDS.map((id) => `onLanguage:${id}`),
      'workspaceContains:**/*.tf',
    ])
      assert.ok(manifest.activationEvents.includes(e), e);
  });

  it('contributes the terraform language for .tf and .tfvars, with its configuration and grammar', () => {
    assert.deepEqual(manifest.contributes.languages, [
      {
        id: 'terraform',
        aliases: ['Terraform', 'terraform'],
        extensions: ['.tf', '.tfvars'],
        configuration: './syntaxes/terraform.language-configuration.json',
      },
    ]);
    const configuration = JSON.parse(
      fs.readFileSync(path.join(REPO, 'syntaxes', 'terraform.language-configuration.json'), 'utf8'),
    ) as {
      comments: unknown;
      brackets: unknown;
      autoClosingPairs: { open: string; close: string }[];
    };
    assert.deepEqual(configuration.comments, { lineComment: '#', blockComment: ['/*', '*/'] });
    assert.deepEqual(configuration.brackets, [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]);
    assert.deepEqual(
      configuration.autoClosingPairs.map((p) => p.open + p.close),
      ['{}', '[]', '()', '""', '${}', '%{}', '/* */'],
    );
    const grammar = manifest.contributes.grammars.find((g) => g.language === 'terraform');
    assert.deepEqual(grammar, {
      language: 'terraform',
      scopeName: 'source.hcl.terraform',
      path: './syntaxes/terraform.tmLanguage.json',
    });
  });
});

interface GrammarRule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: GrammarRule[];
  captures?: Record<string, GrammarRule>;
  beginCaptures?: Record<string, GrammarRule>;
  endCaptures?: Record<string, GrammarRule>;
}

describe('Terraform grammar', () => {
  const grammar = JSON.parse(
    fs.readFileSync(path.join(REPO, 'syntaxes', 'terraform.tmLanguage.json'), 'utf8'),
  ) as { scopeName: string; patterns: GrammarRule[]; repository: Record<string, GrammarRule> };
  const rule = (name: string): GrammarRule => {
    const r = grammar.repository[name];
    assert.ok(r, `repository rule ${name}`);
    return r;
  };
  /** A rule's pattern as a JavaScript RegExp (the grammar keeps to syntax both engines read alike). */
  const regex = (source: string | undefined): RegExp => new RegExp(source ?? 'missing', 'd');

  it('resolves every include, and every pattern compiles', () => {
    const seen: string[] = [];
    const visit = (r: GrammarRule, where: string): void => {
      if (r.include) {
        assert.ok(r.include === '$self' || grammar.repository[r.include.slice(1)], `${where}: ${r.include}`);
        seen.push(r.include);
      }
      for (const key of ['match', 'begin'] as const) if (r[key]) regex(r[key]);
      // The heredoc's end refers to the delimiter its begin captured: \\2 becomes the delimiter itself.
      if (r.end) regex(r.end.replace('\\2', 'EOF'));
      r.patterns?.forEach((p, i) => visit(p, `${where}.patterns[${i}]`));
      for (const caps of [r.captures, r.beginCaptures, r.endCaptures])
        for (const [k, c] of Object.entries(caps ?? {})) visit(c, `${where}.captures[${k}]`);
    };
    grammar.patterns.forEach((p, i) => visit(p, `patterns[${i}]`));
    for (const [name, r] of Object.entries(grammar.repository)) visit(r, name);
    assert.equal(grammar.scopeName, 'source.hcl.terraform');
    assert.ok(seen.includes('#comments') && seen.includes('#template'));
  });

  it('reads block types and labels, quoted or bare', () => {
    const block = regex(rule('block').begin);
    const m = block.exec('resource "aws_security_group" "web" {');
    assert.deepEqual([m?.[1], m?.[2], m?.[3]], ['resource', ' "aws_security_group" "web"', '{']);
    assert.deepEqual(block.exec('  dynamic "ingress" {')?.slice(1), ['dynamic', ' "ingress"', '{']);
    assert.deepEqual(block.exec('  ingress {')?.slice(1), ['ingress', '', '{']);
    assert.deepEqual(block.exec('locals {')?.slice(1), ['locals', '', '{']);
    // An attribute holding an object is not a block.
    assert.equal(block.exec('  tags = {'), null);
    const labels = rule('block-label').patterns!;
    assert.deepEqual(regex(labels[0]!.match).exec('"aws_vpc"')?.slice(1), ['"', 'aws_vpc', '"']);
  });

  it('tells attribute names from comparisons and arrows', () => {
    const attribute = regex(rule('attribute').match);
    assert.deepEqual(attribute.exec('  cidr_blocks = ["0.0.0.0/0"]')?.slice(1), ['cidr_blocks', '=']);
    assert.deepEqual(attribute.exec('{ Name = "x" }')?.slice(1), ['Name', '=']);
    assert.equal(attribute.exec('var.a == var.b'), null);
    assert.equal(attribute.exec('k => v'), null);
  });

  it('scopes var., local., each. and the other reference roots, and functions with provider namespaces', () => {
    const reference = regex(rule('reference').match);
    for (const [text, root, name] of [
      ['var.admin_cidrs', 'var', 'admin_cidrs'],
      ['local.ports', 'local', 'ports'],
      ['each.value', 'each', 'value'],
      ['count.index', 'count', 'index'],
      ['data.aws_vpc', 'data', 'aws_vpc'],
    ] as const)
      assert.deepEqual(reference.exec(text)?.slice(1), [root, '.', name], text);
    assert.equal(reference.exec('variable.x'), null);
    assert.equal(rule('reference').captures?.['1']?.name, 'variable.language.terraform');
    const call = regex(rule('function-call').begin);
    assert.deepEqual(call.exec('cidrsubnet(var.base, 8, 1)')?.slice(1), ['cidrsubnet', '(']);
    assert.deepEqual(call.exec('provider::aws::arn_parse(x)')?.slice(1), ['provider::aws::arn_parse', '(']);
  });

  it('reads strings with escapes, ${} interpolation, %{} directives and literal $${', () => {
    assert.equal(rule('string').name, 'string.quoted.double.terraform');
    const escape = regex(rule('string-escape').match);
    for (const e of ['\\n', '\\"', '\\\\', '\\u00e9', '\\U0001F600']) assert.equal(escape.exec(e)?.[0], e, e);
    assert.equal(escape.exec('\\q'), null);
    const template = rule('template').patterns!;
    assert.equal(regex(template[0]!.match).exec('$${not}')?.[0], '$${');
    assert.deepEqual(regex(rule('interpolation').begin).exec('${~ var.x')?.slice(1), ['${', '~']);
    assert.deepEqual(regex(rule('interpolation').end).exec(' ~}')?.slice(1), ['~', '}']);
    assert.equal(regex(rule('directive').begin).exec('%{ if var.x }')?.[1], '%{');
  });

  it('reads heredocs up to their own delimiter, indented or not', () => {
    const heredoc = rule('heredoc');
    assert.deepEqual(regex(heredoc.begin).exec('policy = <<-POLICY')?.slice(1), ['<<-', 'POLICY']);
    assert.deepEqual(regex(heredoc.begin).exec('x = <<EOT')?.slice(1), ['<<', 'EOT']);
    const end = regex(heredoc.end!.replace('\\2', 'POLICY'));
    assert.ok(end.test('    POLICY'));
    assert.equal(end.test('  POLICY_DOC = 1'), false);
    assert.deepEqual(heredoc.patterns, [{ include: '#template' }]);
  });

  it('reads numbers, true/false/null, comments and operators', () => {
    const number = regex(rule('numbers').match);
    for (const n of ['22', '1.5', '1e3', '2.5E-2']) assert.equal(number.exec(n)?.[0], n);
    const constant = regex(rule('constants').match);
    assert.deepEqual(
      ['true', 'false', 'null', 'nullable'].map((c) => constant.exec(c)?.[0]),
      ['true', 'false', 'null', undefined],
    );
    assert.deepEqual(
      rule('comments').patterns!.map((c) => [c.begin, c.name]),
      [
        ['#', 'comment.line.number-sign.terraform'],
        ['//', 'comment.line.double-slash.terraform'],
        ['/\\*', 'comment.block.terraform'],
      ],
    );
    const operators = rule('operators').patterns!;
    const scopeOf = (op: string): string | undefined =>
      operators.find((o) => regex(`^(?:${o.match})$`).test(op))?.name;
    assert.deepEqual(['==', '&&', '!', '%', '?', '=>', '...'].map(scopeOf), [
      'keyword.operator.comparison.terraform',
      'keyword.operator.logical.terraform',
      'keyword.operator.logical.terraform',
      'keyword.operator.arithmetic.terraform',
      'keyword.operator.conditional.terraform',
      'keyword.operator.arrow.terraform',
      'keyword.operator.spread.terraform',
    ]);
  });
});

describe('suppression comment grammar', () => {
  const contribution = manifest.contributes.grammars.find(
    (g) => g.scopeName === 'sg-lint.suppression.injection',
  );
  const grammar = JSON.parse(fs.readFileSync(path.join(REPO, contribution?.path ?? 'missing'), 'utf8')) as {
    scopeName: string;
    injectionSelector: string;
    repository: { suppression: { match: string; captures: Record<string, { name?: string }> } };
  };
  // The pattern is plain enough for JavaScript's engine to run as Oniguruma would.
  const pattern = new RegExp(grammar.repository.suppression.match);

  it('is injected into YAML comments and Terraform line comments (ours and other extensions’ scopes)', () => {
    assert.deepEqual(contribution?.injectTo, [
      'source.yaml',
      'source.hcl.terraform',
      'source.terraform',
      'source.hcl',
    ]);
    assert.equal(grammar.scopeName, contribution?.scopeName);
    assert.equal(
      grammar.injectionSelector,
      'L:source.yaml comment.line.number-sign, L:source.hcl.terraform comment.line, L:source.terraform comment.line, L:source.hcl comment.line',
    );
  });

  it('captures the directive, the rule ids and the reason', () => {
    // The text a comment scope holds after its `#`.
    const cases: [string, string | undefined, string | undefined, string | undefined][] = [
      [' sg-lint-ignore SG101 bastion behind the VPN', 'sg-lint-ignore', 'SG101', 'bastion behind the VPN'],
      [
        ' sg-lint-ignore SG101,SG104: reviewed in SEC-12',
        'sg-lint-ignore',
        'SG101,SG104',
        'reviewed in SEC-12',
      ],
      [' sg-lint-ignore-file SG106 egress is proxied', 'sg-lint-ignore-file', 'SG106', 'egress is proxied'],
      [' sg-lint-ignore * legacy stack', 'sg-lint-ignore', '*', 'legacy stack'],
      [' sg-lint-ignore SG101', 'sg-lint-ignore', 'SG101', undefined],
    ];
    for (const [text, directive, ids, reason] of cases) {
      const m = pattern.exec(text);
      assert.ok(m, text);
      assert.deepEqual([m[1], m[3], m[5]], [directive, ids, reason], text);
    }
    assert.equal(pattern.exec(' not-sg-lint-ignore SG101 x'), null);
    assert.equal(
      grammar.repository.suppression.captures['1']?.name,
      'keyword.control.directive.suppression.sg-lint',
    );
    assert.equal(grammar.repository.suppression.captures['5']?.name, 'string.unquoted.reason.sg-lint');
  });
});
