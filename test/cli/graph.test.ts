import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import type { SecurityGroupGraph } from '../../server/src/protocol';

const ROOT = path.resolve(__dirname, '../../..');

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: ROOT,
    color: false,
  });
  return { code, stdout, stderr };
}

describe('cli: sg-lint graph', () => {
  it('prints the graph of the examples as JSON: every format, exposure from the internet', () => {
    const { code, stdout, stderr } = run(['graph', 'examples']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    const graph = JSON.parse(stdout) as SecurityGroupGraph;
    assert.deepEqual(graph.scope, {
      kind: 'workspace',
      label: 'examples',
      uri: `file://${path.join(ROOT, 'examples')}`,
    });
    const exposed = graph.nodes.filter((n) => n.exposed).map((n) => n.label);
    assert.deepEqual(exposed, [
      'AppSG',
      'BastionSG',
      'DatabaseSG',
      'LoadBalancerSG',
      'aws_security_group.alb (web-alb)',
      'aws_security_group.app (web-app)',
      'aws_security_group.bastion (bastion)',
    ]);
    assert.ok(graph.edges.some((e) => e.from === 'internet-ipv4' && e.ruleIds.includes('SG101')));
  });

  it('writes Mermaid and DOT, to a file with --output', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-graph-cli-'));
    try {
      const out = path.join(dir, 'graph.mmd');
      assert.equal(run(['graph', 'examples/terraform', '--format', 'mermaid', '--output', out]).code, 0);
      const mermaid = fs.readFileSync(out, 'utf8');
      assert.match(mermaid, /^flowchart LR\n/);
      // 10.0.0.0/8 shares its block with the world CIDR: only the world's edge carries SG102.
      assert.match(mermaid, /n0 -->\|"tcp all ports #40;SG105#41;"\| n3\n/);
      // SSH from the tfvars' world CIDR and every tcp port from the world share one edge.
      assert.match(
        mermaid,
        /n4 -->\|"tcp 22, tcp all ports #40;SG101, SG102, SG105, SG108, SG207#41;"\| n3\n/,
      );
      const dot = run(['graph', 'examples/terraform', '-f', 'dot']);
      assert.equal(dot.code, 0);
      assert.match(dot.stdout, /^digraph "security groups" \{\n {2}rankdir=LR;/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown format with exit code 2', () => {
    assert.deepEqual(run(['graph', 'examples', '--format', 'svg']), {
      code: 2,
      stdout: '',
      stderr: 'sg-lint graph: --format must be json, mermaid or dot (got "svg")\n',
    });
  });
});
