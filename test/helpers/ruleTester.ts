/**
 * Test helpers in the spirit of ESLint's RuleTester: write a template with the expected finding ranges
 * marked by ⟦ and ⟧, and assert exact ranges, rule ids and messages. Markers are stripped before linting.
 */
import * as assert from 'node:assert/strict';
import type { SgLintConfig } from '../../rules/config';
import { DEFAULT_CONFIG, mergeConfig } from '../../rules/config';
import type { TextRange } from '../../rules/model';
import type { Finding, FixInput, FixIntent } from '../../rules/types';
import type { LintResult, SourceFormat, TerraformLintResult } from '../../server/src/engine/lint';
import { lintDocument, lintTerraformModule } from '../../server/src/engine/lint';
import type { FixDocument, TextEdit } from '../../server/src/fixes/render';
import { applyEdits, pendingFixes, renderFixWithInput, renderFixes } from '../../server/src/fixes/render';

export const OPEN = '⟦';
export const CLOSE = '⟧';

/** Strips ⟦…⟧ markers, returning the clean text and the marked ranges in order of their opening marker. */
export function marked(source: string): { text: string; ranges: TextRange[] } {
  const ranges: TextRange[] = [];
  const open: number[] = [];
  let text = '';
  for (const ch of source) {
    if (ch === OPEN) open.push(text.length);
    else if (ch === CLOSE) {
      const start = open.pop();
      if (start === undefined) throw new Error('unbalanced ⟧ marker');
      ranges.push({ start, end: text.length });
    } else text += ch;
  }
  if (open.length) throw new Error('unbalanced ⟦ marker');
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, ranges };
}

/** Removes the common leading indentation and the first newline of a template literal. */
export function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}

export function config(overrides: unknown = {}): SgLintConfig {
  const problems: { key: string; message: string }[] = [];
  const c = mergeConfig(DEFAULT_CONFIG, overrides, problems);
  if (problems.length) throw new Error(`bad test config: ${problems.map((p) => p.message).join(', ')}`);
  return c;
}

export function uriFor(format: SourceFormat): string {
  return format === 'json' ? 'file:///work/template.json' : 'file:///work/template.yaml';
}

export function lint(
  text: string,
  format: SourceFormat,
  overrides: unknown = {},
): LintResult & { kind: 'template' } {
  const result = lintDocument({ uri: uriFor(format), text, format }, config(overrides));
  assert.equal(result.kind, 'template', `expected the text to be linted as a template, got ${result.kind}`);
  return result;
}

/** Findings of one rule, not suppressed. */
export function findingsOf(result: LintResult & { kind: 'template' }, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId && !f.suppressions?.length);
}

export interface Expect {
  readonly message: string | RegExp;
  readonly severity?: Finding['severity'];
  readonly resource?: string;
  readonly group?: string;
}

/**
 * Lints `source` (with ⟦⟧ markers) and asserts that `ruleId` reports exactly one finding per marked range,
 * in order, with the expected messages. An empty `expected` asserts the rule reports nothing.
 */
export function expectFindings(
  ruleId: string,
  format: SourceFormat,
  source: string,
  expected: readonly Expect[],
  overrides: unknown = {},
): Finding[] {
  const { text, ranges } = marked(dedent(source));
  const result = lint(text, format, overrides);
  const got = findingsOf(result, ruleId);
  const show = (f: Finding): string =>
    `${JSON.stringify(text.slice(f.range.start, f.range.end))}@${f.range.start}-${f.range.end}: ${f.message}`;
  assert.equal(
    got.length,
    expected.length,
    `expected ${expected.length} ${ruleId} finding(s), got ${got.length}:\n${got.map(show).join('\n')}`,
  );
  assert.equal(
    ranges.length,
    expected.length,
    `the source marks ${ranges.length} range(s) but ${expected.length} finding(s) are expected`,
  );
  got.forEach((f, i) => {
    const e = expected[i]!;
    assert.deepEqual(
      { start: f.range.start, end: f.range.end, text: text.slice(f.range.start, f.range.end) },
      { start: ranges[i]!.start, end: ranges[i]!.end, text: text.slice(ranges[i]!.start, ranges[i]!.end) },
      `range of finding ${i}: ${show(f)}`,
    );
    if (typeof e.message === 'string') assert.equal(f.message, e.message);
    else assert.match(f.message, e.message);
    if (e.severity) assert.equal(f.severity, e.severity, `severity of finding ${i}`);
    if (e.resource) assert.equal(f.resource, e.resource, `resource of finding ${i}`);
    if (e.group) assert.equal(f.group, e.group, `group of finding ${i}`);
  });
  return got;
}

/** How a test picks a fix's edits for a finding: a titled fix, or an interactive one with its input. */
type EditsFor = (finding: Finding, doc: FixDocument) => readonly TextEdit[];

function titledFix(title: string | RegExp): EditsFor {
  return (finding, doc) => {
    const fixes = renderFixes(finding, doc);
    const fix = fixes.find((f) => (typeof title === 'string' ? f.title === title : title.test(f.title)));
    assert.ok(fix, `no fix titled ${String(title)}; offered: ${fixes.map((f) => f.title).join(' | ')}`);
    return fix.edits;
  };
}

