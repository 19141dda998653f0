/**
 * "SG Lint: Scan Workspace": every template and Terraform module of the workspace index, linted from
 * disk, with diagnostics for the files that are not open (open documents are their linters' business:
 * they are linted as typed and counted here with their current text). CDK assemblies are the CDK
 * linter's; their findings are counted.
 *
 * The scan yields to the event loop between files, so an edit in an open file is linted first; it can
 * be cancelled, and publishes nothing until it has finished: a cancelled scan leaves what was there.
 * After a scan, changed files on disk and closed documents are linted again and kept current; unchanged
 * files (same size and modification time) are not read again. The same results make the SARIF export.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { version as toolVersion } from '../../../package.json';
import type { Finding } from '../../../rules/types';
import { commonRoot } from '../cli/files';
import { lintTemplateJob } from '../cli/scan';
import { readModuleFolder } from '../cli/terraform';
import { lintTerraformModule } from '../engine/lint';
import type { RenderedFix } from '../fixes/render';
import { renderFixes } from '../fixes/render';
import { LineIndex } from '../parse/lineIndex';
import type { ScanSummary } from '../protocol';
import { toSarif } from '../report/sarif';
import type { DocumentConfig, Logger } from './configuration';
import { errorText } from './configuration';
import { findingDiagnostics, terraformDiagnostics } from './diagnostics';
import type { DocLinks } from './docLinks';
import type { IndexedFile, WorkspaceIndex } from './workspaceIndex';

export interface ScanHost {
  readonly index: WorkspaceIndex;
  readonly folders: () => readonly string[];
  /** The text of an open document, when it is open. */
  readonly openText: (uri: string) => string | undefined;
  readonly configFor: (uri: string) => Promise<DocumentConfig>;
  readonly publish: (params: PublishDiagnosticsParams) => void;
  readonly docLinks: DocLinks;
  /** Findings of CDK synth templates, by template URI (the CDK linter publishes them). */
  readonly cdkFindings: () => ReadonlyMap<
    string,
    { readonly findings: readonly Finding[]; readonly lines: LineIndex }
  >;
  readonly parserReady: () => Promise<void>;
  /** Reads what the scan must know first (`files.exclude`…). */
  readonly prepare: () => Promise<void>;
  readonly log: Logger;
}

/** One file's part of the scan: what it contributes to the counts, the SARIF log and (if not open) Problems. */
interface FileResult {
  readonly uri: string;
  readonly path: string;
  readonly lines: LineIndex;
  readonly findings: readonly Finding[];
  readonly fixes: readonly (readonly RenderedFix[])[];
  readonly diagnostics: Diagnostic[];
  /** Published by the scan (the file is not open). */
  readonly publish: boolean;
}

