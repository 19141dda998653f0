/**
 * `sgLint/graph`: the security-group graph of a scope around the active document (the file, its
 * folder, or the workspace). Files are read from disk the way the CLI reads them (templates, Terraform
 * modules, CDK assemblies); documents open in the editor count with their current text, so the graph
 * follows the user's typing.
 */
import * as path from 'node:path';
import type { Scan } from '../cli/scan';
import { scanPaths } from '../cli/scan';
import type { GraphInput } from '../graph/build';
import { buildGraph } from '../graph/build';
import type { LineIndex } from '../parse/lineIndex';
import type { GraphParams, SecurityGroupGraph } from '../protocol';
import type { TerraformActionSource } from './codeActions';
import { localPath } from './configuration';
import type { TemplateResult } from './diagnostics';

export interface GraphHost {
  readonly workspaceFolders: () => readonly string[];
  /** Open documents: URI and version. */
  readonly openDocuments: () => readonly { readonly uri: string; readonly version: number }[];
  readonly liveTemplate: (uri: string, version: number) => TemplateResult | undefined;
  readonly liveModules: (uri: string, version: number) => readonly TerraformActionSource[];
  readonly parserReady: () => Promise<void>;
}

const SILENT_IO = (cwd: string): Parameters<typeof scanPaths>[2] => ({
  stdout: () => undefined,
  stderr: () => undefined,
  cwd,
  color: false,
});

export class GraphService {
  constructor(private readonly host: GraphHost) {}

  async graph(params: GraphParams): Promise<SecurityGroupGraph> {
    await this.host.parserReady().catch(() => undefined);
    const file = params.uri ? localPath(params.uri) : undefined;
    const folders = this.host.workspaceFolders();
    let paths: string[];
    let label: string;
    if (params.scope === 'file' && file) {
      paths = [file];
      label = path.basename(file);
    } else if (params.scope === 'folder' && file) {
      paths = [path.dirname(file)];
      label = `${path.basename(path.dirname(file))}/`;
    } else {
      paths = folders.length ? [...folders] : file ? [path.dirname(file)] : [];
      label = folders.length ? folders.map((f) => path.basename(f)).join(', ') : 'workspace';
    }
    const scan: Scan | undefined = paths.length
      ? scanPaths(paths, undefined, SILENT_IO(paths[0]!), { keepModels: true })
      : undefined;
    const inputs = new Map<string, GraphInput>();
    for (const input of scan?.graphInputs ?? []) inputs.set(input.uri ?? input.key, input);
    const liveLines = new Map<string, LineIndex>();
    const inScope = (fsPath: string | undefined): boolean =>
      !!fsPath &&
      (params.scope === 'file'
        ? fsPath === file || (file !== undefined && path.dirname(fsPath) === path.dirname(file))
        : paths.some((p) => fsPath === p || fsPath.startsWith(p + path.sep)));
    // Open documents count with what the user sees, not what is saved.
    for (const doc of this.host.openDocuments()) {
      const fsPath = localPath(doc.uri);
      if (!inScope(fsPath) && doc.uri !== params.uri) continue;
      const template = this.host.liveTemplate(doc.uri, doc.version);
      if (template) {
        if (params.scope === 'file' && doc.uri !== params.uri) continue;
        const key = scan ? relative(scan.root, fsPath) : path.basename(fsPath ?? doc.uri);
        inputs.set(doc.uri, {
          key,
          file: key,
          uri: doc.uri,
          model: template.model,
          findings: template.findings,
        });
        liveLines.set(doc.uri, template.lines);
        continue;
      }
      for (const source of this.host.liveModules(doc.uri, doc.version)) {
        const dir = localPath(source.result.dirUri);
        const key = scan && dir ? relative(scan.root, dir) : source.module;
        inputs.set(source.result.dirUri, {
          key,
          file: key,
          uri: source.result.dirUri,
          model: source.result.model,
          findings: source.result.findings,
        });
        for (const [uri, f] of source.result.files) liveLines.set(uri, f.lines);
      }
    }
    return buildGraph([...inputs.values()], {
      scope: { kind: params.scope, label, ...(params.uri ? { uri: params.uri } : {}) },
      linesOf: (uri) => liveLines.get(uri) ?? scan?.linesOf(uri),
      problems: (scan?.skipped ?? []).map((s) => `${s.relativePath}: ${s.reason}`),
    });
  }
}

function relative(root: string, fsPath: string | undefined): string {
  if (!fsPath) return '.';
  return path.relative(root, fsPath).split(path.sep).join('/') || path.basename(fsPath);
}
