/**
 * Static evaluation of Terraform expressions: literals, lists and objects, `var.*` (default, then
 * tfvars, then a caller's literal argument), `local.*`, string templates of known parts, `concat`,
 * `toset`/`tolist`, index and attribute access on known values, and iterators of `dynamic` blocks and
 * `for_each`. Anything else is unknown and says what it depends on. References to resources are
 * unknown values that remember the address, which is how group references are resolved.
 *
 * Every leaf keeps the file and range it is written at and, when it was written somewhere other than
 * where it is used (a variable default, a tfvars entry, a local, a module argument), an origin that
 * says so, so that findings show both places and fixes edit the right one.
 */
import type { Origin, TextRange } from '../../../rules/model';
import type { HclExpr, HclFile, HclStep } from './hcl';
import type { TfModule } from './module';

interface Where {
  readonly uri: string;
  readonly range: TextRange;
}

export type TfVal =
  | (Where & {
      readonly kind: 'scalar';
      readonly value: string | number | boolean | null;
      readonly origin?: Origin;
    })
  | (Where & { readonly kind: 'list'; readonly items: readonly TfVal[]; readonly origin?: Origin })
  | (Where & { readonly kind: 'map'; readonly entries: ReadonlyMap<string, TfVal>; readonly origin?: Origin })
  | (Where & {
      readonly kind: 'unknown';
      readonly dependsOn?: string;
      /** Evaluation failed (a missing key, an index out of range): `try()` moves on to its next argument. */
      readonly error?: boolean;
      /**
       * A reference to a resource, data source or module: its address, the attribute read, and the module
       * it is written in (a caller's argument names the caller's resources).
       */
      readonly ref?: {
        readonly address: string;
        readonly attr?: string;
        readonly module: TfModule;
        /** The count/for_each instance named, as the adapter writes it: `[0]`, `["prod"]`. */
        readonly instance?: string;
      };
    });

/** What a literal written here should remember as its origin (set while evaluating a variable, a local…). */
interface OriginTag {
  readonly kind: Origin['kind'];
  readonly name: string;
  readonly describe: string;
}

export interface Scope {
  readonly module: TfModule;
  readonly file: HclFile;
  /** Iterators in scope: a dynamic block's (`ingress.value`), `each`, `count`. */
  readonly iterators?: ReadonlyMap<string, TfVal>;
  readonly tag?: OriginTag;
}

const MAX_DEPTH = 64;

export class TfEvaluator {
  private readonly active = new Set<string>();
  /**
   * Variables and locals already evaluated, per module: every use of `var.x` reads the same value, so a
   * module that uses a local in a thousand rules evaluates it once.
   */
  private readonly memo = new WeakMap<TfModule, Map<string, TfVal>>();
  /**
   * How many results so far depended on how their evaluation was entered (a cycle, the depth limit):
   * a value whose evaluation met one is not memoized, as another use could see it differently.
   */
  private contextual = 0;

