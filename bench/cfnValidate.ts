/**
 * Child process: the benchmark templates through `@aws/cloudformation-validate` with one engine (its
 * own process, so its WebAssembly memory does not inflate the peak RSS measured for sg-lint).
 * Usage: node out/bench/cfnValidate.js rego|cel FILE… ; prints one JSON object ({@link CfnValidateResult}).
 */
import type * as CfnValidate from '@aws/cloudformation-validate';
import type { Engine } from '@aws/cloudformation-validate';
import type { Summary } from './stats';
import { measureSlow, summarize } from './stats';

export interface CfnTemplateResult {
  readonly file: string;
  readonly status: string;
  readonly diagnostics: number;
  /** The first validation of this template (includes the engine's lazy setup for new resource types). */
  readonly firstMs: number;
  /** Per-template validation time with the engine already built and warm. */
  readonly time: Summary;
}

export interface CfnValidateResult {
  readonly engine: string;
  readonly version: string;
  readonly requireMs: number;
  /** One-time cost: `new RegoEngine()` / `new CelEngine()`. */
  readonly constructMs: number;
  /** The first validation after construction, on the first template (lazy initialization inside the engine). */
  readonly firstCallMs: number;
  readonly templates: CfnTemplateResult[];
  readonly maxRssMb: number;
}

/** Validations slower than this are timed twice more… */
const SLOW_MS = 1500;
/** …and slower than this, once. */
const VERY_SLOW_MS = 10_000;

function main(): void {
  const [engineName, ...files] = process.argv.slice(2);
  if (engineName !== 'rego' && engineName !== 'cel') throw new Error('usage: cfnValidate.js rego|cel FILE…');
  let t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cfn = require('@aws/cloudformation-validate') as typeof CfnValidate;
  const requireMs = performance.now() - t0;
  t0 = performance.now();
  const engine: Engine = engineName === 'rego' ? new cfn.RegoEngine() : new cfn.CelEngine();
  const constructMs = performance.now() - t0;
  try {
    let firstCallMs = Number.NaN;
    const templates: CfnTemplateResult[] = [];
    for (const file of files) {
      t0 = performance.now();
      const report = engine.validateStandard(new cfn.TemplateFile(file));
      const firstMs = performance.now() - t0;
      if (Number.isNaN(firstCallMs)) firstCallMs = firstMs;
      const validate = (): void => void engine.validateStandard(new cfn.TemplateFile(file));
      // The first run is the warm-up: it includes the engine's lazy setup for resource types it has not seen.
      // Slow templates get two more runs; very slow ones (15–60 s for the 1 MB YAML template, whose resource
      // types the smaller templates already set up) count this first run alone, or the benchmark would take
      // many minutes.
      let time: Summary;
      if (firstMs > VERY_SLOW_MS) time = summarize([firstMs]);
      else if (firstMs > SLOW_MS) {
        time = measureSlow(validate, { budgetMs: 0, minSamples: 2, maxSamples: 2, warmups: 0 });
      } else time = measureSlow(validate, { budgetMs: 4000, minSamples: 5, maxSamples: 200, warmups: 0 });
      templates.push({ file, status: report.status, diagnostics: report.diagnostics.length, firstMs, time });
    }
    const result: CfnValidateResult = {
      engine: engine.engineName(),
      version: cfn.version(),
      requireMs,
      constructMs,
      firstCallMs,
      templates,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    engine.free();
  }
}

main();
