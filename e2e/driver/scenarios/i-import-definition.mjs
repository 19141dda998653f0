// i. Cross-template references: in cross-stack/data.yaml, the hover on `!ImportValue network-WebSgId`
// names the group network.yaml exports (with its line), and Go to Definition (F12) opens network.yaml
// at that export.
import assert from 'node:assert/strict';
import { locate } from '../fixtures.mjs';

const DATA = 'cross-stack/data.yaml';

export const importDefinition = {
  id: 'i',
  name: 'Cross-template: hover and Go to Definition on Fn::ImportValue reach the exporting template',
  async run({ page, wb, workspace, shot, log }) {
    const ssh = locate(workspace, DATA, 'CidrIp: 0.0.0.0/0', 'CidrIp: '.length);
    const importAt = locate(workspace, DATA, '!ImportValue network-WebSgId', '!ImportValue '.length + 3);
    const exportAt = locate(workspace, 'cross-stack/network.yaml', "!Sub '${AWS::StackName}-WebSgId'");
    await wb.command('View: Close All Editor Groups');
    await wb.openFile(DATA);
    await wb.waitForErrorOnLine(ssh.line);
    await wb.gotoLine(importAt.line, importAt.column);
    // "Show or Focus Hover" at the cursor.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Imports' }).first();
    await hover.waitFor({ timeout: 20_000 });
    const text = (await hover.innerText()).replace(/\s+/g, ' ').trim();
    log(`hover: ${text}`);
    assert.match(
      text,
      new RegExp(
        `Imports network-WebSgId: group WebSG, exported by network\\.yaml:${exportAt.line} \\(output WebSgId\\)`,
      ),
    );
    await shot('import-hover');
    await wb.escape(1);
    await page.keyboard.press('F12');
    await page.locator('.part.editor .tab.active', { hasText: 'network.yaml' }).waitFor({ timeout: 20_000 });
    const line = await wb.settle(() => wb.cursor().then((c) => c.line), exportAt.line);
    assert.equal(line, exportAt.line, `Go to Definition lands on the export (line ${exportAt.line})`);
    await shot('import-definition');
  },
};