  evaluate(expr: HclExpr, scope: Scope, depth = 0): TfVal {
    const at: Where = { uri: scope.file.uri, range: { start: expr.start, end: expr.end } };
    if (depth > MAX_DEPTH) {
      this.contextual++;
      return { kind: 'unknown', dependsOn: 'an expression nested too deeply', ...at };
    }
    switch (expr.kind) {
      case 'literal':
        return { kind: 'scalar', value: expr.value, ...at, ...this.originOf(scope, at) };
      case 'template': {
        // "${var.x}" is var.x itself: keep its origin and type.
        const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
        if (only && only.kind !== 'text') return this.evaluate(only, scope, depth + 1);
        let out = '';
        for (const p of expr.parts) {
          if (p.kind === 'text') {
            out += p.value;
            continue;
          }
          const v = this.evaluate(p, scope, depth + 1);
          if (v.kind !== 'scalar')
            return v.kind === 'unknown'
              ? { kind: 'unknown', dependsOn: v.dependsOn, ...(v.error ? { error: true } : {}), ...at }
              : { kind: 'unknown', dependsOn: 'a collection in a string', error: true, ...at };
          out += v.value === null ? '' : String(v.value);
        }
        return { kind: 'scalar', value: out, ...at, ...this.originOf(scope, at) };
      }
      case 'tuple':
        return { kind: 'list', items: expr.items.map((i) => this.evaluate(i, scope, depth + 1)), ...at };
      case 'object': {
        const entries = new Map<string, TfVal>();
        for (const e of expr.elems) {
          const key = this.objectKey(e.key, scope, depth);
          if (key === undefined)
            return { kind: 'unknown', dependsOn: 'an object with a computed key', ...at };
          entries.set(key, this.evaluate(e.value, scope, depth + 1));
        }
        return { kind: 'map', entries, ...at };
      }
      case 'traversal':
        return this.traversal(expr, scope, depth, at);
      case 'access': {
        const base = this.evaluate(expr.base, scope, depth + 1);
        return this.applySteps(base, expr.steps, scope, depth, at);
      }
      case 'call':
        return this.call(expr, scope, depth, at);
      case 'conditional': {
        const cond = this.evaluate(expr.cond, scope, depth + 1);
        const choice = cond.kind === 'scalar' ? toBool(cond.value) : undefined;
        if (choice !== undefined) return this.evaluate(choice ? expr.then : expr.else, scope, depth + 1);
        return {
          kind: 'unknown',
          dependsOn: cond.kind === 'unknown' && cond.dependsOn ? cond.dependsOn : 'a condition',
          // A condition that is not a boolean is an error (try() moves on); an unknown one is not.
          ...((cond.kind === 'unknown' && cond.error) || cond.kind !== 'unknown' ? { error: true } : {}),
          ...at,
        };
      }
      case 'binary':
        return this.binary(expr, scope, depth, at);
      case 'unary': {
        const v = this.evaluate(expr.operand, scope, depth + 1);
        if (v.kind !== 'scalar')
          return v.kind === 'unknown'
            ? { kind: 'unknown', dependsOn: v.dependsOn, ...(v.error ? { error: true } : {}), ...at }
            : { kind: 'unknown', dependsOn: 'an operation on a collection', error: true, ...at };
        if (expr.op === '!' && typeof v.value === 'boolean')
          return { kind: 'scalar', value: !v.value, ...at };
        if (expr.op === '-' && typeof v.value === 'number') return { kind: 'scalar', value: -v.value, ...at };
        return { kind: 'unknown', dependsOn: `${expr.op} of a ${typeof v.value}`, error: true, ...at };
      }
      case 'other':
        return { kind: 'unknown', dependsOn: expr.what, ...at };
    }
  }

