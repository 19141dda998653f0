/**
 * Robustness fuzz of the engine: every template and Terraform file of test/fixtures, examples/ and the
 * shared corpus, first as it is and then mutated round after round (mutate.ts: truncation, byte flips,
 * inserted tabs/quotes/braces/tags/aliases, deep nesting, huge repeats, deleted and swapped lines, huge
 * numbers, binary chunks, pieces of other inputs) until the time budget is spent. Each input is linted
 * the way the CLI lints it, in a child process (engineWorker.ts) that the test kills when an input does
 * not return; every input must return a result of a documented kind without throwing, with every
 * finding, related location and fix edit inside the text, no rule failing, within the time bound.
 *
 * Short form (npm test): 15 s of inputs, and at least every file as it is and mutated once (about 600
 * inputs, huge repeats up to 512 KB). Long form: `npm run fuzz` (SG_LINT_FUZZ=long), 5 minutes (about
 * 7,500 inputs) and huge repeats up to 3 MB (past maxFileSize, which must be skipped quickly). Knobs:
 * - SG_LINT_FUZZ_SEED: the run's seed (printed); the same seed and mode give the same inputs.
 * - SG_LINT_FUZZ_SECONDS: the budget instead of 15 s / 300 s.
 * - SG_LINT_FUZZ_CORPUS: the shared corpus folder instead of ../shared/corpus.
 * - SG_LINT_FUZZ_REPLAY=k[,k…]: lint exactly those inputs of the seed, in order (a failure prints the
 *   inputs to replay, with the one linted before on the same file: the Terraform parse cache keeps it).
 * Failing inputs are also written to $TMPDIR/sg-lint-fuzz/ to open in an editor or give to the CLI.
 *
 * Time bound per input: {@link boundMs}. Measured on the development machine (Node 20, one worker): the
 * slowest original file lints in about 0.15 s; mutated inputs under 100 KB in at most about 0.4 s; YAML
 * grows at about 1.1 s per MB (2 MB: 2.2 s) and Terraform at about 1 s per MB (JSON is faster). The bound
 * is 2 s up to 512 KB and 4 s per MB above it: about twice the slowest measured time at every size, so a
 * slower CI machine or a major GC during an input does not fail the run, and something superlinear does.
 * An input still running after 30 s (or five times its bound) is killed and reported as a hang.
 */
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InputRecord, WorkerMessage, WorkerPlan } from './engineWorker';
import type { FuzzMode, InputFormat } from './inputs';
import { CORPUS_ROOT, collectInputs, inputFor } from './inputs';
import { runSeed } from './mutate';

const MODE: FuzzMode = process.env.SG_LINT_FUZZ === 'long' ? 'long' : 'short';
const SECONDS = Number(process.env.SG_LINT_FUZZ_SECONDS) || (MODE === 'long' ? 300 : 15);
const REPLAY = process.env.SG_LINT_FUZZ_REPLAY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map(Number);
const WORKER = path.join(__dirname, 'engineWorker.js');
const MB = 1024 * 1024;

/**
 * The time an input of `size` characters may take (see the file comment for the measurements).
 * Terraform gets more: tree-sitter's recovery after a syntax error can be slow (a parse is given up
 * after PARSE_BUDGET_MS, and a broken file is parsed again per segment), and every call of a local
 * module lints the module again (1,600 calls of a 200 KB module: 2.5 s) — both known, both linear.
 */
function boundMs(size: number, format?: InputFormat): number {
  if (format === 'terraform' || format === 'tfvars') return Math.max(6000, (6000 * size) / MB);
  return Math.max(2000, (4000 * size) / MB);
}

/** An input that has not returned by then is killed and reported as a hang. */
function hangMs(size: number): number {
  return Math.max(30_000, 5 * boundMs(size));
}

interface Failure {
  readonly k: number;
  readonly type: 'problem' | 'slow' | 'hang' | 'crash';
  readonly rel: string;
  readonly size: number;
  readonly ops: readonly string[];
  readonly detail: string;
  readonly previousOnFile?: number;
}

type Begin = Extract<WorkerMessage, { type: 'begin' }>;

