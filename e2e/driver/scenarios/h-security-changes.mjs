// h. "SG Lint: Show Security Group Changes": a template committed with SSH from 10.0.0.0/8 is changed on
// disk to 0.0.0.0/0; the command (HEAD accepted in its input box) opens the Markdown preview, whose table
// lists the world rule as added, the old one as removed, and SG101 as new since HEAD; the finding's
// "line 12" link opens the template at that line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = 'cloudformation/changes.yaml';

const template = (cidr) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AdminSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: admin access
      VpcId: vpc-0123456789abcdef0
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: ${cidr}
          Description: ssh for admins
      SecurityGroupEgress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 10.0.0.0/8
          Description: https inside
`;

/** The frame whose document is the changes preview, and its text. */
async function preview(page, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const text = await frame
        // Runs in the page: `document` is the frame's.
        // eslint-disable-next-line no-undef
        .evaluate(() => document.body?.innerText ?? '')
        .catch(() => '');
      if (/Security-group changes: changes\.yaml/.test(text) && /New findings since HEAD/.test(text))
        return { frame, text };
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the changes preview did not open');
}

export const securityChanges = {
  id: 'h',
  name: 'Security changes: the preview lists the world SSH rule as added and SG101 as new since HEAD',
  async run({ page, wb, workspace, shot, log }) {
    const git = (...args) =>
      execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], {
        cwd: workspace,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    writeFileSync(path.join(workspace, FILE), template('10.0.0.0/8'));
    git('init', '-q');
    git('add', FILE);
    git('commit', '-q', '-m', 'admin group');
    writeFileSync(path.join(workspace, FILE), template('0.0.0.0/0'));
    // Earlier scenarios may have split the editor (the graph opens beside): one group again, so the
    // template opens where the workbench helpers look (nothing is left unsaved by then).
    await wb.command('View: Close All Editor Groups');
    await wb.openFile(FILE);
    await wb.waitForErrorOnLine(12);
    await wb.command('SG Lint: Show Security Group Changes');
    const input = await wb.quickInput();
    const value = await input.locator('input').inputValue();
    assert.equal(value, 'HEAD', 'the input box offers HEAD');
    await page.keyboard.press('Enter');
    const { frame, text } = await preview(page, 60_000);
    const rows = text
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter((l) => /added|removed|SG101/.test(l));
    log(`preview rows:\n    ${rows.join('\n    ')}`);
    assert.ok(
      rows.some((r) => /\+ added ingress AdminSG tcp 22 0\.0\.0\.0\/0 ssh for admins line 9$/.test(r)),
      'the world rule is added',
    );
    assert.ok(
      rows.some((r) => /− removed ingress AdminSG tcp 22 10\.0\.0\.0\/8 ssh for admins/.test(r)),
      'the corporate rule is removed',
    );
    assert.ok(
      rows.some((r) => /SG101 error SSH \(22\) is open to the world \(0\.0\.0\.0\/0\) line 12$/.test(r)),
      'SG101 is new since HEAD',
    );
    await shot('security-changes');
    // The links are real: the finding's opens the template at its line.
    await frame.locator('a', { hasText: 'line 12' }).click();
    await page.locator('.part.editor .tab.active', { hasText: 'changes.yaml' }).waitFor({ timeout: 20_000 });
    const cursor = await wb.settle(() => wb.cursor().then((c) => c.line), 12);
    assert.equal(cursor, 12, 'the link opens the template at line 12');
  },
};
