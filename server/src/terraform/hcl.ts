/**
 * Terraform/HCL into a small positioned AST: blocks (type, labels, body), attributes and expressions,
 * every node with its UTF-16 offsets (web-tree-sitter reports offsets in the JS string's units).
 *
 * tree-sitter recovers from syntax errors by wrapping what it cannot place in ERROR nodes, and may nest
 * later blocks inside a broken one (as nested blocks, or as items of a list left open). A file with
 * errors is therefore cut at its top-level block headers and each broken segment parsed on its own
 * (see `recover`), and blocks are looked for at every depth under ERROR nodes, so a half-typed resource
 * leaves the resources after it intact. Errors are reported where the user has to look: an unclosed
 * block at its header, a list at its `[`, an unterminated string at its quote.
 */
import type { Node as TsNode, Tree, TreeCursor } from 'web-tree-sitter';
import type { TextRange } from '../../../rules/model';
import type { SyntaxError } from '../parse/tree';
import { shiftAttribute, shiftBlock, shiftError } from './shift';
import { HclParseTimeout, PARSE_BUDGET_MS, parseHclTree } from './treeSitter';
import { lineStartOf } from '../parse/lineIndex';

function timeoutError(start: number, end: number): SyntaxError {
  return {
    message: `sg-lint stopped reading this after ${PARSE_BUDGET_MS / 1000} s: a syntax error (an unclosed brace, bracket or quote) makes the rest too slow to parse`,
    range: { start, end: Math.min(end, start + 1) },
  };
}

/** A file tree-sitter could not parse in time: no blocks, one error at its start. */
function unreadable(uri: string, text: string): HclFile {
  return {
    uri,
    text,
    tree: parseHclTree(''),
    blocks: [],
    attributes: [],
    errors: [timeoutError(0, text.length)],
    units: [],
  };
}

export interface HclLabel extends TextRange {
  readonly value: string;
}

export interface HclBlock extends TextRange {
  readonly kind: 'block';
  readonly type: string;
  readonly typeRange: TextRange;
  readonly labels: readonly HclLabel[];
  readonly body: HclBody;
}

export interface HclBody extends TextRange {
  readonly attributes: readonly HclAttribute[];
  readonly blocks: readonly HclBlock[];
}

export interface HclAttribute extends TextRange {
  readonly name: string;
  readonly nameRange: TextRange;
  readonly expr: HclExpr;
}

export type HclStep =
  | ({ readonly kind: 'attr'; readonly name: string } & TextRange)
  | ({ readonly kind: 'index'; readonly index: HclExpr } & TextRange)
  | ({ readonly kind: 'splat' } & TextRange);

export interface HclObjectElem extends TextRange {
  readonly key: HclExpr;
  readonly value: HclExpr;
}

export type HclExpr =
  | ({
      readonly kind: 'literal';
      readonly value: string | number | boolean | null;
      readonly quoted: boolean;
    } & TextRange)
  | ({
      readonly kind: 'template';
      readonly parts: readonly (HclExpr | ({ readonly kind: 'text'; readonly value: string } & TextRange))[];
    } & TextRange)
  | ({ readonly kind: 'tuple'; readonly items: readonly HclExpr[] } & TextRange)
  | ({ readonly kind: 'object'; readonly elems: readonly HclObjectElem[] } & TextRange)
  /** `var.x`, `local.y[0]`, `aws_security_group.web.id`, `each.value`: a root name and steps. */
  | ({
      readonly kind: 'traversal';
      readonly root: string;
      readonly rootRange: TextRange;
      readonly steps: readonly HclStep[];
    } & TextRange)
  /** Steps applied to something other than a name: `concat(a, b)[0]`, `["a"][0]`. */
  | ({ readonly kind: 'access'; readonly base: HclExpr; readonly steps: readonly HclStep[] } & TextRange)
  | ({
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly HclExpr[];
      readonly expandLast: boolean;
    } & TextRange)
  | ({
      readonly kind: 'conditional';
      readonly cond: HclExpr;
      readonly then: HclExpr;
      readonly else: HclExpr;
    } & TextRange)
  | ({
      readonly kind: 'binary';
      readonly op: string;
      readonly left: HclExpr;
      readonly right: HclExpr;
    } & TextRange)
  | ({ readonly kind: 'unary'; readonly op: string; readonly operand: HclExpr } & TextRange)
  /** For expressions, heredocs with directives: not evaluated. */
  | ({ readonly kind: 'other'; readonly what: string } & TextRange);

export interface HclFile {
  readonly uri: string;
  readonly text: string;
  readonly tree: Tree;
  /** Top-level blocks, and blocks recovered from inside syntax errors. */
  readonly blocks: readonly HclBlock[];
  /** Top-level attributes: the content of a .tfvars file. */
  readonly attributes: readonly HclAttribute[];
  readonly errors: SyntaxError[];
  /** The pieces the file was converted in, in order: the next parse of the file reuses unchanged ones. */
  readonly units: readonly HclUnit[];
}

