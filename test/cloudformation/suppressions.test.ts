import * as assert from 'node:assert/strict';
import type { Finding } from '../../rules/types';
import { dedent, lint } from '../helpers/ruleTester';

const SSH = 'SSH (22) is open to the world (0.0.0.0/0)';
const RDP = 'RDP (3389) is open to the world (0.0.0.0/0)';

/** SG101 findings as [message, suppressed-by] pairs, in position order. */
function sg101(
  source: string,
  format: 'yaml' | 'json' = 'yaml',
  overrides: unknown = {},
): [string, string][] {
  return lint(dedent(source), format, overrides)
    .findings.filter((f) => f.ruleId === 'SG101')
    .map((f) => [f.message, f.suppressions?.map((s) => s.tool).join(',') ?? '']);
}

function findings(
  source: string,
  ruleId: string,
  format: 'yaml' | 'json' = 'yaml',
  overrides: unknown = {},
): Finding[] {
  return lint(dedent(source), format, overrides).findings.filter((f) => f.ruleId === ruleId);
}

/** A group with SSH and RDP open to the world; the options add lines at the places they name. */
function template(
  options: {
    top?: string;
    before?: string;
    metadata?: string;
    sshComment?: string;
    rdpTrailing?: string;
  } = {},
): string {
  const lines: (string | undefined)[] = [
    options.top,
    'Resources:',
    options.before,
    '  WebSG:',
    '    Type: AWS::EC2::SecurityGroup',
    options.metadata,
    '    Properties:',
    '      GroupDescription: web',
    '      VpcId: vpc-1',
    '      SecurityGroupIngress:',
    options.sshComment,
    '        - IpProtocol: tcp',
    '          FromPort: 22',
    '          ToPort: 22',
    '          CidrIp: 0.0.0.0/0',
    '          Description: ssh',
    '        - IpProtocol: tcp',
    '          FromPort: 3389',
    '          ToPort: 3389',
    `          CidrIp: 0.0.0.0/0${options.rdpTrailing ?? ''}`,
    '          Description: rdp',
  ];
  return `${lines.filter((l) => l !== undefined).join('\n')}\n`;
}

