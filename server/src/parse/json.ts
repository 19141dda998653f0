/**
 * CloudFormation JSON (and CDK synth output) into the positioned tree, built directly from
 * `jsonc-parser`'s scanner callbacks: one pass, no intermediate tree, offsets for every node, and a
 * partial tree when the text is broken mid-edit. CloudFormation accepts strict JSON only, so comments
 * and trailing commas are reported.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';
import type { PEntry, PMap, PNode, PScalar, PSeq, ParsedTree, SyntaxError } from './tree';
import { REFERENCE_KEYS } from './tree';

type OpenMap = {
  kind: 'map';
  node: PMap & { end: number };
  pendingKey: PScalar | undefined;
  /** Keys seen so far: CloudFormation rejects a template with a key written twice. */
  keys: Set<string>;
};
type OpenSeq = { kind: 'seq'; node: PSeq & { end: number } };
type Open = OpenMap | OpenSeq;

/**
 * Nesting beyond this is reported and not parsed (real templates nest a few dozen levels).
 * jsonc-parser recurses once per level, so the visit is stopped when it gets that deep.
 */
export const MAX_DEPTH = 256;

/** Thrown from a callback to stop jsonc-parser at the nesting limit. */
const TOO_DEEP = new Error('too deep');

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace } expected',
  CloseBracketExpected: 'closing bracket ] expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'comments are not allowed in JSON templates',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

export function parseJson(fullText: string): ParsedTree {
  const errors: SyntaxError[] = [];
  const text = fullText;
  let cut = -1;
  const stack: Open[] = [];
  const intrinsics: PMap[] = [];
  let root: PNode | undefined;
  let lastOffset = 0;
  // A set, not a search of the list: a file with tens of thousands of errors (pasted junk) stays linear.
  const reported = new Set<string>();
  const report = (message: string, start: number, end: number): void => {
    const key = `${start}\u0000${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    errors.push({ message, range: { start, end } });
  };

  const attach = (node: PNode): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= node;
      return;
    }
    if (top.kind === 'seq') {
      top.node.items.push(node);
      return;
    }
    const key = top.pendingKey;
    if (!key) return; // a value without a property name: jsonc-parser already reported it
    top.pendingKey = undefined;
    top.node.entries.push({ key, value: node, start: key.start, end: node.end });
  };

  const closeKeyWithoutValue = (top: OpenMap): void => {
    if (!top.pendingKey) return;
    const key = top.pendingKey;
    top.pendingKey = undefined;
    const value: PScalar = { kind: 'scalar', value: null, style: 'json', start: key.end, end: key.end };
    top.node.entries.push({ key, value, start: key.start, end: key.end });
  };

  /** Every object and array passes here: the nesting limit stops jsonc-parser before it recurses deeper. */
  const enter = (offset: number): void => {
    lastOffset = offset;
    if (stack.length >= MAX_DEPTH) {
      cut = offset;
      throw TOO_DEEP;
    }
  };

  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => {
          enter(offset);
          const node = {
            kind: 'map' as const,
            entries: [] as PEntry[],
            flow: true,
            start: offset,
            end: text.length,
          };
          stack.push({ kind: 'map', node, pendingKey: undefined, keys: new Set() });
        },
        onObjectProperty: (property, offset, length) => {
          lastOffset = offset;
          const top = stack[stack.length - 1];
          if (top?.kind !== 'map') return;
          closeKeyWithoutValue(top);
          if (top.keys.has(property)) {
            errors.push({
              message: `duplicate key "${property}"`,
              range: { start: offset, end: offset + length },
            });
          }
          top.keys.add(property);
          top.pendingKey = {
            kind: 'scalar',
            value: property,
            style: 'json',
            start: offset,
            end: offset + length,
          };
        },
        onObjectEnd: (offset, length) => {
          const top = stack.pop();
          if (!top) return;
          if (top.kind === 'map') {
            closeKeyWithoutValue(top);
            const entries = top.node.entries;
            if (entries.length === 1 && REFERENCE_KEYS.has(entries[0]!.key.value as string))
              intrinsics.push(top.node);
          }
          top.node.end = offset + length;
          attach(top.node);
        },
        onArrayBegin: (offset) => {
          enter(offset);
          const node = {
            kind: 'seq' as const,
            items: [] as PNode[],
            flow: true,
            start: offset,
            end: text.length,
          };
          stack.push({ kind: 'seq', node });
        },
        onArrayEnd: (offset, length) => {
          const top = stack.pop();
          if (!top) return;
          top.node.end = offset + length;
          attach(top.node);
        },
        onLiteralValue: (value: unknown, offset, length) => {
          lastOffset = offset;
          const v =
            value === null ||
            typeof value === 'string' ||
            typeof value === 'number' ||
            typeof value === 'boolean'
              ? value
              : null;
          attach({ kind: 'scalar', value: v, style: 'json', start: offset, end: offset + length });
        },
        onError: (error, offset, length) => {
          // Errors at the cut are the cut's own (unclosed brackets): one error below says what happened.
          if (cut >= 0 && offset >= cut) return;
          const code = printParseErrorCode(error);
          const comma = trailingCommaBefore(text, offset);
          if (comma !== undefined && (code === 'PropertyNameExpected' || code === 'ValueExpected')) {
            report('trailing commas are not allowed in JSON templates', comma, comma + 1);
            return;
          }
          report(MESSAGES[code] ?? code, offset, Math.min(text.length, offset + Math.max(length, 1)));
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true },
    );
  } catch (e) {
    if (e !== TOO_DEEP) {
      // jsonc-parser recurses per nesting level; with the limit above this is a last resort.
      const message =
        e instanceof RangeError
          ? 'the document is nested too deeply to parse'
          : `could not parse JSON: ${(e as Error).message}`;
      report(message, lastOffset, Math.min(text.length, lastOffset + 1));
    }
  }
  if (cut >= 0)
    report(`nesting deeper than ${MAX_DEPTH} levels; the rest of the file is not read`, cut, cut + 1);
  // Close whatever the text left open (typing mid-edit): the partial tree is still linted.
  while (stack.length) {
    const top = stack.pop()!;
    if (top.kind === 'map') closeKeyWithoutValue(top);
    top.node.end = text.length;
    attach(top.node);
  }
  return { root, errors, intrinsics };
}

/** The offset of the comma right before a closing bracket at `offset` (whitespace between), if any. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  if (text[offset] !== '}' && text[offset] !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i--;
  return text[i] === ',' ? i : undefined;
}
