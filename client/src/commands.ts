/**
 * Commands the client handles itself: opening a rule's documentation (bundled page in the markdown
 * preview when it exists, else the web page), and selecting a range after a code action's edit (the
 * placeholder reason of a suppression, so the user types over it).
 */
import * as vscode from 'vscode';
import type { SelectRangeArgs, ShowDocumentationArgs } from '../../server/src/protocol';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function openDocPage(href: string): Promise<void> {
  const uri = vscode.Uri.parse(href);
  if (uri.scheme === 'file') {
    if (await exists(uri)) {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return;
    }
    void vscode.window.showErrorMessage(`SG Lint: the documentation page ${uri.fsPath} is missing.`);
    return;
  }
  await vscode.env.openExternal(uri);
}

/** From the palette (no arguments): the rules with diagnostics in the active file, to pick from. */
async function pickFromActiveFile(): Promise<string | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  const pages = new Map<string, string>();
  for (const d of doc ? vscode.languages.getDiagnostics(doc.uri) : []) {
    if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'object' || !d.code.target) continue;
    const id = String(d.code.value);
    if (!pages.has(id)) pages.set(id, d.code.target.toString(true));
  }
  if (pages.size === 0) {
    void vscode.window.showInformationMessage(
      'SG Lint: no findings in the active file. Rule documentation opens from a finding’s quick fixes or its code link.',
    );
    return undefined;
  }
  if (pages.size === 1) return [...pages.values()][0];
  const picked = await vscode.window.showQuickPick(
    [...pages.keys()].sort().map((id) => ({ label: id, href: pages.get(id)! })),
    { placeHolder: 'Show the documentation of which rule?' },
  );
  return picked?.href;
}

export async function showDocumentation(args?: ShowDocumentationArgs): Promise<void> {
  if (!args) {
    const href = await pickFromActiveFile();
    if (href) await openDocPage(href);
    return;
  }
  if (args.localUri && (await exists(vscode.Uri.parse(args.localUri)))) {
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.parse(args.localUri));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(args.webUri));
}

export function selectRange(args: SelectRangeArgs): void {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === args.uri);
  if (!editor) return;
  const start = new vscode.Position(args.start.line, args.start.character);
  const end = new vscode.Position(args.end.line, args.end.character);
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(new vscode.Range(start, end));
}

/** Opens a file (the CDK app's source line behind a finding in synth output) with a range selected. */
export async function openLocation(args: SelectRangeArgs): Promise<void> {
  const start = new vscode.Position(args.start.line, args.start.character);
  const end = new vscode.Position(args.end.line, args.end.character);
  try {
    await vscode.window.showTextDocument(vscode.Uri.parse(args.uri), {
      selection: new vscode.Range(start, end),
      preview: false,
    });
  } catch (e) {
    void vscode.window.showErrorMessage(
      `SG Lint: cannot open ${vscode.Uri.parse(args.uri).fsPath}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
