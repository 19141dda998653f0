/**
 * Extension activation time in a real VS Code: the e2e harness (e2e/run.sh: the packaged .vsix in
 * code-server 4.100.3 with a fresh profile, driven by chromium) runs its first scenario, and the
 * extension's own log line ("activated in N ms": activate() until the language server answered
 * initialize) is read from e2e/.artifacts/timings.json. Needs the e2e cache (`npm run e2e` once).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Summary } from './stats';
import { summarize } from './stats';

export type ActivationResult =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'measured'; readonly samples: number[]; readonly summary: Summary };

export function measureActivation(repo: string, runs: number): ActivationResult {
  const cache = process.env.SG_LINT_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'sg-lint-e2e');
  if (!fs.existsSync(cache) || !fs.readdirSync(cache).some((d) => d.startsWith('cs-')))
    return {
      kind: 'skipped',
      reason: `no e2e cache in ${cache}: run \`npm run e2e\` once to install code-server`,
    };
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('bash', [path.join(repo, 'e2e', 'run.sh')], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, SG_LINT_E2E_ONLY: 'a' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0)
      return { kind: 'skipped', reason: `the e2e run failed (exit ${r.status}); see npm run e2e` };
    const timings = JSON.parse(
      fs.readFileSync(path.join(repo, 'e2e', '.artifacts', 'timings.json'), 'utf8'),
    ) as { activationMs?: number };
    if (typeof timings.activationMs !== 'number')
      return { kind: 'skipped', reason: 'the extension did not log its activation time' };
    samples.push(timings.activationMs);
  }
  return { kind: 'measured', samples, summary: summarize(samples) };
}
