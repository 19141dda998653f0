/**
 * The VS Code side of sg-lint, kept thin (like vscode-eslint's client): it starts the language server
 * (dist/server.js) over Node IPC for YAML/JSON and Terraform documents, routes the server's log to the
 * "SG Lint" output channel, watches `.sg-lint.*` config files and Terraform files on disk for the server
 * (a module is linted with its files' saved text when they are not open), and owns the status bar item and
 * the commands that act on the editor. Everything about templates and modules happens in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, RevealOutputChannelOn, State, TransportKind } from 'vscode-languageclient/node';
import type {
  ApplyFixArgs,
  InitializationOptions,
  SelectRangeArgs,
  ShowDocumentationArgs,
} from '../../server/src/protocol';
import { Commands, SETTINGS_SECTION, TERRAFORM_LANGUAGE_IDS } from '../../server/src/protocol';
import { applyFix } from './askFix';
import { registerGraphPanel } from './graphPanel';
import { registerChangesCommand } from './changes';
import { WorkspaceScanCommands } from './workspaceScan';
import { openLocation, selectRange, showDocumentation } from './commands';
import { SgLintStatusBar } from './statusBar';

/**
 * YAML, JSON and Terraform (this extension's `terraform`, and HashiCorp's `terraform-vars`) in files and
 * unsaved editors, and `*.template`, `*.tf` and `*.tfvars` files of any language mode.
 */
export const DOCUMENT_SELECTOR: { scheme: string; language?: string; pattern?: string }[] = [
  ...['yaml', 'json', 'jsonc', ...TERRAFORM_LANGUAGE_IDS].flatMap((language) =>
    ['file', 'untitled'].map((scheme) => ({ scheme, language })),
  ),
  { scheme: 'file', pattern: '**/*.template' },
  { scheme: 'file', pattern: '**/*.{tf,tfvars}' },
];

/**
 * Files whose changes on disk the server hears about: configuration files, Terraform modules' files,
 * CDK synth output (a cloud assembly's manifest, templates and metadata; the `cdk.out` marker file),
 * templates (for the workspace index), and `.gitignore` files (which change what the index includes).
 */
export const WATCHED_FILES = [
  '**/.sg-lint.{yaml,yml,json}',
  '**/*.{tf,tfvars}',
  '**/{manifest.json,*.template.json,*.metadata.json,cdk.out}',
  '**/*.{yaml,yml,json,template}',
  '**/.gitignore',
];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // VS Code's activation time for this extension is this function's: it returns once the server answered.
  const activationStart = performance.now();
  const output = vscode.window.createOutputChannel('SG Lint', { log: true });
  const statusBar = new SgLintStatusBar(DOCUMENT_SELECTOR);
  context.subscriptions.push(
    output,
    statusBar,
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.showDocumentation, (args?: ShowDocumentationArgs) =>
      showDocumentation(args),
    ),
    vscode.commands.registerCommand(Commands.selectRange, (args: SelectRangeArgs) => selectRange(args)),
    vscode.commands.registerCommand(Commands.openLocation, (args: SelectRangeArgs) => openLocation(args)),
  );

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    // Loopback-only inspector for debugging the server from a launch configuration.
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=127.0.0.1:6019'] },
    },
  };
  const watchers = WATCHED_FILES.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // Rule failures are logged as errors; they must not pop the channel open while the user types.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: { fileEvents: watchers },
    initializationOptions: { interactiveFixes: true } satisfies InitializationOptions,
  };
  const languageClient = new LanguageClient(SETTINGS_SECTION, 'SG Lint', serverOptions, clientOptions);
  client = languageClient;
  // The graph panel and its serializer (registered before any await, so a restored panel finds it).
  context.subscriptions.push(
    registerGraphPanel({
      extensionUri: context.extensionUri,
      client: () => client,
      selector: DOCUMENT_SELECTOR,
      log: output,
    }),
  );
  const workspaceScan = new WorkspaceScanCommands(languageClient);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.applyFix, (args: ApplyFixArgs) =>
      applyFix(languageClient, args),
    ),
    registerChangesCommand(languageClient, context.globalStorageUri),
    workspaceScan,
    vscode.commands.registerCommand(Commands.scanWorkspace, () => workspaceScan.scan()),
    vscode.commands.registerCommand(Commands.exportSarif, () => workspaceScan.exportSarif()),
  );
  context.subscriptions.push(
    client.onDidChangeState((e) => statusBar.setServerRunning(e.newState !== State.Stopped)),
  );
  try {
    await client.start();
    const version = (context.extension.packageJSON as { version?: string }).version ?? '';
    output.info(
      `SG Lint ${version} activated in ${Math.round(performance.now() - activationStart)} ms (language server started and initialized)`,
    );
  } catch (e) {
    output.error(
      `SG Lint: the language server did not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    statusBar.setServerRunning(false);
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
