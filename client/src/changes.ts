/**
 * "SG Lint: Show Security Group Changes" (`sgLint.showChanges`): asks which git ref to compare with
 * (HEAD prefilled), asks the server for the active file's changes (`sgLint/changes`: the template, or the
 * Terraform module of a `.tf` file), and opens them in the Markdown preview, with links to the rules'
 * lines. Git problems
 * ("… is not in a git repository", an unknown ref) are shown as warnings.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ChangesParams, SecurityChanges } from '../../server/src/protocol';
import { ChangesCommands, ChangesRequests } from '../../server/src/protocol';
import { changesMarkdown } from './changesMarkdown';

/**
 * Registers the command. Reports are Markdown files in the extension's storage (`storage`/changes), one
 * per file and ref, overwritten when the command runs again: the preview follows relative links from a
 * file to the rules' lines, which it does not for `file:` links or from a virtual document.
 */
export function registerChangesCommand(client: LanguageClient, storage: vscode.Uri): vscode.Disposable {
  let lastRef = 'HEAD';
  const show = async (target?: vscode.Uri): Promise<void> => {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showWarningMessage(
        'SG Lint: open a CloudFormation template or a Terraform file to see its security-group changes.',
      );
      return;
    }
    if (uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(
        'SG Lint: security-group changes compare files on disk with git; save the file first.',
      );
      return;
    }
    const ref = await vscode.window.showInputBox({
      title: 'SG Lint: Show Security Group Changes',
      prompt: 'Compare the working tree with this git ref (a branch, tag or commit)',
      value: lastRef,
      ignoreFocusOut: true,
      validateInput: (v) =>
        v.trim() && !v.trim().startsWith('-') ? undefined : 'A git ref such as HEAD, main or v1.2',
    });
    if (ref === undefined) return;
    lastRef = ref.trim();
    let result: SecurityChanges;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `SG Lint: comparing with ${lastRef}` },
        () =>
          client.sendRequest<SecurityChanges>(ChangesRequests.changes, {
            uri: uri.toString(),
            base: lastRef,
          } satisfies ChangesParams),
      );
    } catch (e) {
      void vscode.window.showWarningMessage(
        `SG Lint could not compute the security-group changes: ${e instanceof Error ? e.message : String(e)}`,
      );
      return;
    }
    if (result.error) {
      void vscode.window.showWarningMessage(`SG Lint: ${result.error}`);
      return;
    }
    const failed = result.files.filter((f) => f.error);
    if (result.files.length > 0 && failed.length === result.files.length) {
      void vscode.window.showWarningMessage(`SG Lint: ${failed[0]!.path}: ${failed[0]!.error}`);
      return;
    }
    const title = path.basename(uri.fsPath);
    const folder = vscode.Uri.joinPath(storage, 'changes');
    const report = vscode.Uri.joinPath(
      folder,
      `${title} changes since ${lastRef}.md`.replace(/[\\/:*?"<>|]/g, '-'),
    );
    try {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(
        report,
        new TextEncoder().encode(changesMarkdown(result, title, path.dirname(report.fsPath))),
      );
    } catch (e) {
      void vscode.window.showWarningMessage(
        `SG Lint could not write the changes report: ${e instanceof Error ? e.message : String(e)}`,
      );
      return;
    }
    await vscode.commands.executeCommand('markdown.showPreview', report);
  };
  return vscode.commands.registerCommand(ChangesCommands.showChanges, show);
}
