/** Finding the files a scan looks at: recursive, skipping dependency and tool folders, never following symlinked folders. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);
export const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template', '.tf', '.tfvars']);

export interface WalkResult {
  readonly files: string[];
  readonly errors: { path: string; message: string }[];
}

export function collectFiles(
  paths: readonly string[],
  isExcluded: (p: string) => boolean = () => false,
): WalkResult {
  const files: string[] = [];
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const visit = (p: string, explicit: boolean): void => {
    let st: fs.Stats;
    try {
      st = explicit ? fs.statSync(p) : fs.lstatSync(p);
    } catch (e) {
      if (explicit)
        errors.push({
          path: p,
          message:
            (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message,
        });
      return;
    }
    if (!explicit && isExcluded(p)) return;
    if (st.isDirectory()) {
      if (!explicit && SKIPPED_DIRS.has(path.basename(p))) return;
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch (e) {
        errors.push({ path: p, message: (e as Error).message });
        return;
      }
      for (const name of entries) visit(path.join(p, name), false);
      return;
    }
    if (!st.isFile()) return;
    if (!explicit && !TEMPLATE_EXTENSIONS.has(path.extname(p).toLowerCase())) return;
    const abs = path.resolve(p);
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push(abs);
  };
  for (const p of paths) visit(p, true);
  return { files, errors };
}

/** The deepest folder containing every given path: SARIF paths are relative to it. */
export function commonRoot(paths: readonly string[]): string {
  const dirs = paths.map((p) => {
    const abs = path.resolve(p);
    try {
      return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return path.dirname(abs);
    }
  });
  let root = dirs[0] ?? process.cwd();
  for (const d of dirs.slice(1)) {
    while (
      root !== path.dirname(root) &&
      !(d === root || d.startsWith(root.endsWith(path.sep) ? root : root + path.sep))
    )
      root = path.dirname(root);
  }
  return root;
}
