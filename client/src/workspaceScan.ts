/**
 * "SG Lint: Scan Workspace" and "SG Lint: Export SARIF Report": the server does the work; the client
 * shows a cancellable progress notification with the file count, the summary with a button to the
 * Problems panel, the workspace counts in the status bar, and writes the SARIF log where the user says.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ScanProgress, ScanSummary } from '../../server/src/protocol';
import { Notifications, Requests } from '../../server/src/protocol';
import { plural } from './statusBar';

/** "37 findings in 12 files: 5 errors, 20 warnings, 12 notes". */
export function summaryText(s: ScanSummary): string {
  if (s.findings === 0) return `No findings in ${plural(s.files, 'file')} and modules scanned.`;
  return `${plural(s.findings, 'finding')} in ${plural(s.filesWithFindings, 'file')}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')} (${s.files} templates and modules scanned).`;
}

export class WorkspaceScanCommands implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.item = vscode.window.createStatusBarItem('sgLint.workspace', vscode.StatusBarAlignment.Right, 99);
    this.item.name = 'SG Lint: workspace';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions.push(this.item);
  }

  async scan(): Promise<void> {
    const summary = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'SG Lint: scanning the workspace',
        cancellable: true,
      },
      async (progress, token) => {
        let reported = 0;
        const listener = this.client.onNotification(Notifications.scanProgress, (p: ScanProgress) => {
          if (p.total === 0) return;
          const percent = (p.done / p.total) * 100;
          progress.report({
            message: `${p.done} of ${p.total} files and modules`,
            increment: percent - reported,
          });
          reported = percent;
        });
        try {
          const source = new vscode.CancellationTokenSource();
          token.onCancellationRequested(() => source.cancel());
          return await this.client.sendRequest<ScanSummary>(Requests.scanWorkspace, {}, source.token);
        } finally {
          listener.dispose();
        }
      },
    );
    if (summary.cancelled) {
      void vscode.window.showInformationMessage('SG Lint: workspace scan cancelled; nothing was changed.');
      return;
    }
    this.showCounts(summary);
    const open = 'Open Problems';
    const picked = await vscode.window.showInformationMessage(`SG Lint: ${summaryText(summary)}`, open);
    if (picked === open) await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  private showCounts(s: ScanSummary): void {
    this.item.text = `SG Lint workspace $(error) ${s.errors} $(warning) ${s.warnings} $(info) ${s.notes}`;
    this.item.tooltip = `SG Lint: ${summaryText(s)} Click to open the Problems panel.`;
    this.item.show();
  }

  async exportSarif(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'SG Lint: Export SARIF Report',
      saveLabel: 'Export',
      filters: { SARIF: ['sarif', 'json'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'sg-lint.sarif') } : {}),
    });
    if (!target) return;
    const text = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'SG Lint: building the SARIF report' },
      () => this.client.sendRequest<string>(Requests.exportSarif, {}),
    );
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    const results = (JSON.parse(text) as { runs: { results: unknown[] }[] }).runs[0]?.results.length ?? 0;
    const open = 'Open';
    const picked = await vscode.window.showInformationMessage(
      `SG Lint: wrote ${plural(results, 'result')} to ${vscode.workspace.asRelativePath(target)}.`,
      open,
    );
    if (picked === open) await vscode.window.showTextDocument(target);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
