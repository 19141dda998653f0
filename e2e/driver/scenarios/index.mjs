// The scenarios, in the order they run. They share one workbench (one browser page on one workspace)
// and each one opens what it needs, so any of them can run alone (SG_LINT_E2E_ONLY=c); later ones may
// see what earlier ones left (open editors, the Problems panel, unsaved edits), never depend on it.
//
// A scenario is `{ id, name, run(ctx) }`; ctx is { page, wb (workbench.mjs), workspace (its folder
// on disk), shot(name) (a screenshot in e2e/.artifacts/), log(msg) }. To add one (the "Scan
// Workspace" summary, the graph webview: a webview is a nested iframe, reach it via page.frames()),
// write it in a file of its own here and append it to this list.
import { cfnWorldSsh } from './a-cfn-world-ssh.mjs';
import { terraformWorldSsh } from './b-terraform-world-ssh.mjs';
import { liveTyping } from './c-live-typing.mjs';
import { restrictQuickFix } from './d-restrict-quick-fix.mjs';
import { cdkSourceLine } from './e-cdk-source-line.mjs';
import { scanWorkspace } from './f-scan-workspace.mjs';
import { graphWebview } from './g-graph-webview.mjs';
import { securityChanges } from './h-security-changes.mjs';
import { importDefinition } from './i-import-definition.mjs';

export const scenarios = [
  cfnWorldSsh,
  terraformWorldSsh,
  liveTyping,
  restrictQuickFix,
  cdkSourceLine,
  scanWorkspace,
  graphWebview,
  securityChanges,
  importDefinition,
];
