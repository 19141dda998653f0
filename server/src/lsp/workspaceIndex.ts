/**
 * The workspace's infrastructure-as-code files, for scanning files that are not open: templates
 * (`.yaml`, `.yml`, `.json`, `.template`) and Terraform files (`.tf`, `.tfvars`, linted per folder).
 * CDK cloud assemblies are the CDK linter's (it finds and watches them itself).
 *
 * The walk skips dependency and tool folders (`node_modules`, `.git`, `.terraform`…), anything the
 * folders' `.gitignore` files ignore (a `cdk.out` is never walked into: it is generated and linted as an
 * assembly), and whatever `isExcluded` says (`files.exclude`, `sgLint.exclude`). It stays fresh from file
 * events without reading anything: an entry remembers its size and modification time, and the scanner
 * re-reads a file only when they changed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Ignore } from 'ignore';
import ignore from 'ignore';
import { SKIPPED_DIRS } from '../cli/files';
import { isAssemblyDir } from '../cdk/assembly';

export type IndexedKind = 'template' | 'terraform';

export interface IndexedFile {
  readonly path: string;
  readonly uri: string;
  readonly kind: IndexedKind;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface WorkspaceIndexHost {
  readonly folders: () => readonly string[];
  /** `files.exclude` and `sgLint.exclude` for a path. */
  readonly isExcluded: (fsPath: string) => boolean;
}

const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template']);
const TERRAFORM_EXTENSIONS = new Set(['.tf', '.tfvars']);
/** A walk never goes deeper than this (symlink loops are not followed anyway). */
const MAX_DEPTH = 32;

export function indexedKind(fsPath: string): IndexedKind | undefined {
  // sg-lint's own config files are YAML/JSON but never templates.
  if (/^\.sg-lint\.(ya?ml|json)$/.test(path.basename(fsPath))) return undefined;
  const ext = path.extname(fsPath).toLowerCase();
  if (TERRAFORM_EXTENSIONS.has(ext)) return 'terraform';
  if (TEMPLATE_EXTENSIONS.has(ext)) return 'template';
  return undefined;
}

/** `.gitignore` rules of one folder, applied to paths below it. */
interface IgnoreScope {
  readonly dir: string;
  readonly rules: Ignore;
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, IndexedFile>();
  private readonly ignoreScopes = new Map<string, IgnoreScope | null>();
  private built = false;

  constructor(private readonly host: WorkspaceIndexHost) {}

  /** Walks every workspace folder again. */
  rebuild(): void {
    this.entries.clear();
    this.ignoreScopes.clear();
    this.assemblies.clear();
    for (const folder of this.host.folders()) this.walk(folder, 0);
    this.built = true;
  }

