/**
 * Property test for quick fixes: every fix offered for every finding of every template and Terraform module
 * we have (test/fixtures without the CDK app's generated synth output, examples/, and the shared corpus in
 * ../shared/corpus when it is there) is applied, the result re-linted the same way, and checked:
 *
 *   (a) no parse error (SG000) that was not there before;
 *   (b) the finding the fix was for is gone (by rule, message and resource: ranges move);
 *   (c) no finding appears (by rule and message) that was not there before, except the allowances
 *       explained in {@link allowedNew};
 *   (d) the edits are well formed (inside the document or module, not overlapping), a fix that is offered
 *       renders, and no rule throws on the fixed text.
 *
 * Fixes that need input get one representative input each: 10.0.0.0/8 or fd00::/8 for "Restrict to a
 * CIDR…" (192.168.0.0/16 or fc00::/8 when a sibling rule already allows the first), the first candidate for "Allow a security group instead…", tcp
 * 443–443 for "Limit to ports…". Configs: the defaults with trustedCidrs 10.0.0.0/8 (corp); the corpus also
 * with its peer-policy.yaml on top (no public ports, maxPortRange 1).
 *
 * Every failure is collected (not just the first) into one assertion message per format, with the file,
 * the rule, the fix and a diff of the change, so one run shows every problem.
 *
 * Cost, measured with the whole corpus (so no sampling): CloudFormation 83 files, ~630 findings, ~380
 * fixes in 2–7 s; Terraform 25 modules, ~900 findings, ~540 fixes in 5–13 s (each fix re-lints its module
 * with the local modules it calls), depending on the machine's load; `npm test` as a whole took 48 s.
 * The timeout below leaves room for slower machines.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SgLintConfig } from '../../rules/config';
import type { Finding, FixInput, FixIntent } from '../../rules/types';
import { readConfigFile, resolveConfig } from '../../server/src/config/load';
import type { RuleFailure, TerraformLintResult, TerraformSource } from '../../server/src/engine/lint';
import { formatOf, lintDocument, lintTerraformModule } from '../../server/src/engine/lint';
import type { FixDocument, RenderedFix, TextEdit } from '../../server/src/fixes/render';
import { applyEdits, pendingFixes, renderFixWithInput, renderFixes } from '../../server/src/fixes/render';
import { config } from '../helpers/ruleTester';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const MAX_BYTES = 1024 * 1024;
const TRUSTED = { trustedCidrs: [{ cidr: '10.0.0.0/8', label: 'corp' }] };

interface NamedConfig {
  readonly name: string;
  readonly config: SgLintConfig;
}

/** A folder of inputs and the configs they are linted with. */
interface Root {
  readonly dir: string;
  readonly skip: readonly string[];
  readonly configs: readonly NamedConfig[];
}

/** The corpus's peer policy on top of the test config, when it loads without problems. */
function peerPolicy(): NamedConfig | undefined {
  const file = path.join(CORPUS, 'peer-policy.yaml');
  if (!fs.existsSync(file)) return undefined;
  const resolved = resolveConfig({ settings: TRUSTED, file: readConfigFile(file) });
  return resolved.problems.length ? undefined : { name: 'peer-policy', config: resolved.config };
}

function roots(): Root[] {
  const base = { name: 'default', config: config(TRUSTED) };
  const out: Root[] = [
    // The CDK app's synth output is generated: it is never edited (the editor offers no fixes there).
    {
      dir: path.join(REPO, 'test', 'fixtures'),
      skip: [path.join(REPO, 'test', 'fixtures', 'cdk-app')],
      configs: [base],
    },
    { dir: path.join(REPO, 'examples'), skip: [], configs: [base] },
  ];
  // Read-only, and only read here. CDK synth templates in realworld/cdk_synth count as plain CloudFormation.
  if (fs.existsSync(CORPUS)) {
    const peer = peerPolicy();
    out.push({ dir: CORPUS, skip: [], configs: peer ? [base, peer] : [base] });
  }
  return out;
}

/** Files under `dir` of at most 1 MB, sorted, skipping `skip`, node_modules, .git and .terraform. */
function walk(dir: string, skip: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    if (skip.includes(d)) return;
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', '.git', '.terraform'].includes(e.name)) visit(p);
      } else if (e.isFile() && fs.statSync(p).size <= MAX_BYTES) out.push(p);
    }
  };
  visit(dir);
  return out;
}