/**
 * A piece of a file converted on its own: a top-level block or attribute of a file without errors, or a
 * segment of a file with errors (see `recover`). What it holds depends on its text alone, so the next
 * parse takes it again, moved, when that text is unchanged.
 */
export interface HclUnit extends TextRange {
  readonly blocks: readonly HclBlock[];
  readonly attributes: readonly HclAttribute[];
  readonly errors: readonly SyntaxError[];
}

/** A plain copy of the syntax tree: named nodes only, read through one cursor walk. */
interface SNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly children: SNode[];
}

const MAX_DEPTH = 512;

/** Operators of binary and unary operations. */
const OPERATORS = new Set(['&&', '||', '==', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '!']);
const KEPT_TOKENS = new Set(['...', '[', '.', ...OPERATORS]);

/**
 * Parses and converts a file. With `previous`, the parse of the same file before an edit, the pieces of
 * it whose text the edit left alone are taken from it instead of being converted again: typing in one
 * resource of a large file costs that resource, not the file.
 */
export function parseHcl(uri: string, text: string, oldTree?: Tree | null, previous?: HclFile): HclFile {
  let tree: Tree;
  try {
    tree = parseHclTree(text, oldTree);
  } catch (e) {
    if (!(e instanceof HclParseTimeout)) throw e;
    return unreadable(uri, text);
  }
  const conv = new Converter(text);
  const reuse = previous && previous.uri === uri ? new Reuse(previous, text) : undefined;
  const units = tree.rootNode.hasError
    ? recover(tree, text, /\.tfvars$/i.test(uri), conv, reuse)
    : topLevelUnits(tree, text, conv, reuse);
  const blocks: HclBlock[] = [];
  const attributes: HclAttribute[] = [];
  const errors: SyntaxError[] = [];
  for (const u of units) {
    blocks.push(...u.blocks);
    attributes.push(...u.attributes);
    errors.push(...u.errors);
  }
  return { uri, text, tree, blocks, attributes, errors: mergeErrors(errors, text), units };
}

/** Converts nodes (or a segment's nodes) of one unit: its blocks, attributes and errors. */
function convertUnit(
  start: number,
  end: number,
  conv: Converter,
  nodes: (found: SyntaxError[]) => SNode[],
): HclUnit {
  const blocks: HclBlock[] = [];
  const attributes: HclAttribute[] = [];
  const errors = conv.unit((found) => {
    const holder: SNode = { type: 'body', start, end, children: nodes(found) };
    collectBody(holder, conv, blocks, attributes, 0);
  });
  return { start, end, blocks, attributes, errors };
}

