import * as assert from 'node:assert/strict';
import { renderFixes } from '../../server/src/fixes/render';
import type { TfFiles } from '../helpers/ruleTester';
import {
  applyFix,
  applyTfFix,
  dedent,
  expectFindings,
  expectTfFindings,
  lint,
  lintTf,
} from '../helpers/ruleTester';

const ID = 'SG107';
const REMOVE = 'Remove this rule from the default group';

/** The template text without range markers. */
const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');

const suppressedBy = (format: 'yaml' | 'json', source: string): { tool: string; reason?: string }[] =>
  lint(clean(source), format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

describe('SG107 default-group-has-rules', () => {
  describe('yaml', () => {
    const sshOnDefault = `
      Resources:
        Vpc:
          Type: AWS::EC2::VPC
          Properties:
            CidrBlock: 10.0.0.0/16
        ⟦DefaultSsh⟧:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !GetAtt Vpc.DefaultSecurityGroup
            IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: 10.0.0.0/8
            Description: ssh from the office
    `;

    it('reports a standalone ingress rule attached to !GetAtt Vpc.DefaultSecurityGroup, at its logical ID', () => {
      expectFindings(ID, 'yaml', sshOnDefault, [
        {
          message:
            'The default security group of Vpc gets a rule (tcp 22 from 10.0.0.0/8); the default group should allow no traffic',
          severity: 'warning',
          resource: 'DefaultSsh',
          group: 'Vpc.DefaultSecurityGroup',
        },
      ]);
    });

    it('reports egress attached with the list form of GetAtt, once per rule', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          ⟦DefaultOut⟧:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !GetAtt [Vpc, DefaultSecurityGroup]
              IpProtocol: -1
              CidrIp: 0.0.0.0/0
          ⟦DefaultHttps⟧:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId:
                Fn::GetAtt: [Vpc, DefaultSecurityGroup]
              IpProtocol: tcp
              FromPort: 443
              ToPort: 443
              CidrIpv6: ::/0
      `,
        [
          {
            message:
              'The default security group of Vpc gets a rule (all traffic to 0.0.0.0/0); the default group should allow no traffic',
            resource: 'DefaultOut',
          },
          {
            message:
              'The default security group of Vpc gets a rule (tcp 443 from ::/0); the default group should allow no traffic',
            resource: 'DefaultHttps',
          },
        ],
      );
    });

    it('still reports a rule whose CIDR depends on a parameter without a default: any rule on the default group is the problem', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          OfficeCidr:
            Type: String
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          ⟦DefaultSsh⟧:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt Vpc.DefaultSecurityGroup
              IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: !Ref OfficeCidr
      `,
        [
          {
            message:
              'The default security group of Vpc gets a rule (tcp 22 from a CIDR that depends on Parameter OfficeCidr); the default group should allow no traffic',
          },
        ],
      );
    });

    it('names the condition of a rule resource that exists only under a condition', () => {
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
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          ⟦DefaultSsh⟧:
            Type: AWS::EC2::SecurityGroupIngress
            Condition: IsProd
            Properties:
              GroupId: !GetAtt Vpc.DefaultSecurityGroup
              IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: 10.0.0.0/8
      `,
        [
          {
            message:
              'The default security group of Vpc gets a rule (tcp 22 from 10.0.0.0/8); the default group should allow no traffic when condition IsProd is true',
          },
        ],
      );
    });

    it('is silent for a VPC whose default group gets no rules, and for ordinary groups in it', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              VpcId: !Ref Vpc
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 10.0.0.0/8
      `,
        [],
      );
    });

    it('is silent when an ordinary group names the default group as its peer: the rule is not on the default group', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              VpcId: !Ref Vpc
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  SourceSecurityGroupId: !GetAtt Vpc.DefaultSecurityGroup
      `,
        [],
      );
    });

    it('is silent for DefaultSecurityGroup of a resource that is not a VPC', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          Subnet:
            Type: AWS::EC2::Subnet
            Properties:
              CidrBlock: 10.0.1.0/24
          SubnetRule:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt Subnet.DefaultSecurityGroup
              IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: 10.0.0.0/8
      `,
        [],
      );
    });

    it('is silent when the group comes from a parameter without a default: it cannot be known to be a default group', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          TargetGroup:
            Type: AWS::EC2::SecurityGroup::Id
        Resources:
          Rule:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref TargetGroup
              IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: 10.0.0.0/8
      `,
        [],
      );
    });

    it('removes the whole rule resource, leaving the neighbouring resources intact', () => {
      const fixed = applyFix(
        ID,
        'yaml',
        clean(`
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          DefaultSsh:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt Vpc.DefaultSecurityGroup
              IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: 10.0.0.0/8 # office
          Bucket:
            Type: AWS::S3::Bucket
      `),
        REMOVE,
      );
      assert.equal(
        fixed,
        clean(`
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          Bucket:
            Type: AWS::S3::Bucket
      `),
      );
    });

    it('removes the last resource of the file', () => {
      const fixed = applyFix(ID, 'yaml', clean(sshOnDefault), REMOVE);
      assert.equal(
        fixed,
        clean(`
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
      `),
      );
    });

    it('honours # sg-lint-ignore on the line before the resource', () => {
      const source = sshOnDefault.replace(
        '        ⟦DefaultSsh⟧:',
        '        # sg-lint-ignore SG107 the bastion runs in the default group\n        DefaultSsh:',
      );
      expectFindings(ID, 'yaml', source, []);
      assert.deepEqual(suppressedBy('yaml', source), [
        { tool: 'sg-lint', reason: 'the bastion runs in the default group' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'yaml', clean(sshOnDefault), [], { rules: { SG107: 'off' } });
      expectFindings(
        ID,
        'yaml',
        sshOnDefault,
        [{ message: /^The default security group of Vpc gets a rule/, severity: 'error' }],
        { rules: { SG107: 'error' } },
      );
    });
  });

  describe('json', () => {
    const sshOnDefault = `
      {
        "Resources": {
          "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16" } },
          ⟦"DefaultSsh"⟧: {
            "Type": "AWS::EC2::SecurityGroupIngress",
            "Properties": {
              "GroupId": { "Fn::GetAtt": ["Vpc", "DefaultSecurityGroup"] },
              "IpProtocol": "tcp",
              "FromPort": 22,
              "ToPort": 22,
              "CidrIp": "10.0.0.0/8"
            }
          },
          "Bucket": { "Type": "AWS::S3::Bucket" }
        }
      }
    `;

    it('reports a standalone rule attached through Fn::GetAtt, at its logical ID', () => {
      expectFindings(ID, 'json', sshOnDefault, [
        {
          message:
            'The default security group of Vpc gets a rule (tcp 22 from 10.0.0.0/8); the default group should allow no traffic',
          severity: 'warning',
          resource: 'DefaultSsh',
          group: 'Vpc.DefaultSecurityGroup',
        },
      ]);
    });

    it('reports egress attached with the dotted string form of Fn::GetAtt', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16" } },
            ⟦"DefaultOut"⟧: {
              "Type": "AWS::EC2::SecurityGroupEgress",
              "Properties": {
                "GroupId": { "Fn::GetAtt": "Vpc.DefaultSecurityGroup" },
                "IpProtocol": "-1",
                "CidrIp": "0.0.0.0/0"
              }
            }
          }
        }
      `,
        [
          {
            message:
              'The default security group of Vpc gets a rule (all traffic to 0.0.0.0/0); the default group should allow no traffic',
          },
        ],
      );
    });

    it('is silent for a GetAtt of a resource that is not a VPC, and for a group from a parameter', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "TargetGroup": { "Type": "AWS::EC2::SecurityGroup::Id" } },
          "Resources": {
            "Subnet": { "Type": "AWS::EC2::Subnet", "Properties": { "CidrBlock": "10.0.1.0/24" } },
            "SubnetRule": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": {
                "GroupId": { "Fn::GetAtt": ["Subnet", "DefaultSecurityGroup"] },
                "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"
              }
            },
            "ParamRule": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": {
                "GroupId": { "Ref": "TargetGroup" },
                "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('removes the rule resource and its comma', () => {
      const fixed = applyFix(ID, 'json', clean(sshOnDefault), REMOVE);
      assert.equal(
        fixed,
        clean(`
        {
          "Resources": {
            "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16" } },
            "Bucket": { "Type": "AWS::S3::Bucket" }
          }
        }
      `),
      );
    });

    it('removes the last resource together with the comma before it', () => {
      const source = sshOnDefault.replace(',\n          "Bucket": { "Type": "AWS::S3::Bucket" }', '');
      const fixed = applyFix(ID, 'json', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(`
        {
          "Resources": {
            "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16" } }
          }
        }
      `),
      );
    });

    it('honours the resource Metadata suppression', () => {
      const source = sshOnDefault.replace(
        '"Type": "AWS::EC2::SecurityGroupIngress",',
        '"Type": "AWS::EC2::SecurityGroupIngress",\n            "Metadata": { "sg-lint": { "ignore": [{ "id": "SG107", "reason": "legacy bastion" }] } },',
      );
      expectFindings(ID, 'json', source.replace(/[⟦⟧]/g, ''), []);
      assert.deepEqual(suppressedBy('json', source), [{ tool: 'sg-lint', reason: 'legacy bastion' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', clean(sshOnDefault), [], { rules: { SG107: 'off' } });
      expectFindings(
        ID,
        'json',
        sshOnDefault,
        [{ message: /^The default security group of Vpc/, severity: 'note' }],
        { rules: { SG107: 'note' } },
      );
    });
  });

  describe('terraform', () => {
    it("attaches a rule on aws_vpc.x.default_security_group_id to that VPC's default group", () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_vpc" "main"⟧ {
          cidr_block = "10.0.0.0/16"
        }

        ⟦resource "aws_security_group_rule" "into_default"⟧ {
          type              = "ingress"
          security_group_id = aws_vpc.main.default_security_group_id
          from_port         = 443
          to_port           = 443
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
          description       = "https"
        }
        `,
        [
          {
            message:
              'The default security group of aws_vpc.main allows traffic (1 rule in aws_security_group_rule.into_default); it should allow none',
            resource: 'aws_vpc.main',
          },
          {
            message:
              'The default security group of aws_vpc.main gets a rule (tcp 443 from 10.0.0.0/8); the default group should allow no traffic',
            resource: 'aws_security_group_rule.into_default',
          },
        ],
      );
    });

    const cleanFiles = (files: Readonly<Record<string, string>>): Record<string, string> =>
      Object.fromEntries(Object.entries(files).map(([name, text]) => [name, clean(text)]));
    const tfSuppressedBy = (files: TfFiles): { tool: string; reason?: string }[] =>
      lintTf(typeof files === 'string' ? clean(files) : cleanFiles(files))
        .findings.filter((f) => f.ruleId === ID)
        .flatMap((f) => f.suppressions ?? [])
        .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

    const managedDefault = {
      'main.tf': `
        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id

          ⟦ingress {⟧
            protocol  = -1
            self      = true
            from_port = 0
            to_port   = 0
          }

          ⟦egress {⟧
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
      `,
      'vpc.tf': `
        ⟦resource "aws_vpc" "main"⟧ {
          cidr_block = "10.0.0.0/16"
        }
      `,
    };

    it('reports each inline rule of aws_default_security_group, and the VPC declared in another file once', () => {
      expectTfFindings(ID, managedDefault, [
        {
          message:
            'The default security group aws_default_security_group.default gets a rule (all traffic from the group itself); the default group should allow no traffic',
          severity: 'warning',
          resource: 'aws_default_security_group.default',
          group: 'aws_default_security_group.default',
        },
        {
          message:
            'The default security group aws_default_security_group.default gets a rule (all traffic to 0.0.0.0/0); the default group should allow no traffic',
          resource: 'aws_default_security_group.default',
        },
        {
          message:
            'The default security group of aws_vpc.main allows traffic (2 rules in aws_default_security_group.default); it should allow none',
          severity: 'warning',
          resource: 'aws_vpc.main',
          group: 'aws_default_security_group.default',
        },
      ]);
    });

    it('reports rules attached by aws_security_group_rule and aws_vpc_security_group_ingress_rule, at their names', () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_vpc" "main"⟧ {
          cidr_block = "10.0.0.0/16"
        }

        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
        }

        ⟦resource "aws_security_group_rule" "ssh"⟧ {
          type              = "ingress"
          security_group_id = aws_default_security_group.default.id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }

        ⟦resource "aws_vpc_security_group_ingress_rule" "https"⟧ {
          security_group_id = aws_default_security_group.default.id
          from_port         = 443
          to_port           = 443
          ip_protocol       = "tcp"
          cidr_ipv6         = "::/0"
        }
        `,
        [
          {
            message:
              'The default security group of aws_vpc.main allows traffic (2 rules in aws_security_group_rule.ssh and aws_vpc_security_group_ingress_rule.https); it should allow none',
            resource: 'aws_vpc.main',
          },
          {
            message:
              'The default security group aws_default_security_group.default gets a rule (tcp 22 from 10.0.0.0/8); the default group should allow no traffic',
            resource: 'aws_security_group_rule.ssh',
            group: 'aws_default_security_group.default',
          },
          {
            message:
              'The default security group aws_default_security_group.default gets a rule (tcp 443 from ::/0); the default group should allow no traffic',
            resource: 'aws_vpc_security_group_ingress_rule.https',
            group: 'aws_default_security_group.default',
          },
        ],
      );
    });

    it('reports one finding per CIDR of a block: each is a rule to AWS', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"

          ⟦⟦ingress {⟧⟧
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
          }
        }
        `,
        [
          {
            message:
              'The default security group aws_default_security_group.default gets a rule (tcp 22 from 10.0.0.0/8); the default group should allow no traffic',
          },
          {
            message:
              'The default security group aws_default_security_group.default gets a rule (tcp 22 from 192.168.0.0/16); the default group should allow no traffic',
          },
        ],
      );
    });

    it('still reports a rule whose CIDR comes from a variable without a default: any rule on the default group is the problem', () => {
      expectTfFindings(
        ID,
        `
        variable "office_cidr" {}

        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"

          ⟦ingress {⟧
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = [var.office_cidr]
          }
        }
        `,
        [
          {
            message:
              'The default security group aws_default_security_group.default gets a rule (tcp 22 from a CIDR that depends on var.office_cidr); the default group should allow no traffic',
          },
        ],
      );
    });

    it('counts the rules of a dynamic block over a variable default', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          resource "aws_default_security_group" "default" {
            vpc_id = "vpc-0123456789abcdef0"

            ⟦⟦dynamic "ingress" {⟧⟧
              for_each = var.ports
              content {
                from_port   = ingress.value
                to_port     = ingress.value
                protocol    = "tcp"
                cidr_blocks = ["10.0.0.0/8"]
              }
            }
          }
          `,
          'variables.tf': `
          variable "ports" {
            default = [22, 443]
          }
          `,
        },
        [
          {
            message:
              'The default security group aws_default_security_group.default gets a rule (tcp 22 from 10.0.0.0/8); the default group should allow no traffic',
          },
          {
            message:
              'The default security group aws_default_security_group.default gets a rule (tcp 443 from 10.0.0.0/8); the default group should allow no traffic',
          },
        ],
      );
    });

    it('is silent for an aws_default_security_group that declares no rules, and for ordinary groups in the VPC', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }

        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
        }

        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = aws_vpc.main.id

          ingress {
            from_port       = 443
            to_port         = 443
            protocol        = "tcp"
            security_groups = [aws_default_security_group.default.id]
          }
        }
        `,
        [],
      );
    });

    it("reports a VPC declared without aws_default_security_group once, at the VPC: it keeps AWS's default rules", () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_vpc" "main"⟧ {
          cidr_block = "10.0.0.0/16"
        }
        `,
        [
          {
            message:
              "The default security group of aws_vpc.main keeps AWS's default rules (all traffic from members of the group, all traffic out); manage it with a default-group resource that declares no rules",
            severity: 'warning',
            resource: 'aws_vpc.main',
            group: 'aws_vpc.main.default_security_group',
          },
        ],
      );
    });

    it('has no VPC-level finding when vpc_id comes from a variable: the VPC is not in this module', () => {
      expectTfFindings(
        ID,
        `
        variable "vpc_id" {}

        resource "aws_default_security_group" "default" {
          vpc_id = var.vpc_id

          ⟦egress {⟧
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `,
        [
          {
            message:
              'The default security group aws_default_security_group.default gets a rule (tcp 443 to 10.0.0.0/8); the default group should allow no traffic',
          },
        ],
      );
    });

    it('removes an inline rule block, keeping the other block and one blank line between blocks', () => {
      const fixed = applyTfFix(
        ID,
        clean(`
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"] # office
          }

          egress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `),
        REMOVE,
      );
      assert.deepEqual(fixed, {
        'main.tf': clean(`
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"

          egress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `),
      });
    });

    it('removes the last inline rule block without leaving a blank line before the closing brace', () => {
      const fixed = applyTfFix(
        ID,
        clean(`
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"

          egress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `),
        REMOVE,
      );
      assert.deepEqual(fixed, {
        'main.tf': clean(`
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"
        }
        `),
      });
    });

    it('removes an attached aws_security_group_rule resource, leaving the neighbouring resources intact', () => {
      const fixed = applyTfFix(
        ID,
        clean(`
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"
        }

        resource "aws_security_group_rule" "ssh" {
          type              = "ingress"
          security_group_id = aws_default_security_group.default.id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }

        resource "aws_s3_bucket" "logs" {
          bucket = "logs"
        }
        `),
        REMOVE,
      );
      assert.deepEqual(fixed, {
        'main.tf': clean(`
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"
        }

        resource "aws_s3_bucket" "logs" {
          bucket = "logs"
        }
        `),
      });
    });

    it('removes only its CIDR from a block with several, and nothing from a dynamic block: no more than the finding is about', () => {
      const fixesOf = (source: string): string[][] => {
        const text = clean(source);
        return lintTf(text)
          .findings.filter((f) => f.ruleId === ID)
          .map((f) =>
            renderFixes(f, { uri: f.uri, text, format: 'hcl' }).map((x) =>
              x.edits
                .map(
                  (e) =>
                    `${JSON.stringify(text.slice(e.range.start, e.range.end))} -> ${JSON.stringify(e.newText)}`,
                )
                .join(' '),
            ),
          );
      };
      assert.deepEqual(
        fixesOf(`
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
          }
          dynamic "egress" {
            for_each = [443]
            content {
              from_port   = egress.value
              to_port     = egress.value
              protocol    = "tcp"
              cidr_blocks = ["10.0.0.0/8"]
            }
          }
        }
        `),
        [['"\\"10.0.0.0/8\\", " -> ""'], ['", \\"192.168.0.0/16\\"" -> ""'], []],
      );
    });

    it('honours # sg-lint-ignore on the line before the block and before the rule resource', () => {
      const source = `
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"

          # sg-lint-ignore SG107 the bastion runs in the default group
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }

        # sg-lint-ignore SG107 health checks
        resource "aws_security_group_rule" "health" {
          type              = "ingress"
          security_group_id = aws_default_security_group.default.id
          from_port         = 8080
          to_port           = 8080
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }
      `;
      expectTfFindings(ID, source, []);
      assert.deepEqual(tfSuppressedBy(source), [
        { tool: 'sg-lint', reason: 'the bastion runs in the default group' },
        { tool: 'sg-lint', reason: 'health checks' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectTfFindings(ID, cleanFiles(managedDefault), [], { rules: { SG107: 'off' } });
      expectTfFindings(
        ID,
        managedDefault,
        [
          {
            message: /^The default security group aws_default_security_group.default gets a rule/,
            severity: 'error',
          },
          {
            message: /^The default security group aws_default_security_group.default gets a rule/,
            severity: 'error',
          },
          { message: /^The default security group of aws_vpc.main allows traffic/, severity: 'error' },
        ],
        { rules: { SG107: 'error' } },
      );
    });
  });
});
