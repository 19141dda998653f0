/**
 * Reading a git ref's version of files with the git CLI: `git rev-parse` finds the repository and the
 * commit, `git ls-tree` lists what the commit holds, `git show <commit>:<path>` reads a file. Every call
 * is a spawnSync with a timeout and no shell. Only object-reading commands run: nothing reads the index
 * or the working tree, so no hook, filter or fsmonitor configured in the repository is invoked (the
 * fsmonitor is switched off anyway), and nothing prompts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Something about git that stops the comparison: not a repository, an unknown ref, git missing. */
export class GitError extends Error {}

export const GIT_TIMEOUT_MS = 15_000;
/** Largest file read from git (templates are at most 1 MB; the lint's own limit applies after). */
const MAX_OUTPUT = 64 * 1024 * 1024;

interface GitResult {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function runGit(cwd: string, args: readonly string[]): GitResult {
  const r = spawnSync(
    'git',
    ['-C', cwd, '-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '--no-pager', ...args],
    {
      timeout: GIT_TIMEOUT_MS,
      maxBuffer: MAX_OUTPUT,
      windowsHide: true,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_OPTIONAL_LOCKS: '0',
        GIT_LITERAL_PATHSPECS: '1',
        LC_ALL: 'C',
      },
    },
  );
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GitError('git was not found: install git to compare with a git ref');
    if (code === 'ETIMEDOUT')
      throw new GitError(`git did not answer within ${GIT_TIMEOUT_MS / 1000} s (git ${args[0]})`);
    throw new GitError(`git ${args[0]} failed: ${r.error.message}`);
  }
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.replace(/^(fatal|error): /, '').trim())
      .find((l) => l) ?? 'unknown error'
  );
}

/** The nearest existing folder at or above a path (a deleted file's folder may be gone too). */
function existingDir(p: string): string {
  for (let d = p; ; d = path.dirname(d)) {
    try {
      if (fs.statSync(d).isDirectory()) return d;
    } catch {
      // keep going up
    }
    if (d === path.dirname(d)) return d;
  }
}

/** The physical path (symlinks resolved) of a path that may not exist, through its nearest existing parent. */
function physical(p: string): string {
  const abs = path.resolve(p);
  const dir = existingDir(abs);
  let real: string;
  try {
    real = fs.realpathSync.native(dir);
  } catch {
    real = dir;
  }
  return abs === dir ? real : path.join(real, path.relative(dir, abs));
}

export interface TreeEntry {
  /** Relative to the repository's top, `/` separators. */
  readonly path: string;
  readonly mode: string;
}

/** A git repository's work tree, and the commits of its refs. */
export class GitRepo {
  private readonly blobs = new Map<string, string | undefined>();

  private constructor(
    /** The work tree's top folder (physical path). */
    readonly top: string,
  ) {}

  /** The repository holding a file or folder; a {@link GitError} when there is none. */
  static open(target: string, shown = target): GitRepo {
    const dir = existingDir(path.resolve(target));
    const r = runGit(dir, ['rev-parse', '--show-toplevel']);
    if (r.status !== 0) {
      if (/not a git repository/i.test(r.stderr)) throw new GitError(`${shown} is not in a git repository`);
      throw new GitError(`git cannot read the repository of ${shown}: ${firstLine(r.stderr)}`);
    }
    const top = r.stdout.toString('utf8').trim();
    if (!top) throw new GitError(`${shown} is not in a git work tree`);
    let real = top;
    try {
      real = fs.realpathSync.native(top);
    } catch {
      // keep git's spelling
    }
    return new GitRepo(real);
  }

  /** The full commit id a ref names; a {@link GitError} when it names none. */
  resolve(ref: string): string {
    if (!ref || ref.startsWith('-') || /[\0\n]/.test(ref))
      throw new GitError(`"${ref}" is not a valid git ref`);
    const r = runGit(this.top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    const id = r.stdout.toString('utf8').trim();
    if (r.status === 0 && /^[0-9a-f]{40,64}$/.test(id)) return id;
    if (ref === 'HEAD') {
      const any = runGit(this.top, ['rev-list', '-n', '1', '--all']);
      if (any.status === 0 && !any.stdout.toString('utf8').trim())
        throw new GitError(`the git repository at ${this.top} has no commits yet`);
    }
    throw new GitError(`unknown git ref "${ref}" in the repository at ${this.top}`);
  }

  /** A path relative to the top (`/` separators), or undefined when it is outside the work tree. */
  relative(p: string): string | undefined {
    const rel = path.relative(this.top, physical(p));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  /** The absolute path of a path relative to the top. */
  absolute(rel: string): string {
    return rel ? path.join(this.top, ...rel.split('/')) : this.top;
  }

  /**
   * Files of a commit under a folder (recursively) or the file itself: regular files only (symlinks and
   * submodules are left out).
   */
  files(commit: string, rel: string): TreeEntry[] {
    return this.lsTree(commit, rel, true);
  }

  /** Files directly in a folder of a commit. */
  filesIn(commit: string, relDir: string): TreeEntry[] {
    return this.lsTree(commit, relDir ? `${relDir}/` : '', false).filter(
      (e) => e.path.lastIndexOf('/') === (relDir ? relDir.length : -1),
    );
  }

  private lsTree(commit: string, rel: string, recursive: boolean): TreeEntry[] {
    const args = ['ls-tree', '-z', ...(recursive ? ['-r'] : []), '--full-tree', commit];
    if (rel) args.push('--', rel);
    const r = runGit(this.top, args);
    if (r.status !== 0) throw new GitError(`git ls-tree failed: ${firstLine(r.stderr)}`);
    const out: TreeEntry[] = [];
    for (const line of r.stdout.toString('utf8').split('\0')) {
      // <mode> SP <type> SP <object> TAB <path>
      const m = /^(\d+) (\w+) [0-9a-f]+\t(.*)$/s.exec(line);
      if (!m || m[2] !== 'blob' || !m[1]!.startsWith('100')) continue;
      out.push({ mode: m[1]!, path: m[3]! });
    }
    return out;
  }

  /** A file's text in a commit (UTF-8), or undefined when the commit does not have it. */
  show(commit: string, rel: string): string | undefined {
    const key = `${commit}:${rel}`;
    if (this.blobs.has(key)) return this.blobs.get(key);
    const r = runGit(this.top, ['show', `${commit}:${rel}`]);
    let text: string | undefined;
    if (r.status === 0) text = r.stdout.toString('utf8');
    else if (
      !/does not exist|exists on disk, but not in|not in '|bad revision|invalid object name/i.test(r.stderr)
    )
      throw new GitError(`git show ${commit.slice(0, 12)}:${rel} failed: ${firstLine(r.stderr)}`);
    this.blobs.set(key, text);
    return text;
  }
}
