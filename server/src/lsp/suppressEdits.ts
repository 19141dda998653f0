/**
 * "Suppress with a reason", in the file's own dialect (DESIGN.md §6):
 * - YAML: a `# sg-lint-ignore SG101 accepted risk` line above the line where the rule (or else the
 *   resource) holding the finding starts, indented like that line, so it covers exactly that block;
 * - Terraform: the same comment above the inline block (`ingress {`, `dynamic "ingress" {`) or else the
 *   resource holding the finding: a comment covers the block that starts on the next code line;
 * - JSON, which has no comments: an entry in the resource's `Metadata.sg-lint.ignore`, written with
 *   jsonc-parser's `modify` in the file's own indentation, and offered only when the edited text still
 *   parses.
 * The reason is the user's (VS Code asks for it), or else a placeholder the client selects after the
 * edit so the user types over it. A reason is one line: line breaks would end the comment early.
 */
import type { FormattingOptions, Node as JsonNode, ParseError } from 'jsonc-parser';
import { applyEdits as applyJsonEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import type { TextRange } from '../../../rules/model';
import type { Finding } from '../../../rules/types';
import type { TerraformFile } from '../engine/lint';
import type { TextEdit } from '../fixes/render';
import { LineIndex } from '../parse/lineIndex';
import type { HclBlock } from '../terraform/hcl';
import type { TemplateResult } from './diagnostics';

/** Written as the suppression's reason; selected after the edit so the user types over it. */
export const PLACEHOLDER_REASON = 'accepted risk';

export interface CommentSuppression {
  readonly edit: TextEdit;
  /** What the comment covers, for the action's title ("rule", "resource", "ingress block"…). */
  readonly covers: string;
  /** Where the reason is once the edit is applied (0-based line, UTF-16 characters). */
  readonly reason: { readonly line: number; readonly start: number; readonly end: number };
}

function contains(outer: TextRange, offset: number): boolean {
  return outer.start <= offset && offset < Math.max(outer.end, outer.start + 1);
}

function smallest<T extends { range: TextRange }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (!best || item.range.end - item.range.start < best.range.end - best.range.start) best = item;
  }
  return best;
}

/** The block a suppression comment should sit above: the innermost rule, else resource, holding the finding. */
function suppressionTarget(
  finding: Finding,
  result: TemplateResult,
): { start: number; covers: 'rule' | 'resource' | 'line' } {
  const at = finding.range.start;
  const { model } = result;
  const rules = [
    ...model.groups.flatMap((g) => [...g.ingress, ...g.egress]),
    ...model.standaloneRules,
  ].filter((r) => !r.implicit && r.uri === result.uri && contains(r.range, at));
  const rule = smallest(rules);
  if (rule) return { start: rule.range.start, covers: 'rule' };
  const resource = smallest(
    [...model.resources.values()].filter((r) => r.uri === result.uri && contains(r.range, at)),
  );
  if (resource) return { start: resource.range.start, covers: 'resource' };
  return { start: at, covers: 'line' };
}

/** A reason as one line of text; the placeholder when nothing is left. */
export function reasonText(reason: string | undefined): string {
  const text = (reason ?? '').replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
  return text || PLACEHOLDER_REASON;
}

export function yamlSuppression(
  finding: Finding,
  result: TemplateResult,
  reason?: string,
): CommentSuppression {
  const target = suppressionTarget(finding, result);
  return commentAbove(
    result.uri,
    result.text,
    result.lines,
    target.start,
    finding.ruleId,
    target.covers,
    reasonText(reason),
  );
}

/** A `# sg-lint-ignore` line above the line holding `at`, indented like it, in the file's line ending. */
function commentAbove(
  uri: string,
  text: string,
  lines: LineIndex,
  at: number,
  ruleId: string,
  covers: string,
  reason: string,
): CommentSuppression {
  const line = lines.lineOf(at);
  const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const prefix = `${indent}# sg-lint-ignore ${ruleId} `;
  const offset = lines.lineStart(line);
  return {
    edit: { uri, range: { start: offset, end: offset }, newText: `${prefix}${reason}${eol}` },
    covers,
    reason: { line, start: prefix.length, end: prefix.length + reason.length },
  };
}

