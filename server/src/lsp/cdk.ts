/**
 * CDK synth output in the editor. Cloud assemblies (`cdk.out`) under the workspace folders are found at
 * start and whenever the client reports a change in one (a `cdk synth`, `cdk watch`), and linted from
 * disk as a whole: each template gets its findings in CDK's terms, and each finding is also published on
 * the line of the app's code that made the construct (a diagnostic in the `.ts`/`.py` file, with the
 * template location as related information), which is where the user can act on it.
 *
 * A synth rewrites many files one after the other, so changes wait for a quiet moment before the lint;
 * a lint that finds the assembly half-written (a manifest naming a template not there yet) is simply
 * superseded by the lint the next change schedules. What an assembly published last is tracked per file,
 * so a finding that a new synth no longer has disappears, including from source files, and a deleted
 * assembly takes its diagnostics with it. Generated files are never edited: their only code action is
 * "Open CDK source".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Severity } from '../../../rules/config';
import type { Finding } from '../../../rules/types';
import { isAssemblyDir, readAssembly } from '../cdk/assembly';
import type { CdkLintResult } from '../cdk/lint';
import { lintAssembly } from '../cdk/lint';
import type { DiagnosticData } from '../protocol';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { DocumentConfig, Logger } from './configuration';
import { errorText, localPath } from './configuration';
import { toLspRange } from './diagnostics';
import type { LineIndex } from '../parse/lineIndex';
import type { DocLinks } from './docLinks';

export interface CdkLinterHost {
  /** Local paths of the workspace folders. */
  workspaceFolders(): readonly string[];
  configFor(uri: string): Promise<DocumentConfig>;
  publish(params: PublishDiagnosticsParams): void;
  /** Tells the user something once (window/showMessage). */
  inform(message: string): void;
  readonly log: Logger;
  readonly docLinks: DocLinks;
  /** How long a synth may pause between files before its assembly is linted (ms). */
  readonly settleMs?: number;
}

/** Folders never searched for assemblies: dependencies and tool state. */
const SKIPPED = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.terraform',
  '.venv',
  'venv',
  '__pycache__',
]);
/** Bounds of the start-up search, so a huge workspace costs a bounded walk (changes still find the rest). */
const MAX_SEARCH_DEPTH = 6;
const MAX_SEARCHED_DIRS = 20_000;
const DEFAULT_SETTLE_MS = 400;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

/** Cloud assemblies under a folder: outermost only (a stage's `assembly-*` is read through its root). */
export function findAssemblies(folder: string): string[] {
  const found: string[] = [];
  let budget = MAX_SEARCHED_DIRS;
  const visit = (dir: string, depth: number): void => {
    if (budget-- <= 0) return;
    if (isAssemblyDir(dir)) {
      found.push(dir);
      return;
    }
    if (depth >= MAX_SEARCH_DEPTH) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (e.isDirectory() && !SKIPPED.has(e.name)) visit(path.join(dir, e.name), depth + 1);
  };
  visit(folder, 0);
  return found;
}

export class CdkLinter {
  /** Assembly root → the URIs it last published diagnostics for, with them. */
  private readonly published = new Map<string, Map<string, Diagnostic[]>>();
  /** Assembly root → its last lint, for code actions. */
  private readonly results = new Map<string, CdkLintResult>();
  private readonly dirty = new Set<string>();
  private readonly hinted = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private runs = 0;
  private readonly rootOfDir = new Map<string, string | null>();

  constructor(private readonly host: CdkLinterHost) {}

  /** Finds the assemblies of the workspace folders and lints them. */
  scanWorkspace(): void {
    for (const folder of this.host.workspaceFolders())
      for (const root of findAssemblies(folder)) this.dirty.add(root);
    this.schedule(0);
  }