describe('suppressions', () => {
  it('reports both findings when nothing is suppressed', () => {
    assert.deepEqual(sg101(template()), [
      [SSH, ''],
      [RDP, ''],
    ]);
  });

  describe("sg-lint's own", () => {
    it('covers the rule after a `# sg-lint-ignore` comment, keeping the reason', () => {
      const [ssh, rdp] = findings(
        template({ sshComment: '        # sg-lint-ignore SG101 bastion, reviewed in SEC-12' }),
        'SG101',
      );
      assert.deepEqual(
        ssh!.suppressions?.map((s) => [s.tool, s.reason, s.peerId]),
        [['sg-lint', 'bastion, reviewed in SEC-12', undefined]],
      );
      assert.equal(rdp!.suppressions, undefined);
    });

    it('covers the whole resource after a comment before the resource', () => {
      assert.deepEqual(sg101(template({ before: '  # sg-lint-ignore SG101: lab account' })), [
        [SSH, 'sg-lint'],
        [RDP, 'sg-lint'],
      ]);
    });

    it('covers only the line block of a trailing comment', () => {
      assert.deepEqual(sg101(template({ rdpTrailing: ' # sg-lint-ignore SG101 jump host' })), [
        [SSH, ''],
        [RDP, 'sg-lint'],
      ]);
    });

    it('accepts several ids, `*`, and any case', () => {
      assert.deepEqual(sg101(template({ before: '  # sg-lint-ignore SG106, sg101' })), [
        [SSH, 'sg-lint'],
        [RDP, 'sg-lint'],
      ]);
      assert.deepEqual(sg101(template({ before: '  # sg-lint-ignore * everything here' })), [
        [SSH, 'sg-lint'],
        [RDP, 'sg-lint'],
      ]);
    });

    it('does not cover other rules', () => {
      assert.deepEqual(sg101(template({ before: '  # sg-lint-ignore SG106 egress is fine' })), [
        [SSH, ''],
        [RDP, ''],
      ]);
    });

    it('covers the whole file with sg-lint-ignore-file', () => {
      const source = template({ top: '# sg-lint-ignore-file SG101 sandbox stack' });
      assert.deepEqual(sg101(source), [
        [SSH, 'sg-lint'],
        [RDP, 'sg-lint'],
      ]);
      assert.equal(findings(source, 'SG101')[0]!.suppressions![0]!.reason, 'sandbox stack');
    });

    it('reads Metadata sg-lint ignore as {id, reason} entries and as plain ids', () => {
      const withReasons = findings(
        template({
          metadata:
            '    Metadata:\n      sg-lint:\n        ignore:\n          - id: SG101\n            reason: temporary',
        }),
        'SG101',
      );
      assert.deepEqual(
        withReasons.map((f) => f.suppressions?.map((s) => [s.tool, s.reason])),
        [[['sg-lint', 'temporary']], [['sg-lint', 'temporary']]],
      );
      assert.deepEqual(
        sg101(template({ metadata: '    Metadata:\n      sg-lint:\n        ignore: [sg101]' })),
        [
          [SSH, 'sg-lint'],
          [RDP, 'sg-lint'],
        ],
      );
    });

    it('reads Metadata in JSON templates', () => {
      const got = sg101(
        `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "sg-lint": { "ignore": [{ "id": "SG101", "reason": "json" }] } },
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" }]
              }
            }
          }
        }
        `,
        'json',
      );
      assert.deepEqual(got, [[SSH, 'sg-lint']]);
    });

    it('does not read a `#` inside a quoted string as a comment', () => {
      const quoted = template({
        sshComment:
          '        - IpProtocol: tcp\n          FromPort: 1\n          ToPort: 1\n          CidrIp: 10.0.0.0/8\n          Description: "see # sg-lint-ignore SG101 in the wiki"',
      });
      assert.deepEqual(sg101(quoted), [
        [SSH, ''],
        [RDP, ''],
      ]);
      const single = template({
        sshComment:
          "          # not a rule\n        - Description: 'x # sg-lint-ignore SG101 no'\n          IpProtocol: tcp\n          FromPort: 1\n          ToPort: 1\n          CidrIp: 10.0.0.0/8",
      });
      assert.deepEqual(sg101(single), [
        [SSH, ''],
        [RDP, ''],
      ]);
    });
  });

  describe("peer tools' suppressions", () => {
    const meta = (body: string): string => `    Metadata:\n${body}`;

    it('honours cfn_nag rules_to_suppress, with the peer id and reason', () => {
      const got = findings(
        template({
          metadata: meta(
            '      cfn_nag:\n        rules_to_suppress:\n          - id: W2\n            reason: public bastion',
          ),
        }),
        'SG101',
      );
      assert.deepEqual(
        got.map((f) => f.suppressions?.map((s) => [s.tool, s.peerId, s.reason])),
        [[['cfn_nag', 'W2', 'public bastion']], [['cfn_nag', 'W2', 'public bastion']]],
      );
    });

    it('honours checkov skip metadata and a checkov:skip= comment', () => {
      const metadata = findings(
        template({
          metadata: meta(
            '      checkov:\n        skip:\n          - id: CKV_AWS_24\n            comment: ssh allowed',
          ),
        }),
        'SG101',
      );
      // CKV_AWS_24 is checkov's SSH check: skipping it on the group leaves the RDP finding standing.
      assert.deepEqual(
        metadata.map((f) => f.suppressions?.map((s) => [s.tool, s.peerId, s.reason])),
        [[['checkov', 'CKV_AWS_24', 'ssh allowed']], undefined],
      );
      const comment = findings(
        template({ sshComment: '        # checkov:skip=CKV_AWS_24:ssh only' }),
        'SG101',
      );
      assert.deepEqual(
        comment.map((f) => f.suppressions?.map((s) => [s.tool, s.peerId, s.reason])),
        [[['checkov', 'CKV_AWS_24', 'ssh only']], undefined],
      );
    });

    it('limits a port-specific peer check to its port: CKV_AWS_24 does not cover a range that includes more than SSH', () => {
      const source = dedent(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Metadata:
              checkov:
                skip:
                  - id: CKV_AWS_24
                    comment: ssh is fine
                  - id: CKV_AWS_260
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 20, ToPort: 25, CidrIp: 0.0.0.0/0, Description: a }
                - { IpProtocol: -1, CidrIp: 0.0.0.0/0, Description: b }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: ::/0, Description: c }
                - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0, Description: d }
      `);
      const got = lint(source, 'yaml', { publicPorts: [] }).findings.filter((f) =>
        /^SG10[123]$/.test(f.ruleId),
      );
      assert.deepEqual(
        got.map((f) => [f.ruleId, f.message.split(' (')[0], f.suppressions?.map((s) => s.peerId) ?? []]),
        [
          ['SG101', 'tcp ports 20–25 are open to the world', []],
          ['SG102', 'All traffic', []],
          ['SG101', 'SSH', ['CKV_AWS_24']],
          ['SG103', 'tcp port 80 is open to the world', ['CKV_AWS_260']],
        ],
      );
    });

    it('honours cfn-lint ignore_checks', () => {
      const source = dedent(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Metadata:
              cfn-lint:
                config:
                  ignore_checks: [E3002]
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.300/8 }
      `);
      const got = lint(source, 'yaml').findings.filter((f) => f.ruleId === 'SG201');
      assert.equal(got.length, 1);
      assert.deepEqual(
        got[0]!.suppressions?.map((s) => [s.tool, s.peerId]),
        [['cfn-lint', 'E3002']],
      );
    });

    it('honours cdk_nag rules_to_suppress', () => {
      const source = template({
        metadata: meta(
          '      cdk_nag:\n        rules_to_suppress:\n          - id: AwsSolutions-EC23\n            reason: load balancer',
        ),
      });
      const sg103 = lint(
        source.replace(/FromPort: 22\n {10}ToPort: 22/, 'FromPort: 8443\n          ToPort: 8443'),
        'yaml',
      ).findings.filter((f) => f.ruleId === 'SG103');
      assert.equal(sg103.length, 1);
      assert.deepEqual(
        sg103[0]!.suppressions?.map((s) => [s.tool, s.peerId, s.reason]),
        [['cdk-nag', 'AwsSolutions-EC23', 'load balancer']],
      );
    });

    it('ignores peer ids that map to no sg-lint rule', () => {
      assert.deepEqual(
        sg101(
          template({
            metadata: meta(
              '      cfn_nag:\n        rules_to_suppress:\n          - id: W9999\n            reason: x',
            ),
          }),
        ),
        [
          [SSH, ''],
          [RDP, ''],
        ],
      );
    });

    it('honours kics-scan ignore-line on the next line only', () => {
      const source = template().replace(
        '          CidrIp: 0.0.0.0/0\n          Description: ssh',
        '          # kics-scan ignore-line\n          CidrIp: 0.0.0.0/0\n          Description: ssh',
      );
      const got = findings(source, 'SG101');
      assert.deepEqual(
        got.map((f) => f.suppressions?.map((s) => [s.tool, s.peerId])),
        [[['kics', undefined]], undefined],
      );
    });

    it('honours kics-scan ignore-block for the block that follows', () => {
      assert.deepEqual(sg101(template({ sshComment: '        # kics-scan ignore-block' })), [
        [SSH, 'kics'],
        [RDP, ''],
      ]);
    });

    it('honours kics-scan ignore for the whole file and disable=<query id> for that query', () => {
      assert.deepEqual(sg101(template({ top: '# kics-scan ignore' })), [
        [SSH, 'kics'],
        [RDP, 'kics'],
      ]);
      const disable = findings(
        template({
          top: '# kics-scan disable=381c3f2a-ef6f-4eff-99f7-b169cda3422c,ffffffff-0000-0000-0000-000000000000',
        }),
        'SG101',
      );
      assert.deepEqual(
        disable.map((f) => f.suppressions?.map((s) => [s.tool, s.peerId])),
        [
          [['kics', '381c3f2a-ef6f-4eff-99f7-b169cda3422c']],
          [['kics', '381c3f2a-ef6f-4eff-99f7-b169cda3422c']],
        ],
      );
      assert.deepEqual(sg101(template({ top: '# kics-scan disable=ffffffff-0000-0000-0000-000000000000' })), [
        [SSH, ''],
        [RDP, ''],
      ]);
    });

    it('honours tfsec:ignore: and trivy:ignore: with ids in any case', () => {
      for (const comment of [
        '        # trivy:ignore:AVD-AWS-0107',
        '        # trivy:ignore:avd-aws-0107',
        '        # tfsec:ignore:aws-ec2-no-public-ingress-sgr',
        '        # tfsec:ignore:AWS-EC2-No-Public-Ingress-SGR:exp:2030-01-01',
      ]) {
        const got = findings(template({ sshComment: comment }), 'SG101');
        const tool = comment.includes('tfsec') ? 'tfsec' : 'trivy';
        assert.deepEqual(
          got.map((f) => f.suppressions?.map((s) => s.tool)),
          [[tool], undefined],
          comment,
        );
      }
    });
  });

  describe('honorPeerSuppressions', () => {
    it("keeps only sg-lint's own suppressions when off", () => {
      const source = template({
        metadata:
          '    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W2\n            reason: x',
        rdpTrailing: ' # sg-lint-ignore SG101 own',
      });
      assert.deepEqual(sg101(source), [
        [SSH, 'cfn_nag'],
        [RDP, 'cfn_nag,sg-lint'],
      ]);
      assert.deepEqual(sg101(source, 'yaml', { honorPeerSuppressions: false }), [
        [SSH, ''],
        [RDP, 'sg-lint'],
      ]);
    });
  });

  it('keeps the location of the suppression on the finding', () => {
    const source = template({ sshComment: '        # sg-lint-ignore SG101 bastion' });
    const text = dedent(source);
    const [ssh] = lint(text, 'yaml').findings.filter((f) => f.ruleId === 'SG101');
    const s = ssh!.suppressions![0]!;
    assert.equal(text.slice(s.range.start, s.range.end), '# sg-lint-ignore SG101 bastion');
    assert.equal(s.uri, 'file:///work/template.yaml');
  });
});
