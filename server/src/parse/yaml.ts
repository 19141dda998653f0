/**
 * CloudFormation YAML into the positioned tree, with `yaml` v2. Every short-form intrinsic is a
 * registered custom tag in its scalar, sequence and map forms, so no tag produces a warning; the
 * document is walked once and each node keeps its offsets. YAML aliases are not expanded:
 * CloudFormation rejects them, and not expanding them is also what keeps an alias bomb harmless.
 */
import { Alias, isAlias, isMap as isYamlMap, isPair, isScalar as isYamlScalar, isSeq as isYamlSeq, parseDocument, Scalar } from 'yaml';
import type { Node as YamlNode, ParsedNode, Tags } from 'yaml';
import type { PEntry, PNode, PScalar, ParsedTree, ScalarStyle, SyntaxError } from './tree';

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
  uniqueKeys: true,
  // Guards expansion in any toJS() call; the walk below never expands aliases.
  maxAliasCount: 100,
  prettyErrors: false,
};

/** Nesting beyond this is reported rather than walked, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 2000;

function cleanMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

export function parseYaml(text: string): ParsedTree {
  const errors: SyntaxError[] = [];
  let doc;
  try {
    doc = parseDocument(text, YAML_OPTIONS);
  } catch (e) {
    // yaml itself reports stack exhaustion as an error; anything else it throws is caught here.
    errors.push({ message: `could not parse YAML: ${(e as Error).message}`, range: { start: 0, end: Math.min(text.length, 1) } });
    return { root: undefined, errors };
  }
  for (const e of [...doc.errors, ...doc.warnings]) {
    const [start, end] = e.pos;
    errors.push({ message: cleanMessage(e.message), range: { start, end: Math.max(end, start) } });
  }
  const walker = new Walker(text, errors);
  let root: PNode | undefined;
  try {
    root = doc.contents ? walker.node(doc.contents as ParsedNode, 0, 0) : undefined;
  } catch (e) {
    errors.push({ message: `could not read YAML: ${(e as Error).message}`, range: { start: 0, end: Math.min(text.length, 1) } });
  }
  return { root, errors };
}

class Walker {
  constructor(
    private readonly text: string,
    private readonly errors: SyntaxError[],
  ) {}

  node(n: YamlNode, depth: number, lowerBound: number): PNode {
    const range = n.range ?? [lowerBound, lowerBound, lowerBound];
    const start = range[0];
    const end = range[1];
    if (depth > MAX_DEPTH) {
      this.errors.push({ message: `nesting deeper than ${MAX_DEPTH} levels`, range: { start, end } });
      return { kind: 'invalid', reason: 'nested too deeply', start, end };
    }
    if (isAlias(n)) return this.alias(n, start, end);
    const tag = n.tag;
    const longForm = tag ? INTRINSIC_TAGS.get(tag) : undefined;
    const inner = this.plain(n, depth, start, end);
    if (!longForm) return inner;
    // Locate the tag text just before the value so the key's range spans `!Ref` itself.
    const tagStart = this.tagStart(tag!, start, lowerBound);
    const keyRange = { start: tagStart, end: tagStart + tag!.length };
    const key: PScalar = { kind: 'scalar', value: longForm, style: 'plain', ...keyRange };
    const entry: PEntry = { key, value: inner, start: tagStart, end };
    return { kind: 'map', entries: [entry], shortTag: tag!, flow: true, start: tagStart, end };
  }

  private tagStart(tag: string, valueStart: number, lowerBound: number): number {
    const at = this.text.lastIndexOf(tag, valueStart);
    if (at >= lowerBound && at >= 0 && /^\s*$/.test(this.text.slice(at + tag.length, valueStart))) return at;
    return valueStart;
  }

  private alias(n: Alias, start: number, end: number): PNode {
    this.errors.push({
      message: `CloudFormation does not accept YAML aliases (*${n.source}); write the value out`,
      range: { start, end },
    });
    return { kind: 'invalid', reason: `YAML alias *${n.source}`, start, end };
  }

  private plain(n: YamlNode, depth: number, start: number, end: number): PNode {
    if (isYamlScalar(n)) return this.scalar(n, start, end);
    if (isYamlMap(n)) {
      const entries: PEntry[] = [];
      let bound = start;
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = item.key as YamlNode | null;
        let key: PScalar;
        if (k && isYamlScalar(k)) {
          const r = k.range ?? [bound, bound, bound];
          key = this.scalar(k, r[0], r[1]);
        } else if (k === null) {
          key = { kind: 'scalar', value: '', style: 'plain', start: bound, end: bound };
        } else {
          const r = (k as YamlNode).range ?? [bound, bound, bound];
          this.errors.push({ message: 'CloudFormation keys must be plain strings', range: { start: r[0], end: r[1] } });
          continue;
        }
        const v = item.value as YamlNode | null;
        const value: PNode = v
          ? this.node(v, depth + 1, key.end)
          : { kind: 'scalar', value: null, style: 'plain', start: key.end, end: key.end };
        entries.push({ key, value, start: key.start, end: Math.max(value.end, key.end) });
        bound = Math.max(value.end, key.end);
      }
      return { kind: 'map', entries, flow: !!n.flow, start, end };
    }
    if (isYamlSeq(n)) {
      const items: PNode[] = [];
      let bound = start;
      for (const item of n.items) {
        if (item === null || item === undefined) {
          items.push({ kind: 'scalar', value: null, style: 'plain', start: bound, end: bound });
          continue;
        }
        const child = this.node(item as YamlNode, depth + 1, bound);
        items.push(child);
        bound = child.end;
      }
      return { kind: 'seq', items, flow: !!n.flow, start, end };
    }
    return { kind: 'invalid', reason: 'unsupported YAML node', start, end };
  }

  private scalar(n: Scalar, start: number, end: number): PScalar {
    const v = n.value;
    const value = v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : String(v);
    return { kind: 'scalar', value, style: styleOf(n.type), start, end };
  }
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
