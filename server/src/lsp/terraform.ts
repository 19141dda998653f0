/**
 * Terraform in the editor. A Terraform module is a folder, so a `.tf` document is linted together with
 * the folder's other `.tf` files and its `terraform.tfvars` / `*.auto.tfvars` (as the CLI reads it), each
 * taken from the editor when open (its unsaved text) and from disk otherwise, plus the local modules it
 * calls. Untitled and virtual documents, and tfvars Terraform does not load by itself, stand alone.
 *
 * A module is linted while one of its documents is open; its diagnostics go to every file that has
 * findings (open or not, so the Problems view lists them) and are cleared when the last document of the
 * module closes. A file can be read by several module lints (its own folder, a caller's module call): its
 * diagnostics are the union of theirs.
 *
 * Staleness: each lint runs synchronously over texts read at that moment, so what it computes matches the
 * documents as they are when it publishes. What it contributes to a file is tagged with the document
 * version it read (or "from disk"); a contribution whose tag no longer matches the file is left out of
 * every publish, and every module that read a changed file is linted again. Edits are debounced
 * (`sgLint.debounceMs`); opening, closing and changes on disk lint at once. A lint waiting for its
 * configuration is dropped when anything newer is scheduled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SgLintConfig } from '../../../rules/config';
import type { RuleFailure, TerraformLintResult, TerraformModuleInput, TerraformSource } from '../engine/lint';
import { lintTerraformModule } from '../engine/lint';
import { TERRAFORM_LANGUAGE_IDS } from '../protocol';
import type { TerraformActionSource } from './codeActions';
import type { DocumentConfig, Logger } from './configuration';
import { errorText, localPath } from './configuration';
import type { ModuleResult } from './diagnostics';
import { internalErrorDiagnostic, skippedDiagnostic, terraformDiagnostics } from './diagnostics';
import type { DocLinks } from './docLinks';
import type { TerraformTrees } from './terraformTrees';

/** `DiagnosticData.version` of a finding in a file read from disk (no open document has this version). */
export const DISK_VERSION = -1;

