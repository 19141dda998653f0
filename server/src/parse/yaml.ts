/**
 * CloudFormation YAML into the positioned tree, with `yaml` v2. Every short-form intrinsic is a
 * registered custom tag in its scalar, sequence and map forms, so no tag produces a warning; the
 * document is walked once and each node keeps its offsets.
 *
 * YAML aliases are expanded, and `<<` merge keys merged. CloudFormation itself rejects a template with
 * aliases unless it went through `aws cloudformation package` / SAM, but those tools (and cfn-lint)
 * expand them, and people who write aliases in templates use those tools: reporting every alias as an
 * error would bury the real findings of a perfectly deployable template. Expansion is bounded the way
 * cfn-lint bounds it: an anchored node is walked once and shared by its aliases, the total number of
 * nodes produced by expansion is capped (an alias bomb stops at the cap with one error), and an alias
 * inside the node it names (a self-reference) is an error. The top node of an expansion takes the
 * alias's own range (a finding about the whole aliased rule points at `*rule`, and removing it removes
 * that use); everything inside keeps the range where it is written, after the anchor.
 */
import type { Alias, Node as YamlNode, Tags } from 'yaml';
import {
  isAlias,
  isMap as isYamlMap,
  isPair,
  isScalar as isYamlScalar,
  isSeq as isYamlSeq,
  parseDocument,
  Scalar,
} from 'yaml';
import type { PEntry, PMap, PNode, PScalar, ParsedTree, ScalarStyle, SyntaxError } from './tree';
import { REFERENCE_KEYS } from './tree';