  private binary(expr: Extract<HclExpr, { kind: 'binary' }>, scope: Scope, depth: number, at: Where): TfVal {
    const l = this.evaluate(expr.left, scope, depth + 1);
    // && and || decide on their left side alone when they can (`local.create ? … : 0` with create false).
    if (expr.op === '&&' && l.kind === 'scalar' && l.value === false)
      return { kind: 'scalar', value: false, ...at };
    if (expr.op === '||' && l.kind === 'scalar' && l.value === true)
      return { kind: 'scalar', value: true, ...at };
    const r = this.evaluate(expr.right, scope, depth + 1);
    // …and on their right side when the left one is unknown: `var.x && false` is false whatever x is.
    if (l.kind === 'unknown' && !l.error && r.kind === 'scalar') {
      if (expr.op === '&&' && r.value === false) return { kind: 'scalar', value: false, ...at };
      if (expr.op === '||' && r.value === true) return { kind: 'scalar', value: true, ...at };
    }
    if (l.kind === 'unknown' || r.kind === 'unknown') {
      const u = (l.kind === 'unknown' ? l : r) as Extract<TfVal, { kind: 'unknown' }>;
      return { kind: 'unknown', dependsOn: u.dependsOn, ...(u.error ? { error: true } : {}), ...at };
    }
    if (expr.op === '==' || expr.op === '!=') {
      const same = JSON.stringify(plain(l)) === JSON.stringify(plain(r));
      return { kind: 'scalar', value: expr.op === '==' ? same : !same, ...at };
    }
    if (l.kind !== 'scalar' || r.kind !== 'scalar')
      return { kind: 'unknown', dependsOn: `${expr.op} on a collection`, error: true, ...at };
    const a = l.value;
    const b = r.value;
    if (expr.op === '&&' || expr.op === '||') {
      if (typeof a !== 'boolean' || typeof b !== 'boolean')
        return { kind: 'unknown', dependsOn: `${expr.op} of non-booleans`, error: true, ...at };
      return { kind: 'scalar', value: expr.op === '&&' ? a && b : a || b, ...at };
    }
    const x = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : Number.NaN;
    const y = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : Number.NaN;
    if (Number.isNaN(x) || Number.isNaN(y))
      return { kind: 'unknown', dependsOn: `${expr.op} of non-numbers`, error: true, ...at };
    if ((expr.op === '/' || expr.op === '%') && y === 0)
      return { kind: 'unknown', dependsOn: 'a division by zero', error: true, ...at };
    const value =
      expr.op === '+'
        ? x + y
        : expr.op === '-'
          ? x - y
          : expr.op === '*'
            ? x * y
            : expr.op === '/'
              ? x / y
              : expr.op === '%'
                ? x % y
                : expr.op === '<'
                  ? x < y
                  : expr.op === '>'
                    ? x > y
                    : expr.op === '<='
                      ? x <= y
                      : expr.op === '>='
                        ? x >= y
                        : undefined;
    return value === undefined
      ? { kind: 'unknown', dependsOn: `the operator ${expr.op}`, ...at }
      : { kind: 'scalar', value, ...at };
  }

  private originOf(scope: Scope, at: Where): { origin?: Origin } {
    const t = scope.tag;
    return t
      ? { origin: { kind: t.kind, name: t.name, describe: t.describe, uri: at.uri, range: at.range } }
      : {};
  }

  private objectKey(key: HclExpr, scope: Scope, depth: number): string | undefined {
    // `{ Name = "x" }`: a bare name is the key itself, not a variable.
    if (key.kind === 'traversal' && key.steps.length === 0) return key.root;
    const v = this.evaluate(key, scope, depth + 1);
    return v.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
  }

  private traversal(
    expr: Extract<HclExpr, { kind: 'traversal' }>,
    scope: Scope,
    depth: number,
    at: Where,
  ): TfVal {
    const { root, steps } = expr;
    const it = scope.iterators?.get(root);
    if (it) return this.applySteps(it, steps, scope, depth, at);
    const first = steps[0];
    const name = first?.kind === 'attr' ? first.name : undefined;
    if (root === 'var' && name)
      return this.applySteps(this.variable(name, scope, depth, at), steps.slice(1), scope, depth, at);
    if (root === 'local' && name)
      return this.applySteps(this.local(name, scope, depth, at), steps.slice(1), scope, depth, at);
    if (root === 'each' || root === 'count' || root === 'self')
      return { kind: 'unknown', dependsOn: `${root}.${name ?? ''}`.replace(/\.$/, ''), ...at };
    if (root === 'path' || root === 'terraform')
      return { kind: 'unknown', dependsOn: `${root}.${name ?? ''}`, ...at };
    if (root === 'data' || root === 'module') {
      const second = steps[1];
      const address =
        root === 'data'
          ? name && second?.kind === 'attr'
            ? `data.${name}.${second.name}`
            : undefined
          : name
            ? `module.${name}`
            : undefined;
      const attrStep = root === 'data' ? steps[2] : steps[1];
      const attr = attrStep?.kind === 'attr' ? attrStep.name : undefined;
      return {
        kind: 'unknown',
        dependsOn: address ?? root,
        ...(address ? { ref: { address, ...(attr ? { attr } : {}), module: scope.module } } : {}),
        ...at,
      };
    }
    // A resource reference: `aws_security_group.web.id` (steps may index a count/for_each instance).
    if (name) {
      const address = `${root}.${name}`;
      // The attribute path read, `vpc_config.cluster_security_group_id`: a nested attribute can be a group.
      const path = steps.slice(1).flatMap((s) => (s.kind === 'attr' ? [s.name] : []));
      const attr = path.length ? path.join('.') : undefined;
      const instance = this.instanceKey(steps[1], scope, depth);
      return {
        kind: 'unknown',
        dependsOn: address,
        ref: { address, ...(attr ? { attr } : {}), module: scope.module, ...(instance ? { instance } : {}) },
        ...at,
      };
    }
    return { kind: 'unknown', dependsOn: root, ...at };
  }

