import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../../rules/config';
import type { Finding } from '../../rules/types';
import { readAssembly } from '../../server/src/cdk/assembly';
import type { CdkLintResult } from '../../server/src/cdk/lint';
import { NO_TRACES_HINT, lintAssembly } from '../../server/src/cdk/lint';
import { CDK_APP, CDK_OUT } from './assembly.test';

/** Every finding of an assembly lint: template, rule, message, and the source line it was made on. */
function summary(result: CdkLintResult): string[][] {
  return result.templates.flatMap((t) =>
    t.findings.map((f: Finding) => {
      const made = f.cdk?.createdAt;
      const source = made && result.sources.get(made.uri);
      const where =
        made && source
          ? `${path.relative(result.assembly.projectDir, source.path)}:${source.lines.positionAt(made.range.start).line + 1}`
          : '-';
      return [path.relative(result.assembly.dir, t.template.file), f.ruleId, f.message, where];
    }),
  );
}

/** The text of the source line a finding was placed on. */
function sourceText(result: CdkLintResult, f: Finding): string {
  const made = f.cdk!.createdAt!;
  const source = result.sources.get(made.uri)!;
  return source.text.slice(made.range.start, made.range.end);
}

/** A copy of the fixture app (sources, compiled app, synth output) whose traces say it was synthesized elsewhere. */
function copyApp(rewriteTrace: (frame: string) => string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-cdk-app-'));
  for (const sub of ['src', 'lib', 'cdk.out'])
    fs.cpSync(path.join(CDK_APP, sub), path.join(dir, sub), { recursive: true });
  for (const file of [
    'cdk.out/ShopStack.metadata.json',
    'cdk.out/assembly-Prod/ProdApi2466CF1F.metadata.json',
    'cdk.out/assembly-Prod/ProdNetwork2D2E7D69.metadata.json',
  ]) {
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<
      string,
      { type: string; data: unknown }[]
    >;
    for (const entries of Object.values(metadata)) {
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        if (e.type !== 'aws:cdk:creationStack') continue;
        const frames = (e.data as string[]).map(rewriteTrace).filter((x): x is string => x !== undefined);
        if (frames.length) e.data = frames;
        else entries.splice(i, 1);
      }
    }
    fs.writeFileSync(path.join(dir, file), JSON.stringify(metadata));
  }
  return dir;
}

