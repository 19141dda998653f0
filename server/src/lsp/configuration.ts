/**
 * The configuration a document is linted with: the client's `sgLint.*` settings (pulled with
 * workspace/configuration, scoped to the document) overlaid by the nearest `.sg-lint.yaml|.yml|.json` above
 * it (the file wins, so the editor agrees with CI on the same repository). Resolved once per folder and
 * kept until the settings or a config file change. Problems are logged once each, never thrown.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SgLintConfig } from '../../../rules/config';
import { CONFIG_KEYS, DEFAULT_CONFIG } from '../../../rules/config';
import type { LoadedConfigFile } from '../config/load';
import { findConfigFile, readConfigFile, resolveConfig } from '../config/load';
import type { EditorSettings } from '../protocol';
import { DEFAULT_DEBOUNCE_MS, MAX_DEBOUNCE_MS } from '../protocol';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface DocumentConfig extends EditorSettings {
  readonly config: SgLintConfig;
  /** The config file that applied, if any. */
  readonly file?: string;
  /** Whether a local file is excluded by `exclude` globs. */
  isExcluded(fsPath: string): boolean;
}

export interface ConfigurationHost {
  /** The client's `sgLint` settings section for a document; undefined when the client cannot say. */
  fetchSettings(scopeUri: string): Promise<unknown>;
  /** The local folder of the workspace folder holding a file, the base of `exclude` globs without a config file. */
  workspaceFolderOf(fsPath: string): string | undefined;
  /** Whether the editor has a file open (its problems then show as diagnostics on it instead of in the log). */
  isOpen(fsPath: string): boolean;
  readonly log: Logger;
}

/** The local path of a `file:` URI; undefined for untitled and virtual documents (no config-file lookup). */
export function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The innermost of `folders` (local paths) that holds `fsPath`. */
export function containingFolder(folders: readonly string[], fsPath: string): string | undefined {
  let best: string | undefined;
  for (const f of folders) {
    const inside = fsPath === f || fsPath.startsWith(f.endsWith(path.sep) ? f : f + path.sep);
    if (inside && (!best || f.length > best.length)) best = f;
  }
  return best;
}

/** Splits the `sgLint` settings section into the editor's own settings and the engine's keys. */
export function splitSettings(raw: unknown): {
  editor: EditorSettings;
  engine: Record<string, unknown>;
  problems: string[];
} {
  const problems: string[] = [];
  const section =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const engine: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) if (section[key] !== undefined) engine[key] = section[key];
  const enable = section.enable !== false;
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  const d = section.debounceMs;
  if (d !== undefined && d !== null) {
    if (typeof d === 'number' && Number.isFinite(d) && d >= 0 && d <= MAX_DEBOUNCE_MS)
      debounceMs = Math.round(d);
    else
      problems.push(
        `sgLint.debounceMs must be a number of milliseconds, 0–${MAX_DEBOUNCE_MS}; using ${DEFAULT_DEBOUNCE_MS}`,
      );
  }
  return { editor: { enable, debounceMs }, engine, problems };
}

/** Used when the configuration cannot be resolved at all: built-in defaults, nothing excluded. */
export const DEFAULT_DOCUMENT_CONFIG: DocumentConfig = {
  enable: true,
  debounceMs: DEFAULT_DEBOUNCE_MS,
  config: DEFAULT_CONFIG,
  isExcluded: () => false,
};

export class ConfigurationManager {
  /** Resolved configuration per folder (the document URI up to its last `/`). */
  private readonly byFolder = new Map<string, Promise<DocumentConfig>>();
  private readonly debounceByFolder = new Map<string, number>();
  private readonly configFileByDir = new Map<string, string | undefined>();
  private readonly loadedFiles = new Map<string, LoadedConfigFile>();
  private readonly logged = new Set<string>();

  constructor(private readonly host: ConfigurationHost) {}

