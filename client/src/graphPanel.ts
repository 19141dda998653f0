/**
 * "SG Lint: Show Security Group Graph": the webview panel that draws the security-group graph of the
 * active file, its folder or the workspace (webview/graph, bundled into dist/media). It follows the VS Code
 * webview sample's lifecycle: one panel (createOrShow), restored after a restart by a serializer (revive),
 * disposed with its listeners.
 *
 * The host asks the language server for the graph (`sgLint/graph`), asks again (debounced) as the user
 * types or diagnostics change, and posts it to the page. The page asks back to reveal a location, change
 * the scope or save an export; every message is checked (graphWebview.ts), and only locations of the graph
 * it was sent can be opened.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type {
  GraphLocation,
  GraphParams,
  GraphScopeKind,
  SecurityGroupGraph,
  ToGraphWebview,
} from '../../server/src/protocol';
import { Requests } from '../../server/src/protocol';
import {
  graphHtml,
  graphUris,
  looksLikeGraph,
  parseFromGraphWebview,
  PNG_DATA_URL_PREFIX,
} from './graphWebview';

export const GRAPH_VIEW_TYPE = 'sgLint.graph';
export const SHOW_GRAPH_COMMAND = 'sgLint.showGraph';

/** Quiet time after the last edit or diagnostics change before the graph is asked for again. */
const REFRESH_DEBOUNCE_MS = 300;

/** LSP's MethodNotFound: a server without the graph request. */
const METHOD_NOT_FOUND = -32601;

const IAC_FILE = /\.(ya?ml|json|template|tf|tfvars)$/i;

export interface GraphPanelDeps {
  readonly extensionUri: vscode.Uri;
  /** The language client, once created (undefined before activation finished or after deactivation). */
  readonly client: () => LanguageClient | undefined;
  /** The documents sg-lint lints (a document outside it does not change the panel's file). */
  readonly selector: vscode.DocumentSelector;
  readonly log?: vscode.LogOutputChannel;
}

function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'media');
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableForms: false,
    enableCommandUris: false,
    localResourceRoots: [mediaRoot(extensionUri)],
  };
}

function themeKind(): 'light' | 'dark' | 'high-contrast' {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast';
    default:
      return 'dark';
  }
}

function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === METHOD_NOT_FOUND) {
    return 'This SG Lint language server cannot draw the graph yet (it does not answer sgLint/graph).';
  }
  return `SG Lint could not build the graph: ${e instanceof Error ? e.message : String(e)}`;
}

/** What the page saved with vscode.setState that the host needs after a restart. */
function savedScope(state: unknown): { scope?: GraphScopeKind; uri?: vscode.Uri } {
  if (typeof state !== 'object' || state === null) return {};
  const s = state as Record<string, unknown>;
  const scope = s.scope === 'file' || s.scope === 'folder' || s.scope === 'workspace' ? s.scope : undefined;
  let uri: vscode.Uri | undefined;
  if (typeof s.scopeUri === 'string') {
    try {
      uri = vscode.Uri.parse(s.scopeUri, true);
    } catch {
      uri = undefined;
    }
  }
  return { ...(scope ? { scope } : {}), ...(uri ? { uri } : {}) };
}

export class GraphPanel implements vscode.Disposable {
  private static current: GraphPanel | undefined;

  /** Opens the panel (beside the editor) or brings it forward, for the active file. */
  static createOrShow(deps: GraphPanelDeps): void {
    const editor = vscode.window.activeTextEditor;
    const doc =
      editor && vscode.languages.match(deps.selector, editor.document) > 0 ? editor.document : undefined;
    const current = GraphPanel.current;
    if (current) {
      if (doc) current.target = doc.uri;
      current.panel.reveal(undefined, false);
      current.refreshSoon(0);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      'Security Group Graph',
      { viewColumn: editor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(deps.extensionUri), retainContextWhenHidden: false },
    );
    GraphPanel.current = new GraphPanel(panel, deps, doc ? 'file' : 'workspace', doc?.uri);
  }

