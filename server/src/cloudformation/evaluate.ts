/**
 * Static evaluation of CloudFormation intrinsic functions over the positioned tree.
 *
 * An expression evaluates to a list of alternatives: one per combination of `Fn::If` branches it passes
 * through (both branches are always taken, each tagged with the condition it holds under). A value is
 * known when it is a literal, or a parameter's `Default`, a mapping entry, or a `Fn::Join`/`Fn::Sub`/
 * `Fn::Select`/`Fn::Split`/`Fn::Cidr` of known parts; otherwise it is unknown and says what it depends
 * on ("Parameter AdminCidr", "AWS::Region"). References to resources are unknown values that remember
 * the logical ID (`refTo`), which is how group references are resolved.
 */
import { parseCidr } from '../../../rules/lib/cidr';
import type { ConditionBranch, Origin, TextRange } from '../../../rules/model';
import type { PEntry, PMap, PNode } from '../parse/tree';
import { entryOf, intrinsicName, isMap, isScalar, isSeq } from '../parse/tree';

export type Known = string | number | boolean | null | readonly Known[];

export interface Alt {
  readonly known: boolean;
  readonly value?: Known;
  /** `Ref: AWS::NoValue`: the property is removed. */
  readonly noValue?: boolean;
  readonly origin?: Origin;
  readonly dependsOn?: string;
  /** Logical ID of a resource or parameter this value refers to (`Ref X`, `Fn::GetAtt X.Attr`). */
  readonly refTo?: string;
  /** The attribute for `Fn::GetAtt` references. */
  readonly refAttr?: string;
  /** The value comes from another stack (`Fn::ImportValue`). */
  readonly imported?: boolean;
  /** The name `Fn::ImportValue` imports, when it is known. */
  readonly importName?: string;
  readonly conditions: readonly ConditionBranch[];
}

/** Beyond this many alternatives for one expression, the expression is treated as unknown. */
const MAX_ALTERNATIVES = 32;
const MAX_DEPTH = 64;

export interface ParameterInfo {
  readonly name: string;
  readonly entry: PEntry;
  readonly type?: string;
  readonly defaultNode?: PNode;
}

