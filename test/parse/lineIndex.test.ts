import * as assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/parse/lineIndex';

describe('parse/lineIndex', () => {
  it('maps offsets to 0-based positions and back with \\n line breaks', () => {
    const text = 'ab\ncde\n\nf';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    const expected: [number, number, number][] = [
      [0, 0, 0],
      [1, 0, 1],
      [2, 0, 2],
      [3, 1, 0],
      [6, 1, 3],
      [7, 2, 0],
      [8, 3, 0],
      [9, 3, 1],
    ];
    for (const [offset, line, character] of expected) {
      assert.deepEqual(lines.positionAt(offset), { line, character }, `offset ${offset}`);
      assert.equal(lines.offsetAt({ line, character }), offset, `position ${line}:${character}`);
    }
  });

  it('keeps \\r as part of its line with \\r\\n line breaks', () => {
    const text = 'ab\r\ncd\r\n';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 3);
    assert.deepEqual(lines.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 3 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(8), { line: 2, character: 0 });
    assert.equal(lines.offsetAt({ line: 1, character: 1 }), 5);
    assert.equal(lines.lineText(0), 'ab');
    assert.equal(lines.lineText(1), 'cd');
    assert.equal(lines.lineText(2), '');
    assert.equal(lines.lineStart(1), 4);
  });

  it('handles an empty text', () => {
    const lines = new LineIndex('');
    assert.equal(lines.lineCount, 1);
    assert.deepEqual(lines.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(10), { line: 0, character: 0 });
    assert.equal(lines.offsetAt({ line: 0, character: 5 }), 0);
    assert.equal(lines.offsetAt({ line: 3, character: 0 }), 0);
    assert.equal(lines.lineText(0), '');
  });

  it('handles a last line without a line break', () => {
    const text = 'a\nlast';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 2);
    assert.deepEqual(lines.positionAt(text.length), { line: 1, character: 4 });
    assert.equal(lines.offsetAt({ line: 1, character: 4 }), text.length);
    assert.equal(lines.offsetAt({ line: 1, character: 99 }), text.length);
    assert.equal(lines.lineText(1), 'last');
  });

  it('clamps offsets and positions outside the text', () => {
    const text = 'ab\ncd';
    const lines = new LineIndex(text);
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(99), { line: 1, character: 2 });
    assert.equal(lines.offsetAt({ line: -1, character: 0 }), 0);
    assert.equal(lines.offsetAt({ line: 7, character: 0 }), text.length);
    // A character past the end of a line stops at the next line's start (LSP clamps the same way).
    assert.equal(lines.offsetAt({ line: 0, character: 50 }), 3);
    assert.equal(lines.offsetAt({ line: 0, character: -3 }), 0);
    assert.equal(lines.lineText(-1), '');
    assert.equal(lines.lineText(2), '');
    assert.equal(lines.lineStart(9), 3);
  });

  it('answers lineOf for every offset of a line', () => {
    const lines = new LineIndex('x\nyy\nzzz');
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 8].map((o) => lines.lineOf(o)),
      [0, 0, 1, 1, 1, 2, 2],
    );
  });
});
