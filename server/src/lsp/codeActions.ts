/**
 * Quick fixes for sg-lint diagnostics: for each one in the request, the finding's rendered fixes (the
 * likeliest first, preferred), "Suppress … with a comment" (YAML, Terraform) or "… in its Metadata"
 * (JSON), and "Show documentation for SGxxx" once per rule. Findings come from the linters' cached results
 * for the document's current version; when the document moved on, nothing is offered until the next lint.
 */
import type {
  CodeAction,
  CodeActionParams,
  Diagnostic,
  TextEdit as LspTextEdit,
  SnippetTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextRange } from '../../../rules/model';
import type { Finding } from '../../../rules/types';
import type { TerraformFile } from '../engine/lint';
import type { FixDocument, PendingFix, RenderedFix, TextEdit } from '../fixes/render';
import { pendingFixes, renderFixWithInput, renderFixes } from '../fixes/render';
import { LineIndex } from '../parse/lineIndex';
import type {
  ApplyFixArgs,
  DiagnosticData,
  FindingRef,
  FixEditParams,
  FixEditResult,
  FixQuestion,
  SelectRangeArgs,
  ShowDocumentationArgs,
} from '../protocol';
import { Commands, DIAGNOSTIC_SOURCE } from '../protocol';
import type { ModuleResult, TemplateResult } from './diagnostics';
import { toLspRange } from './diagnostics';
import type { DocLinks } from './docLinks';
import type { CommentSuppression } from './suppressEdits';
import { hclSuppression, jsonSuppression, yamlSuppression } from './suppressEdits';

export interface CodeActionOptions {
  readonly docLinks: DocLinks;
  /** The client applies versioned `documentChanges` (else plain `changes`). */
  readonly documentChanges: boolean;
  /** The client runs `sgLint.applyFix` (VS Code's client): fixes that need input and reasons are asked for. */
  readonly interactive?: boolean;
  /** The client takes snippet edits in workspace edits (LSP 3.18): a generated description gets selected. */
  readonly snippetEdits?: boolean;
}

/** The kind of the "Fix all" source action; `source.fixAll` requests (on save) include it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.sgLint`;

/** Whether the request's `only` filter lets quick fixes through (kinds are hierarchical: `a` covers `a.b`). */
function wantsQuickFix(only: readonly string[] | undefined): boolean {
  if (!only) return true;
  return only.some(
    (k) => k === '' || CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`),
  );
}

/** Whether the request asks for sg-lint's "Fix all" (`source`, `source.fixAll` or its own kind). */
function wantsFixAll(only: readonly string[] | undefined): boolean {
  return !!only?.some((k) => k === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${k}.`));
}