const rel = (file: string): string =>
  file.startsWith(CORPUS + path.sep) ? `corpus/${path.relative(CORPUS, file)}` : path.relative(REPO, file);

// ---------------------------------------------------------------------------------------------------
// One fix: what was offered, how it is checked, and how a failure is told.

interface Tried {
  readonly finding: Finding;
  readonly intent: FixIntent;
  readonly input?: FixInput;
  readonly fix: RenderedFix;
}

interface Failure {
  readonly where: string;
  readonly ruleId: string;
  readonly message: string;
  readonly fix: string;
  readonly kind: FixIntent['kind'];
  readonly problems: string[];
  readonly diff: string;
}

interface Stats {
  files: number;
  findings: number;
  fixes: number;
  readonly byKind: Record<string, number>;
  /** New findings let through, by the allowance that let them (see allowedNew). */
  readonly allowed: Record<string, number>;
}

/**
 * The representative input: the one pendingFixes probes with, or for a CIDR the first candidate that a
 * sibling rule does not already allow (the input box refuses those: the result would be a duplicate).
 */
function inputFor(intent: FixIntent): FixInput {
  if (intent.kind === 'ask-cidr') {
    const candidates = intent.family === 4 ? ['10.0.0.0/8', '192.168.0.0/16'] : ['fd00::/8', 'fc00::/8'];
    return { kind: 'cidr', cidr: candidates.find((c) => !intent.taken?.includes(c)) ?? candidates[0]! };
  }
  if (intent.kind === 'reference-group') return { kind: 'group', address: intent.candidates[0]! };
  return { kind: 'ports', protocol: 'tcp', from: 443, to: 443 };
}

/**
 * Every fix of a finding, rendered: those without input as offered, the others with one input each.
 * Problems (an offered fix that does not render) go to `fail`.
 */
function fixesOf(
  finding: Finding,
  doc: FixDocument,
  fail: (kind: FixIntent['kind'], title: string, problem: string) => void,
): Tried[] {
  const out: Tried[] = [];
  const intents = finding.fixes ?? [];
  for (const fix of renderFixes(finding, doc)) {
    // Without input, a rendered fix carries its intent's title.
    const intent = intents.find((i) => i.title === fix.title);
    if (intent) out.push({ finding, intent, fix });
    else fail('replace-value', fix.title, '(d) the rendered fix matches no intent of the finding');
  }
  for (const pending of pendingFixes(finding, doc)) {
    const input = inputFor(pending.intent);
    const rendered = renderFixWithInput(finding, pending.fixIndex, input, doc);
    if ('error' in rendered)
      fail(
        pending.intent.kind,
        pending.title,
        `(d) offered, but fails with ${JSON.stringify(input)}: ${rendered.error}`,
      );
    else out.push({ finding, intent: pending.intent, input, fix: rendered });
  }
  return out;
}

const key = (f: Finding): string => `${f.ruleId} ${f.message}`;
const targetKey = (f: Finding): string => `${f.ruleId} ${f.message} @${f.resource}`;

function count<T>(items: readonly T[], k: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(k(t), (m.get(k(t)) ?? 0) + 1);
  return m;
}

/** Rules whose message describes a rule's content (its CIDR, ports, peer) or counts rules. */
const DESCRIBES_RULES = new Set(['SG104', 'SG105', 'SG107', 'SG108', 'SG203', 'SG206', 'SG207']);

/** What the fix wrote, as the rule summaries in messages spell it: "10.0.0.0/8", "tcp 443", a group. */
function writtenValue(t: Tried): string | undefined {
  if (t.input?.kind === 'cidr') return t.input.cidr;
  if (t.input?.kind === 'ports') return `${t.input.protocol} ${t.input.from}`;
  if (t.input?.kind === 'group') return t.input.address;
  return t.intent.kind === 'replace-value' ? String(t.intent.newValue) : undefined;
}

const RESTRICTS = (t: Tried): boolean =>
  ['SG101', 'SG102', 'SG103', 'SG104'].includes(t.finding.ruleId) &&
  (t.intent.kind === 'replace-value' || t.intent.kind === 'ask-cidr' || t.intent.kind === 'reference-group');

