/**
 * Cross-template group references in the editor: `Fn::ImportValue` of a name another template of the
 * workspace exports. Go to Definition on the import opens the export; the hover says which group it is
 * (or that no template, or more than one, exports the name).
 *
 * The exports come from the workspace index's templates, read once per size and modification time
 * (only files that mention `Export` are parsed, and no rules run), and from open documents as typed.
 */
import * as fs from 'node:fs';
import type { Definition, Hover, HoverParams, TextDocumentPositionParams } from 'vscode-languageserver';
import type { TemplateModel, TextRange } from '../../../rules/model';
import type { ExportedGroup, ImportResolution } from '../crossref/exports';
import { ExportTable } from '../crossref/exports';
import { isBinary, readTemplate } from '../engine/lint';
import type { LineIndex } from '../parse/lineIndex';
import type { TemplateResult } from './diagnostics';
import { toLspRange } from './diagnostics';
import { escapeMarkdown, fileName, linkTarget } from './hover';
import type { WorkspaceIndex } from './workspaceIndex';

/** The template an export is read from. */
export interface ExportOwner {
  readonly uri: string;
  readonly lines: LineIndex;
}

export interface ImportsHost {
  readonly index: WorkspaceIndex;
  readonly folders: () => readonly string[];
  /** Open templates with their lint result for the current text. */
  readonly openTemplates: () => readonly TemplateResult[];
  /** Reads what the index needs first (`files.exclude`…). */
  readonly prepare: () => Promise<void>;
  /** Files larger than this are not read (the lint's own limit). */
  readonly maxFileSize: number;
}

/** An import written in a template: the name and where the value naming it is. */
export interface ImportSite {
  readonly name: string;
  readonly range: TextRange;
}

/** Every `Fn::ImportValue` of a group in a model: peers of rules and the groups standalone rules target. */
export function importSites(model: TemplateModel): ImportSite[] {
  const sites = new Map<string, ImportSite>();
  const add = (name: string | undefined, range: TextRange): void => {
    if (name) sites.set(`${range.start}:${range.end}`, { name, range });
  };
  for (const group of model.groups)
    for (const rule of [...group.ingress, ...group.egress])
      if (rule.peer.kind === 'group') add(rule.peer.imported, rule.peer.ref.range);
  for (const rule of model.standaloneRules)
    if (rule.groupRef) add(rule.groupRef.imported, rule.groupRef.ref.range);
  return [...sites.values()];
}

/** Where an export is, as a Markdown link with its line. */
function exportLink(e: ExportedGroup<ExportOwner>): string {
  const line = e.owner.lines.positionAt(e.range.start).line + 1;
  return `[${escapeMarkdown(fileName(e.owner.uri))}:${line}](${linkTarget(`${e.owner.uri}#L${line}`)})`;
}

/** One sentence about what an imported name is. */
export function importSentence(name: string, resolution: ImportResolution<ExportOwner>): string {
  const quoted = `**${escapeMarkdown(name)}**`;
  switch (resolution.kind) {
    case 'resolved': {
      const e = resolution.export;
      return `Imports ${quoted}: group **${escapeMarkdown(e.target)}**, exported by ${exportLink(e)} (output **${escapeMarkdown(e.output)}**).`;
    }
    case 'ambiguous':
      return `Imports ${quoted}, which ${resolution.exports.length} templates of the workspace export: ${resolution.exports
        .slice(0, 5)
        .map(exportLink)
        .join(', ')}; the group depends on which stack is deployed.`;
    case 'none':
      return `Imports ${quoted}, which no template in the workspace exports: the group is outside it.`;
  }
}

interface CachedExports {
  readonly size: number;
  readonly mtimeMs: number;
  readonly model?: TemplateModel;
  readonly lines?: LineIndex;
}

export class ImportResolver {
  private readonly cache = new Map<string, CachedExports>();

  constructor(private readonly host: ImportsHost) {}

  /** The exports of the workspace's templates, open documents as typed. */
  async table(): Promise<ExportTable<ExportOwner>> {
    await this.host.prepare().catch(() => undefined);
    const table = new ExportTable<ExportOwner>();
    const open = new Map(this.host.openTemplates().map((r) => [r.uri, r]));
    for (const r of open.values()) table.add({ uri: r.uri, lines: r.lines }, r.model);
    const files = this.host.folders().length
      ? this.host.index.files().filter((f) => f.kind === 'template')
      : [];
    const seen = new Set<string>();
    for (const f of files) {
      seen.add(f.path);
      if (open.has(f.uri)) continue;
      const cached = this.read(f.path, f.uri, f.size, f.mtimeMs);
      if (cached.model && cached.lines) table.add({ uri: f.uri, lines: cached.lines }, cached.model);
    }
    for (const p of [...this.cache.keys()]) if (!seen.has(p)) this.cache.delete(p);
    return table;
  }

  private read(fsPath: string, uri: string, size: number, mtimeMs: number): CachedExports {
    const cached = this.cache.get(fsPath);
    if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return cached;
    let entry: CachedExports = { size, mtimeMs };
    if (size <= this.host.maxFileSize) {
      try {
        const text = fs.readFileSync(fsPath, 'utf8');
        // Only a template with an Export can be imported from; most are not parsed at all.
        if (text.includes('Export') && !isBinary(text)) {
          const read = readTemplate({ uri, text });
          if (read?.model.exports?.length) entry = { size, mtimeMs, model: read.model, lines: read.lines };
        }
      } catch {
        // Unreadable now: no exports, tried again when it changes.
      }
    }
    this.cache.set(fsPath, entry);
    return entry;
  }

  /** The import under the cursor in an open template, if any. */
  private siteAt(result: TemplateResult, params: TextDocumentPositionParams): ImportSite | undefined {
    const offset = result.lines.offsetAt(params.position);
    return importSites(result.model).find((s) => s.range.start <= offset && offset <= s.range.end);
  }

  /** Go to Definition on an import: the export's name in the template that exports it. */
  async definition(
    params: TextDocumentPositionParams,
    result: TemplateResult | undefined,
  ): Promise<Definition | null> {
    if (!result) return null;
    const site = this.siteAt(result, params);
    if (!site) return null;
    const resolution = (await this.table()).resolve(site.name);
    const candidates =
      resolution.kind === 'resolved'
        ? [resolution.export]
        : resolution.kind === 'ambiguous'
          ? resolution.exports
          : [];
    // The importing template itself never counts (CloudFormation rejects a stack importing its own export).
    const others = candidates.filter((e) => e.owner.uri !== result.uri);
    if (!others.length) return null;
    return others.map((e) => ({ uri: e.owner.uri, range: toLspRange(e.owner.lines, e.range) }));
  }

  /** The hover text for an import under the cursor, if any. */
  async hover(params: HoverParams, result: TemplateResult | undefined): Promise<Hover | null> {
    if (!result) return null;
    const site = this.siteAt(result, params);
    if (!site) return null;
    const resolution = (await this.table()).resolve(site.name);
    return {
      contents: { kind: 'markdown', value: importSentence(site.name, resolution) },
      range: toLspRange(result.lines, site.range),
    };
  }
}
