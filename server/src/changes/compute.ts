/**
 * `sg-lint changes` and `sgLint/changes`: for every template and Terraform module under some paths, the
 * security-group rules added and removed between a git ref (default HEAD) and the working tree, and the
 * findings that are new since the ref. Files are found the way the lint finds them (skipping
 * node_modules, .git, .terraform and excluded paths), plus those the ref has and the working tree no
 * longer does (all their rules removed). Both sides are linted with the same config.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SgLintConfig } from '../../../rules/config';
import { AssemblyLocator } from '../cli/cdk';
import { SKIPPED_DIRS, TEMPLATE_EXTENSIONS, collectFiles } from '../cli/files';
import { isTerraformFile, readModuleFolder } from '../cli/terraform';
import type { LintResult, TerraformLintResult, TerraformSource } from '../engine/lint';
import {
  clearTerraformCache,
  formatOf,
  lintDocument,
  lintTerraformModule,
  looksLikeTemplate,
} from '../engine/lint';
import type { LineIndex } from '../parse/lineIndex';
import type { ChangedFileFormat, FileChanges, RuleChange, SecurityChanges } from '../protocol';
import type { ChangeSet, TemplateSide } from './diff';
import { moduleRuleChanges, newFindings, templateRuleChanges } from './diff';
import { GitError, GitRepo } from './git';

export interface ChangesOptions {
  /** The git ref to compare with (default `HEAD`). */
  readonly base?: string;
  /** Paths in the report are relative to this folder. */
  readonly root: string;
  /** The config of files in a folder, used for both sides. */
  readonly configFor: (dir: string) => {
    readonly config: SgLintConfig;
    readonly isExcluded: (fsPath: string) => boolean;
  };
  /** A file's text as the user sees it when it is open in an editor (unsaved edits included). */
  readonly openText?: (fsPath: string) => string | undefined;
  /**
   * Drop Terraform parses between modules (the CLI: trees live in WebAssembly memory); the language
   * server keeps them for the editor's incremental parsing.
   */
  readonly dropParses?: boolean;
}

/** The scheme of the base side's URIs, so its parses never mix with the working tree's. */
const BASE_SCHEME = 'sg-lint-base:';

function baseUri(fileUri: string): string {
  return fileUri.replace(/^file:/, BASE_SCHEME);
}

function fromBaseUri(uri: string): string {
  return fileURLToPath(uri.replace(new RegExp(`^${BASE_SCHEME}`), 'file:'));
}

const toSlash = (p: string): string => p.split(path.sep).join('/');