type WorkerOutcome =
  | { readonly kind: 'done'; readonly nextK: number }
  | { readonly kind: 'hang' | 'crash'; readonly begin: Begin | undefined; readonly detail: string };

/** One worker process over the plan; resolves when it finishes, hangs on an input, or dies. */
function runWorker(plan: WorkerPlan, onRecord: (r: InputRecord) => void): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const child: ChildProcess = fork(WORKER, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    const keep = (d: Buffer): void => {
      output = (output + d.toString()).slice(-8000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let current: Begin | undefined;
    let nextK: number | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (o: WorkerOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const watch = (ms: number, what: () => string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        settle({ kind: 'hang', begin: current, detail: what() });
      }, ms);
    };
    watch(60_000, () => 'the worker did not start within 60 s');
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') clearTimeout(timer);
      else if (m.type === 'begin') {
        current = m;
        const limit = hangMs(m.size);
        watch(limit, () => `no result within ${limit / 1000} s (killed)`);
      } else if (m.type === 'end') {
        clearTimeout(timer);
        current = undefined;
        onRecord(m.record);
      } else nextK = m.nextK;
    });
    child.on('exit', (code, signal) => {
      if (code === 0 && nextK !== undefined) settle({ kind: 'done', nextK });
      else
        settle({
          kind: 'crash',
          begin: current,
          detail: `worker exited (code ${code}, signal ${signal})${output ? `: ${output.trim().slice(-2000)}` : ''}`,
        });
    });
    child.send(plan);
  });
}

function kb(size: number): string {
  return size >= MB ? `${(size / MB).toFixed(2)} MB` : `${(size / 1024).toFixed(1)} KB`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
}

