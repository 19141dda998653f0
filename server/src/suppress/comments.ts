/**
 * Suppression comments, shared by every format that has comments (YAML templates, HCL):
 *   # sg-lint-ignore SG101[,SG104] reason…      the rule or resource that starts on the next line
 *   # sg-lint-ignore-file SG106 reason…         the whole file
 *   # checkov:skip=CKV_AWS_24:reason            (checkov)
 *   # kics-scan ignore-line | ignore-block      the next line | the next block
 *   # kics-scan ignore                          the whole file
 *   # kics-scan disable=<query id>,…            those queries in the whole file
 *   # tfsec:ignore:<id>  # trivy:ignore:<id>    the next block
 * A comment after code on the same line covers the block that starts on that line.
 */
import type { Suppression, TextRange } from '../../../rules/model';
import { peerIndex } from '../../../rules/index';
import { peerPorts } from '../../../rules/lib/ports';
import type { LineIndex } from '../parse/lineIndex';

/** Lines (0-based, inclusive) of the largest block (rule, resource, property) that starts on `line`. */
export type BlockAtLine = (line: number) => { startLine: number; endLine: number } | undefined;

const MARKERS = /sg-lint-ignore|checkov:skip|kics-scan|tfsec:ignore|trivy:ignore/;

interface Comment {
  readonly line: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Code precedes the comment on its line. */
  readonly trailing: boolean;
}

/** Finds `#` (or `//`) comments on lines that mention a suppression marker, skipping quoted text. */
function findComments(source: string, lines: LineIndex, slashes: boolean): Comment[] {
  const out: Comment[] = [];
  if (!MARKERS.test(source)) return out;
  for (let line = 0; line < lines.lineCount; line++) {
    const t = lines.lineText(line);
    if (!MARKERS.test(t)) continue;
    let quote: string | undefined;
    for (let i = 0; i < t.length; i++) {
      const c = t[i]!;
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") {
        // In YAML an apostrophe inside a plain word (don't) does not open a quote.
        if (c === "'" && i > 0 && /\w/.test(t[i - 1]!)) continue;
        quote = c;
        continue;
      }
      const hash = c === '#' && (i === 0 || /\s/.test(t[i - 1]!));
      const slash = slashes && c === '/' && t[i + 1] === '/';
      if (hash || slash) {
        const body = t.slice(i + (hash ? 1 : 2));
        const start = lines.lineStart(line) + i;
        out.push({
          line,
          text: body.trim(),
          start,
          end: start + t.length - i,
          trailing: t.slice(0, i).trim().length > 0,
        });
        break;
      }
    }
  }
  return out;
}

/** The next line after `line` that holds something other than blank space or a comment. */
function nextCodeLine(lines: LineIndex, line: number): number | undefined {
  for (let l = line + 1; l < lines.lineCount; l++) {
    const t = lines.lineText(l).trim();
    if (t && !t.startsWith('#') && !t.startsWith('//')) return l;
  }
  return undefined;
}

export function commentSuppressions(
  source: string,
  uri: string,
  lines: LineIndex,
  blockAt: BlockAtLine,
  options: {
    slashes?: boolean;
    /** The top-level block a line sits inside: checkov reads a skip comment inside a resource as covering it. */
    enclosingAt?: BlockAtLine;
    /** Today, for tfsec/trivy `:exp:` dates (a test can fix it). */
    today?: Date;
  } = {},
): Suppression[] {
  const out: Suppression[] = [];
  const peers = peerIndex();
  for (const c of findComments(source, lines, options.slashes ?? false)) {
    const range: TextRange = { start: c.start, end: c.end };
    const target = c.trailing ? c.line : nextCodeLine(lines, c.line);
    const blockScope = (): Suppression['scope'] | undefined => {
      if (target === undefined) return undefined;
      const b = blockAt(target) ?? { startLine: target, endLine: target };
      return { kind: 'lines', startLine: b.startLine, endLine: b.endLine };
    };
    const push = (
      ruleIds: string[],
      tool: string,
      scope: Suppression['scope'] | undefined,
      reason?: string,
      peerId?: string,
      peerTool?: string,
    ): void => {
      if (!scope || ruleIds.length === 0) return;
      const ports = peerId && peerTool ? peerPorts(peerTool, peerId) : undefined;
      out.push({
        ruleIds,
        tool,
        scope,
        uri,
        range,
        ...(reason ? { reason } : {}),
        ...(peerId ? { peerId } : {}),
        ...(ports ? { ports } : {}),
      });
    };

    let m =
      /^sg-lint-ignore(-file)?\s+((?:SG\d{3}|\*)(?:\s*,\s*(?:SG\d{3}|\*))*)\s*(?:[:\-–—]\s*)?(.*)$/i.exec(
        c.text,
      );
    if (m) {
      const ids = m[2]!.split(',').map((s) => s.trim().toUpperCase());
      push(ids, 'sg-lint', m[1] ? { kind: 'file' } : blockScope(), m[3]?.trim() || undefined);
      continue;
    }
    m = /^checkov:skip=([A-Za-z0-9_]+)(?::\s*(.*))?$/.exec(c.text);
    if (m) {
      const inside = c.trailing ? undefined : options.enclosingAt?.(c.line);
      push(
        peers.get(`checkov:${m[1]}`) ?? [],
        'checkov',
        inside ? { kind: 'lines', startLine: inside.startLine, endLine: inside.endLine } : blockScope(),
        m[2]?.trim() || undefined,
        m[1],
        'checkov',
      );
      continue;
    }
    if (/^(tfsec|trivy):ignore:/.test(c.text)) {
      // Several may share a line (`#tfsec:ignore:a tfsec:ignore:b`); an `:exp:` date in the past ends one.
      const today = options.today ?? new Date();
      for (const t of c.text.matchAll(
        /(tfsec|trivy):ignore:([A-Za-z0-9_.*-]+)(?::exp:(\d{4}-\d{2}-\d{2}))?/g,
      )) {
        const expires = t[3] ? Date.parse(`${t[3]}T23:59:59Z`) : undefined;
        if (expires !== undefined && !Number.isNaN(expires) && expires < today.getTime()) continue;
        // trivy matches its ids case-insensitively (tfsec's long ids are lower case, AVD ids upper case).
        const id = t[2]!;
        const ids =
          id === '*' ? ['*'] : (peers.get(`trivy:${id}`) ?? peers.get(`trivy:${id.toLowerCase()}`) ?? []);
        const reason = c.text.replace(/(tfsec|trivy):ignore:\S+/g, '').trim();
        push(ids, t[1]!, blockScope(), reason || undefined, id);
      }
      continue;
    }
    m = /^kics-scan\s+(ignore-line|ignore-block|ignore|disable=([\w,-]+))\s*$/.exec(c.text);
    if (m) {
      const kind = m[1]!;
      if (kind === 'ignore-line') {
        if (target !== undefined) push(['*'], 'kics', { kind: 'lines', startLine: target, endLine: target });
      } else if (kind === 'ignore-block') push(['*'], 'kics', blockScope());
      else if (kind === 'ignore') push(['*'], 'kics', { kind: 'file' });
      else {
        for (const id of m[2]!.split(','))
          push(peers.get(`kics:${id.trim()}`) ?? [], 'kics', { kind: 'file' }, undefined, id.trim(), 'kics');
      }
    }
  }
  return out;
}
