/**
 * The engine's one entry point for a file: text in, findings out. The language server, the CLI and the
 * tests all call this, so the editor and CI can never disagree.
 *
 * parse (YAML/JSON) → is it a template? → adapt to the model → every enabled rule (each isolated: one
 * rule throwing never hides the others) → severities from config → identical findings merged →
 * suppressions applied (kept on the finding, for SARIF) → sorted by position.
 */
import type { SgLintConfig, Severity } from '../../../rules/config';
import { RULES } from '../../../rules/index';
import { portsCovered } from '../../../rules/lib/ports';
import type { Suppression, TemplateModel } from '../../../rules/model';
import type { AppliedSuppression, Finding, FindingInput } from '../../../rules/types';
import { adaptTemplate, isTemplate } from '../cloudformation/adapter';
import { LineIndex } from '../parse/lineIndex';
import { parseJson } from '../parse/json';
import type { ParsedTree } from '../parse/tree';
import { parseYaml } from '../parse/yaml';
import type { PreviousParse } from '../parse/yamlIncremental';
import { reparseYaml } from '../parse/yamlIncremental';
import type { Tree } from 'web-tree-sitter';
import type { HclFile } from '../terraform/hcl';
import { parseHcl } from '../terraform/hcl';
import type { ModuleArgument } from '../terraform/module';
import { buildModule } from '../terraform/module';
import { adaptTerraform } from '../terraform/adapter';
import { localModuleCalls } from '../terraform/calls';
import { hclSuppressions } from '../terraform/suppressions';
import { terraformReady } from '../terraform/treeSitter';

export type SourceFormat = 'yaml' | 'json';

export interface LintInput {
  readonly uri: string;
  readonly text: string;
  /** From the editor's language id or the file extension; detected from the text when absent. */
  readonly format?: SourceFormat;
  /** What wrote the template, when it matters (CDK synth output has idioms of its own). */
  readonly producer?: 'cdk';
  /** The same document's previous text and tree: a YAML edit inside one resource re-parses only it. */
  readonly previous?: PreviousParse;
}

export interface RuleFailure {
  readonly ruleId: string;
  readonly error: string;
}

export type LintResult =
  | {
      readonly kind: 'template';
      readonly uri: string;
      readonly format: SourceFormat;
      readonly findings: Finding[];
      readonly model: TemplateModel;
      readonly tree: ParsedTree;
      readonly lines: LineIndex;
      readonly text: string;
      /** Rules that threw: their findings are missing; the caller logs these. */
      readonly ruleFailures: RuleFailure[];
    }
  | { readonly kind: 'not-template'; readonly uri: string }
  | {
      readonly kind: 'skipped';
      readonly uri: string;
      readonly reason: string;
      readonly looksLikeTemplate: boolean;
    };