  files(): IndexedFile[] {
    if (!this.built) this.rebuild();
    return [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  get(fsPath: string): IndexedFile | undefined {
    return this.entries.get(fsPath);
  }

  /** Terraform module folders: every folder holding an indexed `.tf` file. */
  terraformDirs(): string[] {
    const dirs = new Set<string>();
    for (const f of this.files())
      if (f.kind === 'terraform' && f.path.endsWith('.tf')) dirs.add(path.dirname(f.path));
    return [...dirs].sort();
  }

  /**
   * File events from the client: created and changed files are (re)stat'ed, deleted ones dropped (a
   * deleted folder drops everything below it; a rename arrives as a delete and a create). Returns the
   * paths whose entries changed.
   */
  apply(changes: readonly { readonly path: string; readonly deleted: boolean }[]): string[] {
    if (!this.built) this.rebuild();
    const changed: string[] = [];
    for (const change of changes) {
      if (path.basename(change.path) === '.gitignore') {
        // Ignore rules changed: what the walk includes may change anywhere below.
        this.rebuild();
        return [...this.entries.keys()];
      }
      if (change.deleted) {
        const prefix = change.path + path.sep;
        for (const p of [...this.entries.keys()])
          if (p === change.path || p.startsWith(prefix)) {
            this.entries.delete(p);
            changed.push(p);
          }
        continue;
      }
      let st: fs.Stats;
      try {
        st = fs.statSync(change.path);
      } catch {
        if (this.entries.delete(change.path)) changed.push(change.path);
        continue;
      }
      if (st.isDirectory()) {
        // A folder created (or moved in): walk it.
        const before = new Set(this.entries.keys());
        if (this.included(change.path, true)) this.walk(change.path, 1);
        for (const p of this.entries.keys()) if (!before.has(p)) changed.push(p);
        continue;
      }
      const entry = this.entryFor(change.path, st);
      const old = this.entries.get(change.path);
      if (!entry) {
        if (old) {
          this.entries.delete(change.path);
          changed.push(change.path);
        }
        continue;
      }
      if (!old || old.size !== entry.size || old.mtimeMs !== entry.mtimeMs) {
        this.entries.set(change.path, entry);
        changed.push(change.path);
      }
    }
    return changed;
  }

  private entryFor(fsPath: string, st: fs.Stats): IndexedFile | undefined {
    const kind = indexedKind(fsPath);
    if (!kind || !st.isFile() || !this.inWorkspace(fsPath) || !this.included(fsPath, false)) return undefined;
    return { path: fsPath, uri: pathToFileURL(fsPath).href, kind, size: st.size, mtimeMs: st.mtimeMs };
  }

  private inWorkspace(fsPath: string): boolean {
    return this.host.folders().some((f) => fsPath === f || fsPath.startsWith(f + path.sep));
  }

  /** Whether a path is walked: not a skipped folder, not git-ignored, not excluded, not in an assembly. */
  private included(fsPath: string, isDir: boolean): boolean {
    const folder = this.host.folders().find((f) => fsPath === f || fsPath.startsWith(f + path.sep));
    if (!folder) return false;
    const rel = path.relative(folder, fsPath);
    const parts = rel.split(path.sep);
    if (parts.some((p) => SKIPPED_DIRS.has(p))) return false;
    if (this.host.isExcluded(fsPath)) return false;
    // Each .gitignore from the folder down to the path's parent speaks for the paths below it; an
    // excluded or generated folder excludes everything in it.
    for (let dir = folder, i = 0; i < parts.length; dir = path.join(dir, parts[i]!), i++) {
      if (dir !== folder && this.host.isExcluded(dir)) return false;
      if (this.isAssembly(dir)) return false;
      const scope = this.ignoreScope(dir);
      if (!scope) continue;
      const below = path.relative(scope.dir, fsPath).split(path.sep).join('/');
      if (below && scope.rules.ignores(isDir ? `${below}/` : below)) return false;
    }
    return true;
  }

  private readonly assemblies = new Map<string, boolean>();

  /** Whether a folder is a CDK cloud assembly (remembered until the next rebuild). */
  private isAssembly(dir: string): boolean {
    let is = this.assemblies.get(dir);
    if (is === undefined) this.assemblies.set(dir, (is = isAssemblyDir(dir)));
    return is;
  }

  private ignoreScope(dir: string): IgnoreScope | null {
    let scope = this.ignoreScopes.get(dir);
    if (scope === undefined) {
      scope = null;
      try {
        const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
        scope = { dir, rules: ignore().add(text) };
      } catch {
        // No .gitignore here.
      }
      this.ignoreScopes.set(dir, scope);
    }
    return scope;
  }

  private walk(dir: string, depth: number): void {
    if (depth > MAX_DEPTH) return;
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (SKIPPED_DIRS.has(name) || !this.included(p, true) || this.isAssembly(p)) continue;
        this.walk(p, depth + 1);
      } else if (st.isFile()) {
        const entry = this.entryFor(p, st);
        if (entry) this.entries.set(p, entry);
      }
    }
  }
}
