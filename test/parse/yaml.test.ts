import * as assert from 'node:assert/strict';
import type { PMap, PNode, PScalar, ParsedTree } from '../../server/src/parse/tree';
import { entryOf, isMap, isScalar, isSeq } from '../../server/src/parse/tree';
import {
  excessiveNesting,
  INTRINSIC_TAGS,
  MAX_ALIAS_EXPANSION,
  MAX_DEPTH,
  parseYaml,
} from '../../server/src/parse/yaml';

/** The node at a path of map keys and list indexes. */
function at(node: PNode | undefined, ...path: (string | number)[]): PNode {
  let n = node;
  for (const p of path) {
    if (typeof p === 'number') {
      assert.ok(isSeq(n), `expected a list before [${p}]`);
      n = n.items[p];
    } else {
      assert.ok(isMap(n), `expected a mapping before .${p}`);
      n = entryOf(n, p)?.value;
    }
    assert.ok(n, `nothing at ${path.join('.')}`);
  }
  return n!;
}

function textOf(text: string, n: { start: number; end: number }): string {
  return text.slice(n.start, n.end);
}

function clean(text: string): ParsedTree {
  const tree = parseYaml(text);
  assert.deepEqual(tree.errors, [], 'expected no errors');
  return tree;
}

/** Plain data of a tree, without positions, for structural comparisons. */
function plain(n: PNode | undefined): unknown {
  if (!n) return undefined;
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map(plain);
    case 'map':
      return Object.fromEntries(n.entries.map((e) => [String(e.key.value), plain(e.value)]));
    case 'invalid':
      return { invalid: n.reason };
  }
}