function isDiagnosticData(data: unknown): data is DiagnosticData {
  if (!data || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  return (
    typeof d.ruleId === 'string' &&
    typeof d.version === 'number' &&
    typeof d.index === 'number' &&
    (d.module === undefined || typeof d.module === 'string')
  );
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The finding behind a diagnostic: by its data, or (from clients that drop `data`) by rule and range. */
function findingOf(diagnostic: Diagnostic, result: TemplateResult, version: number): Finding | undefined {
  const data: unknown = diagnostic.data;
  if (isDiagnosticData(data)) {
    if (data.version !== version) return undefined;
    const f = result.findings[data.index];
    return f && f.ruleId === data.ruleId && !f.suppressions?.length ? f : undefined;
  }
  return result.findings.find(
    (f) =>
      f.ruleId === diagnostic.code &&
      !f.suppressions?.length &&
      sameRange(toLspRange(result.lines, f.range), diagnostic.range),
  );
}

/** A finding found again in a document, with what fixes are rendered against. */
interface Located {
  readonly finding: Finding;
  readonly ref: FindingRef;
  readonly doc: FixDocument;
  /** The suppression in the file's own form, with the user's reason (or the placeholder). */
  readonly suppress: (reason?: string) => SuppressionEdit | undefined;
}

interface SuppressionEdit {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly reason?: CommentSuppression['reason'];
}

/** One document's cached lint, as the code actions read it. */
interface ActionSource {
  readonly uri: string;
  readonly version: number;
  readonly lines: LineIndex;
  locate(diagnostic: Diagnostic): Located | undefined;
  locateRef(ref: FindingRef): Located | undefined;
  /** Every unsuppressed finding of the document, for "Fix all". */
  all(): Located[];
  /** The text of another file a fix may edit (a variable default in variables.tf). */
  textOf(uri: string): string | undefined;
}

/** Edits as an LSP workspace edit: the document itself versioned when the client can, other files plain. */
function toWorkspaceEdit(
  source: ActionSource,
  edits: readonly TextEdit[],
  options: CodeActionOptions,
  placeholder?: RenderedFix['placeholder'],
): WorkspaceEdit | undefined {
  const byUri = new Map<string, (LspTextEdit | SnippetTextEdit)[]>();
  for (const [i, e] of edits.entries()) {
    const lines =
      e.uri === source.uri
        ? source.lines
        : (() => {
            const text = source.textOf(e.uri);
            return text === undefined ? undefined : new LineIndex(text);
          })();
    if (!lines) return undefined;
    const range = toLspRange(lines, e.range);
    const list = byUri.get(e.uri) ?? [];
    if (placeholder?.editIndex === i && options.snippetEdits) {
      const p = placeholder.range;
      const escape = (t: string): string => t.replace(/[\\$}]/g, (c) => `\\${c}`);
      const value = `${escape(e.newText.slice(0, p.start))}\${1:${escape(e.newText.slice(p.start, p.end))}}${escape(e.newText.slice(p.end))}`;
      list.push({ range, snippet: { kind: 'snippet', value } });
    } else {
      list.push({ range, newText: e.newText });
    }
    byUri.set(e.uri, list);
  }
  if (!options.documentChanges) {
    return { changes: Object.fromEntries([...byUri].map(([uri, list]) => [uri, list as LspTextEdit[]])) };
  }
  return {
    documentChanges: [...byUri].map(([uri, list]) => ({
      textDocument: { uri, version: uri === source.uri ? source.version : null },
      edits: list,
    })),
  };
}

/** The actions for the request's diagnostics of one document, in the order an editor lists them. */
function buildActions(
  params: CodeActionParams,
  source: ActionSource,
  options: CodeActionOptions,
): CodeAction[] {
  const uri = source.uri;
  const selectAfter = (reason: SuppressionEdit['reason']): CodeAction['command'] => {
    if (!reason) return undefined;
    const args: SelectRangeArgs = {
      uri,
      start: { line: reason.line, character: reason.start },
      end: { line: reason.line, character: reason.end },
    };
    return { title: 'Select the reason', command: Commands.selectRange, arguments: [args] };
  };

  const fixes: CodeAction[] = [];
  const asks: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const docs = new Map<string, Diagnostic[]>();
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
    const located = source.locate(diagnostic);
    if (!located) continue;
    const { finding, doc, ref } = located;
    for (const fix of renderFixes(finding, doc)) {
      // Quick fixes edit the document they are offered in (an edit elsewhere would go unseen).
      if (fix.edits.some((e) => e.uri !== uri)) continue;
      const edit = toWorkspaceEdit(source, fix.edits, options, fix.placeholder);
      if (!edit) continue;
      fixes.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit,
      });
    }
    if (options.interactive) {
      for (const pending of pendingFixes(finding, doc)) {
        const args: ApplyFixArgs = {
          ref,
          title: pending.title,
          question: questionOf(pending),
          fixIndex: pending.fixIndex,
        };
        asks.push({
          title: pending.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: pending.title, command: Commands.applyFix, arguments: [args] },
        });
      }
    }
    const suppression = finding.ruleId === 'SG000' ? undefined : located.suppress();
    if (suppression && suppression.edits.every((e) => e.uri === uri)) {
      if (options.interactive) {
        const title = `${suppression.title}…`;
        const args: ApplyFixArgs = { ref, title, question: { kind: 'reason', ruleId: finding.ruleId } };
        suppressions.push({
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title, command: Commands.applyFix, arguments: [args] },
        });
      } else {
        const command = selectAfter(suppression.reason);
        const edit = toWorkspaceEdit(source, suppression.edits, options);
        if (edit)
          suppressions.push({
            title: suppression.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit,
            ...(command ? { command } : {}),
          });
      }
    }
    const list = docs.get(finding.ruleId) ?? [];
    list.push(diagnostic);
    docs.set(finding.ruleId, list);
  }
  return [...fixes, ...asks, ...suppressions, ...documentationActions(docs, options.docLinks)];
}

