/**
 * The CLI's scan on several cores: the main thread walks the paths and plans (planScan), worker threads
 * lint templates and Terraform modules in batches, and the main thread merges their results exactly as
 * a single-threaded scan would (mergeScan), so the reports are the same. CDK assemblies stay on the main
 * thread (they are few and read their app's sources).
 *
 * What crosses threads is plain data: findings without their fix intents (which hold syntax trees; the
 * rendered fixes travel instead) and file texts instead of line indexes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SgLintConfig } from '../../../rules/config';
import type { Finding } from '../../../rules/types';
import type { LoadedConfigFile } from '../config/load';
import { findingKey } from '../engine/lint';
import type { RenderedFix } from '../fixes/render';
import { LineIndex } from '../parse/lineIndex';
import type { CliIo, Scan, TemplateJob, TemplateOutcome } from './scan';
import { lintPlan, mergeScan, planScan } from './scan';
import type { TerraformScan } from './terraform';

/** A Terraform scan as plain data. */
export interface PlainTerraformScan {
  readonly files: { uri: string; file: string; text: string; findings: Finding[]; fixes: RenderedFix[][] }[];
  readonly read: [string, { file: string; text: string }][];
  readonly modules: number;
  readonly skipped: { file: string; reason: string }[];
  readonly ruleFailures: { file: string; ruleId: string; error: string }[];
}

export type WorkerRequest =
  | { readonly id: number; readonly kind: 'templates'; readonly jobs: readonly TemplateJob[] }
  | {
      readonly id: number;
      readonly kind: 'terraform';
      readonly files: readonly string[];
      readonly configs: readonly [string, SgLintConfig][];
    };

export type WorkerReply =
  | { readonly id: number; readonly kind: 'templates'; readonly outcomes: TemplateOutcome[] }
  | { readonly id: number; readonly kind: 'terraform'; readonly scan: PlainTerraformScan }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

/** Findings as they cross threads: the fix intents stay behind (their rendered forms travel). */
export function plainFindings(findings: readonly Finding[]): Finding[] {
  return findings.map(({ fixes: _fixes, ...f }) => f);
}

export function toPlainTerraformScan(scan: TerraformScan): PlainTerraformScan {
  return {
    files: scan.files.map((f) => ({
      uri: f.uri,
      file: f.file,
      text: f.lines.text,
      findings: plainFindings(f.findings),
      fixes: f.fixes,
    })),
    read: [...scan.read].map(([uri, r]) => [uri, { file: r.file, text: r.lines.text }]),
    modules: scan.modules,
    skipped: scan.skipped,
    ruleFailures: scan.ruleFailures,
  };
}

/**
 * Several Terraform scans as one, as a single scan over all their folders would have been: a finding
 * that two modules report (a called module linted on its own and through its caller) counts once.
 */
function combineTerraform(scans: readonly PlainTerraformScan[]): TerraformScan {
  const byUri = new Map<string, TerraformScan['files'][number]>();
  const seen = new Set<string>();
  const read = new Map<string, { file: string; lines: LineIndex }>();
  let modules = 0;
  const skipped: TerraformScan['skipped'] = [];
  const ruleFailures: TerraformScan['ruleFailures'] = [];
  for (const scan of scans) {
    modules += scan.modules;
    skipped.push(...scan.skipped);
    ruleFailures.push(...scan.ruleFailures);
    for (const [uri, r] of scan.read)
      if (!read.has(uri)) read.set(uri, { file: r.file, lines: new LineIndex(r.text) });
    for (const f of scan.files) {
      let entry = byUri.get(f.uri);
      if (!entry)
        byUri.set(
          f.uri,
          (entry = { uri: f.uri, file: f.file, lines: new LineIndex(f.text), findings: [], fixes: [] }),
        );
      f.findings.forEach((x, i) => {
        const key = findingKey(x);
        if (seen.has(key)) return;
        seen.add(key);
        entry.findings.push(x);
        entry.fixes.push(f.fixes[i] ?? []);
      });
    }
  }
  return {
    files: [...byUri.values()].sort((a, b) => (a.file < b.file ? -1 : 1)),
    read,
    modules,
    results: [],
    skipped,
    ruleFailures,
  };
}

/** The worker script beside this one: worker.js when compiled by tsc, cli-worker.js in the bundle. */
function workerScript(): string | undefined {
  for (const name of ['worker.js', 'cli-worker.js']) {
    const p = path.join(__dirname, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** Below this many files and folders, starting threads costs more than it saves. */
const PARALLEL_THRESHOLD = 64;
const TEMPLATE_BATCH = 16;
const MODULE_BATCH = 8;

export async function scanPathsParallel(
  paths: readonly string[],
  explicitConfig: LoadedConfigFile | undefined,
  io: CliIo,
  jobs: number,
  parallelMin = PARALLEL_THRESHOLD,
): Promise<Scan> {
  const script = workerScript();
  const plan = planScan(paths, explicitConfig, io);
  const dirs = [...new Set(plan.tfFiles.map((f) => path.dirname(f)))].sort();
  if (jobs <= 1 || !script || plan.templateJobs.length + dirs.length < parallelMin) return lintPlan(plan, io);
  const tasks: WorkerRequest[] = [];
  let id = 0;
  // Terraform modules first: they are the slow part, and a long task last would leave a core idle.
  for (let i = 0; i < dirs.length; i += MODULE_BATCH) {
    const batch = dirs.slice(i, i + MODULE_BATCH);
    const files = plan.tfFiles.filter((f) => batch.includes(path.dirname(f)));
    tasks.push({ id: id++, kind: 'terraform', files, configs: batch.map((d) => [d, plan.configForDir(d)]) });
  }
  for (let i = 0; i < plan.templateJobs.length; i += TEMPLATE_BATCH)
    tasks.push({ id: id++, kind: 'templates', jobs: plan.templateJobs.slice(i, i + TEMPLATE_BATCH) });
  const outcomes = new Map<number, TemplateOutcome[]>();
  const terraform: PlainTerraformScan[] = [];
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => new Worker(script));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const task = tasks.shift();
              if (!task) return resolve();
              worker.postMessage(task);
            };
            worker.on('message', (reply: WorkerReply) => {
              if (reply.kind === 'error') return reject(new Error(reply.message));
              if (reply.kind === 'templates') outcomes.set(reply.id, reply.outcomes);
              else terraform.push(reply.scan);
              next();
            });
            worker.on('error', reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const ordered = [...outcomes].sort(([a], [b]) => a - b).flatMap(([, o]) => o);
  return mergeScan(plan, ordered, combineTerraform(terraform), io, false);
}