/**
 * The comment for a finding in a Terraform file: above the inline block holding it (`ingress`, `egress`,
 * `dynamic "ingress"`), else above the top-level block (the resource). Undefined when no block of the
 * file holds the finding (a tfvars value: the engine reads suppressions in .tf files only).
 */
export function hclSuppression(
  finding: Finding,
  file: TerraformFile,
  reason?: string,
): CommentSuppression | undefined {
  const why = reasonText(reason);
  const at = finding.range.start;
  const holds = (b: HclBlock): boolean => contains(b, at);
  // Recovered blocks (inside a syntax error) can overlap: the smallest one is the real holder.
  const top = smallest(file.hcl.blocks.filter(holds).map((b) => ({ block: b, range: b })))?.block;
  if (!top) return undefined;
  const inline = top.body.blocks.find(holds);
  if (inline) {
    const label =
      inline.type === 'dynamic' && inline.labels[0] ? `dynamic "${inline.labels[0].value}"` : inline.type;
    return commentAbove(file.uri, file.text, file.lines, inline.start, finding.ruleId, `${label} block`, why);
  }
  const covers = top.type === 'resource' ? 'resource' : `${top.type} block`;
  return commentAbove(file.uri, file.text, file.lines, top.start, finding.ruleId, covers, why);
}

/** jsonc-parser formatting options matching the file: its indentation unit and line ending. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

function isKind(node: JsonNode | undefined, type: JsonNode['type']): boolean {
  return node === undefined || node.type === type;
}

export interface JsonSuppression {
  readonly edits: TextEdit[];
  readonly address: string;
  /** Where the reason is once the edits are applied, when that can be said. */
  readonly reason?: CommentSuppression['reason'];
}

/** Edits that add `{ id, reason }` to the finding's resource's `Metadata.sg-lint.ignore`, or undefined. */
export function jsonSuppression(
  finding: Finding,
  result: TemplateResult,
  reason?: string,
): JsonSuppression | undefined {
  const why = reasonText(reason);
  const { text, model } = result;
  if (result.tree.errors.length > 0) return undefined;
  const resource = model.resources.get(finding.resource);
  if (!resource || resource.uri !== result.uri) return undefined;
  const root = parseTree(text);
  if (!root) return undefined;
  const path = ['Resources', resource.address];
  const node = findNodeAtLocation(root, path);
  // The resource jsonc-parser finds must be the one the model read (they differ only with duplicate keys).
  if (node?.type !== 'object' || node.parent?.children?.[0]?.offset !== resource.idRange.start)
    return undefined;
  const metadata = findNodeAtLocation(root, [...path, 'Metadata']);
  const own = findNodeAtLocation(root, [...path, 'Metadata', 'sg-lint']);
  const ignore = findNodeAtLocation(root, [...path, 'Metadata', 'sg-lint', 'ignore']);
  if (!isKind(metadata, 'object') || !isKind(own, 'object') || !isKind(ignore, 'array')) return undefined;
  let edits;
  try {
    edits = modify(
      text,
      [...path, 'Metadata', 'sg-lint', 'ignore', -1],
      { id: finding.ruleId, reason: why },
      {
        formattingOptions: formattingOf(text),
        isArrayInsertion: true,
      },
    );
  } catch {
    return undefined;
  }
  if (edits.length === 0) return undefined;
  const errors: ParseError[] = [];
  const edited = applyJsonEdits(text, edits);
  parseTree(edited, errors);
  if (errors.length > 0) return undefined;
  const out: JsonSuppression = {
    edits: edits.map((e) => ({
      uri: result.uri,
      range: { start: e.offset, end: e.offset + e.length },
      newText: e.content,
    })),
    address: resource.address,
  };
  if (edits.length !== 1) return out;
  // One insertion: the reason is the placeholder string inside it.
  const at = edited.indexOf(JSON.stringify(why), edits[0]!.offset);
  if (at < 0) return out;
  const start = new LineIndex(edited).positionAt(at + 1);
  return {
    ...out,
    reason: { line: start.line, start: start.character, end: start.character + why.length },
  };
}