function isTfvars(name: string): boolean {
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

interface Target {
  /** As given (absolute). */
  readonly path: string;
  readonly repo: GitRepo;
  readonly commit: string;
  /** Relative to the repository's top. */
  readonly rel: string;
  readonly isDir: boolean;
}

interface Candidate {
  readonly target: Target;
  /** The working tree has it. */
  readonly current: boolean;
  /** The base commit has it. */
  readonly inBase: boolean;
}

/** Computes the changes; git problems (no repository, an unknown ref) come back as `error`. */
export function computeChanges(paths: readonly string[], options: ChangesOptions): SecurityChanges {
  const ref = options.base?.trim() || 'HEAD';
  try {
    return compute(paths, ref, options);
  } catch (e) {
    if (e instanceof GitError) return { base: ref, files: [], error: e.message };
    throw e;
  }
}

function compute(paths: readonly string[], ref: string, options: ChangesOptions): SecurityChanges {
  const shown = (p: string): string => toSlash(path.relative(options.root, p)) || '.';
  const repos = new Map<string, { repo: GitRepo; commit: string }>();
  const targets: Target[] = [];
  for (const given of paths) {
    const abs = path.resolve(given);
    let isDir = false;
    let exists = true;
    try {
      isDir = fs.statSync(abs).isDirectory();
    } catch {
      exists = false;
    }
    const opened = GitRepo.open(isDir ? abs : path.dirname(abs), shown(abs));
    let known = repos.get(opened.top);
    if (!known) repos.set(opened.top, (known = { repo: opened, commit: opened.resolve(ref) }));
    const rel = known.repo.relative(abs);
    if (rel === undefined) throw new GitError(`${shown(abs)} is not in a git work tree`);
    // A path that is gone from disk can still be compared when the base has it (all its rules removed).
    if (!exists && known.repo.files(known.commit, rel).length === 0)
      throw new GitError(`${shown(abs)}: no such file or folder, here or in ${ref}`);
    targets.push({ path: abs, repo: known.repo, commit: known.commit, rel, isDir });
  }
  const commits = new Set([...repos.values()].map((r) => r.commit));
  const commit = commits.size === 1 ? [...commits][0]!.slice(0, 12) : undefined;

  // Every file of interest, as an absolute path under a target: the working tree's, then the base's.
  const candidates = new Map<string, Candidate>();
  const explicit = new Set(targets.filter((t) => !t.isDir).map((t) => t.path));
  const excluded = (file: string): boolean => options.configFor(path.dirname(file)).isExcluded(file);
  for (const t of targets) {
    const walk = collectFiles([t.path], excluded);
    for (const file of walk.files) candidates.set(file, { target: t, current: true, inBase: false });
  }
  for (const t of targets) {
    for (const entry of t.repo.files(t.commit, t.rel)) {
      const within = t.rel ? entry.path.slice(t.rel.length).replace(/^\//, '') : entry.path;
      const file = t.isDir || within ? path.join(t.path, ...within.split('/')) : t.path;
      const known = candidates.get(file);
      if (known) {
        candidates.set(file, { ...known, inBase: true });
        continue;
      }
      if (!explicit.has(file)) {
        const parts = within.split('/');
        if (parts.slice(0, -1).some((p) => SKIPPED_DIRS.has(p))) continue;
        if (!TEMPLATE_EXTENSIONS.has(path.extname(file).toLowerCase())) continue;
        if (excluded(file)) continue;
      }
      candidates.set(file, { target: t, current: fs.existsSync(file), inBase: true });
    }
  }

  const files: FileChanges[] = [];
  const modules = new Map<string, Target>();
  const assemblies = new AssemblyLocator();
  for (const [file, c] of [...candidates].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (isTerraformFile(file)) {
      if (!modules.has(path.dirname(file))) modules.set(path.dirname(file), c.target);
      continue;
    }
    const assembly = c.current ? assemblies.rootOf(file) : undefined;
    if (assembly && !/\.template\.json$/i.test(file)) continue;
    const result = compareTemplate(file, c, {
      shown: shown(file),
      config: options.configFor(path.dirname(file)).config,
      openText: options.openText,
      explicit: explicit.has(file),
      cdk: !!assembly,
    });
    if (result) files.push(result);
  }
  for (const [dir, target] of modules) {
    if (options.dropParses) clearTerraformCache();
    const result = compareModule(dir, target, {
      shown: shown(dir),
      config: options.configFor(dir).config,
      openText: options.openText,
    });
    if (result) files.push(result);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { base: ref, ...(commit ? { commit } : {}), files: withoutRepeats(files) };
}

/**
 * A module's findings include those in the local modules it calls; a called module in the comparison
 * too reports them itself when it finds the same: each finding is told once, where it is first seen.
 */
function withoutRepeats(files: FileChanges[]): FileChanges[] {
  const seen = new Set<string>();
  return files.map((f) => {
    if (f.format !== 'terraform') return f;
    const newFindings = f.newFindings.filter((x) => {
      const p = x.location.range.start;
      const key = `${x.location.uri}|${p.line}:${p.character}|${x.ruleId}|${x.group ?? ''}|${x.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return newFindings.length === f.newFindings.length ? f : { ...f, newFindings };
  });
}

interface FileContext {
  readonly shown: string;
  readonly config: SgLintConfig;
  readonly openText: ((fsPath: string) => string | undefined) | undefined;
}

function readText(file: string, openText: FileContext['openText']): string | undefined {
  const open = openText?.(file);
  if (open !== undefined) return open;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function status(current: string | undefined, base: string | undefined): FileChanges['status'] {
  if (current === undefined) return 'deleted';
  if (base === undefined) return 'new';
  return current === base ? 'unchanged' : 'modified';
}

function sideOf(result: LintResult | undefined): TemplateSide {
  return result?.kind === 'template'
    ? { root: result.tree.root, model: result.model, lines: result.lines }
    : { root: undefined };
}

function compareTemplate(
  file: string,
  c: Candidate,
  ctx: FileContext & { readonly explicit: boolean; readonly cdk: boolean },
): FileChanges | undefined {
  const uri = pathToFileURL(file).href;
  const currentText = c.current ? readText(file, ctx.openText) : undefined;
  const rel = c.target.repo.relative(file);
  const baseText = c.inBase && rel !== undefined ? c.target.repo.show(c.target.commit, rel) : undefined;
  if (currentText === undefined && baseText === undefined) return undefined;
  if (!ctx.explicit && !looksLikeTemplate(currentText ?? '') && !looksLikeTemplate(baseText ?? ''))
    return undefined;
  const producer = ctx.cdk ? ({ producer: 'cdk' } as const) : {};
  const lint = (u: string, text: string | undefined): LintResult | undefined =>
    text === undefined ? undefined : lintDocument({ uri: u, text, ...producer }, ctx.config);
  const current = lint(uri, currentText);
  const base = lint(baseUri(uri), baseText);
  const sample = currentText ?? baseText ?? '';
  const format: ChangedFileFormat = ctx.cdk
    ? 'cdk'
    : (formatOf(uri, sample) ?? (/^\s*[{[]/.test(sample.slice(0, 1024)) ? 'json' : 'yaml')) === 'json'
      ? 'cloudformation-json'
      : 'cloudformation-yaml';
  const head = { path: ctx.shown, uri, format, status: status(currentText, baseText) } as const;
  const empty = { added: [], removed: [], newFindings: [] };
  for (const r of [current, base])
    if (r?.kind === 'skipped')
      return {
        ...head,
        ...empty,
        error: `${r === base ? 'the base version ' : ''}was not linted: ${r.reason}`,
      };
  if (current?.kind !== 'template' && base?.kind !== 'template') {
    if (!ctx.explicit) return undefined;
    return { ...head, ...empty, error: 'not a CloudFormation template in either version' };
  }
  let changes: ChangeSet;
  try {
    changes = templateRuleChanges(sideOf(base), sideOf(current));
  } catch (e) {
    return { ...head, ...empty, error: `could not compare the templates: ${(e as Error).message}` };
  }
  const currentFindings = current?.kind === 'template' ? current.findings : [];
  const baseFindings = base?.kind === 'template' ? base.findings : [];
  return {
    ...head,
    ...changes,
    newFindings: newFindings(currentFindings, baseFindings, (u) =>
      current?.kind === 'template' && u === uri ? current.lines : undefined,
    ),
  };
}

/** A module folder's sources in the working tree, open documents as typed. */
function currentModule(
  dir: string,
  openText: FileContext['openText'],
): { files: TerraformSource[]; tfvars: TerraformSource[] } {
  return readModuleFolder(dir, openText) ?? { files: [], tfvars: [] };
}

/** A module folder's sources in the base commit, with base URIs. */
function baseModule(dir: string, target: Target): { files: TerraformSource[]; tfvars: TerraformSource[] } {
  const files: TerraformSource[] = [];
  const tfvars: TerraformSource[] = [];
  const relDir = target.repo.relative(dir);
  if (relDir === undefined) return { files, tfvars };
  for (const entry of target.repo.filesIn(target.commit, relDir)) {
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const tf = name.endsWith('.tf');
    if (!tf && !isTfvars(name)) continue;
    const text = target.repo.show(target.commit, entry.path);
    if (text !== undefined)
      (tf ? files : tfvars).push({ uri: baseUri(pathToFileURL(path.join(dir, name)).href), text });
  }
  return { files, tfvars };
}

function compareModule(dir: string, target: Target, ctx: FileContext): FileChanges | undefined {
  const uri = pathToFileURL(dir).href;
  const current = currentModule(dir, ctx.openText);
  const base = baseModule(dir, target);
  if (current.files.length === 0 && base.files.length === 0) return undefined;
  const textOf = (s: { files: TerraformSource[]; tfvars: TerraformSource[] }): string =>
    [...s.files, ...s.tfvars].map((f) => `${path.basename(f.uri)}\u0000${f.text}`).join('\u0000');
  const head = {
    path: ctx.shown,
    uri,
    format: 'terraform' as const,
    status:
      current.files.length === 0
        ? ('deleted' as const)
        : base.files.length === 0
          ? ('new' as const)
          : textOf(current) === textOf(base)
            ? ('unchanged' as const)
            : ('modified' as const),
  };
  const lint = (
    sources: { files: TerraformSource[]; tfvars: TerraformSource[] },
    dirUri: string,
    load: (dirUri: string) => { files: TerraformSource[]; tfvars: TerraformSource[] } | undefined,
  ): TerraformLintResult | undefined =>
    sources.files.length === 0
      ? undefined
      : lintTerraformModule(
          { dirUri, files: sources.files, tfvars: sources.tfvars, loadModule: load },
          ctx.config,
        );
  let currentResult: TerraformLintResult | undefined;
  let baseResult: TerraformLintResult | undefined;
  try {
    currentResult = lint(current, uri, (u) => currentModule(fileURLToPath(u), ctx.openText));
    baseResult = lint(base, baseUri(uri), (u) => baseModule(fromBaseUri(u), target));
  } catch (e) {
    if (e instanceof GitError) throw e;
    return { ...head, added: [], removed: [], newFindings: [], error: (e as Error).message };
  }
  for (const r of [currentResult, baseResult])
    if (r?.kind === 'skipped')
      return { ...head, added: [], removed: [], newFindings: [], error: `was not linted: ${r.reason}` };
  const cur = currentResult?.kind === 'module' ? currentResult : undefined;
  const old = baseResult?.kind === 'module' ? baseResult : undefined;
  const linesOf = (u: string): LineIndex | undefined => cur?.files.get(u)?.lines;
  const changes = moduleRuleChanges(old?.model, cur?.model, linesOf);
  // Rules of the local modules it calls, as instantiated by this module's arguments: a caller's
  // argument that opens a called module's group is a rule change here.
  const calls = [
    ...new Set([...(old?.calledModels.keys() ?? []), ...(cur?.calledModels.keys() ?? [])]),
  ].sort();
  for (const call of calls) {
    const inCall = moduleRuleChanges(old?.calledModels.get(call), cur?.calledModels.get(call), linesOf);
    const prefixed = (r: RuleChange): RuleChange => ({ ...r, group: `${call}.${r.group}` });
    changes.added.push(...inCall.added.map(prefixed));
    changes.removed.push(...inCall.removed.map(prefixed));
  }
  return {
    ...head,
    ...changes,
    // Findings in called local modules count too: there they name the caller's argument.
    newFindings: newFindings(cur?.findings ?? [], old?.findings ?? [], linesOf),
  };
}