/** The decoded last path segment of a URI. */
export function uriFileName(uri: string): string {
  const name =
    uri
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ?? '';
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The tfvars files Terraform loads by itself (file names are case-sensitive, as Terraform reads them). */
export function isAutoTfvars(name: string): boolean {
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

export function isTerraformDocument(uri: string, languageId: string): boolean {
  if (TERRAFORM_LANGUAGE_IDS.includes(languageId)) return true;
  const name = uriFileName(uri).toLowerCase();
  return name.endsWith('.tf') || name.endsWith('.tfvars');
}

function isTfvarsDocument(uri: string, languageId: string): boolean {
  return languageId === 'terraform-vars' || uriFileName(uri).toLowerCase().endsWith('.tfvars');
}

/** Identifies a file across URI spellings (editors and Node encode file URIs differently). */
export function fileKey(uri: string): string {
  return localPath(uri) ?? uri;
}

/** Whether a file key is a local path (else it is the URI of an untitled or virtual document). */
function localPathLike(key: string): boolean {
  return path.isAbsolute(key);
}

/** What a Terraform document is linted as part of. */
export interface TerraformUnit {
  /** The module folder's local path, or the document's own URI when it stands alone. */
  readonly key: string;
  /** The module's folder URI (no trailing slash): local module sources resolve against it. */
  readonly dirUri: string;
  /** The module folder on disk; undefined for a document that stands alone. */
  readonly dir?: string;
}

/**
 * A document's module: its folder for `.tf` files and auto-loaded tfvars on disk, else the document alone
 * (untitled and virtual documents, `prod.tfvars`, a `.hcl` file set to the Terraform language).
 */
export function unitOf(uri: string): TerraformUnit {
  const slash = uri.lastIndexOf('/');
  const dirUri = slash > 0 ? uri.slice(0, slash) : uri;
  const fsPath = localPath(uri);
  const name = uriFileName(uri);
  if (fsPath && (name.endsWith('.tf') || isAutoTfvars(name))) {
    const dir = path.dirname(fsPath);
    return { key: dir, dirUri, dir };
  }
  // A file's path cannot also be a folder's: the keys of standalone documents never meet module keys.
  return { key: fileKey(uri), dirUri };
}

export interface TerraformLinterHost {
  getDocument(uri: string): TextDocument | undefined;
  allDocuments(): readonly TextDocument[];
  configFor(uri: string): Promise<DocumentConfig>;
  debounceFor(uri: string): number;
  publish(params: PublishDiagnosticsParams): void;
  /** Settles once the Terraform parser has loaded (or failed to); a lint waits for it. */
  parserReady(): Promise<void>;
  readonly trees: TerraformTrees;
  readonly log: Logger;
  readonly docLinks: DocLinks;
  /** The engine; replaceable so tests can make it throw. */
  readonly lint?: (input: TerraformModuleInput, config: SgLintConfig) => TerraformLintResult;
}

interface ModuleState {
  readonly unit: TerraformUnit;
  /** The document that opened the module: its configuration applies when no other is open. */
  readonly configUri: string;
  /** Files (by {@link fileKey}) and folders the last lint read: a change to any of them re-lints. */
  reads: Set<string>;
  dirs: Set<string>;
}

/** What one module lint says about one file. */
interface Contribution {
  /** The URI the lint read the file under (the open document's, else one made from its path). */
  readonly uri: string;
  /** The document version read; undefined when the file came from disk. */
  readonly version: number | undefined;
  /** Set when the file changed on disk after a lint read it from there. */
  stale: boolean;
  readonly diagnostics: Diagnostic[];
}

interface CachedModule {
  readonly result: ModuleResult;
  /** Document versions the lint read, by file key (files read from disk are absent). */
  readonly versions: ReadonlyMap<string, number>;
}

/** What one lint read, to know later what invalidates it. */
interface ReadContext {
  readonly reads: Set<string>;
  readonly dirs: Set<string>;
  readonly versions: Map<string, number>;
  readonly texts: Map<string, string>;
}

export class TerraformLinter {
  private readonly modules = new Map<string, ModuleState>();
  private readonly contributions = new Map<string, Map<string, Contribution>>();
  private readonly results = new Map<string, CachedModule>();
  /** Files whose last publish had diagnostics, and the URI it went to. */
  private readonly published = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly disk = new Map<string, { mtimeMs: number; size: number; text: string }>();
  private readonly loggedFailures = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private runs = 0;
  private parserFailure: string | undefined;
  private readonly lint: (input: TerraformModuleInput, config: SgLintConfig) => TerraformLintResult;

  constructor(private readonly host: TerraformLinterHost) {
    this.lint = host.lint ?? lintTerraformModule;
  }

  /** A Terraform document was opened or edited. */
  documentChanged(doc: TextDocument): void {
    const delay = this.seen.has(doc.uri) ? this.host.debounceFor(doc.uri) : 0;
    this.seen.add(doc.uri);
    const unit = unitOf(doc.uri);
    if (!this.modules.has(unit.key))
      this.modules.set(unit.key, { unit, configUri: doc.uri, reads: new Set(), dirs: new Set() });
    this.dirty.add(unit.key);
    // On open, modules that list its folder take it in (it may not be on disk yet).
    this.markReaders(fileKey(doc.uri), delay === 0);
    this.schedule(delay);
  }

  /** A Terraform document was closed: its module falls back to the file on disk, or ends with it. */
  documentClosed(uri: string): void {
    this.seen.delete(uri);
    this.host.trees.forget(uri);
    const key = fileKey(uri);
    const open = this.openDocuments();
    const unit = unitOf(uri);
    const touched = new Set<string>([key]);
    if ([...open.values()].some((d) => unitOf(d.uri).key === unit.key)) this.dirty.add(unit.key);
    else this.deactivate(unit.key, touched);
    this.markReaders(key, true);
    // What was computed on the closed document's text no longer matches the file: out now.
    for (const k of [...touched].sort()) this.publishFile(k, open);
    this.schedule(0);
  }

  /** Files changed on disk (the client watches **\/*.tf and **\/*.tfvars). */
  filesChanged(uris: readonly string[]): void {
    let any = false;
    for (const uri of uris) {
      const file = localPath(uri);
      if (!file) continue;
      this.disk.delete(file);
      for (const c of this.contributions.get(file)?.values() ?? [])
        if (c.version === undefined) c.stale = true;
      for (const [key, m] of this.modules) {
        if (m.reads.has(file) || m.dirs.has(path.dirname(file))) {
          this.dirty.add(key);
          any = true;
        }
      }
    }
    if (any) this.schedule(0);
  }

  /** Settings or a config file changed: lint every module again, now. */
  relintAll(): void {
    for (const key of this.modules.keys()) this.dirty.add(key);
    if (this.modules.size > 0) this.schedule(0);
  }

  /** The module lints that read this version of a document, for code actions. */
  sourcesFor(uri: string, version: number): TerraformActionSource[] {
    const key = fileKey(uri);
    const out: TerraformActionSource[] = [];
    for (const [module, cached] of this.results) {
      if (cached.versions.get(key) !== version) continue;
      const file = cached.result.files.get(uri);
      if (file) out.push({ module, result: cached.result, file });
    }
    return out;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Modules whose last lint read a file (or, with `listers`, listed its folder) are linted again. */
  private markReaders(key: string, listers = false): void {
    const dir = listers && localPathLike(key) ? path.dirname(key) : undefined;
    for (const [k, m] of this.modules)
      if (m.reads.has(key) || (dir !== undefined && m.dirs.has(dir))) this.dirty.add(k);
  }

  private deactivate(moduleKey: string, touched: Set<string>): void {
    this.modules.delete(moduleKey);
    this.dirty.delete(moduleKey);
    this.results.delete(moduleKey);
    this.loggedFailures.delete(moduleKey);
    this.replaceContributions(moduleKey, new Map<string, Contribution>(), touched);
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const run = ++this.runs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run(run).catch((e: unknown) =>
        this.host.log.error(`sg-lint: linting Terraform modules failed: ${errorText(e)}`),
      );
    }, delay);
  }

  /** Open Terraform documents by file key. */
  private openDocuments(): Map<string, TextDocument> {
    const open = new Map<string, TextDocument>();
    for (const d of this.host.allDocuments())
      if (isTerraformDocument(d.uri, d.languageId)) open.set(fileKey(d.uri), d);
    return open;
  }

  private async run(run: number): Promise<void> {
    try {
      await this.host.parserReady();
    } catch (e) {
      this.parserUnavailable(e);
      return;
    }
    for (const key of this.dirty) if (!this.modules.has(key)) this.dirty.delete(key);
    const keys = [...this.dirty].sort();
    if (keys.length === 0) return;
    const configs = await Promise.all(keys.map((k) => this.host.configFor(this.configUriOf(k))));
    // Superseded while waiting: something newer is scheduled, and it lints these modules too.
    if (run !== this.runs) return;
    const open = this.openDocuments();
    const touched = new Set<string>();
    keys.forEach((key, i) => {
      this.dirty.delete(key);
      const state = this.modules.get(key);
      if (state) this.lintModule(state, configs[i]!, open, touched);
    });
    // Open documents of the linted modules hear back even without findings: the client learns the version.
    for (const [k, doc] of open) if (keys.includes(unitOf(doc.uri).key)) touched.add(k);
    for (const k of [...touched].sort()) this.publishFile(k, open);
  }

  /** A document of the module to resolve its configuration with (settings are scoped to a document). */
  private configUriOf(moduleKey: string): string {
    for (const d of this.host.allDocuments())
      if (isTerraformDocument(d.uri, d.languageId) && unitOf(d.uri).key === moduleKey) return d.uri;
    return this.modules.get(moduleKey)!.configUri;
  }

  private lintModule(
    state: ModuleState,
    settings: DocumentConfig,
    open: ReadonlyMap<string, TextDocument>,
    touched: Set<string>,
  ): void {
    const moduleKey = state.unit.key;
    const fresh = new Map<string, Contribution>();
    const ctx: ReadContext = { reads: new Set(), dirs: new Set(), versions: new Map(), texts: new Map() };
    let input: TerraformModuleInput | undefined;
    if (settings.enable) {
      if (state.unit.dir) {
        const sources = this.folderSources(state.unit.dir, open, ctx);
        input = {
          dirUri: state.unit.dirUri,
          files: sources.files,
          tfvars: sources.tfvars,
          loadModule: (dirUri) => {
            const dir = localPath(dirUri);
            return dir ? this.folderSources(dir, open, ctx) : undefined;
          },
        };
      } else {
        const doc = open.get(state.unit.key);
        const source = doc ? this.source(state.unit.key, open, ctx) : undefined;
        if (doc && source) {
          input = isTfvarsDocument(doc.uri, doc.languageId)
            ? { dirUri: state.unit.dirUri, files: [], tfvars: [source] }
            : { dirUri: state.unit.dirUri, files: [source] };
        }
      }
    }
    state.reads = ctx.reads;
    state.dirs = ctx.dirs;
    if (!input || input.files.length + (input.tfvars?.length ?? 0) === 0) {
      this.results.delete(moduleKey);
      this.replaceContributions(moduleKey, fresh, touched);
      return;
    }
    let result: TerraformLintResult;
    try {
      result = this.lint(input, settings.config);
    } catch (e) {
      this.host.log.error(
        `sg-lint: internal error while linting the Terraform module ${moduleKey}: ${errorText(e)}`,
      );
      this.results.delete(moduleKey);
      // Older findings would point at stale positions: the module's open documents get one notice instead.
      for (const [k, version] of ctx.versions) {
        const doc = open.get(k);
        if (doc)
          fresh.set(k, {
            uri: doc.uri,
            version,
            stale: false,
            diagnostics: [internalErrorDiagnostic(doc.getText())],
          });
      }
      this.replaceContributions(moduleKey, fresh, touched);
      return;
    }
    if (result.kind !== 'module') {
      this.host.log.warn(`sg-lint: the Terraform module ${moduleKey} was not linted: ${result.reason}`);
      return;
    }
    this.logRuleFailures(moduleKey, result.ruleFailures);
    const excluded = (uri: string): boolean => {
      const fsPath = localPath(uri);
      return fsPath !== undefined && settings.isExcluded(fsPath);
    };
    for (const [uri, file] of result.files) {
      const k = fileKey(uri);
      const version = ctx.versions.get(k);
      if (version !== undefined) this.host.trees.keep(uri, version, file.hcl.tree);
      if (excluded(uri)) continue;
      fresh.set(k, {
        uri,
        version,
        stale: false,
        diagnostics: terraformDiagnostics(
          result,
          uri,
          version ?? DISK_VERSION,
          moduleKey,
          this.host.docLinks,
        ),
      });
    }
    for (const s of result.skipped) {
      const k = fileKey(s.uri);
      if (excluded(s.uri)) continue;
      fresh.set(k, {
        uri: s.uri,
        version: ctx.versions.get(k),
        stale: false,
        diagnostics: [skippedDiagnostic(ctx.texts.get(k) ?? '', s.reason, 'file')],
      });
    }
    this.results.set(moduleKey, { result, versions: ctx.versions });
    this.replaceContributions(moduleKey, fresh, touched);
  }

  /** A module folder's .tf files and the tfvars Terraform loads, each from the editor when open. */
  private folderSources(
    dir: string,
    open: ReadonlyMap<string, TextDocument>,
    ctx: ReadContext,
  ): { files: TerraformSource[]; tfvars: TerraformSource[] } {
    ctx.dirs.add(dir);
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      // The folder is gone or unreadable: its open documents still make up the module.
    }
    // Documents open in the folder but not saved there (yet) belong to the module too.
    for (const [k, doc] of open) {
      if (doc.uri.startsWith('file:') && path.dirname(k) === dir) names.push(path.basename(k));
    }
    const files: TerraformSource[] = [];
    const tfvars: TerraformSource[] = [];
    for (const name of [...new Set(names)].sort()) {
      const tf = name.endsWith('.tf');
      if (!tf && !isAutoTfvars(name)) continue;
      const source = this.source(path.join(dir, name), open, ctx);
      if (source) (tf ? files : tfvars).push(source);
    }
    return { files, tfvars };
  }

  /** One file's source: the open document's text (with its edited tree), else the file on disk. */
  private source(
    key: string,
    open: ReadonlyMap<string, TextDocument>,
    ctx: ReadContext,
  ): TerraformSource | undefined {
    const doc = open.get(key);
    if (doc) {
      ctx.reads.add(key);
      ctx.versions.set(key, doc.version);
      const text = doc.getText();
      ctx.texts.set(key, text);
      const oldTree = this.host.trees.oldTreeFor(doc.uri, doc.version);
      return { uri: doc.uri, text, ...(oldTree ? { oldTree } : {}) };
    }
    const text = this.readDisk(key);
    if (text === undefined) return undefined;
    ctx.reads.add(key);
    ctx.texts.set(key, text);
    return { uri: pathToFileURL(key).href, text };
  }

  /** A file's text from disk, read again only when its size or modification time changed. */
  private readDisk(file: string): string | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      this.disk.delete(file);
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const cached = this.disk.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
    try {
      const text = fs.readFileSync(file, 'utf8');
      this.disk.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch (e) {
      this.host.log.warn(`sg-lint: could not read ${file}: ${errorText(e)}`);
      this.disk.delete(file);
      return undefined;
    }
  }

  private replaceContributions(
    moduleKey: string,
    fresh: Map<string, Contribution>,
    touched: Set<string>,
  ): void {
    for (const [k, byModule] of this.contributions) {
      if (!byModule.delete(moduleKey)) continue;
      touched.add(k);
      if (byModule.size === 0) this.contributions.delete(k);
    }
    for (const [k, c] of fresh) {
      let byModule = this.contributions.get(k);
      if (!byModule) this.contributions.set(k, (byModule = new Map<string, Contribution>()));
      byModule.set(moduleKey, c);
      touched.add(k);
    }
  }

  /** Publishes a file's diagnostics: the union of every module lint's that matches the file as it is now. */
  private publishFile(key: string, open: ReadonlyMap<string, TextDocument>): void {
    const doc = open.get(key);
    let uri = doc?.uri;
    const diagnostics: Diagnostic[] = [];
    const seen = new Set<string>();
    for (const c of this.contributions.get(key)?.values() ?? []) {
      const current = doc ? c.version === doc.version : c.version === undefined && !c.stale;
      if (!current) continue;
      uri ??= c.uri;
      for (const d of c.diagnostics) {
        // A module linted on its own and again through a caller can find the same thing twice.
        const r = d.range;
        const message = typeof d.message === 'string' ? d.message : d.message.value;
        const id = `${String(d.code)}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        diagnostics.push(d);
      }
    }
    const before = this.published.get(key);
    uri ??= before;
    if (!uri) return;
    if (diagnostics.length === 0 && !doc && before === undefined) return;
    // Another spelling of the same file got the last publish: clear that one first.
    if (before !== undefined && before !== uri) this.host.publish({ uri: before, diagnostics: [] });
    diagnostics.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        String(a.code).localeCompare(String(b.code)),
    );
    this.host.publish({ uri, ...(doc ? { version: doc.version } : {}), diagnostics });
    if (diagnostics.length > 0) this.published.set(key, uri);
    else this.published.delete(key);
  }

  /** The parser could not load: say so once in the log and on each open Terraform document. */
  private parserUnavailable(e: unknown): void {
    if (this.parserFailure === undefined) {
      this.parserFailure = errorText(e);
      this.host.log.error(
        `sg-lint: the Terraform parser did not load; Terraform files are not checked: ${this.parserFailure}`,
      );
    }
    this.dirty.clear();
    for (const doc of this.openDocuments().values())
      this.host.publish({
        uri: doc.uri,
        version: doc.version,
        diagnostics: [internalErrorDiagnostic(doc.getText())],
      });
  }

  private logRuleFailures(moduleKey: string, failures: readonly RuleFailure[]): void {
    const signature = failures.map((f) => `${f.ruleId}: ${f.error.split('\n')[0]}`).join('\n');
    if ((this.loggedFailures.get(moduleKey) ?? '') === signature) return;
    this.loggedFailures.set(moduleKey, signature);
    for (const f of failures) {
      this.host.log.error(
        `sg-lint: rule ${f.ruleId} failed on the Terraform module ${moduleKey} (the other rules still ran): ${f.error}`,
      );
    }
  }
}