/** What a file or module was when it was read, to skip reading it again. */
interface Stamp {
  readonly key: string;
  readonly results: readonly FileResult[];
}

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class WorkspaceScanner {
  /** URIs the scan published diagnostics for, with them. */
  private readonly published = new Map<string, Diagnostic[]>();
  private readonly stamps = new Map<string, Stamp>();
  private results = new Map<string, FileResult>();
  private scanned = false;
  private running: Promise<unknown> | undefined;

  constructor(private readonly host: ScanHost) {}

  /** Whether a scan has run (its results are then kept current). */
  get active(): boolean {
    return this.scanned;
  }

  /** Settings or a config file changed: nothing read before can be reused. */
  configChanged(): void {
    this.stamps.clear();
    if (this.scanned) this.refreshSoon();
  }

  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.running) return this.refreshSoon();
      void this.scan(undefined, () => undefined).catch((e: unknown) =>
        this.host.log.error(`sg-lint: refreshing the workspace scan failed: ${errorText(e)}`),
      );
    }, 300);
  }

  /** Files changed on disk, or a document closed: after a scan, lint what they touch again. */
  filesChanged(): void {
    if (this.scanned) this.refreshSoon();
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }

  /**
   * Lints the workspace. `progress` hears how many files and modules are done out of how many. Returns
   * the counts; a cancelled scan returns `cancelled` and publishes nothing.
   */
  async scan(
    token: CancellationToken | undefined,
    progress: (done: number, total: number) => void,
  ): Promise<ScanSummary> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.run(token, progress);
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  private async run(
    token: CancellationToken | undefined,
    progress: (done: number, total: number) => void,
  ): Promise<ScanSummary> {
    const started = Date.now();
    await this.host.parserReady().catch(() => undefined);
    await this.host.prepare();
    this.host.index.rebuild();
    const files = this.host.index.files();
    const templates = files.filter((f) => f.kind === 'template');
    const modules = this.host.index.terraformDirs();
    const total = templates.length + modules.length;
    const next = new Map<string, FileResult>();
    const stamps = new Map<string, Stamp>();
    let done = 0;
    progress(0, total);
    for (const file of templates) {
      await yieldToEvents();
      if (token?.isCancellationRequested) return this.cancelled(total, done, started);
      for (const r of await this.template(file, stamps)) next.set(r.uri, r);
      progress(++done, total);
    }
    for (const dir of modules) {
      await yieldToEvents();
      if (token?.isCancellationRequested) return this.cancelled(total, done, started);
      for (const r of await this.module(dir, files, stamps)) next.set(r.uri, r);
      progress(++done, total);
    }
    // CDK synth output: the CDK linter publishes it; it counts and goes into the SARIF log.
    const cdk = this.host.cdkFindings();
    for (const [uri, t] of cdk)
      next.set(uri, {
        uri,
        path: fileURLToPath(uri),
        lines: t.lines,
        findings: t.findings,
        fixes: [],
        diagnostics: [],
        publish: false,
      });
    // Done: publish at once, and clear what an earlier scan published for files gone since.
    for (const r of next.values()) {
      if (!r.publish) continue;
      this.published.set(r.uri, r.diagnostics);
      this.host.publish({ uri: r.uri, diagnostics: r.diagnostics });
    }
    for (const uri of [...this.published.keys()]) {
      if (next.get(uri)?.publish) continue;
      this.published.delete(uri);
      // A file that is open now is its linter's: leave its diagnostics alone.
      if (this.host.openText(uri) === undefined) this.host.publish({ uri, diagnostics: [] });
    }
    this.results = next;
    this.stamps.clear();
    for (const [k, v] of stamps) this.stamps.set(k, v);
    this.scanned = true;
    return this.summary(total + cdk.size, started);
  }

  private cancelled(total: number, done: number, started: number): ScanSummary {
    return {
      cancelled: true,
      files: done,
      total,
      filesWithFindings: 0,
      findings: 0,
      errors: 0,
      warnings: 0,
      notes: 0,
      ms: Date.now() - started,
    };
  }

  private summary(total: number, started: number): ScanSummary {
    let errors = 0;
    let warnings = 0;
    let notes = 0;
    let filesWithFindings = 0;
    for (const r of this.results.values()) {
      const visible = r.findings.filter((f) => !f.suppressions?.length);
      if (visible.length) filesWithFindings++;
      for (const f of visible) {
        if (f.severity === 'error') errors++;
        else if (f.severity === 'warning') warnings++;
        else notes++;
      }
    }
    return {
      cancelled: false,
      files: total,
      total,
      filesWithFindings,
      findings: errors + warnings + notes,
      errors,
      warnings,
      notes,
      ms: Date.now() - started,
    };
  }

  private async template(file: IndexedFile, stamps: Map<string, Stamp>): Promise<FileResult[]> {
    const open = this.host.openText(file.uri);
    const key = open === undefined ? `${file.size}:${file.mtimeMs}` : undefined;
    const old = this.stamps.get(file.path);
    if (key && old?.key === key) {
      stamps.set(file.path, old);
      return [...old.results];
    }
    const settings = await this.host.configFor(file.uri);
    let results: FileResult[] = [];
    if (settings.enable && !settings.isExcluded(file.path)) {
      // The CLI's template job, reading open documents as typed.
      let outcome: ReturnType<typeof lintTemplateJob> | undefined;
      try {
        outcome = lintTemplateJob(
          { file: file.path, relativePath: file.path, explicit: false, config: settings.config },
          false,
          (p) => open ?? fs.readFileSync(p, 'utf8'),
        );
      } catch (e) {
        this.host.log.error(`sg-lint: scanning ${file.path} failed: ${errorText(e)}`);
      }
      if (outcome?.readError) this.host.log.warn(`sg-lint: cannot read ${file.path}: ${outcome.readError}`);
      const scanned = outcome?.scanned;
      if (scanned) {
        const lines = new LineIndex(scanned.text);
        results = [
          {
            uri: file.uri,
            path: file.path,
            lines,
            findings: scanned.findings,
            fixes: scanned.fixes,
            diagnostics: findingDiagnostics(
              { uri: file.uri, findings: scanned.findings, lines },
              -1,
              this.host.docLinks,
            ),
            publish: open === undefined,
          },
        ];
      }
    }
    if (key) stamps.set(file.path, { key, results });
    return results;
  }

  private async module(
    dir: string,
    files: readonly IndexedFile[],
    stamps: Map<string, Stamp>,
  ): Promise<FileResult[]> {
    const own = files.filter((f) => f.kind === 'terraform' && path.dirname(f.path) === dir);
    const anyOpen = own.some((f) => this.host.openText(f.uri) !== undefined);
    const key = anyOpen ? undefined : own.map((f) => `${f.path}:${f.size}:${f.mtimeMs}`).join('|');
    const old = this.stamps.get(dir);
    if (key && old?.key === key) {
      stamps.set(dir, old);
      return [...old.results];
    }
    const first = own[0];
    if (!first) return [];
    const settings = await this.host.configFor(first.uri);
    if (!settings.enable || settings.isExcluded(dir)) return [];
    // Open documents count with the text the user sees, in this module and in the modules it calls.
    const openText = (fsPath: string): string | undefined => this.host.openText(pathToFileURL(fsPath).href);
    const sources = readModuleFolder(dir, openText);
    if (!sources || sources.files.length === 0) return [];
    const dirUri = pathToFileURL(dir).href;
    let results: FileResult[] = [];
    try {
      const result = lintTerraformModule(
        {
          dirUri,
          files: sources.files,
          tfvars: sources.tfvars,
          loadModule: (uri) => readModuleFolder(fileURLToPath(uri), openText),
        },
        settings.config,
      );
      if (result.kind === 'module') {
        const textOf = (uri: string): string | undefined => result.files.get(uri)?.text;
        results = own
          .map((f): FileResult | undefined => {
            const parsed = result.files.get(f.uri);
            if (!parsed) return undefined;
            const findings = result.findings.filter((x) => x.uri === f.uri);
            return {
              uri: f.uri,
              path: f.path,
              lines: parsed.lines,
              findings,
              fixes: findings.map((x) =>
                renderFixes(x, { uri: f.uri, text: parsed.text, format: 'hcl', textOf }),
              ),
              diagnostics: terraformDiagnostics(result, f.uri, -1, dirUri, this.host.docLinks),
              // A module with an open document is the Terraform linter's (it publishes all its files).
              publish: !anyOpen,
            };
          })
          .filter((r): r is FileResult => r !== undefined);
      }
    } catch (e) {
      this.host.log.error(`sg-lint: scanning ${dir} failed: ${errorText(e)}`);
    }
    if (key) stamps.set(dir, { key, results });
    return results;
  }

  /** The workspace's SARIF log (the CLI's contract), from the last scan; scans first when there was none. */
  async sarif(): Promise<ReturnType<typeof toSarif>> {
    if (!this.scanned) await this.scan(undefined, () => undefined);
    const folders = this.host.folders();
    const root = folders.length ? commonRoot([...folders]) : process.cwd();
    const rel = (p: string): string => path.relative(root, p).split(path.sep).join('/') || path.basename(p);
    const scanned = [...this.results.values()]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((r) => ({
        relativePath: rel(r.path),
        uri: r.uri,
        lines: r.lines,
        findings: [...r.findings],
        fixes: r.fixes.map((f) => [...f]),
      }));
    const byUri = new Map(scanned.map((s) => [s.uri, s]));
    const linesOf = new Map<string, LineIndex>();
    return toSarif(scanned, {
      rootUri: pathToFileURL(root).href,
      version: toolVersion,
      notifications: [],
      resolve: (uri) => {
        const known = byUri.get(uri);
        if (known) return known;
        // A related location in a file no scan result holds (a tfvars entry): read it for its lines.
        let lines = linesOf.get(uri);
        if (!lines) {
          try {
            lines = new LineIndex(fs.readFileSync(fileURLToPath(uri), 'utf8'));
            linesOf.set(uri, lines);
          } catch {
            return undefined;
          }
        }
        return { relativePath: rel(fileURLToPath(uri)), lines };
      },
    });
  }
}
