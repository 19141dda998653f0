/**
 * The engine fuzz test's inputs: every template and Terraform file of the fixtures, the examples and the
 * shared corpus, and input number k of a run, rebuilt from the run's seed alone (file order, mutations).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Syntax } from './mutate';
import { mulberry32, mutate, seedFor } from './mutate';

/** The repository (this file compiles to out/test/fuzz/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The shared, read-only labelled corpus next to the repository (SG_LINT_FUZZ_CORPUS overrides it). */
export const CORPUS_ROOT =
  process.env.SG_LINT_FUZZ_CORPUS ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

export type InputFormat = 'cloudformation-yaml' | 'cloudformation-json' | 'cdk-json' | 'terraform' | 'tfvars';

export interface FuzzFile {
  readonly path: string;
  /** The path shown in reports: relative to the repository, or `corpus/…`. */
  readonly rel: string;
  readonly format: InputFormat;
  readonly syntax: Syntax;
  readonly text: string;
}

const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template']);
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform']);

function walk(dir: string, skip: (p: string) => boolean, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !skip(p)) walk(p, skip, out);
    } else if (e.isFile()) out.push(p);
  }
}

export function formatOfFile(file: string, text: string): InputFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.tf') return 'terraform';
  if (ext === '.tfvars') return 'tfvars';
  if (!TEMPLATE_EXTENSIONS.has(ext)) return undefined;
  const json = ext === '.json' || (ext === '.template' && /^\s*[{[]/.test(text.slice(0, 1024)));
  if (!json) return 'cloudformation-yaml';
  return /[\\/](cdk\.out|cdk_synth)[\\/]/.test(file) ? 'cdk-json' : 'cloudformation-json';
}

/** The fuzz inputs, sorted by path: the order (and so input k) is the same on every machine. */
export function collectInputs(): { files: FuzzFile[]; corpusFound: boolean } {
  const paths: string[] = [];
  const cdkLib = path.join(REPO_ROOT, 'test', 'fixtures', 'cdk-app', 'lib');
  walk(path.join(REPO_ROOT, 'test', 'fixtures'), (p) => p === cdkLib, paths);
  walk(path.join(REPO_ROOT, 'examples'), () => false, paths);
  const corpusFound = fs.existsSync(CORPUS_ROOT);
  const corpusPaths: string[] = [];
  if (corpusFound) walk(CORPUS_ROOT, () => false, corpusPaths);
  const files: FuzzFile[] = [];
  const add = (p: string, rel: string): void => {
    const text = fs.readFileSync(p, 'utf8');
    const format = formatOfFile(p, text);
    if (!format) return;
    const syntax: Syntax =
      format === 'terraform' || format === 'tfvars'
        ? 'hcl'
        : format === 'cloudformation-yaml'
          ? 'yaml'
          : 'json';
    files.push({ path: p, rel, format, syntax, text });
  };
  for (const p of paths) add(p, path.relative(REPO_ROOT, p));
  for (const p of corpusPaths) add(p, `corpus/${path.relative(CORPUS_ROOT, p)}`);
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, corpusFound };
}

export type FuzzMode = 'short' | 'long';

/**
 * How large huge repeats may grow an input: 512 KB in the short form (a 1 MB input takes one to three
 * seconds, a fifth of the short budget), 3 MB in the long form, past maxFileSize (2 MB, then skipped).
 */
export function maxCharsFor(mode: FuzzMode): number {
  return mode === 'long' ? 3 * 1024 * 1024 : 512 * 1024;
}

export interface FuzzInput {
  readonly k: number;
  /** 0: the files as they are; from 1 on, every file mutated once per round. */
  readonly round: number;
  readonly file: FuzzFile;
  readonly text: string;
  readonly ops: readonly string[];
}

const permutations = new Map<string, number[]>();

/** Round r visits the files in a seeded order, so a run cut short by its budget still mixes them. */
function order(seed: number, round: number, n: number): number[] {
  const key = `${seed}/${round}/${n}`;
  let p = permutations.get(key);
  if (!p) {
    p = Array.from({ length: n }, (_, i) => i);
    const rng = mulberry32(seedFor(seed, -1 - round));
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    if (permutations.size > 64) permutations.clear();
    permutations.set(key, p);
  }
  return p;
}

/** Input number k of the run seeded `seed`: a pure function of (seed, k, mode, files). */
export function inputFor(files: readonly FuzzFile[], seed: number, k: number, mode: FuzzMode): FuzzInput {
  const n = files.length;
  const round = Math.floor(k / n);
  const file = files[round === 0 ? k : order(seed, round, n)[k % n]!]!;
  if (round === 0) return { k, round, file, text: file.text, ops: [] };
  const donors = files.filter((f) => f.syntax === file.syntax && f !== file).map((f) => f.text);
  const mutated = mutate(file.text, mulberry32(seedFor(seed, k)), {
    syntax: file.syntax,
    maxChars: maxCharsFor(mode),
    donors,
  });
  return { k, round, file, text: mutated.text, ops: mutated.ops };
}
