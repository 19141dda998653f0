// g. "SG Lint: Show Security Group Graph" on the CloudFormation template: the webview (a nested
// iframe) draws the file's groups and says how many the internet reaches.
import assert from 'node:assert/strict';

const TEMPLATE = 'cloudformation/bastion.yaml';

/** The frame of the graph page: the one whose document has the graph's status line. */
async function graphFrame(page, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const status = await frame
        // Runs in the page: `document` is the frame's.
        // eslint-disable-next-line no-undef
        .evaluate(() => document.querySelector('.footer .status')?.textContent ?? null)
        .catch(() => null);
      if (status && /\d+ groups?/.test(status)) return { frame, status };
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the graph webview did not draw a graph');
}

export const graphWebview = {
  id: 'g',
  name: 'Graph: the webview draws the template’s groups and the exposure from the internet',
  async run({ page, wb, shot, log }) {
    await wb.openFile(TEMPLATE);
    await wb.command('SG Lint: Show Security Group Graph');
    const { status } = await graphFrame(page, 60_000);
    log(`graph status: ${status}`);
    assert.match(status, /bastion\.yaml · 2 groups · \d+ flows · 1 reachable from the internet/);
    await shot('graph-webview');
  },
};
