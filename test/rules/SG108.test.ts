import * as assert from 'node:assert/strict';
import { dedent, expectFindings, expectTfFindings, lint, lintTf, TF_DIR } from '../helpers/ruleTester';

const ID = 'SG108';

const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');

const suppressedBy = (format: 'yaml' | 'json', source: string): { tool: string; reason?: string }[] =>
  lint(clean(source), format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

describe('SG108 missing-description', () => {
  describe('yaml', () => {
    it('reports a group without GroupDescription at its logical ID', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          ⟦WebSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              VpcId: vpc-0123456789abcdef0
      `,
        [
          {
            message: 'Security group WebSG has no description',
            severity: 'note',
            resource: 'WebSG',
            group: 'WebSG',
          },
        ],
      );
    });

    it('reports empty and placeholder group descriptions at the value, ignoring case and surrounding spaces', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          EmptySG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ⟦''⟧
          TerraformSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ⟦Managed by Terraform⟧
          TodoSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ⟦"  todo "⟧
          GoodSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: Public web tier behind the ALB
      `,
        [
          { message: 'Security group EmptySG has an empty description', resource: 'EmptySG' },
          {
            message: 'Security group TerraformSG has a placeholder description ("Managed by Terraform")',
            resource: 'TerraformSG',
          },
          { message: 'Security group TodoSG has a placeholder description ("todo")', resource: 'TodoSG' },
        ],
      );
    });

    it('reports an inline rule without Description at its first line, and one with an empty Description', () => {
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
                - ⟦IpProtocol: tcp⟧
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 10.0.0.0/8
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 0.0.0.0/0
                  Description: HTTPS from anywhere
              SecurityGroupEgress:
                - ⟦IpProtocol: udp⟧
                  FromPort: 53
                  ToPort: 53
                  CidrIp: 10.0.0.2/32
                  Description:
      `,
        [
          { message: 'Rule tcp 22 from 10.0.0.0/8 has no description', resource: 'WebSG', group: 'WebSG' },
          {
            message: 'Rule udp 53 to 10.0.0.2/32 has an empty description',
            resource: 'WebSG',
            group: 'WebSG',
          },
        ],
      );
    });

    it('reports a standalone rule without Description at its logical ID', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app tier
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: database tier
          ⟦DbFromApp⟧:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt DbSG.GroupId
              IpProtocol: tcp
              FromPort: 5432
              ToPort: 5432
              SourceSecurityGroupId: !Ref AppSG
      `,
        [
          {
            message: 'Rule tcp 5432 from group AppSG has no description',
            resource: 'DbFromApp',
            group: 'DbSG',
          },
        ],
      );
    });

    it('is silent when descriptions come from a parameter without a default', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          Purpose:
            Type: String
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: !Ref Purpose
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 10.0.0.0/8
                  Description: !Sub 'HTTPS for \${Purpose}'
      `,
        [],
      );
    });

    it('names the parameter whose default is a placeholder', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          Purpose:
            Type: String
            Default: TBD
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ⟦!Ref Purpose⟧
      `,
        [
          {
            message:
              'Security group WebSG has a placeholder description ("TBD" from Parameter Purpose\'s default)',
          },
        ],
      );
    });

    it("never reports CloudFormation's implicit allow-all egress", () => {
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
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 0.0.0.0/0
                  Description: HTTPS from anywhere
      `,
        [],
      );
    });

    it('names the condition of a rule that exists under one branch of Fn::If', () => {
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
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - !If
                  - IsProd
                  - ⟦IpProtocol: tcp⟧
                    FromPort: 443
                    ToPort: 443
                    CidrIp: 10.0.0.0/8
                  - !Ref AWS::NoValue
      `,
        [{ message: 'Rule tcp 443 from 10.0.0.0/8 has no description when condition IsProd is true' }],
      );
    });

    it('honours # sg-lint-ignore on the line before a rule', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                # sg-lint-ignore SG108 generated by the platform team's tool
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 10.0.0.0/8
      `;
      expectFindings(ID, 'yaml', source, []);
      assert.deepEqual(suppressedBy('yaml', source), [
        { tool: 'sg-lint', reason: "generated by the platform team's tool" },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      const source = `
        Resources:
          ⟦WebSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              VpcId: vpc-0123456789abcdef0
      `;
      expectFindings(ID, 'yaml', clean(source), [], { rules: { SG108: 'off' } });
      expectFindings(
        ID,
        'yaml',
        source,
        [{ message: 'Security group WebSG has no description', severity: 'warning' }],
        { rules: { SG108: 'warning' } },
      );
    });
  });

  describe('json', () => {
    const undescribed = `
      {
        "Resources": {
          ⟦"WebSG"⟧: {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
              "SecurityGroupIngress": [
                { ⟦"IpProtocol": "tcp"⟧, "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0" }
              ]
            }
          }
        }
      }
    `;

    it('reports a group and an inline rule without descriptions', () => {
      expectFindings(ID, 'json', undescribed, [
        { message: 'Security group WebSG has no description', severity: 'note', resource: 'WebSG' },
        { message: 'Rule tcp 443 from 0.0.0.0/0 has no description', severity: 'note', resource: 'WebSG' },
      ]);
    });

    it('reports placeholder descriptions at the value, and a standalone rule at its logical ID', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": ⟦"Managed by Terraform"⟧,
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": ⟦"N/A"⟧ }
                ]
              }
            },
            ⟦"WebEgress"⟧: {
              "Type": "AWS::EC2::SecurityGroupEgress",
              "Properties": { "GroupId": { "Ref": "WebSG" }, "IpProtocol": "-1", "CidrIp": "10.0.0.0/8" }
            }
          }
        }
      `,
        [
          { message: 'Security group WebSG has a placeholder description ("Managed by Terraform")' },
          { message: 'Rule tcp 443 from 0.0.0.0/0 has a placeholder description ("N/A")' },
          {
            message: 'Rule all traffic to 10.0.0.0/8 has no description',
            resource: 'WebEgress',
            group: 'WebSG',
          },
        ],
      );
    });

    it('is silent for real descriptions and for ones from a parameter without a default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "Purpose": { "Type": "String" } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": { "Ref": "Purpose" },
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "HTTPS from anywhere" },
                  { "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0", "Description": { "Ref": "Purpose" } }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours the resource Metadata suppression for the group and its rules', () => {
      const source = undescribed.replace(
        '"Type": "AWS::EC2::SecurityGroup",',
        '"Type": "AWS::EC2::SecurityGroup",\n            "Metadata": { "sg-lint": { "ignore": [{ "id": "SG108", "reason": "legacy" }] } },',
      );
      expectFindings(ID, 'json', clean(source), []);
      assert.deepEqual(suppressedBy('json', source), [
        { tool: 'sg-lint', reason: 'legacy' },
        { tool: 'sg-lint', reason: 'legacy' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', clean(undescribed), [], { rules: { SG108: 'off' } });
      expectFindings(
        ID,
        'json',
        undescribed,
        [
          { message: 'Security group WebSG has no description', severity: 'error' },
          { message: 'Rule tcp 443 from 0.0.0.0/0 has no description', severity: 'error' },
        ],
        { rules: { SG108: 'error' } },
      );
    });
  });

  describe('terraform', () => {
    const cleanFiles = (files: Readonly<Record<string, string>>): Record<string, string> =>
      Object.fromEntries(Object.entries(files).map(([name, text]) => [name, clean(text)]));

    it('reports the "Managed by Terraform" placeholder at the value, and a group without description at its name', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = ⟦"Managed by Terraform"⟧
          vpc_id      = "vpc-0123456789abcdef0"
        }

        ⟦resource "aws_security_group" "db"⟧ {
          name   = "db"
          vpc_id = "vpc-0123456789abcdef0"
        }
        `,
        [
          {
            message:
              'Security group aws_security_group.web has a placeholder description ("Managed by Terraform")',
            severity: 'note',
            resource: 'aws_security_group.web',
            group: 'aws_security_group.web',
          },
          {
            message:
              'Security group aws_security_group.db has no description, so Terraform sets "Managed by Terraform"',
            resource: 'aws_security_group.db',
            group: 'aws_security_group.db',
          },
        ],
      );
    });

    it('reports a rule block without description once, however many CIDRs it lists', () => {
      // One `description` covers every CIDR of the block: one finding, one place to fix, rather than a
      // finding per CIDR at the same range.
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ⟦ingress {⟧
            from_port        = 443
            to_port          = 443
            protocol         = "tcp"
            cidr_blocks      = ["10.0.0.0/8", "192.168.0.0/16"]
            ipv6_cidr_blocks = ["fd00::/8"]
          }

          egress {
            from_port   = 5432
            to_port     = 5432
            protocol    = "tcp"
            cidr_blocks = ["10.1.0.0/16"]
            description = "to the database"
          }
        }
        `,
        [
          {
            message: 'Rule tcp 443 from 10.0.0.0/8, 192.168.0.0/16 and fd00::/8 has no description',
            resource: 'aws_security_group.web',
            group: 'aws_security_group.web',
          },
        ],
      );
    });

    it('reports separate rule resources at their names, and placeholders at the value', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"
        }

        ⟦resource "aws_security_group_rule" "ssh"⟧ {
          type              = "ingress"
          security_group_id = aws_security_group.web.id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8", "10.2.0.0/16"]
        }

        resource "aws_vpc_security_group_ingress_rule" "https" {
          security_group_id = aws_security_group.web.id
          from_port         = 443
          to_port           = 443
          ip_protocol       = "tcp"
          cidr_ipv4         = "10.3.0.0/16"
          description       = ⟦"Managed by Terraform"⟧
        }

        resource "aws_vpc_security_group_egress_rule" "dns" {
          security_group_id = aws_security_group.web.id
          from_port         = 53
          to_port           = 53
          ip_protocol       = "udp"
          cidr_ipv4         = "10.0.0.2/32"
          description       = ⟦" TODO "⟧
        }
        `,
        [
          {
            message: 'Rule tcp 22 from 10.0.0.0/8 and 10.2.0.0/16 has no description',
            resource: 'aws_security_group_rule.ssh',
            group: 'aws_security_group.web',
          },
          {
            message: 'Rule tcp 443 from 10.3.0.0/16 has a placeholder description ("Managed by Terraform")',
            resource: 'aws_vpc_security_group_ingress_rule.https',
          },
          {
            message: 'Rule udp 53 to 10.0.0.2/32 has a placeholder description ("TODO")',
            resource: 'aws_vpc_security_group_egress_rule.dns',
          },
        ],
      );
    });

    it('reports an empty description in the attribute syntax at the value', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"
          ingress = [{
            from_port        = 80
            to_port          = 80
            protocol         = "tcp"
            cidr_blocks      = ["10.0.0.0/8"]
            ipv6_cidr_blocks = []
            prefix_list_ids  = []
            security_groups  = []
            self             = false
            description      = ⟦""⟧
          }]
        }
        `,
        [{ message: 'Rule tcp 80 from 10.0.0.0/8 has an empty description' }],
      );
    });

    it('names the variable default and the tfvars entry a description came from, pointing at both', () => {
      const findings = expectTfFindings(
        ID,
        {
          'main.tf': `
          resource "aws_security_group" "web" {
            name        = "web"
            description = ⟦var.group_description⟧
            vpc_id      = "vpc-0123456789abcdef0"

            dynamic "ingress" {
              for_each = var.rules
              content {
                from_port   = ingress.value.port
                to_port     = ingress.value.port
                protocol    = "tcp"
                cidr_blocks = ["10.0.0.0/8"]
                description = ⟦ingress.value.description⟧
              }
            }
          }
          `,
          'variables.tf': `
          variable "group_description" {
            default = "web tier"
          }

          variable "rules" {
            default = [
              { port = 22, description = "ssh from the office" },
              { port = 443, description = "" },
            ]
          }
          `,
          'terraform.tfvars': `group_description = "Managed by Terraform"\n`,
        },
        [
          {
            message:
              'Security group aws_security_group.web has a placeholder description ("Managed by Terraform" from group_description in terraform.tfvars)',
          },
          { message: 'Rule tcp 443 from 10.0.0.0/8 has an empty description from the default of var.rules' },
        ],
      );
      const related = findings.map((f) =>
        (f.related ?? []).map((r) => ({ file: r.uri.slice(TF_DIR.length + 1), message: r.message })),
      );
      assert.deepEqual(related, [
        [
          {
            file: 'terraform.tfvars',
            message: 'Managed by Terraform is set here (group_description in terraform.tfvars)',
          },
        ],
        [{ file: 'variables.tf', message: 'An empty value is set here (the default of var.rules)' }],
      ]);
    });

    it('is silent for descriptions from a variable without a default, and for real descriptions', () => {
      expectTfFindings(
        ID,
        `
        variable "description" {}

        resource "aws_security_group" "web" {
          name        = "web"
          description = var.description
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
            description = var.description
          }

          egress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
            description = "HTTPS to the internal services"
          }
        }
        `,
        [],
      );
    });

    it('has no group-level finding for aws_default_security_group (its description cannot be set), only for its rules', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"

          ⟦ingress {⟧
            protocol  = -1
            self      = true
            from_port = 0
            to_port   = 0
          }
        }
        `,
        [{ message: 'Rule all traffic from the group itself has no description' }],
      );
    });

    it('says a rule written without a source or destination has none, rather than naming a peer', () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_vpc_security_group_ingress_rule" "ssh"⟧ {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "tcp"
          from_port         = 22
          to_port           = 22
        }

        ⟦resource "aws_security_group_rule" "out"⟧ {
          type              = "egress"
          security_group_id = "sg-0123456789abcdef0"
          protocol          = "tcp"
          from_port         = 443
          to_port           = 443
        }
        `,
        [
          { message: 'Rule tcp 22 from no source has no description' },
          { message: 'Rule tcp 443 to no destination has no description' },
        ],
      );
    });

    it("is silent for a VPC's unmanaged default group: it has no written rules or description", () => {
      expectTfFindings(ID, `resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n`, []);
    });

    it('honours # sg-lint-ignore before the resource and before the block', () => {
      const source = `
        # sg-lint-ignore SG108 named by the platform team
        resource "aws_security_group" "web" {
          name   = "web"
          vpc_id = "vpc-0123456789abcdef0"

          # sg-lint-ignore SG108 obvious
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
      `;
      expectTfFindings(ID, source, []);
      assert.deepEqual(
        lintTf(clean(source))
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => s.reason)),
        // The comment before the resource covers its rules too.
        [['named by the platform team'], ['named by the platform team', 'obvious']],
      );
    });

    it('is off when configured off, and takes the configured severity', () => {
      const files = {
        'main.tf': `
        ⟦resource "aws_security_group" "web"⟧ {
          name   = "web"
          vpc_id = "vpc-0123456789abcdef0"
        }
        `,
      };
      expectTfFindings(ID, cleanFiles(files), [], { rules: { SG108: 'off' } });
      expectTfFindings(
        ID,
        files,
        [{ message: /^Security group aws_security_group.web has no description/, severity: 'warning' }],
        { rules: { SG108: 'warning' } },
      );
    });
  });
});
