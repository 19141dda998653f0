/**
 * Child process: peak memory of linting one file once, isolated from the benchmark's own allocations.
 * Usage: node out/bench/lintOnce.js lint|baseline FILE. `baseline` loads the same modules and reads the
 * file but does not lint, so the difference is what linting costs. Prints one JSON object.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG } from '../rules/config';
import { lintDocument } from '../server/src/engine/lint';

export interface LintOnceResult {
  readonly mode: 'lint' | 'baseline';
  readonly findings: number;
  readonly ms: number;
  readonly maxRssMb: number;
}

function main(): void {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== 'lint' && mode !== 'baseline') || !file)
    throw new Error('usage: lintOnce.js lint|baseline FILE');
  const text = fs.readFileSync(file, 'utf8');
  let findings = 0;
  const t0 = performance.now();
  if (mode === 'lint') {
    const result = lintDocument({ uri: pathToFileURL(file).href, text }, DEFAULT_CONFIG);
    findings = result.kind === 'template' ? result.findings.length : -1;
  }
  const ms = performance.now() - t0;
  const out: LintOnceResult = { mode, findings, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();
