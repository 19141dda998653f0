/**
 * A minimal LSP client for tests: spawns the language server as a child process on stdio and speaks
 * JSON-RPC to it with vscode-languageserver-protocol, the way an editor would. It answers the server's
 * requests (workspace/configuration, client/registerCapability), records every publishDiagnostics and
 * log message, and lets a test hold configuration answers back to make races deterministic.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type {
  CodeAction,
  Command,
  Diagnostic,
  FileEvent,
  Hover,
  LogMessageParams,
  Position,
  ProtocolConnection,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import {
  CodeActionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The compiled server (out/server/src/server.js), next to this compiled test (out/test/lsp/). */
export const COMPILED_SERVER = path.resolve(__dirname, '..', '..', 'server', 'src', 'server.js');

export interface StartOptions {
  readonly serverPath?: string;
  /** Workspace folder URIs announced at initialize. */
  readonly workspaceFolders?: readonly string[];
  /** The `sgLint` section answered to workspace/configuration. */
  readonly settings?: Record<string, unknown>;
  /** Sent as `initializationOptions` (VS Code's client sends `{ interactiveFixes: true }`). */
  readonly initializationOptions?: unknown;
  /** Announce LSP 3.18 snippet edits in workspace edits, as VS Code's client does. */
  readonly snippetEdits?: boolean;
}

export class LspTestClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly stderr: string[] = [];
  /** Errors reading the server's stdout: anything but LSP messages there (a stray console.log) lands here. */
  readonly streamErrors: string[] = [];
  configurationRequests = 0;
  settings: Record<string, unknown>;
  /** While set, answers to workspace/configuration wait for this promise. */
  configurationGate: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const child = spawn(process.execPath, [options.serverPath ?? COMPILED_SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const reader = new StreamMessageReader(child.stdout);
    const writer = new StreamMessageWriter(child.stdin);
    const connection = createProtocolConnection(reader, writer);
    const client = new LspTestClient(child, connection, { ...(options.settings ?? {}) });
    child.stderr.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    reader.onError((e) => client.streamErrors.push(e.message));
    connection.onRequest(ConfigurationRequest.type, async (params) => {
      client.configurationRequests++;
      if (client.configurationGate) await client.configurationGate;
      return params.items.map((item) => (item.section === 'sgLint' ? client.settings : null));
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.diagnostics.push(p);
      for (const l of [...client.listeners]) l();
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      client.logs.push(p);
    });
    connection.listen();
    const folders = options.workspaceFolders ?? [];
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0] ?? null,
      workspaceFolders: folders.map((uri, i) => ({ uri, name: `folder${i}` })),
      ...(options.initializationOptions !== undefined
        ? { initializationOptions: options.initializationOptions }
        : {}),
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceEdit: {
            documentChanges: true,
            ...(options.snippetEdits ? { snippetEditSupport: true } : {}),
          },
          workspaceFolders: true,
        },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: {
            versionSupport: true,
            codeDescriptionSupport: true,
            dataSupport: true,
            relatedInformation: true,
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
            dataSupport: true,
            isPreferredSupport: true,
          },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** The number of publishes so far: pass it to {@link waitForDiagnostics} to wait for later ones only. */
  mark(): number {
    return this.diagnostics.length;
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version, text },
    });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async configurationChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async watchedFilesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async codeActions(
    uri: string,
    range: Range,
    diagnostics: Diagnostic[],
    only?: string[],
  ): Promise<(CodeAction | Command)[]> {
    return (
      (await this.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics, ...(only ? { only } : {}) },
      })) ?? []
    );
  }

  /** A custom request to the server (`sgLint/fixEdit`). */
  async request<R>(method: string, params: unknown): Promise<R> {
    return await this.connection.sendRequest<R>(method, params);
  }

  async hover(uri: string, position: Position): Promise<Hover | null> {
    return await this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** Publishes for a document received at or after `since`. */
  publishesFor(uri: string, since = 0): PublishDiagnosticsParams[] {
    return this.diagnostics.slice(since).filter((p) => p.uri === uri);
  }

  /** The first publish for `uri` at or after `since` that satisfies `accept`; rejects after `timeoutMs`. */
  waitForDiagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    since = 0,
    timeoutMs = 2000,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.publishesFor(uri, since).find(accept);
        if (!hit) return false;
        cleanup();
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.publishesFor(uri, since).map(
          (p) =>
            `v${p.version}: ${p.diagnostics.map((d) => String(d.code ?? (typeof d.message === 'string' ? d.message : d.message.value))).join(',') || '∅'}`,
        );
        reject(
          new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got [${seen.join(' | ')}]`),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (): void => void check();
      this.listeners.add(listener);
      check();
    });
  }

  /** Shuts the server down politely, and kills it if it does not exit. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), delay(2000)]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server is gone already.
    }
    const timer = setTimeout(() => this.child.kill(), 2000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Applies a code action's edit for one document to its text. */
export function applyWorkspaceEdit(uri: string, text: string, edit: WorkspaceEdit | undefined): string {
  const edits: TextEdit[] = [];
  for (const change of edit?.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri)
      edits.push(...change.edits.filter((e): e is TextEdit => 'range' in e));
  }
  edits.push(...(edit?.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 0, text), edits);
}