describe('engine fuzz: mutated fixtures and corpus', function () {
  this.timeout((SECONDS + 180) * 1000);

  it(`lints every input without throwing, with findings inside the text, in time (${MODE} form)`, async function () {
    const seed = runSeed();
    const { files, corpusFound } = collectInputs();
    assert.ok(files.length > 20, `only ${files.length} fuzz inputs found`);
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    // Every file as it is, then every file mutated at least once, whatever the budget.
    const minInputs = 2 * files.length;
    console.log(
      `\n  engine fuzz (${MODE}): seed ${seed} (replay with SG_LINT_FUZZ_SEED=${seed}${MODE === 'long' ? ' SG_LINT_FUZZ=long' : ''}), ` +
        `${files.length} files${corpusFound ? '' : ` (no corpus at ${CORPUS_ROOT})`}, budget ${SECONDS} s`,
    );

    const records: InputRecord[] = [];
    const failures: Failure[] = [];
    const onRecord = (r: InputRecord): void => {
      records.push(r);
      const base = {
        k: r.k,
        rel: r.rel,
        size: r.size,
        ops: r.ops,
        ...(r.previousOnFile !== undefined ? { previousOnFile: r.previousOnFile } : {}),
      };
      for (const p of r.problems) failures.push({ ...base, type: 'problem', detail: p });
      const total = r.ms + r.fixMs;
      if (total > boundMs(r.size, r.format))
        failures.push({
          ...base,
          type: 'slow',
          detail: `${Math.round(r.ms)} ms lint + ${Math.round(r.fixMs)} ms fixes, over the ${Math.round(boundMs(r.size, r.format))} ms bound for ${kb(r.size)}`,
        });
    };

    let startK = 0;
    let replayLeft = REPLAY;
    for (let restarts = 0; ; restarts++) {
      const plan: WorkerPlan = {
        seed,
        mode: MODE,
        startK,
        deadline,
        minInputs: Math.max(0, minInputs - records.length),
        ...(replayLeft ? { ks: replayLeft } : {}),
      };
      const outcome = await runWorker(plan, onRecord);
      if (outcome.kind === 'done') break;
      const b = outcome.begin;
      failures.push({
        k: b?.k ?? -1,
        type: outcome.kind,
        rel: b?.rel ?? '(between inputs)',
        size: b?.size ?? 0,
        ops: b?.ops ?? [],
        detail: outcome.detail,
      });
      if (!b || restarts >= 8) break;
      if (replayLeft) replayLeft = replayLeft.slice(replayLeft.indexOf(b.k) + 1);
      if (replayLeft?.length === 0) break;
      startK = b.k + 1;
    }
    const elapsed = (Date.now() - started) / 1000;

    // The report: inputs per format, results, sizes and times, the slowest inputs.
    const byFormat = new Map<InputFormat, InputRecord[]>();
    for (const r of records) byFormat.set(r.format, [...(byFormat.get(r.format) ?? []), r]);
    const tried = records.length + failures.filter((f) => f.type === 'hang' || f.type === 'crash').length;
    console.log(
      `  ${tried} inputs tried in ${elapsed.toFixed(1)} s (${records.filter((r) => r.ops.length).length} mutated); per format:`,
    );
    for (const [format, list] of [...byFormat].sort()) {
      const times = list.map((r) => r.ms + r.fixMs).sort((a, b) => a - b);
      const kinds = new Map<string, number>();
      for (const r of list) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
      console.log(
        `    ${format.padEnd(20)} ${String(list.length).padStart(6)} inputs, ` +
          `${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}; ` +
          `largest ${kb(Math.max(...list.map((r) => r.size)))}, ms p50 ${percentile(times, 0.5).toFixed(1)} ` +
          `p99 ${percentile(times, 0.99).toFixed(0)} max ${times[times.length - 1]!.toFixed(0)}`,
      );
    }
    console.log('  slowest:');
    for (const r of [...records].sort((a, b) => b.ms + b.fixMs - (a.ms + a.fixMs)).slice(0, 8))
      console.log(
        `    ${String(Math.round(r.ms + r.fixMs)).padStart(6)} ms  ${kb(r.size).padStart(9)}  k=${r.k} ${r.rel} ${r.ops.join(' ').slice(0, 160)}`,
      );

    if (failures.length) {
      const dir = path.join(os.tmpdir(), 'sg-lint-fuzz');
      fs.mkdirSync(dir, { recursive: true });
      const formatOf = new Map(files.map((f) => [f.rel, f.format]));
      const groups = new Map<string, Failure[]>();
      for (const f of failures) {
        // Slow inputs, hangs and crashes by format and mutators; problems by what is wrong.
        const what =
          f.type === 'problem'
            ? f.detail
                .split('\n')[0]!
                .replace(/ in \S+?(?=:| )/g, '')
                .replace(/(?<!SG\d*)\d+/g, 'N')
                .slice(0, 200)
            : `[${[...new Set(f.ops.map((o) => o.replace(/\(.*$/, '')))].sort().join(' ')}]`;
        const key = `${f.type} ${formatOf.get(f.rel) ?? ''}: ${what}`;
        groups.set(key, [...(groups.get(key) ?? []), f]);
      }
      console.log(`  ${failures.length} failure(s), ${groups.size} distinct:`);
      for (const [key, list] of groups) {
        console.log(`    ${list.length}× ${key}`);
        // Up to three examples, each a different input.
        const examples = list.filter((f, i) => list.findIndex((g) => g.k === f.k) === i).slice(0, 3);
        for (const f of examples) {
          const input = f.k >= 0 ? inputFor(files, seed, f.k, MODE) : undefined;
          let saved = '';
          if (input) {
            saved = path.join(dir, `${seed}-${f.k}-${path.basename(input.file.path)}`);
            fs.writeFileSync(saved, input.text);
          }
          const replay = [f.previousOnFile, f.k].filter((k) => k !== undefined && k >= 0).join(',');
          console.log(
            `      k=${f.k} ${f.rel} (${kb(f.size)}) ${f.ops.join(' ')}\n` +
              `        ${f.detail.split('\n').join('\n        ')}\n` +
              `        replay: SG_LINT_FUZZ_SEED=${seed}${MODE === 'long' ? ' SG_LINT_FUZZ=long' : ''} SG_LINT_FUZZ_REPLAY=${replay}` +
              (saved ? `\n        input: ${saved}` : ''),
          );
        }
      }
    }
    assert.deepEqual(
      failures.map((f) => `k=${f.k} ${f.type} ${f.rel}: ${f.detail.split('\n')[0]}`),
      [],
      `seed ${seed}: see the report above`,
    );
    if (!REPLAY)
      assert.ok(records.length >= minInputs, `only ${records.length} of ${minInputs} inputs linted`);
  });
});