/**
 * Why a finding that was not there before the fix may legitimately come with it, or undefined.
 * `gone` holds the findings the fix made disappear (other than its target); a rewording consumes one.
 */
function allowedNew(t: Tried, f: Finding, gone: Finding[]): string | undefined {
  const target = t.finding;
  const value = writtenValue(t);
  // Removing a duplicate or shadowed rule changes no traffic and leaves an equal or broader rule: it may
  // bring nothing at all, not even a reworded finding.
  if (t.intent.kind === 'remove-rule' && (target.ruleId === 'SG203' || target.ruleId === 'SG207'))
    return undefined;
  // The same finding, reworded: these rules' messages spell out the rule they are about ("Rule tcp 22
  // from 0.0.0.0/0 has no description", "… gets a rule (tcp 80–8080 from …)", "(2 rules in …)"), so a
  // fix that changes a rule's CIDR or ports, or removes one of several, changes their text. One finding of
  // the same rule, resource and group must have gone for each such new one.
  if (DESCRIBES_RULES.has(f.ruleId)) {
    const i = gone.findIndex(
      (g) => g.ruleId === f.ruleId && g.resource === f.resource && g.group === f.group && g.uri === f.uri,
    );
    if (i >= 0) {
      gone.splice(i, 1);
      return 'reworded';
    }
  }
  if (t.intent.kind === 'limit-ports') {
    // The representative input opens tcp 443: from the world (peer policy: no public ports) that is an
    // SG103 about 443, and with a sensitive 443 an SG101. Those are about the ports the user asked for.
    if ((f.ruleId === 'SG103' || f.ruleId === 'SG101') && /\b443\b/.test(f.message)) return 'new ports';
  }
  if (RESTRICTS(t) && f.resource === target.resource) {
    // SG105 leaves a rule that opens every port to the world to SG102. Restricting its CIDR keeps every
    // port open, now to the new CIDR: SG105 takes over, naming the new CIDR.
    if (target.ruleId === 'SG102' && f.ruleId === 'SG105' && value && f.message.includes(value))
      return 'SG102 became SG105';
  }
  if (RESTRICTS(t) && f.group === target.group && f.ruleId === 'SG104') {
    // A world made of several CIDRs ("0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address") is
    // reported on each of its rules. Fixing one leaves the others as the broad public ranges they are:
    // SG104 reports them now that they no longer make up the world.
    const m = /\((.*) covers every IPv[46] address/.exec(target.message);
    const cidrs = m ? m[1]!.split(/ together with |, | and /).map((s) => s.trim()) : [];
    if (cidrs.some((c) => f.message.includes(` to ${c},`))) return 'world split';
  }
  if (
    (RESTRICTS(t) || t.intent.kind === 'limit-ports') &&
    f.ruleId === 'SG207' &&
    f.resource === target.resource &&
    value
  ) {
    // Narrowing a rule (a smaller CIDR, fewer ports) can leave it inside a broader rule of the same group
    // that stays: SG207 says it now adds nothing (and offers to remove it). Nothing is opened.
    const self = /this rule \((.*)\) adds nothing/.exec(f.message)?.[1] ?? '';
    if (self.includes(value)) return 'narrowed into a broader rule';
  }
  if (t.intent.kind === 'swap-ports' && f.resource === target.resource) {
    // An inverted port range (SG202) makes AWS reject the rule, and the rules that judge exposure skip it.
    // Swapped, what it exposes is reported like any rule's (SG101 for 21–23 from the world, SG105 for a
    // wide range): the rule's own exposure coming to light, as written, not one the fix added. A duplicate
    // (SG203) is not excused: the fixed template would still be rejected.
    if (/^SG10[1-8]$/.test(f.ruleId) || f.ruleId === 'SG207') return 'rule became valid';
  }
  // "Allow a security group instead…" needs no allowance of its own: the referenced group becomes used
  // (its SG109 may go, which (c) does not mind), and nothing about it may appear (an SG204 would mean a
  // candidate that cannot be referenced).
  return undefined;
}

/** Checks one applied fix against the properties; returns the problems found. */
function check(
  stats: Stats,
  t: Tried,
  before: readonly Finding[],
  after: readonly Finding[],
  beforeFailures: readonly RuleFailure[],
  afterFailures: readonly RuleFailure[],
): string[] {
  const problems: string[] = [];
  const relevant = (f: Finding): boolean => f.ruleId !== 'SG000' && !f.suppressions?.length;
  // (a)
  for (const f of after)
    if (f.ruleId === 'SG000' && !before.some((b) => b.ruleId === 'SG000' && b.message === f.message))
      problems.push(`(a) new parse error: ${f.message}`);
  // (b) Findings with the same rule, message and resource (a rule in two groups, count instances) are
  // counted: the fix must leave fewer of them.
  const had = count(before, targetKey).get(targetKey(t.finding)) ?? 0;
  const has = count(after, targetKey).get(targetKey(t.finding)) ?? 0;
  if (has >= had) problems.push('(b) the finding is still there');
  // (c) New by rule and message. Findings that went (other than the target) may come back reworded.
  const left = count(after.filter(relevant), targetKey);
  const gone: Finding[] = [];
  for (const b of before.filter(relevant)) {
    if (b === t.finding) continue;
    const n = left.get(targetKey(b)) ?? 0;
    if (n > 0) left.set(targetKey(b), n - 1);
    else gone.push(b);
  }
  const beforeKeys = new Set(before.map(key));
  for (const f of after) {
    if (!relevant(f) || beforeKeys.has(key(f))) continue;
    const why = allowedNew(t, f, gone);
    if (why) stats.allowed[why] = (stats.allowed[why] ?? 0) + 1;
    else problems.push(`(c) new finding ${f.ruleId} @${f.resource}: ${f.message}`);
  }
  // (d)
  const threw = new Set(beforeFailures.map((r) => r.ruleId));
  for (const r of afterFailures)
    if (!threw.has(r.ruleId)) problems.push(`(d) rule ${r.ruleId} throws: ${r.error.split('\n')[0]}`);
  return problems;
}

function overlapping(edits: readonly TextEdit[]): boolean {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  for (const list of byUri.values()) {
    const sorted = [...list].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.range.start < sorted[i - 1]!.range.end) return true;
  }
  return false;
}

