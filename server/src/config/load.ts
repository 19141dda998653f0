/**
 * Configuration files: `.sg-lint.yaml`, `.sg-lint.yml` or `.sg-lint.json`, found by walking up from a
 * file's folder (the nearest wins). Layering: built-in defaults, then the editor's `sgLint.*` settings,
 * then the file — so a repository's file decides, and the editor agrees with CI on the same repository.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { parse as parseYamlValue } from 'yaml';
import type { ConfigProblem, SgLintConfig } from '../../../rules/config';
import { DEFAULT_CONFIG, mergeConfig } from '../../../rules/config';
import { excessiveNesting } from '../parse/yaml';

export const CONFIG_FILE_NAMES = ['.sg-lint.yaml', '.sg-lint.yml', '.sg-lint.json'];

/** A config file is a few levels deep; deeper text is refused before `yaml` sees it (see parse/yaml MAX_DEPTH). */
export const MAX_CONFIG_DEPTH = 64;

export interface LoadedConfigFile {
  readonly path: string;
  readonly raw: unknown;
  readonly problems: ConfigProblem[];
}

/** Reads and parses one config file. A broken file yields problems, never an exception. */
export function readConfigFile(file: string): LoadedConfigFile {
  const problems: ConfigProblem[] = [];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return {
      path: file,
      raw: undefined,
      problems: [{ key: '', message: `cannot read ${file}: ${(e as Error).message}` }],
    };
  }
  if (excessiveNesting(text, MAX_CONFIG_DEPTH) >= 0) {
    problems.push({
      key: '',
      message: `cannot parse ${path.basename(file)}: nested deeper than ${MAX_CONFIG_DEPTH} levels`,
    });
    return { path: file, raw: undefined, problems };
  }
  try {
    // JSON is YAML; the alias limit keeps a hostile config file from expanding without bound.
    const raw: unknown = parseYamlValue(text, { maxAliasCount: 100, prettyErrors: false }) ?? {};
    return { path: file, raw, problems };
  } catch (e) {
    problems.push({
      key: '',
      message: `cannot parse ${path.basename(file)}: ${(e as Error).message.split('\n')[0]}`,
    });
    return { path: file, raw: undefined, problems };
  }
}

/** The nearest config file at or above `dir`, or undefined. */
export function findConfigFile(
  dir: string,
  exists: (p: string) => boolean = fs.existsSync,
): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name);
      if (exists(candidate)) return candidate;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The config of each folder as the CLI resolves it: the explicit `--config` file for every folder, else
 * the nearest config file at or above the folder, else the defaults with excludes relative to `baseDir`.
 * Each folder is resolved once.
 */
export function folderConfigs(
  explicit: LoadedConfigFile | undefined,
  baseDir: string,
): (dir: string) => ResolvedConfig {
  const cache = new Map<string, ResolvedConfig>();
  return (dir) => {
    const key = explicit ? '<explicit>' : dir;
    let c = cache.get(key);
    if (!c) {
      const found = explicit ? undefined : findConfigFile(dir);
      const file = explicit ?? (found ? readConfigFile(found) : undefined);
      cache.set(key, (c = resolveConfig(file ? { file } : { baseDir })));
    }
    return c;
  };
}

export interface ResolvedConfig {
  readonly config: SgLintConfig;
  /** The file that contributed, if any. */
  readonly file?: string;
  readonly problems: ConfigProblem[];
  /** Tells whether a path is excluded by the config's `exclude` globs (relative to the config file's folder). */
  readonly isExcluded: (absolutePath: string) => boolean;
}

export function resolveConfig(options: {
  settings?: unknown;
  file?: LoadedConfigFile;
  baseDir?: string;
}): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  let config = mergeConfig(DEFAULT_CONFIG, options.settings, problems);
  if (options.file) {
    problems.push(
      ...options.file.problems.map((p) => ({
        ...p,
        message: `${path.basename(options.file!.path)}: ${p.message}`,
      })),
    );
    const fileProblems: ConfigProblem[] = [];
    config = mergeConfig(config, options.file.raw, fileProblems);
    problems.push(
      ...fileProblems.map((p) => ({ ...p, message: `${path.basename(options.file!.path)}: ${p.message}` })),
    );
  }
  const base = options.file ? path.dirname(options.file.path) : (options.baseDir ?? process.cwd());
  const matchers = config.exclude.map((g) => picomatch(g, { dot: true }));
  const isExcluded = (absolutePath: string): boolean => {
    if (matchers.length === 0) return false;
    const rel = path.relative(base, absolutePath).split(path.sep).join('/');
    if (rel.startsWith('..')) return false;
    return matchers.some((m) => m(rel) || m(path.basename(absolutePath)));
  };
  return { config, file: options.file?.path, problems, isExcluded };
}
