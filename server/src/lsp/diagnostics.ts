/**
 * Findings → LSP diagnostics. Suppressed findings are left out (they stay in the lint result, for SARIF);
 * every diagnostic names its rule (`code`), links to the rule's page (`codeDescription`) and carries the
 * data code actions need to find the finding again without linting.
 */
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Severity } from '../../../rules/config';
import type { TextRange } from '../../../rules/model';
import type { LintResult } from '../engine/lint';
import type { LineIndex } from '../parse/lineIndex';
import type { DiagnosticData } from '../protocol';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { DocLinks } from './docLinks';

export type TemplateResult = Extract<LintResult, { kind: 'template' }>;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

export function toLspRange(lines: LineIndex, range: TextRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

export function findingDiagnostics(
  result: TemplateResult,
  version: number,
  docLinks: DocLinks,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  result.findings.forEach((finding, index) => {
    if (finding.suppressions?.length) return;
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of finding.related ?? []) {
      // Related places in other files cannot be converted without their text; the message still names them.
      if (r.uri !== result.uri) continue;
      related.push({
        location: { uri: r.uri, range: toLspRange(result.lines, r.range) },
        message: r.message,
      });
    }
    const data: DiagnosticData = { ruleId: finding.ruleId, version, index };
    out.push({
      range: toLspRange(result.lines, finding.range),
      severity: SEVERITY[finding.severity],
      source: DIAGNOSTIC_SOURCE,
      code: finding.ruleId,
      codeDescription: { href: docLinks.forRule(finding.ruleId).href },
      message: finding.message,
      ...(related.length ? { relatedInformation: related } : {}),
      data,
    });
  });
  return out;
}

/** The first line of a text, as a range (cheap on huge texts). */
function firstLineRange(text: string): Range {
  const nl = text.indexOf('\n');
  const end = nl < 0 ? text.length : nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
  return { start: { line: 0, character: 0 }, end: { line: 0, character: end } };
}

/** A template the engine refused to parse (too large…): say so once, on the first line. */
export function skippedDiagnostic(text: string, reason: string): Diagnostic {
  return {
    range: firstLineRange(text),
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: `sg-lint did not check this template: ${reason}.`,
  };
}

/** The engine threw: older findings would point at stale positions, so they make way for this notice. */
export function internalErrorDiagnostic(text: string): Diagnostic {
  return {
    range: firstLineRange(text),
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message:
      'sg-lint could not check this file because of an internal error; the details are in the "SG Lint" output.',
  };
}
