/**
 * Edit-to-diagnostic latency through the real language server: spawn it over stdio, speak LSP as an
 * editor would, open a template, then repeatedly make a one-character edit to a CIDR (alternately
 * `0.0.0.0/0` → `0.0.0.0/40` and back, so SG101 and SG201 swap and the diagnostics really change) and time
 * from sending `didChange` to the `publishDiagnostics` that carries that document version.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type {
  Diagnostic,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
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
import type { Summary } from './stats';
import { summarize } from './stats';

export interface LatencyInput {
  readonly label: string;
  readonly path: string;
  readonly languageId: 'yaml' | 'json';
}

export interface LatencyResult {
  readonly label: string;
  /** didOpen → first diagnostics (no debounce applies to the first lint of a document). */
  readonly openMs: number;
  readonly latency: Summary;
  /** Whether the diagnostics of consecutive versions differed as intended (the edit did real work). */
  readonly diagnosticsChanged: boolean;
  readonly diagnosticsPerVersion: [number, number];
}

export interface ServerRun {
  readonly debounceMs: number | 'default';
  readonly results: LatencyResult[];
  /** Peak resident memory of the server process (VmHWM from /proc), MB; undefined off Linux. */
  readonly serverPeakRssMb: number | undefined;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** Offset of the `0` after the slash of the world-open SSH rule's CIDR (unit 0 of every template has one). */
export function editOffset(text: string): number {
  const m = /CidrIp"?: ['"]0\.0\.0\.0\/0['"],?\s*"?Description"?: ['"]Temporary SSH/.exec(text);
  if (!m) throw new Error('the template has no world-open SSH rule to edit');
  return m.index + m[0].indexOf('/0') + 1;
}

function peakRssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const codesOf = (d: readonly Diagnostic[]): string =>
  d
    .map((x) => String(x.code))
    .sort()
    .join(',');

export async function measureServer(
  serverScript: string,
  workspace: string,
  inputs: readonly LatencyInput[],
  debounceMs: number | 'default',
  editsFor: (label: string) => number,
): Promise<ServerRun> {
  const child = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const settings = debounceMs === 'default' ? {} : { debounceMs };
  connection.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map((item) => (item.section === 'sgLint' ? settings : null)),
  );
  for (const method of [
    'client/registerCapability',
    'client/unregisterCapability',
    'window/workDoneProgress/create',
  ]) {
    connection.onRequest(method, () => null);
  }
  connection.onRequest('workspace/workspaceFolders', () => [
    { uri: pathToFileURL(workspace).href, name: 'bench' },
  ]);
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('telemetry/event', () => undefined);

  type Waiter = { uri: string; version: number | undefined; resolve: (p: PublishDiagnosticsParams) => void };
  let waiter: Waiter | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (!waiter || p.uri !== waiter.uri) return;
    // A publish for an older version (a lint that started before the edit) is not the answer.
    if (waiter.version !== undefined && p.version !== undefined && p.version !== waiter.version) return;
    const w = waiter;
    waiter = undefined;
    w.resolve(p);
  });
  const nextDiagnostics = (uri: string, version: number | undefined): Promise<PublishDiagnosticsParams> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for ${uri} v${version} within 60 s\n${stderr}`)),
        60_000,
      );
      waiter = {
        uri,
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
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'bench' }],
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

    const results: LatencyResult[] = [];
    for (const input of inputs) {
      const uri = pathToFileURL(input.path).href;
      let text = fs.readFileSync(input.path, 'utf8');
      const offset = editOffset(text);
      let version = 1;
      let t0 = performance.now();
      const opened = nextDiagnostics(uri, version);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: input.languageId, version, text },
      });
      await opened;
      const openMs = performance.now() - t0;

      const samples: number[] = [];
      const codes: [string, string] = ['', ''];
      const counts: [number, number] = [0, 0];
      // Two untimed edits first: the server's first debounced lint and JIT warm-up are not typing latency.
      const edits = editsFor(input.label);
      for (let i = 0; i < edits + 2; i++) {
        version++;
        const inserting = i % 2 === 0;
        const pos = positionAt(text, offset);
        text = inserting
          ? `${text.slice(0, offset)}4${text.slice(offset)}`
          : `${text.slice(0, offset)}${text.slice(offset + 1)}`;
        const change: TextDocumentContentChangeEvent =
          syncKind === TextDocumentSyncKind.Full
            ? { text }
            : inserting
              ? { range: { start: pos, end: pos }, rangeLength: 0, text: '4' }
              : {
                  range: { start: pos, end: { line: pos.line, character: pos.character + 1 } },
                  rangeLength: 1,
                  text: '',
                };
        const published = nextDiagnostics(uri, version);
        t0 = performance.now();
        await connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [change],
        });
        const p = await published;
        const ms = performance.now() - t0;
        if (i >= 2) samples.push(ms);
        codes[i % 2] = codesOf(p.diagnostics);
        counts[i % 2] = p.diagnostics.length;
        // A pause as between keystrokes, so each edit is measured on its own.
        await new Promise((r) => setTimeout(r, 30));
      }
      results.push({
        label: input.label,
        openMs,
        latency: summarize(samples),
        diagnosticsChanged: codes[0] !== codes[1],
        diagnosticsPerVersion: counts,
      });
    }
    const serverPeakRssMb = peakRssOf(child.pid);
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    return { debounceMs, results, serverPeakRssMb };
  } finally {
    connection.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}
