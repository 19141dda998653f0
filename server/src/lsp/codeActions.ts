/**
 * Quick fixes for sg-lint diagnostics: for each one in the request, the finding's rendered fixes (the
 * likeliest first, preferred), "Suppress … with a comment" (YAML) or "… in its Metadata" (JSON), and
 * "Show documentation for SGxxx" once per rule. Findings come from the linter's cached result for the
 * document's current version; when the document moved on, nothing is offered until the next lint.
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
import type { TextEdit } from '../fixes/render';
import { renderFixes } from '../fixes/render';
import type { DiagnosticData, SelectRangeArgs, ShowDocumentationArgs } from '../protocol';
import { Commands, DIAGNOSTIC_SOURCE } from '../protocol';
import type { TemplateResult } from './diagnostics';
import { toLspRange } from './diagnostics';
import type { DocLinks } from './docLinks';
import { jsonSuppression, yamlSuppression } from './suppressEdits';

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
  return typeof d.ruleId === 'string' && typeof d.version === 'number' && typeof d.index === 'number';
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

export function codeActionsFor(
  params: CodeActionParams,
  version: number,
  result: TemplateResult | undefined,
  options: CodeActionOptions,
): CodeAction[] {
  if (!result || !wantsQuickFix(params.context.only)) return [];
  const uri = params.textDocument.uri;
  const toWorkspaceEdit = (edits: readonly TextEdit[]): WorkspaceEdit => {
    const lspEdits: LspTextEdit[] = edits.map((e) => ({
      range: toLspRange(result.lines, e.range),
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
    const finding = findingOf(diagnostic, result, version);
    if (!finding) continue;
    const doc = { uri, text: result.text, format: result.format, tree: result.tree };
    for (const fix of renderFixes(finding, doc)) {
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
    // A syntax error is not a risk one can accept.
    if (finding.ruleId !== 'SG000') {
      if (result.format === 'yaml') {
        const s = yamlSuppression(finding, result);
        const command = selectAfter(s.reason);
        suppressions.push({
          title: `Suppress ${finding.ruleId} for this ${s.covers} with a comment`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: toWorkspaceEdit([s.edit]),
          ...(command ? { command } : {}),
        });
      } else {
        const s = jsonSuppression(finding, result);
        const command = selectAfter(s?.reason);
        if (s) {
          suppressions.push({
            title: `Suppress ${finding.ruleId} for ${s.address} in its Metadata`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: toWorkspaceEdit(s.edits),
            ...(command ? { command } : {}),
          });
        }
      }
    }
    const list = docs.get(finding.ruleId) ?? [];
    list.push(diagnostic);
    docs.set(finding.ruleId, list);
  }
  const documentation: CodeAction[] = [...docs].map(([ruleId, diagnostics]) => {
    const link = options.docLinks.forRule(ruleId);
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
  return [...fixes, ...suppressions, ...documentation];
}
