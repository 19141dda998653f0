/**
 * Incremental parsing of open Terraform documents. After each lint the server keeps a copy of every open
 * document's tree-sitter tree (the engine's parse cache owns the original); when the editor sends
 * incremental changes, each one is applied to that copy with `Tree.edit` before the text changes, and the
 * edited tree goes to the next lint as `oldTree`, so tree-sitter re-parses only what the edit touched.
 *
 * web-tree-sitter parses JavaScript strings as UTF-16: the indices and columns `Tree.edit` expects are
 * UTF-16 code units, like LSP positions (test/lsp/terraform.test.ts shows byte offsets would be wrong).
 * Rows count `\n` only, as tree-sitter does; a lone `\r`, which LSP counts as a line break, is handled.
 */
import type { Point, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The tree-sitter point of an offset: rows and columns counted as tree-sitter counts them. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point just after `inserted` when it is written at `start`. */
function pointAfter(start: Point, inserted: string): Point {
  const last = inserted.lastIndexOf('\n');
  if (last < 0) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - last - 1 };
}

/**
 * The tree edits for a document's incremental content changes, in order (each change's range refers to
 * the text after the changes before it, as in LSP). Undefined when a change replaces the whole text:
 * nothing of the old tree is worth keeping then.
 */
export function treeEditsFor(
  before: TextDocument,
  changes: readonly TextDocumentContentChangeEvent[],
): Edit[] | undefined {
  if (changes.some((c) => !('range' in c))) return undefined;
  // With several changes the later ranges refer to the text after the earlier ones: follow on a copy.
  let doc =
    changes.length > 1
      ? TextDocument.create(before.uri, before.languageId, before.version, before.getText())
      : before;
  const edits: Edit[] = [];
  for (const change of changes) {
    if (!('range' in change)) return undefined;
    const text = doc.getText();
    const startIndex = doc.offsetAt(change.range.start);
    const oldEndIndex = Math.max(startIndex, doc.offsetAt(change.range.end));
    // LSP counts a lone `\r` as a line break and tree-sitter does not: only then do their rows differ.
    const plain = !text.includes('\r') || !/\r(?!\n)/.test(text);
    const point = (offset: number): Point => {
      if (!plain) return pointAt(text, offset);
      const p = doc.positionAt(offset);
      return { row: p.line, column: p.character };
    };
    const startPosition = point(startIndex);
    edits.push(
      new Edit({
        startIndex,
        oldEndIndex,
        newEndIndex: startIndex + change.text.length,
        startPosition,
        oldEndPosition: point(oldEndIndex),
        newEndPosition: pointAfter(startPosition, change.text),
      }),
    );
    if (doc !== before) doc = TextDocument.update(doc, [change], doc.version);
  }
  return edits;
}

interface KeptTree {
  /** The document version the tree matches (after its edits). */
  readonly version: number;
  readonly tree: Tree;
  /** Edited since it was parsed: only a guide for the next parse, not a parse of this version. */
  readonly edited: boolean;
}

export class TerraformTrees {
  private readonly trees = new Map<string, KeptTree>();

  /**
   * A document is about to change from `before` to `version`: edit its tree to match. Called before the
   * document manager applies the changes, so `before` is the text the changes' ranges refer to.
   */
  willChange(
    before: TextDocument | undefined,
    version: number,
    changes: readonly TextDocumentContentChangeEvent[],
  ): void {
    if (!before) return;
    const kept = this.trees.get(before.uri);
    if (!kept) return;
    const edits = kept.version === before.version ? treeEditsFor(before, changes) : undefined;
    if (!edits) {
      this.forget(before.uri);
      return;
    }
    for (const edit of edits) kept.tree.edit(edit);
    this.trees.set(before.uri, { version, tree: kept.tree, edited: true });
  }

  /** The tree edited to match this version of the document, to pass to the parser as `oldTree`. */
  oldTreeFor(uri: string, version: number): Tree | undefined {
    const kept = this.trees.get(uri);
    return kept && kept.version === version ? kept.tree : undefined;
  }

  /** After a lint: keep a copy of the tree parsed for this version (the engine's cache owns the original). */
  keep(uri: string, version: number, tree: Tree): void {
    const kept = this.trees.get(uri);
    // Already a parse of this version (a second module lint read the same document).
    if (kept && kept.version === version && !kept.edited) return;
    const copy = tree.copy();
    // tree-sitter trees live in WebAssembly memory, which the garbage collector does not free.
    kept?.tree.delete();
    this.trees.set(uri, { version, tree: copy, edited: false });
  }

  forget(uri: string): void {
    this.trees.get(uri)?.tree.delete();
    this.trees.delete(uri);
  }

  has(uri: string): boolean {
    return this.trees.has(uri);
  }

  dispose(): void {
    for (const uri of [...this.trees.keys()]) this.forget(uri);
  }
}
