// f. "SG Lint: Scan Workspace" from the command palette: a progress notification, then the summary
// ("N findings in M files: …") with its "Open Problems" button.
import assert from 'node:assert/strict';

export const scanWorkspace = {
  id: 'f',
  name: 'Scan Workspace: the summary names the findings and files, with a button to Problems',
  async run({ page, wb, shot, log }) {
    await wb.command('SG Lint: Scan Workspace');
    const toast = page
      .locator('.notifications-toasts .notification-toast')
      .filter({ hasText: /SG Lint: \d+ findings? in \d+ files?/ })
      .first();
    await toast.waitFor({ timeout: 60_000 });
    const text = (await toast.innerText()).replace(/\s+/g, ' ').trim();
    log(`summary: ${text}`);
    assert.match(text, /SG Lint: \d+ findings? in \d+ files?: \d+ errors?, \d+ warnings?, \d+ notes?/);
    assert.match(text, /Open Problems/, 'the summary offers the Problems panel');
    await shot('scan-workspace-summary');
  },
};
