import * as assert from 'node:assert/strict';
import { dedent, expectFindings, expectTfFindings, lint, lintTf } from '../helpers/ruleTester';

const ID = 'SG110';

const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');

const suppressedBy = (format: 'yaml' | 'json', source: string): { tool: string; reason?: string }[] =>
  lint(clean(source), format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

const noVpc = (address: string): string =>
  `Security group ${address} has no VPC, so AWS creates it in the region's default VPC`;

describe('SG110 group-without-vpc', () => {
  describe('yaml', () => {
    const withoutVpc = `
      Resources:
        ⟦WebSG⟧:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web tier
    `;

    it('reports a group without VpcId at its logical ID', () => {
      expectFindings(ID, 'yaml', withoutVpc, [
        { message: noVpc('WebSG'), severity: 'note', resource: 'WebSG', group: 'WebSG' },
      ]);
    });

    it('reports a group without any Properties', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          ⟦BareSG⟧:
            Type: AWS::EC2::SecurityGroup
      `,
        [{ message: noVpc('BareSG') }],
      );
    });

    it('is silent for a literal VpcId, a Ref to a VPC resource, and an imported VPC', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          LiteralSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: literal
              VpcId: vpc-0123456789abcdef0
          RefSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ref
              VpcId: !Ref Vpc
          ImportSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: import
              VpcId: !ImportValue network-VpcId
      `,
        [],
      );
    });

    it('is silent when VpcId comes from a parameter without a default: the VPC is given, just not known here', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          VpcId:
            Type: AWS::EC2::VPC::Id
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              VpcId: !Ref VpcId
      `,
        [],
      );
    });

    it('does not report the default group of a VPC that gets rules', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          DefaultRule:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt Vpc.DefaultSecurityGroup
              IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: 10.0.0.0/8
      `,
        [],
      );
    });

    it('honours # sg-lint-ignore on the line before the group', () => {
      const source = withoutVpc.replace(
        '        ⟦WebSG⟧:',
        '        # sg-lint-ignore SG110 EC2-Classic account\n        WebSG:',
      );
      expectFindings(ID, 'yaml', source, []);
      assert.deepEqual(suppressedBy('yaml', source), [{ tool: 'sg-lint', reason: 'EC2-Classic account' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'yaml', clean(withoutVpc), [], { rules: { SG110: 'off' } });
      expectFindings(ID, 'yaml', withoutVpc, [{ message: noVpc('WebSG'), severity: 'warning' }], {
        rules: { SG110: 'warning' },
      });
    });
  });

  describe('json', () => {
    const withoutVpc = `
      {
        "Parameters": { "VpcId": { "Type": "AWS::EC2::VPC::Id" } },
        "Resources": {
          ⟦"WebSG"⟧: {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": { "GroupDescription": "web tier" }
          },
          "DbSG": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": { "GroupDescription": "database tier", "VpcId": { "Ref": "VpcId" } }
          }
        }
      }
    `;

    it('reports the group without VpcId, not the one whose VpcId depends on a parameter', () => {
      expectFindings(ID, 'json', withoutVpc, [
        { message: noVpc('WebSG'), severity: 'note', resource: 'WebSG' },
      ]);
    });

    it('is silent for a literal VpcId', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": { "GroupDescription": "web tier", "VpcId": "vpc-0123456789abcdef0" }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours the resource Metadata suppression', () => {
      const source = withoutVpc.replace(
        '"Properties": { "GroupDescription": "web tier" }',
        '"Metadata": { "sg-lint": { "ignore": [{ "id": "SG110", "reason": "default VPC on purpose" }] } },\n            "Properties": { "GroupDescription": "web tier" }',
      );
      expectFindings(ID, 'json', clean(source), []);
      assert.deepEqual(suppressedBy('json', source), [{ tool: 'sg-lint', reason: 'default VPC on purpose' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', clean(withoutVpc), [], { rules: { SG110: 'off' } });
      expectFindings(ID, 'json', withoutVpc, [{ message: noVpc('WebSG'), severity: 'error' }], {
        rules: { SG110: 'error' },
      });
    });
  });

  describe('terraform', () => {
    const noVpc = `
      ⟦resource "aws_security_group" "web"⟧ {
        name        = "web"
        description = "web tier"
      }
    `;

    it('reports an aws_security_group without vpc_id at its name', () => {
      expectTfFindings(ID, noVpc, [
        {
          message:
            "Security group aws_security_group.web has no VPC, so AWS creates it in the region's default VPC",
          severity: 'note',
          resource: 'aws_security_group.web',
          group: 'aws_security_group.web',
        },
      ]);
    });

    it('reports every instance of a counted group once', () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_security_group" "worker"⟧ {
          count       = 3
          name_prefix = "worker-"
          description = "workers"
        }
        `,
        [{ message: /^Security group aws_security_group.worker has no VPC/ }],
      );
    });

    it('is silent for vpc_id from a variable without a default, a variable default, a tfvars entry or a VPC resource', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          resource "aws_vpc" "main" {
            cidr_block = "10.0.0.0/16"
          }

          resource "aws_security_group" "unknown" {
            name        = "unknown"
            description = "vpc from the caller"
            vpc_id      = var.vpc_id
          }

          resource "aws_security_group" "defaulted" {
            name        = "defaulted"
            description = "vpc from a default"
            vpc_id      = var.shared_vpc_id
          }

          resource "aws_security_group" "declared" {
            name        = "declared"
            description = "vpc of this module"
            vpc_id      = aws_vpc.main.id
          }

          resource "aws_security_group" "looked_up" {
            name        = "looked_up"
            description = "vpc from a data source"
            vpc_id      = data.aws_vpc.shared.id
          }

          data "aws_vpc" "shared" {
            default = false
          }
          `,
          'variables.tf': `
          variable "vpc_id" {
            type = string
          }

          variable "shared_vpc_id" {
            default = "vpc-0123456789abcdef0"
          }
          `,
          'terraform.tfvars': `vpc_id = "vpc-0fedcba9876543210"\n`,
        },
        [],
      );
    });

    it('never reports aws_default_security_group, which has no vpc_id when it manages the default VPC', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_default_security_group" "default" {
          ingress {
            protocol  = -1
            self      = true
            from_port = 0
            to_port   = 0
          }
        }
        `,
        [],
      );
    });

    it('honours # sg-lint-ignore before the resource, and is off or re-graded by configuration', () => {
      const suppressed = `
        # sg-lint-ignore SG110 meant for the default VPC
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
        }
      `;
      expectTfFindings(ID, suppressed, []);
      assert.deepEqual(
        lintTf(clean(suppressed))
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => ({ tool: s.tool, reason: s.reason }))),
        [[{ tool: 'sg-lint', reason: 'meant for the default VPC' }]],
      );
      expectTfFindings(ID, clean(noVpc), [], { rules: { SG110: 'off' } });
      expectTfFindings(ID, noVpc, [{ message: /has no VPC/, severity: 'error' }], {
        rules: { SG110: 'error' },
      });
    });
  });
});
