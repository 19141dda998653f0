/** Machine output of findings: one object per file, positions 1-based like SARIF. */
import type { Finding } from '../../../rules/types';
import type { LineIndex } from '../parse/lineIndex';
import type { RenderedFix } from '../fixes/render';
import type { FileResolver } from './sarif';

export interface JsonFile {
  readonly uri?: string;
  readonly relativePath: string;
  readonly lines: LineIndex;
  readonly findings: readonly Finding[];
  readonly fixes?: readonly (readonly RenderedFix[])[];
}

export function toJsonReport(
  files: readonly JsonFile[],
  extra: {
    version: string;
    root: string;
    skipped: readonly { relativePath: string; reason: string }[];
    /** Other files findings refer to (a tfvars entry, a caller's argument), to place those positions. */
    resolve?: FileResolver;
  },
): unknown {
  const pos = (lines: LineIndex, offset: number): { line: number; column: number } => {
    const p = lines.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
  /** Where a range in some file is: that file's path (when not the finding's own) and its positions. */
  const place = (f: JsonFile, uri: string, start: number, end: number): Record<string, unknown> => {
    if (uri === f.uri || f.uri === undefined) return { start: pos(f.lines, start), end: pos(f.lines, end) };
    const other = extra.resolve?.(uri);
    if (!other) return { uri };
    return { path: other.relativePath, start: pos(other.lines, start), end: pos(other.lines, end) };
  };
  return {
    tool: 'sg-lint',
    version: extra.version,
    root: extra.root,
    files: files.map((f) => ({
      path: f.relativePath,
      findings: f.findings.map((x, i) => ({
        ruleId: x.ruleId,
        severity: x.severity,
        message: x.message,
        start: pos(f.lines, x.range.start),
        end: pos(f.lines, x.range.end),
        resource: x.resource,
        group: x.group ?? null,
        suppressed: !!x.suppressions?.length,
        ...(x.suppressions?.length
          ? {
              suppressions: x.suppressions.map((s) => ({
                tool: s.tool,
                reason: s.reason ?? null,
                peerId: s.peerId ?? null,
              })),
            }
          : {}),
        ...(x.related?.length
          ? {
              related: x.related.map((r) => ({
                message: r.message,
                ...place(f, r.uri, r.range.start, r.range.end),
              })),
            }
          : {}),
        ...(f.fixes?.[i]?.length
          ? {
              fixes: f.fixes[i].map((fx) => ({
                title: fx.title,
                edits: fx.edits.map((e) => ({
                  ...place(f, e.uri, e.range.start, e.range.end),
                  text: e.newText,
                })),
              })),
            }
          : {}),
      })),
    })),
    skipped: extra.skipped,
  };
}
