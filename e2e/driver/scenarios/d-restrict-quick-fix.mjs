// d. Quick fix: with trustedCidrs in a .sg-lint.yaml written while the workbench is open, Ctrl+. on the
// world-open SSH CIDR offers "Restrict to 10.0.0.0/8 (corp network)…"; picking it rewrites the CIDR
// and the finding goes away. The file is then saved and read back from disk.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { diskLine, locate } from '../fixtures.mjs';
import { SSH_MESSAGE, TEMPLATE } from './a-cfn-world-ssh.mjs';

const CONFIG = 'trustedCidrs:\n  - { cidr: 10.0.0.0/8, label: corp network }\n';

export const restrictQuickFix = {
  id: 'd',
  name: 'CloudFormation: the "Restrict to 10.0.0.0/8" quick fix from .sg-lint.yaml trustedCidrs',
  async run({ page, wb, workspace, shot, log }) {
    const ssh = locate(workspace, TEMPLATE, 'CidrIp: 0.0.0.0/0', 'CidrIp: '.length);
    // The extension watches .sg-lint.yaml: no reload needed.
    writeFileSync(path.join(workspace, '.sg-lint.yaml'), CONFIG);

    await wb.showProblems('bastion.yaml');
    await wb.openFile(TEMPLATE);
    await wb.waitForErrorOnLine(ssh.line);
    await wb.gotoLine(ssh.line, ssh.column + 2); // inside 0.0.0.0/0
    await shot('quickfix-before');

    // The server re-reads the configuration when the watcher reports the new file: until then the menu
    // has no "Restrict to" action, so reopen it until it does.
    const deadline = Date.now() + 30_000;
    let titles = [];
    let opened = 0;
    for (;;) {
      titles = await wb.openCodeActions();
      opened += 1;
      if (titles.some((t) => t.startsWith('Restrict to 10.0.0.0/8'))) break;
      await wb.escape(1);
      if (Date.now() > deadline)
        throw new Error(`no "Restrict to 10.0.0.0/8" quick fix; the menu had: ${titles.join(' | ')}`);
      await page.waitForTimeout(500);
    }
    log(`quick-fix menu (opened ${opened}×): ${titles.join(' | ')}`);
    await shot('quickfix-menu');

    const picked = await wb.pickCodeAction('Restrict to 10.0.0.0/8');
    log(`picked: ${picked}`);
    await wb.waitForSquiggles(
      (s) => !s.some((q) => q.line === ssh.line),
      `the squiggle on line ${ssh.line} to go away`,
    );
    assert.equal(
      (await wb.lineText(ssh.line)).trim(),
      'CidrIp: 10.0.0.0/8',
      'the editor shows the restricted CIDR',
    );
    await wb.waitForNoProblem(TEMPLATE.split('/').pop(), SSH_MESSAGE);

    await wb.press('Control+S');
    await page.locator('.part.editor .tab.active:not(.dirty)').waitFor({ timeout: 10_000 });
    assert.equal(
      diskLine(workspace, TEMPLATE, ssh.line).trim(),
      'CidrIp: 10.0.0.0/8',
      'the saved file has it',
    );
    await shot('quickfix-after');
  },
};
