/**
 * Turns a rule's fix intents into text edits in the file's own syntax: YAML keeps its quoting style
 * (plain, 'single', "double"), JSON gets JSON; a value that came from a parameter default or a mapping
 * is edited where it is written. Generated files get no edits (callers decide; see DESIGN.md §7).
 */
import type { ConditionBranch, TextRange, Value } from '../../../rules/model';
import type { Finding, FixIntent } from '../../../rules/types';
import type { PMap, PNode, PSeq, ParsedTree } from '../parse/tree';
import { intrinsicName, isMap, isScalar, isSeq } from '../parse/tree';

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

export type FixDocument =
  | {
      readonly uri: string;
      readonly text: string;
      readonly format: 'yaml' | 'json';
      readonly tree: ParsedTree;
    }
  | {
      readonly uri: string;
      readonly text: string;
      readonly format: 'hcl';
      /**
       * The text of another file of the module, for a value written there (a variable default in
       * variables.tf, a tfvars entry); without it, fixes edit `uri` only.
       */
      readonly textOf?: (uri: string) => string | undefined;
    };

/** A YAML or JSON document, whose positioned tree the edits are placed with. */
type TreeDocument = Extract<FixDocument, { format: 'yaml' | 'json' }>;

export function renderFixes(finding: Finding, doc: FixDocument): RenderedFix[] {
  const out: RenderedFix[] = [];
  for (const intent of finding.fixes ?? []) {
    const edits = renderIntent(intent, doc, finding.conditions ?? []);
    if (edits && edits.length > 0) out.push({ title: intent.title, edits, isPreferred: out.length === 0 });
  }
  return out;
}

function renderIntent(
  intent: FixIntent,
  doc: FixDocument,
  conditions: readonly ConditionBranch[],
): TextEdit[] | undefined {
  if (doc.format === 'hcl') return renderHclIntent(intent, doc);
  switch (intent.kind) {
    case 'replace-value': {
      if (intent.target.origin?.partial) return undefined;
      const at = replacementLocation(intent.target, doc, conditions);
      if (!at || at.uri !== doc.uri) return undefined;
      return [{ uri: at.uri, range: at.range, newText: formatScalar(intent.newValue, doc, at.range) }];
    }
    case 'swap-ports': {
      const a = editLocation(intent.rule.fromPort);
      const b = editLocation(intent.rule.toPort);
      if (a.uri !== doc.uri || b.uri !== doc.uri || overlaps(a.range, b.range) || !doc.tree.root)
        return undefined;
      // Only two plain numbers swap cleanly: swapping an `Fn::If` (or other expression) with a number would
      // fix the branch the finding is about and break or widen the other one.
      if (
        !isScalar(nodeWithRange(doc.tree.root, a.range)) ||
        !isScalar(nodeWithRange(doc.tree.root, b.range))
      )
        return undefined;
      return [
        { uri: doc.uri, range: a.range, newText: doc.text.slice(b.range.start, b.range.end) },
        { uri: doc.uri, range: b.range, newText: doc.text.slice(a.range.start, a.range.end) },
      ];
    }
    case 'remove-rule': {
      if (intent.rule.uri !== doc.uri || !doc.tree.root) return undefined;
      const range = intent.rule.inline
        ? removalOfItem(doc, intent.rule.syntax)
        : removalOfEntry(doc, intent.rule.range);
      return range ? [{ uri: doc.uri, range: range.range, newText: range.newText }] : undefined;
    }
  }
}

/** Where to edit a value: where it was really written (a parameter default…), else where it is used. */
function editLocation(v: Value<unknown>): { uri: string; range: TextRange } {
  return v.origin ? { uri: v.origin.uri, range: v.origin.range } : { uri: v.uri, range: v.range };
}

/**
 * Where a replacement goes. A value chosen by `Fn::If` is edited in the branch the finding is about, so
 * the condition and the other branch stay as written. A value that is only part of what is written at its
 * origin (one entry picked by `Fn::Select` out of a list default) gets no edit: replacing the whole
 * default would break the other uses of the list.
 */
function replacementLocation(
  v: Value<unknown>,
  doc: TreeDocument,
  conditions: readonly ConditionBranch[],
): { uri: string; range: TextRange } | undefined {
  const at = editLocation(v);
  if (at.uri !== doc.uri || !doc.tree.root) return at;
  let node = nodeWithRange(doc.tree.root, at.range);
  for (let guard = 0; node && intrinsicName(node) === 'Fn::If' && guard < 32; guard++) {
    const args = (node as PMap).entries[0]!.value;
    const name =
      isSeq(args) && args.items.length === 3 && isScalar(args.items[0]) ? args.items[0].value : undefined;
    const branch = conditions.find((c) => c.name === name);
    if (!branch || !isSeq(args)) break;
    node = args.items[branch.value ? 1 : 2];
  }
  if (!node) return at;
  if (v.origin && !(isScalar(node) && String(node.value) === String(v.value))) return undefined;
  return { uri: at.uri, range: { start: node.start, end: node.end } };
}