  /** The outermost assembly a file lies in (remembered per folder; files changing can change it). */
  assemblyOf(uri: string): string | undefined {
    const file = localPath(uri);
    if (!file) return undefined;
    let found: string | undefined;
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      let root = this.rootOfDir.get(dir);
      if (root === undefined) {
        root = isAssemblyDir(dir) ? dir : null;
        this.rootOfDir.set(dir, root);
      }
      if (root) found = root;
      else if (found) return found;
      if (dir === path.dirname(dir)) return found;
    }
  }

  /** The findings of every synth template last linted, by URI (for workspace counts and SARIF). */
  templateFindings(): Map<string, { findings: readonly Finding[]; lines: LineIndex }> {
    const out = new Map<string, { findings: readonly Finding[]; lines: LineIndex }>();
    for (const result of this.results.values())
      for (const t of result.templates)
        if (t.result?.kind === 'template') out.set(t.uri, { findings: t.findings, lines: t.result.lines });
    return out;
  }

  /** Whether a document is CDK output that this linter publishes for (the template linter leaves it). */
  owns(uri: string): boolean {
    return this.assemblyOf(uri) !== undefined;
  }

  /** Files changed on disk: the assemblies they are in are linted again once the synth has settled. */
  filesChanged(uris: readonly string[]): void {
    let any = false;
    for (const uri of uris) {
      const file = localPath(uri);
      if (!file) continue;
      // A new or deleted assembly changes what the folders are.
      this.rootOfDir.clear();
      const root = this.assemblyOf(uri) ?? this.knownRootContaining(file);
      if (root) {
        this.dirty.add(root);
        any = true;
      }
    }
    if (any) this.schedule(this.host.settleMs ?? DEFAULT_SETTLE_MS);
  }

  /** Settings or a config file changed: lint every known assembly again. */
  relintAll(): void {
    for (const root of this.published.keys()) this.dirty.add(root);
    if (this.dirty.size) this.schedule(0);
  }

  /** The finding behind a diagnostic of an assembly's template, for code actions. */
  findingFor(uri: string, data: DiagnosticData | undefined): Finding | undefined {
    if (!data?.module) return undefined;
    const result = this.results.get(data.module);
    return result?.templates.find((t) => t.uri === uri)?.findings[data.index];
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** An assembly this linter published for that a deleted file belonged to. */
  private knownRootContaining(file: string): string | undefined {
    for (const root of this.published.keys())
      if (file === root || file.startsWith(root + path.sep)) return root;
    return undefined;
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const run = ++this.runs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run(run).catch((e: unknown) =>
        this.host.log.error(`sg-lint: linting CDK output failed: ${errorText(e)}`),
      );
    }, delay);
  }

  private async run(run: number): Promise<void> {
    const roots = [...this.dirty].sort();
    const configs = await Promise.all(
      roots.map((r) => this.host.configFor(pathToFileURL(path.join(r, 'manifest.json')).href)),
    );
    // Superseded while waiting: the newer run lints these too.
    if (run !== this.runs) return;
    roots.forEach((root, i) => {
      this.dirty.delete(root);
      this.lintRoot(root, configs[i]!);
    });
  }

  private lintRoot(root: string, settings: DocumentConfig): void {
    const next = new Map<string, Diagnostic[]>();
    if (settings.enable && isAssemblyDir(root) && !settings.isExcluded(root)) {
      try {
        const result = lintAssembly(readAssembly(root), () => settings.config);
        this.results.set(root, result);
        for (const p of result.assembly.problems)
          this.host.log.warn(`sg-lint: ${p.file} ${p.message} (CDK output; linted what could be read)`);
        this.collect(root, result, next);
        if (result.hint && !this.hinted.has(root) && next.size) {
          this.hinted.add(root);
          this.host.inform(`SG Lint: ${result.hint}`);
        }
      } catch (e) {
        this.host.log.error(`sg-lint: could not lint the CDK output in ${root}: ${errorText(e)}`);
      }
    } else this.results.delete(root);
    this.replace(root, next);
  }

  /** Every template's diagnostics, and a diagnostic on the source line of every finding that has one. */
  private collect(root: string, result: CdkLintResult, out: Map<string, Diagnostic[]>): void {
    const add = (uri: string, d: Diagnostic): void => {
      let list = out.get(uri);
      if (!list) out.set(uri, (list = []));
      list.push(d);
    };
    for (const t of result.templates) {
      if (!out.has(t.uri)) out.set(t.uri, []);
      if (t.result?.kind !== 'template') continue;
      const lines = t.result.lines;
      t.findings.forEach((f, index) => {
        if (f.suppressions?.length) return;
        const made = f.cdk?.createdAt;
        const source = made ? result.sources.get(made.uri) : undefined;
        const at =
          made && source ? { uri: made.uri, range: toLspRange(source.lines, made.range) } : undefined;
        const data: DiagnosticData = {
          ruleId: f.ruleId,
          version: -1,
          index,
          module: root,
          ...(at ? { cdkSource: { uri: at.uri, start: at.range.start, end: at.range.end } } : {}),
        };
        const templateRange = toLspRange(lines, f.range);
        add(t.uri, {
          ...this.base(f),
          range: templateRange,
          ...(at
            ? { relatedInformation: [{ location: at, message: `${f.cdk!.construct} is created here` }] }
            : {}),
          data,
        });
        if (at)
          add(at.uri, {
            ...this.base(f),
            range: at.range,
            relatedInformation: [
              {
                location: { uri: t.uri, range: templateRange },
                message: `in ${path.relative(path.dirname(root), t.template.file)} (from the last cdk synth)`,
              },
            ],
          });
      });
    }
  }

  private base(f: Finding): Omit<Diagnostic, 'range'> {
    return {
      severity: SEVERITY[f.severity],
      source: DIAGNOSTIC_SOURCE,
      code: f.ruleId,
      codeDescription: { href: this.host.docLinks.forRule(f.ruleId).href },
      message: f.message,
    };
  }

  /** Publishes an assembly's new diagnostics, merged with other assemblies' for the same files. */
  private replace(root: string, next: Map<string, Diagnostic[]>): void {
    const before = this.published.get(root) ?? new Map<string, Diagnostic[]>();
    if (next.size) this.published.set(root, next);
    else this.published.delete(root);
    for (const uri of new Set([...before.keys(), ...next.keys()])) {
      const diagnostics: Diagnostic[] = [];
      for (const byUri of this.published.values()) diagnostics.push(...(byUri.get(uri) ?? []));
      this.host.publish({ uri, diagnostics });
    }
  }
}