  /** `aws_security_group.web[0]` → `[0]`, `…["prod"]` → `["prod"]`; undefined when not indexed or unknown. */
  private instanceKey(step: HclStep | undefined, scope: Scope, depth: number): string | undefined {
    if (step?.kind !== 'index') return undefined;
    const v = this.evaluate(step.index, scope, depth + 1);
    if (v.kind !== 'scalar') return undefined;
    if (typeof v.value === 'number') return `[${v.value}]`;
    return typeof v.value === 'string' ? `["${v.value}"]` : undefined;
  }

  private variable(name: string, scope: Scope, depth: number, at: Where): TfVal {
    const { module } = scope;
    const value = module.values.get(name);
    if (!value) {
      return {
        kind: 'unknown',
        dependsOn: module.variables.has(name) ? `var.${name}` : `var.${name} (not declared)`,
        ...at,
      };
    }
    return (
      this.memoized(module, `var:${name}`, () => {
        // A caller's argument is evaluated in the caller's module; defaults and tfvars see no variables.
        const evalModule = value.caller ?? module;
        return this.evaluate(
          value.expr,
          { module: evalModule, file: value.file, tag: { kind: value.kind, name, describe: value.describe } },
          depth + 1,
        );
      }) ?? { kind: 'unknown', dependsOn: `var.${name} (cycle)`, ...at }
    );
  }

  private local(name: string, scope: Scope, depth: number, at: Where): TfVal {
    const local = scope.module.locals.get(name);
    if (!local) return { kind: 'unknown', dependsOn: `local.${name} (not declared)`, ...at };
    return (
      this.memoized(scope.module, `local:${name}`, () =>
        this.evaluate(
          local.attr.expr,
          { module: scope.module, file: local.file, tag: { kind: 'local', name, describe: `local ${name}` } },
          depth + 1,
        ),
      ) ?? { kind: 'unknown', dependsOn: `local.${name} (cycle)`, ...at }
    );
  }

  /** The value of a variable or local of a module, evaluated once; undefined when it refers to itself. */
  private memoized(module: TfModule, key: string, evaluate: () => TfVal): TfVal | undefined {
    let values = this.memo.get(module);
    if (!values) this.memo.set(module, (values = new Map<string, TfVal>()));
    const known = values.get(key);
    if (known) return known;
    const activeKey = `${module.dirUri}:${key}`;
    if (this.active.has(activeKey)) {
      this.contextual++;
      return undefined;
    }
    this.active.add(activeKey);
    const before = this.contextual;
    try {
      const v = evaluate();
      if (this.contextual === before) values.set(key, v);
      return v;
    } finally {
      this.active.delete(activeKey);
    }
  }

