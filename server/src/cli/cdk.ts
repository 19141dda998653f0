/**
 * The CLI's view of CDK synth output: files of a scan that lie in a cloud assembly (`cdk.out`) are
 * linted through the assembly, so that findings name constructs and the lines of the app's code that
 * made them, rather than as loose templates. Generated files get no fixes: the change belongs in the
 * CDK code.
 */
import * as path from 'node:path';
import type { SgLintConfig } from '../../../rules/config';
import type { TemplateModel } from '../../../rules/model';
import type { Finding } from '../../../rules/types';
import { isAssemblyDir, readAssembly } from '../cdk/assembly';
import type { CdkSourceFile } from '../cdk/lint';
import { lintAssembly } from '../cdk/lint';
import type { RuleFailure } from '../engine/lint';
import type { LineIndex } from '../parse/lineIndex';

/** Finds the outermost cloud assembly a file lies in, remembering what each folder is. */
export class AssemblyLocator {
  private readonly isAssembly = new Map<string, boolean>();

  rootOf(file: string): string | undefined {
    let found: string | undefined;
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      let known = this.isAssembly.get(dir);
      if (known === undefined) this.isAssembly.set(dir, (known = isAssemblyDir(dir)));
      if (known) found = dir;
      else if (found) return found;
      if (dir === path.dirname(dir)) return found;
    }
  }
}

export interface CdkScannedTemplate {
  readonly file: string;
  readonly uri: string;
  readonly lines: LineIndex;
  readonly findings: Finding[];
  readonly model: TemplateModel;
  /** A logical id's construct path. */
  readonly constructOf: (logicalId: string) => string | undefined;
}

export interface CdkScan {
  assemblies: number;
  readonly templates: CdkScannedTemplate[];
  readonly sources: ReadonlyMap<string, CdkSourceFile>;
  readonly hints: string[];
  readonly problems: { file: string; message: string }[];
  readonly ruleFailures: (RuleFailure & { file: string })[];
  readonly skipped: { file: string; reason: string }[];
}

/**
 * Lints the assemblies, reporting only the templates the scan walked (`sg-lint cdk.out/X.template.json`
 * reports that stack alone; its assembly is still read for construct paths and traces).
 */
export function scanCdk(
  roots: ReadonlyMap<string, ReadonlySet<string>>,
  configFor: (file: string) => SgLintConfig,
): CdkScan {
  const scan: CdkScan = {
    assemblies: 0,
    templates: [],
    sources: new Map(),
    hints: [],
    problems: [],
    ruleFailures: [],
    skipped: [],
  };
  const sources = scan.sources as Map<string, CdkSourceFile>;
  for (const [root, walked] of roots) {
    const assembly = readAssembly(root);
    scan.assemblies++;
    scan.problems.push(...assembly.problems);
    const result = lintAssembly(assembly, configFor);
    if (result.hint && result.templates.some((t) => t.findings.length)) scan.hints.push(result.hint);
    for (const [uri, s] of result.sources) sources.set(uri, s);
    for (const t of result.templates) {
      if (!walked.has(t.template.file)) continue;
      if (t.result?.kind === 'skipped') {
        scan.skipped.push({ file: t.template.file, reason: t.result.reason });
        continue;
      }
      if (t.result?.kind !== 'template') continue;
      for (const f of t.result.ruleFailures) scan.ruleFailures.push({ ...f, file: t.template.file });
      scan.templates.push({
        file: t.template.file,
        uri: t.uri,
        lines: t.result.lines,
        findings: [...t.findings],
        model: t.result.model,
        constructOf: (id) => t.template.resources.get(id)?.construct,
      });
    }
  }
  return scan;
}
