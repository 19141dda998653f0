/**
 * Helpers for the Terraform engine's unit tests: parse HCL, print expressions as s-expressions, build
 * modules from in-memory files and evaluate expressions in them, and describe model values compactly.
 */
import * as assert from 'node:assert/strict';
import type { Peer, SecurityGroup, SgRule, TemplateModel, TextRange, Value } from '../../rules/model';
import { adaptTerraform } from '../../server/src/terraform/adapter';
import type { Scope, TfVal } from '../../server/src/terraform/evaluate';
import { TfEvaluator } from '../../server/src/terraform/evaluate';
import type { HclAttribute, HclExpr, HclFile, HclStep } from '../../server/src/terraform/hcl';
import { parseHcl } from '../../server/src/terraform/hcl';
import type { ModuleArgument, TfModule } from '../../server/src/terraform/module';
import { buildModule } from '../../server/src/terraform/module';
import { dedent, marked } from '../helpers/ruleTester';

export const DIR = 'file:///work/tf';

export function parse(text: string, name = 'main.tf', dir = DIR): HclFile {
  return parseHcl(`${dir}/${name}`, text);
}

/**
 * Text with ⟦⟧ markers (dedented): the clean text and the marked ranges in the order of their opening
 * markers (by start; of two starting together, the outer one first).
 */
export function markedText(source: string): { text: string; ranges: TextRange[] } {
  const { text, ranges } = marked(dedent(source));
  return { text, ranges: [...ranges].sort((a, b) => a.start - b.start || b.end - a.end) };
}

export function range(r: TextRange): TextRange {
  return { start: r.start, end: r.end };
}

/** The one attribute of a one-line file `x = <expr>`. */
export function attrOf(source: string): HclAttribute {
  const f = parse(source);
  assert.deepEqual(f.errors, [], `syntax errors in ${source}`);
  assert.equal(f.attributes.length, 1, `expected one attribute in ${source}`);
  return f.attributes[0]!;
}

/** An expression as a compact s-expression, e.g. `(|| (&& var.a (! var.b)) (== local.c "x"))`. */
export function sexpr(e: HclExpr): string {
  switch (e.kind) {
    case 'literal':
      return JSON.stringify(e.value);
    case 'template':
      return `(template ${e.parts.map((p) => (p.kind === 'text' ? JSON.stringify(p.value) : sexpr(p))).join(' ')})`;
    case 'tuple':
      return `[${e.items.map(sexpr).join(' ')}]`;
    case 'object':
      return `{${e.elems.map((el) => `${sexpr(el.key)}=${sexpr(el.value)}`).join(' ')}}`;
    case 'traversal':
      return `${e.root}${e.steps.map(stepText).join('')}`;
    case 'access':
      return `(access ${sexpr(e.base)} ${e.steps.map(stepText).join('')})`;
    case 'call':
      return `(${e.name}${e.args.map((a) => ` ${sexpr(a)}`).join('')}${e.expandLast ? ' ...' : ''})`;
    case 'conditional':
      return `(? ${sexpr(e.cond)} ${sexpr(e.then)} ${sexpr(e.else)})`;
    case 'binary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'unary':
      return `(${e.op} ${sexpr(e.operand)})`;
    case 'other':
      return `<${e.what}>`;
  }
}

function stepText(s: HclStep): string {
  if (s.kind === 'attr') return `.${s.name}`;
  if (s.kind === 'index') return `[${sexpr(s.index)}]`;
  return '[*]';
}

/** A module from files by name (`.tfvars` files are tfvars), in `dir`. */
export function moduleOf(
  files: Readonly<Record<string, string>>,
  options: { dir?: string; args?: ReadonlyMap<string, ModuleArgument> } = {},
): TfModule {
  const dir = options.dir ?? DIR;
  const parsed = Object.entries(files).map(([name, text]) => parse(dedent(text), name, dir));
  for (const f of parsed) assert.deepEqual(f.errors, [], `syntax errors in ${f.uri}`);
  return buildModule(
    dir,
    parsed.filter((f) => f.uri.endsWith('.tf')),
    parsed.filter((f) => f.uri.endsWith('.tfvars')),
    options.args,
  );
}

/** Evaluates `expr` (HCL text) in a module, as if written in a file `probe.tf` of its folder. */
export function evaluateIn(
  module: TfModule,
  expr: string,
  iterators?: ReadonlyMap<string, TfVal>,
): { value: TfVal; file: HclFile } {
  const file = parseHcl(`${module.dirUri}/probe.tf`, `x = ${expr}\n`);
  assert.deepEqual(file.errors, [], `syntax errors in ${expr}`);
  const scope: Scope = iterators ? { module, file, iterators } : { module, file };
  return { value: new TfEvaluator().evaluate(file.attributes[0]!.expr, scope), file };
}

/** A value without positions: scalars, arrays, objects, and unknowns as `?<dependsOn>` (`!` when an error). */
export function plain(v: TfVal): unknown {
  if (v.kind === 'scalar') return v.value;
  if (v.kind === 'list') return v.items.map(plain);
  if (v.kind === 'map') return Object.fromEntries([...v.entries].map(([k, x]) => [k, plain(x)]));
  return `${v.error ? '!' : '?'}${v.dependsOn ?? ''}`;
}

export function modelOf(files: Readonly<Record<string, string>>): TemplateModel {
  return adaptTerraform(moduleOf(files));
}

export function group(model: TemplateModel, address: string, nth = 0): SecurityGroup {
  const found = model.groups.filter((g) => g.address === address);
  assert.ok(
    found[nth],
    `no group ${address} #${nth}; groups: ${model.groups.map((g) => g.address).join(', ')}`,
  );
  return found[nth];
}

/** A value as `"text"@start-end` (`?dependsOn@…` when unknown), with `<kind name@start-end>` for its origin. */
export function val(v: Value<unknown> | undefined): string {
  if (!v) return '-';
  const head = v.known ? JSON.stringify(v.value) : `?${v.dependsOn ?? ''}`;
  const origin = v.origin
    ? ` <${v.origin.kind} ${v.origin.name}@${v.origin.range.start}-${v.origin.range.end}${v.origin.partial ? ' partial' : ''}>`
    : '';
  return `${head}@${v.range.start}-${v.range.end}${origin}`;
}

export function peer(p: Peer): string {
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6':
      return `${p.kind} ${val(p.cidr)}`;
    case 'prefixList':
      return `prefixList ${val(p.id)}`;
    case 'group':
      return `group ${p.resolution}${p.target ? ` ${p.target}` : ''} ${val(p.ref)}`;
    case 'self':
      return `self@${p.range.start}-${p.range.end}`;
    case 'unknown':
      return `unknown (${p.reason})@${p.range.start}-${p.range.end}`;
  }
}

/** A rule in one line: direction, protocol, ports and peer. */
export function rule(r: SgRule): string {
  const value = (v: Value<unknown>): string => (v.known ? String(v.value) : '?');
  return `${r.direction} ${value(r.protocol)} ${value(r.fromPort)}-${value(r.toPort)} ${peerShort(r.peer)}`;
}

function peerShort(p: Peer): string {
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6':
      return p.cidr.known ? String(p.cidr.value) : `?${p.cidr.dependsOn ?? ''}`;
    case 'prefixList':
      return p.id.known ? String(p.id.value) : '?';
    case 'group':
      return `group:${p.target ?? (p.ref.known ? String(p.ref.value) : '?')}`;
    default:
      return p.kind;
  }
}

/** The text a range covers. */
export function textAt(text: string, r: TextRange): string {
  return text.slice(r.start, r.end);
}
