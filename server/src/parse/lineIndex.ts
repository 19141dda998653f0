/** Converts between UTF-16 offsets and 0-based line/character positions (LSP) or 1-based ones (SARIF). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** The offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const t = this.text;
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  offsetAt(pos: Position): number {
    const starts = this.lineStarts();
    if (pos.line >= starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const lineStart = starts[pos.line]!;
    const next = pos.line + 1 < starts.length ? starts[pos.line + 1]! : this.text.length;
    return Math.min(lineStart + Math.max(0, pos.character), next);
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    return this.positionAt(offset).line;
  }

  /** Start offset of a 0-based line. */
  lineStart(line: number): number {
    const starts = this.lineStarts();
    return starts[Math.max(0, Math.min(line, starts.length - 1))]!;
  }

  /** The text of a 0-based line without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    if (line < 0 || line >= starts.length) return '';
    const end = line + 1 < starts.length ? starts[line + 1]! - 1 : this.text.length;
    const s = this.text.slice(starts[line], end);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }
}
