/** Throwaway folders of files for tests that read from disk. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A new folder under the system's temp folder holding `files` (paths relative to it, `/`-separated), by
 * its physical path (macOS's /tmp is a symlink). The caller removes it.
 */
export function tempTree(prefix: string, files: Readonly<Record<string, string>>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}
