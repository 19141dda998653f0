import * as assert from 'node:assert/strict';
import { renderFixes } from '../../server/src/fixes/render';
import {
  applyFix,
  applyTfFix,
  dedent,
  expectFindings,
  expectTfFindings,
  lint,
  lintTf,
} from '../helpers/ruleTester';

const ID = 'SG207';
const REMOVE = 'Remove the shadowed rule';

const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');

const suppressedBy = (format: 'yaml' | 'json', source: string): { tool: string; reason?: string }[] =>
  lint(clean(source), format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

const shadowed = (by: string, rule: string): string =>
  `Already allowed by ${by}: this rule (${rule}) adds nothing`;

describe('SG207 shadowed-rule', () => {
  describe('yaml', () => {
    const narrow = `
      Resources:
        WebSG:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web tier
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 0
                ToPort: 1024
                CidrIp: 10.0.0.0/8
              - ⟦IpProtocol: tcp⟧
                FromPort: 22
                ToPort: 22
                CidrIp: 10.1.0.0/16
              - IpProtocol: tcp
                FromPort: 1000
                ToPort: 2000
                CidrIp: 10.1.0.0/16
    `;

    it('reports a narrower CIDR on a port range another rule covers, pointing at the broader rule', () => {
      const [finding] = expectFindings(ID, 'yaml', narrow, [
        {
          message: shadowed('tcp 0–1024 from 10.0.0.0/8', 'tcp 22 from 10.1.0.0/16'),
          severity: 'note',
          resource: 'WebSG',
          group: 'WebSG',
        },
      ]);
      const text = clean(narrow);
      assert.deepEqual(
        finding!.related?.map((r) => [r.range.start, r.message]),
        [[text.indexOf('- IpProtocol: tcp') + 2, 'The broader rule']],
      );
    });

    it('removes the shadowed item from the block list', () => {
      const fixed = applyFix(ID, 'yaml', clean(narrow), REMOVE);
      assert.equal(
        fixed,
        clean(narrow).replace(
          '        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 10.1.0.0/16\n',
          '',
        ),
      );
      assert.doesNotMatch(fixed, /FromPort: 22\n/);
    });

    it('lets protocol -1 cover tcp and udp, and ICMP type -1 cover type 8', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - { IpProtocol: -1, CidrIp: 192.168.0.0/16 }
                - { ⟦IpProtocol: udp⟧, FromPort: 53, ToPort: 53, CidrIp: 192.168.1.0/24 }
                - { ⟦IpProtocol: tcp⟧, FromPort: 0, ToPort: 65535, CidrIp: 192.168.0.0/16 }
                - { IpProtocol: icmp, FromPort: -1, ToPort: -1, CidrIp: 10.0.0.0/8 }
                - { ⟦IpProtocol: icmp⟧, FromPort: 8, ToPort: 0, CidrIp: 10.0.0.0/8 }
                - { ⟦IpProtocol: icmp⟧, FromPort: 8, ToPort: -1, CidrIp: 10.2.0.0/16 }
      `,
        [
          { message: shadowed('all traffic from 192.168.0.0/16', 'udp 53 from 192.168.1.0/24') },
          { message: shadowed('all traffic from 192.168.0.0/16', 'tcp 0–65535 from 192.168.0.0/16') },
          { message: shadowed('all ICMP from 10.0.0.0/8', 'ICMP type 8 code 0 from 10.0.0.0/8') },
          { message: shadowed('all ICMP from 10.0.0.0/8', 'ICMP type 8 from 10.2.0.0/16') },
        ],
      );
    });

    it('reports a conditional rule shadowed by an unconditional one, but not the reverse', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          Env:
            Type: String
            Default: dev
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: database tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 3306, ToPort: 3306, CidrIp: 172.16.0.0/12 }
                - !If [IsProd, { ⟦IpProtocol: tcp⟧, FromPort: 3306, ToPort: 3306, CidrIp: 172.16.1.0/24 }, !Ref AWS::NoValue]
                - !If [IsProd, { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 172.16.0.0/12 }, !Ref AWS::NoValue]
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 172.16.1.0/24 }
      `,
        [
          {
            message: `${shadowed('tcp 3306 from 172.16.0.0/12', 'tcp 3306 from 172.16.1.0/24')} when condition IsProd is true`,
            group: 'DbSG',
          },
        ],
      );
    });

    it('removes a shadowed Fn::If branch by replacing it with AWS::NoValue', () => {
      const source = `
        Conditions:
          IsProd: !Equals [a, b]
        Resources:
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: database tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 3306, ToPort: 3306, CidrIp: 172.16.0.0/12 }
                - !If
                  - IsProd
                  - IpProtocol: tcp
                    FromPort: 3306
                    ToPort: 3306
                    CidrIp: 172.16.1.0/24
                  - !Ref AWS::NoValue
      `;
      const fixed = applyFix(ID, 'yaml', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(source).replace(
          '- IpProtocol: tcp\n            FromPort: 3306\n            ToPort: 3306\n            CidrIp: 172.16.1.0/24\n',
          '- !Ref AWS::NoValue\n',
        ),
      );
    });

    it('offers no removal for one Fn::If variant of a written rule', () => {
      const source = `
        Conditions:
          IsProd: !Equals [a, b]
        Resources:
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: database tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 3306, ToPort: 3306, CidrIp: 172.16.0.0/12 }
                - { ⟦IpProtocol: tcp⟧, FromPort: 3306, ToPort: 3306, CidrIp: !If [IsProd, 172.16.1.0/24, 192.168.0.0/16] }
      `;
      const [finding] = expectFindings(ID, 'yaml', source, [
        {
          message: `${shadowed('tcp 3306 from 172.16.0.0/12', 'tcp 3306 from 172.16.1.0/24')} when condition IsProd is true`,
        },
      ]);
      assert.deepEqual(finding!.fixes, []);
    });

    it('removes the only item of an inline list, leaving an empty list, when a standalone rule covers it', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 10.0.0.0/16
              VpcId: vpc-0123456789abcdef0
          PrivateHttps:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref WebSG
              IpProtocol: tcp
              FromPort: 443
              ToPort: 443
              CidrIp: 10.0.0.0/8
      `;
      const fixed = applyFix(ID, 'yaml', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(source).replace(
          '    - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 10.0.0.0/16\n',
          '    []\n',
        ),
      );
      assert.match(fixed, /SecurityGroupIngress:\n {8}\[\]\n {6}VpcId:/);
    });

    it('removes a shadowed standalone rule resource', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupEgress:
                - { IpProtocol: -1, CidrIp: 10.0.0.0/8 }
          ⟦DnsOut⟧:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !GetAtt WebSG.GroupId
              IpProtocol: udp
              FromPort: 53
              ToPort: 53
              CidrIp: 10.0.0.2/32

          Bucket:
            Type: AWS::S3::Bucket
      `;
      expectFindings(ID, 'yaml', source, [
        {
          message: shadowed('all traffic to 10.0.0.0/8', 'udp 53 to 10.0.0.2/32'),
          resource: 'DnsOut',
          group: 'WebSG',
        },
      ]);
      const fixed = applyFix(ID, 'yaml', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupEgress:
                - { IpProtocol: -1, CidrIp: 10.0.0.0/8 }

          Bucket:
            Type: AWS::S3::Bucket
      `),
      );
    });

    it('is silent for duplicates (SG203), other families, partial overlaps and unresolved CIDRs', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          OfficeCidr:
            Type: String
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8 }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8 }
                - { IpProtocol: tcp, FromPort: 23, ToPort: 23, CidrIp: 0.0.0.0/0 }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: "fd00::/8" }
                - { IpProtocol: udp, FromPort: 22, ToPort: 22, CidrIp: 10.1.0.0/16 }
                - { IpProtocol: tcp, FromPort: 100, ToPort: 200, CidrIp: !Ref OfficeCidr }
                - { IpProtocol: tcp, FromPort: 150, ToPort: 160, CidrIp: 10.5.0.0/16 }
              SecurityGroupEgress:
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.1.0.0/16 }
      `,
        [],
      );
    });

    it('honours # sg-lint-ignore on the line before the rule', () => {
      const source = narrow.replace(
        '              - ⟦IpProtocol: tcp⟧',
        '              # sg-lint-ignore SG207 kept for when the broad rule goes\n              - IpProtocol: tcp',
      );
      expectFindings(ID, 'yaml', source, []);
      assert.deepEqual(suppressedBy('yaml', source), [
        { tool: 'sg-lint', reason: 'kept for when the broad rule goes' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'yaml', clean(narrow), [], { rules: { SG207: 'off' } });
      expectFindings(
        ID,
        'yaml',
        narrow,
        [{ message: /^Already allowed by tcp 0–1024/, severity: 'warning' }],
        { rules: { SG207: 'warning' } },
      );
    });
  });

  describe('json', () => {
    const narrow = `
      {
        "Resources": {
          "AppSG": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "app tier" } },
          "DbSG": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
              "GroupDescription": "database tier",
              "SecurityGroupIngress": [
                { ⟦"IpProtocol": "tcp"⟧, "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": { "Ref": "AppSG" } },
                { "IpProtocol": "tcp", "FromPort": 5000, "ToPort": 6000, "SourceSecurityGroupId": { "Fn::GetAtt": ["AppSG", "GroupId"] } }
              ]
            }
          }
        }
      }
    `;

    it('reports a rule for a group peer covered by a wider port range for the same group', () => {
      expectFindings(ID, 'json', narrow, [
        {
          message: shadowed('tcp 5000–6000 from group AppSG', 'tcp 5432 from group AppSG'),
          severity: 'note',
          resource: 'DbSG',
          group: 'DbSG',
        },
      ]);
    });

    it('removes the first array item together with the comma after it', () => {
      const fixed = applyFix(ID, 'json', clean(narrow), REMOVE);
      assert.equal(
        fixed,
        clean(narrow).replace(
          '{ "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": { "Ref": "AppSG" } },\n          ',
          '',
        ),
      );
    });

    it('removes a shadowed standalone resource from the middle of Resources', () => {
      const source = `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": { "GroupDescription": "web tier", "SecurityGroupIngress": [{ "IpProtocol": "-1", "CidrIp": "10.0.0.0/8" }] }
            },
            ⟦"SshIn"⟧: {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": { "GroupId": { "Ref": "WebSG" }, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.20.0.0/16" }
            },
            "Bucket": { "Type": "AWS::S3::Bucket" }
          }
        }
      `;
      expectFindings(ID, 'json', source, [
        { message: shadowed('all traffic from 10.0.0.0/8', 'tcp 22 from 10.20.0.0/16'), resource: 'SshIn' },
      ]);
      const fixed = applyFix(ID, 'json', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(`
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": { "GroupDescription": "web tier", "SecurityGroupIngress": [{ "IpProtocol": "-1", "CidrIp": "10.0.0.0/8" }] }
            },
            "Bucket": { "Type": "AWS::S3::Bucket" }
          }
        }
      `),
      );
    });

    it('is silent when the broader rule exists only under a condition, or its CIDR depends on a parameter without a default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "OfficeCidr": { "Type": "String" } },
          "Conditions": { "IsProd": { "Fn::Equals": ["a", "b"] } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "Fn::If": ["IsProd", { "IpProtocol": "-1", "CidrIp": "10.0.0.0/8" }, { "Ref": "AWS::NoValue" }] },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.1.0.0/16" },
                  { "IpProtocol": "tcp", "FromPort": 0, "ToPort": 1024, "CidrIp": { "Ref": "OfficeCidr" } },
                  { "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "10.2.0.0/16" }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours the resource Metadata suppression', () => {
      const source = narrow.replace(
        '"DbSG": {',
        '"DbSG": {\n            "Metadata": { "sg-lint": { "ignore": [{ "id": "SG207", "reason": "documented overlap" }] } },',
      );
      expectFindings(ID, 'json', clean(source), []);
      assert.deepEqual(suppressedBy('json', source), [{ tool: 'sg-lint', reason: 'documented overlap' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', clean(narrow), [], { rules: { SG207: 'off' } });
      expectFindings(
        ID,
        'json',
        narrow,
        [{ message: /^Already allowed by tcp 5000–6000/, severity: 'error' }],
        { rules: { SG207: 'error' } },
      );
    });
  });

  describe('terraform', () => {
    const broadInline = `
      resource "aws_security_group" "app" {
        name        = "app"
        description = "app tier"
        vpc_id      = "vpc-0123456789abcdef0"

        ingress {
          from_port   = 0
          to_port     = 65535
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8"]
          description = "anything from the VPCs"
        }

        ⟦ingress {⟧
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["10.1.0.0/16"]
          description = "ssh from the admin VPC"
        }
      }

      ⟦resource "aws_security_group_rule" "https"⟧ {
        type              = "ingress"
        security_group_id = aws_security_group.app.id
        from_port         = 443
        to_port           = 443
        protocol          = "tcp"
        cidr_blocks       = ["10.2.0.0/16"]
        description       = "https from the web VPC"
      }
    `;

    it('reports a narrower inline block and a narrower rule resource at their heads, pointing at the broader rule', () => {
      const findings = expectTfFindings(ID, broadInline, [
        {
          message:
            'Already allowed by tcp 0–65535 from 10.0.0.0/8: this rule (tcp 22 from 10.1.0.0/16) adds nothing',
          severity: 'note',
          resource: 'aws_security_group.app',
          group: 'aws_security_group.app',
        },
        {
          message:
            'Already allowed by tcp 0–65535 from 10.0.0.0/8: this rule (tcp 443 from 10.2.0.0/16) adds nothing',
          resource: 'aws_security_group_rule.https',
          group: 'aws_security_group.app',
        },
      ]);
      const text = clean(broadInline);
      const broader = text.indexOf('ingress {');
      for (const f of findings)
        assert.deepEqual(
          f.related?.map((r) => [r.message, r.range.start, text.slice(r.range.start, r.range.end)]),
          [['The broader rule', broader, 'ingress {']],
        );
    });

    it('reports an inline block shadowed by aws_vpc_security_group_ingress_rule', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ⟦ingress {⟧
            from_port   = 5432
            to_port     = 5432
            protocol    = "tcp"
            cidr_blocks = ["10.1.2.0/24"]
          }
        }

        resource "aws_vpc_security_group_ingress_rule" "all_from_vpc" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "-1"
          cidr_ipv4         = "10.1.0.0/16"
        }
        `,
        [
          {
            message:
              'Already allowed by all traffic from 10.1.0.0/16: this rule (tcp 5432 from 10.1.2.0/24) adds nothing',
            resource: 'aws_security_group.app',
          },
        ],
      );
    });

    it('removes the shadowed inline block', () => {
      const fixed = applyTfFix(ID, clean(broadInline), REMOVE);
      assert.equal(
        fixed['main.tf'],
        clean(`
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 0
            to_port     = 65535
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
            description = "anything from the VPCs"
          }
        }

        resource "aws_security_group_rule" "https" {
          type              = "ingress"
          security_group_id = aws_security_group.app.id
          from_port         = 443
          to_port           = 443
          protocol          = "tcp"
          cidr_blocks       = ["10.2.0.0/16"]
          description       = "https from the web VPC"
        }
        `),
      );
    });

    it('removes a shadowed rule resource, the last of its file', () => {
      const files = {
        'main.tf': clean(`
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app tier"
          vpc_id      = "vpc-0123456789abcdef0"

          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `),
        'rules.tf': clean(`
        resource "aws_security_group_rule" "first" {
          type              = "egress"
          security_group_id = aws_security_group.app.id
          from_port         = 53
          to_port           = 53
          protocol          = "udp"
          cidr_blocks       = ["172.16.0.2/32"]
        }

        resource "aws_security_group_rule" "dns" {
          type              = "egress"
          security_group_id = aws_security_group.app.id
          from_port         = 53
          to_port           = 53
          protocol          = "udp"
          cidr_blocks       = ["10.0.0.2/32"]
        }
        `),
      };
      const fixed = applyTfFix(ID, files, REMOVE);
      assert.deepEqual(fixed, {
        'main.tf': files['main.tf'],
        'rules.tf': clean(`
        resource "aws_security_group_rule" "first" {
          type              = "egress"
          security_group_id = aws_security_group.app.id
          from_port         = 53
          to_port           = 53
          protocol          = "udp"
          cidr_blocks       = ["172.16.0.2/32"]
        }
        `),
      });
    });

    it('reports one CIDR of a block with several, without a removal that would take the others', () => {
      const source = `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 8000
            to_port     = 9000
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }

          ⟦ingress {⟧
            from_port   = 8080
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = ["10.3.0.0/16", "192.168.0.0/16"]
          }
        }
      `;
      expectTfFindings(ID, source, [
        {
          message:
            'Already allowed by tcp 8000–9000 from 10.0.0.0/8: this rule (tcp 8080 from 10.3.0.0/16) adds nothing',
        },
      ]);
      const text = clean(source);
      const finding = lintTf(text).findings.find((f) => f.ruleId === ID)!;
      assert.deepEqual(renderFixes(finding, { uri: finding.uri, text, format: 'hcl' }), []);
    });

    it('is silent for identical rules (SG203), the other direction, other protocols and unknown CIDRs', () => {
      expectTfFindings(
        ID,
        `
        variable "office_cidr" {}

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 0
            to_port     = 65535
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8", var.office_cidr]
          }

          ingress {
            from_port   = 0
            to_port     = 65535
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }

          ingress {
            from_port   = 53
            to_port     = 53
            protocol    = "udp"
            cidr_blocks = ["10.1.0.0/16"]
          }

          egress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.1.0.0/16", var.office_cidr]
          }
        }
        `,
        [],
      );
    });

    it('honours # sg-lint-ignore before the block, and is off or re-graded by configuration', () => {
      const suppressed = broadInline
        .replace(
          '        ⟦ingress {⟧',
          '        # sg-lint-ignore SG207 kept when the broad rule goes\n        ingress {',
        )
        .replace(
          '      ⟦resource "aws_security_group_rule" "https"⟧',
          '      resource "aws_security_group_rule" "https"',
        );
      const result = lintTf(clean(suppressed));
      assert.deepEqual(
        result.findings
          .filter((f) => f.ruleId === ID)
          .map((f) => [f.resource, f.suppressions?.map((s) => s.reason) ?? []]),
        [
          ['aws_security_group.app', ['kept when the broad rule goes']],
          ['aws_security_group_rule.https', []],
        ],
      );
      expectTfFindings(ID, clean(broadInline), [], { rules: { SG207: 'off' } });
      expectTfFindings(
        ID,
        broadInline,
        [
          { message: /^Already allowed by/, severity: 'warning' },
          { message: /^Already allowed by/, severity: 'warning' },
        ],
        { rules: { SG207: 'warning' } },
      );
    });
  });
});
