/**
 * Findings → LSP diagnostics. Suppressed findings are left out (they stay in the lint result, for SARIF);
 * every diagnostic names its rule (`code`), links to the rule's page (`codeDescription`) and carries the
 * data code actions need to find the finding again without linting. A Terraform module's findings are
 * spread over its files: each file gets its own, and related places in the module's other files (a
 * tfvars value, a variable default) keep their locations.
 */
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Severity } from '../../../rules/config';
import type { TextRange } from '../../../rules/model';
import type { Finding } from '../../../rules/types';
import type { LintResult, TerraformLintResult } from '../engine/lint';
import type { LineIndex } from '../parse/lineIndex';
import type { DiagnosticData } from '../protocol';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { DocLinks } from './docLinks';

export type TemplateResult = Extract<LintResult, { kind: 'template' }>;
export type ModuleResult = Extract<TerraformLintResult, { kind: 'module' }>;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

export function toLspRange(lines: LineIndex, range: TextRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

export function findingDiagnostics(
  result: Pick<TemplateResult, 'uri' | 'findings' | 'lines'>,
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
    out.push(
      diagnosticOf(finding, result.lines, related, { ruleId: finding.ruleId, version, index }, docLinks),
    );
  });
  return out;
}

/**
 * The diagnostics of one file of a linted Terraform module. `version` is the document version the file's
 * text had (-1 when it was read from disk); `module` names the module lint, for code actions.
 */
export function terraformDiagnostics(
  result: ModuleResult,
  uri: string,
  version: number,
  module: string,
  docLinks: DocLinks,
): Diagnostic[] {
  const file = result.files.get(uri);
  if (!file) return [];
  const out: Diagnostic[] = [];
  result.findings.forEach((finding, index) => {
    if (finding.uri !== uri || finding.suppressions?.length) return;
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of finding.related ?? []) {
      const other = result.files.get(r.uri);
      if (!other) continue;
      related.push({ location: { uri: r.uri, range: toLspRange(other.lines, r.range) }, message: r.message });
    }
    const data: DiagnosticData = { ruleId: finding.ruleId, version, index, module };
    out.push(diagnosticOf(finding, file.lines, related, data, docLinks));
  });
  return out;
}

function diagnosticOf(
  finding: Finding,
  lines: LineIndex,
  related: DiagnosticRelatedInformation[],
  data: DiagnosticData,
  docLinks: DocLinks,
): Diagnostic {
  return {
    range: toLspRange(lines, finding.range),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: docLinks.forRule(finding.ruleId).href },
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
    data,
  };
}

/** The first line of a text, as a range (cheap on huge texts). */
function firstLineRange(text: string): Range {
  const nl = text.indexOf('\n');
  const end = nl < 0 ? text.length : nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
  return { start: { line: 0, character: 0 }, end: { line: 0, character: end } };
}

/** A template (or Terraform file) the engine refused to parse (too large…): say so once, on the first line. */
export function skippedDiagnostic(
  text: string,
  reason: string,
  what: 'template' | 'file' = 'template',
): Diagnostic {
  return {
    range: firstLineRange(text),
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: `sg-lint did not check this ${what}: ${reason}.`,
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
