/**
 * The engine fuzz test's child process. It builds input k of the run (inputs.ts), announces it, lints it
 * as the CLI does (lintDocument for a template, lintTerraformModule for the file's folder, fixes rendered
 * for every finding), checks the result and reports the time. Running in a child lets the test kill an
 * input that never returns, and survive one that aborts the process or runs out of memory, and still
 * name the input.
 */
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG } from '../../rules/config';
import type { TextRange } from '../../rules/model';
import type { Finding } from '../../rules/types';
import { readModuleFolder } from '../../server/src/cli/terraform';
import type { TerraformSource } from '../../server/src/engine/lint';
import { lintDocument, lintTerraformModule } from '../../server/src/engine/lint';
import type { FixDocument } from '../../server/src/fixes/render';
import { pendingFixes, renderFixes } from '../../server/src/fixes/render';
import { initTerraform } from '../../server/src/terraform/treeSitter';
import type { FuzzFile, FuzzInput, FuzzMode, InputFormat } from './inputs';
import { collectInputs, inputFor } from './inputs';

export interface WorkerPlan {
  readonly seed: number;
  readonly mode: FuzzMode;
  /** Exactly these inputs, in this order (a replay); otherwise from `startK` on. */
  readonly ks?: readonly number[];
  readonly startK: number;
  /** Stop (after `minInputs`) at this Date.now(). */
  readonly deadline: number;
  readonly minInputs: number;
}

export interface InputRecord {
  readonly k: number;
  readonly rel: string;
  readonly format: InputFormat;
  readonly size: number;
  readonly ops: readonly string[];
  /** The engine's time for the input (lintDocument or lintTerraformModule). */
  readonly ms: number;
  /** Rendering every finding's fixes, as the CLI does for SARIF. */
  readonly fixMs: number;
  readonly kind: string;
  readonly findings: number;
  /** What is wrong with the result: a throw, a finding outside the text, a rule that failed. */
  readonly problems: string[];
  /** The input linted before this one on the same file in this process (the Terraform parse cache). */
  readonly previousOnFile?: number;
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly files: number }
  | {
      readonly type: 'begin';
      readonly k: number;
      readonly rel: string;
      readonly size: number;
      readonly ops: readonly string[];
    }
  | { readonly type: 'end'; readonly record: InputRecord }
  | { readonly type: 'done'; readonly nextK: number };

const KINDS = new Set(['template', 'not-template', 'skipped', 'module']);
const SEVERITIES = new Set(['error', 'warning', 'note']);

function send(message: WorkerMessage): Promise<void> {
  // Waiting for the write means the parent knows the input before a hang in it can starve the pipe.
  return new Promise((resolve, reject) =>
    process.send!(message, undefined, {}, (e) => (e ? reject(e) : resolve())),
  );
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 6).join('\n') : String(e);
}

function inside(range: TextRange | undefined, text: string | undefined): boolean {
  return (
    !!range &&
    text !== undefined &&
    Number.isInteger(range.start) &&
    Number.isInteger(range.end) &&
    range.start >= 0 &&
    range.start <= range.end &&
    range.end <= text.length
  );
}

/** Problems with one finding and its fixes; `textOf` knows every file the lint read. */
function checkFinding(f: Finding, textOf: (uri: string) => string | undefined, doc: FixDocument): string[] {
  const problems: string[] = [];
  const where = `${f.ruleId} ${JSON.stringify(f.range)} in ${path.basename(f.uri)}`;
  if (!/^SG\d{3}$/.test(f.ruleId)) problems.push(`finding with rule id ${JSON.stringify(f.ruleId)}`);
  if (!SEVERITIES.has(f.severity)) problems.push(`${where}: severity ${JSON.stringify(f.severity)}`);
  if (typeof f.message !== 'string' || !f.message.trim()) problems.push(`${where}: empty message`);
  if (!inside(f.range, textOf(f.uri)))
    problems.push(`${where}: range outside the text (${textOf(f.uri)?.length ?? 'unknown file'})`);
  for (const r of f.related ?? [])
    if (!inside(r.range, textOf(r.uri)))
      problems.push(
        `${where}: related ${JSON.stringify(r.range)} in ${path.basename(r.uri)} outside the text`,
      );
  try {
    for (const fix of renderFixes(f, doc))
      for (const e of fix.edits)
        if (!inside(e.range, textOf(e.uri)))
          problems.push(
            `${where}: fix "${fix.title}" edits ${JSON.stringify(e.range)} outside ${path.basename(e.uri)}`,
          );
    pendingFixes(f, doc);
  } catch (e) {
    problems.push(`${where}: rendering its fixes threw ${errorText(e)}`);
  }
  return problems;
}

const folders = new Map<string, { files: TerraformSource[]; tfvars: TerraformSource[] } | undefined>();

function folder(dir: string): { files: TerraformSource[]; tfvars: TerraformSource[] } | undefined {
  if (!folders.has(dir)) folders.set(dir, readModuleFolder(dir));
  return folders.get(dir);
}

