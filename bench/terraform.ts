/**
 * The Terraform benchmark: a generated ~1 MB module (bench/generateTerraform.ts), as several files and
 * as one main.tf, measured three ways.
 *
 * - Cold lint vs bare parse: `lintTerraformModule` with the engine's parse cache cleared before each
 *   call, against tree-sitter's bare parse of the same files (summed). Each round also times the lint's
 *   stages one after another on the same data (parseHcl = tree-sitter + conversion to our AST;
 *   buildModule + adaptTerraform; LineIndex + comment suppressions; runRules), so the breakdown adds up
 *   to the lint it explains.
 * - Edit latency in the engine: a one-character edit to a CIDR in main.tf (`/24` ↔ `/74`, so SG201
 *   comes and goes), the previous tree copied and `edit`ed, then `lintTerraformModule` with that tree
 *   as `oldTree` and the other files unchanged (the parse cache reuses them), as the language server
 *   does after a keystroke. Alongside: the incremental tree-sitter parse alone, the incremental parseHcl
 *   alone, and a lint with nothing changed (every file cached: the part of the latency that is not
 *   parsing).
 * - Edit latency through the language server: didChange → publishDiagnostics of that version for
 *   the same edit, debounceMs 0, with the module written to a folder and main.tf open.
 *
 * Tree deletions (WebAssembly memory, freed by hand) and cache clearing happen outside the timings.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
} from 'vscode-languageserver-protocol/node';
import type { Point, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import { DEFAULT_CONFIG } from '../rules/config';
import type { Finding } from '../rules/types';
import type { TerraformLintResult, TerraformSource } from '../server/src/engine/lint';
import { clearTerraformCache, lintTerraformModule, runRules } from '../server/src/engine/lint';
import { LineIndex } from '../server/src/parse/lineIndex';
import { adaptTerraform } from '../server/src/terraform/adapter';
import type { HclFile } from '../server/src/terraform/hcl';
import { parseHcl } from '../server/src/terraform/hcl';
import { buildModule } from '../server/src/terraform/module';
import { hclSuppressions } from '../server/src/terraform/suppressions';
import { initTerraform, parseHclTree } from '../server/src/terraform/treeSitter';
import type { TerraformBenchModule, TerraformLayout } from './generateTerraform';
import { generateTerraformModule } from './generateTerraform';
import type { Summary } from './stats';
import { forceGc, formatBytes, formatMs, summarize, table } from './stats';

/** Target of issue 3: the median edit-to-diagnostic latency on the 1 MB module. */
export const TERRAFORM_EDIT_TARGET_MS = 15;

const MODULE_BYTES = 1024 * 1024;

export interface TerraformBenchOptions {
  readonly quick: boolean;
  /** Where the generated modules are written (one folder per layout). */
  readonly dir: string;
  /** The language server to measure through, or undefined to skip that part. */
  readonly server: { readonly script: string; readonly note: string } | undefined;
  readonly progress: (msg: string) => void;
}

export interface ColdResult {
  /** tree-sitter's parse of every file, summed. */
  readonly bareParse: Summary;
  /** parseHcl of every file: the parse plus the conversion to our AST. */
  readonly parseHcl: Summary;
  readonly moduleAndAdapter: Summary;
  /** A LineIndex per file and the comment suppressions of every .tf file. */
  readonly linesAndSuppressions: Summary;
  readonly runRules: Summary;
  /** The stages above, added up per round. */
  readonly stagesTotal: Summary;
  /** lintTerraformModule with the parse cache cleared. */
  readonly lint: Summary;
  /** lint / bareParse (medians). */
  readonly ratio: number;
}

