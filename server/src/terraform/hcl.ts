/**
 * Terraform/HCL into a small positioned AST: blocks (type, labels, body), attributes and expressions,
 * every node with its UTF-16 offsets (web-tree-sitter reports offsets in the JS string's units).
 *
 * tree-sitter recovers from syntax errors by wrapping what it cannot place in ERROR nodes, and may nest
 * later blocks inside a broken one; the conversion therefore looks for blocks at every depth under an
 * ERROR node, so a half-typed resource leaves the resources after it intact.
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import type { TextRange } from '../../../rules/model';
import type { SyntaxError } from '../parse/tree';
import { parseHclTree } from './treeSitter';

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

export function parseHcl(uri: string, text: string, oldTree?: Tree | null): HclFile {
  const tree = parseHclTree(text, oldTree);
  const errors: SyntaxError[] = [];
  const root = snapshot(tree.walk(), errors, text);
  const blocks: HclBlock[] = [];
  const attributes: HclAttribute[] = [];
  const conv = new Converter(text);
  collectBody(root, conv, blocks, attributes, 0);
  return { uri, text, tree, blocks, attributes, errors };
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

function snapshot(cursor: TreeCursor, errors: SyntaxError[], text: string): SNode {
  const walk = (depth: number): SNode => {
    const type = cursor.nodeType;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const node: SNode = { type, start, end, children: [] };
    if (type === 'ERROR') {
      errors.push({
        message: errorMessage(text, start, end),
        range: { start, end: Math.max(end, start + 1) },
      });
    }
    if (depth < MAX_DEPTH && cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeIsMissing) {
          const what = cursor.nodeType;
          errors.push({
            message: `missing ${what === 'block_end' ? '}' : what === 'tuple_end' ? ']' : what === 'object_end' ? '}' : what === 'quoted_template_end' ? 'closing "' : what}`,
            range: { start: cursor.startIndex, end: cursor.startIndex },
          });
        } else if (cursor.nodeIsNamed || cursor.nodeType === 'ERROR') node.children.push(walk(depth + 1));
        else if (KEPT_TOKENS.has(cursor.nodeType)) {
          // Anonymous tokens the converter needs: splat markers, argument expansion, operators.
          node.children.push({
            type: cursor.nodeType,
            start: cursor.startIndex,
            end: cursor.endIndex,
            children: [],
          });
        }
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  };
  return walk(0);
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
  constructor(private readonly text: string) {}

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

  private stringValue(n: SNode): string {
    const lit = n.children.filter((c) => c.type === 'template_literal');
    return unescapeHcl(lit.map((c) => this.text.slice(c.start, c.end)).join(''));
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
        const parts: (HclExpr | ({ kind: 'text'; value: string } & TextRange))[] = [];
        for (const c of n.children) {
          if (c.type === 'template_literal')
            parts.push({
              kind: 'text',
              value: unescapeHcl(this.text.slice(c.start, c.end)),
              start: c.start,
              end: c.end,
            });
          else if (c.type === 'template_interpolation') {
            const e = c.children.find((x) => x.type === 'expression');
            parts.push(
              e
                ? this.expr(e, depth + 1)
                : { kind: 'other', what: 'an interpolation', start: c.start, end: c.end },
            );
          } else if (c.type === 'template_directive')
            parts.push({ kind: 'other', what: 'a template directive', start: c.start, end: c.end });
        }
        if (n.type === 'heredoc_template') {
          // Heredoc text keeps its line structure; leading indentation (<<-) is not stripped here.
          return { kind: 'template', parts, ...r };
        }
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
        return {
          kind: 'conditional',
          cond: this.expr(cond, depth + 1),
          then: this.expr(a, depth + 1),
          else: this.expr(b, depth + 1),
          ...r,
        };
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

  /** A base followed by attribute, index and splat steps: `var.x`, `local.y[0]`, `f(a)[1]`. */
  private chain(nodes: readonly SNode[], r: TextRange, depth: number): HclExpr {
    const [base, ...steps] = nodes;
    if (!base) return { kind: 'other', what: 'an empty expression', ...r };
    if (steps.length === 0) return this.expr(base, depth + 1);
    const hclSteps = steps.map((s) => this.step(s, depth + 1));
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