/** Short-form tags and the long-form key each stands for. */
export const INTRINSIC_TAGS: ReadonlyMap<string, string> = new Map(
  [
    'Ref',
    'Condition',
    'GetAtt',
    'Sub',
    'If',
    'Select',
    'Join',
    'FindInMap',
    'ImportValue',
    'Split',
    'Equals',
    'Not',
    'And',
    'Or',
    'Base64',
    'Cidr',
    'GetAZs',
    'Transform',
    'ToJsonString',
    'Length',
    'Contains',
    'EachMemberEquals',
    'EachMemberIn',
    'RefAll',
    'ValueOf',
    'ValueOfAll',
  ].map((name) => [`!${name}`, name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`]),
);

/** Identity resolvers: the walk below reads the tag off each node, so yaml need not transform anything. */
const CUSTOM_TAGS: Tags = [...INTRINSIC_TAGS.keys()].flatMap((tag) => [
  { tag, identify: () => false, resolve: (s: string) => s },
  { tag, identify: () => false, collection: 'seq' as const, resolve: (seq: unknown) => seq as never },
  { tag, identify: () => false, collection: 'map' as const, resolve: (map: unknown) => map as never },
]);

export const YAML_OPTIONS = {
  customTags: CUSTOM_TAGS,
  keepSourceTokens: false,
  // CloudFormation's YAML is 1.1-flavoured, but 1.2 core differs only on forms templates don't use for
  // the values we read (yes/no booleans, sexagesimal numbers); 1.2 keeps `on:`/`no:` keys as strings.
  version: '1.2' as const,
  // `<<: *defaults` as PyYAML (cfn-lint, `aws cloudformation package`) reads it.
  merge: true,
  // yaml checks unique keys pairwise (quadratic in a big Resources map); the walk below uses a set.
  uniqueKeys: false,
  // Guards expansion in any toJS() call; the walk below expands aliases under its own budget.
  maxAliasCount: 100,
  prettyErrors: false,
};

/**
 * Nesting beyond this is reported and not parsed (real templates nest a few dozen levels at most).
 * `yaml` recurses once per level and runs regular expressions as it goes; near the stack limit V8 can
 * fail to compile one and abort the whole process (seen with Node 20 on a few thousand `[`), so text
 * nested deeper than this is cut off before `yaml` sees it.
 */
export const MAX_DEPTH = 256;

/** cfn-lint's bound on alias expansion: nodes produced by aliases beyond this are not expanded. */
export const MAX_ALIAS_EXPANSION = 250_000;

function cleanMessage(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

export function parseYaml(text: string): ParsedTree {
  const errors: SyntaxError[] = [];
  const cut = excessiveNesting(text, MAX_DEPTH);
  const source = cut < 0 ? text : text.slice(0, cut);
  let doc;
  try {
    doc = parseDocument(source, YAML_OPTIONS);
  } catch (e) {
    // yaml reports stack exhaustion as an error itself; anything else it throws is caught here.
    errors.push({ message: `could not parse YAML: ${(e as Error).message}`, range: clamp(text, 0, 1) });
    return { root: undefined, errors };
  }
  const walker = new Walker(text, errors);
  let root: PNode | undefined;
  try {
    root = doc.contents ? walker.node(doc.contents, 0, 0) : undefined;
  } catch (e) {
    errors.push({ message: `could not read YAML: ${(e as Error).message}`, range: clamp(text, 0, 1) });
  }
  // Errors at the cut are the cut's own (unclosed brackets): one error says what happened there.
  const problems = [...doc.errors, ...doc.warnings].filter((e) => cut < 0 || e.pos[0] < cut);
  errors.unshift(...syntaxErrors(problems, text, walker));
  if (cut >= 0)
    errors.push({
      message: `nesting deeper than ${MAX_DEPTH} levels; the rest of the file is not read`,
      range: clamp(text, cut, cut + 1),
    });
  // Aliases share nodes between places: the adapter then walks for references itself.
  return walker.expandedAny ? { root, errors } : { root, errors, intrinsics: walker.intrinsics };
}

// Character codes the nesting estimate looks at.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const AMPERSAND = 38;
const SINGLE_QUOTE = 39;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const GREATER = 62;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const PIPE = 124;
const CLOSE_BRACE = 125;

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}

function isTokenEnd(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || isFlowIndicator(c);
}

/** Chomping and indentation indicators after `|` or `>`. */
function isBlockIndicator(c: number): boolean {
  return c === DASH || c === PLUS || (c >= 48 && c <= 57);
}

/**
 * The offset where nesting first goes deeper than `limit` levels, or -1: flow brackets plus block
 * indentation levels (and compact `- - -` sequences), skipping quoted text, plain text, comments and
 * block scalar content. An estimate that errs on the deep side, linear in the text, without regular
 * expressions (see MAX_DEPTH for why).
 */
export function excessiveNesting(text: string, limit: number): number {
  const n = text.length;
  const indents: number[] = [];
  let flow = 0;
  let blockDepth = 0;
  let blockScalarParent = -1;
  let i = 0;
  while (i < n) {
    const lineStart = i;
    let indent = 0;
    while (i < n && text.charCodeAt(i) === SPACE) {
      i++;
      indent++;
    }
    const first = text.charCodeAt(i);
    const blank = i >= n || first === LF || first === CR || first === TAB || first === HASH;
    if (blockScalarParent >= 0 && flow === 0 && (blank || indent > blockScalarParent)) {
      i = nextLine(text, i);
      continue;
    }
    blockScalarParent = -1;
    if (blank) {
      i = nextLine(text, i);
      continue;
    }
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      blockDepth = indents.length;
      // `- - - x` opens one sequence per dash on a single line.
      while (text.charCodeAt(i) === DASH && text.charCodeAt(i + 1) === SPACE) {
        blockDepth++;
        i += 2;
        while (text.charCodeAt(i) === SPACE) i++;
      }
      if (blockDepth > limit) return lineStart;
    }
    // The rest of the line: flow brackets where a value can start, quotes, plain text, a comment.
    let plain = false;
    let blockHeader = false;
    let prev = SPACE;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === LF) break;
      if (c === HASH && (prev === SPACE || prev === TAB)) {
        while (i < n && text.charCodeAt(i) !== LF) i++;
        break;
      }
      if (plain) {
        // A plain scalar runs to `: ` or a comment; in flow context also to a flow indicator.
        const next = text.charCodeAt(i + 1);
        if (c === COLON && (next === SPACE || next === LF || next === CR || i + 1 >= n)) plain = false;
        else if (flow > 0 && isFlowIndicator(c)) {
          plain = false;
          i--; // read the indicator again, outside the scalar
        }
        prev = c;
        continue;
      }
      prev = c;
      if (c === SPACE || c === TAB || c === CR || c === COMMA || c === COLON) continue;
      blockHeader = false;
      if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) i = skipQuoted(text, i, c);
      else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
        flow++;
        if (blockDepth + flow > limit) return i;
      } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
        if (flow > 0) flow--;
      } else if (c === DASH && (text.charCodeAt(i + 1) === SPACE || text.charCodeAt(i + 1) === LF)) {
        // a sequence entry indicator
      } else if (c === AMPERSAND || c === BANG || c === STAR) {
        // an anchor, a tag or an alias: a token up to the next space or flow indicator
        while (i + 1 < n && !isTokenEnd(text.charCodeAt(i + 1))) i++;
        prev = SPACE;
      } else if ((c === PIPE || c === GREATER) && flow === 0) {
        while (i + 1 < n && isBlockIndicator(text.charCodeAt(i + 1))) i++;
        blockHeader = true;
      } else plain = true;
    }
    // `key: |` or `- >-`: the more-indented lines that follow are text, not structure.
    if (blockHeader) blockScalarParent = indent;
    i = i < n ? i + 1 : n;
  }
  return -1;
}

function skipQuoted(text: string, i: number, quote: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (quote === DOUBLE_QUOTE && c === BACKSLASH) j++;
    else if (c === quote) {
      // '' inside a single-quoted scalar is an escaped quote.
      if (quote === SINGLE_QUOTE && text.charCodeAt(j + 1) === SINGLE_QUOTE) j++;
      else return j;
    }
  }
  return text.length;
}

function nextLine(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

interface YamlProblem {
  readonly code: string;
  readonly message: string;
  readonly pos: [number, number];
}

/** yaml's errors with messages and ranges a user can act on. */
function syntaxErrors(problems: readonly YamlProblem[], text: string, walker: Walker): SyntaxError[] {
  const out: SyntaxError[] = [];
  let exhausted = false;
  for (const e of problems) {
    const [start, end] = e.pos;
    if (e.code === 'RESOURCE_EXHAUSTION') {
      // yaml reports stack exhaustion once per level it unwinds: one error says it all.
      if (exhausted) continue;
      exhausted = true;
      out.push({ message: 'the document is nested too deeply to parse', range: clamp(text, start, end) });
      continue;
    }
    if (e.code === 'MISSING_CHAR' && /quote/.test(e.message)) {
      // yaml points at the end of the text; the quote that was never closed is what needs the edit.
      const open = walker.unterminatedQuoteBefore(start);
      if (open !== undefined) {
        const lineEnd = text.indexOf('\n', open);
        const stop = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
        out.push({
          message: `unterminated quoted string: missing closing ${text[open]}`,
          range: { start: open, end: stop },
        });
        continue;
      }
    }
    out.push({ message: cleanMessage(e.message), range: clamp(text, start, end) });
  }
  return out;
}

function clamp(text: string, start: number, end: number): { start: number; end: number } {
  const s = Math.max(0, Math.min(start, text.length));
  return { start: s, end: Math.max(s, Math.min(end, text.length)) };
}

function isMergeKey(k: YamlNode | null): boolean {
  return !!k && isYamlScalar(k) && typeof k.value === 'symbol' && k.value.description === '<<';
}

class Walker {
  /** Anchor name → the latest node that defines it, in document order (YAML's rule). */
  private readonly anchors = new Map<string, YamlNode>();
  /** Anchored nodes already walked: their aliases share the walked tree. */
  private readonly walked = new Map<YamlNode, PNode>();
  /** Anchored nodes being walked: an alias to one of them is a self-reference. */
  private readonly open = new Set<YamlNode>();
  /** Logical node count (expansions included) of collections, and their height, for the budgets. */
  private readonly sizes = new WeakMap<PNode, number>();
  private readonly heights = new WeakMap<PNode, number>();
  private expanded = 0;
  expandedAny = false;
  private budgetReported = false;
  /** How many anchored nodes enclose the walk: sizes and heights are kept only inside them. */
  private tracking = 0;
  /** `Ref`/`Fn::GetAtt`/`Fn::Sub` nodes in document order, so the adapter need not walk for references. */
  readonly intrinsics: PMap[] = [];
  private readonly quoted: PScalar[] = [];

  constructor(
    private readonly text: string,
    private readonly errors: SyntaxError[],
  ) {}

  /** The start of the quoted scalar that runs up to an offset without its closing quote. */
  unterminatedQuoteBefore(offset: number): number | undefined {
    for (let i = this.quoted.length - 1; i >= 0; i--) {
      const q = this.quoted[i]!;
      if (q.start < offset && q.end >= Math.min(offset, this.text.length)) return q.start;
    }
    return undefined;
  }

  node(n: YamlNode, depth: number, lowerBound: number): PNode {
    const range = n.range ?? [lowerBound, lowerBound, lowerBound];
    const start = range[0];
    const end = range[1];
    if (depth > MAX_DEPTH) {
      this.errors.push({ message: `nesting deeper than ${MAX_DEPTH} levels`, range: { start, end } });
      return { kind: 'invalid', reason: 'nested too deeply', start, end };
    }
    if (isAlias(n)) return this.alias(n, depth, start, end);
    const anchor = n.anchor;
    if (anchor) {
      this.anchors.set(anchor, n);
      this.open.add(n);
      this.tracking++;
    }
    const out = this.tagged(n, depth, start, end, lowerBound);
    if (anchor) {
      this.tracking--;
      this.open.delete(n);
      this.walked.set(n, out);
    }
    return out;
  }

  private tagged(n: YamlNode, depth: number, start: number, end: number, lowerBound: number): PNode {
    const tag = n.tag;
    const longForm = tag ? INTRINSIC_TAGS.get(tag) : undefined;
    const inner = this.plain(n, depth, start, end);
    if (!longForm) return inner;
    // Locate the tag text just before the value so the key's range spans `!Ref` itself.
    const tagStart = this.tagStart(tag!, start, lowerBound);
    const keyRange = { start: tagStart, end: tagStart + tag!.length };
    const key: PScalar = { kind: 'scalar', value: longForm, style: 'plain', ...keyRange };
    const entry: PEntry = { key, value: inner, start: tagStart, end };
    const out: PMap = { kind: 'map', entries: [entry], shortTag: tag!, flow: true, start: tagStart, end };
    if (REFERENCE_KEYS.has(longForm)) this.intrinsics.push(out);
    if (this.tracking) {
      this.sizes.set(out, 2 + this.sizeOf(inner));
      this.heights.set(out, 1 + this.heightOf(inner));
    }
    return out;
  }

  private tagStart(tag: string, valueStart: number, lowerBound: number): number {
    const at = this.text.lastIndexOf(tag, valueStart);
    if (at >= lowerBound && at >= 0 && /^\s*$/.test(this.text.slice(at + tag.length, valueStart))) return at;
    return valueStart;
  }

  private sizeOf(n: PNode): number {
    return this.sizes.get(n) ?? 1;
  }

  private heightOf(n: PNode): number {
    return this.heights.get(n) ?? 0;
  }

  private alias(n: Alias, depth: number, start: number, end: number): PNode {
    const name = n.source;
    const invalid = (message: string | undefined, reason: string): PNode => {
      if (message) this.errors.push({ message, range: { start, end } });
      return { kind: 'invalid', reason, start, end };
    };
    const target = this.anchors.get(name);
    if (!target)
      return invalid(
        `unknown alias *${name}: no anchor &${name} before it`,
        `YAML alias *${name} without an anchor`,
      );
    if (this.open.has(target))
      return invalid(`self-referencing alias *${name}`, `self-referencing YAML alias *${name}`);
    const expansion = this.walked.get(target);
    if (!expansion) return invalid(`unknown alias *${name}`, `YAML alias *${name} without an anchor`);
    const size = this.sizeOf(expansion);
    if (this.budgetReported) return invalid(undefined, `YAML alias *${name} not expanded (expansion limit)`);
    if (this.expanded + size > MAX_ALIAS_EXPANSION) {
      this.budgetReported = true;
      return invalid(
        `alias expansion exceeds ${MAX_ALIAS_EXPANSION} nodes at *${name}; this and later aliases are not expanded`,
        `YAML alias *${name} not expanded (expansion limit)`,
      );
    }
    if (depth + this.heightOf(expansion) > MAX_DEPTH) {
      return invalid(`nesting deeper than ${MAX_DEPTH} levels through alias *${name}`, 'nested too deeply');
    }
    this.expanded += size;
    this.expandedAny = true;
    // A shallow copy: the use site's range on top, the shared content below (see the file comment).
    const copy: PNode = { ...expansion, start, end };
    this.sizes.set(copy, size);
    this.heights.set(copy, this.heightOf(expansion));
    return copy;
  }

  private plain(n: YamlNode, depth: number, start: number, end: number): PNode {
    if (isYamlScalar(n)) return this.scalar(n, start, end);
    if (isYamlMap(n)) {
      const entries: PEntry[] = [];
      const seen = new Set<PScalar['value']>();
      const merged: PEntry[][] = [];
      let size = 1;
      let height = 0;
      let bound = start;
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = item.key as YamlNode | null;
        const v = item.value as YamlNode | null;
        if (isMergeKey(k)) {
          const sources = this.mergeSources(v, depth, k!.range?.[1] ?? bound);
          merged.push(sources);
          for (const e of sources) size += 1 + this.sizeOf(e.value);
          bound = Math.max(bound, v?.range?.[1] ?? bound);
          continue;
        }
        let key: PScalar;
        if (k && isYamlScalar(k)) {
          const r = k.range ?? [bound, bound, bound];
          key = this.scalar(k, r[0], r[1]);
          if (seen.has(key.value))
            this.errors.push({
              message: `duplicate key "${String(key.value)}"`,
              range: { start: key.start, end: key.end },
            });
          seen.add(key.value);
          if (k.anchor) {
            this.anchors.set(k.anchor, k);
            this.walked.set(k, key);
          }
        } else if (k === null) {
          key = { kind: 'scalar', value: '', style: 'plain', start: bound, end: bound };
        } else {
          const r = (k as YamlNode).range ?? [bound, bound, bound];
          this.errors.push({
            message: 'CloudFormation keys must be plain strings',
            range: { start: r[0], end: r[1] },
          });
          continue;
        }
        const value: PNode = v
          ? this.node(v, depth + 1, key.end)
          : { kind: 'scalar', value: null, style: 'plain', start: key.end, end: key.end };
        entries.push({ key, value, start: key.start, end: Math.max(value.end, key.end) });
        size += 1 + this.sizeOf(value);
        height = Math.max(height, 1 + this.heightOf(value));
        bound = Math.max(bound, value.end, key.end, v?.range?.[1] ?? 0);
      }
      const out: PMap = { kind: 'map', entries: withMerged(entries, merged), flow: !!n.flow, start, end };
      if (out.entries.length === 1 && REFERENCE_KEYS.has(out.entries[0]!.key.value as string))
        this.intrinsics.push(out);
      if (this.tracking) {
        for (const group of merged)
          for (const e of group) height = Math.max(height, 1 + this.heightOf(e.value));
        this.sizes.set(out, size);
        this.heights.set(out, height);
      }
      return out;
    }
    if (isYamlSeq(n)) {
      const items: PNode[] = [];
      let size = 1;
      let height = 0;
      let bound = start;
      for (const item of n.items) {
        if (item === null || item === undefined) {
          items.push({ kind: 'scalar', value: null, style: 'plain', start: bound, end: bound });
          continue;
        }
        const child = this.node(item as YamlNode, depth + 1, bound);
        items.push(child);
        size += this.sizeOf(child);
        height = Math.max(height, 1 + this.heightOf(child));
        bound = Math.max(bound, child.end, (item as YamlNode).range?.[1] ?? 0);
      }
      const out: PNode = { kind: 'seq', items, flow: !!n.flow, start, end };
      if (this.tracking) {
        this.sizes.set(out, size);
        this.heights.set(out, height);
      }
      return out;
    }
    return { kind: 'invalid', reason: 'unsupported YAML node', start, end };
  }

  /** The entries a `<<` merge key brings in: from a mapping, an alias to one, or a list of those. */
  private mergeSources(v: YamlNode | null, depth: number, lowerBound: number): PEntry[] {
    if (!v) return [];
    const value = this.node(v, depth + 1, lowerBound);
    const sources = value.kind === 'seq' ? value.items : [value];
    const out: PEntry[] = [];
    for (const s of sources) {
      if (s.kind === 'map' && !s.shortTag) out.push(...s.entries);
      else if (s.kind !== 'invalid') {
        this.errors.push({
          message: 'a merge key (<<) takes a mapping or a list of mappings',
          range: { start: s.start, end: s.end },
        });
      }
    }
    return out;
  }

  private scalar(n: Scalar, start: number, end: number): PScalar {
    const v = n.value;
    const value =
      v === null || v === undefined
        ? null
        : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : typeof v === 'bigint'
            ? Number(v)
            : null;
    const out: PScalar = { kind: 'scalar', value, style: styleOf(n.type), start, end };
    if (out.style === 'single' || out.style === 'double') this.quoted.push(out);
    return out;
  }
}

/**
 * A mapping's own entries with the merged ones before them. As in PyYAML, the mapping's own keys win
 * over merged ones, and an earlier merge source wins over a later one.
 */
function withMerged(own: PEntry[], merged: PEntry[][]): PEntry[] {
  if (merged.length === 0) return own;
  const taken = new Set(own.map((e) => e.key.value));
  const extra: PEntry[] = [];
  for (const group of merged) {
    for (const e of group) {
      if (taken.has(e.key.value)) continue;
      taken.add(e.key.value);
      extra.push(e);
    }
  }
  return [...extra, ...own];
}

function styleOf(type: Scalar['type']): ScalarStyle {
  switch (type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return 'block';
    default:
      return 'plain';
  }
}
