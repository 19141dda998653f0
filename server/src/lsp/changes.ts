/**
 * `sgLint/changes`: the security-group rules added and removed between a git ref (default HEAD) and the
 * working tree for the active document: the template itself, or the Terraform module (folder) a `.tf`
 * file belongs to, or a folder. Open documents count with their current text, unsaved edits included.
 * Git problems (not a repository, an unknown ref) come back as `error`, for the client to show.
 */
import * as path from 'node:path';
import type { SgLintConfig } from '../../../rules/config';
import { computeChanges } from '../changes/compute';
import { isTerraformFile } from '../cli/terraform';
import type { ChangesParams, SecurityChanges } from '../protocol';
import { containingFolder, localPath } from './configuration';

export interface ChangesHost {
  readonly workspaceFolders: () => readonly string[];
  /** Open documents: URI and current text. */
  readonly openDocuments: () => readonly { readonly uri: string; readonly text: string }[];
  /** The configuration of a document (settings and its nearest `.sg-lint.yaml`). */
  readonly configFor: (
    uri: string,
  ) => Promise<{ readonly config: SgLintConfig; isExcluded(fsPath: string): boolean }>;
  readonly parserReady: () => Promise<void>;
}

export class ChangesService {
  constructor(private readonly host: ChangesHost) {}

  async changes(params: ChangesParams): Promise<SecurityChanges> {
    const base = params.base?.trim() || 'HEAD';
    const target = localPath(params.uri);
    if (!target)
      return {
        base,
        files: [],
        error: 'Save the file first: changes compare files on disk with git.',
      };
    await this.host.parserReady().catch(() => undefined);
    const resolved = await this.host.configFor(params.uri);
    // A Terraform file stands for its module: the folder's files are read together.
    const scope = isTerraformFile(target) ? path.dirname(target) : target;
    const open = new Map<string, string>();
    for (const d of this.host.openDocuments()) {
      const p = localPath(d.uri);
      if (p) open.set(p, d.text);
    }
    const root =
      containingFolder(this.host.workspaceFolders(), target) ??
      (isTerraformFile(target) ? path.dirname(scope) : path.dirname(target));
    return computeChanges([scope], {
      base,
      root,
      configFor: () => resolved,
      openText: (fsPath) => open.get(fsPath),
    });
  }
}
