/**
 * The sg-lint language server's entry point. It only wires LSP handlers to the modules in ./lsp (as
 * vscode-eslint's server does): documents, configuration, debounced linting, code actions. It talks over
 * whatever transport the client chose (`--node-ipc` from VS Code, `--stdio` for tests and other editors)
 * and never writes to stdout itself: logs go to the client's output channel through connection.console.
 */
import * as path from 'node:path';
import type { InitializeResult, WorkspaceFolder } from 'vscode-languageserver/node';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { codeActionsFor } from './lsp/codeActions';
import type { Logger } from './lsp/configuration';
import { ConfigurationManager, containingFolder, errorText, localPath } from './lsp/configuration';
import { DocLinks } from './lsp/docLinks';
import { DocumentLinter } from './lsp/linter';
import { SETTINGS_SECTION } from './protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log: Logger = {
  info: (m) => connection.console.info(m),
  warn: (m) => connection.console.warn(m),
  error: (m) => connection.console.error(m),
};

// A bug anywhere must not take the server (and every diagnostic) down: log it and keep serving.
process.on('uncaughtException', (e) => log.error(`sg-lint: uncaught exception: ${errorText(e)}`));
process.on('unhandledRejection', (e) => log.error(`sg-lint: unhandled rejection: ${errorText(e)}`));

let workspaceFolders: string[] = [];
let pullConfiguration = false;
let registerConfiguration = false;
let documentChanges = false;
let folderEvents = false;
/** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
let pushedSettings: unknown;

const setFolders = (folders: readonly WorkspaceFolder[] | null | undefined): void => {
  workspaceFolders = (folders ?? []).map((f) => localPath(f.uri)).filter((p): p is string => p !== undefined);
};

const configuration = new ConfigurationManager({
  fetchSettings: (scopeUri) =>
    pullConfiguration
      ? connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION })
      : Promise.resolve(pushedSettings),
  workspaceFolderOf: (fsPath) => containingFolder(workspaceFolders, fsPath),
  isOpen: (fsPath) => documents.all().some((d) => localPath(d.uri) === fsPath),
  log,
});

const docLinks = new DocLinks(path.join(__dirname, 'docs', 'rules'));

const linter = new DocumentLinter({
  getDocument: (uri) => documents.get(uri),
  allDocuments: () => documents.all(),
  configFor: (uri) => configuration.forDocument(uri),
  debounceFor: (uri) => configuration.debounceFor(uri),
  publish: (params) => void connection.sendDiagnostics(params),
  log,
  docLinks,
});

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  pullConfiguration = caps.workspace?.configuration === true;
  registerConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
  setFolders(params.workspaceFolders);
  folderEvents = caps.workspace?.workspaceFolders === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      ...(folderEvents ? { workspace: { workspaceFolders: { supported: true } } } : {}),
    },
    serverInfo: { name: 'sg-lint', version },
  };
});

connection.onInitialized(() => {
  if (registerConfiguration)
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  // Registers for folder change events dynamically; only allowed when the client has workspace folders.
  if (folderEvents) {
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      connection.workspace
        .getWorkspaceFolders()
        .then(setFolders, (e: unknown) =>
          log.warn(`sg-lint: could not list workspace folders: ${errorText(e)}`),
        );
      configuration.settingsChanged();
      linter.relintAll();
    });
  }
});

connection.onDidChangeConfiguration((change) => {
  const settings = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
  if (settings !== undefined) pushedSettings = settings;
  configuration.settingsChanged();
  linter.relintAll();
});

// The client watches **/.sg-lint.{yaml,yml,json}: any change may alter any open document's configuration.
connection.onDidChangeWatchedFiles(() => {
  configuration.filesChanged();
  linter.relintAll();
});

documents.onDidChangeContent((e) => linter.documentChanged(e.document.uri));
documents.onDidClose((e) => linter.documentClosed(e.document.uri));

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  try {
    return codeActionsFor(params, doc.version, linter.resultFor(doc.uri, doc.version), {
      docLinks,
      documentChanges,
    });
  } catch (e) {
    log.error(`sg-lint: code actions failed for ${doc.uri}: ${errorText(e)}`);
    return [];
  }
});

connection.onShutdown(() => linter.dispose());

documents.listen(connection);
connection.listen();
