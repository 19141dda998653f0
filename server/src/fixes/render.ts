/**
 * Turns a rule's fix intents into text edits in the file's own syntax: YAML keeps its quoting style
 * (plain, 'single', "double"), JSON gets JSON; a value that came from a parameter default or a mapping
 * is edited where it is written. Generated files get no edits (callers decide; see DESIGN.md §7).
 */
import type { TextRange, Value } from '../../../rules/model';
import type { Finding, FixIntent } from '../../../rules/types';
import type { PMap, PNode, PSeq, ParsedTree } from '../parse/tree';
import { isMap, isSeq } from '../parse/tree';

export interface TextEdit {
  readonly uri: string;
  readonly range: TextRange;
  readonly newText: string;
}

export interface RenderedFix {
  readonly title: string;
  readonly edits: TextEdit[];
  readonly isPreferred: boolean;
}

export interface FixDocument {
  readonly uri: string;
  readonly text: string;
  readonly format: 'yaml' | 'json';
  readonly tree: ParsedTree;
}

export function renderFixes(finding: Finding, doc: FixDocument): RenderedFix[] {
  const out: RenderedFix[] = [];
  for (const intent of finding.fixes ?? []) {
    const edits = renderIntent(intent, doc);
    if (edits && edits.length > 0) out.push({ title: intent.title, edits, isPreferred: out.length === 0 });
  }
  return out;
}

function renderIntent(intent: FixIntent, doc: FixDocument): TextEdit[] | undefined {
  switch (intent.kind) {
    case 'replace-value': {
      const at = editLocation(intent.target);
      if (at.uri !== doc.uri) return undefined;
      return [{ uri: at.uri, range: at.range, newText: formatScalar(intent.newValue, doc, at.range) }];
    }
    case 'swap-ports': {
      const a = editLocation(intent.rule.fromPort);
      const b = editLocation(intent.rule.toPort);
      if (a.uri !== doc.uri || b.uri !== doc.uri || overlaps(a.range, b.range)) return undefined;
      return [
        { uri: doc.uri, range: a.range, newText: doc.text.slice(b.range.start, b.range.end) },
        { uri: doc.uri, range: b.range, newText: doc.text.slice(a.range.start, a.range.end) },
      ];
    }
    case 'remove-rule': {
      if (intent.rule.uri !== doc.uri || !doc.tree.root) return undefined;
      const range = intent.rule.inline ? removalOfItem(doc, intent.rule.syntax) : removalOfEntry(doc, intent.rule.range);
      return range ? [{ uri: doc.uri, range: range.range, newText: range.newText }] : undefined;
    }
  }
}

/** Where to edit a value: where it was really written (a parameter default…), else where it is used. */
function editLocation(v: Value<unknown>): { uri: string; range: TextRange } {
  return v.origin ? { uri: v.origin.uri, range: v.origin.range } : { uri: v.uri, range: v.range };
}

function overlaps(a: TextRange, b: TextRange): boolean {
  return a.start < b.end && b.start < a.end;
}

const PLAIN_SAFE = /^[A-Za-z0-9_][A-Za-z0-9_./:-]*$/;

/** A scalar in the style of the text it replaces. */
function formatScalar(value: string | number, doc: FixDocument, range: TextRange): string {
  if (typeof value === 'number') return String(value);
  if (doc.format === 'json') return JSON.stringify(value);
  const current = doc.text.slice(range.start, range.end);
  if (current.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  if (current.startsWith('"')) return JSON.stringify(value);
  // A plain scalar that YAML would read back as a number or boolean needs quotes to stay a string.
  return PLAIN_SAFE.test(value) && !/^[-+]?[\d.]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

/** The containing sequence of a node, searched from the root. */
function parentSeq(root: PNode, target: unknown): { seq: PSeq; index: number } | undefined {
  const stack: PNode[] = [root];
  let guard = 0;
  while (stack.length && guard++ < 1_000_000) {
    const n = stack.pop()!;
    if (isSeq(n)) {
      const index = n.items.indexOf(target as PNode);
      if (index >= 0) return { seq: n, index };
      stack.push(...n.items);
    } else if (isMap(n)) {
      for (const e of n.entries) stack.push(e.value);
    }
  }
  return undefined;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Removes a list item: the whole `- …` lines of a YAML block list, or the item and one comma in flow/JSON. */
function removalOfItem(doc: FixDocument, syntax: unknown): { range: TextRange; newText: string } | undefined {
  const found = parentSeq(doc.tree.root!, syntax);
  if (!found) return undefined;
  const { seq, index } = found;
  const item = seq.items[index]!;
  if (seq.items.length === 1) {
    // Leave an empty list rather than a dangling key.
    if (seq.flow) return { range: { start: seq.start, end: seq.end }, newText: '[]' };
    // `Key:\n  []` is valid YAML: replace the dash through the end of the item.
    return { range: { start: doc.text.lastIndexOf('-', item.start), end: item.end }, newText: '[]' };
  }
  if (seq.flow) {
    if (index < seq.items.length - 1) return { range: { start: item.start, end: seq.items[index + 1]!.start }, newText: '' };
    return { range: { start: seq.items[index - 1]!.end, end: item.end }, newText: '' };
  }
  const start = lineStartOf(doc.text, doc.text.lastIndexOf('-', item.start));
  const end = index < seq.items.length - 1 ? lineStartOf(doc.text, doc.text.lastIndexOf('-', seq.items[index + 1]!.start)) : nextLineStart(doc.text, item.end);
  return { range: { start, end }, newText: '' };
}

/** Removes a mapping entry (a standalone rule resource) whose range is given. */
function removalOfEntry(doc: FixDocument, range: TextRange): { range: TextRange; newText: string } | undefined {
  const root = doc.tree.root;
  if (!isMap(root)) return undefined;
  const resources = root.entries.find((e) => e.key.value === 'Resources')?.value;
  if (!isMap(resources)) return undefined;
  const index = resources.entries.findIndex((e) => e.start === range.start && e.end === range.end);
  if (index < 0) return undefined;
  const entry = resources.entries[index]!;
  if ((resources as PMap).flow) {
    if (index < resources.entries.length - 1) return { range: { start: entry.start, end: resources.entries[index + 1]!.start }, newText: '' };
    if (index > 0) return { range: { start: resources.entries[index - 1]!.end, end: entry.end }, newText: '' };
    return { range: { start: entry.start, end: entry.end }, newText: '' };
  }
  return { range: { start: lineStartOf(doc.text, entry.start), end: nextLineStart(doc.text, entry.end) }, newText: '' };
}

/** Applies non-overlapping edits to a text (for tests, the CLI and SARIF consumers). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}