function inputFix(kind: FixIntent['kind'], input: FixInput): EditsFor {
  return (finding, doc) => {
    const fixIndex = (finding.fixes ?? []).findIndex((f) => f.kind === kind);
    assert.ok(
      fixIndex >= 0,
      `no ${kind} fix; offered: ${(finding.fixes ?? []).map((f) => f.kind).join(', ')}`,
    );
    assert.ok(
      pendingFixes(finding, doc).some((p) => p.fixIndex === fixIndex),
      'the fix is not offered for this text',
    );
    const rendered = renderFixWithInput(finding, fixIndex, input, doc);
    assert.ok(!('error' in rendered), `the fix failed: ${'error' in rendered ? rendered.error : ''}`);
    return rendered.edits;
  };
}

/** Findings after a fix that were not there before (by rule and message), which a fix must not bring. */
function newFindings(before: readonly Finding[], after: readonly Finding[]): string[] {
  const had = new Set(before.map((f) => `${f.ruleId} ${f.message}`));
  return after.map((f) => `${f.ruleId} ${f.message}`).filter((k) => !had.has(k));
}

/**
 * The checks every fix test makes after applying a fix: no SG000, the finding gone, and, when `allowNew`
 * is given, no finding that was not there before other than those rules'.
 */
function checkFixed(
  finding: Finding,
  before: readonly Finding[],
  after: readonly Finding[],
  fixedText: string,
  allowNew: readonly string[] | undefined,
): void {
  const visible = after.filter((f) => !f.suppressions?.length);
  assert.deepEqual(
    visible.filter((f) => f.ruleId === 'SG000').map((f) => f.message),
    [],
    `parse errors after the fix:\n${fixedText}`,
  );
  assert.equal(
    visible.filter(
      (f) => f.ruleId === finding.ruleId && f.message === finding.message && f.uri === finding.uri,
    ).length,
    0,
    `the finding is still there after the fix:\n${fixedText}`,
  );
  if (allowNew === undefined) return;
  const unexpected = newFindings(before, after).filter((k) => !allowNew.some((id) => k.startsWith(`${id} `)));
  assert.deepEqual(unexpected, [], `the fix brought new findings:\n${fixedText}`);
}

/** Fixes the first `ruleId` finding of a template with the edits `editsFor` picks, and checks the result. */
function fixTemplate(
  ruleId: string,
  format: SourceFormat,
  text: string,
  editsFor: EditsFor,
  overrides: unknown,
  allowNew?: readonly string[],
): string {
  const result = lint(text, format, overrides);
  const finding = findingsOf(result, ruleId)[0];
  assert.ok(finding, `no ${ruleId} finding to fix`);
  const fixed = applyEdits(text, editsFor(finding, { uri: result.uri, text, format, tree: result.tree }));
  checkFixed(finding, result.findings, lint(fixed, format, overrides).findings, fixed, allowNew);
  return fixed;
}

/**
 * Applies the fix titled `title` of the first `ruleId` finding, re-lints, and asserts the new text parses
 * cleanly (no SG000) and that finding is gone. Returns the fixed text for exact comparisons.
 */
export function applyFix(
  ruleId: string,
  format: SourceFormat,
  text: string,
  title: string | RegExp,
  overrides: unknown = {},
): string {
  return fixTemplate(ruleId, format, text, titledFix(title), overrides);
}

/** A Terraform module for tests: file name → text (one string means `main.tf`). */
export type TfFiles = string | Readonly<Record<string, string>>;

export const TF_DIR = 'file:///work/module';

function tfSources(files: TfFiles): { name: string; text: string }[] {
  const map = typeof files === 'string' ? { 'main.tf': files } : files;
  return Object.entries(map).map(([name, text]) => ({ name, text }));
}

/** Lints a Terraform module written as files (markers already stripped). `.tfvars` files are tfvars. */
export function lintTf(files: TfFiles, overrides: unknown = {}): TerraformLintResult & { kind: 'module' } {
  const sources = tfSources(files);
  const result = lintTerraformModule(
    {
      dirUri: TF_DIR,
      files: sources
        .filter((s) => s.name.endsWith('.tf'))
        .map((s) => ({ uri: `${TF_DIR}/${s.name}`, text: s.text })),
      tfvars: sources
        .filter((s) => s.name.endsWith('.tfvars'))
        .map((s) => ({ uri: `${TF_DIR}/${s.name}`, text: s.text })),
    },
    config(overrides),
  );
  assert.equal(result.kind, 'module', 'the Terraform parser is not loaded (test/setup.ts)');
  return result;
}

/**
 * The Terraform twin of expectFindings: files with ⟦⟧ markers (dedented); findings of `ruleId` must match
 * the marked ranges, ordered by file name and then position, with the expected messages.
 */
