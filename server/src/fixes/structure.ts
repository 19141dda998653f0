/**
 * Edits that change a rule's shape, not just one value: setting, adding and renaming properties of a
 * CloudFormation rule (YAML block or flow style, JSON) and attributes of a Terraform block. Each edit
 * keeps the layout around it: a new YAML key goes on its own line at its siblings' indentation (or after
 * a comma in a flow mapping), a new JSON member after its siblings at their indentation, a new HCL
 * attribute on its own line at the block's attribute indentation; a renamed property keeps its place.
 *
 * Values are given as {@link CfnValue} and written in the file's own form: YAML short-form tags when the
 * file already uses them, long form otherwise; JSON as JSON.
 */
import type { TextRange } from '../../../rules/model';
import type { HclAttribute, HclBlock } from '../terraform/hcl';
import type { PMap, PNode, ParsedTree } from '../parse/tree';
import { entryOf, isMap, isScalar } from '../parse/tree';
import { lineStartOf } from '../parse/lineIndex';

export interface LocalEdit {
  readonly range: TextRange;
  readonly newText: string;
  /** Where, within `newText`, a value the user may want to retype sits (for a snippet placeholder). */
  readonly placeholder?: TextRange;
}

export type CfnValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'getAtt'; readonly resource: string; readonly attribute: string };

export interface CfnDocument {
  readonly text: string;
  readonly format: 'yaml' | 'json';
  readonly tree: ParsedTree;
}

/** Whether the file writes intrinsics in YAML's short form (`!Ref X`), which new values then follow. */
function usesShortForm(doc: CfnDocument): boolean {
  if (doc.format !== 'yaml') return false;
  const intrinsics = doc.tree.intrinsics;
  if (intrinsics?.length) return intrinsics.some((m) => m.shortTag !== undefined);
  return /(^|[\s:[,-])!(Ref|GetAtt|Sub)\b/.test(doc.text);
}

const YAML_PLAIN = /^[A-Za-z0-9/][A-Za-z0-9 ._/()@+=-]*$/;

/** A YAML string scalar: plain when that reads back as the same string, else single-quoted. */
export function yamlString(value: string): string {
  const plain =
    YAML_PLAIN.test(value) &&
    !value.endsWith(' ') &&
    !/^[-+]?[\d.]+(e[-+]?\d+)?$/i.test(value) &&
    !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value) &&
    !/^0x|^0o/i.test(value);
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}

/** A value as the document writes it, and where its text sits inside (for placeholders). */
function cfnValueText(value: CfnValue, doc: CfnDocument): { text: string; inner?: TextRange } {
  switch (value.kind) {
    case 'number':
      return { text: String(value.value) };
    case 'string': {
      const text = doc.format === 'json' ? JSON.stringify(value.value) : yamlString(value.value);
      const quoted = text.length !== value.value.length;
      return {
        text,
        inner: quoted ? { start: 1, end: text.length - 1 } : { start: 0, end: text.length },
      };
    }
    case 'getAtt':
      if (doc.format === 'json')
        return {
          text: `{ "Fn::GetAtt": [${JSON.stringify(value.resource)}, ${JSON.stringify(value.attribute)}] }`,
        };
      if (usesShortForm(doc)) return { text: `!GetAtt ${value.resource}.${value.attribute}` };
      // A flow mapping fits after `Key: ` in block and flow style alike.
      return { text: `{ 'Fn::GetAtt': [${value.resource}, ${value.attribute}] }` };
  }
}

function keyText(key: string, doc: CfnDocument): string {
  return doc.format === 'json' ? JSON.stringify(key) : key;
}

