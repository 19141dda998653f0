// Finding places in the workspace's files, so scenarios name text rather than line numbers.
import { cpSync, readFileSync } from 'node:fs';
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

/**
 * The scenarios' workspace in `tmp`/workspace: e2e/workspace plus the cross-stack templates and the CDK
 * app of test/fixtures (sources, compiled lib, committed synth output). Returns its path.
 */
export function prepareWorkspace(tmp, repoDir) {
  const workspace = path.join(tmp, 'workspace');
  cpSync(path.join(repoDir, 'e2e', 'workspace'), workspace, { recursive: true });
  // Two stacks where one imports the other's group (Go to Definition, hover: scenario i).
  cpSync(path.join(repoDir, 'test', 'fixtures', 'cross-stack'), path.join(workspace, 'cross-stack'), {
    recursive: true,
  });
  const cdkApp = path.join(repoDir, 'test', 'fixtures', 'cdk-app');
  for (const part of ['src', 'lib', 'cdk.out', 'package.json']) {
    cpSync(path.join(cdkApp, part), path.join(workspace, 'cdk-app', part), { recursive: true });
  }
  return workspace;
}