/** A unified-ish diff of one file's change: the changed lines with two lines of context either side. */
function diff(name: string, a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  let pre = 0;
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf])
    suf++;
  const context = 2;
  const cap = (lines: string[], sign: string): string[] =>
    (lines.length > 12 ? [...lines.slice(0, 12), `… ${lines.length - 12} more`] : lines).map((l) => sign + l);
  return [
    `--- ${name}`,
    `+++ ${name}`,
    `@@ line ${pre + 1} @@`,
    ...x.slice(Math.max(0, pre - context), pre).map((l) => ` ${l}`),
    ...cap(x.slice(pre, x.length - suf), '-'),
    ...cap(y.slice(pre, y.length - suf), '+'),
    ...x.slice(x.length - suf, x.length - suf + context).map((l) => ` ${l}`),
  ].join('\n');
}

/** One assertion message for every failure, with a count per class (rule, fix kind, property) first. */
function report(label: string, failures: readonly Failure[]): string {
  const classes = new Map<string, number>();
  for (const f of failures)
    for (const p of new Set(f.problems.map((p) => p.slice(0, 3)))) {
      const k = `${f.ruleId} ${f.kind} ${p}`;
      classes.set(k, (classes.get(k) ?? 0) + 1);
    }
  const told = failures.map((f) =>
    [
      `✗ ${f.where}`,
      `  ${f.ruleId}: ${f.message}`,
      `  fix [${f.kind}] "${f.fix}"`,
      ...f.problems.map((p) => `  ${p}`),
      ...(f.diff ? f.diff.split('\n').map((l) => `    ${l}`) : []),
    ].join('\n'),
  );
  return [
    `${failures.length} ${label} fix(es) break the property:`,
    ...[...classes].sort().map(([k, n]) => `  ${n} × ${k}`),
    '',
    ...told,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// The loop shared by both formats: one lint of one template or module with one config.

interface Applied {
  readonly findings: readonly Finding[];
  readonly ruleFailures: readonly RuleFailure[];
  readonly diff: string;
}

interface Unit {
  readonly where: (f: Finding) => string;
  readonly findings: readonly Finding[];
  readonly ruleFailures: readonly RuleFailure[];
  /** The document a finding's fixes are rendered against, or undefined when none is (another module's file). */
  readonly docFor: (f: Finding) => FixDocument | undefined;
  /** Whether an edit may target this URI at all. */
  readonly editable: (uri: string) => boolean;
  /** Applies the edits and re-lints the same way. */
  readonly apply: (
    edits: readonly TextEdit[],
  ) => Applied | { readonly problem: string; readonly diff: string };
}

function tryUnit(unit: Unit, stats: Stats, failures: Failure[]): void {
  for (const finding of unit.findings) {
    if (finding.ruleId === 'SG000' || finding.suppressions?.length) continue;
    const doc = unit.docFor(finding);
    if (!doc) continue;
    stats.findings++;
    const failure = (kind: FixIntent['kind'], fix: string, problems: string[], d: string): void => {
      const { ruleId, message } = finding;
      failures.push({ where: unit.where(finding), ruleId, message, fix, kind, problems, diff: d });
    };
    let tried: Tried[];
    try {
      tried = fixesOf(finding, doc, (kind, title, problem) => failure(kind, title, [problem], ''));
    } catch (e) {
      failure('replace-value', '(rendering)', [`(d) rendering throws: ${String(e)}`], '');
      continue;
    }
    for (const t of tried) {
      stats.fixes++;
      stats.byKind[t.intent.kind] = (stats.byKind[t.intent.kind] ?? 0) + 1;
      const fail = (problems: string[], d: string): void => failure(t.intent.kind, t.fix.title, problems, d);
      if (t.fix.edits.some((e) => !unit.editable(e.uri)) || overlapping(t.fix.edits)) {
        fail(['(d) edits outside the document or module, or overlapping'], JSON.stringify(t.fix.edits));
        continue;
      }
      let after: ReturnType<Unit['apply']>;
      try {
        after = unit.apply(t.fix.edits);
      } catch (e) {
        fail([`(d) linting the fixed text throws: ${String(e)}`], '');
        continue;
      }
      if ('problem' in after) {
        fail([after.problem], after.diff);
        continue;
      }
      const problems = check(stats, t, unit.findings, after.findings, unit.ruleFailures, after.ruleFailures);
      if (problems.length) fail(problems, after.diff);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// CloudFormation: a file that lints as a template, re-linted with the same URI and format.

function cloudFormation(stats: Stats, failures: Failure[]): void {
  for (const root of roots()) {
    for (const file of walk(root.dir, root.skip)) {
      if (!/\.(ya?ml|json|template)$/i.test(file)) continue;
      const uri = pathToFileURL(file).href;
      const text = fs.readFileSync(file, 'utf8');
      const format = formatOf(uri, text);
      let counted = false;
      for (const { name, config: cfg } of root.configs) {
        const result = lintDocument({ uri, text, ...(format ? { format } : {}) }, cfg);
        if (result.kind !== 'template') break;
        if (!counted) stats.files++;
        counted = true;
        const doc: FixDocument = { uri, text, format: result.format, tree: result.tree };
        tryUnit(
          {
            where: () => `${rel(file)} [${name}]`,
            findings: result.findings,
            ruleFailures: result.ruleFailures,
            docFor: () => doc,
            editable: (u) => u === uri,
            apply: (edits) => {
              const fixed = applyEdits(text, edits);
              const d = diff(rel(file), text, fixed);
              const after = lintDocument({ uri, text: fixed, format: result.format }, cfg);
              if (after.kind !== 'template')
                return { problem: `(a) the fixed text is ${after.kind}`, diff: d };
              return { findings: after.findings, ruleFailures: after.ruleFailures, diff: d };
            },
          },
          stats,
          failures,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Terraform: a folder of .tf files is a module, linted with the local modules it calls (as the CLI and
// the editor do). Edits may target any file the lint read (a variable default, a tfvars entry, the
// caller's argument): they are applied per file, and the module is linted again with the fixed texts.

function isTfvars(name: string): boolean {
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

/** A folder's sources, with the texts of `overlay` (the fixed files) where it has them. */
function folderSources(
  dir: string,
  overlay: ReadonlyMap<string, string>,
): { files: TerraformSource[]; tfvars: TerraformSource[] } | undefined {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return undefined;
  const names = fs
    .readdirSync(dir)
    .sort()
    .filter(
      (n) => fs.statSync(path.join(dir, n)).isFile() && fs.statSync(path.join(dir, n)).size <= MAX_BYTES,
    );
  const read = (n: string): TerraformSource => {
    const uri = pathToFileURL(path.join(dir, n)).href;
    return { uri, text: overlay.get(uri) ?? fs.readFileSync(path.join(dir, n), 'utf8') };
  };
  return {
    files: names.filter((n) => n.endsWith('.tf')).map(read),
    tfvars: names.filter(isTfvars).map(read),
  };
}

function lintModule(
  dir: string,
  overlay: ReadonlyMap<string, string>,
  cfg: SgLintConfig,
): TerraformLintResult & { kind: 'module' } {
  const sources = folderSources(dir, overlay)!;
  const result = lintTerraformModule(
    {
      dirUri: pathToFileURL(dir).href,
      files: sources.files,
      tfvars: sources.tfvars,
      loadModule: (dirUri) => folderSources(fileURLToPath(dirUri), overlay),
    },
    cfg,
  );
  assert.equal(result.kind, 'module', 'the Terraform parser is not loaded (test/setup.ts)');
  return result;
}

function terraform(stats: Stats, failures: Failure[]): void {
  for (const root of roots()) {
    const tfFiles = walk(root.dir, root.skip).filter((f) => f.endsWith('.tf'));
    for (const dir of [...new Set(tfFiles.map((f) => path.dirname(f)))]) {
      stats.files++;
      for (const { name, config: cfg } of root.configs) {
        const result = lintModule(dir, new Map(), cfg);
        const original = new Map([...result.files].map(([uri, f]) => [uri, f.text]));
        const textOf = (uri: string): string | undefined => original.get(uri);
        tryUnit(
          {
            where: (f) => `${rel(dir)}/ [${name}] ${rel(fileURLToPath(f.uri))}`,
            findings: result.findings,
            ruleFailures: result.ruleFailures,
            docFor: (f) => {
              const text = original.get(f.uri);
              return text === undefined ? undefined : { uri: f.uri, text, format: 'hcl', textOf };
            },
            editable: (u) => original.has(u),
            apply: (edits) => {
              const overlay = new Map<string, string>();
              for (const uri of new Set(edits.map((e) => e.uri)))
                overlay.set(
                  uri,
                  applyEdits(
                    original.get(uri)!,
                    edits.filter((e) => e.uri === uri),
                  ),
                );
              const d = [...overlay]
                .map(([uri, text]) => diff(rel(fileURLToPath(uri)), original.get(uri)!, text))
                .join('\n');
              const after = lintModule(dir, overlay, cfg);
              return { findings: after.findings, ruleFailures: after.ruleFailures, diff: d };
            },
          },
          stats,
          failures,
        );
      }
    }
  }
}

describe('every offered fix, applied everywhere (property)', function () {
  this.timeout(60_000);
  const summary: string[] = [];
  after(() => {
    // What was tried, once, for the run's log.
    if (summary.length) console.log(`      fix property: ${summary.join('; ')}`);
  });

  const run = (label: string, body: (stats: Stats, failures: Failure[]) => void) => (): void => {
    const stats: Stats = { files: 0, findings: 0, fixes: 0, byKind: {}, allowed: {} };
    const failures: Failure[] = [];
    const started = Date.now();
    body(stats, failures);
    const kinds = Object.entries(stats.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const allowed = Object.entries(stats.allowed)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    summary.push(
      `${label}: ${stats.files} ${label === 'Terraform' ? 'modules' : 'files'}, ${stats.findings} findings, ` +
        `${stats.fixes} fixes (${kinds}), new findings allowed: ${allowed || 'none'}, ` +
        `${failures.length} failing, ${Date.now() - started} ms`,
    );
    assert.ok(stats.fixes > 0, `no ${label} fix was tried`);
    assert.equal(failures.length, 0, report(label, failures));
  };

  it(
    'CloudFormation (YAML and JSON): each fix clears its finding and brings nothing new',
    run('CloudFormation', cloudFormation),
  );
  it('Terraform modules: each fix clears its finding and brings nothing new', run('Terraform', terraform));
});
