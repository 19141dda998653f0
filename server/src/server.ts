/**
 * The sg-lint language server's entry point. It only wires LSP handlers to the modules in ./lsp (as
 * vscode-eslint's server does): documents, configuration, debounced linting, code actions. CloudFormation
 * documents are linted one by one (lsp/linter.ts), Terraform documents as part of their module folder
 * (lsp/terraform.ts) with incremental re-parsing (lsp/terraformTrees.ts). It talks over whatever transport
 * the client chose (`--node-ipc` from VS Code, `--stdio` for tests and other editors) and never writes to
 * stdout itself: logs go to the client's output channel through connection.console.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import type { CancellationToken, InitializeResult, WorkspaceFolder } from 'vscode-languageserver/node';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  FileChangeType,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { DEFAULT_CONFIG } from '../../rules/config';
import { CdkLinter } from './lsp/cdk';
import {
  FIX_ALL_KIND,
  cdkCodeActionsFor,
  codeActionsFor,
  templateFixEdit,
  terraformCodeActionsFor,
  terraformFixEdit,
} from './lsp/codeActions';
import { isConfigFileUri } from './lsp/configFile';
import type { Logger } from './lsp/configuration';
import { ConfigurationManager, containingFolder, errorText, localPath } from './lsp/configuration';
import { DocLinks } from './lsp/docLinks';
import { hoverFor, joinHovers, terraformHoverFor } from './lsp/hover';
import { ImportResolver } from './lsp/imports';
import { DocumentLinter } from './lsp/linter';
import { TerraformLinter, isTerraformDocument } from './lsp/terraform';
import { TerraformTrees } from './lsp/terraformTrees';
import { GraphService } from './lsp/graph';
import { ChangesService } from './lsp/changes';
import type { ChangesParams, SecurityChanges } from './protocol';
import { ChangesRequests } from './protocol';
import { WorkspaceIndex } from './lsp/workspaceIndex';
import { WorkspaceScanner } from './lsp/workspaceScan';
import type {
  FixEditParams,
  FixEditResult,
  GraphParams,
  InitializationOptions,
  SecurityGroupGraph,
} from './protocol';
import { Notifications, Requests, SETTINGS_SECTION } from './protocol';
import { initTerraform } from './terraform/treeSitter';

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
let snippetEdits = false;
/** The client asks the user for a fix's input (VS Code's client says so in its initialization options). */
let interactiveFixes = false;
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

/** Files the CDK linter hears about: what a synth writes. */
const CDK_OUTPUT = /(?:\/manifest\.json|\.template\.json|\.metadata\.json|\/cdk\.out)$/;

const isTerraform = (doc: TextDocument): boolean => isTerraformDocument(doc.uri, doc.languageId);

/** CDK synth output is linted from disk as a whole assembly; its open templates are not linted alone. */
const cdk = new CdkLinter({
  workspaceFolders: () => workspaceFolders,
  configFor: (uri) => configuration.forDocument(uri),
  publish: (params) => void connection.sendDiagnostics(params),
  // A notification, not a request: nothing waits for the user to dismiss it.
  inform: (message) =>
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message }),
  log,
  docLinks,
});

const linter = new DocumentLinter({
  getDocument: (uri) => documents.get(uri),
  allDocuments: () => documents.all().filter((d) => !isTerraform(d) && !cdk.owns(d.uri)),
  configFor: (uri) => configuration.forDocument(uri),
  debounceFor: (uri) => configuration.debounceFor(uri),
  publish: (params) => void connection.sendDiagnostics(params),
  log,
  docLinks,
});

/** Loading the Terraform grammar (WebAssembly) starts with the server; Terraform lints wait for it. */
let parserLoading: Promise<void> | undefined;
const parserReady = (): Promise<void> => {
  if (!parserLoading) {
    parserLoading = initTerraform();
    // Failures are reported by the Terraform linter when it needs the parser.
    parserLoading.catch(() => undefined);
  }
  return parserLoading;
};

const trees = new TerraformTrees();
const terraform = new TerraformLinter({
  getDocument: (uri) => documents.get(uri),
  allDocuments: () => documents.all(),
  configFor: (uri) => configuration.forDocument(uri),
  debounceFor: (uri) => configuration.debounceFor(uri),
  publish: (params) => void connection.sendDiagnostics(params),
  parserReady,
  trees,
  log,
  docLinks,
});

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  pullConfiguration = caps.workspace?.configuration === true;
  registerConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
  snippetEdits = caps.workspace?.workspaceEdit?.snippetEditSupport === true;
  interactiveFixes =
    (params.initializationOptions as InitializationOptions | undefined)?.interactiveFixes === true;
  setFolders(params.workspaceFolders);
  folderEvents = caps.workspace?.workspaceFolders === true;
  void parserReady();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      definitionProvider: true,
      ...(folderEvents ? { workspace: { workspaceFolders: { supported: true } } } : {}),
    },
    serverInfo: { name: 'sg-lint', version },
  };
});