export function formatOf(uri: string, text: string): SourceFormat | undefined {
  const path = uri.toLowerCase().replace(/[?#].*$/, '');
  if (/\.(ya?ml)$/.test(path)) return 'yaml';
  if (/\.json$/.test(path)) return 'json';
  if (/\.(template|cfn|tmpl)$/.test(path)) return /^\s*[{[]/.test(text.slice(0, 1024)) ? 'json' : 'yaml';
  return undefined;
}

/** A quick look for the top-level keys of a template, for files we will not parse in full. */
export function looksLikeTemplate(text: string): boolean {
  const head = text.slice(0, 65536);
  return (
    /^(?:AWSTemplateFormatVersion|Resources)\s*:/m.test(head) ||
    /"(?:AWSTemplateFormatVersion|Resources)"\s*:/.test(head)
  );
}

/** A size for messages: MB with one decimal from 1 MB up, else KB, else bytes. */
function size(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export function isBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

export function lintDocument(input: LintInput, config: SgLintConfig): LintResult {
  const { uri, text } = input;
  if (isBinary(text)) return { kind: 'skipped', uri, reason: 'binary file', looksLikeTemplate: false };
  if (text.length > config.maxFileSize) {
    return {
      kind: 'skipped',
      uri,
      reason: `${size(text.length)} is over the ${size(config.maxFileSize)} limit for linting (maxFileSize); CloudFormation itself accepts templates of at most 1 MB`,
      looksLikeTemplate: looksLikeTemplate(text),
    };
  }
  const read = readTemplate(input);
  if (!read) return { kind: 'not-template', uri };
  const { format, tree, lines, model } = read;
  const { findings, ruleFailures } = runRules(model, config, lines);
  return { kind: 'template', uri, format, findings, model, tree, lines, text, ruleFailures };
}

/** A template's model without running the rules (what other templates import from it); undefined if not a template. */
export function readTemplate(
  input: LintInput,
): { format: SourceFormat; tree: ParsedTree; lines: LineIndex; model: TemplateModel } | undefined {
  const { uri, text } = input;
  const format =
    input.format ?? formatOf(uri, text) ?? (/^\s*[{[]/.test(text.slice(0, 1024)) ? 'json' : 'yaml');
  const tree =
    format === 'json'
      ? parseJson(text)
      : ((input.previous && reparseYaml(input.previous, text)) ?? parseYaml(text));
  const cfnFormat = format === 'json' ? 'cloudformation-json' : 'cloudformation-yaml';
  if (!isTemplate(tree, text, cfnFormat)) return undefined;
  const lines = new LineIndex(text);
  const model = adaptTemplate({
    uri,
    format: cfnFormat,
    text,
    tree,
    lines,
    ...(input.producer ? { producer: input.producer } : {}),
  });
  return { format, tree, lines, model };
}

export function effectiveSeverity(
  ruleId: string,
  defaultSeverity: Severity,
  config: SgLintConfig,
  findingSeverity?: Severity,
): Severity | 'off' {
  const configured = config.rules[ruleId];
  if (configured) return configured;
  return findingSeverity ?? defaultSeverity;
}

export function runRules(
  model: TemplateModel,
  config: SgLintConfig,
  lines: LineIndex | ((uri: string) => LineIndex),
): { findings: Finding[]; ruleFailures: RuleFailure[] } {
  const linesOf = typeof lines === 'function' ? lines : (): LineIndex => lines;
  const findings: Finding[] = [];
  const ruleFailures: RuleFailure[] = [];
  const seen = new Set<string>();
  const formatFamily = model.format === 'terraform' ? 'terraform' : 'cloudformation';
  for (const rule of RULES) {
    const { id, defaultSeverity, formats } = rule.meta;
    if (config.rules[id] === 'off' || !formats.includes(formatFamily)) continue;
    const report = (f: FindingInput): void => {
      const severity = effectiveSeverity(id, defaultSeverity, config, f.severity);
      if (severity === 'off') return;
      // The same finding from two variants of one rule (Fn::If alternatives) is reported once; the
      // group is part of the identity, as an aliased rule in two groups is two findings.
      const key = `${id}|${f.range.start}|${f.range.end}|${f.group ?? ''}|${f.message}|${f.uri}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ ...f, ruleId: id, severity });
    };
    try {
      rule.check({ model, config, report });
    } catch (e) {
      ruleFailures.push({ ruleId: id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }
  const kept = model.parseErrors.length ? findings.filter((f) => !absenceArtefact(f, model)) : findings;
  const suppressions = config.honorPeerSuppressions
    ? model.suppressions
    : model.suppressions.filter((s) => s.tool === 'sg-lint');
  const out = kept.map((f) => applySuppressions(f, suppressions, linesOf(f.uri)));
  out.sort(
    (a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId) || a.range.end - b.range.end,
  );
  return { findings: out, ruleFailures };
}

/**
 * Whether a finding that rests on something being absent may only be the syntax error talking: an
 * unterminated string swallows the `VpcId:` line after it, a broken list hides the reference that
 * used the group. Those findings wait until the file parses again; the SG000 error is shown instead.
 */
function absenceArtefact(f: Finding, model: TemplateModel): boolean {
  if (!f.absence) return false;
  if (f.absence === 'file') return true;
  const res = model.resources.get(f.resource);
  if (!res) return true;
  return model.parseErrors.some(
    (e) => e.uri === res.uri && e.range.start >= res.range.start && e.range.start <= res.range.end,
  );
}

function applySuppressions(f: Finding, suppressions: readonly Suppression[], lines: LineIndex): Finding {
  if (suppressions.length === 0) return f;
  let line: number | undefined;
  const applied: AppliedSuppression[] = [];
  for (const s of suppressions) {
    if (!s.ruleIds.includes(f.ruleId) && !s.ruleIds.includes('*')) continue;
    // A peer check about one port (checkov's SSH check) does not cover a finding about other ports too.
    if (s.ports && f.ports && !portsCovered(f.ports, s.ports)) continue;
    let hit = false;
    if (s.scope.kind === 'file') hit = s.uri === f.uri;
    // A suppression on a group also covers findings about the group written in its separate rule resources,
    // as cfn_nag and checkov attribute those to the group.
    else if (s.scope.kind === 'resource') hit = s.scope.address === f.resource || s.scope.address === f.group;
    else if (s.uri === f.uri) {
      line ??= lines.lineOf(f.range.start);
      hit = s.scope.startLine <= line && line <= s.scope.endLine;
    }
    if (hit)
      applied.push({
        tool: s.tool,
        uri: s.uri,
        range: s.range,
        ...(s.reason ? { reason: s.reason } : {}),
        ...(s.peerId ? { peerId: s.peerId } : {}),
      });
  }
  return applied.length ? { ...f, suppressions: applied } : f;
}

export interface TerraformSource {
  readonly uri: string;
  readonly text: string;
  /** The document's previous tree, already edited to the new text: tree-sitter reparses incrementally. */
  readonly oldTree?: Tree | null;
}

export interface TerraformModuleInput {
  /** The folder's URI, ending without a slash. */
  readonly dirUri: string;
  readonly files: readonly TerraformSource[];
  /** `terraform.tfvars` and `*.auto.tfvars` of the folder. */
  readonly tfvars?: readonly TerraformSource[];
  /** Reads a local module's folder (`source = "./modules/x"`), for calls with known arguments. */
  readonly loadModule?: (
    dirUri: string,
  ) => { files: TerraformSource[]; tfvars: TerraformSource[] } | undefined;
}

export interface TerraformFile {
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly hcl: HclFile;
}

export type TerraformLintResult =
  | {
      readonly kind: 'module';
      readonly dirUri: string;
      /** Every file read, including those of called local modules, by URI. */
      readonly files: ReadonlyMap<string, TerraformFile>;
      readonly findings: Finding[];
      readonly model: TemplateModel;
      /** Models of the local modules it calls, by call path (`module.web`, `module.web.module.sg`). */
      readonly calledModels: ReadonlyMap<string, TemplateModel>;
      readonly ruleFailures: RuleFailure[];
      /** Files not linted (binary, too large), with the reason. */
      readonly skipped: readonly { uri: string; reason: string }[];
    }
  | { readonly kind: 'skipped'; readonly dirUri: string; readonly reason: string };

const MAX_MODULE_DEPTH = 4;

/**
 * What makes two findings the same one: a module linted on its own and again through a caller (or in
 * two scans of the same folder) reports it at the same place with the same words.
 */
export function findingKey(f: Finding): string {
  return `${f.ruleId}|${f.uri}|${f.range.start}|${f.range.end}|${f.group ?? ''}|${f.message}`;
}

/**
 * Parsed Terraform files by URI, reused while their text is unchanged: editing one file of a module
 * re-parses that file only, and the CLI reads a module called from several places once. The cache owns
 * the trees (deleted on eviction): a caller that keeps a tree for incremental parsing keeps a copy().
 */
const hclCache = new Map<string, HclFile>();
const HCL_CACHE_CHARS = 64 * 1024 * 1024;
let hclCacheChars = 0;

/** Forgets every cached Terraform parse (benchmarks measure cold parses with it). */
export function clearTerraformCache(): void {
  for (const f of hclCache.values()) f.tree.delete();
  hclCache.clear();
  hclCacheChars = 0;
}

function parsedHcl(s: TerraformSource): HclFile {
  const cached = hclCache.get(s.uri);
  if (cached && cached.text === s.text) {
    // Most recently used last, so eviction drops the oldest.
    hclCache.delete(s.uri);
    hclCache.set(s.uri, cached);
    return cached;
  }
  // The previous parse of the file: the pieces an edit left alone are taken from it, not converted again.
  const hcl = parseHcl(s.uri, s.text, s.oldTree, cached);
  if (cached) {
    hclCacheChars -= cached.text.length;
    // tree-sitter trees live in WebAssembly memory, which the garbage collector does not free.
    cached.tree.delete();
  }
  hclCache.delete(s.uri);
  hclCache.set(s.uri, hcl);
  hclCacheChars += s.text.length;
  for (const [uri, f] of hclCache) {
    if (hclCacheChars <= HCL_CACHE_CHARS || hclCache.size <= 1) break;
    hclCache.delete(uri);
    hclCacheChars -= f.text.length;
    f.tree.delete();
  }
  return hcl;
}

/** What is read off a parsed file's text alone, kept while the parse is: the same for every lint of it. */
const derivedOf = new WeakMap<
  HclFile,
  { lines: LineIndex; suppressions?: { day: string; list: Suppression[] } }
>();

function linesOf(hcl: HclFile): LineIndex {
  let d = derivedOf.get(hcl);
  if (!d) derivedOf.set(hcl, (d = { lines: new LineIndex(hcl.text) }));
  return d.lines;
}

function suppressionsOf(hcl: HclFile): Suppression[] {
  const lines = linesOf(hcl);
  const d = derivedOf.get(hcl)!;
  // tfsec/trivy `:exp:` dates lapse at the end of a UTC day: what a comment suppresses is decided again each day.
  const day = new Date().toISOString().slice(0, 10);
  if (d.suppressions?.day !== day) d.suppressions = { day, list: hclSuppressions(hcl, lines) };
  return d.suppressions.list;
}

/**
 * Lints a Terraform module (a folder): every .tf file together, tfvars applied, and local modules it
 * calls with known arguments (their findings are in their own files, with the caller's argument as the
 * origin of the values it set).
 */
export function lintTerraformModule(input: TerraformModuleInput, config: SgLintConfig): TerraformLintResult {
  if (!terraformReady())
    return { kind: 'skipped', dirUri: input.dirUri, reason: 'the Terraform parser is not loaded yet' };
  const files = new Map<string, TerraformFile>();
  const skipped: { uri: string; reason: string }[] = [];
  const findings: Finding[] = [];
  const ruleFailures: RuleFailure[] = [];
  const seen = new Set<string>();
  let rootModel: TemplateModel | undefined;
  const calledModels = new Map<string, TemplateModel>();

  const read = (sources: readonly TerraformSource[]): HclFile[] => {
    const out: HclFile[] = [];
    for (const s of sources) {
      if (isBinary(s.text)) {
        skipped.push({ uri: s.uri, reason: 'binary file' });
        continue;
      }
      if (s.text.length > config.maxFileSize) {
        skipped.push({
          uri: s.uri,
          reason: `${size(s.text.length)} is over the ${size(config.maxFileSize)} limit for linting (maxFileSize)`,
        });
        continue;
      }
      const hcl = parsedHcl(s);
      files.set(s.uri, { uri: s.uri, text: s.text, lines: linesOf(hcl), hcl });
      out.push(hcl);
    }
    return out;
  };

  const lintOne = (
    dirUri: string,
    sources: readonly TerraformSource[],
    tfvars: readonly TerraformSource[],
    args: ReadonlyMap<string, ModuleArgument> | undefined,
    depth: number,
    visiting: Set<string>,
    callPath: string,
  ): void => {
    const module = buildModule(dirUri, read(sources), read(tfvars), args);
    const model = adaptTerraform(module);
    for (const f of module.files) model.suppressions.push(...suppressionsOf(f));
    rootModel ??= model;
    if (callPath) calledModels.set(callPath, model);
    const result = runRules(model, config, (uri) => files.get(uri)?.lines ?? new LineIndex(''));
    ruleFailures.push(...result.ruleFailures);
    for (const f of result.findings) {
      const key = findingKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
    if (!input.loadModule || depth >= MAX_MODULE_DEPTH) return;
    for (const call of localModuleCalls(module)) {
      if (visiting.has(call.dirUri)) continue;
      const loaded = input.loadModule(call.dirUri);
      if (!loaded) continue;
      visiting.add(call.dirUri);
      const path = `${callPath ? `${callPath}.` : ''}module.${call.name}`;
      lintOne(call.dirUri, loaded.files, loaded.tfvars, call.args, depth + 1, visiting, path);
      visiting.delete(call.dirUri);
    }
  };

  lintOne(input.dirUri, input.files, input.tfvars ?? [], undefined, 0, new Set([input.dirUri]), '');
  findings.sort((a, b) =>
    a.uri < b.uri
      ? -1
      : a.uri > b.uri
        ? 1
        : a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId),
  );
  return {
    kind: 'module',
    dirUri: input.dirUri,
    files,
    findings,
    model: rootModel!,
    calledModels,
    ruleFailures,
    skipped,
  };
}
