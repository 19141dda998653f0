/** Temporary git repositories for the changes tests: `git init`, a local identity, commits. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { computeChanges } from '../../server/src/changes/compute';
import { resolveConfig } from '../../server/src/config/load';
import type { FileChanges, SecurityChanges } from '../../server/src/protocol';

/** A temporary folder (physical path: macOS's /tmp is a symlink), removed by {@link GitFixture.dispose}. */
export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export class GitFixture {
  private constructor(readonly dir: string) {}

  /** A fresh repository with one branch (`main`) and no commits. */
  static init(prefix = 'sg-lint-changes-'): GitFixture {
    const f = new GitFixture(tempDir(prefix));
    f.git('init', '-q', '-b', 'main');
    f.git('config', 'user.name', 'sg-lint tests');
    f.git('config', 'user.email', 'tests@sg-lint.invalid');
    f.git('config', 'commit.gpgsign', 'false');
    return f;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    });
  }

  path(rel: string): string {
    return path.join(this.dir, ...rel.split('/'));
  }

  uri(rel: string): string {
    return pathToFileURL(this.path(rel)).href;
  }

  write(rel: string, text: string): this {
    fs.mkdirSync(path.dirname(this.path(rel)), { recursive: true });
    fs.writeFileSync(this.path(rel), text);
    return this;
  }

  remove(rel: string): this {
    fs.rmSync(this.path(rel), { recursive: true, force: true });
    return this;
  }

  /** Commits everything in the work tree; returns the commit id. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `computeChanges` over paths relative to `root`, with the config found from `root` (as the CLI does). */
export function changesUnder(root: string, paths: readonly string[], base?: string): SecurityChanges {
  const config = resolveConfig({ baseDir: root });
  return computeChanges(
    paths.map((p) => path.join(root, ...p.split('/'))),
    { ...(base !== undefined ? { base } : {}), root, configFor: () => config },
  );
}

/** The one file a result compares, asserting there was no error and no other file. */
export function onlyFile(result: SecurityChanges): FileChanges {
  assert.equal(result.error, undefined);
  assert.equal(result.files.length, 1, JSON.stringify(result.files.map((f) => f.path)));
  return result.files[0]!;
}