  forDocument(uri: string): Promise<DocumentConfig> {
    const folder = folderKey(uri);
    let pending = this.byFolder.get(folder);
    if (!pending) {
      const resolving = this.resolve(uri, folder).catch((e: unknown) => {
        // Never cache a failure: the next lint tries again. Meanwhile the defaults apply.
        if (this.byFolder.get(folder) === resolving) this.byFolder.delete(folder);
        this.host.log.error(
          `sg-lint: could not resolve the configuration for ${uri}; using defaults: ${errorText(e)}`,
        );
        return DEFAULT_DOCUMENT_CONFIG;
      });
      pending = resolving;
      this.byFolder.set(folder, pending);
    }
    return pending;
  }

  /** The debounce delay last resolved for a document's folder (the default before the first lint there). */
  debounceFor(uri: string): number {
    return this.debounceByFolder.get(folderKey(uri)) ?? DEFAULT_DEBOUNCE_MS;
  }

  /** Settings changed: everything is resolved again on the next lint. */
  settingsChanged(): void {
    this.byFolder.clear();
    this.logged.clear();
  }

  /** A config file was created, changed or deleted: look them up and read them again. */
  filesChanged(): void {
    this.configFileByDir.clear();
    this.loadedFiles.clear();
    this.settingsChanged();
  }

  private async resolve(uri: string, folder: string): Promise<DocumentConfig> {
    let raw: unknown;
    try {
      raw = await this.host.fetchSettings(uri);
    } catch (e) {
      this.logOnce('warn', `could not read the sgLint settings; using defaults: ${errorText(e)}`);
    }
    const { editor, engine, problems } = splitSettings(raw);
    for (const p of problems) this.logOnce('warn', p);

    const fsPath = localPath(uri);
    let file: LoadedConfigFile | undefined;
    let baseDir: string | undefined;
    if (fsPath) {
      const dir = path.dirname(fsPath);
      baseDir = this.host.workspaceFolderOf(fsPath) ?? dir;
      try {
        file = this.configFileIn(dir);
      } catch (e) {
        this.logOnce('warn', `could not look for a .sg-lint config file above ${dir}: ${errorText(e)}`);
      }
    }
    const settingsOnly = resolveConfig({ settings: engine, baseDir });
    for (const p of settingsOnly.problems)
      this.logOnce('warn', `settings: sgLint.${p.key ? `${p.key}: ` : ''}${p.message}`);
    const resolved = file ? resolveConfig({ settings: engine, file, baseDir }) : settingsOnly;
    if (file && !this.host.isOpen(file.path)) {
      // resolveConfig prefixes the file's base name; the log names the full path instead.
      const prefix = `${path.basename(file.path)}: `;
      for (const p of resolved.problems.slice(settingsOnly.problems.length)) {
        const message = p.message.startsWith(prefix) ? p.message.slice(prefix.length) : p.message;
        this.logOnce('warn', `${file.path}: ${p.key ? `${p.key}: ` : ''}${message}`);
      }
    }
    this.debounceByFolder.set(folder, editor.debounceMs);
    return {
      ...editor,
      config: resolved.config,
      ...(resolved.file ? { file: resolved.file } : {}),
      isExcluded: resolved.isExcluded,
    };
  }

  private configFileIn(dir: string): LoadedConfigFile | undefined {
    let found: string | undefined;
    if (this.configFileByDir.has(dir)) found = this.configFileByDir.get(dir);
    else {
      found = findConfigFile(dir);
      this.configFileByDir.set(dir, found);
    }
    if (!found) return undefined;
    let loaded = this.loadedFiles.get(found);
    if (!loaded) {
      loaded = readConfigFile(found);
      this.loadedFiles.set(found, loaded);
    }
    return loaded;
  }

  private logOnce(level: 'warn' | 'error', message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.host.log[level](message);
  }
}

function folderKey(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? uri : uri.slice(0, slash + 1);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
