import * as assert from 'node:assert/strict';
import { dedent, expectFindings, expectTfFindings, lint, lintTf } from '../helpers/ruleTester';

const ID = 'SG109';

const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');

const suppressedBy = (format: 'yaml' | 'json', source: string): { tool: string; reason?: string }[] =>
  lint(clean(source), format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

const unused = (address: string): string =>
  `Security group ${address} is not attached to anything: no resource or output in this file references it`;

describe('SG109 unused-group', () => {
  describe('yaml', () => {
    const lonely = `
      Resources:
        ⟦LonelySG⟧:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: nothing uses me
    `;

    it('reports a group nothing references, at its logical ID', () => {
      expectFindings(ID, 'yaml', lonely, [
        { message: unused('LonelySG'), severity: 'note', resource: 'LonelySG', group: 'LonelySG' },
      ]);
    });

    it('counts a Ref from another resource, a GetAtt, a ${} in Fn::Sub and an Output as uses', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          ByRefSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: attached to the instance
          ByGetAttSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: attached by id
          BySubSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: named in user data
          ByOutputSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: exported
          Web:
            Type: AWS::EC2::Instance
            Properties:
              ImageId: ami-12345678
              SecurityGroupIds:
                - !Ref ByRefSG
                - !GetAtt ByGetAttSG.GroupId
              UserData:
                Fn::Base64: !Sub 'echo \${BySubSG.GroupId}'
        Outputs:
          SharedSG:
            Value: !Ref ByOutputSG
      `,
        [],
      );
    });

    it("counts another group's rule that names it as peer, but not its own standalone rule or its own rules naming itself", () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app tier
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  SourceSecurityGroupId: !Ref AppSG
          ⟦DbSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: database tier
          DbFromApp:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt DbSG.GroupId
              IpProtocol: tcp
              FromPort: 5432
              ToPort: 5432
              SourceSecurityGroupId: !Ref AppSG
          ⟦ClusterSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: cluster members talk to each other
              SecurityGroupIngress:
                - IpProtocol: -1
                  SourceSecurityGroupId: !GetAtt ClusterSG.GroupId
      `,
        [
          { message: unused('DbSG'), resource: 'DbSG' },
          { message: unused('ClusterSG'), resource: 'ClusterSG' },
        ],
      );
    });

    it('does not count Metadata or DependsOn: neither attaches the group', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          ⟦WebSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
          Web:
            Type: AWS::EC2::Instance
            DependsOn: WebSG
            Metadata:
              Notes: !Ref WebSG
            Properties:
              ImageId: ami-12345678
      `,
        [{ message: unused('WebSG') }],
      );
    });

    it('counts a use that depends on a condition or sits in a branch of Fn::If', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          Env:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          ProdSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: prod only
          Web:
            Type: AWS::EC2::Instance
            Properties:
              ImageId: ami-12345678
              SecurityGroupIds:
                - !If [IsProd, !Ref ProdSG, !Ref AWS::NoValue]
      `,
        [],
      );
    });

    it('honours # sg-lint-ignore on the line before the group', () => {
      const source = lonely.replace(
        '        ⟦LonelySG⟧:',
        '        # sg-lint-ignore SG109 attached by another stack\n        LonelySG:',
      );
      expectFindings(ID, 'yaml', source, []);
      assert.deepEqual(suppressedBy('yaml', source), [
        { tool: 'sg-lint', reason: 'attached by another stack' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'yaml', clean(lonely), [], { rules: { SG109: 'off' } });
      expectFindings(ID, 'yaml', lonely, [{ message: unused('LonelySG'), severity: 'warning' }], {
        rules: { SG109: 'warning' },
      });
    });
  });

  describe('json', () => {
    const twoGroups = `
      {
        "Resources": {
          "UsedSG": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": { "GroupDescription": "attached" }
          },
          ⟦"UnusedSG"⟧: {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": { "GroupDescription": "left over" }
          },
          "UnusedRule": {
            "Type": "AWS::EC2::SecurityGroupIngress",
            "Properties": {
              "GroupId": { "Fn::GetAtt": ["UnusedSG", "GroupId"] },
              "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"
            }
          },
          "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
              "VpcConfig": { "SecurityGroupIds": [{ "Fn::Sub": "\${UsedSG}" }], "SubnetIds": ["subnet-1"] }
            }
          }
        }
      }
    `;

    it('reports the group only its own standalone rule references; Fn::Sub counts as a use', () => {
      expectFindings(ID, 'json', twoGroups, [
        { message: unused('UnusedSG'), resource: 'UnusedSG', group: 'UnusedSG' },
      ]);
    });

    it('counts an Output as a use', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "SharedSG": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "shared" } }
          },
          "Outputs": { "SharedSG": { "Value": { "Fn::GetAtt": ["SharedSG", "GroupId"] }, "Export": { "Name": "shared-sg" } } }
        }
      `,
        [],
      );
    });

    it('honours the resource Metadata suppression', () => {
      const source = twoGroups.replace(
        '"Properties": { "GroupDescription": "left over" }',
        '"Metadata": { "sg-lint": { "ignore": [{ "id": "SG109", "reason": "kept for the next release" }] } },\n            "Properties": { "GroupDescription": "left over" }',
      );
      expectFindings(ID, 'json', clean(source), []);
      assert.deepEqual(suppressedBy('json', source), [
        { tool: 'sg-lint', reason: 'kept for the next release' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', clean(twoGroups), [], { rules: { SG109: 'off' } });
      expectFindings(ID, 'json', twoGroups, [{ message: unused('UnusedSG'), severity: 'error' }], {
        rules: { SG109: 'error' },
      });
    });
  });

  describe('terraform', () => {
    const group = (name: string): string => `
        resource "aws_security_group" "${name}" {
          name        = "${name}"
          description = "${name} tier"
          vpc_id      = "vpc-0123456789abcdef0"
        }
    `;

    it('reports a group nothing references, at its name, saying "module"', () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_security_group" "web"⟧ {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"
        }
        `,
        [
          {
            message:
              'Security group aws_security_group.web is not attached to anything: no resource or output in this module references it',
            severity: 'note',
            resource: 'aws_security_group.web',
            group: 'aws_security_group.web',
          },
        ],
      );
    });

    it('counts an instance in the same file or in another file of the module, an output, a module argument, a local and another group as uses', () => {
      expectTfFindings(
        ID,
        {
          'groups.tf': ['web', 'db', 'exported', 'shared', 'listed', 'bastion'].map(group).join(''),
          'main.tf': `
          resource "aws_instance" "web" {
            ami                    = "ami-0123456789abcdef0"
            instance_type          = "t3.micro"
            vpc_security_group_ids = [aws_security_group.web.id]
          }

          output "group_id" {
            value = aws_security_group.exported.id
          }

          module "service" {
            source             = "./service"
            security_group_ids = [aws_security_group.shared.id]
          }

          locals {
            group_ids = concat([aws_security_group.listed.id], [])
          }

          resource "aws_security_group" "app" {
            name        = "app"
            description = "app tier"
            vpc_id      = "vpc-0123456789abcdef0"

            ingress {
              from_port       = 22
              to_port         = 22
              protocol        = "tcp"
              security_groups = [aws_security_group.bastion.id]
            }
          }

          resource "aws_lb" "app" {
            security_groups = [aws_security_group.app.id]
          }
          `,
          'other.tf': `
          resource "aws_db_instance" "db" {
            vpc_security_group_ids = [aws_security_group.db.id]
          }
          `,
        },
        [],
      );
    });

    it("does not count the group's own rule resources, nor depends_on", () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_security_group" "web"⟧ {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"
        }

        resource "aws_security_group_rule" "ssh" {
          type              = "ingress"
          security_group_id = aws_security_group.web.id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }

        resource "aws_vpc_security_group_egress_rule" "https" {
          security_group_id = aws_security_group.web.id
          from_port         = 443
          to_port           = 443
          ip_protocol       = "tcp"
          cidr_ipv4         = "10.0.0.0/8"
        }

        resource "aws_instance" "web" {
          ami        = "ami-0123456789abcdef0"
          depends_on = [aws_security_group.web]
        }
        `,
        [
          {
            message:
              'Security group aws_security_group.web is not attached to anything: no resource or output in this module references it',
          },
        ],
      );
    });

    it("does not count a group's own inline rule naming itself, but counts another group's rule resource naming it as its source", () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_security_group" "cluster"⟧ {
          name        = "cluster"
          description = "cluster members"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port       = 7000
            to_port         = 7001
            protocol        = "tcp"
            security_groups = [aws_security_group.cluster.id]
          }
        }

        resource "aws_security_group" "client" {
          name        = "client"
          description = "clients"
          vpc_id      = "vpc-0123456789abcdef0"
        }

        resource "aws_security_group_rule" "from_client" {
          type                     = "ingress"
          security_group_id        = "sg-0123456789abcdef0"
          from_port                = 9042
          to_port                  = 9042
          protocol                 = "tcp"
          source_security_group_id = aws_security_group.client.id
        }
        `,
        [
          {
            message:
              'Security group aws_security_group.cluster is not attached to anything: no resource or output in this module references it',
          },
        ],
      );
    });

    it('reports a counted group once, and never a default group', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }

        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
        }

        ⟦resource "aws_security_group" "worker"⟧ {
          count       = 2
          name        = "worker-\${count.index}"
          description = "worker"
          vpc_id      = aws_vpc.main.id
        }
        `,
        [
          {
            message:
              'Security group aws_security_group.worker is not attached to anything: no resource or output in this module references it',
          },
        ],
      );
    });

    it('honours # sg-lint-ignore before the resource, and is off or re-graded by configuration', () => {
      const suppressed = `
        # sg-lint-ignore SG109 attached by the deploy pipeline
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"
        }
      `;
      expectTfFindings(ID, suppressed, []);
      assert.deepEqual(
        lintTf(clean(suppressed))
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => ({ tool: s.tool, reason: s.reason }))),
        [[{ tool: 'sg-lint', reason: 'attached by the deploy pipeline' }]],
      );
      expectTfFindings(ID, group('web'), [], { rules: { SG109: 'off' } });
      expectTfFindings(
        ID,
        `⟦resource "aws_security_group" "web"⟧ {\n  description = "web"\n  vpc_id = "vpc-1"\n}\n`,
        [{ message: /^Security group aws_security_group.web is not attached/, severity: 'warning' }],
        { rules: { SG109: 'warning' } },
      );
    });
  });
});