describe('CDK synth output (lintAssembly)', () => {
  const result = lintAssembly(readAssembly(CDK_OUT), () => DEFAULT_CONFIG);

  it('lints every template of the app and tells each finding by its construct and source line', () => {
    assert.deepEqual(summary(result), [
      [
        'assembly-Prod/ProdNetwork2D2E7D69.template.json',
        'SG107',
        "The default security group of Prod/Network/Vpc keeps AWS's default rules (all traffic from members of the group, all traffic out); create the Vpc with restrictDefaultSecurityGroup: true (the @aws-cdk/aws-ec2:restrictDefaultSecurityGroup feature flag makes it the default)",
        'src/prod-stage.ts:20',
      ],
      [
        'assembly-Prod/ProdApi2466CF1F.template.json',
        'SG109',
        'Security group Prod/Api/ApiSg is not attached to anything: no resource or output in this stack references it',
        'src/prod-stage.ts:31',
      ],
      [
        'assembly-Prod/ProdApi2466CF1F.template.json',
        'SG106',
        'Prod/Api/ApiSg: All outbound traffic is allowed to the world (0.0.0.0/0)',
        'src/prod-stage.ts:31',
      ],
      [
        'assembly-Prod/ProdApi2466CF1F.template.json',
        'SG101',
        'Prod/Api/ApiSg: Redis (6379) is open to the world (0.0.0.0/0)',
        'src/prod-stage.ts:31',
      ],
      [
        'ShopStack.template.json',
        'SG109',
        'Security group ShopStack/BastionSg is not attached to anything: no resource or output in this stack references it',
        'src/shop-stack.ts:12',
      ],
      [
        'ShopStack.template.json',
        'SG106',
        'ShopStack/BastionSg: All outbound traffic is allowed to the world (0.0.0.0/0)',
        'src/shop-stack.ts:12',
      ],
      [
        'ShopStack.template.json',
        'SG101',
        'ShopStack/BastionSg: SSH (22) is open to the world (0.0.0.0/0)',
        'src/shop-stack.ts:12',
      ],
      [
        'ShopStack.template.json',
        'SG101',
        'ShopStack/BastionSg: SSH (22) is open to the world (::/0)',
        'src/shop-stack.ts:12',
      ],
      [
        'ShopStack.template.json',
        'SG106',
        'ShopStack/LegacySg: All outbound traffic is allowed to the world (0.0.0.0/0)',
        'src/shop-stack.ts:17',
      ],
      [
        'ShopStack.template.json',
        'SG102',
        'ShopStack/LegacySg: Every tcp port (0–65535) is open to the world (0.0.0.0/0)',
        'src/shop-stack.ts:17',
      ],
      [
        'ShopStack.template.json',
        'SG109',
        'Security group ShopStack/DbSg is not attached to anything: no resource or output in this stack references it',
        'src/shop-stack.ts:21',
      ],
      [
        'ShopStackReportingE6ED553F.nested.template.json',
        'SG109',
        'Security group ShopStack/Reporting/ReportsSg is not attached to anything: no resource or output in this stack references it',
        'src/shop-stack.ts:43',
      ],
      [
        'ShopStackReportingE6ED553F.nested.template.json',
        'SG106',
        'ShopStack/Reporting/ReportsSg: All outbound traffic is allowed to the world (0.0.0.0/0)',
        'src/shop-stack.ts:43',
      ],
      [
        'ShopStackReportingE6ED553F.nested.template.json',
        'SG101',
        'ShopStack/Reporting/ReportsSg: RDP (3389) is open to the world (0.0.0.0/0)',
        'src/shop-stack.ts:43',
      ],
    ]);
    assert.equal(result.hint, undefined);
  });

  it('points at the statement that made the construct, and keeps the template location too', () => {
    const shop = result.templates.find((t) => t.template.displayName === 'ShopStack')!;
    const ssh = shop.findings.find((f) => f.ruleId === 'SG101')!;
    assert.equal(
      sourceText(result, ssh),
      "new ec2.SecurityGroup(this, 'BastionSg', { vpc, description: 'Bastion hosts' });",
    );
    assert.equal(shop.text!.slice(ssh.range.start, ssh.range.end), '"0.0.0.0/0"');
    assert.equal(ssh.cdk?.construct, 'ShopStack/BastionSg');
    assert.deepEqual(ssh.related?.at(-1), {
      uri: ssh.cdk.createdAt!.uri,
      range: ssh.cdk.createdAt!.range,
      message: 'ShopStack/BastionSg is created here',
    });
    assert.equal(fileURLToPath(ssh.cdk.createdAt!.uri), path.join(CDK_APP, 'src', 'shop-stack.ts'));
  });

  it('knows CDK idioms: the disallow-all sentinel is no egress, the ALB on port 80 and HTTPS from the world are no findings, a restricted default group is closed', () => {
    const all = result.templates.flatMap((t) => t.findings);
    // DbSg (allowAllOutbound: false) and the ALB's group carry the sentinel: no egress finding.
    assert.deepEqual(
      all.filter((f) => f.message.includes('DbSg') || f.message.includes('Alb')).map((f) => f.ruleId),
      ['SG109'],
    );
    // ShopStack's VPC has Custom::VpcRestrictDefaultSG: no SG107. Prod/Network's VPC was made with
    // restrictDefaultSecurityGroup: false: its default group keeps AWS's rules, reported on the VPC.
    const sg107 = result.templates.flatMap((t) =>
      t.findings.filter((f) => f.ruleId === 'SG107').map((f) => ({ t, f })),
    );
    assert.deepEqual(
      sg107.map(({ t }) => t.template.displayName),
      ['Prod/Network'],
    );
    const { t: network, f: defaultGroup } = sg107[0]!;
    assert.equal(network.text!.slice(defaultGroup.range.start, defaultGroup.range.end), '"Vpc8378EB38"');
    assert.equal(sourceText(result, defaultGroup), "new ec2.Vpc(this, 'Vpc', {");
    const shop = result.templates.find((t) => t.template.displayName === 'ShopStack')!;
    const model = shop.result?.kind === 'template' ? shop.result.model : undefined;
    const db = model?.groups.find((g) => g.address === 'DbSg495F8305');
    assert.deepEqual([db?.egress.length, db?.implicitEgress], [0, false]);
  });

  it('finds the source under the folder holding cdk.out when the synth ran on another machine', () => {
    const dir = copyApp((frame) => frame.replace('/work/main/test/fixtures/cdk-app/', '/home/alice/shop/'));
    try {
      const moved = lintAssembly(readAssembly(path.join(dir, 'cdk.out')), () => DEFAULT_CONFIG);
      assert.deepEqual(summary(moved), summary(result));
      const ssh = moved.templates.flatMap((t) => t.findings).find((f) => f.ruleId === 'SG101')!;
      assert.equal(fileURLToPath(ssh.cdk!.createdAt!.uri), path.join(dir, 'src', 'prod-stage.ts'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without creation traces, keeps template locations, names constructs, and says how to get source lines', () => {
    const dir = copyApp(() => undefined);
    try {
      const bare = lintAssembly(readAssembly(path.join(dir, 'cdk.out')), () => DEFAULT_CONFIG);
      assert.equal(bare.hint, NO_TRACES_HINT);
      assert.deepEqual(
        summary(bare).map((r) => r[3]),
        summary(result).map(() => '-'),
      );
      assert.deepEqual(
        summary(bare).map((r) => r.slice(0, 3)),
        summary(result).map((r) => r.slice(0, 3)),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
