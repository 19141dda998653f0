/**
 * Linting of open documents: on open at once, on change after a pause (`sgLint.debounceMs`, per document).
 * Every scheduled lint gets a generation number; a lint whose document changed, closed or was scheduled
 * again while it waited for its configuration is dropped, so diagnostics are never published for a text
 * the editor no longer shows. Each publish carries the document version it was computed for.
 *
 * The last template result of each document is kept (with its version) so code actions are a lookup.
 * Exceptions never escape: they are logged, and the document gets one notice instead of stale findings.
 */
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SgLintConfig } from '../../../rules/config';
import type { LintInput, LintResult, RuleFailure, SourceFormat } from '../engine/lint';
import { lintDocument } from '../engine/lint';
import type { DocumentConfig, Logger } from './configuration';
import { errorText, localPath } from './configuration';
import { configFileDiagnostics, isConfigFileUri } from './configFile';
import type { TemplateResult } from './diagnostics';
import { findingDiagnostics, internalErrorDiagnostic, skippedDiagnostic } from './diagnostics';
import type { DocLinks } from './docLinks';

export interface LinterHost {
  getDocument(uri: string): TextDocument | undefined;
  allDocuments(): readonly TextDocument[];
  configFor(uri: string): Promise<DocumentConfig>;
  debounceFor(uri: string): number;
  publish(params: PublishDiagnosticsParams): void;
  readonly log: Logger;
  readonly docLinks: DocLinks;
  /** The engine; replaceable so tests can make it throw. */
  readonly lint?: (input: LintInput, config: SgLintConfig) => LintResult;
}

export interface CachedResult {
  readonly version: number;
  readonly result: TemplateResult;
}

export function formatOfLanguage(languageId: string): SourceFormat | undefined {
  if (languageId === 'yaml') return 'yaml';
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  return undefined;
}

export class DocumentLinter {
  private counter = 0;
  private readonly generation = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly results = new Map<string, CachedResult>();
  /** Documents linted at least once since they were opened: later changes wait for the debounce. */
  private readonly seen = new Set<string>();
  /** The rule failures last logged per document, so a failing rule is not logged again on every keystroke. */
  private readonly loggedFailures = new Map<string, string>();
  private readonly lint: (input: LintInput, config: SgLintConfig) => LintResult;

  constructor(private readonly host: LinterHost) {
    this.lint = host.lint ?? lintDocument;
  }

  /** The document was opened or edited. */
  documentChanged(uri: string): void {
    const delay = this.seen.has(uri) ? this.host.debounceFor(uri) : 0;
    this.seen.add(uri);
    this.schedule(uri, delay);
  }

  documentClosed(uri: string): void {
    this.cancel(uri);
    // A lint still waiting for its configuration finds no generation and is dropped.
    this.generation.delete(uri);
    this.seen.delete(uri);
    this.results.delete(uri);
    this.loggedFailures.delete(uri);
    this.host.publish({ uri, diagnostics: [] });
  }

  /** Settings or a config file changed: lint every open document again, now. */
  relintAll(): void {
    for (const doc of this.host.allDocuments()) this.schedule(doc.uri, 0);
  }

  /** The last template result of a document, if it was computed for this version. */
  resultFor(uri: string, version: number): TemplateResult | undefined {
    const cached = this.results.get(uri);
    return cached && cached.version === version ? cached.result : undefined;
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private schedule(uri: string, delay: number): void {
    this.cancel(uri);
    const generation = ++this.counter;
    this.generation.set(uri, generation);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri, generation).catch((e: unknown) =>
          this.host.log.error(`sg-lint: linting ${uri} failed: ${errorText(e)}`),
        );
      }, delay),
    );
  }

  private async run(uri: string, generation: number): Promise<void> {
    if (!this.host.getDocument(uri)) return;
    const settings = await this.host.configFor(uri);
    // Superseded while waiting: a newer lint of this document is scheduled (or it was closed).
    if (this.generation.get(uri) !== generation) return;
    const doc = this.host.getDocument(uri);
    if (!doc) return;
    const { version } = doc;
    const publish = (diagnostics: Diagnostic[]): void => this.host.publish({ uri, version, diagnostics });
    const fsPath = localPath(uri);
    if (!settings.enable || (fsPath !== undefined && settings.isExcluded(fsPath))) {
      this.results.delete(uri);
      publish([]);
      return;
    }
    const text = doc.getText();
    try {
      if (isConfigFileUri(uri)) {
        this.results.delete(uri);
        publish(configFileDiagnostics(text));
        return;
      }
      const format = formatOfLanguage(doc.languageId);
      // The last result's tree lets a YAML edit inside one resource re-parse only that resource.
      const last = this.results.get(uri)?.result;
      const previous = last && last.format === 'yaml' ? { text: last.text, tree: last.tree } : undefined;
      const result = this.lint(
        { uri, text, ...(format ? { format } : {}), ...(previous ? { previous } : {}) },
        settings.config,
      );
      if (result.kind === 'template') {
        this.logRuleFailures(uri, result.ruleFailures);
        const diagnostics = findingDiagnostics(result, version, this.host.docLinks);
        this.results.set(uri, { version, result });
        publish(diagnostics);
      } else {
        this.results.delete(uri);
        this.loggedFailures.delete(uri);
        publish(
          result.kind === 'skipped' && result.looksLikeTemplate
            ? [skippedDiagnostic(text, result.reason)]
            : [],
        );
      }
    } catch (e) {
      this.results.delete(uri);
      this.host.log.error(
        `sg-lint: internal error while linting ${uri} (version ${version}): ${errorText(e)}`,
      );
      publish([internalErrorDiagnostic(text)]);
    }
  }

  private logRuleFailures(uri: string, failures: readonly RuleFailure[]): void {
    const signature = failures.map((f) => `${f.ruleId}: ${f.error.split('\n')[0]}`).join('\n');
    if (this.loggedFailures.get(uri) === signature) return;
    this.loggedFailures.set(uri, signature);
    for (const f of failures) {
      this.host.log.error(
        `sg-lint: rule ${f.ruleId} failed on ${uri} (the other rules still ran): ${f.error}`,
      );
    }
  }
}