function questionOf(pending: PendingFix): FixQuestion {
  const intent = pending.intent;
  switch (intent.kind) {
    case 'ask-cidr':
      return {
        kind: 'cidr',
        family: intent.family,
        ...(intent.target.known ? { current: String(intent.target.value) } : {}),
      };
    case 'reference-group':
      return { kind: 'group', candidates: intent.candidates };
    case 'limit-ports': {
      const r = intent.rule;
      const current =
        r.protocol.known &&
        (r.protocol.value === 'tcp' || r.protocol.value === 'udp') &&
        r.fromPort.known &&
        r.toPort.known
          ? `${r.protocol.value} ${r.fromPort.value}-${r.toPort.value}`
          : undefined;
      return { kind: 'ports', ...(current ? { current } : {}) };
    }
  }
}

/**
 * "Fix all": every fix that changes no traffic (a description, a CIDR's canonical spelling, a duplicate
 * rule), for every finding of the document, as one edit. Fixes whose edits touch one already taken are
 * left for the next run, so nothing is applied twice or half.
 */
function fixAllAction(source: ActionSource, options: CodeActionOptions): CodeAction[] {
  const candidates: RenderedFix[] = [];
  for (const { finding, doc } of source.all()) {
    const fix = renderFixes(finding, doc).find((f) => f.safe && f.edits.every((e) => e.uri === source.uri));
    if (fix) candidates.push(fix);
  }
  // Removals first: a removed duplicate needs no description.
  const removes = (f: RenderedFix): boolean =>
    f.edits.every((e) => e.newText === '' && e.range.end > e.range.start);
  candidates.sort((a, b) => Number(removes(b)) - Number(removes(a)));
  const taken: TextEdit[] = [];
  for (const fix of candidates) {
    if (!fix.edits.some((e) => taken.some((t) => clash(e.range, t.range)))) taken.push(...fix.edits);
  }
  if (taken.length === 0) return [];
  const edit = toWorkspaceEdit(source, joinAtEdges(taken), options);
  return edit ? [{ title: 'Fix all sg-lint problems that change no traffic', kind: FIX_ALL_KIND, edit }] : [];
}

/**
 * An insertion where a replacement starts becomes part of that replacement: editors reject two edits
 * starting at one offset when one of them removes text.
 */
function joinAtEdges(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.uri === e.uri &&
      prev.range.start === prev.range.end &&
      prev.range.start === e.range.start
    )
      out[out.length - 1] = { uri: e.uri, range: e.range, newText: prev.newText + e.newText };
    else out.push(e);
  }
  return out;
}

/**
 * Whether two edits cannot both be applied: their ranges overlap, they insert at the same point (in an
 * order nobody chose), or one inserts inside or at the end of what the other replaces. An insertion
 * where a replacement starts is fine (see {@link joinAtEdges}).
 */
function clash(a: TextRange, b: TextRange): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const insertA = a.start === a.end;
  const insertB = b.start === b.end;
  if (insertA && insertB) return a.start === b.start;
  // An insertion at a removal's end may belong to what is removed (text appended to its last line).
  if (insertA) return b.start < a.start && a.start <= b.end;
  if (insertB) return a.start < b.start && b.start <= a.end;
  return false;
}

/** Quick fixes, or "Fix all" when the request asks for source actions. */
function actionsFor(
  params: CodeActionParams,
  source: ActionSource,
  options: CodeActionOptions,
): CodeAction[] {
  const only = params.context.only;
  const out: CodeAction[] = [];
  if (wantsQuickFix(only)) out.push(...buildActions(params, source, options));
  if (wantsFixAll(only)) out.push(...fixAllAction(source, options));
  return out;
}

/** The edit of an interactive fix or a suppression with the user's reason, or why there is none. */
function fixEditFrom(params: FixEditParams, source: ActionSource, options: CodeActionOptions): FixEditResult {
  const located = source.locateRef(params.ref);
  if (!located) return { error: 'The file changed since the fix was offered; try again.' };
  if (params.fixIndex === undefined) {
    const suppression = located.suppress(params.reason);
    if (!suppression) return { error: 'This finding cannot be suppressed here.' };
    const edit = toWorkspaceEdit(source, suppression.edits, options);
    return edit ? { edit } : { error: 'This finding cannot be suppressed here.' };
  }
  if (!params.answer) return { error: 'The fix needs an answer.' };
  const rendered = renderFixWithInput(located.finding, params.fixIndex, params.answer, located.doc);
  if ('error' in rendered) return { error: rendered.error };
  const edit = toWorkspaceEdit(source, rendered.edits, options);
  return edit ? { edit } : { error: 'sg-lint cannot write that change here; edit the rule by hand.' };
}