/** Merges two sets of condition branches; null when they contradict each other. */
export function mergeConditions(
  a: readonly ConditionBranch[],
  b: readonly ConditionBranch[],
): readonly ConditionBranch[] | null {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = [...a];
  for (const c of b) {
    const same = out.find((x) => x.name === c.name);
    if (same) {
      if (same.value !== c.value) return null;
    } else out.push(c);
  }
  return out;
}

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Marks a pseudo parameter inside a name evaluated by `namePatterns` (never in a template's text). */
const PSEUDO_MARK = '\u0000';

/** An export name as written, where pseudo parameters (`${AWS::StackName}`) match any text. */
export interface NamePattern {
  /** The name with pseudo parameters written as `${AWS::StackName}`. */
  readonly name: string;
  /** Whether the name holds a pseudo parameter (then `name` is a pattern, not a literal). */
  readonly wildcard: boolean;
}

export class Evaluator {
  /** While set, pseudo parameters evaluate to marked placeholders (see `namePatterns`). */
  private pseudoPlaceholders = false;

  constructor(
    private readonly uri: string,
    private readonly parameters: ReadonlyMap<string, ParameterInfo>,
    private readonly mappings: PMap | undefined,
    private readonly resourceTypes: ReadonlyMap<string, string>,
  ) {}

  /**
   * The names an `Export.Name` can take: like `evaluate`, but a pseudo parameter (the stack's name, the
   * region) becomes a wildcard, since export names are usually `!Sub '${AWS::StackName}-AppSgId'`.
   */
  namePatterns(node: PNode | undefined): NamePattern[] {
    this.pseudoPlaceholders = true;
    try {
      return this.evaluate(node).flatMap((alt) => {
        if (!alt.known || typeof alt.value !== 'string') return [];
        const parts = alt.value.split(PSEUDO_MARK);
        // Odd positions are the pseudo parameters' names.
        const name = parts.map((p, i) => (i % 2 ? `\${${p}}` : p)).join('');
        return [{ name, wildcard: parts.length > 1 }];
      });
    } finally {
      this.pseudoPlaceholders = false;
    }
  }

  evaluate(node: PNode | undefined, depth = 0): Alt[] {
    if (!node) return [{ known: false, conditions: [] }];
    if (depth > MAX_DEPTH)
      return [{ known: false, dependsOn: 'an expression nested too deeply', conditions: [] }];
    switch (node.kind) {
      case 'scalar':
        return [{ known: true, value: node.value, conditions: [] }];
      case 'invalid':
        return [{ known: false, dependsOn: node.reason, conditions: [] }];
      case 'seq':
        return this.list(node.items, depth);
      case 'map': {
        const fn = intrinsicName(node);
        if (!fn) return [{ known: false, dependsOn: 'a mapping value', conditions: [] }];
        return this.intrinsic(fn, node.entries[0]!.value, depth);
      }
    }
  }

  /**
   * Alternatives for a list: the cross product of its items' alternatives, skipping AWS::NoValue items.
   * A list of one value keeps that value's origin (`[!Ref Cidr]` in a Join or Select).
   */
  private list(items: readonly PNode[], depth: number): Alt[] {
    type Acc = {
      values: Known[];
      origins: (Origin | undefined)[];
      conditions: readonly ConditionBranch[];
      unknown?: Alt;
    };
    let acc: Acc[] = [{ values: [], origins: [], conditions: [] }];
    for (const item of items) {
      const next: Acc[] = [];
      for (const a of acc) {
        for (const alt of this.evaluate(item, depth + 1)) {
          const conditions = mergeConditions(a.conditions, alt.conditions);
          if (!conditions) continue;
          if (alt.noValue) next.push({ ...a, conditions });
          else if (!alt.known) next.push({ ...a, conditions, unknown: a.unknown ?? alt });
          else
            next.push({
              values: [...a.values, alt.value!],
              origins: [...a.origins, alt.origin],
              conditions,
              unknown: a.unknown,
            });
        }
      }
      if (next.length > MAX_ALTERNATIVES)
        return [{ known: false, dependsOn: 'too many condition combinations', conditions: [] }];
      acc = next;
    }
    return acc.map((a): Alt => {
      if (a.unknown) return { known: false, dependsOn: a.unknown.dependsOn, conditions: a.conditions };
      const origin = a.values.length === 1 ? a.origins[0] : undefined;
      return origin
        ? { known: true, value: a.values, origin, conditions: a.conditions }
        : { known: true, value: a.values, conditions: a.conditions };
    });
  }

  private intrinsic(fn: string, arg: PNode, depth: number): Alt[] {
    switch (fn) {
      case 'Ref':
        return this.ref(arg, depth);
      case 'Fn::GetAtt':
        return this.getAtt(arg, depth);
      case 'Fn::If':
        return this.fnIf(arg, depth);
      case 'Fn::Join':
        return this.join(arg, depth);
      case 'Fn::Sub':
        return this.sub(arg, depth);
      case 'Fn::Select':
        return this.select(arg, depth);
      case 'Fn::Split':
        return this.split(arg, depth);
      case 'Fn::FindInMap':
        return this.findInMap(arg, depth);
      case 'Fn::Base64':
        return this.evaluate(arg, depth + 1);
      case 'Fn::Cidr':
        return this.cidr(arg, depth);
      case 'Fn::Length':
        return this.evaluate(arg, depth + 1).map((a) =>
          a.known && Array.isArray(a.value)
            ? { known: true, value: a.value.length, conditions: a.conditions }
            : { ...a, known: false },
        );
      case 'Fn::ImportValue': {
        const names = this.evaluate(arg, depth + 1);
        return names.map((n) =>
          n.known && typeof n.value === 'string'
            ? {
                known: false,
                imported: true,
                importName: n.value,
                dependsOn: `ImportValue ${n.value}`,
                conditions: n.conditions,
              }
            : { known: false, imported: true, dependsOn: 'an imported value', conditions: n.conditions },
        );
      }
      case 'Fn::GetAZs':
        return [{ known: false, dependsOn: 'the Availability Zones of the region', conditions: [] }];
      default:
        return [{ known: false, dependsOn: `${fn} (not evaluated)`, conditions: [] }];
    }
  }

  private ref(arg: PNode, depth: number): Alt[] {
    if (!isScalar(arg) || typeof arg.value !== 'string') {
      return this.evaluate(arg, depth + 1).map((a) => ({
        known: false,
        dependsOn: 'a computed Ref',
        conditions: a.conditions,
      }));
    }
    const name = arg.value;
    if (name === 'AWS::NoValue') return [{ known: false, noValue: true, conditions: [] }];
    if (PSEUDO_PARAMETERS.has(name))
      return this.pseudoPlaceholders
        ? [{ known: true, value: `${PSEUDO_MARK}${name}${PSEUDO_MARK}`, conditions: [] }]
        : [{ known: false, dependsOn: name, conditions: [] }];
    const param = this.parameters.get(name);
    if (param) return [this.parameterValue(param)];
    if (this.resourceTypes.has(name))
      return [{ known: false, refTo: name, dependsOn: `Resource ${name}`, conditions: [] }];
    return [{ known: false, refTo: name, dependsOn: `${name} (not declared)`, conditions: [] }];
  }

  parameterValue(param: ParameterInfo): Alt {
    const d = param.defaultNode;
    if (!d || !isScalar(d) || d.value === null) {
      if (d && isSeq(d)) {
        // A list default written as a YAML/JSON list (accepted for List<…> parameters by some tools).
        const values = d.items.map((i) => (isScalar(i) ? i.value : null));
        return {
          known: true,
          value: values,
          origin: this.origin('parameter-default', param.name, `Parameter ${param.name}'s default`, d),
          refTo: param.name,
          conditions: [],
        };
      }
      return { known: false, refTo: param.name, dependsOn: `Parameter ${param.name}`, conditions: [] };
    }
    const origin = this.origin('parameter-default', param.name, `Parameter ${param.name}'s default`, d);
    const text = String(d.value);
    const isList =
      param.type !== undefined && (param.type === 'CommaDelimitedList' || param.type.startsWith('List<'));
    const value: Known = isList
      ? text.split(',').map((s) => s.trim())
      : param.type === 'Number'
        ? Number(text)
        : text;
    return { known: true, value, origin, refTo: param.name, conditions: [] };
  }

  private origin(kind: Origin['kind'], name: string, describe: string, node: TextRange): Origin {
    return { kind, name, describe, uri: this.uri, range: { start: node.start, end: node.end } };
  }

  private getAtt(arg: PNode, depth: number): Alt[] {
    let target: string | undefined;
    let attr: string | undefined;
    if (isScalar(arg) && typeof arg.value === 'string') {
      const dot = arg.value.indexOf('.');
      target = dot < 0 ? arg.value : arg.value.slice(0, dot);
      attr = dot < 0 ? undefined : arg.value.slice(dot + 1);
    } else if (isSeq(arg) && arg.items.length >= 2) {
      const t = arg.items[0];
      target = isScalar(t) && typeof t.value === 'string' ? t.value : undefined;
      const attrAlts = this.evaluate(arg.items[1], depth + 1);
      const a = attrAlts.length === 1 && attrAlts[0]!.known ? attrAlts[0]!.value : undefined;
      attr = typeof a === 'string' ? a : undefined;
    }
    if (!target) return [{ known: false, dependsOn: 'a Fn::GetAtt', conditions: [] }];
    const described = attr ? `${target}.${attr}` : target;
    return [
      { known: false, refTo: target, refAttr: attr, dependsOn: `Fn::GetAtt ${described}`, conditions: [] },
    ];
  }

  private fnIf(arg: PNode, depth: number): Alt[] {
    if (!isSeq(arg) || arg.items.length !== 3)
      return [{ known: false, dependsOn: 'a malformed Fn::If', conditions: [] }];
    const [cond, a, b] = arg.items as [PNode, PNode, PNode];
    const name = isScalar(cond) && typeof cond.value === 'string' ? cond.value : undefined;
    if (!name) return [{ known: false, dependsOn: 'a malformed Fn::If', conditions: [] }];
    const out: Alt[] = [];
    for (const [branch, value] of [
      [a, true],
      [b, false],
    ] as const) {
      for (const alt of this.evaluate(branch, depth + 1)) {
        const conditions = mergeConditions([{ name, value }], alt.conditions);
        if (conditions) out.push({ ...alt, conditions });
      }
    }
    return out.length > MAX_ALTERNATIVES
      ? [{ known: false, dependsOn: 'too many condition combinations', conditions: [] }]
      : out;
  }

  /** Combines the alternatives of several sub-expressions; `combine` is called only when all are known. */
  private combine(
    parts: readonly Alt[][],
    combine: (values: Known[]) => Known | undefined,
    what: string,
  ): Alt[] {
    let acc: { alts: Alt[]; conditions: readonly ConditionBranch[] }[] = [{ alts: [], conditions: [] }];
    for (const options of parts) {
      const next: typeof acc = [];
      for (const a of acc) {
        for (const o of options) {
          const conditions = mergeConditions(a.conditions, o.conditions);
          if (conditions) next.push({ alts: [...a.alts, o], conditions });
        }
      }
      if (next.length > MAX_ALTERNATIVES)
        return [{ known: false, dependsOn: 'too many condition combinations', conditions: [] }];
      acc = next;
    }
    return acc.map(({ alts, conditions }) => {
      const unknown = alts.find((x) => !x.known);
      if (unknown)
        return { known: false, dependsOn: unknown.dependsOn, imported: unknown.imported, conditions };
      const value = combine(alts.map((x) => x.value!));
      if (value === undefined) return { known: false, dependsOn: `a malformed ${what}`, conditions };
      // A value that passes through unchanged keeps its origin (`!Join ['', [!Ref Cidr]]`).
      const origins = alts.filter((x) => x.origin);
      const origin = origins.length === 1 && origins[0]!.value === value ? origins[0]!.origin : undefined;
      return origin ? { known: true, value, origin, conditions } : { known: true, value, conditions };
    });
  }

  private join(arg: PNode, depth: number): Alt[] {
    if (!isSeq(arg) || arg.items.length !== 2)
      return [{ known: false, dependsOn: 'a malformed Fn::Join', conditions: [] }];
    const delim = this.evaluate(arg.items[0], depth + 1);
    const list = this.evaluate(arg.items[1], depth + 1);
    return this.combine(
      [delim, list],
      ([d, l]) =>
        typeof d === 'string' && Array.isArray(l) && l.every((x) => typeof x !== 'object' || x === null)
          ? l.map((x) => (x === null ? '' : String(x))).join(d)
          : undefined,
      'Fn::Join',
    ).map((a) => this.passOrigin(a, list));
  }

  /** `Fn::Join ['', [X]]` of a single known value keeps X's origin so fixes can edit the source. */
  private passOrigin(a: Alt, list: Alt[]): Alt {
    if (a.origin || !a.known) return a;
    const only = list.length === 1 ? list[0] : undefined;
    if (
      only?.known &&
      Array.isArray(only.value) &&
      only.value.length === 1 &&
      only.value[0] === a.value &&
      only.origin
    ) {
      return { ...a, origin: only.origin };
    }
    return a;
  }

  private sub(arg: PNode, depth: number): Alt[] {
    let templateNode: PNode | undefined = arg;
    let vars: PMap | undefined;
    if (isSeq(arg)) {
      templateNode = arg.items[0];
      vars = isMap(arg.items[1]) ? arg.items[1] : undefined;
    }
    if (!isScalar(templateNode) || typeof templateNode.value !== 'string') {
      return [{ known: false, dependsOn: 'a malformed Fn::Sub', conditions: [] }];
    }
    const template = templateNode.value;
    const pieces: (string | Alt[])[] = [];
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    let single: Alt[] | undefined;
    for (let m = re.exec(template); m; m = re.exec(template)) {
      pieces.push(template.slice(last, m.index));
      last = m.index + m[0].length;
      const name = m[1]!.trim();
      if (name.startsWith('!')) {
        pieces.push(`\${${name.slice(1)}}`);
        continue;
      }
      let alts: Alt[];
      const v = vars ? entryOf(vars, name) : undefined;
      if (v) alts = this.evaluate(v.value, depth + 1);
      else if (name.includes('.')) {
        const dot = name.indexOf('.');
        alts = [
          {
            known: false,
            refTo: name.slice(0, dot),
            refAttr: name.slice(dot + 1),
            dependsOn: `Fn::GetAtt ${name}`,
            conditions: [],
          },
        ];
      } else alts = this.ref({ kind: 'scalar', value: name, style: 'plain', start: 0, end: 0 }, depth + 1);
      if (m.index === 0 && m[0].length === template.length) single = alts;
      pieces.push(alts);
    }
    pieces.push(template.slice(last));
    // `!Sub '${AdminCidr}'` is the parameter itself: keep its origin and references.
    if (single) return single;
    const parts: Alt[][] = pieces.map((p) =>
      typeof p === 'string' ? [{ known: true, value: p, conditions: [] }] : p,
    );
    return this.combine(
      parts,
      (vals) =>
        vals.every((v) => typeof v !== 'object' || v === null)
          ? vals.map((v) => (v === null ? '' : String(v))).join('')
          : undefined,
      'Fn::Sub',
    );
  }

  private select(arg: PNode, depth: number): Alt[] {
    if (!isSeq(arg) || arg.items.length !== 2)
      return [{ known: false, dependsOn: 'a malformed Fn::Select', conditions: [] }];
    const index = this.evaluate(arg.items[0], depth + 1);
    const list = this.evaluate(arg.items[1], depth + 1);
    const out: Alt[] = [];
    for (const i of index) {
      for (const l of list) {
        const conditions = mergeConditions(i.conditions, l.conditions);
        if (!conditions) continue;
        if (!i.known || !l.known) {
          out.push({ known: false, dependsOn: (!i.known ? i : l).dependsOn, conditions });
          continue;
        }
        const n = Number(i.value);
        const items = Array.isArray(l.value) ? (l.value as readonly Known[]) : undefined;
        if (!items || !Number.isInteger(n) || n < 0 || n >= items.length) {
          out.push({ known: false, dependsOn: 'a Fn::Select index outside its list', conditions });
          continue;
        }
        // Selecting out of a parameter's list default keeps the parameter as the origin.
        out.push(
          l.origin
            ? { known: true, value: items[n]!, origin: l.origin, conditions }
            : { known: true, value: items[n]!, conditions },
        );
      }
    }
    return out;
  }

  private split(arg: PNode, depth: number): Alt[] {
    if (!isSeq(arg) || arg.items.length !== 2)
      return [{ known: false, dependsOn: 'a malformed Fn::Split', conditions: [] }];
    const delim = this.evaluate(arg.items[0], depth + 1);
    const source = this.evaluate(arg.items[1], depth + 1);
    return this.combine(
      [delim, source],
      ([d, s]) => (typeof d === 'string' && d.length > 0 && typeof s === 'string' ? s.split(d) : undefined),
      'Fn::Split',
    ).map((a) => {
      const src = source.length === 1 ? source[0] : undefined;
      return src?.origin && a.known ? { ...a, origin: src.origin } : a;
    });
  }

  private findInMap(arg: PNode, depth: number): Alt[] {
    if (!isSeq(arg) || arg.items.length < 3)
      return [{ known: false, dependsOn: 'a malformed Fn::FindInMap', conditions: [] }];
    const keys = arg.items.slice(0, 3).map((k) => this.evaluate(k, depth + 1));
    const defaultNode = isMap(arg.items[3]) ? entryOf(arg.items[3], 'DefaultValue')?.value : undefined;
    const out: Alt[] = [];
    const combos = this.combine(
      keys,
      (vals) =>
        vals.every((v) => typeof v === 'string' || typeof v === 'number') ? vals.map(String) : undefined,
      'Fn::FindInMap',
    );
    for (const combo of combos) {
      if (!combo.known) {
        out.push({
          known: false,
          dependsOn: combo.dependsOn ? `a mapping key from ${combo.dependsOn}` : 'a mapping key',
          conditions: combo.conditions,
        });
        continue;
      }
      const [mapName, top, second] = combo.value as string[];
      const mapNode = this.mappings ? entryOf(this.mappings, mapName!)?.value : undefined;
      const topNode = isMap(mapNode) ? entryOf(mapNode, top!)?.value : undefined;
      const valueEntry = isMap(topNode) ? entryOf(topNode, second!) : undefined;
      if (!valueEntry) {
        if (defaultNode) {
          for (const d of this.evaluate(defaultNode, depth + 1)) {
            const conditions = mergeConditions(combo.conditions, d.conditions);
            if (conditions) out.push({ ...d, conditions });
          }
        } else
          out.push({
            known: false,
            dependsOn: `Mapping ${mapName}.${top}.${second} (not declared)`,
            conditions: combo.conditions,
          });
        continue;
      }
      const path = `${mapName}.${top}.${second}`;
      for (const v of this.evaluate(valueEntry.value, depth + 1)) {
        const conditions = mergeConditions(combo.conditions, v.conditions);
        if (!conditions) continue;
        out.push(
          v.known
            ? { ...v, conditions, origin: this.origin('mapping', path, `Mapping ${path}`, valueEntry.value) }
            : { ...v, conditions },
        );
      }
    }
    return out;
  }

  private cidr(arg: PNode, depth: number): Alt[] {
    if (!isSeq(arg) || arg.items.length !== 3)
      return [{ known: false, dependsOn: 'a malformed Fn::Cidr', conditions: [] }];
    const parts = arg.items.map((i) => this.evaluate(i, depth + 1));
    return this.combine(
      parts,
      ([block, count, bits]) => {
        if (typeof block !== 'string') return undefined;
        const p = parseCidr(block);
        const n = Number(count);
        const b = Number(bits);
        if (!p.ok || !Number.isInteger(n) || !Number.isInteger(b) || n < 1 || n > 256 || b < 1)
          return undefined;
        const total = p.cidr.family === 4 ? 32 : 128;
        const prefix = total - b;
        if (prefix < p.cidr.prefix) return undefined;
        const out: string[] = [];
        const step = 1n << BigInt(b);
        for (let i = 0; i < n; i++) {
          const first = p.cidr.first + BigInt(i) * step;
          if (first > p.cidr.last) return undefined;
          out.push(`${formatAddress(first, p.cidr.family)}/${prefix}`);
        }
        return out;
      },
      'Fn::Cidr',
    );
  }
}

function formatAddress(n: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16));
  const full = groups.join(':');
  const p = parseCidr(`${full}/128`);
  return p.ok ? p.cidr.canonical.slice(0, -4) : full;
}

