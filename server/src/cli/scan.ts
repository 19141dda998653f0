/**
 * Finding and linting everything under some paths the way the CLI does: CloudFormation templates,
 * Terraform modules (a folder each) and CDK cloud assemblies, with each file's nearest config. The CLI
 * reports what it finds; the graph (CLI and language server) reads the models behind it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SgLintConfig } from '../../../rules/config';
import type { Finding } from '../../../rules/types';
import type { LoadedConfigFile, ResolvedConfig } from '../config/load';
import { folderConfigs } from '../config/load';
import { lintDocument, looksLikeTemplate } from '../engine/lint';
import type { RenderedFix } from '../fixes/render';
import { renderFixes } from '../fixes/render';
import type { GraphInput } from '../graph/build';
import { LineIndex } from '../parse/lineIndex';
import type { SarifNotification } from '../report/sarif';
import { AssemblyLocator, scanCdk } from './cdk';
import { collectFiles, commonRoot } from './files';
import type { TerraformScan } from './terraform';
import { isTerraformFile, scanTerraform } from './terraform';

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
  readonly color: boolean;
}

export interface ScannedFile {
  relativePath: string;
  uri: string;
  lines: LineIndex;
  findings: Finding[];
  fixes: RenderedFix[][];
}

export interface Scan {
  readonly root: string;
  readonly scanned: ScannedFile[];
  readonly skipped: { relativePath: string; reason: string }[];
  readonly notifications: SarifNotification[];
  readonly templates: number;
  readonly modules: number;
  readonly filesScanned: number;
  readonly ioError: boolean;
  /** The models behind the findings, for the graph. */
  readonly graphInputs: GraphInput[];
  readonly resolve: (uri: string) => { relativePath: string; lines: LineIndex } | undefined;
  /** Positions in any file the lints read. */
  readonly linesOf: (uri: string) => LineIndex | undefined;
}

/** One template to lint: where it is, and the config that applies to it. */
export interface TemplateJob {
  readonly file: string;
  readonly relativePath: string;
  /** Named on the command line: linted even when it does not look like a template. */
  readonly explicit: boolean;
  readonly config: SgLintConfig;
}

/** What linting one template gave; plain data, so a worker thread can send it back. */
export interface TemplateOutcome {
  readonly relativePath: string;
  readonly uri: string;
  readonly readError?: string;
  readonly skipped?: string;
  readonly ruleFailures: readonly { readonly ruleId: string; readonly error: string }[];
  readonly scanned?: { readonly text: string; readonly findings: Finding[]; readonly fixes: RenderedFix[][] };
  /** Only when models are kept (never across threads). */
  readonly graphInput?: GraphInput;
}

const readFromDisk = (file: string): string => fs.readFileSync(file, 'utf8');

/**
 * Lints one template file. `readText` reads it (from disk; the editor's workspace scan passes one that
 * answers open documents with their text as typed).
 */
export function lintTemplateJob(
  job: TemplateJob,
  keepModels = false,
  readText: (file: string) => string = readFromDisk,
): TemplateOutcome {
  const uri = pathToFileURL(job.file).href;
  const base = { relativePath: job.relativePath, uri, ruleFailures: [] };
  let text: string;
  try {
    text = readText(job.file);
  } catch (e) {
    return { ...base, readError: (e as Error).message };
  }
  // Quick pre-filter for files found by walking folders: package.json and friends are not templates.
  if (!job.explicit && !looksLikeTemplate(text)) return base;
  const result = lintDocument({ uri, text }, job.config);
  if (result.kind === 'skipped') return result.looksLikeTemplate ? { ...base, skipped: result.reason } : base;
  if (result.kind !== 'template') return base;
  const doc = { uri, text, format: result.format, tree: result.tree };
  const fixes = result.findings.map((f) => renderFixes(f, doc));
  return {
    ...base,
    ruleFailures: result.ruleFailures.map((f) => ({ ruleId: f.ruleId, error: f.error })),
    scanned: { text, findings: result.findings, fixes },
    ...(keepModels
      ? {
          graphInput: {
            key: job.relativePath,
            file: job.relativePath,
            uri,
            model: result.model,
            findings: result.findings,
          },
        }
      : {}),
  };
}

/** What a scan will do: the files found, sorted into templates, Terraform files and CDK assemblies. */
export interface ScanPlan {
  readonly root: string;
  readonly rel: (abs: string) => string;
  readonly filesScanned: number;
  readonly ioError: boolean;
  readonly templateJobs: TemplateJob[];
  readonly tfFiles: string[];
  readonly configForDir: (dir: string) => SgLintConfig;
  readonly cdkFiles: ReadonlyMap<string, ReadonlySet<string>>;
  readonly configFor: (file: string) => SgLintConfig;
}

