/**
 * CloudFormation JSON (and CDK synth output) into the positioned tree, built directly from
 * `jsonc-parser`'s scanner callbacks: one pass, no intermediate tree, offsets for every node, and a
 * partial tree when the text is broken mid-edit. CloudFormation accepts strict JSON only, so comments
 * and trailing commas are reported.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';
import type { PEntry, PMap, PNode, PScalar, PSeq, ParsedTree, SyntaxError } from './tree';

type OpenMap = { kind: 'map'; node: PMap & { end: number }; pendingKey: PScalar | undefined };
type OpenSeq = { kind: 'seq'; node: PSeq & { end: number } };
type Open = OpenMap | OpenSeq;

const MAX_DEPTH = 2000;

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

export function parseJson(text: string): ParsedTree {
  const errors: SyntaxError[] = [];
  const stack: Open[] = [];
  let root: PNode | undefined;
  let tooDeep = false;

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

  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => {
          if (stack.length >= MAX_DEPTH) tooDeep = true;
          const node = { kind: 'map' as const, entries: [] as PEntry[], flow: true, start: offset, end: text.length };
          stack.push({ kind: 'map', node, pendingKey: undefined });
          return !tooDeep;
        },
        onObjectProperty: (property, offset, length) => {
          const top = stack[stack.length - 1];
          if (top?.kind !== 'map') return;
          closeKeyWithoutValue(top);
          top.pendingKey = { kind: 'scalar', value: property, style: 'json', start: offset, end: offset + length };
        },
        onObjectEnd: (offset, length) => {
          const top = stack.pop();
          if (!top) return;
          if (top.kind === 'map') closeKeyWithoutValue(top);
          top.node.end = offset + length;
          attach(top.node);
        },
        onArrayBegin: (offset) => {
          if (stack.length >= MAX_DEPTH) tooDeep = true;
          const node = { kind: 'seq' as const, items: [] as PNode[], flow: true, start: offset, end: text.length };
          stack.push({ kind: 'seq', node });
          return !tooDeep;
        },
        onArrayEnd: (offset, length) => {
          const top = stack.pop();
          if (!top) return;
          top.node.end = offset + length;
          attach(top.node);
        },
        onLiteralValue: (value: unknown, offset, length) => {
          const v = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
          attach({ kind: 'scalar', value: v, style: 'json', start: offset, end: offset + length });
        },
        onError: (error, offset, length) => {
          const code = printParseErrorCode(error);
          errors.push({ message: MESSAGES[code] ?? code, range: { start: offset, end: offset + Math.max(length, 1) } });
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true },
    );
  } catch (e) {
    errors.push({ message: `could not parse JSON: ${(e as Error).message}`, range: { start: 0, end: Math.min(1, text.length) } });
  }
  if (tooDeep) errors.push({ message: `nesting deeper than ${MAX_DEPTH} levels`, range: { start: 0, end: Math.min(1, text.length) } });
  // Close whatever the text left open (typing mid-edit): the partial tree is still linted.
  while (stack.length) {
    const top = stack.pop()!;
    if (top.kind === 'map') closeKeyWithoutValue(top);
    top.node.end = text.length;
    attach(top.node);
  }
  return { root, errors };
}
