/**
 * Suppression comments in Terraform files (`#`, `//`): sg-lint's own, tfsec/trivy (`:exp:` honoured),
 * checkov (`#checkov:skip=` inside a resource covers that resource, as checkov reads it) and KICS.
 */
import type { Suppression } from '../../../rules/model';
import type { LineIndex } from '../parse/lineIndex';
import { commentSuppressions } from '../suppress/comments';
import type { HclBlock, HclFile } from './hcl';

type LineSpan = { startLine: number; endLine: number };

/** `today` decides whether a tfsec/trivy `:exp:` date has passed (tests fix it). */
export function hclSuppressions(file: HclFile, lines: LineIndex, today?: Date): Suppression[] {
  const span = (r: { start: number; end: number }): LineSpan => ({
    startLine: lines.lineOf(r.start),
    endLine: lines.lineOf(Math.max(r.start, r.end - 1)),
  });
  /** The largest block or attribute that starts on a line. */
  const blockAt = (line: number): LineSpan | undefined => {
    const search = (
      blocks: readonly HclBlock[],
      attrs: readonly { start: number; end: number }[],
    ): LineSpan | undefined => {
      for (const b of blocks) {
        const s = span(b);
        if (s.startLine === line) return s;
        if (s.startLine < line && line <= s.endLine) return search(b.body.blocks, b.body.attributes);
      }
      for (const a of attrs) {
        const s = span(a);
        if (s.startLine === line) return s;
      }
      return undefined;
    };
    return search(file.blocks, file.attributes);
  };
  /** The top-level block a line sits inside, for checkov's skip comments written inside the resource. */
  const enclosingAt = (line: number): LineSpan | undefined => {
    for (const b of file.blocks) {
      const s = span(b);
      if (s.startLine < line && line <= s.endLine) return s;
    }
    return undefined;
  };
  return commentSuppressions(file.text, file.uri, lines, blockAt, {
    slashes: true,
    enclosingAt,
    ...(today ? { today } : {}),
  });
}