connection.onInitialized(() => {
  cdk.scanWorkspace();
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
      terraform.relintAll();
      cdk.scanWorkspace();
    });
  }
});

connection.onDidChangeConfiguration((change) => {
  const settings = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
  if (settings !== undefined) pushedSettings = settings;
  configuration.settingsChanged();
  linter.relintAll();
  terraform.relintAll();
  cdk.relintAll();
  scanner.configChanged();
});

// The client watches **/.sg-lint.{yaml,yml,json}, whose changes may alter any document's configuration,
// and **/*.tf and **/*.tfvars, whose changes on disk alter the modules that read them.
connection.onDidChangeWatchedFiles(({ changes }) => {
  const configFiles = changes.filter((c) => isConfigFileUri(c.uri));
  const terraformFiles = changes.filter((c) => !isConfigFileUri(c.uri) && isTerraformDocument(c.uri, ''));
  if (configFiles.length) {
    configuration.filesChanged();
    linter.relintAll();
    terraform.relintAll();
    cdk.relintAll();
    scanner.configChanged();
  }
  terraform.filesChanged(terraformFiles.map((c) => c.uri));
  // CDK synth output: manifests, templates, metadata, the cdk.out marker, or anything in an assembly.
  cdk.filesChanged(
    changes
      .filter(
        (c) =>
          !isConfigFileUri(c.uri) &&
          !isTerraformDocument(c.uri, '') &&
          (CDK_OUTPUT.test(c.uri) || cdk.owns(c.uri)),
      )
      .map((c) => c.uri),
  );
  // The workspace index follows creates, changes, deletes (and renames: a delete and a create).
  const moved = index.apply(
    changes.flatMap((c) => {
      const p = localPath(c.uri);
      return p ? [{ path: p, deleted: c.type === FileChangeType.Deleted }] : [];
    }),
  );
  if (moved.length) scanner.filesChanged();
});

documents.onDidChangeContent((e) => {
  if (isTerraform(e.document)) terraform.documentChanged(e.document);
  else if (!cdk.owns(e.document.uri)) linter.documentChanged(e.document.uri);
});
documents.onDidClose((e) => {
  if (isTerraform(e.document)) terraform.documentClosed(e.document.uri);
  else if (!cdk.owns(e.document.uri)) linter.documentClosed(e.document.uri);
  // After a workspace scan, a closed file shows its saved text's findings again.
  scanner.filesChanged();
});

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  try {
    const options = { docLinks, documentChanges, snippetEdits, interactive: interactiveFixes };
    if (cdk.owns(doc.uri)) return cdkCodeActionsFor(params, docLinks);
    if (isTerraform(doc))
      return terraformCodeActionsFor(
        params,
        doc.version,
        terraform.sourcesFor(doc.uri, doc.version),
        options,
      );
    return codeActionsFor(params, doc.version, linter.resultFor(doc.uri, doc.version), options);
  } catch (e) {
    log.error(`sg-lint: code actions failed for ${doc.uri}: ${errorText(e)}`);
    return [];
  }
});

/**
 * What the workspace index leaves out besides dependency folders and .gitignore: `files.exclude` and
 * `sgLint.exclude`, per workspace folder, read before each scan.
 */
const excludes = new Map<string, (fsPath: string) => boolean>();
async function readExcludes(): Promise<void> {
  excludes.clear();
  for (const folder of workspaceFolders) {
    const settings = await configuration.forDocument(pathToFileURL(path.join(folder, '.sg-lint')).href);
    let globs: string[] = [];
    if (pullConfiguration) {
      const filesExclude: unknown = await connection.workspace
        .getConfiguration({ scopeUri: pathToFileURL(folder).href, section: 'files.exclude' })
        .catch(() => undefined);
      if (filesExclude && typeof filesExclude === 'object')
        globs = Object.entries(filesExclude as Record<string, unknown>)
          .filter(([, on]) => on === true)
          .map(([glob]) => glob);
    }
    const matches = globs.length ? picomatch(globs, { dot: true }) : () => false;
    excludes.set(folder, (p) => {
      const rel = path.relative(folder, p).split(path.sep).join('/');
      return (rel !== '' && matches(rel)) || settings.isExcluded(p);
    });
  }
}

const index = new WorkspaceIndex({
  folders: () => workspaceFolders,
  isExcluded: (p) => {
    for (const [folder, excluded] of excludes) if (p.startsWith(folder + path.sep)) return excluded(p);
    return false;
  },
});

const imports = new ImportResolver({
  index,
  folders: () => workspaceFolders,
  openTemplates: () =>
    documents.all().flatMap((d) => {
      const result = isTerraform(d) || cdk.owns(d.uri) ? undefined : linter.resultFor(d.uri, d.version);
      return result ? [result] : [];
    }),
  prepare: readExcludes,
  maxFileSize: DEFAULT_CONFIG.maxFileSize,
});

