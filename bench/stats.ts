/**
 * Timing on noisy machines: warm-up rounds that are thrown away, then rounds that run every measured
 * function once each, in a shuffled order (interleaved, so a slow period of the machine hits all of them
 * alike), each sample
 * a batch of calls long enough for the clock, a forced GC before each batch when available (so one
 * function's garbage is not collected on another's time), and medians with p90.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/**
 * A major GC without needing `--expose-gc` on the command line (the npm script is fixed). Not a bare
 * `gc()`: that collects "all available garbage", which also throws away compiled code and inline caches,
 * and the calls after it measured 3–5× slower than in a plain loop.
 */
function exposeGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return undefined;
    const type = process.env.SG_BENCH_GC_TYPE ?? 'major';
    return () => (gc as (o: object) => void)({ type, execution: 'sync' });
  } catch {
    return undefined;
  }
}

export const forceGc = process.env.SG_BENCH_NO_GC ? undefined : exposeGc();

export interface TimedFunction {
  readonly name: string;
  readonly run: () => unknown;
}

export interface InterleavedOptions {
  /** Warm-up time, thrown away (also calibrates the batch sizes). */
  readonly warmupMs: number;
  /** Measuring stops after this much time once `minRounds` are done… */
  readonly budgetMs: number;
  readonly minRounds: number;
  /** …or after this many rounds. */
  readonly maxRounds: number;
  /** A batch of calls is at least this long, so that sub-millisecond calls are timed reliably. */
  readonly minBatchMs: number;
}

/** The result of a call, kept so the optimizer cannot drop the work. */
let sink: unknown;
export function sinkValue(): unknown {
  return sink;
}

function timeBatch(f: TimedFunction, calls: number): number {
  forceGc?.();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) sink = f.run();
  return (performance.now() - t0) / calls;
}

/** Median milliseconds per call of each function, measured in interleaved rounds. */
export function measureInterleaved(
  fns: readonly TimedFunction[],
  o: InterleavedOptions,
): Map<string, Summary> {
  const batch = new Map<string, number>();
  const warmEnd = performance.now() + o.warmupMs;
  let warmRounds = 0;
  while (performance.now() < warmEnd || warmRounds < 2) {
    for (const f of fns) {
      const perCall = timeBatch(f, batch.get(f.name) ?? 1);
      batch.set(f.name, Math.max(1, Math.min(10_000, Math.ceil(o.minBatchMs / Math.max(perCall, 1e-4)))));
    }
    warmRounds++;
  }
  const samples = new Map<string, number[]>(fns.map((f) => [f.name, []]));
  const start = performance.now();
  const order = [...fns];
  for (let round = 0; round < o.maxRounds; round++) {
    if (round >= o.minRounds && performance.now() - start >= o.budgetMs) break;
    // A new order every round: whatever the first or last slot of a round costs is spread over all.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const f of order) samples.get(f.name)!.push(timeBatch(f, batch.get(f.name)!));
  }
  return new Map([...samples].map(([name, s]) => [name, summarize(s)]));
}

/** Samples of a slow call (one call per sample): stops after `budgetMs` once `minSamples` are taken. */
export function measureSlow(
  run: () => void,
  o: { budgetMs: number; minSamples: number; maxSamples: number; warmups: number },
): Summary {
  for (let i = 0; i < o.warmups; i++) run();
  const samples: number[] = [];
  const start = performance.now();
  while (
    samples.length < o.maxSamples &&
    (samples.length < o.minSamples || performance.now() - start < o.budgetMs)
  ) {
    forceGc?.();
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(3)} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** A plain-text table: the first row is the header; columns after the first are right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const [head, ...body] = rows;
  if (!head) return '';
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...body.map(line)].join('\n');
}
