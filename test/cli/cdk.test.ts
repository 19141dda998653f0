import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../server/src/cli/main';
import { CDK_APP, stripCreationStacks, tempTree } from '../cdk/assembly.test';

function run(argv: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    color: false,
  });
  return { code, stdout, stderr };
}

interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}
interface SarifPhysical {
  readonly artifactLocation: { readonly uri: string; readonly uriBaseId?: string };
  readonly region: SarifRegion;
}
interface SarifResult {
  readonly ruleId: string;
  readonly message: { readonly text: string };
  readonly locations: { readonly physicalLocation: SarifPhysical }[];
  readonly properties?: { readonly construct?: string; readonly group?: string };
  readonly relatedLocations?: {
    readonly physicalLocation: SarifPhysical;
    readonly message: { text: string };
  }[];
  readonly fixes?: unknown;
}
interface SarifLog {
  readonly runs: {
    readonly results: SarifResult[];
    readonly invocations: { readonly toolExecutionNotifications: { message: { text: string } }[] }[];
  }[];
}

describe('cli: CDK synth output', () => {
  it('tells each finding by construct, with the line of CDK code under it', () => {
    const { code, stdout, stderr } = run(['cdk.out'], CDK_APP);
    assert.equal(code, 1);
    assert.equal(stderr, '');
    const lines = stdout.split('\n');
    const ssh = lines.findIndex((l) =>
      l.includes('ShopStack/BastionSg: SSH (22) is open to the world (0.0.0.0/0)'),
    );
    assert.equal(
      lines[ssh],
      '  387:17  error    ShopStack/BastionSg: SSH (22) is open to the world (0.0.0.0/0)  SG101 world-open-sensitive-port',
    );
    assert.equal(lines[ssh + 1], '          ↳ ../src/shop-stack.ts:12:21');
    const defaultGroup = lines.findIndex((l) => l.includes('SG107'));
    assert.match(
      lines[defaultGroup]!,
      /^ {2}3:3 {2}warning {2}The default security group of Prod\/Network\/Vpc keeps/,
    );
    assert.equal(lines[defaultGroup + 1], '       ↳ ../src/prod-stage.ts:20:16');
    // Every template of the app, nested stack and stage included, in that order.
    assert.deepEqual(
      lines.filter((l) => /^\S/.test(l)),
      [
        'ShopStack.template.json',
        'ShopStackReportingE6ED553F.nested.template.json',
        'assembly-Prod/ProdApi2466CF1F.template.json',
        'assembly-Prod/ProdNetwork2D2E7D69.template.json',
        '✖ 14 findings (5 errors, 1 warning, 8 notes) in 4 files; 4 templates checked',
      ],
    );
  });

  it('puts the source line in SARIF as a relatedLocation and the construct in properties, and proposes no fixes to generated files', () => {
    const { stdout } = run(['.', '--format', 'sarif'], CDK_APP);
    const log = JSON.parse(stdout) as SarifLog;
    const results = log.runs[0]!.results;
    assert.equal(results.length, 14);
    const ssh = results.find(
      (r) => r.message.text === 'ShopStack/BastionSg: SSH (22) is open to the world (0.0.0.0/0)',
    )!;
    assert.deepEqual(ssh.locations[0]!.physicalLocation, {
      artifactLocation: { uri: 'cdk.out/ShopStack.template.json', uriBaseId: 'ROOT' },
      region: { startLine: 387, startColumn: 17, endLine: 387, endColumn: 28 },
    });
    assert.deepEqual(ssh.properties, { group: 'BastionSg3D6BE75A', construct: 'ShopStack/BastionSg' });
    assert.deepEqual(ssh.relatedLocations?.at(-1), {
      id: (ssh.relatedLocations?.length ?? 0) - 1,
      physicalLocation: {
        artifactLocation: { uri: 'src/shop-stack.ts', uriBaseId: 'ROOT' },
        region: { startLine: 12, startColumn: 21, endLine: 12, endColumn: 101 },
      },
      message: { text: 'ShopStack/BastionSg is created here' },
    });
    assert.ok(results.every((r) => r.fixes === undefined));
    assert.ok(results.every((r) => r.properties?.construct !== undefined));
  });

  it('names a source outside the scanned root by its absolute file URI', () => {
    const { stdout } = run(['cdk.out', '--format', 'sarif'], CDK_APP);
    const results = (JSON.parse(stdout) as SarifLog).runs[0]!.results;
    const ssh = results.find((r) => r.ruleId === 'SG101')!;
    assert.equal(ssh.locations[0]!.physicalLocation.artifactLocation.uri, 'ShopStack.template.json');
    assert.equal(
      ssh.relatedLocations!.at(-1)!.physicalLocation.artifactLocation.uri,
      pathToFileURL(path.join(CDK_APP, 'src', 'shop-stack.ts')).href,
    );
  });

  it('says once how to get source lines when the synth recorded no creation stacks', () => {
    const dir = tempTree({});
    try {
      fs.cpSync(path.join(CDK_APP, 'cdk.out'), path.join(dir, 'cdk.out'), { recursive: true });
      stripCreationStacks(dir);
      const text = run(['cdk.out'], dir);
      assert.equal(text.code, 1);
      assert.ok(!text.stdout.includes('↳'));
      assert.match(text.stdout, /ShopStack\/BastionSg: SSH \(22\) is open to the world \(0\.0\.0\.0\/0\)/);
      assert.equal(
        text.stderr.split('\n').filter((l) => l.includes('creation traces')).length,
        1,
        text.stderr,
      );
      const sarif = JSON.parse(run(['cdk.out', '--format', 'sarif'], dir).stdout) as SarifLog;
      const notes = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text);
      assert.equal(notes.filter((n) => n.includes('creation traces')).length, 1, notes.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