export interface EngineEditResult {
  readonly edits: number;
  /** tree-sitter re-parsing the edited file with its edited old tree (this and the next two: every 3rd edit). */
  readonly incrementalParse: Summary;
  /** parseHcl of the edited file with its edited old tree: the incremental parse plus a full conversion. */
  readonly incrementalParseHcl: Summary;
  /** lintTerraformModule with every file's parse cached (nothing to parse): the floor of an edit. */
  readonly lintNothingChanged: Summary;
  /** lintTerraformModule after the edit: the engine's edit-to-diagnostic latency. */
  readonly lintAfterEdit: Summary;
  /**
   * lintTerraformModule after typing: one character typed into a description a tenth of the way into
   * main.tf, then deleted, so that nine tenths of the file move by one character each time.
   */
  readonly lintAfterTyping: Summary;
  /** Findings of the two alternating versions (`/74` has one more SG201). */
  readonly findingsPerVersion: [number, number];
  /** The same, in the edited file only (what the language server publishes for it). */
  readonly editFileFindingsPerVersion: [number, number];
  /** Whether the last incremental lint found exactly what a cold lint of the same text finds (both kinds of edit). */
  readonly matchesColdLint: boolean;
}

export interface ServerEditResult {
  readonly openMs: number;
  /** Edits the server answered with a lint (not with its internal-error diagnostic). */
  readonly latency: Summary;
  /** The same for typing (a character typed and deleted a tenth of the way into the file). */
  readonly typingLatency: Summary;
  /** Edits answered with "could not check this file because of an internal error" (not in `latency`). */
  readonly internalErrors: number;
  /** The first internal error the server logged (window/logMessage), if any. */
  readonly firstInternalError: string | undefined;
  readonly diagnosticsPerVersion: [number, number];
  readonly diagnosticsChanged: boolean;
  readonly serverPeakRssMb: number | undefined;
}

export interface TerraformLayoutResult {
  readonly layout: TerraformLayout;
  readonly files: readonly { name: string; bytes: number }[];
  readonly bytes: number;
  readonly services: number;
  readonly securityGroups: number;
  readonly ruleResources: number;
  readonly resources: number;
  readonly findings: number;
  readonly findingsByRule: Record<string, number>;
  readonly cold: ColdResult;
  readonly edit: EngineEditResult;
  readonly server: ServerEditResult | { readonly skipped: string } | undefined;
}

export interface TerraformBenchResult {
  readonly server: string | undefined;
  readonly layouts: TerraformLayoutResult[];
}

interface PreparedModule {
  readonly module: TerraformBenchModule;
  readonly dir: string;
  readonly dirUri: string;
  /** The .tf files, in the order of the module. */
  readonly tf: TerraformSource[];
  readonly tfvars: TerraformSource[];
  readonly editUri: string;
}