/** Walks the paths and decides what each file is, with its config; reports config problems once. */
export function planScan(
  paths: readonly string[],
  explicitConfig: LoadedConfigFile | undefined,
  io: CliIo,
): ScanPlan {
  const root = commonRoot(paths);
  const configForDir = folderConfigs(explicitConfig, root);
  const configFor = (file: string): ResolvedConfig => configForDir(path.dirname(file));
  const reportedProblems = new Set<string>();
  // The scanned root's own config decides which folders the walk skips.
  const rootConfig = configForDir(root);
  const walk = collectFiles(paths, (p) => rootConfig.isExcluded(p));
  for (const e of walk.errors)
    io.stderr(`sg-lint: ${path.relative(io.cwd, e.path) || e.path}: ${e.message}\n`);
  const explicitFiles = new Set(paths);
  const rel = (abs: string): string =>
    path.relative(root, abs).split(path.sep).join('/') || path.basename(abs);
  const templateJobs: TemplateJob[] = [];
  const tfFiles: string[] = [];
  const assemblies = new AssemblyLocator();
  const cdkFiles = new Map<string, Set<string>>();
  for (const file of walk.files) {
    const resolved = configFor(file);
    for (const p of resolved.problems) {
      const msg = `${resolved.file ? path.relative(io.cwd, resolved.file) : 'config'}: ${p.key ? `${p.key}: ` : ''}${p.message}`;
      if (!reportedProblems.has(msg)) {
        reportedProblems.add(msg);
        io.stderr(`sg-lint: warning: ${msg}\n`);
      }
    }
    if (resolved.isExcluded(file)) continue;
    // CDK synth output is linted through its assembly, for construct paths and source lines.
    const assemblyRoot = assemblies.rootOf(file);
    if (assemblyRoot) {
      let walked = cdkFiles.get(assemblyRoot);
      if (!walked) cdkFiles.set(assemblyRoot, (walked = new Set()));
      walked.add(file);
      continue;
    }
    if (isTerraformFile(file)) {
      tfFiles.push(file);
      continue;
    }
    templateJobs.push({
      file,
      relativePath: rel(file),
      explicit: explicitFiles.has(file),
      config: resolved.config,
    });
  }
  return {
    root,
    rel,
    filesScanned: walk.files.length,
    ioError: walk.errors.length > 0,
    templateJobs,
    tfFiles,
    configForDir: (dir) => configForDir(dir).config,
    cdkFiles,
    configFor: (file) => configFor(file).config,
  };
}

