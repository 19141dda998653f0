/** The CLI's Terraform side: each folder holding .tf files is one module, read whole from disk. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SgLintConfig } from '../../../rules/config';
import type { TemplateModel } from '../../../rules/model';
import type { Finding } from '../../../rules/types';
import type { TerraformSource } from '../engine/lint';
import { clearTerraformCache, findingKey, lintTerraformModule } from '../engine/lint';
import type { RenderedFix } from '../fixes/render';
import { renderFixes } from '../fixes/render';
import type { LineIndex } from '../parse/lineIndex';

export const TERRAFORM_EXTENSIONS = new Set(['.tf', '.tfvars']);

export function isTerraformFile(file: string): boolean {
  return TERRAFORM_EXTENSIONS.has(path.extname(file).toLowerCase());
}

function isTfvars(name: string): boolean {
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

/**
 * A module folder's sources: its .tf files and the tfvars Terraform loads automatically, from disk or, for
 * files `openText` knows (documents open in an editor), as typed.
 */
export function readModuleFolder(
  dir: string,
  openText?: (fsPath: string) => string | undefined,
): { files: TerraformSource[]; tfvars: TerraformSource[] } | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return undefined;
  }
  const read = (name: string): TerraformSource | undefined => {
    const file = path.join(dir, name);
    try {
      if (!fs.statSync(file).isFile()) return undefined;
      return { uri: pathToFileURL(file).href, text: openText?.(file) ?? fs.readFileSync(file, 'utf8') };
    } catch {
      return undefined;
    }
  };
  const files = names
    .filter((n) => n.endsWith('.tf'))
    .map(read)
    .filter((s): s is TerraformSource => !!s);
  const tfvars = names
    .filter(isTfvars)
    .map(read)
    .filter((s): s is TerraformSource => !!s);
  return { files, tfvars };
}

export interface TerraformScanFile {
  readonly uri: string;
  readonly file: string;
  readonly lines: LineIndex;
  readonly findings: Finding[];
  readonly fixes: RenderedFix[][];
}

export interface TerraformScan {
  readonly files: TerraformScanFile[];
  /** Every file the lints read (called modules' and tfvars too), for placing related locations. */
  readonly read: ReadonlyMap<string, { readonly file: string; readonly lines: LineIndex }>;
  readonly modules: number;
  /** Each module's model and findings (for the graph). */
  readonly results: { readonly dir: string; readonly model: TemplateModel; readonly findings: Finding[] }[];
  readonly skipped: { file: string; reason: string }[];
  readonly ruleFailures: { file: string; ruleId: string; error: string }[];
}

/**
 * Lints the modules of the given Terraform files. Findings are kept for the files the scan asked for
 * (a local module's files are reported when they are part of the scan too).
 */
export function scanTerraform(
  tfFiles: readonly string[],
  configFor: (dir: string) => SgLintConfig,
): TerraformScan {
  const wanted = new Set(tfFiles.map((f) => pathToFileURL(f).href));
  const dirs = [...new Set(tfFiles.map((f) => path.dirname(f)))].sort();
  const byUri = new Map<string, TerraformScanFile>();
  const seen = new Set<string>();
  const skipped: TerraformScan['skipped'] = [];
  const ruleFailures: TerraformScan['ruleFailures'] = [];
  const read = new Map<string, { file: string; lines: LineIndex }>();
  let modules = 0;
  const results: TerraformScan['results'] = [];
  for (const dir of dirs) {
    // The parse cache serves editors (a file re-linted as it changes); a scan reads each folder once, and
    // its trees live in WebAssembly memory that is never given back: drop them between modules.
    clearTerraformCache();
    const sources = readModuleFolder(dir);
    if (!sources || sources.files.length === 0) continue;
    const result = lintTerraformModule(
      {
        dirUri: pathToFileURL(dir).href,
        files: sources.files,
        tfvars: sources.tfvars,
        loadModule: (dirUri) => readModuleFolder(fileURLToPath(dirUri)),
      },
      configFor(dir),
    );
    if (result.kind !== 'module') {
      skipped.push({ file: dir, reason: result.reason });
      continue;
    }
    modules++;
    results.push({ dir, model: result.model, findings: result.findings });
    for (const [uri, f] of result.files)
      if (!read.has(uri)) read.set(uri, { file: fileURLToPath(uri), lines: f.lines });
    const textOf = (uri: string): string | undefined => result.files.get(uri)?.text;
    for (const s of result.skipped)
      if (wanted.has(s.uri)) skipped.push({ file: fileURLToPath(s.uri), reason: s.reason });
    for (const f of result.ruleFailures) ruleFailures.push({ file: dir, ...f });
    for (const f of result.findings) {
      if (!wanted.has(f.uri)) continue;
      // A module linted on its own and again through a caller reports the same finding once.
      const key = findingKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
      const source = result.files.get(f.uri);
      if (!source) continue;
      let entry = byUri.get(f.uri);
      if (!entry)
        byUri.set(
          f.uri,
          (entry = { uri: f.uri, file: fileURLToPath(f.uri), lines: source.lines, findings: [], fixes: [] }),
        );
      entry.findings.push(f);
      // A fix may edit another file of the module (a variable default in variables.tf).
      entry.fixes.push(renderFixes(f, { uri: f.uri, text: source.text, format: 'hcl', textOf }));
    }
  }
  // Files with no findings are still part of the report (SARIF consumers list what was scanned).
  return {
    files: [...byUri.values()].sort((a, b) => (a.file < b.file ? -1 : 1)),
    read,
    modules,
    results,
    skipped,
    ruleFailures,
  };
}