describe('parse/yaml', () => {
  describe('short-form intrinsic tags', () => {
    const tags = [...INTRINSIC_TAGS.entries()];

    it('covers every intrinsic CloudFormation documents, with its long-form key', () => {
      assert.equal(INTRINSIC_TAGS.get('!Ref'), 'Ref');
      assert.equal(INTRINSIC_TAGS.get('!Condition'), 'Condition');
      for (const name of [
        'GetAtt',
        'Sub',
        'If',
        'Select',
        'Join',
        'FindInMap',
        'ImportValue',
        'Split',
        'Equals',
      ]) {
        assert.equal(INTRINSIC_TAGS.get(`!${name}`), `Fn::${name}`);
      }
      for (const name of ['Not', 'And', 'Or', 'Base64', 'Cidr', 'GetAZs', 'Transform']) {
        assert.equal(INTRINSIC_TAGS.get(`!${name}`), `Fn::${name}`);
      }
    });

    for (const [tag, longForm] of tags) {
      it(`${tag} in scalar form becomes { ${longForm}: value } with the key spanning the tag`, () => {
        const text = `Value: ${tag} Arg\n`;
        const tree = clean(text);
        const node = at(tree.root, 'Value') as PMap;
        assert.equal(node.kind, 'map');
        assert.equal(node.shortTag, tag);
        assert.equal(node.entries.length, 1);
        const entry = node.entries[0]!;
        assert.equal(entry.key.value, longForm);
        assert.equal(textOf(text, entry.key), tag);
        assert.deepEqual(plain(entry.value), 'Arg');
        assert.equal(textOf(text, entry.value), 'Arg');
        assert.equal(textOf(text, node), `${tag} Arg`);
      });

      it(`${tag} in flow and block sequence form`, () => {
        const flow = `Value: ${tag} [a, b]\n`;
        const node = at(clean(flow).root, 'Value') as PMap;
        assert.equal(node.shortTag, tag);
        assert.equal(node.entries[0]!.key.value, longForm);
        assert.equal(textOf(flow, node.entries[0]!.key), tag);
        assert.deepEqual(plain(node.entries[0]!.value), ['a', 'b']);
        assert.equal(textOf(flow, node.entries[0]!.value), '[a, b]');

        const block = `Value: ${tag}\n  - a\n  - b\nNext: 1\n`;
        const blockNode = at(clean(block).root, 'Value') as PMap;
        assert.equal(blockNode.shortTag, tag);
        assert.equal(textOf(block, blockNode.entries[0]!.key), tag);
        assert.deepEqual(plain(blockNode.entries[0]!.value), ['a', 'b']);
      });

      it(`${tag} in flow and block mapping form`, () => {
        const flow = `Value: ${tag} { K: v }\n`;
        const node = at(clean(flow).root, 'Value') as PMap;
        assert.equal(node.shortTag, tag);
        assert.equal(node.entries[0]!.key.value, longForm);
        assert.deepEqual(plain(node.entries[0]!.value), { K: 'v' });

        const block = `Value: ${tag}\n  K: v\n`;
        const blockNode = at(clean(block).root, 'Value') as PMap;
        assert.equal(blockNode.shortTag, tag);
        assert.equal(textOf(block, blockNode.entries[0]!.key), tag);
        assert.deepEqual(plain(blockNode.entries[0]!.value), { K: 'v' });
      });
    }

    it('normalizes `!Ref X` exactly like the long form, positions included', () => {
      const text = 'A: !Ref X\n';
      const node = at(clean(text).root, 'A');
      assert.deepEqual(node, {
        kind: 'map',
        shortTag: '!Ref',
        flow: true,
        start: 3,
        end: 9,
        entries: [
          {
            key: { kind: 'scalar', value: 'Ref', style: 'plain', start: 3, end: 7 },
            value: { kind: 'scalar', value: 'X', style: 'plain', start: 8, end: 9 },
            start: 3,
            end: 9,
          },
        ],
      });
      const longForm = at(clean('A: { Ref: X }\n').root, 'A') as PMap;
      assert.equal(longForm.shortTag, undefined);
      assert.deepEqual(plain(longForm), plain(node));
    });

    it('keeps `!GetAtt A.B` as one scalar argument (the evaluator splits it)', () => {
      const text = 'G: !GetAtt WebSG.GroupId\n';
      const node = at(clean(text).root, 'G') as PMap;
      assert.equal(node.entries[0]!.key.value, 'Fn::GetAtt');
      assert.deepEqual(plain(node.entries[0]!.value), 'WebSG.GroupId');
      assert.equal(textOf(text, node.entries[0]!.value), 'WebSG.GroupId');
    });

    it('nests short forms inside short forms', () => {
      const text = 'S: !Select [0, !Split [",", !Ref List]]\n';
      const tree = clean(text);
      const select = at(tree.root, 'S') as PMap;
      const split = at(select.entries[0]!.value, 1) as PMap;
      assert.equal(split.shortTag, '!Split');
      assert.equal(textOf(text, split.entries[0]!.key), '!Split');
      const ref = at(split.entries[0]!.value, 1) as PMap;
      assert.equal(ref.shortTag, '!Ref');
      assert.equal(textOf(text, ref), '!Ref List');
    });

    it('reads a tag with no value as an empty scalar, without an error', () => {
      const text = 'E: !Ref\n';
      const node = at(clean(text).root, 'E') as PMap;
      assert.equal(node.entries[0]!.key.value, 'Ref');
      assert.deepEqual(plain(node.entries[0]!.value), '');
    });

    it('leaves unknown tags alone as plain values', () => {
      const tree = parseYaml('T: !Custom value\n');
      const node = at(tree.root, 'T');
      assert.equal(node.kind, 'scalar');
      assert.equal(node.value, 'value');
    });
  });

  describe('ranges', () => {
    it('gives plain, single- and double-quoted scalars their exact text, quotes included', () => {
      const text = 'a: hello world\nb: \'single\'\nc: "dou\\"ble"\nd: 22\ne: true\nf:\n';
      const tree = clean(text);
      const a = at(tree.root, 'a') as PScalar;
      assert.deepEqual([a.value, a.style, textOf(text, a)], ['hello world', 'plain', 'hello world']);
      const b = at(tree.root, 'b') as PScalar;
      assert.deepEqual([b.value, b.style, textOf(text, b)], ['single', 'single', "'single'"]);
      const c = at(tree.root, 'c') as PScalar;
      assert.deepEqual([c.value, c.style, textOf(text, c)], ['dou"ble', 'double', '"dou\\"ble"']);
      const d = at(tree.root, 'd') as PScalar;
      assert.deepEqual([d.value, textOf(text, d)], [22, '22']);
      assert.equal((at(tree.root, 'e') as PScalar).value, true);
      const f = at(tree.root, 'f') as PScalar;
      assert.deepEqual([f.value, f.start, f.end], [null, text.length - 1, text.length - 1]);
    });

    it('gives block scalars the range of their header and content', () => {
      const text = 'a: |\n  line1\n  line2\nb: >-\n  folded\n\nc: x\n';
      const tree = clean(text);
      const a = at(tree.root, 'a') as PScalar;
      assert.deepEqual(
        [a.value, a.style, textOf(text, a)],
        ['line1\nline2\n', 'block', '|\n  line1\n  line2\n'],
      );
      const b = at(tree.root, 'b') as PScalar;
      assert.deepEqual([b.value, b.style, textOf(text, b)], ['folded', 'block', '>-\n  folded\n']);
    });

    it('gives collections, entries and keys their ranges', () => {
      const text = 'root:\n  list:\n    - x\n    - y\n  flow: [1, {d: e}]\n';
      const tree = clean(text);
      const root = tree.root as PMap;
      assert.deepEqual([root.start, root.end, root.flow], [0, text.length, false]);
      const rootEntry = root.entries[0]!;
      assert.equal(textOf(text, rootEntry.key), 'root');
      const list = at(tree.root, 'root', 'list');
      assert.equal(list.kind, 'seq');
      assert.equal(textOf(text, list), '- x\n    - y\n');
      assert.equal(textOf(text, at(list, 1)), 'y');
      const flow = at(tree.root, 'root', 'flow');
      assert.equal(textOf(text, flow), '[1, {d: e}]');
      assert.equal((flow as { flow: boolean }).flow, true);
      assert.equal(textOf(text, at(flow, 1)), '{d: e}');
      const listEntry = entryOf(at(tree.root, 'root') as PMap, 'list')!;
      assert.equal(textOf(text, listEntry), 'list:\n    - x\n    - y\n');
    });

    it('gives a key without a value a null scalar at the end of the key', () => {
      const text = 'k:\nother: 1\n';
      const e = entryOf(clean(text).root as PMap, 'k')!;
      // yaml places the missing value right after the colon.
      assert.deepEqual(e.value, { kind: 'scalar', value: null, style: 'plain', start: 2, end: 2 });
    });

    it('counts offsets in UTF-16 code units', () => {
      const text = 'name: "héllo 😀"\nnext: x\n';
      const tree = clean(text);
      assert.equal(textOf(text, at(tree.root, 'next')), 'x');
      assert.equal(textOf(text, at(tree.root, 'name')), '"héllo 😀"');
    });
  });

  describe('errors', () => {
    it('reports an unterminated double quote at the opening quote, to the end of its line', () => {
      const text = 'a: "unterminated\nb: 1\n';
      const tree = parseYaml(text);
      assert.deepEqual(tree.errors, [
        { message: 'unterminated quoted string: missing closing "', range: { start: 3, end: 16 } },
      ]);
      assert.equal(textOf(text, tree.errors[0]!.range), '"unterminated');
    });

    it('reports an unterminated single quote the same way, and keeps the tree before it', () => {
      const text = "Resources:\n  A:\n    Type: 'x\n    B: 1\n";
      const tree = parseYaml(text);
      assert.deepEqual(
        tree.errors.map((e) => [e.message, textOf(text, e.range)]),
        [["unterminated quoted string: missing closing '", "'x"]],
      );
      assert.ok(isMap(at(tree.root, 'Resources', 'A')));
    });

    it('reports a tab used as indentation at the tab', () => {
      const text = 'Resources:\n  A:\n\tType: x\n';
      const tree = parseYaml(text);
      assert.ok(tree.errors.length >= 1);
      assert.deepEqual(tree.errors[0], {
        message: 'Tabs are not allowed as indentation',
        range: { start: 16, end: 17 },
      });
      assert.equal(text[16], '\t');
    });

    it('reports a duplicate key over the whole repeated key, and keeps both entries', () => {
      const text = 'Resources: 1\nResources: 2\n';
      const tree = parseYaml(text);
      assert.deepEqual(tree.errors, [
        { message: 'duplicate key "Resources"', range: { start: 13, end: 22 } },
      ]);
      const root = tree.root as PMap;
      assert.equal(root.entries.length, 2);
      assert.equal((entryOf(root, 'Resources')!.value as PScalar).value, 2);
    });

    it('keeps every entry before a syntax error in the partial tree', () => {
      const text = 'Resources:\n  WebSG:\n    Type: AWS::EC2::SecurityGroup\n  Broken: [unclosed\n';
      const tree = parseYaml(text);
      assert.ok(tree.errors.length > 0);
      assert.equal((at(tree.root, 'Resources', 'WebSG', 'Type') as PScalar).value, 'AWS::EC2::SecurityGroup');
    });

    it('never reports an error range outside the text', () => {
      for (const text of ['a: "x', "a: 'x", 'a: [1, 2', 'a: {b: 1', '- a\nb: 1', 'a:\n\t- b']) {
        for (const e of parseYaml(text).errors) {
          assert.ok(
            e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= text.length,
            JSON.stringify([text, e]),
          );
        }
      }
    });

    it('gives an empty document no root and no errors', () => {
      assert.deepEqual(parseYaml(''), { root: undefined, errors: [], intrinsics: [] });
      assert.deepEqual(parseYaml('# only a comment\n'), { root: undefined, errors: [], intrinsics: [] });
    });

    it('collects Ref/GetAtt/Sub nodes in both forms as it builds the tree, except when aliases share nodes', () => {
      const t =
        'a: !Ref X\nb: { Ref: Y }\nc: !GetAtt Z.GroupId\nd: !Sub "${W}"\ne: !Join [",", [a]]\nf: { Ref: V, Other: 1 }\n';
      const tree = parseYaml(t);
      assert.deepEqual(
        tree.intrinsics!.map((n) => t.slice(n.start, n.end)),
        ['!Ref X', '{ Ref: Y }', '!GetAtt Z.GroupId', '!Sub "${W}"'],
      );
      assert.equal(parseYaml('a: &x { Ref: Y }\nb: *x\n').intrinsics, undefined);
    });
  });

  describe('aliases', () => {
    it('expands a scalar alias without an error, with the range of the alias itself', () => {
      const text = 'World: &world 0.0.0.0/0\nCidrIp: *world\n';
      const tree = clean(text);
      const alias = at(tree.root, 'CidrIp') as PScalar;
      assert.equal(alias.value, '0.0.0.0/0');
      assert.equal(textOf(text, alias), '*world');
    });

    it('expands a mapping alias: the top takes the alias range, the content keeps where it is written', () => {
      const text = 'Rule: &ssh { IpProtocol: tcp, CidrIp: !Ref Admin }\nList:\n  - *ssh\n  - *ssh\n';
      const tree = clean(text);
      const first = at(tree.root, 'List', 0) as PMap;
      const second = at(tree.root, 'List', 1) as PMap;
      assert.deepEqual(plain(first), { IpProtocol: 'tcp', CidrIp: { Ref: 'Admin' } });
      assert.equal(textOf(text, first), '*ssh');
      assert.equal(textOf(text, second), '*ssh');
      assert.notEqual(first.start, second.start);
      const cidr = at(first, 'CidrIp') as PMap;
      assert.equal(cidr.shortTag, '!Ref');
      assert.equal(textOf(text, cidr), '!Ref Admin');
      // Each use is its own node (fixes find a rule by identity), sharing the anchored content.
      assert.notEqual(first, second);
      assert.equal(first.entries, second.entries);
    });

    it("merges `<<: *defaults`, with the mapping's own keys winning", () => {
      const text =
        'Defaults: &d { IpProtocol: tcp, FromPort: 22 }\nRule:\n  <<: *d\n  FromPort: 443\n  ToPort: 443\n';
      const tree = clean(text);
      assert.deepEqual(plain(at(tree.root, 'Rule')), { IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
      assert.equal(textOf(text, at(tree.root, 'Rule', 'IpProtocol')), 'tcp');
    });

    it('merges a list of mappings, the earlier source winning', () => {
      const text = 'A: &a { x: 1 }\nB: &b { x: 2, y: 2 }\nM:\n  <<: [*a, *b]\n';
      assert.deepEqual(plain(at(clean(text).root, 'M')), { x: 1, y: 2 });
    });

    it('reports a merge key over something that is not a mapping', () => {
      const text = 'S: &s text\nM:\n  <<: *s\n  y: 1\n';
      const tree = parseYaml(text);
      assert.deepEqual(
        tree.errors.map((e) => [e.message, textOf(text, e.range)]),
        [['a merge key (<<) takes a mapping or a list of mappings', '*s']],
      );
      assert.deepEqual(plain(at(tree.root, 'M')), { y: 1 });
    });

    it('reports an alias with no anchor before it, and keeps the rest', () => {
      const text = 'a: *missing\nb: 1\n';
      const tree = parseYaml(text);
      assert.deepEqual(tree.errors, [
        { message: 'unknown alias *missing: no anchor &missing before it', range: { start: 3, end: 11 } },
      ]);
      assert.equal(at(tree.root, 'a').kind, 'invalid');
      assert.equal((at(tree.root, 'b') as PScalar).value, 1);
    });

    it('reports a self-referencing alias and keeps the rest', () => {
      const text = 'a: &a [1, *a]\nb: 2\n';
      const tree = parseYaml(text);
      assert.deepEqual(tree.errors, [
        { message: 'self-referencing alias *a', range: { start: 10, end: 12 } },
      ]);
      assert.deepEqual(plain(at(tree.root, 'a')), [1, { invalid: 'self-referencing YAML alias *a' }]);
      assert.equal((at(tree.root, 'b') as PScalar).value, 2);
    });

    it('stops a 9-level alias bomb at the expansion cap, fast, with one error', () => {
      const names = 'abcdefghi';
      let text = `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
      for (let i = 1; i < 9; i++)
        text += `${names[i]}: &${names[i]} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(', ')}]\n`;
      text += 'after: kept\n';
      const heapBefore = process.memoryUsage().heapUsed;
      const t0 = process.hrtime.bigint();
      const tree = parseYaml(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(ms < 1000, `took ${ms} ms`);
      // Expansion shares the anchored nodes: the tree is small even though it stands for 250,000 nodes.
      const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
      assert.ok(grownMb < 64, `heap grew ${grownMb.toFixed(0)} MB`);
      assert.equal(tree.errors.length, 1);
      assert.equal(
        tree.errors[0]!.message,
        `alias expansion exceeds ${MAX_ALIAS_EXPANSION} nodes at *e; this and later aliases are not expanded`,
      );
      assert.equal(textOf(text, tree.errors[0]!.range), '*e');
      assert.equal((at(tree.root, 'after') as PScalar).value, 'kept');
      // Below the cap the expansion is real: d holds 9 × 9 × 9 lols.
      assert.deepEqual(plain(at(tree.root, 'd', 8, 8, 8)), [
        'lol',
        'lol',
        'lol',
        'lol',
        'lol',
        'lol',
        'lol',
        'lol',
        'lol',
      ]);
      assert.equal(at(tree.root, 'i', 0).kind, 'invalid');
    });

    it('counts the logical size of nested expansions, not the text', () => {
      // Each level is small in the text; together they stay under the cap and are fully expanded.
      const text = 'a: &a [1, 2]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n';
      const tree = clean(text);
      assert.deepEqual(plain(at(tree.root, 'd', 1, 1, 1)), [1, 2]);
    });
  });

  describe('deep nesting', () => {
    const tooDeep = `nesting deeper than ${MAX_DEPTH} levels; the rest of the file is not read`;
    const blockMaps = (depth: number): string => {
      let text = '';
      for (let i = 0; i < depth; i++) text += `${' '.repeat(i)}k:\n`;
      return text;
    };
    const cases: [string, string, number][] = [
      // Offsets of the cut: the line of the 257th block level, the 256th bracket (the root line is a level).
      ['1,000 block mappings', blockMaps(1000), blockMaps(MAX_DEPTH).length],
      ['5,000 block mappings', blockMaps(5000), blockMaps(MAX_DEPTH).length],
      ['1,000 flow lists', '['.repeat(1000) + ']'.repeat(1000), MAX_DEPTH - 1],
      ['5,000 flow lists', '['.repeat(5000) + ']'.repeat(5000), MAX_DEPTH - 1],
      ['5,000 flow mappings', '{a: '.repeat(5000) + '1' + '}'.repeat(5000), (MAX_DEPTH - 1) * 4],
      ['5,000 unclosed flow lists', '['.repeat(5000), MAX_DEPTH - 1],
      ['5,000 compact block lists', '- '.repeat(5000) + 'x\n', 0],
    ];
    for (const [name, text, cut] of cases) {
      it(`${name}: one error at the cut, never a throw`, () => {
        const t0 = Date.now();
        const tree = parseYaml(text);
        assert.ok(Date.now() - t0 < 2000);
        assert.deepEqual(tree.errors, [{ message: tooDeep, range: { start: cut, end: cut + 1 } }]);
      });
    }

    it('parses the same deep text twice in one process (yaml alone aborts the process here)', () => {
      for (let i = 0; i < 3; i++) assert.equal(parseYaml('['.repeat(2000 + i * 1000)).errors.length, 1);
    });

    it('keeps the tree before a deep section', () => {
      const text = `Resources:\n  WebSG:\n    Type: AWS::EC2::SecurityGroup\nDeep: ${'['.repeat(400)}\n`;
      const tree = parseYaml(text);
      assert.equal((at(tree.root, 'Resources', 'WebSG', 'Type') as PScalar).value, 'AWS::EC2::SecurityGroup');
      assert.deepEqual(
        tree.errors.map((e) => e.message),
        [tooDeep],
      );
    });

    it('does not count brackets, quotes and indentation inside text as nesting', () => {
      const script = Array.from(
        { length: 300 },
        (_, i) => `${' '.repeat(8 + i)}if [ "$x" = '[{' ]; then {`,
      ).join('\n');
      const text = [
        'Resources:',
        '  Host:',
        '    Properties:',
        '      UserData: |',
        script,
        `      Plain: a[${'['.repeat(300)}`,
        `      Quoted: "${'['.repeat(300)}"`,
        `      Single: '${'{'.repeat(300)}'`,
        `      Comment: x # ${'['.repeat(300)}`,
        '      Folded: >-',
        `        ${'{'.repeat(300)}`,
        '      After: kept',
        '',
      ].join('\n');
      assert.equal(excessiveNesting(text, MAX_DEPTH), -1);
      const tree = clean(text);
      assert.equal((at(tree.root, 'Resources', 'Host', 'Properties', 'After') as PScalar).value, 'kept');
    });

    it('estimates nesting on the deep side for block and flow mixed', () => {
      assert.equal(excessiveNesting('a:\n  b: [[x]]\n', 3), 9);
      assert.equal(excessiveNesting('a:\n  b: [[x]]\n', 4), -1);
      assert.equal(excessiveNesting('- - - x\n', 3), 0);
      assert.equal(excessiveNesting('- - - x\n', 4), -1);
    });
  });

  it('is not confused by a key that looks like an intrinsic', () => {
    const tree = clean('Ref: X\n');
    assert.ok(isScalar(at(tree.root, 'Ref')));
  });
});