  private applySteps(value: TfVal, steps: readonly HclStep[], scope: Scope, depth: number, at: Where): TfVal {
    let v = value;
    for (const [i, s] of steps.entries()) {
      if (v.kind === 'unknown') return v.ref ? v : { ...v, uri: at.uri, range: at.range };
      if (s.kind === 'splat') {
        // `list[*].port`: the rest of the steps on every element; a single value is a list of one, null none.
        const rest = steps.slice(i + 1);
        const items = v.kind === 'list' ? v.items : v.kind === 'scalar' && v.value === null ? [] : [v];
        return {
          kind: 'list',
          items: items.map((item) => this.applySteps(item, rest, scope, depth, at)),
          ...at,
        };
      }
      let key: string | number | undefined;
      if (s.kind === 'attr') key = s.name;
      else {
        const idx = this.evaluate(s.index, scope, depth + 1);
        if (idx.kind === 'unknown')
          return { kind: 'unknown', dependsOn: idx.dependsOn, ...(idx.error ? { error: true } : {}), ...at };
        key =
          idx.kind === 'scalar' && (typeof idx.value === 'number' || typeof idx.value === 'string')
            ? idx.value
            : undefined;
      }
      if (key === undefined)
        return { kind: 'unknown', dependsOn: 'an index that is not a number or string', error: true, ...at };
      if (v.kind === 'list' && typeof key === 'number') {
        const item = v.items[key];
        if (!item) return { kind: 'unknown', dependsOn: `an index outside the list`, error: true, ...at };
        v = item;
      } else if (v.kind === 'map') {
        const item = v.entries.get(String(key));
        if (!item)
          return { kind: 'unknown', dependsOn: `a missing key "${String(key)}"`, error: true, ...at };
        v = item;
      } else if (v.kind === 'list' && typeof key === 'string' && /^\d+$/.test(key)) {
        const item = v.items[Number(key)];
        if (!item) return { kind: 'unknown', dependsOn: `an index outside the list`, error: true, ...at };
        v = item;
      } else
        return { kind: 'unknown', dependsOn: 'an attribute of a value that has none', error: true, ...at };
    }
    return v;
  }

