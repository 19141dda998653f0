// b. A Terraform file with SSH open to the world: the extension gives .tf files its `terraform`
// language (status bar "Terraform"), squiggles the CIDR and lists SG101 in Problems.
import assert from 'node:assert/strict';
import { locate } from '../fixtures.mjs';

const MODULE_FILE = 'terraform/main.tf';

export const terraformWorldSsh = {
  id: 'b',
  name: 'Terraform: .tf is the Terraform language; world-open SSH is squiggled and in Problems',
  async run({ wb, workspace, shot, log }) {
    const ssh = locate(workspace, MODULE_FILE, 'cidr_blocks = ["0.0.0.0/0"]', 'cidr_blocks = '.length);
    await wb.openFile(MODULE_FILE);
    const mode = await wb.settle(() => wb.languageMode(), 'Terraform'); // the status bar updates after the tab
    log(`language mode: ${mode}`);
    assert.equal(mode, 'Terraform', 'the status bar shows the Terraform language for main.tf');

    const squiggles = await wb.waitForErrorOnLine(ssh.line, 60_000);
    assert.deepEqual(
      squiggles.filter((s) => s.kind === 'error').map((s) => s.line),
      [ssh.line],
      'the world-open SSH rule is the only error in main.tf',
    );

    await wb.showProblems('main.tf');
    const entry = await wb.waitForProblem('main.tf', 'SSH (22) is open to the world (0.0.0.0/0)');
    log(`Problems: ${entry.file} › ${entry.label}`);
    assert.match(entry.label, new RegExp(`\\b${ssh.line}\\b`), `the entry names line ${ssh.line}`);
    await wb.focusEditor();
    await shot('terraform-ssh-squiggle');
  },
};