/** The node written exactly at a range, searched down from the root. */
function nodeWithRange(root: PNode, range: TextRange): PNode | undefined {
  let node: PNode | undefined = root;
  for (let guard = 0; node && guard < 10_000; guard++) {
    if (node.start === range.start && node.end === range.end) return node;
    const children: PNode[] = isMap(node) ? node.entries.map((e) => e.value) : isSeq(node) ? node.items : [];
    node = children.find((c) => c.start <= range.start && range.end <= c.end);
  }
  return undefined;
}

function overlaps(a: TextRange, b: TextRange): boolean {
  return a.start < b.end && b.start < a.end;
}

const PLAIN_SAFE = /^[A-Za-z0-9_][A-Za-z0-9_./:-]*$/;

/** A scalar in the style of the text it replaces. */
function formatScalar(value: string | number, doc: TreeDocument, range: TextRange): string {
  if (typeof value === 'number') return String(value);
  if (doc.format === 'json') return JSON.stringify(value);
  const current = doc.text.slice(range.start, range.end);
  if (current.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  if (current.startsWith('"')) return JSON.stringify(value);
  // A plain scalar that YAML would read back as a number or boolean needs quotes to stay a string.
  return PLAIN_SAFE.test(value) &&
    !/^[-+]?[\d.]+$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(value)
    ? value
    : `'${value.replace(/'/g, "''")}'`;
}

/** The containing sequence of a node, searched from the root, and the mapping that holds that sequence. */
function parentSeq(root: PNode, target: unknown): { seq: PSeq; index: number; holder?: PMap } | undefined {
  const stack: { node: PNode; holder?: PMap }[] = [{ node: root }];
  let guard = 0;
  while (stack.length && guard++ < 1_000_000) {
    const { node: n, holder } = stack.pop()!;
    if (isSeq(n)) {
      const index = n.items.indexOf(target as PNode);
      if (index >= 0) return { seq: n, index, ...(holder ? { holder } : {}) };
      stack.push(...n.items.map((node) => ({ node })));
    } else if (isMap(n)) {
      for (const e of n.entries) stack.push({ node: e.value, holder: n });
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

/**
 * The start of the line after a node's last line. A YAML block node's range already ends after its
 * line break (and any trailing comment), so it must not reach into the following line.
 */
function endOfLastLine(text: string, end: number): number {
  return end > 0 && text[end - 1] === '\n' ? end : nextLineStart(text, end);
}

/** A node's end without the line break a YAML block node's range includes. */
function withoutLineBreak(text: string, end: number): number {
  if (text[end - 1] === '\n') end--;
  if (text[end - 1] === '\r') end--;
  return end;
}

/** Removes a list item: the whole `- …` lines of a YAML block list, or the item and one comma in flow/JSON. */
function removalOfItem(
  doc: TreeDocument,
  syntax: unknown,
): { range: TextRange; newText: string } | undefined {
  const found = parentSeq(doc.tree.root!, syntax);
  if (!found) return undefined;
  const { seq, index, holder } = found;
  const item = seq.items[index]!;
  if (intrinsicName(holder) === 'Fn::If' && (index === 1 || index === 2)) {
    // A branch of `Fn::If`: the rule goes away under that branch only, and the If keeps its three arguments.
    const noValue = doc.format === 'json' ? '{ "Ref": "AWS::NoValue" }' : '!Ref AWS::NoValue';
    return { range: { start: item.start, end: withoutLineBreak(doc.text, item.end) }, newText: noValue };
  }
  if (seq.items.length === 1) {
    // Leave an empty list rather than a dangling key.
    if (seq.flow) return { range: { start: seq.start, end: seq.end }, newText: '[]' };
    // `Key:\n  []` is valid YAML: replace the dash through the end of the item, keeping its line break.
    return {
      range: { start: doc.text.lastIndexOf('-', item.start), end: withoutLineBreak(doc.text, item.end) },
      newText: '[]',
    };
  }
  if (seq.flow) {
    if (index < seq.items.length - 1)
      return { range: { start: item.start, end: seq.items[index + 1]!.start }, newText: '' };
    return { range: { start: seq.items[index - 1]!.end, end: item.end }, newText: '' };
  }
  // The item's own lines only: comments and blank lines before the next item stay with that item.
  const start = lineStartOf(doc.text, doc.text.lastIndexOf('-', item.start));
  return { range: { start, end: endOfLastLine(doc.text, item.end) }, newText: '' };
}

/** Removes a mapping entry (a standalone rule resource) whose range is given. */
function removalOfEntry(
  doc: TreeDocument,
  range: TextRange,
): { range: TextRange; newText: string } | undefined {
  const root = doc.tree.root;
  if (!isMap(root)) return undefined;
  const resources = root.entries.find((e) => e.key.value === 'Resources')?.value;
  if (!isMap(resources)) return undefined;
  const index = resources.entries.findIndex((e) => e.start === range.start && e.end === range.end);
  if (index < 0) return undefined;
  const entry = resources.entries[index]!;
  if (resources.flow) {
    if (index < resources.entries.length - 1)
      return { range: { start: entry.start, end: resources.entries[index + 1]!.start }, newText: '' };
    if (index > 0)
      return { range: { start: resources.entries[index - 1]!.end, end: entry.end }, newText: '' };
    return { range: { start: entry.start, end: entry.end }, newText: '' };
  }
  return {
    range: { start: lineStartOf(doc.text, entry.start), end: endOfLastLine(doc.text, entry.end) },
    newText: '',
  };
}

/** Applies non-overlapping edits to a text (for tests, the CLI and SARIF consumers). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** Terraform: values are double-quoted HCL strings; a template marker in a value is escaped. */
function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** Only literals are rewritten: a number, or a quoted string without interpolation. */
function isHclLiteral(text: string): boolean {
  return /^-?\d+$/.test(text) || /^"(?:[^"\\$%]|\\.|\$(?!\{)|%(?!\{))*"$/.test(text);
}

function renderHclIntent(
  intent: FixIntent,
  doc: Extract<FixDocument, { format: 'hcl' }>,
): TextEdit[] | undefined {
  switch (intent.kind) {
    case 'replace-value': {
      // A value that is only part of what is written there (one CIDR of "a,b") cannot be replaced whole.
      if (intent.target.origin?.partial) return undefined;
      const at = editLocation(intent.target);
      const text = at.uri === doc.uri ? doc.text : doc.textOf?.(at.uri);
      if (text === undefined || !isHclLiteral(text.slice(at.range.start, at.range.end))) return undefined;
      const v = intent.newValue;
      return [{ uri: at.uri, range: at.range, newText: typeof v === 'number' ? String(v) : hclString(v) }];
    }
    case 'swap-ports': {
      const a = editLocation(intent.rule.fromPort);
      const b = editLocation(intent.rule.toPort);
      // Ports set by variables are swapped where they are written, which may be another file.
      const ta = (a.uri === doc.uri ? doc.text : doc.textOf?.(a.uri))?.slice(a.range.start, a.range.end);
      const tb = (b.uri === doc.uri ? doc.text : doc.textOf?.(b.uri))?.slice(b.range.start, b.range.end);
      if (
        ta === undefined ||
        tb === undefined ||
        (a.uri === b.uri && overlaps(a.range, b.range)) ||
        !/^-?\d+$/.test(ta) ||
        !/^-?\d+$/.test(tb)
      )
        return undefined;
      return [
        { uri: a.uri, range: a.range, newText: tb },
        { uri: b.uri, range: b.range, newText: ta },
      ];
    }
    case 'remove-rule': {
      const syntax = intent.rule.syntax as
        { kind?: string; block?: TextRange & { type?: string }; peers?: number } | undefined;
      // A block with several peers (cidr_blocks = [a, b]) is several AWS rules: removing it removes them all.
      if (intent.rule.uri !== doc.uri || syntax?.kind !== 'hcl' || !syntax.block || syntax.peers !== 1)
        return undefined;
      if (syntax.block.type === 'dynamic') return undefined;
      return [{ uri: doc.uri, range: hclBlockRemoval(doc.text, syntax.block), newText: '' }];
    }
  }
}

/**
 * The text to delete to remove an HCL block: its whole lines when it has them to itself, and one of the
 * blank lines around it when keeping it would leave two in a row, one before a closing brace, one after
 * an opening brace or one at the end of the file.
 */
function hclBlockRemoval(text: string, block: TextRange): TextRange {
  let start = lineStartOf(text, block.start);
  let end = nextLineStart(text, block.end);
  const rest = text.slice(block.end, end).trim();
  // `ingress { … }` sharing its line with other text: only the block goes.
  if (text.slice(start, block.start).trim() !== '' || (rest !== '' && !/^(?:#|\/\/)/.test(rest)))
    return { start: block.start, end: block.end };
  const lineAt = (offset: number): string => text.slice(offset, nextLineStart(text, offset)).trim();
  const prevStart = start > 0 ? lineStartOf(text, start - 1) : -1;
  const prev = prevStart >= 0 ? lineAt(prevStart) : undefined;
  const next = end < text.length ? lineAt(end) : undefined;
  if (prev === '' && (next === undefined || next === '' || next.startsWith('}'))) start = prevStart;
  else if (next === '' && (prev === undefined || prev.endsWith('{'))) end = nextLineStart(text, end);
  return { start, end };
}
