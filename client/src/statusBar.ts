/**
 * The status bar item: "SG Lint" with the error and warning counts of sg-lint's diagnostics in the active
 * file, shown while a linted file (or a CDK source file with findings) is active; it turns into a warning when the server has stopped.
 * Clicking it opens the output channel.
 */
import * as vscode from 'vscode';
import { Commands, DIAGNOSTIC_SOURCE } from '../../server/src/protocol';

export class SgLintStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private serverRunning = true;

  constructor(private readonly selector: vscode.DocumentSelector) {
    this.item = vscode.window.createStatusBarItem('sgLint.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'SG Lint';
    this.item.command = Commands.showOutput;
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.update();
      }),
    );
    this.update();
  }

  setServerRunning(running: boolean): void {
    this.serverRunning = running;
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const ours = doc
      ? vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE)
      : [];
    // A CDK app's source file is no file sg-lint lints, but it carries the findings of its synth output.
    if (!doc || (vscode.languages.match(this.selector, doc) === 0 && ours.length === 0)) {
      this.item.hide();
      return;
    }
    if (!this.serverRunning) {
      this.item.text = '$(warning) SG Lint';
      this.item.tooltip = 'SG Lint: the language server is not running. Click to show its output.';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.show();
      return;
    }
    let errors = 0;
    let warnings = 0;
    for (const d of ours) {
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    }
    this.item.backgroundColor = undefined;
    this.item.text =
      errors || warnings ? `SG Lint $(error) ${errors} $(warning) ${warnings}` : 'SG Lint $(check)';
    this.item.tooltip = `SG Lint: ${plural(errors, 'error')} and ${plural(warnings, 'warning')} in this file. Click to show the output.`;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

/** "1 error", "2 errors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
