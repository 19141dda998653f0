import * as assert from 'node:assert/strict';
import type { Point } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import type { HclBlock, HclExpr, HclFile } from '../../server/src/terraform/hcl';
import { parseHcl } from '../../server/src/terraform/hcl';
import { attrOf, markedText, parse, range, sexpr, textAt } from './helpers';

/** Blocks as `type label label` lines, nested blocks indented, for comparing what was found. */
function outline(blocks: readonly HclBlock[], indent = ''): string[] {
  return blocks.flatMap((b) => [
    `${indent}${[b.type, ...b.labels.map((l) => l.value)].join(' ')}`,
    ...outline(b.body.blocks, `${indent}  `),
  ]);
}

/** Everything parseHcl found except the tree, for comparing two parses. */
function structure(f: HclFile): unknown {
  return JSON.parse(
    JSON.stringify({ blocks: f.blocks, attributes: f.attributes, errors: f.errors, units: f.units }),
  );
}

function exprOf(source: string): HclExpr {
  return attrOf(source).expr;
}

describe('Terraform HCL parsing (parseHcl)', () => {
  describe('blocks, labels and attributes', () => {
    it('gives UTF-16 ranges of blocks, labels and attributes after non-ASCII text', () => {
      const { text, ranges } = markedText(`
        # Sicherheitsgruppe für das Büro 😀 (non-ASCII before everything)
        ⟦⟦resource⟧ ⟦"aws_security_group"⟧ ⟦"wéb"⟧ {
          ⟦⟦description⟧ = ⟦"Zugriff für 😀 Büro"⟧⟧
          ⟦⟦ingress⟧ {
            ⟦⟦from_port⟧ = ⟦22⟧⟧
          }⟧
        }⟧
      `);
      const f = parse(text);
      assert.deepEqual(f.errors, []);
      const [
        block,
        type,
        label1,
        label2,
        descAttr,
        descName,
        descValue,
        ingress,
        ingressType,
        portAttr,
        portName,
        portValue,
      ] = ranges;
      assert.equal(f.blocks.length, 1);
      const b = f.blocks[0]!;
      assert.deepEqual(
        { type: b.type, range: range(b), typeRange: b.typeRange },
        { type: 'resource', range: block, typeRange: type },
      );
      assert.deepEqual(
        b.labels.map((l) => ({ value: l.value, range: range(l) })),
        [
          { value: 'aws_security_group', range: label1 },
          { value: 'wéb', range: label2 },
        ],
      );
      const [desc] = b.body.attributes;
      assert.deepEqual(
        { name: desc!.name, range: range(desc!), nameRange: desc!.nameRange, expr: range(desc!.expr) },
        { name: 'description', range: descAttr, nameRange: descName, expr: descValue },
      );
      assert.equal(sexpr(desc!.expr), '"Zugriff für 😀 Büro"');
      const inner = b.body.blocks[0]!;
      assert.deepEqual(
        { type: inner.type, labels: inner.labels, range: range(inner), typeRange: inner.typeRange },
        { type: 'ingress', labels: [], range: ingress, typeRange: ingressType },
      );
      const port = inner.body.attributes[0]!;
      assert.deepEqual(
        { name: port.name, range: range(port), nameRange: port.nameRange, expr: range(port.expr) },
        { name: 'from_port', range: portAttr, nameRange: portName, expr: portValue },
      );
    });

    it('reads bare-word labels, empty blocks, one-line blocks and nested dynamic blocks', () => {
      const f = parse(
        [
          'locals {}',
          'resource aws_security_group web { name = "web" }',
          'resource "aws_security_group" "db" {',
          '  dynamic "ingress" {',
          '    for_each = var.rules',
          '    content {',
          '      from_port = ingress.value',
          '    }',
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      assert.deepEqual(f.errors, []);
      assert.deepEqual(outline(f.blocks), [
        'locals',
        'resource aws_security_group web',
        'resource aws_security_group db',
        '  dynamic ingress',
        '    content',
      ]);
      assert.deepEqual(
        f.blocks[1]!.body.attributes.map((a) => [a.name, sexpr(a.expr)]),
        [['name', '"web"']],
      );
      assert.deepEqual(
        f.blocks[2]!.body.blocks[0]!.body.attributes.map((a) => [a.name, sexpr(a.expr)]),
        [['for_each', 'var.rules']],
      );
    });

    it('reads top-level attributes (a .tfvars file) and ignores #, // and /* */ comments', () => {
      const { text, ranges } = markedText(`
        # a comment
        ⟦admin_cidrs = ["10.0.0.0/8"]⟧ // trailing comment
        /* a block
           comment = "not an attribute" */
        ⟦ports = [22] # another⟧
      `);
      const f = parse(text, 'terraform.tfvars');
      assert.deepEqual(f.errors, []);
      assert.deepEqual(f.blocks, []);
      assert.deepEqual(
        f.attributes.map((a) => ({ name: a.name, value: sexpr(a.expr), text: textAt(text, a) })),
        [
          { name: 'admin_cidrs', value: '["10.0.0.0/8"]', text: 'admin_cidrs = ["10.0.0.0/8"]' },
          { name: 'ports', value: '[22]', text: 'ports = [22]' },
        ],
      );
      assert.deepEqual(
        f.attributes.map((a) => range(a)),
        ranges.map((r) => (textAt(text, r).endsWith(' # another') ? { start: r.start, end: r.end - 10 } : r)),
      );
    });
  });

  describe('expressions', () => {
    // tree-sitter-hcl 1.2 reads an exponent only after a fraction (`1.5e3`; `1e3` is a syntax error there).
    it('reads literals: numbers (negative, fractional, exponent), booleans and null', () => {
      assert.deepEqual(
        ['x = 22', 'x = -1', 'x = 1.5', 'x = 1.5e3', 'x = true', 'x = false', 'x = null'].map((s) => {
          const e = exprOf(s);
          return e.kind === 'literal' ? [e.value, e.quoted, e.start, e.end] : e.kind;
        }),
        [
          [22, false, 4, 6],
          [-1, false, 4, 6],
          [1.5, false, 4, 7],
          [1500, false, 4, 9],
          [true, false, 4, 8],
          [false, false, 4, 9],
          [null, false, 4, 8],
        ],
      );
    });

    it('unescapes strings: \\n \\t \\" \\\\ \\u and \\U, $${ and %%{, keeping blanks next to the quotes', () => {
      const e = exprOf('x = " a\\"b\\\\c\\n\\t\\u00e9\\U0001F600 $${not} %%{not} "');
      assert.equal(e.kind, 'literal');
      assert.deepEqual(e.kind === 'literal' && [e.value, e.quoted], [' a"b\\c\n\té😀 ${not} %{not} ', true]);
    });

    it('reads templates: text parts with their blanks and interpolations with ranges', () => {
      const { text, ranges } = markedText(`x = "⟦pre- ⟧\${ ⟦var.x⟧ }⟦ -post⟧"`);
      const e = exprOf(text);
      assert.equal(sexpr(e), '(template "pre- " var.x " -post")');
      assert.equal(e.kind, 'template');
      assert.deepEqual(e.kind === 'template' ? e.parts.map((p) => range(p)) : [], ranges);
      // A template of one interpolation is that expression (`"${var.cidrs}"` keeps the list).
      assert.equal(sexpr(exprOf('x = "${var.x}"')), '(template var.x)');
      assert.equal(sexpr(exprOf('x = "%{if true}a%{endif}"')), '(template <a template directive>)');
    });

    it('reads heredocs: lines kept, <<- indentation removed, backslashes literal, $${ escaped', () => {
      const plainDoc = exprOf('x = <<EOT\nhello ${var.name}\n  world \\n $${x}\nEOT\n');
      assert.equal(sexpr(plainDoc), '(template "hello " var.name "\\n  world \\\\n ${x}\\n")');
      const indented = exprOf('x = <<-EOT\n    first\n      second\n\n    ${var.third}\n    EOT\n');
      assert.equal(sexpr(indented), '(template "first\\n  second\\n\\n" var.third "\\n")');
    });

    it('reads tuples and objects with bare, quoted and computed keys', () => {
      assert.equal(sexpr(exprOf('x = [1, "a", [true, null],]')), '[1 "a" [true null]]');
      assert.equal(
        sexpr(exprOf('x = { bare = 1, "quoted key" = 2, (var.k) = 3, "${var.p}-x" = 4 }')),
        '{bare=1 "quoted key"=2 var.k=3 (template var.p "-x")=4}',
      );
      const multiLine = exprOf('x = {\n  a = 1\n  b = [\n    2,\n  ]\n}\n');
      assert.equal(sexpr(multiLine), '{a=1 b=[2]}');
      const { text, ranges } = markedText('x = ⟦{ ⟦⟦a⟧ = ⟦1⟧⟧, ⟦⟦"b"⟧ = ⟦2⟧⟧ }⟧');
      const o = exprOf(text);
      assert.ok(o.kind === 'object');
      assert.deepEqual(
        [range(o), ...o.elems.flatMap((el) => [range(el), range(el.key), range(el.value)])],
        ranges,
      );
    });

    it('reads traversals with attribute, index, legacy index and splat steps, with ranges', () => {
      const { text, ranges } = markedText('x = ⟦⟦data⟧⟦.aws_vpc⟧⟦.main⟧⟦[⟦0⟧]⟧⟦.tags⟧⟦["Name"]⟧⟧');
      const e = exprOf(text);
      assert.equal(sexpr(e), 'data.aws_vpc.main[0].tags["Name"]');
      assert.ok(e.kind === 'traversal');
      const [whole, root, vpc, main, index, zero, tags, name] = ranges;
      assert.deepEqual(
        { range: range(e), root: e.rootRange, steps: e.steps.map((s) => range(s)) },
        { range: whole, root, steps: [vpc, main, index, tags, name] },
      );
      assert.deepEqual(e.steps[2]!.kind === 'index' && range(e.steps[2]!.index), zero);
      assert.equal(sexpr(exprOf('x = aws_instance.web.0.id')), 'aws_instance.web[0].id');
      assert.equal(sexpr(exprOf('x = aws_instance.web[*].id')), 'aws_instance.web[*].id');
      assert.equal(sexpr(exprOf('x = aws_instance.web.*.id')), 'aws_instance.web[*].id');
      assert.equal(sexpr(exprOf('x = var.rules[*]')), 'var.rules[*]');
    });

    it('reads access on call results and on literals', () => {
      assert.equal(sexpr(exprOf('x = concat(var.a, var.b)[0]')), '(access (concat var.a var.b) [0])');
      assert.equal(sexpr(exprOf('x = merge(var.m, {}).key')), '(access (merge var.m {}) .key)');
      assert.equal(sexpr(exprOf('x = ["a", "b"][1]')), '(access ["a" "b"] [1])');
      assert.equal(sexpr(exprOf('x = (var.a).b')), '(access var.a .b)');
    });

    it('reads calls with and without arguments and with ... expansion', () => {
      const { text, ranges } = markedText('x = ⟦concat(⟦var.lists⟧...)⟧');
      const e = exprOf(text);
      assert.equal(sexpr(e), '(concat var.lists ...)');
      assert.deepEqual(e.kind === 'call' && [range(e), range(e.args[0]!)], ranges);
      assert.equal(sexpr(exprOf('x = timestamp()')), '(timestamp)');
      assert.equal(sexpr(exprOf('x = lookup(var.m, "k", 22)')), '(lookup var.m "k" 22)');
    });

    it('reads conditionals, grouping chains to the right as HCL does', () => {
      assert.equal(sexpr(exprOf('x = var.a ? 1 : 2')), '(? var.a 1 2)');
      assert.equal(sexpr(exprOf('x = a ? b : c ? d : e')), '(? a b (? c d e))');
      assert.equal(sexpr(exprOf('x = a ? b : c ? d : e ? f : g')), '(? a b (? c d (? e f g)))');
      assert.equal(sexpr(exprOf('x = (a ? b : c) ? d : e')), '(? (? a b c) d e)');
      assert.equal(sexpr(exprOf('x = a ? (b ? c : d) : e')), '(? a (? b c d) e)');
      const { text, ranges } = markedText('x = ⟦⟦a⟧ ? ⟦b⟧ : ⟦⟦c⟧ ? ⟦d⟧ : ⟦e⟧⟧⟧');
      const e = exprOf(text);
      assert.ok(e.kind === 'conditional' && e.else.kind === 'conditional');
      assert.deepEqual(
        [
          range(e),
          range(e.cond),
          range(e.then),
          range(e.else),
          range(e.else.cond),
          range(e.else.then),
          range(e.else.else),
        ],
        ranges,
      );
    });

    it('reads binary and unary operators with precedence and operand ranges', () => {
      const { text, ranges } = markedText('x = ⟦⟦⟦var.a⟧ && ⟦!⟦var.b⟧⟧⟧ || ⟦⟦local.c⟧ == ⟦"x"⟧⟧⟧');
      const e = exprOf(text);
      assert.equal(sexpr(e), '(|| (&& var.a (! var.b)) (== local.c "x"))');
      assert.ok(e.kind === 'binary' && e.left.kind === 'binary' && e.right.kind === 'binary');
      assert.ok(e.left.right.kind === 'unary');
      assert.deepEqual(
        [
          range(e),
          range(e.left),
          range(e.left.left),
          range(e.left.right),
          range(e.left.right.operand),
          range(e.right),
          range(e.right.left),
          range(e.right.right),
        ],
        ranges,
      );
      assert.equal(sexpr(exprOf('x = 1 + 2 * 3 - 4 / 2 % 3')), '(- (+ 1 (* 2 3)) (% (/ 4 2) 3))');
      assert.equal(sexpr(exprOf('x = a < b == c >= d')), '(== (< a b) (>= c d))');
      assert.equal(sexpr(exprOf('x = a || b && c')), '(|| a (&& b c))');
      assert.equal(sexpr(exprOf('x = !(a || b)')), '(! (|| a b))');
      assert.equal(sexpr(exprOf('x = -var.n * 2')), '(* (- var.n) 2)');
      assert.equal(sexpr(exprOf('x = var.n - -1')), '(- var.n -1)');
      assert.equal(sexpr(exprOf('x = var.a != "" ? var.a : null')), '(? (!= var.a "") var.a null)');
    });

    it('keeps for expressions as not evaluated, with their range', () => {
      const e = exprOf('x = [for c in var.cidrs : c if c != ""]');
      assert.deepEqual(
        { s: sexpr(e), range: range(e) },
        { s: '<a for expression>', range: { start: 4, end: 39 } },
      );
      assert.equal(sexpr(exprOf('x = { for k, v in var.m : k => v }')), '<a for expression>');
    });
  });

  describe('syntax errors', () => {
    it('recovers from an unclosed list in the middle of a file: the error at the [ and every later block kept', () => {
      const { text, ranges } = markedText(`
        resource "aws_security_group" "a" {
          name = "a"
        }

        resource "aws_security_group" "broken" {
          name = "b"
          ingress {
            cidr_blocks = ⟦[⟧

        resource "aws_security_group" "c" {
          name = "c"
        }

        resource "aws_security_group_rule" "d" {
          type = "ingress"
        }
      `);
      const f = parse(text);
      assert.deepEqual(outline(f.blocks), [
        'resource aws_security_group a',
        'resource aws_security_group c',
        'resource aws_security_group_rule d',
      ]);
      assert.deepEqual(f.errors, [{ message: 'this list is never closed: missing ]', range: ranges[0] }]);
      assert.deepEqual(
        f.blocks[1]!.body.attributes.map((a) => sexpr(a.expr)),
        ['"c"'],
      );
    });

    it('recovers from an unclosed block: each block left open is named at its header', () => {
      const { text, ranges } = markedText(`
        resource "aws_security_group" "a" {
          name = "a"
        }

        ⟦resource "aws_security_group" "broken" {⟧
          name = "b"
          ⟦ingress {⟧
            from_port = 22

        resource "aws_security_group" "c" {
          name = "c"
        }
      `);
      const f = parse(text);
      assert.deepEqual(outline(f.blocks), [
        'resource aws_security_group a',
        'resource aws_security_group broken',
        '  ingress',
        'resource aws_security_group c',
      ]);
      assert.deepEqual(f.errors, [
        { message: 'this block is never closed: missing }', range: ranges[0] },
        { message: 'this block is never closed: missing }', range: ranges[1] },
      ]);
      // The broken block ends where the next one begins; what it holds is still read.
      assert.deepEqual(
        f.blocks[1]!.body.blocks[0]!.body.attributes.map((a) => sexpr(a.expr)),
        ['22'],
      );
      assert.ok(f.blocks[1]!.end <= f.blocks[2]!.start);
    });

    it('recovers from an unterminated string: one error at the string, the blocks after it kept', () => {
      const { text, ranges } = markedText(`
        resource "aws_security_group" "a" {
          name = "a"
        }

        resource "aws_security_group" "broken" {
          name = ⟦"b⟧
          ingress {
            from_port = 22
          }
        }

        resource "aws_security_group" "c" {
          name = "c"
        }
      `);
      const f = parse(text);
      assert.deepEqual(outline(f.blocks), [
        'resource aws_security_group a',
        'resource aws_security_group broken',
        'resource aws_security_group c',
      ]);
      assert.deepEqual(f.errors, [{ message: 'unterminated string: missing closing "', range: ranges[0] }]);
    });

    it('ends a quoted string at the end of its line, as HCL does (tree-sitter reads on to the next quote)', () => {
      const { text, ranges } = markedText(`
        resource "aws_security_group" "a" {
          name        = ⟦"half⟧
          description = "half"
        }
        resource "aws_security_group" "b" {
          description = ⟦"two⟧
        lines"
        }
      `);
      const f = parse(text);
      assert.deepEqual(outline(f.blocks), ['resource aws_security_group a', 'resource aws_security_group b']);
      assert.deepEqual(
        f.blocks[0]!.body.attributes.map((a) => [a.name, sexpr(a.expr)]),
        [['name', '"half"']],
      );
      assert.deepEqual(f.errors, [
        { message: 'unterminated string: missing closing "', range: ranges[0] },
        { message: 'unterminated string: missing closing "', range: ranges[1] },
      ]);
      // A line break inside an interpolation is allowed.
      assert.deepEqual(parse('x = "${\n  var.a\n}-b"\n').errors, []);
    });

    it('reports a dangling "=" and keeps the block', () => {
      const f = parse('resource "x" "y" {\n  a = \n  b = 2\n}\n');
      assert.deepEqual(outline(f.blocks), ['resource x y']);
      assert.deepEqual(f.errors, [
        { message: 'syntax error: unexpected "="', range: { start: 23, end: 29 } },
      ]);
    });

    it('reports a missing } at the end of the file at the header of the block left open', () => {
      const { text, ranges } = markedText(`
        variable "a" {}
        ⟦resource "aws_security_group" "last" {⟧
          name = "last"
      `);
      const f = parse(text);
      assert.deepEqual(outline(f.blocks), ['variable a', 'resource aws_security_group last']);
      assert.deepEqual(f.errors, [{ message: 'this block is never closed: missing }', range: ranges[0] }]);
      assert.deepEqual(
        f.blocks[1]!.body.attributes.map((a) => a.name),
        ['name'],
      );
    });

    it('recovers the assignments of a .tfvars file after a broken one', () => {
      const f = parse('a = "x\nb = 2\nc = [\nd = 4\n', 'terraform.tfvars');
      assert.deepEqual(
        f.attributes.map((a) => [a.name, sexpr(a.expr)]),
        [
          ['a', '"x"'],
          ['b', '2'],
          ['d', '4'],
        ],
      );
      assert.deepEqual(f.errors, [
        { message: 'unterminated string: missing closing "', range: { start: 4, end: 6 } },
        { message: 'this list is never closed: missing ]', range: { start: 17, end: 18 } },
      ]);
    });

    it('does not throw on deep nesting, closed or not', () => {
      const closed = parse(`x = ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
      assert.deepEqual(
        closed.attributes.map((a) => a.name),
        ['x'],
      );
      assert.deepEqual(closed.errors, []);
      const open = parse(`x = ${'['.repeat(20000)}\n`);
      assert.deepEqual(open.errors, [
        { message: 'this list is never closed: missing ]', range: { start: 20003, end: 20004 } },
      ]);
      const blocks = parse(`resource "a" "b" {\n${'x {\n'.repeat(5000)}`);
      assert.equal(blocks.errors.length > 0, true);
      const calls = parse(`x = ${'f('.repeat(5000)}1${')'.repeat(5000)}\n`);
      assert.equal(calls.attributes.length, 1);
    });
  });

  describe('size and incremental parsing', () => {
    it('parses a 1 MB file', function () {
      this.timeout(60000);
      const parts: string[] = [];
      let size = 0;
      for (let i = 0; size < 1024 * 1024; i++) {
        const block = `resource "aws_security_group" "g${i}" {\n  name = "g${i}"\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["10.${i % 256}.0.0/16"]\n  }\n}\n\n`;
        parts.push(block);
        size += block.length;
      }
      const text = parts.join('');
      const f = parse(text);
      assert.deepEqual(f.errors, []);
      assert.equal(f.blocks.length, parts.length);
      const last = f.blocks[f.blocks.length - 1]!;
      assert.equal(last.labels[1]!.value, `g${parts.length - 1}`);
      assert.equal(
        textAt(text, last.body.blocks[0]!.body.attributes[3]!.expr),
        `["10.${(parts.length - 1) % 256}.0.0/16"]`,
      );
    });

    const point = (t: string, offset: number): Point => {
      const lineStart = t.lastIndexOf('\n', offset - 1) + 1;
      return { row: t.slice(0, offset).split('\n').length - 1, column: offset - lineStart };
    };

    /**
     * Applies an edit to the text and to the tree of `before` as an editor does, reparses with the old
     * tree and the previous parse, and checks the result against a parse from scratch. Returns the
     * incremental parse (the caller deletes its tree).
     */
    function reparse(before: HclFile, at: number, removed: number, inserted: string): HclFile {
      const text = before.text;
      const after = text.slice(0, at) + inserted + text.slice(at + removed);
      const old = before.tree.copy();
      old.edit(
        new Edit({
          startIndex: at,
          oldEndIndex: at + removed,
          newEndIndex: at + inserted.length,
          startPosition: point(text, at),
          oldEndPosition: point(text, at + removed),
          newEndPosition: point(after, at + inserted.length),
        }),
      );
      const incremental = parseHcl(before.uri, after, old, before);
      old.delete();
      const fresh = parseHcl(before.uri, after);
      fresh.tree.delete();
      assert.deepEqual(
        structure(incremental),
        structure(fresh),
        `after replacing ${removed} characters at ${at} with ${JSON.stringify(inserted)}`,
      );
      return incremental;
    }

    function editAndReparse(text: string, at: number, removed: number, inserted: string, uri = EDITED): void {
      const before = parseHcl(uri, text);
      reparse(before, at, removed, inserted).tree.delete();
      before.tree.delete();
    }

    const EDITED = 'file:///work/tf/edit.tf';
    const source = [
      'resource "aws_security_group" "web" {',
      '  name = "web"',
      '  ingress {',
      '    from_port   = 22',
      '    to_port     = 22',
      '    protocol    = "tcp"',
      '    cidr_blocks = ["10.0.0.0/8"]',
      '  }',
      '}',
      '',
      'resource "aws_security_group" "db" {',
      '  name = "db"',
      '}',
      '',
    ].join('\n');

    it('gives the same result after an edit with the old tree as a fresh parse', () => {
      const at = source.indexOf('10.0.0.0/8');
      editAndReparse(source, at, '10.0.0.0/8'.length, '0.0.0.0/0');
      editAndReparse(source, source.indexOf('22'), 2, '3389');
    });

    it('gives the same result when the edit breaks the file and when it mends it', () => {
      editAndReparse(source, source.indexOf(']'), 1, '');
      const broken = source.replace('"tcp"', '"tcp');
      editAndReparse(broken, broken.indexOf('"tcp') + 4, 0, '"');
    });

    it('takes the blocks an edit left alone from the previous parse, moved when the edit changed the length', () => {
      const before = parseHcl(EDITED, source);
      const sameLength = reparse(before, source.indexOf('"web"') + 1, 3, 'app');
      // Nothing moved: the unchanged block is the very object of the previous parse.
      assert.equal(sameLength.units[1], before.units[1]);
      assert.notEqual(sameLength.units[0], before.units[0]);
      const longer = reparse(before, source.indexOf('"web"') + 1, 3, 'frontend');
      const db = longer.blocks[1]!;
      assert.equal(db.labels[1]!.value, 'db');
      assert.equal(longer.text.slice(db.labels[1]!.start, db.labels[1]!.end), '"db"');
      assert.equal(
        longer.text.slice(db.start, db.end),
        'resource "aws_security_group" "db" {\n  name = "db"\n}',
      );
      for (const f of [before, sameLength, longer]) f.tree.delete();
    });

    it('gives the same result as a fresh parse through a long run of random edits, broken and mended', () => {
      // A small deterministic generator (mulberry32), so a failure names a reproducible edit.
      let seed = 20261122;
      const random = (): number => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const snippets = [
        '"',
        '{',
        '}',
        '[',
        ']',
        'x',
        '\n',
        ' ',
        '# note\n',
        '= ',
        '"0.0.0.0/0"',
        'ingress {\n}\n',
        '\nresource "a" "b" {\n',
      ];
      const start = [
        source,
        source.replace(/web/g, 'app'),
        'variable "cidr" {\n  default = "10.0.0.0/8"\n}\n',
      ].join('\n');
      for (const uri of [EDITED, 'file:///work/tf/terraform.tfvars']) {
        let current = parseHcl(uri, uri.endsWith('.tfvars') ? 'a = 1\nb = "x"\nc = [1, 2]\n' : start);
        for (let step = 0; step < 120; step++) {
          const text = current.text;
          const at = Math.floor(random() * (text.length + 1));
          const removed = random() < 0.4 ? Math.min(text.length - at, Math.floor(random() * 6)) : 0;
          const inserted = random() < 0.8 ? snippets[Math.floor(random() * snippets.length)]! : '';
          const next = reparse(current, at, removed, inserted);
          current.tree.delete();
          current = next;
        }
        current.tree.delete();
      }
    });
  });
});
