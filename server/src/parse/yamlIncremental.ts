/**
 * Re-parsing a YAML template after an edit without parsing all of it again. `yaml` parses about 2 MB/s
 * here, so a 100 KB template costs ~50 ms per keystroke, the whole edit-to-diagnostic budget; almost
 * every edit is inside one entry of a top-level section (one resource, one output, one parameter).
 *
 * The edit (the span where the old and new texts differ) must lie inside such an entry, after its key.
 * That entry's lines, up to the next sibling's key, are parsed on their own (an indented block mapping
 * is a valid document) and spliced into the previous tree; nodes after it are shifted. Anything this
 * cannot prove equivalent falls back to a full parse (`undefined`): a previous tree with errors or
 * aliases, a flow-style section, an edit that touches a key, spans entries or writes an anchor, alias,
 * merge key or document marker, and a piece that does not parse cleanly as exactly that one entry.
 * The previous tree is consumed: nodes after the edit are moved in place (it belongs to a text that no
 * longer exists; the caller keeps only the result).
 * A property test compares the result with a full parse over random edits of every fixture.
 */
import type { PEntry, PMap, PNode, ParsedTree } from './tree';
import { lineStartOf } from './lineIndex';
import { excessiveNesting, MAX_DEPTH, parseYaml } from './yaml';

export interface PreviousParse {
  readonly text: string;
  readonly tree: ParsedTree;
}

/** The span that differs: [start, oldEnd) of the old text became [start, newEnd) of the new one. */
export function changedSpan(
  oldText: string,
  newText: string,
): { start: number; oldEnd: number; newEnd: number } | undefined {
  if (oldText === newText) return undefined;
  const max = Math.min(oldText.length, newText.length);
  // Equal blocks are compared natively a kilobyte at a time, then characters within the first that differs.
  const BLOCK = 1024;
  let start = 0;
  while (start + BLOCK <= max && oldText.slice(start, start + BLOCK) === newText.slice(start, start + BLOCK))
    start += BLOCK;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (
    oldEnd - BLOCK >= start &&
    newEnd - BLOCK >= start &&
    oldText.slice(oldEnd - BLOCK, oldEnd) === newText.slice(newEnd - BLOCK, newEnd)
  ) {
    oldEnd -= BLOCK;
    newEnd -= BLOCK;
  }
  while (
    oldEnd > start &&
    newEnd > start &&
    oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)
  ) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

type Movable = { start: number; end: number };

/**
 * Moves a node and everything in it by `delta`, in place: the previous tree is consumed (its text is
 * gone), and copying the half of a large template after the edit cost more than parsing the piece.
 */
function moveBy(node: PNode, delta: number): void {
  (node as Movable).start += delta;
  (node as Movable).end += delta;
  if (node.kind === 'seq') for (const item of node.items) moveBy(item, delta);
  else if (node.kind === 'map') for (const e of node.entries) moveEntryBy(e, delta);
}

function moveEntryBy(e: PEntry, delta: number): void {
  (e as Movable).start += delta;
  (e as Movable).end += delta;
  (e.key as Movable).start += delta;
  (e.key as Movable).end += delta;
  moveBy(e.value, delta);
}

/** The index of the entry whose range holds `offset` (entries are in order and do not overlap). */
function entryAt(entries: readonly PEntry[], offset: number): number {
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.start <= offset && offset <= e.end) return i;
    if (e.start > offset) return -1;
  }
  return -1;
}

/** Text an edit must not write for the splice to hold: anchors, aliases, merge keys, document markers, tabs. */
const UNSAFE_EDIT = /[&*\t]|<<|^(?:---|\.\.\.|%)/m;

/**
 * The tree of `text`, reusing `previous` where the edit did not reach; undefined when only a full parse
 * can say.
 */
export function reparseYaml(previous: PreviousParse, text: string): ParsedTree | undefined {
  const { tree } = previous;
  const root = tree.root;
  if (!root || root.kind !== 'map' || root.flow || tree.errors.length || !tree.intrinsics) return undefined;
  const span = changedSpan(previous.text, text);
  if (!span) return tree;
  const delta = span.newEnd - span.oldEnd;
  if (UNSAFE_EDIT.test(text.slice(lineStartOf(text, span.start), span.newEnd))) return undefined;
  // The top-level section and the entry of it that hold the edit.
  const s = entryAt(root.entries, span.start);
  const section = s >= 0 ? root.entries[s]! : undefined;
  if (!section || section.value.kind !== 'map' || section.value.flow || section.value.shortTag)
    return undefined;
  const siblings = section.value.entries;
  const i = entryAt(siblings, span.start);
  const entry = i >= 0 ? siblings[i]! : undefined;
  if (!entry || span.start < entry.key.end || span.oldEnd > entry.end) return undefined;
  // The piece: from the entry's line up to the next sibling's line (or the next section's, or the end),
  // so comments and blank lines after the entry are parsed where the full parse would read them.
  const pieceStart = lineStartOf(previous.text, entry.start);
  const indent = entry.start - pieceStart;
  if (indent === 0 || !/^ *$/.test(previous.text.slice(pieceStart, entry.start))) return undefined;
  // The entry's end decides where its section ends when it is the last one (yaml stretches a collection
  // over trailing comments depending on what follows): only entries with a later sibling are spliced,
  // and the edit must stay off that sibling's line.
  const next = siblings[i + 1];
  if (!next) return undefined;
  const oldPieceEnd = next.start;
  if (span.oldEnd >= lineStartOf(previous.text, next.start)) return undefined;
  const piece = text.slice(pieceStart, oldPieceEnd + delta);
  // Nesting counts from the document's root: the piece starts two levels down.
  if (excessiveNesting(piece, MAX_DEPTH - 2) >= 0) return undefined;
  const parsed = parseYaml(piece);
  if (parsed.errors.length || !parsed.intrinsics) return undefined;
  const pieceRoot = parsed.root;
  if (!pieceRoot || pieceRoot.kind !== 'map' || pieceRoot.entries.length !== 1) return undefined;
  const only = pieceRoot.entries[0]!;
  if (only.key.value !== entry.key.value || only.key.start !== indent) return undefined;

  // Splice: nodes before the entry stay, the entry comes from the piece, later nodes move by delta (in
  // place), and so do the reference intrinsics (the same objects, in the parser's order).
  const newEntry = only;
  moveEntryBy(newEntry, pieceStart);
  const intrinsics: PMap[] = [
    ...tree.intrinsics.filter((n) => n.end <= entry.start),
    ...parsed.intrinsics,
    ...tree.intrinsics.filter((n) => n.start >= oldPieceEnd),
  ];
  const later = siblings.slice(i + 1);
  const laterSections = root.entries.slice(s + 1);
  if (delta !== 0) for (const e of [...later, ...laterSections]) moveEntryBy(e, delta);
  // The section and the document end where later, unchanged text ends: they move with it.
  const sectionMap: PMap = {
    ...section.value,
    entries: [...siblings.slice(0, i), newEntry, ...later],
    end: section.value.end + delta,
  };
  const newSection: PEntry = { ...section, value: sectionMap, end: section.end + delta };
  const newRoot: PMap = {
    ...root,
    entries: [...root.entries.slice(0, s), newSection, ...laterSections],
    end: root.end + delta,
  };
  return { root: newRoot, errors: [], intrinsics };
}
