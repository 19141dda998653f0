import * as assert from 'node:assert/strict';
import { MAX_DEPTH, parseJson } from '../../server/src/parse/json';
import type { PMap, PNode, PScalar } from '../../server/src/parse/tree';
import { entryOf, isMap, isSeq, scalarText, valueOf } from '../../server/src/parse/tree';

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

function errorsOf(text: string): [string, string][] {
  return parseJson(text).errors.map((e) => [e.message, textOf(text, e.range)]);
}

describe('parse/json', () => {
  describe('positions', () => {
    const text =
      '{\n  "Resources": {\n    "WebSG": { "Type": "AWS::EC2::SecurityGroup", "Port": 22, "On": true, "No": null },\n    "List": [ "a", 1.5, [] ]\n  }\n}\n';

    it('gives every scalar its exact text, quotes included, and its JSON value', () => {
      const tree = parseJson(text);
      assert.deepEqual(tree.errors, []);
      const type = at(tree.root, 'Resources', 'WebSG', 'Type') as PScalar;
      assert.deepEqual(
        [type.value, type.style, textOf(text, type)],
        ['AWS::EC2::SecurityGroup', 'json', '"AWS::EC2::SecurityGroup"'],
      );
      const port = at(tree.root, 'Resources', 'WebSG', 'Port') as PScalar;
      assert.deepEqual([port.value, textOf(text, port)], [22, '22']);
      assert.equal((at(tree.root, 'Resources', 'WebSG', 'On') as PScalar).value, true);
      assert.equal((at(tree.root, 'Resources', 'WebSG', 'No') as PScalar).value, null);
      assert.equal((at(tree.root, 'Resources', 'List', 1) as PScalar).value, 1.5);
    });

    it('gives maps, lists, entries and keys their ranges', () => {
      const tree = parseJson(text);
      const root = tree.root as PMap;
      assert.deepEqual([root.start, root.end, root.flow], [0, text.length - 1, true]);
      const websg = entryOf(at(tree.root, 'Resources') as PMap, 'WebSG')!;
      assert.equal(textOf(text, websg.key), '"WebSG"');
      assert.equal(websg.key.value, 'WebSG');
      assert.equal(
        textOf(text, websg),
        '"WebSG": { "Type": "AWS::EC2::SecurityGroup", "Port": 22, "On": true, "No": null }',
      );
      assert.equal(textOf(text, websg.value).startsWith('{ "Type"'), true);
      const list = at(tree.root, 'Resources', 'List');
      assert.equal(textOf(text, list), '[ "a", 1.5, [] ]');
      assert.equal(textOf(text, at(list, 2)), '[]');
    });

    it('counts offsets in UTF-16 code units', () => {
      const t = '{ "name": "héllo 😀", "next": "x" }';
      const tree = parseJson(t);
      assert.equal(textOf(t, at(tree.root, 'next')), '"x"');
      assert.equal((at(tree.root, 'name') as PScalar).value, 'héllo 😀');
    });

    it('reports a duplicate key at its second occurrence (as the YAML parser does), keeps both, and entryOf reads the last', () => {
      const t = '{ "a": 1, "a": 2 }';
      const tree = parseJson(t);
      assert.deepEqual(tree.errors, [{ message: 'duplicate key "a"', range: { start: 10, end: 13 } }]);
      const root = tree.root as PMap;
      assert.equal(root.entries.length, 2);
      assert.equal(scalarText(valueOf(root, 'a')), '2');
      assert.equal(textOf(t, entryOf(root, 'a')!), '"a": 2');
    });

    it('collects one-key Ref/Fn::GetAtt/Fn::Sub objects as it builds the tree', () => {
      const t =
        '{"a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["Z", "GroupId"]}, "c": {"Ref": "V", "x": 1}, "d": {"Fn::Join": ["", []]}}';
      assert.deepEqual(
        parseJson(t).intrinsics!.map((n) => t.slice(n.start, n.end)),
        ['{"Ref": "X"}', '{"Fn::GetAtt": ["Z", "GroupId"]}'],
      );
    });

    it('gives an empty text no root and no errors', () => {
      assert.deepEqual(parseJson(''), { root: undefined, errors: [], intrinsics: [] });
      assert.deepEqual(parseJson('  \n'), { root: undefined, errors: [], intrinsics: [] });
    });
  });

  describe('errors', () => {
    it('rejects line and block comments, at the comment', () => {
      assert.deepEqual(errorsOf('{ // note\n "a": 1 }'), [
        ['comments are not allowed in JSON templates', '// note'],
      ]);
      assert.deepEqual(errorsOf('{ /* c */ "a": 1 }'), [
        ['comments are not allowed in JSON templates', '/* c */'],
      ]);
    });

    it('rejects trailing commas, at the comma, once', () => {
      assert.deepEqual(errorsOf('{ "a": 1, }'), [['trailing commas are not allowed in JSON templates', ',']]);
      const t = '[1, 2,\n ]';
      assert.deepEqual(parseJson(t).errors, [
        { message: 'trailing commas are not allowed in JSON templates', range: { start: 5, end: 6 } },
      ]);
    });

    it('reports a missing comma at the token that needed one', () => {
      assert.deepEqual(errorsOf('{ "a": 1 "b": 2 }'), [['comma expected', '"b"']]);
    });

    it('reports missing closing braces and brackets at the end of the text', () => {
      const t = '{ "a": { "b": 1 }';
      assert.deepEqual(parseJson(t).errors, [
        { message: 'closing brace } expected', range: { start: t.length, end: t.length } },
      ]);
      // jsonc-parser reads the stray } as the next list item; every error stays inside the text.
      assert.deepEqual(errorsOf('{ "a": [1, 2 }'), [
        ['comma expected', '}'],
        ['value expected', '}'],
        ['closing bracket ] expected', ''],
        ['closing brace } expected', ''],
      ]);
    });

    it('reports an unterminated string over the string', () => {
      const t = '{ "a": "xyz }';
      assert.deepEqual(errorsOf(t), [
        ['unterminated string', '"xyz }'],
        ['closing brace } expected', ''],
      ]);
    });

    it('never reports a range outside the text', () => {
      for (const t of ['{', '[', '{"a"', '{"a":', '"x', '{"a": tru }', '{"a": 1}}', '/*']) {
        for (const e of parseJson(t).errors) {
          assert.ok(
            e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= t.length,
            JSON.stringify([t, e]),
          );
        }
      }
    });
  });

  describe('partial trees', () => {
    it('keeps the entries before the break of an object left open mid-edit', () => {
      const t = '{ "Resources": { "A": { "Type": "X" }, "B": { "Type": ';
      const tree = parseJson(t);
      assert.deepEqual(
        tree.errors.map((e) => e.message),
        ['value expected', 'closing brace } expected'],
      );
      assert.equal((at(tree.root, 'Resources', 'A', 'Type') as PScalar).value, 'X');
      const b = at(tree.root, 'Resources', 'B') as PMap;
      // The key written without a value yet is kept with a null value at the end of the key.
      assert.deepEqual(b.entries[0]!.value, {
        kind: 'scalar',
        value: null,
        style: 'json',
        start: 52,
        end: 52,
      });
      // Open nodes end where the text ends.
      assert.equal(b.end, t.length);
      assert.equal((tree.root as PMap).end, t.length);
    });

    it('keeps the entries around a missing comma', () => {
      const t = '{ "Resources": { "A": { "Type": "X" } "B": { "Type": "Y" } } }';
      const tree = parseJson(t);
      assert.equal(tree.errors.length, 1);
      assert.equal((at(tree.root, 'Resources', 'A', 'Type') as PScalar).value, 'X');
      assert.equal((at(tree.root, 'Resources', 'B', 'Type') as PScalar).value, 'Y');
    });

    it('keeps a list open at the end of the text', () => {
      const t = '{ "L": [1, 2';
      const tree = parseJson(t);
      assert.deepEqual(
        (at(tree.root, 'L') as { items: PScalar[] }).items.map((i) => i.value),
        [1, 2],
      );
    });
  });

  describe('deep nesting', () => {
    const tooDeep = `nesting deeper than ${MAX_DEPTH} levels; the rest of the file is not read`;

    it('cuts 20,000 nested arrays at the limit, without throwing', () => {
      const t = '['.repeat(20000) + ']'.repeat(20000);
      const t0 = Date.now();
      const tree = parseJson(t);
      assert.ok(Date.now() - t0 < 2000);
      assert.deepEqual(tree.errors, [{ message: tooDeep, range: { start: MAX_DEPTH, end: MAX_DEPTH + 1 } }]);
      let depth = 0;
      for (let n: PNode | undefined = tree.root; isSeq(n); n = n.items[0]) depth++;
      assert.equal(depth, MAX_DEPTH);
    });

    it('cuts 20,000 nested objects and unclosed arrays the same way', () => {
      const objects = '{"a":'.repeat(20000) + '1' + '}'.repeat(20000);
      assert.deepEqual(parseJson(objects).errors, [
        { message: tooDeep, range: { start: MAX_DEPTH * 5, end: MAX_DEPTH * 5 + 1 } },
      ]);
      assert.deepEqual(
        parseJson('['.repeat(20000)).errors.map((e) => e.message),
        [tooDeep],
      );
    });

    it('counts only real nesting: brackets inside strings do not count toward the limit', () => {
      const t = `{ "s": "${'['.repeat(1000)}", "t": "\\"${'{'.repeat(1000)}" }`;
      assert.deepEqual(parseJson(t).errors, []);
    });
  });
});