function prepare(layout: TerraformLayout, root: string): PreparedModule {
  const module = generateTerraformModule(MODULE_BYTES, layout);
  const dir = path.join(root, `module-${layout}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const tf: TerraformSource[] = [];
  const tfvars: TerraformSource[] = [];
  for (const f of module.files) {
    const file = path.join(dir, f.name);
    fs.writeFileSync(file, f.text);
    (f.name.endsWith('.tfvars') ? tfvars : tf).push({ uri: pathToFileURL(file).href, text: f.text });
  }
  const dirUri = pathToFileURL(dir).href.replace(/\/$/, '');
  return { module, dir, dirUri, tf, tfvars, editUri: `${dirUri}/${module.editFile}` };
}

function lintModule(m: PreparedModule, tf = m.tf): Extract<TerraformLintResult, { kind: 'module' }> {
  const result = lintTerraformModule({ dirUri: m.dirUri, files: tf, tfvars: m.tfvars }, DEFAULT_CONFIG);
  if (result.kind !== 'module') throw new Error(`the module was not linted: ${result.reason}`);
  if (result.ruleFailures.length) throw new Error(`a rule failed: ${result.ruleFailures[0]!.error}`);
  if (result.skipped.length) throw new Error(`a file was skipped: ${result.skipped[0]!.reason}`);
  return result;
}

function timed<T>(run: () => T): [T, number] {
  forceGc?.();
  const t0 = performance.now();
  const value = run();
  return [value, performance.now() - t0];
}

// ---------------------------------------------------------------------------------------------------
// Cold lint and its stages

function measureCold(m: PreparedModule, quick: boolean): ColdResult {
  const all = [...m.tf, ...m.tfvars];
  const samples: Record<Exclude<keyof ColdResult, 'ratio'>, number[]> = {
    bareParse: [],
    parseHcl: [],
    moduleAndAdapter: [],
    linesAndSuppressions: [],
    runRules: [],
    stagesTotal: [],
    lint: [],
  };
  const warmups = 1;
  const budgetMs = quick ? 0 : 5000;
  const [minRounds, maxRounds] = quick ? [2, 2] : [4, 30];
  const start = performance.now();
  for (let round = 0; ; round++) {
    const measured = round - warmups;
    if (measured >= maxRounds || (measured >= minRounds && performance.now() - start >= budgetMs)) break;
    const keep = measured >= 0;

    const stages = (): void => {
      const [trees, bare] = timed(() => all.map((s) => parseHclTree(s.text)));
      for (const t of trees) t.delete();
      const [hcl, parsing] = timed(() => all.map((s) => parseHcl(s.uri, s.text)));
      const tfHcl = hcl.slice(0, m.tf.length);
      const tfvarsHcl = hcl.slice(m.tf.length);
      const [{ module, model }, adapting] = timed(() => {
        const module = buildModule(m.dirUri, tfHcl, tfvarsHcl);
        return { module, model: adaptTerraform(module) };
      });
      const [lines, suppressing] = timed(() => {
        const lines = new Map(hcl.map((f) => [f.uri, new LineIndex(f.text)]));
        for (const f of module.files) model.suppressions.push(...hclSuppressions(f, lines.get(f.uri)!));
        return lines;
      });
      const [, ruling] = timed(() => runRules(model, DEFAULT_CONFIG, (uri) => lines.get(uri)!));
      for (const f of hcl) f.tree.delete();
      if (!keep) return;
      samples.bareParse.push(bare);
      samples.parseHcl.push(parsing);
      samples.moduleAndAdapter.push(adapting);
      samples.linesAndSuppressions.push(suppressing);
      samples.runRules.push(ruling);
      samples.stagesTotal.push(parsing + adapting + suppressing + ruling);
    };
    const lint = (): void => {
      clearTerraformCache();
      const [, ms] = timed(() => lintModule(m));
      if (keep) samples.lint.push(ms);
    };
    // Alternating which goes first, so neither always runs on a heap the other just filled.
    if (round % 2) {
      lint();
      stages();
    } else {
      stages();
      lint();
    }
  }
  clearTerraformCache();
  const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])) as Record<
    keyof typeof samples,
    Summary
  >;
  return { ...s, ratio: s.lint.median / s.bareParse.median };
}

// ---------------------------------------------------------------------------------------------------
// Edit latency in the engine

/** The tree-sitter point of an offset (rows count `\n`; columns are UTF-16 units, as web-tree-sitter's). */
function pointAt(text: string, offset: number): Point {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let row = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - lineStart };
}

/** Replaces `removed` characters at `offset` with `inserted`: the new text and the tree edit. */
function editText(
  text: string,
  offset: number,
  removed: number,
  inserted: string,
): { text: string; edit: Edit } {
  const after = text.slice(0, offset) + inserted + text.slice(offset + removed);
  const start = pointAt(text, offset);
  return {
    text: after,
    edit: new Edit({
      startIndex: offset,
      oldEndIndex: offset + removed,
      newEndIndex: offset + inserted.length,
      startPosition: start,
      oldEndPosition: pointAt(text, offset + removed),
      newEndPosition: pointAt(after, offset + inserted.length),
    }),
  };
}

/** The i-th edit of the CIDR series: `/24` → `/74` and back (same length, so nothing after it moves). */
function cidrEdit(text: string, offset: number, i: number): { text: string; edit: Edit } {
  return editText(text, offset, 1, i % 2 === 0 ? '7' : '2');
}

/** Where typing happens: inside the first description a tenth of the way into the file. */
function typingOffset(text: string): number {
  const marker = 'description = "';
  const at = text.indexOf(marker, Math.floor(text.length / 10));
  if (at < 0) throw new Error('no description to type into');
  return at + marker.length;
}

/** The i-th edit of the typing series: an `x` typed, then deleted (everything after it moves by one). */
function typingEdit(text: string, offset: number, i: number): { text: string; edit: Edit } {
  return i % 2 === 0 ? editText(text, offset, 0, 'x') : editText(text, offset, 1, '');
}

const findingKeys = (findings: readonly Finding[]): string =>
  findings.map((f) => `${f.ruleId}|${f.uri}|${f.range.start}|${f.range.end}|${f.message}`).join('\n');

/** The edited tree: a copy of `tree` (the engine owns `tree`), edited to match the new text. */
function editedCopy(tree: Tree, edit: Edit): Tree {
  const copy = tree.copy();
  copy.edit(edit);
  return copy;
}

function measureEngineEdits(m: PreparedModule, edits: number): EngineEditResult {
  const editIndex = m.tf.findIndex((s) => s.uri === m.editUri);
  const offset = m.module.editOffset;
  let tf = [...m.tf];
  clearTerraformCache();
  let previous = lintModule(m, tf);
  const samples = {
    incrementalParse: [] as number[],
    incrementalParseHcl: [] as number[],
    lintNothingChanged: [] as number[],
    lintAfterEdit: [] as number[],
    lintAfterTyping: [] as number[],
  };
  const findings: [number, number] = [0, 0];
  const editFileFindings: [number, number] = [0, 0];
  const warmups = 2;

  /** Applies one edit to the edited file and lints the module as the language server does per keystroke. */
  const lintEdited = (text: string, edit: Edit): number => {
    // The engine's tree of the text before the edit; valid until the next lint replaces it.
    const engineTree = previous.files.get(m.editUri)!.hcl.tree;
    tf = tf.map((s, j) => (j === editIndex ? { uri: s.uri, text } : s));
    let copy: Tree | undefined;
    // The copy and the edit are part of the latency: the language server does the same per keystroke.
    const [result, lintMs] = timed(() => {
      const oldTree = editedCopy(engineTree, edit);
      copy = oldTree;
      return lintModule(
        m,
        tf.map((s, j) => (j === editIndex ? { ...s, oldTree } : s)),
      );
    });
    copy?.delete();
    previous = result;
    return lintMs;
  };

  for (let i = 0; i < edits + warmups; i++) {
    const keep = i >= warmups;
    const before = tf[editIndex]!.text;
    const { text, edit } = cidrEdit(before, offset, i);

    // The stages alone on every 3rd edit.
    const side = i % 3 === 0;
    let bareMs = 0;
    let hclMs = 0;
    if (side) {
      const previousParse = previous.files.get(m.editUri)!.hcl;
      let old = editedCopy(previousParse.tree, edit);
      const [bareTree, bare] = timed(() => parseHclTree(text, old));
      bareTree.delete();
      old.delete();
      old = editedCopy(previousParse.tree, edit);
      const [hcl, converted] = timed((): HclFile => parseHcl(m.editUri, text, old, previousParse));
      hcl.tree.delete();
      old.delete();
      [bareMs, hclMs] = [bare, converted];
    }

    const lintMs = lintEdited(text, edit);
    findings[i % 2] = previous.findings.length;
    editFileFindings[i % 2] = previous.findings.filter((f) => f.uri === m.editUri).length;
    if (!keep) continue;
    samples.lintAfterEdit.push(lintMs);
    if (!side) continue;
    samples.incrementalParse.push(bareMs);
    samples.incrementalParseHcl.push(hclMs);
    // Same texts again: every parse comes from the cache.
    samples.lintNothingChanged.push(timed(() => lintModule(m, tf))[1]);
  }
  // The incremental lints must find what a lint from scratch finds, or the numbers mean nothing.
  const matchesCold = (): boolean => {
    const incremental = findingKeys(previous.findings);
    clearTerraformCache();
    const cold = lintModule(m, tf);
    previous = cold;
    return findingKeys(cold.findings) === incremental;
  };
  let matchesColdLint = matchesCold();

  const typeAt = typingOffset(tf[editIndex]!.text);
  // An odd count ends with the `x` typed: the check below compares a version whose text moved.
  for (let i = 0; i < edits + warmups + 1; i++) {
    const { text, edit } = typingEdit(tf[editIndex]!.text, typeAt, i);
    const lintMs = lintEdited(text, edit);
    if (i >= warmups) samples.lintAfterTyping.push(lintMs);
  }
  matchesColdLint = matchesCold() && matchesColdLint;
  clearTerraformCache();
  return {
    edits,
    incrementalParse: summarize(samples.incrementalParse),
    incrementalParseHcl: summarize(samples.incrementalParseHcl),
    lintNothingChanged: summarize(samples.lintNothingChanged),
    lintAfterEdit: summarize(samples.lintAfterEdit),
    lintAfterTyping: summarize(samples.lintAfterTyping),
    findingsPerVersion: findings,
    editFileFindingsPerVersion: editFileFindings,
    matchesColdLint,
  };
}

// ---------------------------------------------------------------------------------------------------
// Edit latency through the language server

function peakRssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens main.tf of the module in the server and times one-character edits. Rejects when the server
 * publishes no diagnostics for the document within `openTimeoutMs` (a server without Terraform support).
 */
async function measureServerEdits(
  script: string,
  m: PreparedModule,
  edits: number,
  openTimeoutMs: number,
): Promise<ServerEditResult> {
  const child = spawn(process.execPath, [script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map((item) => (item.section === 'sgLint' ? { debounceMs: 0 } : null)),
  );
  for (const method of [
    'client/registerCapability',
    'client/unregisterCapability',
    'window/workDoneProgress/create',
  ])
    connection.onRequest(method, () => null);
  const folder = { uri: pathToFileURL(m.dir).href, name: 'terraform-bench' };
  connection.onRequest('workspace/workspaceFolders', () => [folder]);
  let firstInternalError: string | undefined;
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    if (/internal error|uncaught/i.test(p.message)) firstInternalError ??= p.message.split('\n')[0];
  });
  connection.onNotification('window/showMessage', () => undefined);
  connection.onNotification('telemetry/event', () => undefined);

  type Waiter = { version: number; resolve: (p: PublishDiagnosticsParams) => void };
  let waiter: Waiter | undefined;
  const editPath = fs.realpathSync(path.join(m.dir, m.module.editFile));
  const isEditFile = (uri: string): boolean => {
    try {
      return (
        new URL(uri).protocol === 'file:' &&
        fs.realpathSync(decodeURIComponent(new URL(uri).pathname)) === editPath
      );
    } catch {
      return false;
    }
  };
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (!waiter || !isEditFile(p.uri)) return;
    // A publish for an older version (a lint that started before the edit) is not the answer.
    if (p.version !== undefined && p.version !== waiter.version) return;
    const w = waiter;
    waiter = undefined;
    w.resolve(p);
  });
  const nextDiagnostics = (version: number, timeoutMs: number): Promise<PublishDiagnosticsParams> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = undefined;
        reject(new Error(`no diagnostics for ${m.module.editFile} v${version} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      waiter = {
        version,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
    });

  connection.listen();
  try {
    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folder.uri,
      workspaceFolders: [folder],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: {
            versionSupport: true,
            relatedInformation: true,
            codeDescriptionSupport: true,
            dataSupport: true,
          },
        },
      },
    });
    const sync = init.capabilities.textDocumentSync;
    const syncKind = typeof sync === 'number' ? sync : (sync?.change ?? TextDocumentSyncKind.None);
    await connection.sendNotification(InitializedNotification.type, {});

    let text = m.tf.find((s) => s.uri === m.editUri)!.text;
    const offset = m.module.editOffset;
    let version = 1;
    let t0 = performance.now();
    const opened = nextDiagnostics(version, openTimeoutMs);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: m.editUri, languageId: 'terraform', version, text },
    });
    await opened;
    const openMs = performance.now() - t0;

    let internalErrors = 0;
    /** Sends one change and waits for the diagnostics of that version: the latency, or undefined when the lint failed. */
    const change = async (
      at: number,
      removed: number,
      inserted: string,
      timed: boolean,
    ): Promise<{ ms: number | undefined; diagnostics: PublishDiagnosticsParams['diagnostics'] }> => {
      version++;
      const start = pointAt(text, at);
      const end = pointAt(text, at + removed);
      text = text.slice(0, at) + inserted + text.slice(at + removed);
      const range = {
        start: { line: start.row, character: start.column },
        end: { line: end.row, character: end.column },
      };
      const published = nextDiagnostics(version, 60_000);
      t0 = performance.now();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: m.editUri, version },
        contentChanges: [
          syncKind === TextDocumentSyncKind.Full ? { text } : { range, rangeLength: removed, text: inserted },
        ],
      });
      const p = await published;
      const ms = performance.now() - t0;
      // A pause as between keystrokes, so each edit is measured on its own.
      await new Promise((r) => setTimeout(r, 30));
      // The server's answer when the lint threw: fast, and not a lint.
      const failed = p.diagnostics.some(
        (d) => typeof d.message === 'string' && d.message.includes('because of an internal error'),
      );
      if (timed && failed) internalErrors++;
      return { ms: failed ? undefined : ms, diagnostics: p.diagnostics };
    };

    const samples: number[] = [];
    const counts: [number, number] = [0, 0];
    const codes: [string, string] = ['', ''];
    // Two untimed edits first: JIT warm-up and the first incremental parse are not typing latency.
    for (let i = 0; i < edits + 2; i++) {
      const { ms, diagnostics } = await change(offset, 1, i % 2 === 0 ? '7' : '2', i >= 2);
      if (ms === undefined) continue;
      if (i >= 2) samples.push(ms);
      counts[i % 2] = diagnostics.length;
      codes[i % 2] = diagnostics
        .map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`)
        .sort()
        .join(',');
    }
    const typing: number[] = [];
    const typeAt = typingOffset(text);
    for (let i = 0; i < edits + 2; i++) {
      const { ms } = await change(typeAt, i % 2 === 0 ? 0 : 1, i % 2 === 0 ? 'x' : '', i >= 2);
      if (ms !== undefined && i >= 2) typing.push(ms);
    }
    const serverPeakRssMb = peakRssOf(child.pid);
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    return {
      openMs,
      latency: summarize(samples),
      typingLatency: summarize(typing),
      internalErrors,
      firstInternalError,
      diagnosticsPerVersion: counts,
      diagnosticsChanged: codes[0] !== codes[1],
      serverPeakRssMb,
    };
  } catch (e) {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}${stderr ? `\nserver stderr:\n${stderr}` : ''}`,
    );
  } finally {
    connection.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

function versusTarget(s: Summary): string {
  return s.median <= TERRAFORM_EDIT_TARGET_MS
    ? 'ok'
    : `MISSED (${(s.median / TERRAFORM_EDIT_TARGET_MS).toFixed(1)}×)`;
}

// ---------------------------------------------------------------------------------------------------

export async function measureTerraform(o: TerraformBenchOptions): Promise<TerraformBenchResult> {
  await initTerraform();
  const layouts: TerraformLayoutResult[] = [];
  for (const layout of ['files', 'single'] as const) {
    o.progress(`terraform (${layout === 'files' ? 'several files' : 'one main.tf'}): generating`);
    const m = prepare(layout, o.dir);
    clearTerraformCache();
    const first = lintModule(m);
    const findingsByRule: Record<string, number> = {};
    for (const f of first.findings) findingsByRule[f.ruleId] = (findingsByRule[f.ruleId] ?? 0) + 1;
    o.progress(`terraform (${layout}): cold lint vs parse`);
    const cold = measureCold(m, o.quick);
    o.progress(`terraform (${layout}): edit latency in the engine`);
    const edit = measureEngineEdits(m, o.quick ? 6 : 30);
    let server: TerraformLayoutResult['server'];
    if (o.server) {
      o.progress(`terraform (${layout}): edit latency through ${path.basename(o.server.script)}`);
      try {
        server = await measureServerEdits(o.server.script, m, o.quick ? 4 : 10, 30_000);
      } catch (e) {
        server = { skipped: e instanceof Error ? e.message : String(e) };
      }
    }
    layouts.push({
      layout,
      files: m.module.files.map((f) => ({ name: f.name, bytes: Buffer.byteLength(f.text) })),
      bytes: m.module.files.reduce((s, f) => s + Buffer.byteLength(f.text), 0),
      services: m.module.services,
      securityGroups: m.module.securityGroups,
      ruleResources: m.module.ruleResources,
      resources: m.module.resources,
      findings: first.findings.length,
      findingsByRule,
      cold,
      edit,
      server,
    });
  }
  return {
    server: o.server ? path.relative(process.cwd(), o.server.script) + o.server.note : undefined,
    layouts,
  };
}

const msP90 = (s: Summary): string => `${formatMs(s.median)} (p90 ${s.n > 2 ? formatMs(s.p90) : '-'})`;
const layoutName = (l: TerraformLayout): string => (l === 'files' ? '5 files' : 'one main.tf');

/** The tables of the Terraform section. */
export function terraformReport(r: TerraformBenchResult): string[] {
  const out: string[] = [];
  const first = r.layouts[0];
  out.push(
    'Terraform module (generated; the same content as 5 files and as one main.tf + terraform.tfvars):',
  );
  out.push(
    table([
      ['layout', 'size', 'largest file', 'services', 'SGs', 'rule resources', 'resources', 'findings'],
      ...r.layouts.map((l) => {
        const largest = l.files.reduce((x, y) => (y.bytes > x.bytes ? y : x));
        return [
          layoutName(l.layout),
          formatBytes(l.bytes),
          `${largest.name} ${formatBytes(largest.bytes)}`,
          String(l.services),
          String(l.securityGroups),
          String(l.ruleResources),
          String(l.resources),
          String(l.findings),
        ];
      }),
    ]),
  );
  if (first) {
    out.push(
      `  ${layoutName(first.layout)}: ${first.files.map((f) => `${f.name} ${formatBytes(f.bytes)}`).join(', ')}`,
    );
    out.push(
      `  findings by rule: ${Object.entries(first.findingsByRule)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  out.push('');
  out.push(
    `Terraform cold lint vs bare tree-sitter parse (parse cache cleared before each lint; medians (p90), n=${first?.cold.lint.n ?? '-'}):`,
  );
  out.push(
    table([
      [
        'layout',
        'tree-sitter parse',
        'parseHcl (parse+convert)',
        'buildModule+adapt',
        'lines+suppressions',
        'runRules',
        'stages total',
        'full lint',
        'lint/parse',
      ],
      ...r.layouts.map((l) => [
        layoutName(l.layout),
        msP90(l.cold.bareParse),
        msP90(l.cold.parseHcl),
        msP90(l.cold.moduleAndAdapter),
        msP90(l.cold.linesAndSuppressions),
        msP90(l.cold.runRules),
        formatMs(l.cold.stagesTotal.median),
        msP90(l.cold.lint),
        `${l.cold.ratio.toFixed(2)}×`,
      ]),
    ]),
  );
  out.push(
    '  tree-sitter parse: parseHclTree of every file, summed. parseHcl: the same parse, the cursor walk into a JS copy of\n' +
      '  the tree and the conversion to our AST. The four stages run one after another on the same data in each round\n' +
      '  ("stages total" is their per-round sum); the full lint runs in the same round, before or after them alternately.',
  );
  out.push('');
  out.push(
    `Terraform edit-to-diagnostic latency, engine (one-character CIDR edit in main.tf, /24 ↔ /74; old tree copied and edited; ` +
      `lint after edit n=${first?.edit.lintAfterEdit.n ?? '-'} after 2 untimed, the other columns n=${first?.edit.incrementalParse.n ?? '-'}; ` +
      `target ≤ ${TERRAFORM_EDIT_TARGET_MS} ms median):`,
  );
  out.push(
    table([
      [
        'layout',
        'incremental tree-sitter parse',
        'incremental parseHcl',
        'lint, nothing changed',
        'lint after edit',
        'vs target',
        'lint after typing',
        'findings /74↔/24',
        '= cold lint',
      ],
      ...r.layouts.map((l) => [
        layoutName(l.layout),
        msP90(l.edit.incrementalParse),
        msP90(l.edit.incrementalParseHcl),
        msP90(l.edit.lintNothingChanged),
        msP90(l.edit.lintAfterEdit),
        versusTarget(l.edit.lintAfterEdit),
        msP90(l.edit.lintAfterTyping),
        l.edit.findingsPerVersion.join('↔'),
        l.edit.matchesColdLint ? 'yes' : 'NO',
      ]),
    ]),
  );
  out.push(
    '  incremental tree-sitter parse / parseHcl: the edited file alone with its edited old tree (parseHcl converts only\n' +
      '  the blocks the edit touched and takes the others from the previous parse). lint, nothing changed:\n' +
      '  lintTerraformModule with every parse cached, i.e. buildModule, adapter and rules over the whole module: the part\n' +
      '  of an edit that is not parsing. lint after edit: the copy and edit of the old tree plus lintTerraformModule.\n' +
      '  lint after typing: the same for an `x` typed into a description a tenth of the way into main.tf and deleted\n' +
      '  again, so that everything after it moves. = cold lint: the last lint of each series found exactly what a lint\n' +
      '  from scratch of the same text finds.',
  );
  out.push('');
  if (!r.server) {
    out.push('Terraform edit-to-diagnostic latency through the language server: SKIPPED (no server script)');
    return out;
  }
  out.push(
    `Terraform edit-to-diagnostic latency through the language server (${r.server} --stdio; main.tf open, the rest ` +
      `read from disk; debounceMs 0; didChange → publishDiagnostics of that version; target ≤ ${TERRAFORM_EDIT_TARGET_MS} ms):`,
  );
  const rows: string[][] = [
    [
      'layout',
      'didOpen → diags',
      'didChange → diags',
      'vs target',
      'typing → diags',
      'diags changed',
      '= engine',
      'internal errors',
      'server peak RSS',
    ],
  ];
  const skipped: string[] = [];
  for (const l of r.layouts) {
    const s = l.server;
    if (!s) continue;
    if ('skipped' in s) {
      rows.push([layoutName(l.layout), 'no diagnostics', '-', '-', '-', '-', '-', '-', '-']);
      skipped.push(`  ${layoutName(l.layout)}: ${s.skipped.split('\n')[0]!}`);
      continue;
    }
    rows.push([
      layoutName(l.layout),
      formatMs(s.openMs),
      `${msP90(s.latency)}, n=${s.latency.n}`,
      versusTarget(s.latency),
      msP90(s.typingLatency),
      s.diagnosticsChanged ? `yes (${s.diagnosticsPerVersion.join('↔')})` : 'NO',
      s.diagnosticsPerVersion.join() === l.edit.editFileFindingsPerVersion.join() ? 'yes' : 'NO',
      `${s.internalErrors} of ${s.latency.n + s.internalErrors}`,
      s.serverPeakRssMb !== undefined ? `${s.serverPeakRssMb.toFixed(0)} MB` : '-',
    ]);
  }
  out.push(table(rows), ...skipped);
  for (const l of r.layouts)
    if (l.server && 'internalErrors' in l.server && l.server.firstInternalError)
      out.push(`  ${layoutName(l.layout)}: the server logged: ${l.server.firstInternalError}`);
  return out;
}
