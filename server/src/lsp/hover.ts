/**
 * Hover on a flagged value: for each unsuppressed finding of the document's current version under the
 * cursor (most severe first), what the rule is (linked to its documentation), what the model says is open
 * to whom (group, direction, traffic, peer with the size of its CIDR), where the value was really written
 * (a parameter default, a mapping, a variable default, a tfvars entry, a local, a module argument: a link
 * that opens at that line) or what it depends on, why it matters with the equivalent checks of other
 * tools, and the quick fixes Ctrl+. offers. Findings come from the linters' cached results, as for code
 * actions: when the document moved on, there is no hover until the next lint.
 *
 * Everything that comes from the template (logical ids, names, descriptions, values, parameter names) is
 * escaped: the hover is Markdown and a template is untrusted input.
 */
import type { Hover, HoverParams, Position } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { DEFAULT_SENSITIVE_PORTS } from '../../../rules/config';
import type { Severity } from '../../../rules/config';
import { ruleById } from '../../../rules/index';
import { parseCidr } from '../../../rules/lib/cidr';
import { groupName } from '../../../rules/lib/describe';
import { worldExposures } from '../../../rules/lib/exposure';
import { describeReach, reachOf } from '../../../rules/lib/reach';
import type { SecurityGroup, SgRule, TemplateModel, TextRange, Value } from '../../../rules/model';
import type { Finding, FixIntent, PeerIds, RelatedInfo } from '../../../rules/types';
import type { LineIndex } from '../parse/lineIndex';
import type { TerraformActionSource } from './codeActions';
import type { TemplateResult } from './diagnostics';
import { toLspRange } from './diagnostics';
import type { DocLinks } from './docLinks';

/** At most this many findings are described in one hover; more are counted. */
export const MAX_HOVER_FINDINGS = 5;
/** At most this many rules are described for one finding (a Terraform block may stand for many). */
const MAX_RULES = 5;
/** Strings from the template longer than this are cut (a hover is not the place for a 10 kB name). */
const MAX_TEXT = 200;
/** The same for messages, which name several such strings. */
const MAX_MESSAGE = 1000;