  /** Restores a panel VS Code kept across a restart (registerWebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, deps: GraphPanelDeps, state: unknown): void {
    GraphPanel.current?.dispose();
    panel.webview.options = webviewOptions(deps.extensionUri);
    const saved = savedScope(state);
    const editor = vscode.window.activeTextEditor;
    const doc =
      editor && vscode.languages.match(deps.selector, editor.document) > 0 ? editor.document : undefined;
    // The panel follows the active template, as it did before the restart; the saved one is the fallback.
    GraphPanel.current = new GraphPanel(
      panel,
      deps,
      saved.scope ?? (doc ? 'file' : 'workspace'),
      doc?.uri ?? saved.uri,
    );
  }

  static serializer(deps: GraphPanelDeps): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Thenable<void> {
        GraphPanel.revive(panel, deps, state);
        return Promise.resolve();
      },
    };
  }

  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private graph: SecurityGroupGraph | undefined;
  private knownUris = new Set<string>();
  /** Something changed while the panel was hidden: ask again when it shows. */
  private stale = false;
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: GraphPanelDeps,
    private scope: GraphScopeKind,
    private target: vscode.Uri | undefined,
  ) {
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.refreshSoon(0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.inScope(e.document.uri)) this.refreshSoon();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => this.inScope(u))) this.refreshSoon();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || this.scope === 'workspace') return;
        if (vscode.languages.match(this.deps.selector, editor.document) === 0) return;
        if (this.target?.toString() === editor.document.uri.toString()) return;
        this.target = editor.document.uri;
        this.refreshSoon(0);
      }),
      vscode.window.onDidChangeActiveColorTheme(() => {
        if (this.graph) this.post({ type: 'graph', graph: this.graph, theme: themeKind() });
      }),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = mediaRoot(this.deps.extensionUri);
    return graphHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph.css')).toString(),
    });
  }

  private post(message: ToGraphWebview): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  // ----------------------------------------------------------------------------------------------
  // Scope and refresh

  /** Does a change to this document change the graph on show? */
  private inScope(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file' && uri.scheme !== 'untitled') return false;
    if (this.scope === 'file') return this.target?.toString() === uri.toString();
    if (!IAC_FILE.test(uri.path)) return false;
    if (this.scope === 'workspace') return true;
    if (!this.target) return false;
    const folder = path.posix.dirname(this.target.path);
    return (
      uri.scheme === this.target.scheme && uri.path.startsWith(folder.endsWith('/') ? folder : `${folder}/`)
    );
  }

  private refreshSoon(delay = REFRESH_DEBOUNCE_MS): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private params(): GraphParams | undefined {
    if (this.scope === 'workspace') return { scope: 'workspace' };
    return this.target ? { scope: this.scope, uri: this.target.toString() } : undefined;
  }

  private async refresh(): Promise<void> {
    if (this.disposed) return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    const seq = ++this.seq;
    const params = this.params();
    if (!params) {
      this.post({
        type: 'error',
        message:
          'Open a CloudFormation template or a Terraform file to draw its graph, or switch the scope to Workspace.',
      });
      return;
    }
    const client = this.deps.client();
    if (!client) {
      this.post({
        type: 'error',
        message: 'The SG Lint language server is not running (see "SG Lint: Show Output").',
      });
      return;
    }
    try {
      const graph: unknown = await client.sendRequest(Requests.graph, params);
      if (seq !== this.seq || this.disposed) return; // a newer request is on its way
      if (!looksLikeGraph(graph)) {
        this.post({
          type: 'error',
          message: 'The SG Lint language server answered sgLint/graph without a graph.',
        });
        return;
      }
      this.graph = graph;
      this.knownUris = graphUris(graph);
      this.panel.title = `Security Groups: ${graph.scope.label}`;
      this.post({ type: 'graph', graph, theme: themeKind() });
    } catch (e) {
      if (seq !== this.seq || this.disposed) return;
      this.deps.log?.warn(`graph: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.post({ type: 'error', message: errorMessage(e) });
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Messages from the page

  private onMessage(raw: unknown): void {
    const message = parseFromGraphWebview(raw);
    if (!message) {
      this.deps.log?.warn('graph: ignored a malformed message from the webview');
      return;
    }
    switch (message.type) {
      case 'ready':
        // A (re)loaded page: give it what we have at once, and ask for fresh data.
        if (this.graph) this.post({ type: 'graph', graph: this.graph, theme: themeKind() });
        this.refreshSoon(0);
        return;
      case 'scope':
        if (message.scope === this.scope) return;
        this.scope = message.scope;
        this.refreshSoon(0);
        return;
      case 'reveal':
        void this.reveal(message.location);
        return;
      case 'export':
        void this.export(message.format, message.data);
        return;
      case 'state':
        return;
    }
  }

  /** The editor column to open a location in: where it is open already, else not the panel's own. */
  private columnFor(uri: vscode.Uri): vscode.ViewColumn {
    const visible = vscode.window.visibleTextEditors;
    const same = visible.find((e) => e.document.uri.toString() === uri.toString());
    if (same?.viewColumn !== undefined) return same.viewColumn;
    const other = visible.find((e) => e.viewColumn !== undefined && e.viewColumn !== this.panel.viewColumn);
    if (other?.viewColumn !== undefined) return other.viewColumn;
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  private async reveal(location: GraphLocation): Promise<void> {
    if (!this.knownUris.has(location.uri)) {
      this.deps.log?.warn('graph: ignored a reveal of a location outside the graph');
      return;
    }
    const uri = vscode.Uri.parse(location.uri, true);
    const { start, end } = location.range;
    const range = new vscode.Range(start.line, start.character, end.line, end.character);
    try {
      await vscode.window.showTextDocument(uri, {
        selection: range,
        viewColumn: this.columnFor(uri),
        preserveFocus: true,
        preview: true,
      });
    } catch (e) {
      void vscode.window.showErrorMessage(
        `SG Lint: cannot open ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private async export(format: 'svg' | 'png', data: string): Promise<void> {
    const folder =
      (this.target && vscode.workspace.getWorkspaceFolder(this.target)?.uri) ??
      vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `security-groups.${format}`;
    const uri = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      saveLabel: 'Export',
      title: `Export the security-group graph as ${format.toUpperCase()}`,
    });
    if (!uri) return;
    const bytes =
      format === 'svg'
        ? new TextEncoder().encode(data)
        : new Uint8Array(Buffer.from(data.slice(PNG_DATA_URL_PREFIX.length), 'base64'));
    try {
      await vscode.workspace.fs.writeFile(uri, bytes);
      void vscode.window.showInformationMessage(
        `SG Lint: exported the graph to ${vscode.workspace.asRelativePath(uri)}.`,
      );
    } catch (e) {
      void vscode.window.showErrorMessage(
        `SG Lint: cannot write ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}

/** Registers the command and the serializer (call during activation, before any await). */
export function registerGraphPanel(deps: GraphPanelDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, () => GraphPanel.createOrShow(deps)),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, GraphPanel.serializer(deps)),
  );
}