/** "Show documentation for SGxxx", once per rule, for the diagnostics of that rule. */
function documentationActions(docs: ReadonlyMap<string, Diagnostic[]>, docLinks: DocLinks): CodeAction[] {
  return [...docs].map(([ruleId, diagnostics]) => {
    const link = docLinks.forRule(ruleId);
    const args: ShowDocumentationArgs = {
      ruleId,
      webUri: link.webUri,
      ...(link.localUri ? { localUri: link.localUri } : {}),
    };
    const title = `Show documentation for ${ruleId}`;
    return {
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      command: { title, command: Commands.showDocumentation, arguments: [args] },
    };
  });
}

/**
 * Code actions for a template in CDK synth output. The file is generated (the next synth overwrites
 * it), so nothing edits it: "Open CDK source" goes to the line of the app's code that made the
 * construct, where the change belongs, and the rule's documentation explains what to change.
 */
export function cdkCodeActionsFor(params: CodeActionParams, docLinks: DocLinks): CodeAction[] {
  if (!wantsQuickFix(params.context.only)) return [];
  const open: CodeAction[] = [];
  const docs = new Map<string, Diagnostic[]>();
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
    const data: unknown = diagnostic.data;
    const source = isDiagnosticData(data) ? data.cdkSource : undefined;
    if (source) {
      const where = `${decodeURIComponent(source.uri.slice(source.uri.lastIndexOf('/') + 1))}:${source.start.line + 1}`;
      const title = `Open CDK source (${where})`;
      open.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        command: { title, command: Commands.openLocation, arguments: [source] },
      });
    }
    const list = docs.get(diagnostic.code) ?? [];
    list.push(diagnostic);
    docs.set(diagnostic.code, list);
  }
  return [...open, ...documentationActions(docs, docLinks)];
}

/** A CloudFormation template's cached lint result, as the actions read it. */
function templateSource(uri: string, version: number, result: TemplateResult): ActionSource {
  const doc: FixDocument = { uri, text: result.text, format: result.format, tree: result.tree };
  const located = (finding: Finding, index: number): Located => ({
    finding,
    ref: { uri, version, ruleId: finding.ruleId, index },
    doc,
    suppress: (reason) => {
      if (result.format === 'yaml') {
        const s = yamlSuppression(finding, result, reason);
        return {
          title: `Suppress ${finding.ruleId} for this ${s.covers} with a comment`,
          edits: [s.edit],
          reason: s.reason,
        };
      }
      const s = jsonSuppression(finding, result, reason);
      return (
        s && {
          title: `Suppress ${finding.ruleId} for ${s.address} in its Metadata`,
          edits: s.edits,
          ...(s.reason ? { reason: s.reason } : {}),
        }
      );
    },
  });
  const usable = (f: Finding | undefined): f is Finding => !!f && !f.suppressions?.length;
  return {
    uri,
    version,
    lines: result.lines,
    locate: (diagnostic) => {
      const finding = findingOf(diagnostic, result, version);
      return finding && located(finding, result.findings.indexOf(finding));
    },
    locateRef: (ref) => {
      const finding = result.findings[ref.index];
      return ref.version === version && usable(finding) && finding.ruleId === ref.ruleId
        ? located(finding, ref.index)
        : undefined;
    },
    all: () => result.findings.flatMap((f, i) => (usable(f) ? [located(f, i)] : [])),
    textOf: (other) => (other === uri ? result.text : undefined),
  };
}

/** Code actions for a CloudFormation template, from its cached lint result. */
export function codeActionsFor(
  params: CodeActionParams,
  version: number,
  result: TemplateResult | undefined,
  options: CodeActionOptions,
): CodeAction[] {
  if (!result) return [];
  return actionsFor(params, templateSource(params.textDocument.uri, version, result), options);
}

