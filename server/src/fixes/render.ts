/**
 * Turns a rule's fix intents into text edits in the file's own syntax: YAML keeps its quoting style
 * (plain, 'single', "double"), JSON gets JSON; a value that came from a parameter default or a mapping
 * is edited where it is written. Generated files get no edits (callers decide; see DESIGN.md §7).
 */
import type { ConditionBranch, SgRule, TextRange, Value } from '../../../rules/model';
import type { Finding, FixInput, FixIntent } from '../../../rules/types';
import { needsInput } from '../../../rules/types';
import { parseCidr } from '../../../rules/lib/cidr';
import type { CfnValue, LocalEdit } from './structure';
import {
  addAttribute,
  addProperty,
  attributeOf,
  hclString,
  isHclLiteral,
  yamlString,
  removeAttribute,
  renameProperty,
  ruleMap,
  setAttribute,
  setProperty,
} from './structure';
import type { HclBlock, HclExpr } from '../terraform/hcl';
import type { PMap, PNode, PSeq, ParsedTree } from '../parse/tree';
import { intrinsicName, isMap, isScalar, isSeq } from '../parse/tree';
import { lineStartOf } from '../parse/lineIndex';

export interface TextEdit {
  readonly uri: string;
  readonly range: TextRange;
  readonly newText: string;
}

export interface RenderedFix {
  readonly title: string;
  readonly edits: TextEdit[];
  readonly isPreferred: boolean;
  /** Changes no traffic: "Fix all" applies it (see {@link FixIntent}). */
  readonly safe: boolean;
  /** A value in one edit the user is expected to retype (a generated description): editors select it. */
  readonly placeholder?: { readonly editIndex: number; readonly range: TextRange };
}

/** What an interactive fix offers before it has the user's input, for the editor to ask with. */
export interface PendingFix {
  readonly title: string;
  /** Index of the intent in `finding.fixes`. */
  readonly fixIndex: number;
  readonly intent: Extract<FixIntent, { kind: 'ask-cidr' | 'reference-group' | 'limit-ports' }>;
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
    if (needsInput(intent)) continue;
    const rendered = renderOne(intent, doc, finding.conditions ?? [], undefined, out.length === 0);
    if (rendered) out.push(rendered);
  }
  return out;
}

/** The fixes of a finding that need the user's input first ("Restrict to a CIDR…", a group, ports). */
export function pendingFixes(finding: Finding, doc: FixDocument): PendingFix[] {
  const out: PendingFix[] = [];
  (finding.fixes ?? []).forEach((intent, fixIndex) => {
    if (intent.kind !== 'ask-cidr' && intent.kind !== 'reference-group' && intent.kind !== 'limit-ports')
      return;
    // Offered only where some input could be written: probe with an input of the right kind.
    const probe: FixInput =
      intent.kind === 'ask-cidr'
        ? { kind: 'cidr', cidr: intent.family === 4 ? '10.0.0.0/8' : 'fd00::/8' }
        : intent.kind === 'reference-group'
          ? { kind: 'group', address: intent.candidates[0]! }
          : { kind: 'ports', protocol: 'tcp', from: 443, to: 443 };
    if (renderOne(intent, doc, finding.conditions ?? [], probe, false))
      out.push({ title: intent.title, fixIndex, intent });
  });
  return out;
}

/**
 * Renders the fix at `fixIndex` of a finding with the user's input. Returns a message when the input is
 * not acceptable (a CIDR that does not parse, a group that is not offered, ports out of range).
 */
export function renderFixWithInput(
  finding: Finding,
  fixIndex: number,
  input: FixInput,
  doc: FixDocument,
): RenderedFix | { readonly error: string } {
  const intent = finding.fixes?.[fixIndex];
  if (!intent || !needsInput(intent)) return { error: 'That fix is no longer offered.' };
  const invalid = inputError(intent, input);
  if (invalid) return { error: invalid };
  const rendered = renderOne(intent, doc, finding.conditions ?? [], input, true);
  return rendered ?? { error: 'sg-lint cannot write that change here; edit the rule by hand.' };
}