/** A condition's value when every parameter keeps its default: true, false, or unknown. */
export interface ConditionAtDefaults {
  readonly value: boolean | undefined;
  /** Parameters the condition reads (directly or through other conditions). */
  readonly parameters: ReadonlySet<string>;
}

/**
 * Evaluates the template's `Conditions` with parameter defaults. Used to drop the combination "this
 * parameter keeps its default" for values that only exist under a condition the default contradicts —
 * e.g. `Default: disabled` with `HasCidr: !Not [!Equals [!Ref Cidr, disabled]]`: a rule under HasCidr
 * never sees the default, so its CIDR is unknown, not "disabled".
 */
export class ConditionEvaluator {
  private readonly cache = new Map<string, ConditionAtDefaults>();
  private readonly active = new Set<string>();

  constructor(
    private readonly conditions: PMap | undefined,
    private readonly evaluator: Evaluator,
    private readonly parameters: ReadonlyMap<string, ParameterInfo>,
  ) {}

  get(name: string): ConditionAtDefaults {
    const hit = this.cache.get(name);
    if (hit) return hit;
    if (this.active.has(name) || !this.conditions) return { value: undefined, parameters: new Set() };
    const entry = entryOf(this.conditions, name);
    if (!entry) return { value: undefined, parameters: new Set() };
    this.active.add(name);
    const params = new Set<string>();
    const value = this.expr(entry.value, params, 0);
    this.active.delete(name);
    const result = { value, parameters: params };
    this.cache.set(name, result);
    return result;
  }