/** Puts the parts of a scan together: reports, notifications, and where related files are. */
export function mergeScan(
  plan: ScanPlan,
  outcomes: readonly TemplateOutcome[],
  terraform: TerraformScan,
  io: CliIo,
  keepModels: boolean,
): Scan {
  const { rel } = plan;
  const scanned: ScannedFile[] = [];
  const skipped: { relativePath: string; reason: string }[] = [];
  const notifications: SarifNotification[] = [];
  const graphInputs: GraphInput[] = [];
  let ioError = plan.ioError;
  let templates = 0;
  for (const o of outcomes) {
    if (o.readError !== undefined) {
      io.stderr(`sg-lint: ${o.relativePath}: ${o.readError}\n`);
      ioError = true;
      continue;
    }
    if (o.skipped !== undefined) {
      skipped.push({ relativePath: o.relativePath, reason: o.skipped });
      notifications.push({
        level: 'warning',
        message: `${o.relativePath} was not linted: ${o.skipped}`,
        relativePath: o.relativePath,
      });
      continue;
    }
    if (!o.scanned) continue;
    templates++;
    for (const f of o.ruleFailures) {
      io.stderr(
        `sg-lint: internal error in rule ${f.ruleId} on ${o.relativePath} (other rules still ran): ${f.error.split('\n')[0]}\n`,
      );
      notifications.push({
        level: 'error',
        message: `rule ${f.ruleId} failed on this file: ${f.error.split('\n')[0]}`,
        relativePath: o.relativePath,
      });
    }
    if (o.graphInput) graphInputs.push(o.graphInput);
    scanned.push({
      relativePath: o.relativePath,
      uri: o.uri,
      lines: new LineIndex(o.scanned.text),
      findings: o.scanned.findings,
      fixes: o.scanned.fixes,
    });
  }
  for (const s of terraform.skipped) {
    skipped.push({ relativePath: rel(s.file), reason: s.reason });
    notifications.push({
      level: 'warning',
      message: `${rel(s.file)} was not linted: ${s.reason}`,
      relativePath: rel(s.file),
    });
  }
  for (const f of terraform.ruleFailures) {
    io.stderr(
      `sg-lint: internal error in rule ${f.ruleId} on ${rel(f.file)} (other rules still ran): ${f.error.split('\n')[0]}\n`,
    );
    notifications.push({
      level: 'error',
      message: `rule ${f.ruleId} failed on this module: ${f.error.split('\n')[0]}`,
      relativePath: rel(f.file),
    });
  }
  for (const m of terraform.results)
    if (keepModels)
      graphInputs.push({
        key: rel(m.dir) || '.',
        file: rel(m.dir) || '.',
        model: m.model,
        findings: m.findings,
      });
  for (const f of terraform.files)
    scanned.push({
      relativePath: rel(f.file),
      uri: f.uri,
      lines: f.lines,
      findings: f.findings,
      fixes: f.fixes,
    });
  const cdk = scanCdk(plan.cdkFiles, plan.configFor);
  for (const p of cdk.problems) {
    io.stderr(`sg-lint: warning: ${rel(p.file)} ${p.message}\n`);
    notifications.push({
      level: 'warning',
      message: `${rel(p.file)} ${p.message}`,
      relativePath: rel(p.file),
    });
  }
  for (const hint of new Set(cdk.hints)) {
    io.stderr(`sg-lint: note: ${hint}\n`);
    notifications.push({ level: 'note', message: hint });
  }
  for (const s of cdk.skipped) {
    skipped.push({ relativePath: rel(s.file), reason: s.reason });
    notifications.push({
      level: 'warning',
      message: `${rel(s.file)} was not linted: ${s.reason}`,
      relativePath: rel(s.file),
    });
  }
  for (const f of cdk.ruleFailures) {
    io.stderr(
      `sg-lint: internal error in rule ${f.ruleId} on ${rel(f.file)} (other rules still ran): ${f.error.split('\n')[0]}\n`,
    );
    notifications.push({
      level: 'error',
      message: `rule ${f.ruleId} failed on this file: ${f.error.split('\n')[0]}`,
      relativePath: rel(f.file),
    });
  }
  templates += cdk.templates.length;
  for (const t of cdk.templates)
    if (keepModels)
      graphInputs.push({
        key: rel(t.file),
        file: rel(t.file),
        uri: t.uri,
        model: t.model,
        findings: t.findings,
        constructOf: t.constructOf,
      });
  // Generated files get no fixes: the change belongs in the CDK code.
  for (const t of cdk.templates)
    scanned.push({ relativePath: rel(t.file), uri: t.uri, lines: t.lines, findings: t.findings, fixes: [] });
  scanned.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));

  // Related locations and fixes may be in other files the lints read (a tfvars entry, a called module).
  const byUri = new Map(scanned.map((f) => [f.uri, f]));
  const resolve = (uri: string): { relativePath: string; lines: LineIndex } | undefined => {
    const known = byUri.get(uri);
    if (known) return known;
    const other = terraform.read.get(uri);
    if (other) return { relativePath: rel(other.file), lines: other.lines };
    const source = cdk.sources.get(uri);
    return source ? { relativePath: rel(source.path), lines: source.lines } : undefined;
  };

  const linesOf = (uri: string): LineIndex | undefined => resolve(uri)?.lines;
  return {
    root: plan.root,
    scanned,
    skipped,
    notifications,
    templates,
    modules: terraform.modules,
    filesScanned: plan.filesScanned,
    ioError,
    graphInputs,
    resolve,
    linesOf,
  };
}

/** Finds and lints everything under `paths`: templates, Terraform modules, CDK assemblies. */
export function scanPaths(
  paths: readonly string[],
  explicitConfig: LoadedConfigFile | undefined,
  io: CliIo,
  options: { readonly keepModels?: boolean } = {},
): Scan {
  // Models hold every parsed tree and value: a report needs only findings, so they are kept on request.
  return lintPlan(planScan(paths, explicitConfig, io), io, options.keepModels === true);
}

/** Lints what a plan found, on this thread. */
export function lintPlan(plan: ScanPlan, io: CliIo, keepModels = false): Scan {
  const outcomes = plan.templateJobs.map((job) => lintTemplateJob(job, keepModels));
  const terraform = scanTerraform(plan.tfFiles, plan.configForDir);
  return mergeScan(plan, outcomes, terraform, io, keepModels);
}
