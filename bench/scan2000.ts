/**
 * The workspace-scan budget: 2,000 IaC files made of copies of the shared corpus (templates one
 * by one, Terraform modules as whole folders, copied round-robin until 2,000 files), scanned by the
 * bundled CLI in a new process, with one worker thread and with two. Peak RSS is the process's
 * `maxRSS` (worker threads included), read by a preload module at exit.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectFiles } from '../server/src/cli/files';
import type { Summary } from './stats';
import { summarize } from './stats';

export const SCAN_FILES_TARGET = 2000;
export const SCAN_TIME_TARGET_MS = 10_000;
export const RSS_TARGET_BYTES = 300 * 1024 * 1024;

interface Unit {
  /** Files to copy, relative to `base`. */
  readonly files: readonly string[];
  readonly base: string;
}

/** Templates (one file each) and Terraform modules (a folder's .tf/.tfvars files) under the sources. */
function unitsOf(sources: readonly string[]): Unit[] {
  const units: Unit[] = [];
  for (const root of sources) {
    if (!fs.existsSync(root)) continue;
    // The CLI's own walk: IaC extensions only, dependency and tool folders skipped, sorted.
    const modules = new Map<string, string[]>();
    for (const f of collectFiles([root]).files.sort()) {
      const ext = path.extname(f).toLowerCase();
      if (ext === '.tf' || ext === '.tfvars') {
        const dir = path.dirname(f);
        modules.set(dir, [...(modules.get(dir) ?? []), path.basename(f)]);
      } else if (path.basename(f) !== 'manifest.json')
        units.push({ files: [path.basename(f)], base: path.dirname(f) });
    }
    for (const [dir, names] of modules) units.push({ files: names, base: dir });
  }
  return units;
}

export interface CorpusWorkspace {
  readonly dir: string;
  readonly files: number;
  readonly templates: number;
  readonly terraformFiles: number;
  readonly bytes: number;
  readonly source: string;
}

/** Writes the 2,000-file workspace into `dir` (emptied first). */
export function generateCorpusWorkspace(dir: string, corpus: string, repo: string): CorpusWorkspace {
  fs.rmSync(dir, { recursive: true, force: true });
  const fromCorpus = fs.existsSync(corpus);
  const units = unitsOf(
    fromCorpus ? [corpus] : [path.join(repo, 'test', 'fixtures'), path.join(repo, 'examples')],
  );
  if (units.length === 0) throw new Error('no templates or Terraform modules to copy');
  let files = 0;
  let templates = 0;
  let terraformFiles = 0;
  let bytes = 0;
  for (let round = 0; files < SCAN_FILES_TARGET; round++) {
    units.forEach((unit, u) => {
      if (files >= SCAN_FILES_TARGET) return;
      const target = path.join(
        dir,
        `copy-${String(round).padStart(2, '0')}`,
        `unit-${String(u).padStart(3, '0')}`,
      );
      fs.mkdirSync(target, { recursive: true });
      for (const name of unit.files) {
        if (files >= SCAN_FILES_TARGET) break;
        const text = fs.readFileSync(path.join(unit.base, name));
        fs.writeFileSync(path.join(target, name), text);
        files++;
        bytes += text.length;
        if (/\.(tf|tfvars)$/.test(name)) terraformFiles++;
        else templates++;
      }
    });
  }
  return {
    dir,
    files,
    templates,
    terraformFiles,
    bytes,
    source: fromCorpus ? 'the shared corpus' : 'test/fixtures and examples',
  };
}

export interface ScanRun {
  readonly jobs: number;
  readonly time: Summary;
  readonly peakRss: Summary;
  readonly findings: number;
}

/** Scans the workspace `runs` times with the bundled CLI in a new process each time. */
export function measureCorpusScan(
  cli: string,
  workspace: string,
  jobs: number,
  runs: number,
  scratch: string,
): ScanRun {
  const preload = path.join(scratch, 'maxrss-preload.cjs');
  const rssFile = path.join(scratch, `maxrss-${jobs}.txt`);
  fs.writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS * 1024)));\n`,
  );
  const times: number[] = [];
  const rss: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      ['--require', preload, cli, workspace, '--format', 'json', '--fail-on', 'none', '--jobs', String(jobs)],
      { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
    );
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`the CLI exited with ${r.status}: ${r.stderr.slice(0, 2000)}`);
    const report = JSON.parse(r.stdout) as { files?: { findings?: unknown[] }[] };
    findings = (report.files ?? []).reduce((n, f) => n + (f.findings?.length ?? 0), 0);
    rss.push(Number(fs.readFileSync(rssFile, 'utf8')));
  }
  return { jobs, time: summarize(times), peakRss: summarize(rss), findings };
}
