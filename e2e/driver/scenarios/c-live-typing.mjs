// c. Live linting: in the CloudFormation template, the RDP rule open to 10.0.0.0/8 is harmless; typing
// 0.0.0.0/0 over that CIDR makes it an SG101 finding, squiggled and listed without saving. Prints the
// time from the last keystroke until the squiggle and the Problems entry are on screen.
import assert from 'node:assert/strict';
import { locate } from '../fixtures.mjs';
import { TEMPLATE } from './a-cfn-world-ssh.mjs';

export const RDP_MESSAGE = 'RDP (3389) is open to the world (0.0.0.0/0)';

export const liveTyping = {
  id: 'c',
  name: 'CloudFormation: typing a world CIDR into a harmless RDP rule adds a finding live',
  async run({ wb, workspace, shot, log }) {
    const rdp = locate(
      workspace,
      TEMPLATE,
      'CidrIp: 10.0.0.0/8\n          Description: RDP',
      'CidrIp: '.length,
    );
    await wb.showProblems('bastion.yaml'); // on screen, for its entry to be timed
    await wb.openFile(TEMPLATE);
    const ssh = locate(workspace, TEMPLATE, 'CidrIp: 0.0.0.0/0');
    const before = await wb.waitForErrorOnLine(ssh.line);
    assert.ok(!before.some((s) => s.line === rdp.line), `no squiggle on line ${rdp.line} before the edit`);
    assert.equal((await wb.lineText(rdp.line)).trim(), 'CidrIp: 10.0.0.0/8');

    // Click before 10.0.0.0/8, select to the end of the line, type over it.
    await wb.clickAt(rdp.line, rdp.column);
    assert.deepEqual(
      await wb.settle(() => wb.cursor(), rdp),
      rdp,
      'the click put the cursor before the CIDR',
    );
    await wb.press('Shift+End');
    const t = await wb.typeAndTimeDiagnostic('0.0.0.0/0', rdp.line, RDP_MESSAGE);
    log(
      `last keystroke → squiggle ${Math.round(t.squiggleMs)} ms, → Problems entry ${Math.round(t.problemsMs)} ms` +
        ' (sgLint.debounceMs is 150)',
    );
    // With the debounce, nothing is linted while the keys come 30 ms apart; on a badly stalled machine a
    // half-typed CIDR may be linted (SG201), which makes the number above meaningless but is no failure.
    if (t.squiggleWhenTypingEnded)
      log('note: a squiggle was on the line when typing ended (linted mid-typing)');
    assert.equal((await wb.lineText(rdp.line)).trim(), 'CidrIp: 0.0.0.0/0');

    const after = await wb.waitForSquiggles(
      (s) => s.filter((q) => q.line === rdp.line).length === 1,
      `exactly one squiggle on line ${rdp.line}`,
    );
    assert.equal(after.find((s) => s.line === rdp.line).kind, 'error');
    const entry = await wb.waitForProblem(TEMPLATE.split('/').pop(), RDP_MESSAGE);
    log(`Problems: ${entry.file} › ${entry.label}`);
    await shot('cfn-typed-world-rdp');
  },
};