export function expectTfFindings(
  ruleId: string,
  files: TfFiles,
  expected: readonly (Expect & { file?: string })[],
  overrides: unknown = {},
): Finding[] {
  const cleaned: Record<string, string> = {};
  const marks: { file: string; range: TextRange }[] = [];
  for (const s of tfSources(files)) {
    const { text, ranges } = marked(dedent(s.text));
    cleaned[s.name] = text;
    for (const r of ranges) marks.push({ file: s.name, range: r });
  }
  const fileOf = (uri: string): string => uri.slice(TF_DIR.length + 1);
  marks.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start));
  const result = lintTf(cleaned, overrides);
  const got = result.findings
    .filter((f) => f.ruleId === ruleId && !f.suppressions?.length)
    .sort((a, b) =>
      a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start - b.range.start || a.range.end - b.range.end,
    );
  const show = (f: Finding): string => {
    const t = cleaned[fileOf(f.uri)] ?? '';
    return `${fileOf(f.uri)} ${JSON.stringify(t.slice(f.range.start, f.range.end))}@${f.range.start}-${f.range.end}: ${f.message}`;
  };
  assert.equal(
    got.length,
    expected.length,
    `expected ${expected.length} ${ruleId} finding(s), got ${got.length}:\n${got.map(show).join('\n')}`,
  );
  assert.equal(
    marks.length,
    expected.length,
    `the files mark ${marks.length} range(s) but ${expected.length} finding(s) are expected`,
  );
  got.forEach((f, i) => {
    const e = expected[i]!;
    const m = marks[i]!;
    const text = cleaned[m.file]!;
    assert.deepEqual(
      {
        file: fileOf(f.uri),
        start: f.range.start,
        end: f.range.end,
        text: (cleaned[fileOf(f.uri)] ?? '').slice(f.range.start, f.range.end),
      },
      { file: m.file, start: m.range.start, end: m.range.end, text: text.slice(m.range.start, m.range.end) },
      `range of finding ${i}: ${show(f)}`,
    );
    if (typeof e.message === 'string') assert.equal(f.message, e.message);
    else assert.match(f.message, e.message);
    if (e.severity) assert.equal(f.severity, e.severity, `severity of finding ${i}`);
    if (e.resource) assert.equal(f.resource, e.resource, `resource of finding ${i}`);
    if (e.group) assert.equal(f.group, e.group, `group of finding ${i}`);
  });
  return got;
}

/** Fixes the first `ruleId` finding of a Terraform module with the edits `editsFor` picks, and checks the result. */
function fixModule(
  ruleId: string,
  files: TfFiles,
  editsFor: EditsFor,
  overrides: unknown,
  allowNew?: readonly string[],
): Record<string, string> {
  const texts: Record<string, string> = Object.fromEntries(tfSources(files).map((s) => [s.name, s.text]));
  const result = lintTf(texts, overrides);
  const finding = result.findings.find((f) => f.ruleId === ruleId && !f.suppressions?.length);
  assert.ok(finding, `no ${ruleId} finding to fix`);
  const edits = editsFor(finding, {
    uri: finding.uri,
    text: texts[finding.uri.slice(TF_DIR.length + 1)]!,
    format: 'hcl',
    textOf: (uri) => texts[uri.slice(TF_DIR.length + 1)],
  });
  const fixed = { ...texts };
  for (const [file, text] of Object.entries(texts)) {
    const own = edits.filter((e) => e.uri === `${TF_DIR}/${file}`);
    if (own.length) fixed[file] = applyEdits(text, own);
  }
  checkFixed(
    finding,
    result.findings,
    lintTf(fixed, overrides).findings,
    JSON.stringify(fixed, null, 1),
    allowNew,
  );
  return fixed;
}

/**
 * Applies the fix titled `title` of the first `ruleId` finding of a Terraform module, re-lints, and asserts
 * no SG000 and that finding gone. Returns the files after the fix.
 */
export function applyTfFix(
  ruleId: string,
  files: TfFiles,
  title: string | RegExp,
  overrides: unknown = {},
): Record<string, string> {
  return fixModule(ruleId, files, titledFix(title), overrides);
}

/**
 * Applies the interactive fix of kind `kind` (`ask-cidr`, `reference-group`, `limit-ports`) of the first
 * `ruleId` finding with `input`, re-lints, and asserts: no SG000, the finding gone, and no finding that was
 * not there before (other than `allowNew`). Returns the fixed text.
 */
export function applyInputFix(
  ruleId: string,
  format: SourceFormat,
  text: string,
  kind: FixIntent['kind'],
  input: FixInput,
  options: { overrides?: unknown; allowNew?: readonly string[] } = {},
): string {
  return fixTemplate(ruleId, format, text, inputFix(kind, input), options.overrides, options.allowNew ?? []);
}

/** {@link applyInputFix} for a Terraform module; returns the files after the fix. */
export function applyTfInputFix(
  ruleId: string,
  files: TfFiles,
  kind: FixIntent['kind'],
  input: FixInput,
  options: { overrides?: unknown; allowNew?: readonly string[] } = {},
): Record<string, string> {
  return fixModule(ruleId, files, inputFix(kind, input), options.overrides, options.allowNew ?? []);
}