/** A scalar value node's range without a YAML block node's trailing line break. */
function valueRange(text: string, node: PNode): TextRange {
  let end = node.end;
  while (end > node.start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { start: node.start, end };
}

/**
 * Sets `key` of a rule's mapping to `value`: the value is replaced where the key exists (only a plain
 * scalar: an intrinsic there is left to the user), else a new entry is added after the last one.
 */
export function setProperty(
  doc: CfnDocument,
  map: PMap,
  key: string,
  value: CfnValue,
): LocalEdit | undefined {
  const entry = entryOf(map, key);
  if (entry) {
    if (!isScalar(entry.value)) return undefined;
    const { text, inner } = cfnValueText(value, doc);
    return {
      range: valueRange(doc.text, entry.value),
      newText: text,
      ...(inner ? { placeholder: inner } : {}),
    };
  }
  return addProperty(doc, map, key, value);
}

/** Adds `key: value` after the mapping's last entry, in the mapping's style. */
export function addProperty(
  doc: CfnDocument,
  map: PMap,
  key: string,
  value: CfnValue,
): LocalEdit | undefined {
  const last = map.entries[map.entries.length - 1];
  if (!last || map.shortTag) return undefined;
  const { text: valueText, inner } = cfnValueText(value, doc);
  const member = `${keyText(key, doc)}: ${valueText}`;
  const valueAt = member.length - valueText.length;
  const shift = (prefix: string): TextRange | undefined =>
    inner
      ? { start: prefix.length + valueAt + inner.start, end: prefix.length + valueAt + inner.end }
      : undefined;
  const lastEnd = valueRange(doc.text, last.value).end;
  if (doc.format === 'json' || map.flow) {
    // After the last member: on a new line at its indentation when it has a line to itself.
    const lineStart = lineStartOf(doc.text, last.start);
    const before = doc.text.slice(lineStart, last.start);
    const prefix = /^[ \t]*$/.test(before) ? `,\n${before}` : ', ';
    const placeholder = shift(prefix);
    return {
      range: { start: lastEnd, end: lastEnd },
      newText: `${prefix}${member}`,
      ...(placeholder ? { placeholder } : {}),
    };
  }
  // Block mapping: a new line at the column of the keys (which, for `- Key: v`, is after the dash).
  const column = last.key.start - lineStartOf(doc.text, last.key.start);
  const indent = ' '.repeat(column);
  const nl = doc.text.indexOf('\n', lastEnd);
  if (nl < 0) {
    const placeholder = shift(`\n${indent}`);
    return {
      range: { start: doc.text.length, end: doc.text.length },
      newText: `\n${indent}${member}`,
      ...(placeholder ? { placeholder } : {}),
    };
  }
  const at = nl + 1;
  const eol = doc.text[nl - 1] === '\r' ? '\r\n' : '\n';
  const placeholder = shift(indent);
  return {
    range: { start: at, end: at },
    newText: `${indent}${member}${eol}`,
    ...(placeholder ? { placeholder } : {}),
  };
}

/** Replaces a whole `Key: value` entry by another, in its place (CidrIp → SourceSecurityGroupId). */
export function renameProperty(
  doc: CfnDocument,
  map: PMap,
  key: string,
  newKey: string,
  value: CfnValue,
): LocalEdit | undefined {
  const entry = entryOf(map, key);
  if (!entry) return undefined;
  const { text } = cfnValueText(value, doc);
  return {
    range: { start: entry.key.start, end: valueRange(doc.text, entry.value).end },
    newText: `${keyText(newKey, doc)}: ${text}`,
  };
}

/** The mapping a rule's syntax points at, when it is one (inline list item or standalone Properties). */
export function ruleMap(syntax: unknown): PMap | undefined {
  const node = syntax as PNode | undefined;
  return node && typeof node === 'object' && isMap(node) && !node.shortTag ? node : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Terraform

/** A Terraform string literal, with `${` and `%{` escaped. */
export function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

export function attributeOf(block: HclBlock, name: string): HclAttribute | undefined {
  return block.body.attributes.find((a) => a.name === name);
}

/** Whether an expression's text is a literal number or a quoted string without interpolation. */
export function isHclLiteral(text: string): boolean {
  return /^-?\d+$/.test(text) || /^"(?:[^"\\$%]|\\.|\$(?!\{)|%(?!\{))*"$/.test(text);
}

/**
 * Adds `name = value` to a block on a new line after its last attribute (or first line), at the
 * indentation its attributes use. A block written on one line (`ingress { from_port = 22 }`) gets none.
 */
export function addAttribute(
  text: string,
  block: HclBlock,
  name: string,
  valueText: string,
  valueInner?: TextRange,
): LocalEdit | undefined {
  const open = text.indexOf('{', block.typeRange.end);
  if (open < 0 || open >= block.end) return undefined;
  const firstNl = text.indexOf('\n', open);
  if (firstNl < 0 || firstNl >= block.end - 1) return undefined;
  const attrs = [...block.body.attributes].sort((a, b) => a.start - b.start);
  const last = attrs[attrs.length - 1];
  let indent: string;
  let at: number;
  if (last) {
    const ls = lineStartOf(text, last.start);
    indent = text.slice(ls, last.start);
    if (!/^[ \t]*$/.test(indent)) return undefined;
    const nl = text.indexOf('\n', last.end);
    if (nl < 0 || nl >= block.end) return undefined;
    at = nl + 1;
  } else {
    const blockIndent = /^[ \t]*/.exec(text.slice(lineStartOf(text, block.start)))![0];
    indent = `${blockIndent}  `;
    at = firstNl + 1;
  }
  const eol = text[at - 2] === '\r' ? '\r\n' : '\n';
  const prefix = `${indent}${name} = `;
  return {
    range: { start: at, end: at },
    newText: `${prefix}${valueText}${eol}`,
    ...(valueInner
      ? { placeholder: { start: prefix.length + valueInner.start, end: prefix.length + valueInner.end } }
      : {}),
  };
}

/** Removes an attribute's whole line(s) when it has them to itself, else just the attribute. */
export function removeAttribute(text: string, attr: HclAttribute): LocalEdit {
  const start = lineStartOf(text, attr.start);
  const nl = text.indexOf('\n', attr.end);
  const end = nl < 0 ? text.length : nl + 1;
  const rest = text.slice(attr.end, end).trim();
  if (text.slice(start, attr.start).trim() === '' && (rest === '' || /^(#|\/\/)/.test(rest)))
    return { range: { start, end }, newText: '' };
  return { range: { start: attr.start, end: attr.end }, newText: '' };
}

/** Sets an attribute to a literal: replaces a literal value, or adds the attribute when it is missing. */
export function setAttribute(
  text: string,
  block: HclBlock,
  name: string,
  valueText: string,
): LocalEdit | undefined {
  const attr = attributeOf(block, name);
  if (!attr) return addAttribute(text, block, name, valueText);
  if (!isHclLiteral(text.slice(attr.expr.start, attr.expr.end))) return undefined;
  return { range: { start: attr.expr.start, end: attr.expr.end }, newText: valueText };
}