/** A file without syntax errors: one unit per top-level block or attribute. */
function topLevelUnits(tree: Tree, text: string, conv: Converter, reuse: Reuse | undefined): HclUnit[] {
  const units: HclUnit[] = [];
  const cursor = tree.walk();
  const visit = (depth: number): void => {
    if (!cursor.gotoFirstChild()) return;
    do {
      const type = cursor.nodeType;
      if ((type === 'body' || type === 'config_file') && depth < MAX_DEPTH) visit(depth + 1);
      else if (type === 'block' || type === 'attribute') {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        const node = cursor.currentNode;
        units.push(
          reuse?.take(start, end) ??
            convertUnit(start, end, conv, (found) => [snapshot(node.walk(), found, text, 0)]),
        );
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };
  try {
    visit(0);
  } finally {
    // Cursors live in WebAssembly memory, which the garbage collector does not free.
    cursor.delete();
  }
  return units;
}

/**
 * What an edit left alone: the previous text and the new one share a prefix and a suffix, and a unit
 * lying wholly in either holds the same text as before (in the suffix, moved by the change in length).
 * Found by comparing the texts, so it holds for any change (several edits, a file changed on disk).
 */
class Reuse {
  private readonly byStart = new Map<number, HclUnit>();
  /** The text before `prefix` and from `newEnd` on (`oldEnd` in the previous text) is unchanged. */
  private readonly prefix: number;
  private readonly newEnd: number;
  private readonly delta: number;

  constructor(previous: HclFile, text: string) {
    for (const u of previous.units) this.byStart.set(u.start, u);
    const before = previous.text;
    this.prefix = commonPrefix(before, text);
    const suffix = commonSuffix(before, text, this.prefix);
    this.newEnd = text.length - suffix;
    this.delta = text.length - before.length;
  }

  /** The previous unit that held exactly the text now at [start, end), moved to it. */
  take(start: number, end: number): HclUnit | undefined {
    if (end <= this.prefix) {
      const u = this.byStart.get(start);
      return u?.end === end ? u : undefined;
    }
    if (start < this.newEnd) return undefined;
    const d = this.delta;
    const u = this.byStart.get(start - d);
    if (u?.end !== end - d) return undefined;
    if (d === 0) return u;
    return {
      start,
      end,
      blocks: u.blocks.map((b) => shiftBlock(b, d)),
      attributes: u.attributes.map((a) => shiftAttribute(a, d)),
      errors: u.errors.map((e) => shiftError(e, d)),
    };
  }
}

/** Compared a chunk at a time: string equality of slices runs as a memory compare. */
const CHUNK = 4096;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the common suffix, not reaching into the first `prefix` characters of either text. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let k = 0;
  while (
    k + CHUNK <= n &&
    a.slice(a.length - k - CHUNK, a.length - k) === b.slice(b.length - k - CHUNK, b.length - k)
  )
    k += CHUNK;
  while (k < n && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/**
 * Lines that open a top-level Terraform block (`resource "x" "y" {`, `variable "v" {`, `locals {`),
 * written at the start of a line as `terraform fmt` writes them; in a .tfvars file, its assignments.
 */
const TOP_LEVEL_HEADER =
  /^(?:resource|data|module|variable|output|locals|provider|terraform|moved|import|check|removed)(?=[\s"{]|$)/gm;
const TFVARS_ASSIGNMENT = /^[A-Za-z_][\w-]*[ \t]*=/gm;

/**
 * A file with syntax errors. tree-sitter recovers badly from a block that is never closed: the blocks
 * after it become nested blocks of the broken one, or items of a list that was left open. Terraform
 * files put each top-level block at the start of a line, so the text is cut into segments at those
 * lines; every segment that the whole-file parse got right (no error, nothing spilling over from
 * another segment) is kept from it, and each other segment is parsed on its own, so one half-typed
 * resource costs only itself.
 */
function recover(
  tree: Tree,
  text: string,
  tfvars: boolean,
  conv: Converter,
  reuse: Reuse | undefined,
): HclUnit[] {
  const starts = [...text.matchAll(tfvars ? TFVARS_ASSIGNMENT : TOP_LEVEL_HEADER)].map((m) => m.index);
  if (starts[0] !== 0) starts.unshift(0);
  if (starts.length === 1)
    return [convertUnit(0, text.length, conv, (found) => [snapshot(tree.walk(), found, text, 0)])];
  const root = tree.rootNode;
  const top: TsNode[] = [];
  for (const c of root.type === 'ERROR' ? [root] : root.children) {
    if (!c) continue;
    if (c.type === 'body') top.push(...c.children.filter((b): b is TsNode => !!b));
    else top.push(c);
  }
  const units: HclUnit[] = [];
  let next = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    const e = starts[i + 1] ?? text.length;
    while (next < top.length && top[next]!.endIndex <= s) next++;
    const again = reuse?.take(s, e);
    if (again) {
      units.push(again);
      continue;
    }
    const overlapping: TsNode[] = [];
    for (let j = next; j < top.length && top[j]!.startIndex < e; j++) overlapping.push(top[j]!);
    if (overlapping.every((n) => n.startIndex >= s && n.endIndex <= e && !n.hasError)) {
      units.push(
        convertUnit(s, e, conv, (found) => overlapping.map((n) => snapshot(n.walk(), found, text, 0))),
      );
      continue;
    }
    let part: Tree;
    try {
      part = parseHclTree(text.slice(s, e));
    } catch (err) {
      if (!(err instanceof HclParseTimeout)) throw err;
      units.push({ start: s, end: e, blocks: [], attributes: [], errors: [timeoutError(s, e)] });
      continue;
    }
    try {
      units.push(convertUnit(s, e, conv, (found) => [snapshot(part.walk(), found, text, s)]));
    } finally {
      // Trees live in WebAssembly memory, which the garbage collector does not free.
      part.delete();
    }
  }
  return units;
}

/**
 * An unterminated string swallows the closing brackets after it: the blocks and lists around it are
 * then "never closed" only because of the string, which is the one error worth showing.
 */
function withoutSwallowed(found: readonly SyntaxError[]): SyntaxError[] {
  const unterminated = found
    .filter((e) => e.message === UNCLOSED.quoted_template_end!.message)
    .sort((x, y) => x.range.start - y.range.start)[0];
  if (!unterminated) return [...found];
  // After it every quote of the segment is read the wrong way round: what follows is noise.
  return found.filter(
    (e) =>
      e === unterminated || (e.range.start < unterminated.range.start && !e.message.includes('never closed')),
  );
}

/** Blocks and attributes of a body-like node; inside ERROR nodes, blocks at any depth are recovered. */
function collectBody(
  n: SNode,
  conv: Converter,
  blocks: HclBlock[],
  attributes: HclAttribute[],
  depth: number,
): void {
  if (depth > MAX_DEPTH) return;
  for (const c of n.children) {
    if (c.type === 'block') blocks.push(conv.block(c, 0));
    else if (c.type === 'attribute') attributes.push(conv.attribute(c, 0));
    else if (c.type === 'body' || c.type === 'ERROR' || c.type === 'config_file')
      collectBody(c, conv, blocks, attributes, depth + 1);
  }
}

/** The token a MISSING node stands for, the token that opened what it closes, and what to say. */
const UNCLOSED: Readonly<Record<string, { opener: string; message: string }>> = {
  block_end: { opener: 'block_start', message: 'this block is never closed: missing }' },
  tuple_end: { opener: 'tuple_start', message: 'this list is never closed: missing ]' },
  object_end: { opener: 'object_start', message: 'this object is never closed: missing }' },
  quoted_template_end: { opener: 'quoted_template_start', message: 'unterminated string: missing closing "' },
};

/**
 * A copy of the tree under the cursor with offsets into the whole text (`base` is where the parsed text
 * starts in it), and the syntax errors found on the way.
 */
function snapshot(cursor: TreeCursor, errors: SyntaxError[], text: string, base: number): SNode {
  const parsedEnd = base + cursor.endIndex;
  const walk = (depth: number, inError: boolean, parent: SNode | undefined): SNode => {
    const type = cursor.nodeType;
    const start = cursor.startIndex + base;
    const end = cursor.endIndex + base;
    const node: SNode = { type, start, end, children: [] };
    // Errors nested in an error are part of it: one report each.
    if (type === 'ERROR' && !inError) errors.push(errorAt(text, start, end, parsedEnd));
    if (depth < MAX_DEPTH && cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeIsMissing) {
          // `(block_end (MISSING "}"))`: the closing token of the block, list or object that owns `node`.
          const closes = UNCLOSED[type] && parent ? { what: type, owner: parent } : undefined;
          errors.push(
            missingError(
              closes?.what ?? cursor.nodeType,
              closes?.owner ?? node,
              cursor.startIndex + base,
              text,
            ),
          );
        } else if (cursor.nodeIsNamed || cursor.nodeType === 'ERROR')
          node.children.push(walk(depth + 1, inError || type === 'ERROR', node));
        else if (KEPT_TOKENS.has(cursor.nodeType)) {
          // Anonymous tokens the converter needs: splat markers, argument expansion, operators.
          node.children.push({
            type: cursor.nodeType,
            start: cursor.startIndex + base,
            end: cursor.endIndex + base,
            children: [],
          });
        }
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  };
  try {
    return walk(0, false, undefined);
  } finally {
    // Cursors live in WebAssembly memory, which the garbage collector does not free.
    cursor.delete();
  }
}

/**
 * A token tree-sitter had to invent: reported where the unclosed thing opens (a block's header, the
 * `[`, the opening quote up to the end of its line), which is where the user has to look; tree-sitter
 * itself inserts a missing `}` at the end of what it parsed.
 */
function missingError(what: string, owner: SNode, at: number, text: string): SyntaxError {
  const known = UNCLOSED[what];
  const opener = known && [...owner.children].reverse().find((c) => c.type === known.opener);
  if (!known || !opener) {
    const token = what === 'identifier' ? 'a name' : what;
    return { message: `missing ${token}`, range: { start: at, end: at } };
  }
  if (what === 'block_end') return { message: known.message, range: { start: owner.start, end: opener.end } };
  if (what === 'quoted_template_end')
    return { message: known.message, range: restOfLine(text, opener.start) };
  return { message: known.message, range: { start: opener.start, end: opener.end } };
}

/** From `start` to the end of its line (without the line break). */
function restOfLine(text: string, start: number): TextRange {
  const nl = text.indexOf('\n', start);
  let end = nl < 0 ? text.length : nl;
  if (text[end - 1] === '\r') end--;
  return { start, end: Math.max(end, start + 1) };
}

/**
 * An ERROR node. One that runs to the end of what was parsed usually means something was left open:
 * the innermost bracket or string still open there is named, at its opening.
 */
function errorAt(text: string, start: number, end: number, parsedEnd: number): SyntaxError {
  if (/^\s*$/.test(text.slice(end, parsedEnd))) {
    const open = innermostUnclosed(text, start, end);
    if (open) return open;
  }
  return { message: errorMessage(text, start, end), range: { start, end: Math.max(end, start + 1) } };
}

/** The innermost `{`, `[`, `(` or string left open in text[start, end), skipping comments. */
function innermostUnclosed(text: string, start: number, end: number): SyntaxError | undefined {
  const stack: number[] = [];
  const pairs: Readonly<Record<string, string>> = { '}': '{', ']': '[', ')': '(' };
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < end && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (j >= end || text[j] === '\n')
        return { message: UNCLOSED.quoted_template_end!.message, range: restOfLine(text, i) };
      i = j;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 1;
    } else if (c === '{' || c === '[' || c === '(') stack.push(i);
    else if (pairs[c]) {
      if (text[stack[stack.length - 1] ?? -1] === pairs[c]) stack.pop();
      else return undefined;
    }
  }
  const at = stack[stack.length - 1];
  if (at === undefined) return undefined;
  const opener = text[at];
  if (opener === '[') return { message: UNCLOSED.tuple_end!.message, range: { start: at, end: at + 1 } };
  if (opener === '(')
    return { message: 'this call is never closed: missing )', range: { start: at, end: at + 1 } };
  // `x = {` opens an object; `ingress {` and `resource "a" "b" {` open blocks.
  const lineStart = lineStartOf(text, at);
  const before = text.slice(lineStart, at);
  if (/[=:,([{]\s*$/.test(before) || /^\s*$/.test(before))
    return { message: UNCLOSED.object_end!.message, range: { start: at, end: at + 1 } };
  const indent = before.length - before.trimStart().length;
  return { message: UNCLOSED.block_end!.message, range: { start: lineStart + indent, end: at + 1 } };
}

/** Neighbouring "unexpected" errors with only blank space between them are one mistake. */
function mergeErrors(errors: readonly SyntaxError[], text: string): SyntaxError[] {
  const sorted = [...errors].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const out: SyntaxError[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (
      last &&
      last.message === e.message &&
      last.range.start === e.range.start &&
      last.range.end === e.range.end
    )
      continue;
    if (
      last &&
      last.message.startsWith('syntax error') &&
      e.message.startsWith('syntax error') &&
      e.range.start >= last.range.end &&
      /^[ \t]*$/.test(text.slice(last.range.end, e.range.start))
    ) {
      const start = last.range.start;
      const end = Math.max(last.range.end, e.range.end);
      out[out.length - 1] = { message: errorMessage(text, start, end), range: { start, end } };
    } else out.push(e);
  }
  return out;
}

type TemplatePart = HclExpr | ({ readonly kind: 'text'; readonly value: string } & TextRange);

/**
 * Where the text of a quoted string lies: between its quotes. A quoted string cannot span lines (HCL
 * rejects it; tree-sitter-hcl reads on to the next quote): one that reaches a line break outside its
 * interpolations is unterminated and ends there.
 */
function quotedContent(n: SNode, text: string): { from: number; to: number; unterminated: boolean } {
  const open = n.children.find((c) => c.type === 'quoted_template_start');
  const close = n.children.find((c) => c.type === 'quoted_template_end');
  const from = open?.end ?? n.start;
  const end = close?.start ?? n.end;
  let at = from;
  for (const c of [
    ...n.children.filter((x) => x.start >= from && x.end <= end && isTemplatePart(x)),
    undefined,
  ]) {
    const nl = text.slice(at, c?.start ?? end).indexOf('\n');
    if (nl >= 0) {
      let to = at + nl;
      if (text[to - 1] === '\r' && to > from) to--;
      return { from, to, unterminated: true };
    }
    if (c) at = c.end;
  }
  return { from, to: end, unterminated: !close };
}

function isTemplatePart(n: SNode): boolean {
  return n.type === 'template_interpolation' || n.type === 'template_directive';
}

/** A conditional as HCL groups it: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`. */
interface Conditional extends TextRange {
  readonly cond: SNode | Conditional;
  readonly then: SNode | Conditional;
  readonly else: SNode | Conditional;
}

/**
 * tree-sitter-hcl parses `a ? b : c ? d : e` as `(a ? b : c) ? d : e`. A condition that is itself a
 * conditional without parentheses (an `expression` holding the conditional directly; parentheses add
 * a second `expression`) is regrouped to the right, as HCL reads it.
 */
function regroup(cond: SNode, then: SNode | Conditional, otherwise: SNode | Conditional): Conditional {
  const inner =
    cond.children.length === 1 && cond.children[0]!.type === 'conditional' ? cond.children[0] : undefined;
  const parts = inner?.children.filter((c) => c.type === 'expression');
  if (!parts || parts.length !== 3)
    return { cond, then, else: otherwise, start: cond.start, end: otherwise.end };
  const [c, t, e] = parts as [SNode, SNode, SNode];
  // (c ? t : e) ? then : otherwise  →  c ? t : (e ? then : otherwise), regrouped again inside.
  return regroup(c, t, regroup(e, then, otherwise));
}

function span(nodes: readonly SNode[]): TextRange {
  return { start: nodes[0]!.start, end: nodes[nodes.length - 1]!.end };
}

function errorMessage(text: string, start: number, end: number): string {
  const snippet = text
    .slice(start, Math.min(end, start + 30))
    .split('\n')[0]!
    .trim();
  return snippet ? `syntax error: unexpected "${snippet}"` : 'syntax error';
}

/** HCL string escapes: \n \t \r \" \\ \uXXXX \UXXXXXXXX, and the template escapes $${ and %%{. */
export function unescapeHcl(raw: string): string {
  return raw
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[ntr"\\])/g, (_, e: string) => {
      if (e === 'n') return '\n';
      if (e === 't') return '\t';
      if (e === 'r') return '\r';
      if (e === '"' || e === '\\') return e;
      return String.fromCodePoint(parseInt(e.slice(1), 16));
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

class Converter {
  /** Errors found while converting: quoted strings that run past the end of their line. */
  readonly errors: SyntaxError[] = [];

  constructor(private readonly text: string) {}

  /**
   * The errors of one parsed unit (the file, or one segment of it): the parser's and the converter's,
   * without those an unterminated string caused.
   */
  unit(collect: (found: SyntaxError[]) => void): SyntaxError[] {
    const found: SyntaxError[] = [];
    const before = this.errors.length;
    collect(found);
    found.push(...this.errors.splice(before));
    return withoutSwallowed(found);
  }

  private quoted(n: SNode): { from: number; to: number } {
    const q = quotedContent(n, this.text);
    if (q.unterminated)
      this.errors.push({
        message: UNCLOSED.quoted_template_end!.message,
        range: restOfLine(this.text, q.from - 1),
      });
    return q;
  }

  block(n: SNode, depth: number): HclBlock {
    const id = n.children.find((c) => c.type === 'identifier');
    const labels: HclLabel[] = [];
    let body: SNode | undefined;
    for (const c of n.children) {
      if (c.type === 'string_lit') labels.push({ value: this.stringValue(c), start: c.start, end: c.end });
      else if (c.type === 'identifier' && c !== id)
        labels.push({ value: this.text.slice(c.start, c.end), start: c.start, end: c.end });
      else if (c.type === 'body') body = c;
    }
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    if (body && depth < MAX_DEPTH) {
      for (const c of body.children) {
        if (c.type === 'attribute') attributes.push(this.attribute(c, depth + 1));
        else if (c.type === 'block') blocks.push(this.block(c, depth + 1));
        else if (c.type === 'ERROR') collectBody(c, this, blocks, attributes, depth + 1);
      }
    }
    return {
      kind: 'block',
      type: id ? this.text.slice(id.start, id.end) : '',
      typeRange: id ? { start: id.start, end: id.end } : { start: n.start, end: n.start },
      labels,
      body: { attributes, blocks, start: body?.start ?? n.end, end: body?.end ?? n.end },
      start: n.start,
      end: n.end,
    };
  }

  attribute(n: SNode, depth: number): HclAttribute {
    const id = n.children.find((c) => c.type === 'identifier');
    const exprNode = n.children.find((c) => c.type === 'expression');
    const name = id ? this.text.slice(id.start, id.end) : '';
    const expr: HclExpr = exprNode
      ? this.expr(exprNode, depth + 1)
      : { kind: 'other', what: 'a missing value', start: n.end, end: n.end };
    return {
      name,
      nameRange: id ? { start: id.start, end: id.end } : { start: n.start, end: n.start },
      expr,
      start: n.start,
      end: n.end,
    };
  }

  /** The text of a quoted string without its quotes, unescaped. */
  private stringValue(n: SNode): string {
    const { from, to } = this.quoted(n);
    return unescapeHcl(this.text.slice(from, to));
  }

  /**
   * The parts of a template, read from the source between its interpolations and directives: the
   * `template_literal` tokens of tree-sitter-hcl leave out the blanks next to quotes, interpolations and
   * line breaks, which are part of the string.
   */
  private templateParts(n: SNode, depth: number): TemplatePart[] {
    let from: number;
    let to: number;
    let heredoc = false;
    let flush = false;
    if (n.type === 'heredoc_template') {
      // `<<EOT` / `<<-EOT`, a line break, the lines, and the closing EOT on a line of its own.
      const ids = n.children.filter((c) => c.type === 'heredoc_identifier');
      const open = ids[0];
      const close = ids.length > 1 ? ids[ids.length - 1] : undefined;
      const nl = this.text.indexOf('\n', open?.end ?? n.start);
      from = nl < 0 || nl >= n.end ? n.end : nl + 1;
      to = close ? Math.max(from, this.text.lastIndexOf('\n', close.start - 1) + 1) : n.end;
      heredoc = true;
      flush = this.text.startsWith('<<-', n.start);
    } else ({ from, to } = this.quoted(n));
    const pieces: (SNode | TextRange)[] = [];
    let at = from;
    for (const c of n.children) {
      if (!isTemplatePart(c)) continue;
      if (c.start < from || c.end > to) continue;
      if (c.start > at) pieces.push({ start: at, end: c.start });
      pieces.push(c);
      at = c.end;
    }
    if (to > at) pieces.push({ start: at, end: to });
    const indent = flush ? this.commonIndent(pieces) : 0;
    return pieces.map((p): TemplatePart => {
      if (!('type' in p)) {
        let raw = this.text.slice(p.start, p.end);
        if (indent > 0) {
          const lineStart = p.start === from || this.text[p.start - 1] === '\n';
          raw = raw.replace(/(^|\n)[ \t]*/g, (m, nl: string, offset: number) =>
            offset === 0 && !lineStart ? m : nl + m.slice(nl.length + Math.min(indent, m.length - nl.length)),
          );
        }
        // Heredocs take backslashes literally; only the template escapes apply.
        const value = heredoc ? raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeHcl(raw);
        return { kind: 'text', value, start: p.start, end: p.end };
      }
      if (p.type === 'template_directive')
        return { kind: 'other', what: 'a template directive', start: p.start, end: p.end };
      const e = p.children.find((x) => x.type === 'expression');
      return e
        ? this.expr(e, depth + 1)
        : { kind: 'other', what: 'an interpolation', start: p.start, end: p.end };
    });
  }

  /** The smallest indentation of the lines of a `<<-` heredoc that hold anything (Terraform strips it). */
  private commonIndent(pieces: readonly (SNode | TextRange)[]): number {
    let min = Number.POSITIVE_INFINITY;
    pieces.forEach((p, i) => {
      if ('type' in p) {
        if (i === 0) min = 0; // an interpolation opens the first line
        return;
      }
      const text = this.text.slice(p.start, p.end);
      const lineStarts = [...text.matchAll(/\n/g)].map((m) => m.index + 1);
      if (i === 0 || this.text[p.start - 1] === '\n') lineStarts.unshift(0);
      for (const ls of lineStarts) {
        const w = /^[ \t]*/.exec(text.slice(ls))![0].length;
        const after = ls + w;
        // Blank lines do not count; a line whose blanks run into an interpolation does.
        if (after < text.length ? text[after] !== '\n' && text[after] !== '\r' : i < pieces.length - 1)
          min = Math.min(min, w);
      }
    });
    return Number.isFinite(min) ? min : 0;
  }

  expr(n: SNode, depth: number): HclExpr {
    const r = { start: n.start, end: n.end };
    if (depth > MAX_DEPTH) return { kind: 'other', what: 'a deeply nested expression', ...r };
    switch (n.type) {
      case 'expression':
        return this.chain(n.children, r, depth);
      case 'variable_expr':
        return { kind: 'traversal', root: this.text.slice(n.start, n.end), rootRange: r, steps: [], ...r };
      case 'literal_value':
        return n.children[0]
          ? this.expr(n.children[0], depth + 1)
          : { kind: 'other', what: 'a literal', ...r };
      case 'numeric_lit':
        return { kind: 'literal', value: Number(this.text.slice(n.start, n.end)), quoted: false, ...r };
      case 'bool_lit':
        return { kind: 'literal', value: this.text.slice(n.start, n.end) === 'true', quoted: false, ...r };
      case 'null_lit':
        return { kind: 'literal', value: null, quoted: false, ...r };
      case 'string_lit':
        return { kind: 'literal', value: this.stringValue(n), quoted: true, ...r };
      case 'template_expr':
        return n.children[0]
          ? this.expr(n.children[0], depth + 1)
          : { kind: 'other', what: 'a template', ...r };
      case 'quoted_template':
      case 'heredoc_template': {
        const parts = this.templateParts(n, depth);
        // A heredoc stays a template: a fix cannot rewrite its text as one quoted string.
        if (n.type === 'heredoc_template') return { kind: 'template', parts, ...r };
        if (parts.every((p) => p.kind === 'text'))
          return {
            kind: 'literal',
            value: parts.map((p) => (p as { value: string }).value).join(''),
            quoted: true,
            ...r,
          };
        return { kind: 'template', parts, ...r };
      }
      case 'collection_value':
        return n.children[0]
          ? this.expr(n.children[0], depth + 1)
          : { kind: 'other', what: 'a collection', ...r };
      case 'tuple':
        return {
          kind: 'tuple',
          items: n.children.filter((c) => c.type === 'expression').map((c) => this.expr(c, depth + 1)),
          ...r,
        };
      case 'object':
        return {
          kind: 'object',
          elems: n.children
            .filter((c) => c.type === 'object_elem')
            .map((c) => {
              const [k, v] = c.children.filter((x) => x.type === 'expression');
              return {
                key: k
                  ? this.expr(k, depth + 1)
                  : { kind: 'other' as const, what: 'a key', start: c.start, end: c.start },
                value: v
                  ? this.expr(v, depth + 1)
                  : { kind: 'other' as const, what: 'a value', start: c.end, end: c.end },
                start: c.start,
                end: c.end,
              };
            }),
          ...r,
        };
      case 'function_call': {
        const id = n.children.find((c) => c.type === 'identifier');
        const args = n.children.find((c) => c.type === 'function_arguments');
        return {
          kind: 'call',
          name: id ? this.text.slice(id.start, id.end) : '',
          args: (args?.children ?? [])
            .filter((c) => c.type === 'expression')
            .map((c) => this.expr(c, depth + 1)),
          expandLast: !!args?.children.some((c) => c.type === 'ellipsis' || c.type === '...'),
          ...r,
        };
      }
      case 'conditional': {
        const [cond, a, b] = n.children.filter((c) => c.type === 'expression');
        if (!cond || !a || !b) return { kind: 'other', what: 'a conditional', ...r };
        return this.conditional(regroup(cond, a, b), depth);
      }
      case 'for_expr':
        return { kind: 'other', what: 'a for expression', ...r };
      case 'operation':
        return n.children[0]
          ? this.expr(n.children[0], depth + 1)
          : { kind: 'other', what: 'an operation', ...r };
      case 'binary_operation': {
        // Operands are written inline (`var.a && var.b` is variable_expr, get_attr, &&, variable_expr, get_attr).
        const at = n.children.findIndex((c) => OPERATORS.has(c.type));
        const left = n.children.slice(0, Math.max(at, 0));
        const right = n.children.slice(at + 1);
        if (at < 0 || left.length === 0 || right.length === 0)
          return { kind: 'other', what: 'an operation', ...r };
        return {
          kind: 'binary',
          op: n.children[at]!.type,
          left: this.chain(left, span(left), depth),
          right: this.chain(right, span(right), depth),
          ...r,
        };
      }
      case 'unary_operation': {
        const op = n.children[0];
        const rest = n.children.slice(1);
        if (!op || !OPERATORS.has(op.type) || rest.length === 0)
          return { kind: 'other', what: 'an operation', ...r };
        const inner = this.chain(rest, span(rest), depth);
        // A negative number is a unary minus applied to a literal (`from_port = -1`).
        if (op.type === '-' && inner.kind === 'literal' && typeof inner.value === 'number')
          return { kind: 'literal', value: -inner.value, quoted: false, ...r };
        return { kind: 'unary', op: op.type, operand: inner, ...r };
      }
      default:
        return { kind: 'other', what: n.type === 'ERROR' ? 'a syntax error' : n.type, ...r };
    }
  }

  private conditional(c: Conditional, depth: number): HclExpr {
    const part = (p: SNode | Conditional): HclExpr =>
      'cond' in p ? this.conditional(p, depth + 1) : this.expr(p, depth + 1);
    return {
      kind: 'conditional',
      cond: part(c.cond),
      then: part(c.then),
      else: part(c.else),
      start: c.start,
      end: c.end,
    };
  }

  /** A base followed by attribute, index and splat steps: `var.x`, `local.y[0]`, `f(a)[1]`. */
  private chain(nodes: readonly SNode[], r: TextRange, depth: number): HclExpr {
    const [base, ...steps] = nodes;
    if (!base) return { kind: 'other', what: 'an empty expression', ...r };
    if (steps.length === 0) return this.expr(base, depth + 1);
    const hclSteps = steps.flatMap((s) => this.steps(s, depth + 1));
    if (base.type === 'variable_expr') {
      const id = base.children[0];
      return {
        kind: 'traversal',
        root: this.text.slice(base.start, base.end),
        rootRange: { start: (id ?? base).start, end: (id ?? base).end },
        steps: hclSteps,
        start: r.start,
        end: r.end,
      };
    }
    return { kind: 'access', base: this.expr(base, depth + 1), steps: hclSteps, start: r.start, end: r.end };
  }

  /** `.x`, `[i]`, `.0`; a splat (`[*].id`, `.*.id`) is the splat step and the steps written after it. */
  private steps(n: SNode, depth: number): HclStep[] {
    if (n.type !== 'splat') return [this.step(n, depth)];
    const kind = n.children[0];
    const after = (kind?.children ?? []).filter((c) => c.type === 'get_attr' || c.type === 'index');
    return [
      { kind: 'splat', start: n.start, end: after[0]?.start ?? n.end },
      ...after.map((c) => this.step(c, depth)),
    ];
  }

  private step(n: SNode, depth: number): HclStep {
    const r = { start: n.start, end: n.end };
    if (n.type === 'get_attr') {
      const id = n.children.find((c) => c.type === 'identifier');
      return { kind: 'attr', name: id ? this.text.slice(id.start, id.end) : '', ...r };
    }
    if (n.type === 'index') {
      const inner = n.children[0];
      if (inner?.type === 'new_index') {
        const e = inner.children.find((c) => c.type === 'expression');
        if (e) return { kind: 'index', index: this.expr(e, depth + 1), ...r };
      }
      if (inner?.type === 'legacy_index') {
        const digits = this.text.slice(inner.start, inner.end).replace(/^\./, '');
        return {
          kind: 'index',
          index: {
            kind: 'literal',
            value: Number(digits),
            quoted: false,
            start: inner.start,
            end: inner.end,
          },
          ...r,
        };
      }
    }
    return { kind: 'splat', ...r };
  }
}
