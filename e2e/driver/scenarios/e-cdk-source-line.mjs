// e. CDK: the extension lints the app's cdk.out and shows each finding on the line of CDK code that
// created the construct: src/shop-stack.ts, `new ec2.SecurityGroup(this, 'BastionSg', …)`.
import assert from 'node:assert/strict';
import { locate } from '../fixtures.mjs';

const SOURCE = 'cdk-app/src/shop-stack.ts';
const MESSAGE = 'ShopStack/BastionSg: SSH (22) is open to the world';

export const cdkSourceLine = {
  id: 'e',
  name: 'CDK: a cdk.out finding is squiggled on the CDK source line and listed in Problems',
  async run({ wb, workspace, shot, log }) {
    const bastion = locate(workspace, SOURCE, "new ec2.SecurityGroup(this, 'BastionSg'");
    await wb.showProblems('BastionSg: SSH'); // the same finding is also listed on cdk.out's template
    await wb.openFile(SOURCE);
    await wb.waitForErrorOnLine(bastion.line, 60_000);
    const entry = await wb.waitForProblem('shop-stack.ts', MESSAGE);
    log(`Problems: ${entry.file} › ${entry.label}`);
    assert.match(entry.label, new RegExp(`\\b${bastion.line}\\b`), `the entry names line ${bastion.line}`);
    await wb.focusEditor();
    await shot('cdk-source-line');
  },
};
