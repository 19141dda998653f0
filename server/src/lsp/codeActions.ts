/**
 * Quick fixes for sg-lint diagnostics: for each one in the request, the finding's rendered fixes (the
 * likeliest first, preferred), "Suppress … with a comment" (YAML, Terraform) or "… in its Metadata"
 * (JSON), and "Show documentation for SGxxx" once per rule. Findings come from the linters' cached results
 * for the document's current version; when the document moved on, nothing is offered until the next lint.
 */
import type {
  CodeAction,
  CodeActionParams,
  Diagnostic,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { Finding } from '../../../rules/types';
import type { TerraformFile } from '../engine/lint';
import type { RenderedFix, TextEdit } from '../fixes/render';
import { renderFixes } from '../fixes/render';
import type { LineIndex } from '../parse/lineIndex';
import type { DiagnosticData, SelectRangeArgs, ShowDocumentationArgs } from '../protocol';
import { Commands, DIAGNOSTIC_SOURCE } from '../protocol';
import type { ModuleResult, TemplateResult } from './diagnostics';
import { toLspRange } from './diagnostics';
import type { DocLinks } from './docLinks';
import type { CommentSuppression } from './suppressEdits';
import { hclSuppression, jsonSuppression, yamlSuppression } from './suppressEdits';

export interface CodeActionOptions {
  readonly docLinks: DocLinks;
  /** The client applies versioned `documentChanges` (else plain `changes`). */
  readonly documentChanges: boolean;
}

/** Whether the request's `only` filter lets quick fixes through (kinds are hierarchical: `a` covers `a.b`). */
function wantsQuickFix(only: readonly string[] | undefined): boolean {
  if (!only) return true;
  return only.some(
    (k) => k === '' || CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`),
  );
}

function isDiagnosticData(data: unknown): data is DiagnosticData {
  if (!data || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  return (
    typeof d.ruleId === 'string' &&
    typeof d.version === 'number' &&
    typeof d.index === 'number' &&
    (d.module === undefined || typeof d.module === 'string')
  );
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The finding behind a diagnostic: by its data, or (from clients that drop `data`) by rule and range. */
function findingOf(diagnostic: Diagnostic, result: TemplateResult, version: number): Finding | undefined {
  const data: unknown = diagnostic.data;
  if (isDiagnosticData(data)) {
    if (data.version !== version) return undefined;
    const f = result.findings[data.index];
    return f && f.ruleId === data.ruleId && !f.suppressions?.length ? f : undefined;
  }
  return result.findings.find(
    (f) =>
      f.ruleId === diagnostic.code &&
      !f.suppressions?.length &&
      sameRange(toLspRange(result.lines, f.range), diagnostic.range),
  );
}

/** A diagnostic traced back to its finding, with what can be done about it. */
interface Resolved {
  readonly finding: Finding;
  readonly fixes: readonly RenderedFix[];
  readonly suppression?: {
    readonly title: string;
    readonly edits: readonly TextEdit[];
    readonly reason?: CommentSuppression['reason'];
  };
}

/** The actions for the request's diagnostics of one document, in the order an editor lists them. */
function buildActions(
  params: CodeActionParams,
  version: number,
  lines: LineIndex,
  resolve: (diagnostic: Diagnostic) => Resolved | undefined,
  options: CodeActionOptions,
): CodeAction[] {
  const uri = params.textDocument.uri;
  const toWorkspaceEdit = (edits: readonly TextEdit[]): WorkspaceEdit => {
    const lspEdits: LspTextEdit[] = edits.map((e) => ({
      range: toLspRange(lines, e.range),
      newText: e.newText,
    }));
    return options.documentChanges
      ? { documentChanges: [{ textDocument: { uri, version }, edits: lspEdits }] }
      : { changes: { [uri]: lspEdits } };
  };
  const selectAfter = (
    reason: { line: number; start: number; end: number } | undefined,
  ): CodeAction['command'] => {
    if (!reason) return undefined;
    const args: SelectRangeArgs = {
      uri,
      start: { line: reason.line, character: reason.start },
      end: { line: reason.line, character: reason.end },
    };
    return { title: 'Select the reason', command: Commands.selectRange, arguments: [args] };
  };

  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const docs = new Map<string, Diagnostic[]>();
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
    const resolved = resolve(diagnostic);
    if (!resolved) continue;
    const { finding, suppression } = resolved;
    for (const fix of resolved.fixes) {
      // A fix that would also edit another file cannot be applied here in full: leave it out.
      if (fix.edits.some((e) => e.uri !== uri)) continue;
      fixes.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: toWorkspaceEdit(fix.edits),
      });
    }
    if (suppression && suppression.edits.every((e) => e.uri === uri)) {
      const command = selectAfter(suppression.reason);
      suppressions.push({
        title: suppression.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: toWorkspaceEdit(suppression.edits),
        ...(command ? { command } : {}),
      });
    }
    const list = docs.get(finding.ruleId) ?? [];
    list.push(diagnostic);
    docs.set(finding.ruleId, list);
  }
  return [...fixes, ...suppressions, ...documentationActions(docs, options.docLinks)];
}

/** "Show documentation for SGxxx", once per rule, for the diagnostics of that rule. */
function documentationActions(docs: ReadonlyMap<string, Diagnostic[]>, docLinks: DocLinks): CodeAction[] {
  return [...docs].map(([ruleId, diagnostics]) => {
    const link = docLinks.forRule(ruleId);
    const args: ShowDocumentationArgs = {
      ruleId,
      webUri: link.webUri,
      ...(link.localUri ? { localUri: link.localUri } : {}),
    };
    const title = `Show documentation for ${ruleId}`;
    return {
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      command: { title, command: Commands.showDocumentation, arguments: [args] },
    };
  });
}

/**
 * Code actions for a template in CDK synth output. The file is generated (the next synth overwrites
 * it), so nothing edits it: "Open CDK source" goes to the line of the app's code that made the
 * construct, where the change belongs, and the rule's documentation explains what to change.
 */
export function cdkCodeActionsFor(params: CodeActionParams, docLinks: DocLinks): CodeAction[] {
  if (!wantsQuickFix(params.context.only)) return [];
  const open: CodeAction[] = [];
  const docs = new Map<string, Diagnostic[]>();
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
    const data: unknown = diagnostic.data;
    const source = isDiagnosticData(data) ? data.cdkSource : undefined;
    if (source) {
      const where = `${decodeURIComponent(source.uri.slice(source.uri.lastIndexOf('/') + 1))}:${source.start.line + 1}`;
      const title = `Open CDK source (${where})`;
      open.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        command: { title, command: Commands.openLocation, arguments: [source] },
      });
    }
    const list = docs.get(diagnostic.code) ?? [];
    list.push(diagnostic);
    docs.set(diagnostic.code, list);
  }
  return [...open, ...documentationActions(docs, docLinks)];
}

/** Code actions for a CloudFormation template, from its cached lint result. */
export function codeActionsFor(
  params: CodeActionParams,
  version: number,
  result: TemplateResult | undefined,
  options: CodeActionOptions,
): CodeAction[] {
  if (!result || !wantsQuickFix(params.context.only)) return [];
  const uri = params.textDocument.uri;
  return buildActions(
    params,
    version,
    result.lines,
    (diagnostic) => {
      const finding = findingOf(diagnostic, result, version);
      if (!finding) return undefined;
      const fixes = renderFixes(finding, {
        uri,
        text: result.text,
        format: result.format,
        tree: result.tree,
      });
      // A syntax error is not a risk one can accept.
      if (finding.ruleId === 'SG000') return { finding, fixes };
      if (result.format === 'yaml') {
        const s = yamlSuppression(finding, result);
        return {
          finding,
          fixes,
          suppression: {
            title: `Suppress ${finding.ruleId} for this ${s.covers} with a comment`,
            edits: [s.edit],
            reason: s.reason,
          },
        };
      }
      const s = jsonSuppression(finding, result);
      if (!s) return { finding, fixes };
      return {
        finding,
        fixes,
        suppression: {
          title: `Suppress ${finding.ruleId} for ${s.address} in its Metadata`,
          edits: s.edits,
          ...(s.reason ? { reason: s.reason } : {}),
        },
      };
    },
    options,
  );
}

/** One module lint that read the document at the requested version. */
export interface TerraformActionSource {
  /** The module's key, as in {@link DiagnosticData.module}. */
  readonly module: string;
  readonly result: ModuleResult;
  /** The document as that lint read it. */
  readonly file: TerraformFile;
}

/** Code actions for a Terraform file, from the module lints that read its current version. */
export function terraformCodeActionsFor(
  params: CodeActionParams,
  version: number,
  sources: readonly TerraformActionSource[],
  options: CodeActionOptions,
): CodeAction[] {
  const first = sources[0];
  if (!first || !wantsQuickFix(params.context.only)) return [];
  const visible = (f: Finding | undefined, source: TerraformActionSource): f is Finding =>
    !!f && f.uri === source.file.uri && !f.suppressions?.length;
  const findingOf = (
    diagnostic: Diagnostic,
  ): { finding: Finding; source: TerraformActionSource } | undefined => {
    const data: unknown = diagnostic.data;
    if (isDiagnosticData(data)) {
      if (data.version !== version) return undefined;
      const source = sources.find((s) => s.module === data.module);
      const finding = source?.result.findings[data.index];
      return source && visible(finding, source) && finding.ruleId === data.ruleId
        ? { finding, source }
        : undefined;
    }
    for (const source of sources) {
      const finding = source.result.findings.find(
        (f) =>
          visible(f, source) &&
          f.ruleId === diagnostic.code &&
          sameRange(toLspRange(source.file.lines, f.range), diagnostic.range),
      );
      if (finding) return { finding, source };
    }
    return undefined;
  };
  return buildActions(
    params,
    version,
    first.file.lines,
    (diagnostic) => {
      const found = findingOf(diagnostic);
      if (!found) return undefined;
      const { finding, source } = found;
      const fixes = renderFixes(finding, { uri: source.file.uri, text: source.file.text, format: 'hcl' });
      const s = finding.ruleId === 'SG000' ? undefined : hclSuppression(finding, source.file);
      if (!s) return { finding, fixes };
      return {
        finding,
        fixes,
        suppression: {
          title: `Suppress ${finding.ruleId} for this ${s.covers} with a comment`,
          edits: [s.edit],
          reason: s.reason,
        },
      };
    },
    options,
  );
}