function lintTemplate(
  input: FuzzInput,
  file: FuzzFile,
): Omit<InputRecord, 'k' | 'rel' | 'format' | 'size' | 'ops'> {
  const uri = pathToFileURL(file.path).href;
  const problems: string[] = [];
  const t0 = performance.now();
  const result = lintDocument(
    {
      uri,
      text: input.text,
      format: file.syntax === 'json' ? 'json' : 'yaml',
      ...(file.format === 'cdk-json' ? { producer: 'cdk' as const } : {}),
    },
    DEFAULT_CONFIG,
  );
  const ms = performance.now() - t0;
  // The documented kinds of a template lint; a Terraform module result here would be a mix-up.
  if (!KINDS.has(result.kind) || (result.kind as string) === 'module')
    problems.push(`result kind ${JSON.stringify(result.kind)}`);
  let findings = 0;
  const t1 = performance.now();
  if (result.kind === 'template') {
    findings = result.findings.length;
    if (result.text !== input.text) problems.push('the result carries another text');
    for (const r of result.ruleFailures)
      problems.push(`rule ${r.ruleId} threw: ${r.error.split('\n').slice(0, 4).join('\n')}`);
    const doc: FixDocument = { uri, text: input.text, format: result.format, tree: result.tree };
    const textOf = (u: string): string | undefined => (u === uri ? input.text : undefined);
    for (const f of result.findings) problems.push(...checkFinding(f, textOf, doc));
  } else if (result.kind === 'skipped' && !result.reason) problems.push('skipped without a reason');
  return { ms, fixMs: performance.now() - t1, kind: result.kind, findings, problems };
}

function lintTerraform(
  input: FuzzInput,
  file: FuzzFile,
): Omit<InputRecord, 'k' | 'rel' | 'format' | 'size' | 'ops'> {
  const dir = path.dirname(file.path);
  const uri = pathToFileURL(file.path).href;
  const sources = folder(dir) ?? { files: [], tfvars: [] };
  const replace = (list: TerraformSource[]): TerraformSource[] =>
    list.map((s) => (s.uri === uri ? { uri, text: input.text } : s));
  const files = replace(sources.files);
  const tfvars = replace(sources.tfvars);
  // A tfvars file Terraform does not load by itself is still linted with its folder here.
  if (![...files, ...tfvars].some((s) => s.uri === uri))
    (file.format === 'tfvars' ? tfvars : files).push({ uri, text: input.text });
  const problems: string[] = [];
  const t0 = performance.now();
  const result = lintTerraformModule(
    {
      dirUri: pathToFileURL(dir).href,
      files,
      tfvars,
      loadModule: (dirUri) => folder(fileURLToPath(dirUri)),
    },
    DEFAULT_CONFIG,
  );
  const ms = performance.now() - t0;
  const t1 = performance.now();
  let findings = 0;
  if (result.kind === 'module') {
    findings = result.findings.length;
    const textOf = (u: string): string | undefined => result.files.get(u)?.text;
    if (!result.files.has(uri) && !result.skipped.some((s) => s.uri === uri))
      problems.push('the fuzzed file is neither read nor skipped');
    for (const r of result.ruleFailures)
      problems.push(`rule ${r.ruleId} threw: ${r.error.split('\n').slice(0, 4).join('\n')}`);
    for (const f of result.findings) {
      const text = textOf(f.uri);
      problems.push(...checkFinding(f, textOf, { uri: f.uri, text: text ?? '', format: 'hcl', textOf }));
    }
  } else if (result.kind === 'skipped') problems.push(`module skipped: ${result.reason}`);
  else problems.push(`result kind ${JSON.stringify((result as { kind: unknown }).kind)}`);
  return { ms, fixMs: performance.now() - t1, kind: result.kind, findings, problems };
}

async function run(plan: WorkerPlan): Promise<void> {
  await initTerraform();
  const { files } = collectInputs();
  await send({ type: 'ready', files: files.length });
  const lastOnFile = new Map<string, number>();
  const ks = plan.ks;
  let done = 0;
  let k = plan.startK;
  for (;;) {
    if (ks) {
      if (done >= ks.length) break;
      k = ks[done]!;
    } else if (done >= plan.minInputs && Date.now() >= plan.deadline) break;
    const input = inputFor(files, plan.seed, k, plan.mode);
    const { file } = input;
    await send({ type: 'begin', k, rel: file.rel, size: input.text.length, ops: input.ops });
    let outcome: Omit<InputRecord, 'k' | 'rel' | 'format' | 'size' | 'ops'>;
    try {
      outcome = file.syntax === 'hcl' ? lintTerraform(input, file) : lintTemplate(input, file);
    } catch (e) {
      outcome = { ms: 0, fixMs: 0, kind: 'threw', findings: 0, problems: [`threw: ${errorText(e)}`] };
    }
    const previousOnFile = lastOnFile.get(file.path);
    lastOnFile.set(file.path, k);
    await send({
      type: 'end',
      record: {
        k,
        rel: file.rel,
        format: file.format,
        size: input.text.length,
        ops: input.ops,
        ...outcome,
        ...(previousOnFile !== undefined ? { previousOnFile } : {}),
      },
    });
    done++;
    k++;
  }
  await send({ type: 'done', nextK: k });
}

process.once('message', (plan: WorkerPlan) => {
  run(plan).then(
    () => process.disconnect(),
    (e) => {
      console.error(`fuzz worker failed: ${errorText(e)}`);
      process.exit(3);
    },
  );
});