/** A finding under the cursor, with what the hover needs to describe it. */
interface HoverEntry {
  readonly finding: Finding;
  /** The model the finding was computed from. */
  readonly model: TemplateModel;
  /** Line index of a file the lint read, to link to a place in it. */
  readonly linesOf: (uri: string) => LineIndex | undefined;
  /** Titles of the quick fixes code actions offer for it. */
  readonly fixes: readonly string[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
const SEVERITY_LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', note: 'Note' };

/**
 * Escapes text for Markdown, for use inside a line the hover starts itself: line breaks become spaces (so
 * the text can start no block), and every character that could open inline syntax is backslash-escaped:
 * code spans, emphasis, links and images, HTML and autolinks, entities, GFM tables, strikethrough, and GFM's
 * bare `https://…`/`www.…`/e-mail autolinks.
 */
export function escapeMarkdown(text: string, max = MAX_TEXT): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return (
    cut
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/[\\`*_[\]<>|~&:@]/g, '\\$&')
      .replace(/\b(www)\./gi, '$1\\.')
  );
}

const md = escapeMarkdown;

/** A URI as a Markdown link destination: characters that would end or break it are percent-encoded. */
export function linkTarget(uri: string): string {
  return uri.replace(
    /[\s()<>[\]\\`"'|]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** `web.yaml` from a file URI. */
export function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** `[web.yaml:4](file:///…/web.yaml#L4,14)`: VS Code opens the file at that line and column. */
function locationLink(uri: string, range: TextRange, linesOf: HoverEntry['linesOf']): string {
  const lines = linesOf(uri);
  if (!lines) return `[${md(fileName(uri))}](${linkTarget(uri)})`;
  const at = lines.positionAt(range.start);
  return `[${md(fileName(uri))}:${at.line + 1}](${linkTarget(`${uri}#L${at.line + 1},${at.character + 1}`)})`;
}

function contains(range: TextRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}

function within(inner: TextRange, outer: TextRange): boolean {
  return inner.end > inner.start && outer.start <= inner.start && inner.end <= outer.end;
}

function sameRange(a: TextRange, b: TextRange): boolean {
  return a.start === b.start && a.end === b.end;
}

/** A value of a rule the hover may name: what it is and where it is written. */
interface RuleValue {
  readonly label: string;
  readonly value: Value<unknown>;
}

function ruleValues(rule: SgRule): RuleValue[] {
  const out: RuleValue[] = [];
  const p = rule.peer;
  if (p.kind === 'cidr4' || p.kind === 'cidr6') out.push({ label: 'the CIDR', value: p.cidr });
  else if (p.kind === 'group') out.push({ label: 'the peer group', value: p.ref });
  else if (p.kind === 'prefixList') out.push({ label: 'the prefix list', value: p.id });
  const icmp = reachOf(rule).kind === 'icmp';
  out.push({ label: 'the protocol', value: rule.protocol });
  out.push({ label: icmp ? 'the ICMP type' : 'the from port', value: rule.fromPort });
  out.push({ label: icmp ? 'the ICMP code' : 'the to port', value: rule.toPort });
  if (rule.description) out.push({ label: 'the description', value: rule.description });
  if (rule.groupRef) out.push({ label: 'the group reference', value: rule.groupRef.ref });
  return out;
}

/** Values of a rule at the finding's spot: under the cursor, or written inside the finding's range. */
function valuesAt(rule: SgRule, finding: Finding, offset: number): RuleValue[] {
  return ruleValues(rule).filter(
    (v) =>
      v.value.uri === finding.uri &&
      (contains(v.value.range, offset) || within(v.value.range, finding.range)),
  );
}

/**
 * The rules of the finding's group that the model has at the cursor. Rules AWS adds by itself (the
 * implicit allow-all egress) have no text of their own: their spot is the group's name, where the
 * finding's message says it best.
 */
function rulesAt(entry: HoverEntry, offset: number): { group?: SecurityGroup; rules: SgRule[] } {
  const { finding, model } = entry;
  if (finding.group === undefined) return { rules: [] };
  const group = model.groups.find((g) => g.address === finding.group);
  const candidates = new Set<SgRule>([
    ...(group ? [...group.ingress, ...group.egress] : []),
    ...model.standaloneRules.filter((r) => r.group === finding.group),
  ]);
  const rules = [...candidates].filter(
    (r) =>
      !r.implicit &&
      r.uri === finding.uri &&
      (sameRange(r.headRange, finding.range) || valuesAt(r, finding, offset).length > 0),
  );
  return { ...(group ? { group } : {}), rules: rules.length > 1 ? narrowed(rules, finding, offset) : rules };
}

/**
 * One expression can stand for several rules (Terraform's `cidr_blocks = var.cidrs`): they share the range
 * the finding points at. The ones the finding is about are those whose value it names as related (where
 * the value was set) or proposes to fix; when it names none, all of them are shown.
 */
function narrowed(rules: SgRule[], finding: Finding, offset: number): SgRule[] {
  const related = new Set((finding.related ?? []).map((r) => `${r.uri}|${r.range.start}|${r.range.end}`));
  const targets = new Set<unknown>(
    (finding.fixes ?? []).flatMap((f): unknown[] =>
      'target' in f ? [f.target] : 'rule' in f ? [f.rule] : [],
    ),
  );
  const named = rules.filter(
    (r) =>
      targets.has(r) ||
      valuesAt(r, finding, offset).some(
        ({ value: v }) =>
          targets.has(v) ||
          (v.origin !== undefined &&
            related.has(`${v.origin.uri}|${v.origin.range.start}|${v.origin.range.end}`)),
      ),
  );
  return named.length ? named : rules;
}

/** "2,147,483,648". */
function grouped(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** How many addresses a block holds: "1 address", "16,777,216 addresses", "2⁶⁴ addresses". */
function addressCount(prefix: number, family: 4 | 6): string {
  const bits = (family === 4 ? 32 : 128) - prefix;
  if (bits === 0) return '1 address';
  if (bits <= 32) return `${grouped(1n << BigInt(bits))} addresses`;
  return `2${[...String(bits)].map((d) => SUPERSCRIPT[Number(d)]).join('')} addresses`;
}

function dependsText(v: Value<unknown>): string {
  return md(v.dependsOn ?? 'an unresolved value');
}

/** The peer in plain words, with the size of a CIDR and, for world exposure by several blocks, the others. */
function peerText(rule: SgRule, group: SecurityGroup | undefined): string {
  const p = rule.peer;
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6': {
      if (!p.cidr.known) return `a CIDR that depends on ${dependsText(p.cidr)}`;
      const text = String(p.cidr.value);
      const parsed = parseCidr(text, p.kind === 'cidr4' ? 4 : 6);
      if (!parsed.ok) return `**${md(text)}** (not a valid CIDR: ${md(parsed.error)})`;
      const { cidr } = parsed;
      const space = cidr.family === 4 ? 'IPv4' : 'IPv6';
      const canonical = cidr.hostBitsSet ? `, read by AWS as ${md(cidr.canonical)}` : '';
      if (cidr.prefix === 0) return `**${md(text)}** (the world: every ${space} address${canonical})`;
      const exposure = group
        ? worldExposures(group, rule.direction).find((e) => e.rule === rule && e.partners.length > 0)
        : undefined;
      const others = exposure
        ? [
            ...new Set(
              exposure.partners.map((r) =>
                r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? String(r.peer.cidr.value) : r.key,
              ),
            ),
          ]
        : [];
      const world = others.length
        ? `; with ${others.map((t) => md(t)).join(', ')} it covers every ${space} address: the world`
        : '';
      return `**${md(text)}** (${addressCount(cidr.prefix, cidr.family)}${canonical}${world})`;
    }
    case 'group': {
      if (!p.ref.known) return `a group that depends on ${dependsText(p.ref)}`;
      const name = `group **${md(p.target ?? String(p.ref.value))}**`;
      switch (p.resolution) {
        case 'declared':
          return name;
        case 'external':
          return `${name} (not declared here)`;
        case 'missing':
          return `${name}, which is not declared`;
        case 'not-a-group':
          return `**${md(String(p.ref.value))}**, which is not a security group${p.detail ? ` (${md(p.detail)})` : ''}`;
      }
      return name;
    }
    case 'prefixList':
      return p.id.known
        ? `prefix list **${md(String(p.id.value))}**`
        : `a prefix list that depends on ${dependsText(p.id)}`;
    case 'self':
      return 'the group itself';
    case 'unknown':
      return `an unclear peer (${md(p.reason)})`;
  }
}

/** A well-known service on a port or range, named as the messages name it: "SSH". */
function serviceOf(from: number, to: number): string | undefined {
  const hit = DEFAULT_SENSITIVE_PORTS.find(
    (p) => (p.from === from && p.to === to) || (from === to && p.from <= from && from <= p.to),
  );
  return hit?.name;
}

function rawValue(v: Value<unknown>): string {
  if (v.known) return md(String(v.value));
  return v.dependsOn ? `(depends on ${md(v.dependsOn)})` : '(not written)';
}

/** The traffic a rule lets through: "tcp port 22 (SSH)", "all traffic", "ICMP type 8 code 0". */
function trafficText(rule: SgRule): string {
  const reach = reachOf(rule);
  switch (reach.kind) {
    case 'all':
      return 'all traffic (every protocol and port)';
    case 'ports': {
      const service = serviceOf(reach.from, reach.to);
      const suffix = service ? ` (${service})` : '';
      if (reach.from === reach.to) return `${reach.protocol} port ${reach.from}${suffix}`;
      const every = reach.from === 0 && reach.to === 65535 ? ' (every port)' : suffix;
      return `${reach.protocol} ports ${reach.from}–${reach.to}${every}`;
    }
    case 'icmp': {
      const label = describeReach(reach);
      const type = rule.fromPort.known ? rule.fromPort.value : undefined;
      const code = rule.toPort.known ? rule.toPort.value : undefined;
      if (type === undefined || Number.isNaN(type) || type === -1) return `all ${label}`;
      return code === undefined || Number.isNaN(code) || code === -1
        ? `${label} type ${type}`
        : `${label} type ${type} code ${code}`;
    }
    case 'protocol':
      return describeReach(reach);
    case 'unknown':
      return `traffic that depends on ${md(reach.dependsOn ?? 'an unresolved value')}`;
    case 'invalid': {
      const why = rule.deployError ? `: ${md(rule.deployError)}` : ', which AWS rejects';
      return `protocol ${rawValue(rule.protocol)} with ports ${rawValue(rule.fromPort)} to ${rawValue(rule.toPort)}${why}`;
    }
  }
}

/** "Group **WebSG** (construct **Shop/WebSg**)" or "**The default security group of Vpc**". */
function groupLabel(finding: Finding, group: SecurityGroup | undefined): string {
  const address = finding.group ?? '';
  const base = group?.isDefault
    ? `**${md(capitalize(groupName(group)))}**`
    : `Group **${md(group?.address ?? address)}**`;
  return finding.cdk ? `${base} (construct **${md(finding.cdk.construct)}**)` : base;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function conditionsText(rule: SgRule): string {
  if (rule.conditions.length === 0) return '';
  const parts = rule.conditions.map((c) => `**${md(c.name)}** is ${c.value}`);
  return ` when ${parts.length === 1 ? 'condition' : 'conditions'} ${parts.join(' and ')}`;
}

/** One sentence per rule: who, which direction, what traffic, from or to whom, and under what condition. */
function ruleSentence(finding: Finding, group: SecurityGroup | undefined, rule: SgRule): string {
  const written =
    rule.writtenIn !== (group?.address ?? finding.group) ? ` (rule **${md(rule.writtenIn)}**)` : '';
  const description =
    rule.description?.known && rule.description.value !== ''
      ? `, described as “${md(String(rule.description.value))}”`
      : '';
  const toward = rule.direction === 'ingress' ? 'from' : 'to';
  return `${groupLabel(finding, group)}${written} allows ${rule.direction} of ${trafficText(rule)} ${toward} ${peerText(rule, group)}${conditionsText(rule)}${description}.`;
}

/** The origins and dependencies of the values at the cursor, then the finding's other related places. */
function whereFrom(entry: HoverEntry, rules: readonly SgRule[], offset: number): string[] {
  const { finding, linesOf } = entry;
  const out: string[] = [];
  const shown = new Set<string>();
  const key = (uri: string, r: TextRange): string => `${uri}|${r.start}|${r.end}`;
  for (const rule of rules) {
    for (const { label, value } of valuesAt(rule, finding, offset)) {
      if (value.origin) {
        const k = key(value.origin.uri, value.origin.range);
        if (shown.has(k)) continue;
        shown.add(k);
        const text = value.value === '' ? 'An empty value' : `**${md(String(value.value))}**`;
        out.push(
          `${text} comes from ${md(value.origin.describe)}, at ${locationLink(value.origin.uri, value.origin.range, linesOf)}.`,
        );
      } else if (!value.known && value.dependsOn) {
        const k = `depends|${label}|${value.dependsOn}`;
        if (shown.has(k)) continue;
        shown.add(k);
        out.push(`${capitalize(label)} depends on ${md(value.dependsOn)}.`);
      }
    }
  }
  for (const r of finding.related ?? []) {
    const k = key(r.uri, r.range);
    if (shown.has(k)) continue;
    shown.add(k);
    out.push(relatedLine(r, linesOf));
  }
  return out;
}

function relatedLine(r: RelatedInfo, linesOf: HoverEntry['linesOf']): string {
  const message = md(r.message, MAX_MESSAGE).replace(/\.$/, '');
  return `${capitalize(message)}: ${locationLink(r.uri, r.range, linesOf)}.`;
}

const PEER_TOOLS: readonly [keyof PeerIds, string][] = [
  ['checkov', 'checkov'],
  ['trivy', 'trivy/tfsec'],
  ['cfn_nag', 'cfn_nag'],
  ['cfn_lint', 'cfn-lint'],
  ['kics', 'KICS'],
  ['cdk_nag', 'cdk-nag'],
];

/** At most this many ids per tool (KICS has a UUID per query and format): the rule's page lists them all. */
const MAX_PEER_IDS = 3;

/** "checkov `CKV_AWS_24`, `CKV_AWS_25` · cfn_nag `W2`", or "" for a rule no other tool has. */
function peerIdsText(peerIds: PeerIds): string {
  const parts: string[] = [];
  for (const [tool, label] of PEER_TOOLS) {
    const ids = peerIds[tool];
    if (!ids?.length) continue;
    const listed = ids.slice(0, MAX_PEER_IDS).map((id) => `\`${id}\``);
    const more = ids.length > MAX_PEER_IDS ? ` and ${ids.length - MAX_PEER_IDS} more` : '';
    parts.push(`${label} ${listed.join(', ')}${more}`);
  }
  return parts.join(' · ');
}

/** The Markdown for one finding. */
function findingMarkdown(entry: HoverEntry, offset: number, docLinks: DocLinks): string {
  const { finding } = entry;
  const meta = ruleById(finding.ruleId)?.meta;
  const link = docLinks.forRule(finding.ruleId);
  const blocks: string[] = [
    `**${SEVERITY_LABEL[finding.severity]}** [${md(finding.ruleId)}](${linkTarget(link.href)})${meta ? ` ${md(meta.name)}` : ''}`,
  ];
  const { group, rules } = rulesAt(entry, offset);
  if (rules.length === 0) blocks.push(md(finding.message, MAX_MESSAGE));
  else {
    const sentences = rules.slice(0, MAX_RULES).map((r) => ruleSentence(finding, group, r));
    if (rules.length > MAX_RULES) sentences.push(`…and ${rules.length - MAX_RULES} more rules.`);
    blocks.push(sentences.length === 1 ? sentences[0]! : sentences.map((s) => `- ${s}`).join('\n'));
  }
  const where = whereFrom(entry, rules, offset);
  if (where.length) blocks.push(where.length === 1 ? where[0]! : where.map((s) => `- ${s}`).join('\n'));
  if (meta) {
    blocks.push(`Why it matters: ${meta.rationale}`);
    const peers = peerIdsText(meta.peerIds);
    if (peers) blocks.push(`Equivalent checks: ${peers}`);
  }
  if (entry.fixes.length) blocks.push(`Quick fixes: ${entry.fixes.map((t) => md(t)).join(' · ')}`);
  return blocks.join('\n\n');
}

/** The hover for the findings under the cursor (already filtered to visible ones at the position). */
function hoverOf(entries: HoverEntry[], offset: number, lines: LineIndex, docLinks: DocLinks): Hover | null {
  if (entries.length === 0) return null;
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => SEVERITY_RANK[a.e.finding.severity] - SEVERITY_RANK[b.e.finding.severity] || a.i - b.i)
    .map((x) => x.e);
  const shown = sorted.slice(0, MAX_HOVER_FINDINGS);
  const parts = shown.map((e) => findingMarkdown(e, offset, docLinks));
  const more = sorted.length - shown.length;
  if (more > 0) parts.push(`…and ${more} more ${more === 1 ? 'finding' : 'findings'} here.`);
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: toLspRange(lines, sorted[0]!.finding.range),
  };
}

function visibleAt(f: Finding, uri: string, offset: number): boolean {
  return f.uri === uri && !f.suppressions?.length && contains(f.range, offset);
}

/**
 * Titles of the finding's fixes that can be offered in this document: a fix whose edit belongs in another
 * file (a variable default in variables.tf) is left out, as the code actions here leave it out, and so is a
 * value that is only part of what is written at its origin (one item of a comma-separated default).
 */
function fixTitles(finding: Finding, uri: string): string[] {
  return (finding.fixes ?? []).filter((f) => editsHere(f, uri)).map((f) => f.title);
}

function editsHere(fix: FixIntent, uri: string): boolean {
  if ('target' in fix) {
    const t = fix.target;
    return !t.origin?.partial && (t.origin?.uri ?? t.uri) === uri;
  }
  if ('rule' in fix) return fix.rule.uri === uri;
  return true;
}

function offsetOf(lines: LineIndex, position: Position): number {
  return lines.offsetAt(position);
}

/** The hover for a CloudFormation template, from its cached lint result for the document's version. */
export function hoverFor(
  params: HoverParams,
  result: TemplateResult | undefined,
  docLinks: DocLinks,
): Hover | null {
  if (!result) return null;
  const uri = params.textDocument.uri;
  const offset = offsetOf(result.lines, params.position);
  const linesOf = (u: string): LineIndex | undefined => (u === result.uri ? result.lines : undefined);
  const entries = result.findings
    .filter((f) => visibleAt(f, uri, offset))
    .map((finding) => ({ finding, model: result.model, linesOf, fixes: fixTitles(finding, uri) }));
  return hoverOf(entries, offset, result.lines, docLinks);
}

/** The hover for a Terraform file, from the module lints that read its current version. */
export function terraformHoverFor(
  params: HoverParams,
  sources: readonly TerraformActionSource[],
  docLinks: DocLinks,
): Hover | null {
  const first = sources[0];
  if (!first) return null;
  const uri = params.textDocument.uri;
  const offset = offsetOf(first.file.lines, params.position);
  const entries: HoverEntry[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    const linesOf = (u: string): LineIndex | undefined => source.result.files.get(u)?.lines;
    for (const finding of source.result.findings) {
      if (!visibleAt(finding, uri, offset)) continue;
      // A file read by two module lints (its folder's and a caller's) may have the same finding twice.
      const k = `${finding.ruleId}|${finding.range.start}|${finding.range.end}|${finding.group ?? ''}|${finding.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      entries.push({ finding, model: source.result.model, linesOf, fixes: fixTitles(finding, uri) });
    }
  }
  return hoverOf(entries, offset, first.file.lines, docLinks);
}

/** Two hovers for one spot as one: the findings first, then what else is known there. */
export function joinHovers(first: Hover | null, second: Hover | null): Hover | null {
  if (!first || !second) return first ?? second;
  const text = (h: Hover): string =>
    typeof h.contents === 'object' && 'kind' in h.contents ? h.contents.value : '';
  return {
    contents: { kind: MarkupKind.Markdown, value: `${text(first)}\n\n---\n\n${text(second)}` },
    ...(first.range ? { range: first.range } : {}),
  };
}