function inputError(intent: FixIntent, input: FixInput): string | undefined {
  if (intent.kind === 'ask-cidr') {
    if (input.kind !== 'cidr') return 'A CIDR is needed.';
    const p = parseCidr(input.cidr.trim(), intent.family);
    if (!p.ok) return p.error;
    if (intent.taken?.includes(p.cidr.canonical))
      return `Another rule of the group already allows the same traffic from ${p.cidr.canonical}: remove this rule instead.`;
    return undefined;
  }
  if (intent.kind === 'reference-group') {
    if (input.kind !== 'group' || !intent.candidates.includes(input.address))
      return 'Pick one of the groups offered.';
    return undefined;
  }
  if (intent.kind === 'limit-ports') {
    if (input.kind !== 'ports') return 'Ports are needed.';
    const ok = (p: number): boolean => Number.isInteger(p) && p >= 0 && p <= 65535;
    if (!ok(input.from) || !ok(input.to)) return 'Ports are whole numbers from 0 to 65535.';
    if (input.from > input.to) return 'The first port must not be greater than the last.';
  }
  return undefined;
}

function renderOne(
  intent: FixIntent,
  doc: FixDocument,
  conditions: readonly ConditionBranch[],
  input: FixInput | undefined,
  isPreferred: boolean,
): RenderedFix | undefined {
  const title = titleWithInput(intent, input);
  if (intent.kind === 'add-description') {
    const edit = doc.format === 'hcl' ? hclAddDescription(intent, doc) : cfnAddDescription(intent, doc);
    if (!edit) return undefined;
    return {
      title,
      edits: [{ uri: doc.uri, range: edit.range, newText: edit.newText }],
      isPreferred,
      safe: true,
      ...(edit.placeholder ? { placeholder: { editIndex: 0, range: edit.placeholder } } : {}),
    };
  }
  const edits = renderIntent(intent, doc, conditions, input);
  if (!edits || edits.length === 0) return undefined;
  const safe = 'safe' in intent && intent.safe === true;
  if (intent.kind === 'replace-value' && safe && intent.title.startsWith('Describe it as')) {
    // A replaced description: the new text is the placeholder the user may retype.
    const e = edits[0]!;
    const quoted = /^["']/.test(e.newText) ? 1 : 0;
    return {
      title,
      edits,
      isPreferred,
      safe,
      placeholder: { editIndex: 0, range: { start: quoted, end: e.newText.length - quoted } },
    };
  }
  return { title, edits, isPreferred, safe };
}

/** An interactive fix's title once it has its input: "Restrict to 192.0.2.0/24". */
function titleWithInput(intent: FixIntent, input: FixInput | undefined): string {
  if (!input) return intent.title;
  if (input.kind === 'cidr') return `Restrict to ${input.cidr.trim()}`;
  if (input.kind === 'group') return `Allow ${input.address} instead`;
  return `Limit to ${input.protocol} ${input.from === input.to ? input.from : `${input.from}-${input.to}`}`;
}

function renderIntent(
  intent: FixIntent,
  doc: FixDocument,
  conditions: readonly ConditionBranch[],
  input: FixInput | undefined,
): TextEdit[] | undefined {
  if (doc.format === 'hcl') return renderHclIntent(intent, doc, input);
  switch (intent.kind) {
    case 'add-description':
      return undefined;
    case 'ask-cidr': {
      if (input?.kind !== 'cidr') return undefined;
      const p = parseCidr(input.cidr.trim(), intent.family);
      if (!p.ok) return undefined;
      return renderIntent(
        { kind: 'replace-value', title: intent.title, target: intent.target, newValue: p.cidr.canonical },
        doc,
        conditions,
        undefined,
      );
    }
    case 'reference-group':
      return input?.kind === 'group' ? cfnReferenceGroup(intent.rule, input.address, doc) : undefined;
    case 'limit-ports':
      return input?.kind === 'ports' ? cfnLimitPorts(intent.rule, input, doc) : undefined;
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
    : yamlString(value);
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

function renderHclIntent(
  intent: FixIntent,
  doc: Extract<FixDocument, { format: 'hcl' }>,
  input: FixInput | undefined,
): TextEdit[] | undefined {
  switch (intent.kind) {
    case 'add-description':
      return undefined;
    case 'ask-cidr': {
      if (input?.kind !== 'cidr') return undefined;
      const p = parseCidr(input.cidr.trim(), intent.family);
      if (!p.ok) return undefined;
      return renderHclIntent(
        { kind: 'replace-value', title: intent.title, target: intent.target, newValue: p.cidr.canonical },
        doc,
        undefined,
      );
    }
    case 'reference-group':
      return input?.kind === 'group' ? hclReferenceGroup(intent.rule, input.address, doc) : undefined;
    case 'limit-ports':
      return input?.kind === 'ports' ? hclLimitPorts(intent.rule, input, doc) : undefined;
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
      // A block with several peers (cidr_blocks = [a, b]) is several AWS rules: only this one's CIDR goes.
      if (intent.rule.uri !== doc.uri || syntax?.kind !== 'hcl' || !syntax.block) return undefined;
      if ((syntax.peers ?? 0) > 1) return hclRemoveListedPeer(intent.rule, syntax.block as HclBlock, doc);
      if (syntax.peers !== 1) return undefined;
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

// ---------------------------------------------------------------------------------------------------
// Fixes that change a rule's shape: a description, a group instead of a CIDR, narrower ports.

/**
 * Joins edits that insert at the same offset into one, in order: two properties added after the same
 * last entry must land one after the other, not in an order the editor picks.
 */
function mergeInsertions(edits: readonly LocalEdit[]): LocalEdit[] {
  const out: LocalEdit[] = [];
  for (const e of edits) {
    const prev = out.find(
      (p) =>
        p.range.start === e.range.start && p.range.end === p.range.start && e.range.end === e.range.start,
    );
    if (prev) out[out.indexOf(prev)] = { range: prev.range, newText: prev.newText + e.newText };
    else out.push(e);
  }
  return out;
}

/** The rule's own mapping in this document, when a shape change can be written there. */
function editableRuleMap(rule: SgRule, doc: TreeDocument): PMap | undefined {
  // `#n` variants are alternatives of one written rule (Fn::If): a shape change would touch them all.
  if (rule.uri !== doc.uri || rule.implicit || rule.key.includes('#')) return undefined;
  return ruleMap(rule.syntax);
}

function cfnAddDescription(
  intent: Extract<FixIntent, { kind: 'add-description' }>,
  doc: TreeDocument,
): LocalEdit | undefined {
  const map = editableRuleMap(intent.rule, doc);
  return map && addProperty(doc, map, 'Description', { kind: 'string', value: intent.description });
}

function cfnReferenceGroup(rule: SgRule, address: string, doc: TreeDocument): TextEdit[] | undefined {
  const map = editableRuleMap(rule, doc);
  const peer = rule.peer;
  if (!map || (peer.kind !== 'cidr4' && peer.kind !== 'cidr6')) return undefined;
  const edit = renameProperty(
    doc,
    map,
    peer.kind === 'cidr4' ? 'CidrIp' : 'CidrIpv6',
    rule.direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId',
    { kind: 'getAtt', resource: address, attribute: 'GroupId' },
  );
  return edit && [{ uri: doc.uri, range: edit.range, newText: edit.newText }];
}

function cfnLimitPorts(
  rule: SgRule,
  ports: Extract<FixInput, { kind: 'ports' }>,
  doc: TreeDocument,
): TextEdit[] | undefined {
  const map = editableRuleMap(rule, doc);
  if (!map) return undefined;
  const values: [string, CfnValue][] = [
    ['IpProtocol', { kind: 'string', value: ports.protocol }],
    ['FromPort', { kind: 'number', value: ports.from }],
    ['ToPort', { kind: 'number', value: ports.to }],
  ];
  const edits: LocalEdit[] = [];
  for (const [key, value] of values) {
    const edit = setProperty(doc, map, key, value);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return mergeInsertions(edits).map((e) => ({ uri: doc.uri, range: e.range, newText: e.newText }));
}

interface HclRuleSyntax {
  readonly kind: 'hcl';
  readonly block: HclBlock;
  readonly peers: number;
}

/** The block a Terraform rule is written in, when a shape change can be written there. */
function editableBlock(rule: SgRule, doc: Extract<FixDocument, { format: 'hcl' }>): HclBlock | undefined {
  const syntax = rule.syntax as HclRuleSyntax | undefined;
  if (rule.uri !== doc.uri || syntax?.kind !== 'hcl' || !syntax.block) return undefined;
  // Dynamic blocks build their rules from data: the change belongs in the data.
  if (syntax.block.type === 'dynamic') return undefined;
  return syntax.block;
}

/** `resource "aws_security_group_rule" …` → its type; inline `ingress`/`egress` blocks → undefined. */
function resourceType(block: HclBlock): string | undefined {
  return block.type === 'resource' ? block.labels[0]?.value : undefined;
}

function hclAddDescription(
  intent: Extract<FixIntent, { kind: 'add-description' }>,
  doc: Extract<FixDocument, { format: 'hcl' }>,
): LocalEdit | undefined {
  const block = editableBlock(intent.rule, doc);
  if (!block) return undefined;
  const literal = hclString(intent.description);
  return addAttribute(doc.text, block, 'description', literal, { start: 1, end: literal.length - 1 });
}

function hclLimitPorts(
  rule: SgRule,
  ports: Extract<FixInput, { kind: 'ports' }>,
  doc: Extract<FixDocument, { format: 'hcl' }>,
): TextEdit[] | undefined {
  const block = editableBlock(rule, doc);
  if (!block) return undefined;
  const vpcRule = /^aws_vpc_security_group_(ingress|egress)_rule$/.test(resourceType(block) ?? '');
  const edits: LocalEdit[] = [];
  for (const [name, text] of [
    [vpcRule ? 'ip_protocol' : 'protocol', hclString(ports.protocol)],
    ['from_port', String(ports.from)],
    ['to_port', String(ports.to)],
  ] as const) {
    const edit = setAttribute(doc.text, block, name, text);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return mergeInsertions(edits).map((e) => ({ uri: doc.uri, range: e.range, newText: e.newText }));
}

function tupleItems(expr: HclExpr): readonly HclExpr[] | undefined {
  return expr.kind === 'tuple' ? expr.items : undefined;
}

/**
 * A group instead of a CIDR, as the resource kind names one: `security_groups` in an inline block (only
 * the flagged CIDR leaves `cidr_blocks`), `source_security_group_id` in an `aws_security_group_rule`
 * whose only peer it was, `referenced_security_group_id` in the VPC rule resources.
 */
function hclReferenceGroup(
  rule: SgRule,
  address: string,
  doc: Extract<FixDocument, { format: 'hcl' }>,
): TextEdit[] | undefined {
  const block = editableBlock(rule, doc);
  const peer = rule.peer;
  if (!block || (peer.kind !== 'cidr4' && peer.kind !== 'cidr6')) return undefined;
  const cidr = peer.cidr;
  if (cidr.origin || cidr.uri !== doc.uri) return undefined;
  const attr = block.body.attributes.find(
    (a) => a.expr.start <= cidr.range.start && cidr.range.end <= a.expr.end,
  );
  if (!attr) return undefined;
  const ref = `${address}.id`;
  const text = doc.text;
  const edit = (e: LocalEdit): TextEdit => ({ uri: doc.uri, range: e.range, newText: e.newText });
  const type = resourceType(block);
  if (type === 'aws_vpc_security_group_ingress_rule' || type === 'aws_vpc_security_group_egress_rule') {
    if (attr.name !== 'cidr_ipv4' && attr.name !== 'cidr_ipv6') return undefined;
    return [
      edit({ range: { start: attr.start, end: attr.end }, newText: `referenced_security_group_id = ${ref}` }),
    ];
  }
  const items = tupleItems(attr.expr);
  if (!items || (attr.name !== 'cidr_blocks' && attr.name !== 'ipv6_cidr_blocks')) return undefined;
  const index = items.findIndex((i) => i.start === cidr.range.start && i.end === cidr.range.end);
  if (index < 0) return undefined;
  if (type === 'aws_security_group_rule') {
    // source_security_group_id excludes every other peer argument: only a rule whose sole peer this was.
    const others = [
      'cidr_blocks',
      'ipv6_cidr_blocks',
      'prefix_list_ids',
      'self',
      'source_security_group_id',
    ].filter((n) => n !== attr.name && attributeOf(block, n));
    if (items.length !== 1 || others.length > 0) return undefined;
    return [
      edit({ range: { start: attr.start, end: attr.end }, newText: `source_security_group_id = ${ref}` }),
    ];
  }
  if (type !== undefined) return undefined;
  // Inline block: take the CIDR out of its list, and name the group in security_groups.
  const groups = attributeOf(block, 'security_groups');
  const edits: TextEdit[] = [];
  if (groups) {
    const list = tupleItems(groups.expr);
    if (!list) return undefined;
    const last = list[list.length - 1];
    edits.push(
      last
        ? edit({ range: { start: last.end, end: last.end }, newText: `, ${ref}` })
        : edit({ range: { start: groups.expr.start, end: groups.expr.end }, newText: `[${ref}]` }),
    );
    if (items.length === 1) edits.push(edit(removeAttribute(text, attr)));
  } else if (items.length === 1) {
    return [edit({ range: { start: attr.start, end: attr.end }, newText: `security_groups = [${ref}]` })];
  } else {
    const added = addAttribute(text, block, 'security_groups', `[${ref}]`);
    if (!added) return undefined;
    edits.push(edit(added));
  }
  if (items.length > 1) {
    const item = items[index]!;
    edits.push(
      edit(
        index < items.length - 1
          ? { range: { start: item.start, end: items[index + 1]!.start }, newText: '' }
          : { range: { start: items[index - 1]!.end, end: item.end }, newText: '' },
      ),
    );
  }
  return edits;
}

/** Removes a rule's CIDR from the list it shares with other peers of its block (never the last one). */
function hclRemoveListedPeer(
  rule: SgRule,
  block: HclBlock,
  doc: Extract<FixDocument, { format: 'hcl' }>,
): TextEdit[] | undefined {
  const peer = rule.peer;
  if (peer.kind !== 'cidr4' && peer.kind !== 'cidr6') return undefined;
  const cidr = peer.cidr;
  if (cidr.origin || cidr.uri !== doc.uri) return undefined;
  const attr = block.body.attributes.find(
    (a) => a.expr.start <= cidr.range.start && cidr.range.end <= a.expr.end,
  );
  const items = attr ? tupleItems(attr.expr) : undefined;
  if (!items || items.length < 2) return undefined;
  const index = items.findIndex((i) => i.start === cidr.range.start && i.end === cidr.range.end);
  if (index < 0) return undefined;
  const item = items[index]!;
  const range =
    index < items.length - 1
      ? { start: item.start, end: items[index + 1]!.start }
      : { start: items[index - 1]!.end, end: item.end };
  return [{ uri: doc.uri, range, newText: '' }];
}