const scanner = new WorkspaceScanner({
  index,
  folders: () => workspaceFolders,
  openText: (uri) => documents.get(uri)?.getText(),
  configFor: (uri) => configuration.forDocument(uri),
  publish: (params) => void connection.sendDiagnostics(params),
  docLinks,
  cdkFindings: () => cdk.templateFindings(),
  parserReady,
  prepare: readExcludes,
  log,
});

connection.onRequest(Requests.scanWorkspace, async (_params: unknown, token: CancellationToken) => {
  let last = 0;
  return await scanner.scan(token, (done, total) => {
    // A notification per file would flood the client: at most one every 100 ms, and the last one.
    const now = Date.now();
    if (done !== total && now - last < 100) return;
    last = now;
    void connection.sendNotification(Notifications.scanProgress, { done, total });
  });
});

connection.onRequest(Requests.exportSarif, async (): Promise<string> => {
  return `${JSON.stringify(await scanner.sarif(), null, 2)}\n`;
});

const graphs = new GraphService({
  workspaceFolders: () => workspaceFolders,
  openDocuments: () => documents.all().map((d) => ({ uri: d.uri, version: d.version })),
  liveTemplate: (uri, version) => (cdk.owns(uri) ? undefined : linter.resultFor(uri, version)),
  liveModules: (uri, version) => terraform.sourcesFor(uri, version),
  parserReady,
});

connection.onRequest(Requests.graph, async (params: GraphParams): Promise<SecurityGroupGraph> => {
  try {
    return await graphs.graph(params);
  } catch (e) {
    log.error(`sg-lint: the graph failed: ${errorText(e)}`);
    throw e;
  }
});

const changes = new ChangesService({
  workspaceFolders: () => workspaceFolders,
  openDocuments: () => documents.all().map((d) => ({ uri: d.uri, text: d.getText() })),
  configFor: (uri) => configuration.forDocument(uri),
  parserReady,
});

connection.onRequest(ChangesRequests.changes, async (params: ChangesParams): Promise<SecurityChanges> => {
  try {
    return await changes.changes(params);
  } catch (e) {
    log.error(`sg-lint: security-group changes failed: ${errorText(e)}`);
    throw e;
  }
});

connection.onRequest(Requests.fixEdit, (params: FixEditParams): FixEditResult => {
  const doc = documents.get(params.ref.uri);
  if (!doc || cdk.owns(doc.uri)) return { error: 'The file is not open in sg-lint any more.' };
  try {
    const options = { docLinks, documentChanges, snippetEdits, interactive: interactiveFixes };
    if (isTerraform(doc))
      return terraformFixEdit(params, doc.version, terraform.sourcesFor(doc.uri, doc.version), options);
    return templateFixEdit(params, doc.version, linter.resultFor(doc.uri, doc.version), options);
  } catch (e) {
    log.error(`sg-lint: fix edit failed for ${doc.uri}: ${errorText(e)}`);
    return { error: 'sg-lint could not compute the change; see the SG Lint output.' };
  }
});

connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  try {
    // CDK synth output is generated: its findings are told on the CDK source line, not hovered here.
    if (cdk.owns(doc.uri)) return null;
    if (isTerraform(doc))
      return terraformHoverFor(params, terraform.sourcesFor(doc.uri, doc.version), docLinks);
    const result = linter.resultFor(doc.uri, doc.version);
    const findings = hoverFor(params, result, docLinks);
    const imported = await imports.hover(params, result);
    return joinHovers(findings, imported);
  } catch (e) {
    log.error(`sg-lint: hover failed for ${doc.uri}: ${errorText(e)}`);
    return null;
  }
});

connection.onDefinition(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || isTerraform(doc) || cdk.owns(doc.uri)) return null;
  try {
    return await imports.definition(params, linter.resultFor(doc.uri, doc.version));
  } catch (e) {
    log.error(`sg-lint: definition failed for ${doc.uri}: ${errorText(e)}`);
    return null;
  }
});

connection.onShutdown(() => {
  cdk.dispose();
  linter.dispose();
  terraform.dispose();
  trees.dispose();
  scanner.dispose();
});

/**
 * The document manager, listening through a connection that shows Terraform's trees each change before it
 * is applied: the change ranges refer to the text as it was, which the trees are edited to follow.
 */
const documentConnection: Parameters<typeof documents.listen>[0] = {
  onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(handler),
  onDidChangeTextDocument: (handler) =>
    connection.onDidChangeTextDocument((params) => {
      try {
        trees.willChange(
          documents.get(params.textDocument.uri),
          params.textDocument.version,
          params.contentChanges,
        );
      } catch (e) {
        // A tree that could not follow is dropped; the next parse starts afresh.
        trees.forget(params.textDocument.uri);
        log.error(`sg-lint: could not update the syntax tree of ${params.textDocument.uri}: ${errorText(e)}`);
      }
      return handler(params);
    }),
  onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(handler),
  onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(handler),
  onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(handler),
  onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(handler),
};
documents.listen(documentConnection);
connection.listen();
