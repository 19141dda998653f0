// Finding places in the workspace's files, so scenarios name text rather than line numbers.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The 1-based line and column where `needle` starts in `relPath` (relative to the workspace); the
 * column points at `needle`'s `offset`-th character. Throws when the text is not found, so a changed
 * fixture fails loudly.
 */
export function locate(workspace, relPath, needle, offset = 0) {
  const text = readFileSync(path.join(workspace, relPath), 'utf8');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${relPath}`);
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length;
  const column = at + offset - before.lastIndexOf('\n');
  return { line, column };
}

/** The text of line `line` (1-based) of a workspace file, as saved on disk. */
export function diskLine(workspace, relPath, line) {
  return readFileSync(path.join(workspace, relPath), 'utf8').split('\n')[line - 1];
}
