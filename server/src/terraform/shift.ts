/**
 * Converted HCL moved by a number of characters. After an edit, a top-level block whose text did not
 * change but sits after the edit is the same block `delta` characters further on: copying it with its
 * offsets moved costs a small fraction of converting it again from the syntax tree (which crosses into
 * WebAssembly for every node). Copies, not in-place changes: the previous parse may still be read.
 */
import type { TextRange } from '../../../rules/model';
import type { SyntaxError } from '../parse/tree';
import type { HclAttribute, HclBlock, HclExpr, HclObjectElem, HclStep } from './hcl';

function moved(r: TextRange, d: number): TextRange {
  return { start: r.start + d, end: r.end + d };
}

type TemplatePart = Extract<HclExpr, { kind: 'template' }>['parts'][number];

function shiftPart(p: TemplatePart, d: number): TemplatePart {
  return p.kind === 'text'
    ? { kind: 'text', value: p.value, start: p.start + d, end: p.end + d }
    : shiftExpr(p, d);
}

function shiftStep(s: HclStep, d: number): HclStep {
  switch (s.kind) {
    case 'attr':
      return { kind: 'attr', name: s.name, start: s.start + d, end: s.end + d };
    case 'index':
      return { kind: 'index', index: shiftExpr(s.index, d), start: s.start + d, end: s.end + d };
    case 'splat':
      return { kind: 'splat', start: s.start + d, end: s.end + d };
  }
}

function shiftElem(o: HclObjectElem, d: number): HclObjectElem {
  return { key: shiftExpr(o.key, d), value: shiftExpr(o.value, d), start: o.start + d, end: o.end + d };
}

export function shiftExpr(e: HclExpr, d: number): HclExpr {
  const start = e.start + d;
  const end = e.end + d;
  switch (e.kind) {
    case 'literal':
      return { kind: 'literal', value: e.value, quoted: e.quoted, start, end };
    case 'template':
      return { kind: 'template', parts: e.parts.map((p) => shiftPart(p, d)), start, end };
    case 'tuple':
      return { kind: 'tuple', items: e.items.map((i) => shiftExpr(i, d)), start, end };
    case 'object':
      return { kind: 'object', elems: e.elems.map((o) => shiftElem(o, d)), start, end };
    case 'traversal':
      return {
        kind: 'traversal',
        root: e.root,
        rootRange: moved(e.rootRange, d),
        steps: e.steps.map((s) => shiftStep(s, d)),
        start,
        end,
      };
    case 'access':
      return {
        kind: 'access',
        base: shiftExpr(e.base, d),
        steps: e.steps.map((s) => shiftStep(s, d)),
        start,
        end,
      };
    case 'call':
      return {
        kind: 'call',
        name: e.name,
        args: e.args.map((a) => shiftExpr(a, d)),
        expandLast: e.expandLast,
        start,
        end,
      };
    case 'conditional':
      return {
        kind: 'conditional',
        cond: shiftExpr(e.cond, d),
        then: shiftExpr(e.then, d),
        else: shiftExpr(e.else, d),
        start,
        end,
      };
    case 'binary':
      return {
        kind: 'binary',
        op: e.op,
        left: shiftExpr(e.left, d),
        right: shiftExpr(e.right, d),
        start,
        end,
      };
    case 'unary':
      return { kind: 'unary', op: e.op, operand: shiftExpr(e.operand, d), start, end };
    case 'other':
      return { kind: 'other', what: e.what, start, end };
  }
}

export function shiftAttribute(a: HclAttribute, d: number): HclAttribute {
  return {
    name: a.name,
    nameRange: moved(a.nameRange, d),
    expr: shiftExpr(a.expr, d),
    start: a.start + d,
    end: a.end + d,
  };
}

export function shiftBlock(b: HclBlock, d: number): HclBlock {
  return {
    kind: 'block',
    type: b.type,
    typeRange: moved(b.typeRange, d),
    labels: b.labels.map((l) => ({ value: l.value, start: l.start + d, end: l.end + d })),
    body: {
      attributes: b.body.attributes.map((a) => shiftAttribute(a, d)),
      blocks: b.body.blocks.map((x) => shiftBlock(x, d)),
      start: b.body.start + d,
      end: b.body.end + d,
    },
    start: b.start + d,
    end: b.end + d,
  };
}

export function shiftError(e: SyntaxError, d: number): SyntaxError {
  return { ...e, range: moved(e.range, d) };
}