  private expr(node: PNode | undefined, params: Set<string>, depth: number): boolean | undefined {
    if (!node || depth > 32) return undefined;
    if (isScalar(node))
      return typeof node.value === 'boolean'
        ? node.value
        : node.value === 'true'
          ? true
          : node.value === 'false'
            ? false
            : undefined;
    const fn = intrinsicName(node);
    if (!fn) return undefined;
    const arg = (node as PMap).entries[0]!.value;
    const items = isSeq(arg) ? arg.items : [];
    switch (fn) {
      case 'Condition': {
        if (!isScalar(arg) || typeof arg.value !== 'string') return undefined;
        const c = this.get(arg.value);
        for (const p of c.parameters) params.add(p);
        return c.value;
      }
      case 'Fn::Not': {
        const v = this.expr(items[0], params, depth + 1);
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const vals = items.map((i) => this.expr(i, params, depth + 1));
        if (fn === 'Fn::And')
          return vals.includes(false) ? false : vals.every((v) => v === true) ? true : undefined;
        return vals.includes(true) ? true : vals.every((v) => v === false) ? false : undefined;
      }
      case 'Fn::Equals': {
        if (items.length !== 2) return undefined;
        const sides = items.map((i) => {
          this.collectParams(i, params, 0);
          const alts = this.evaluator.evaluate(i);
          return alts.length === 1 && alts[0]!.known ? alts[0]!.value : undefined;
        });
        if (sides[0] === undefined || sides[1] === undefined) return undefined;
        const norm = (v: Known | undefined): string =>
          typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
        return norm(sides[0]) === norm(sides[1]);
      }
      default:
        return undefined;
    }
  }

  private collectParams(node: PNode | undefined, params: Set<string>, depth: number): void {
    if (!node || depth > 32) return;
    if (isMap(node)) {
      const fn = intrinsicName(node);
      const arg = node.entries[0]?.value;
      if (fn === 'Ref' && isScalar(arg) && typeof arg.value === 'string' && this.parameters.has(arg.value))
        params.add(arg.value);
      for (const e of node.entries) this.collectParams(e.value, params, depth + 1);
    } else if (isSeq(node)) for (const i of node.items) this.collectParams(i, params, depth + 1);
  }
}