/** One module lint that read the document at the requested version. */
export interface TerraformActionSource {
  /** The module's key, as in {@link DiagnosticData.module}. */
  readonly module: string;
  readonly result: ModuleResult;
  /** The document as that lint read it. */
  readonly file: TerraformFile;
}

/** A Terraform file's module lints, as the actions read them. */
function moduleSource(
  uri: string,
  version: number,
  sources: readonly TerraformActionSource[],
): ActionSource | undefined {
  const first = sources[0];
  if (!first) return undefined;
  const visible = (f: Finding | undefined, source: TerraformActionSource): f is Finding =>
    !!f && f.uri === source.file.uri && !f.suppressions?.length;
  const textOf = (other: string): string | undefined => {
    for (const s of sources) {
      const text = s.result.files.get(other)?.text;
      if (text !== undefined) return text;
    }
    return other === first.file.uri ? first.file.text : undefined;
  };
  const located = (finding: Finding, index: number, source: TerraformActionSource): Located => ({
    finding,
    ref: { uri, version, ruleId: finding.ruleId, index, module: source.module },
    doc: { uri: source.file.uri, text: source.file.text, format: 'hcl', textOf },
    suppress: (reason) => {
      const s = hclSuppression(finding, source.file, reason);
      return (
        s && {
          title: `Suppress ${finding.ruleId} for this ${s.covers} with a comment`,
          edits: [s.edit],
          reason: s.reason,
        }
      );
    },
  });
  return {
    uri,
    version,
    lines: first.file.lines,
    locate: (diagnostic) => {
      const data: unknown = diagnostic.data;
      if (isDiagnosticData(data)) {
        if (data.version !== version) return undefined;
        const source = sources.find((s) => s.module === data.module);
        const finding = source?.result.findings[data.index];
        return source && visible(finding, source) && finding.ruleId === data.ruleId
          ? located(finding, data.index, source)
          : undefined;
      }
      for (const source of sources) {
        const index = source.result.findings.findIndex(
          (f) =>
            visible(f, source) &&
            f.ruleId === diagnostic.code &&
            sameRange(toLspRange(source.file.lines, f.range), diagnostic.range),
        );
        if (index >= 0) return located(source.result.findings[index]!, index, source);
      }
      return undefined;
    },
    locateRef: (ref) => {
      if (ref.version !== version) return undefined;
      const source = sources.find((s) => s.module === ref.module);
      const finding = source?.result.findings[ref.index];
      return source && visible(finding, source) && finding.ruleId === ref.ruleId
        ? located(finding, ref.index, source)
        : undefined;
    },
    all: () => {
      // A file linted in several modules (its folder, a module call) has the same finding in each: once.
      const seen = new Set<string>();
      const out: Located[] = [];
      for (const source of sources)
        source.result.findings.forEach((f, i) => {
          const key = `${f.ruleId}@${f.range.start}-${f.range.end}`;
          if (!visible(f, source) || seen.has(key)) return;
          seen.add(key);
          out.push(located(f, i, source));
        });
      return out;
    },
    textOf,
  };
}

/** Code actions for a Terraform file, from the module lints that read its current version. */
export function terraformCodeActionsFor(
  params: CodeActionParams,
  version: number,
  sources: readonly TerraformActionSource[],
  options: CodeActionOptions,
): CodeAction[] {
  const source = moduleSource(params.textDocument.uri, version, sources);
  return source ? actionsFor(params, source, options) : [];
}

/** The edit for `sgLint/fixEdit` on a CloudFormation template. */
export function templateFixEdit(
  params: FixEditParams,
  version: number,
  result: TemplateResult | undefined,
  options: CodeActionOptions,
): FixEditResult {
  if (!result) return { error: 'The file changed since the fix was offered; try again.' };
  return fixEditFrom(params, templateSource(params.ref.uri, version, result), options);
}

/** The edit for `sgLint/fixEdit` on a Terraform file. */
export function terraformFixEdit(
  params: FixEditParams,
  version: number,
  sources: readonly TerraformActionSource[],
  options: CodeActionOptions,
): FixEditResult {
  const source = moduleSource(params.ref.uri, version, sources);
  if (!source) return { error: 'The file changed since the fix was offered; try again.' };
  return fixEditFrom(params, source, options);
}