  private call(expr: Extract<HclExpr, { kind: 'call' }>, scope: Scope, depth: number, at: Where): TfVal {
    // try(a, b, …): the first argument that evaluates without an error (arguments are evaluated in turn).
    if (expr.name === 'try' || expr.name === 'can') {
      for (const arg of expr.args) {
        const v = this.evaluate(arg, scope, depth + 1);
        if (hasError(v)) continue;
        if (expr.name === 'can')
          return v.kind === 'unknown'
            ? { kind: 'unknown', dependsOn: v.dependsOn, ...at }
            : { kind: 'scalar', value: true, ...at };
        return v;
      }
      return expr.name === 'can'
        ? { kind: 'scalar', value: false, ...at }
        : { kind: 'unknown', dependsOn: 'try() with no argument that works', error: true, ...at };
    }
    const args = expr.args.map((a) => this.evaluate(a, scope, depth + 1));
    const unknown = args.find((a): a is Extract<TfVal, { kind: 'unknown' }> => a.kind === 'unknown');
    const fail = (why: string): TfVal => ({ kind: 'unknown', dependsOn: why, error: true, ...at });
    const lists = (): TfVal[][] | undefined =>
      args.every((x) => x.kind === 'list')
        ? args.map((x) => (x.kind === 'list' ? [...x.items] : []))
        : undefined;
    // coalesce and lookup can decide with some arguments unknown; the others need every argument.
    switch (expr.name) {
      case 'coalesce':
        for (const v of args) {
          if (v.kind === 'unknown') return { kind: 'unknown', dependsOn: v.dependsOn, ...at };
          if (v.kind === 'scalar' && v.value !== null && v.value !== '') return v;
        }
        return fail('coalesce() of only null and empty values');
      case 'coalescelist':
        for (const v of args) {
          if (v.kind === 'unknown') return { kind: 'unknown', dependsOn: v.dependsOn, ...at };
          if (v.kind === 'list' && v.items.length > 0) return v;
        }
        return { kind: 'list', items: [], ...at };
      case 'lookup': {
        const [m, k, d] = args;
        if (!m || !k) return fail('a malformed lookup()');
        if (m.kind === 'unknown' || k.kind === 'unknown')
          return {
            kind: 'unknown',
            dependsOn: (m.kind === 'unknown' ? m : (k as Extract<TfVal, { kind: 'unknown' }>)).dependsOn,
            ...at,
          };
        if (m.kind !== 'map' || k.kind !== 'scalar') return fail('lookup() on a value that is not a map');
        return m.entries.get(String(k.value)) ?? d ?? fail(`a missing key "${String(k.value)}"`);
      }
    }
    if (unknown)
      return {
        kind: 'unknown',
        dependsOn: unknown.dependsOn,
        ...(unknown.error ? { error: true } : {}),
        ...at,
      };
    switch (expr.name) {
      case 'concat': {
        const all = lists();
        return all
          ? { kind: 'list', items: all.flat(), ...at }
          : fail('concat() of a value that is not a list');
      }
      case 'toset':
      case 'tolist':
      case 'distinct': {
        const a = args[0];
        if (!a || args.length !== 1) return fail(`a malformed ${expr.name}()`);
        if (a.kind !== 'list') return fail(`${expr.name}() of a value that is not a list`);
        if (expr.name === 'tolist') return { ...a, uri: at.uri, range: at.range };
        // A set drops repeated elements, and Terraform orders a set of strings lexically (for_each keys).
        const seen = new Set<string>();
        const items = a.items.filter((i) => {
          const k = JSON.stringify(plain(i));
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        if (expr.name === 'toset' && items.every((i) => i.kind === 'scalar' && typeof i.value === 'string'))
          items.sort((x, y) => {
            const p = String((x as { value: string }).value);
            const q = String((y as { value: string }).value);
            return p < q ? -1 : p > q ? 1 : 0;
          });
        return { kind: 'list', items, ...at };
      }
      case 'flatten': {
        const out: TfVal[] = [];
        const walk = (v: TfVal): void => {
          if (v.kind === 'list') v.items.forEach(walk);
          else out.push(v);
        };
        if (args[0]?.kind !== 'list') return fail('flatten() of a value that is not a list');
        walk(args[0]);
        return { kind: 'list', items: out, ...at };
      }
      case 'compact': {
        const a = args[0];
        if (a?.kind !== 'list') return fail('compact() of a value that is not a list');
        return {
          kind: 'list',
          items: a.items.filter((i) => !(i.kind === 'scalar' && (i.value === null || i.value === ''))),
          ...at,
        };
      }
      case 'length': {
        const a = args[0];
        if (a?.kind === 'list') return { kind: 'scalar', value: a.items.length, ...at };
        if (a?.kind === 'map') return { kind: 'scalar', value: a.entries.size, ...at };
        if (a?.kind === 'scalar' && typeof a.value === 'string')
          return { kind: 'scalar', value: [...a.value].length, ...at };
        return fail('length() of a value without one');
      }
      case 'element': {
        const [l, i] = args;
        if (l?.kind !== 'list' || i?.kind !== 'scalar' || typeof i.value !== 'number' || l.items.length === 0)
          return fail('a malformed element()');
        return l.items[((i.value % l.items.length) + l.items.length) % l.items.length]!;
      }
      case 'one': {
        const a = args[0];
        if (a?.kind !== 'list' || a.items.length > 1)
          return fail('one() of a list with more than one element');
        return a.items[0] ?? { kind: 'scalar', value: null, ...at };
      }
      case 'merge': {
        if (!args.every((x) => x.kind === 'map' || (x.kind === 'scalar' && x.value === null)))
          return fail('merge() of a value that is not a map');
        const entries = new Map<string, TfVal>();
        for (const x of args) if (x.kind === 'map') for (const [k, v] of x.entries) entries.set(k, v);
        return { kind: 'map', entries, ...at };
      }
      case 'keys':
      case 'values': {
        const a = args[0];
        if (a?.kind !== 'map') return fail(`${expr.name}() of a value that is not a map`);
        const sorted = [...a.entries].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
        return {
          kind: 'list',
          items: sorted.map(([k, v]) =>
            expr.name === 'keys' ? { kind: 'scalar' as const, value: k, ...at } : v,
          ),
          ...at,
        };
      }
      case 'contains': {
        const [l, v] = args;
        if (l?.kind !== 'list' || !v) return fail('contains() of a value that is not a list');
        const want = JSON.stringify(plain(v));
        return { kind: 'scalar', value: l.items.some((i) => JSON.stringify(plain(i)) === want), ...at };
      }
      case 'join': {
        const [sep, l] = args;
        if (sep?.kind !== 'scalar' || l?.kind !== 'list' || !l.items.every((i) => i.kind === 'scalar'))
          return fail('a malformed join()');
        return {
          kind: 'scalar',
          value: l.items
            .map((i) => (i.kind === 'scalar' && i.value !== null ? String(i.value) : ''))
            .join(String(sep.value)),
          ...at,
        };
      }
      case 'split': {
        const [sep, str] = args;
        if (sep?.kind !== 'scalar' || str?.kind !== 'scalar' || typeof str.value !== 'string')
          return fail('a malformed split()');
        // Each piece remembers the string it came from, as only part of it (a fix cannot rewrite it whole).
        const origin = str.origin ? { origin: { ...str.origin, partial: true } } : {};
        return {
          kind: 'list',
          items: str.value
            .split(String(sep.value))
            .map((p) => ({ kind: 'scalar' as const, value: p, ...at, ...origin })),
          ...at,
        };
      }
      case 'tostring':
      case 'tonumber':
      case 'tobool': {
        const a = args[0];
        if (a?.kind !== 'scalar') return fail(`${expr.name}() of a collection`);
        if (a.value === null) return a;
        // Terraform converts strings to numbers and bools, never numbers to bools or bools to numbers.
        const value =
          expr.name === 'tostring'
            ? String(a.value)
            : expr.name === 'tonumber'
              ? typeof a.value === 'number'
                ? a.value
                : typeof a.value === 'string' && a.value.trim() !== ''
                  ? Number(a.value)
                  : Number.NaN
              : typeof a.value === 'number'
                ? undefined
                : toBool(a.value);
        if (value === undefined) return fail(`tobool() of ${JSON.stringify(a.value)}`);
        if (typeof value === 'number' && Number.isNaN(value))
          return fail(`tonumber() of ${JSON.stringify(a.value)}`);
        return { ...a, value };
      }
      default:
        return { kind: 'unknown', dependsOn: `${expr.name}(…)`, ...at };
    }
  }
}

/** Terraform's conversion to bool: booleans, and the strings "true" and "false". */
function toBool(v: string | number | boolean | null): boolean | undefined {
  if (typeof v === 'boolean') return v;
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** Whether evaluation failed anywhere in a value (`[var.m.missing]` fails as a whole, as in Terraform). */
function hasError(v: TfVal): boolean {
  if (v.kind === 'unknown') return !!v.error;
  if (v.kind === 'list') return v.items.some(hasError);
  if (v.kind === 'map') return [...v.entries.values()].some(hasError);
  return false;
}

/** A value without positions, for comparisons. */
function plain(v: TfVal): unknown {
  if (v.kind === 'scalar') return v.value;
  if (v.kind === 'list') return v.items.map(plain);
  if (v.kind === 'map') return Object.fromEntries([...v.entries].map(([k, x]) => [k, plain(x)]));
  return { unknown: v.dependsOn };
}

/** A list's items, a single value as a one-item list, or undefined when unknown. */
export function listItems(v: TfVal): readonly TfVal[] | undefined {
  if (v.kind === 'list') return v.items;
  if (v.kind === 'unknown') return undefined;
  return [v];
}
