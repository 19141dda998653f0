// a. A CloudFormation YAML template with SSH open to the world: an error squiggle under the CIDR and
// the SG101 entry in the Problems panel.
import assert from 'node:assert/strict';
import { locate } from '../fixtures.mjs';

export const TEMPLATE = 'cloudformation/bastion.yaml';
export const SSH_MESSAGE = 'SSH (22) is open to the world (0.0.0.0/0)';

export const cfnWorldSsh = {
  id: 'a',
  name: 'CloudFormation: world-open SSH is squiggled and listed in Problems',
  async run({ wb, workspace, shot, log }) {
    const ssh = locate(workspace, TEMPLATE, 'CidrIp: 0.0.0.0/0', 'CidrIp: '.length);
    await wb.openFile(TEMPLATE);
    log(`language mode: ${await wb.languageMode()}`);
    // The first file opened also waits for the extension to activate and its server to start.
    const squiggles = await wb.waitForErrorOnLine(ssh.line, 90_000);
    const onLine = squiggles.filter((s) => s.line === ssh.line && s.kind === 'error');
    assert.equal(onLine.length, 1, `one error squiggle on line ${ssh.line}: ${JSON.stringify(squiggles)}`);
    assert.deepEqual(
      squiggles.filter((s) => s.kind === 'error').map((s) => s.line),
      [ssh.line],
      'the world-open SSH rule is the only error in the template',
    );
    await shot('cfn-ssh-squiggle');

    await wb.showProblems('bastion.yaml');
    const entry = await wb.waitForProblem(TEMPLATE.split('/').pop(), SSH_MESSAGE);
    log(`Problems: ${entry.file} › ${entry.label}`);
    assert.match(entry.label, new RegExp(`\\b${ssh.line}\\b`), `the entry names line ${ssh.line}`);
    await shot('cfn-problems');
  },
};
