import * as assert from 'node:assert/strict';
import { dedent, expectFindings, expectTfFindings, lint, lintTf } from '../helpers/ruleTester';

const ID = 'SG204';

const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');

const suppressedBy = (format: 'yaml' | 'json', source: string): { tool: string; reason?: string }[] =>
  lint(clean(source), format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

describe('SG204 unknown-group-reference', () => {
  describe('yaml', () => {
    const missingSource = `
      Resources:
        DbSG:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: database tier
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 5432
                ToPort: 5432
                SourceSecurityGroupId: ⟦!Ref AppSg⟧
    `;

    it('reports a source group that is not declared, at the reference', () => {
      expectFindings(ID, 'yaml', missingSource, [
        {
          message: "The rule's source group AppSg cannot be used: AppSg is not declared in this template",
          severity: 'error',
          resource: 'DbSG',
          group: 'DbSG',
        },
      ]);
    });

    it('reports a Ref or GetAtt of a resource that is not a security group', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          Bastion:
            Type: AWS::EC2::Instance
            Properties:
              ImageId: ami-12345678
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: database tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: ⟦!Ref Bastion⟧ }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: ⟦!GetAtt Bastion.PrivateIp⟧ }
              SecurityGroupEgress:
                - { IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationSecurityGroupId: ⟦!GetAtt Missing.GroupId⟧ }
      `,
        [
          {
            message:
              "The rule's source group Bastion cannot be used: Bastion is AWS::EC2::Instance, not a security group",
          },
          {
            message:
              "The rule's source group Bastion cannot be used: Bastion is AWS::EC2::Instance, not a security group",
          },
          {
            message:
              "The rule's destination group Missing cannot be used: Missing is not declared in this template",
          },
        ],
      );
    });

    it('reports a parameter of a type that cannot hold a group id', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          AppPort:
            Type: Number
        Resources:
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: database tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: ⟦!Ref AppPort⟧ }
      `,
        [
          {
            message:
              "The rule's source group AppPort cannot be used: Parameter AppPort is of type Number, not a security group",
          },
        ],
      );
    });

    it('reports a standalone rule whose GroupId names a missing group or a non-group', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          Bastion:
            Type: AWS::EC2::Instance
            Properties:
              ImageId: ami-12345678
          SshIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: ⟦!Ref WebSg⟧
              IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: 10.0.0.0/8
          BastionIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: ⟦!GetAtt Bastion.GroupId⟧
              IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: 10.0.0.0/8
      `,
        [
          {
            message: 'SshIn attaches to WebSg, which cannot be used: WebSg is not declared in this template',
            resource: 'SshIn',
            group: 'WebSg',
          },
          {
            message:
              'BastionIn attaches to Bastion, which cannot be used: Bastion is AWS::EC2::Instance, not a security group',
            resource: 'BastionIn',
          },
        ],
      );
    });

    it('accepts declared groups, sg- ids, security-group parameters, imports and groups other resources expose', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          AppSgId:
            Type: AWS::EC2::SecurityGroup::Id
          LegacySgId:
            Type: String
        Resources:
          Lb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties:
              Subnets: [subnet-1, subnet-2]
          Cluster:
            Type: AWS::EKS::Cluster
            Properties:
              RoleArn: arn:aws:iam::123456789012:role/eks
              ResourcesVpcConfig:
                SubnetIds: [subnet-1]
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app tier
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: database tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !GetAtt AppSG.GroupId }
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: sg-0123 }
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref AppSgId }
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref LegacySgId }
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !ImportValue shared-AppSgId }
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Select [0, !GetAtt Lb.SecurityGroups] }
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !GetAtt Cluster.ClusterSecurityGroupId }
                - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref DbSG }
          ExternalIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref AppSgId
              IpProtocol: tcp
              FromPort: 8080
              ToPort: 8080
              SourceSecurityGroupId: !Ref AppSG
      `,
        [],
      );
    });

    it('honours # sg-lint-ignore on the line before the rule', () => {
      const source = missingSource.replace(
        '              - IpProtocol: tcp',
        '              # sg-lint-ignore SG204 AppSg comes from a nested stack\n              - IpProtocol: tcp',
      );
      expectFindings(ID, 'yaml', clean(source), []);
      assert.deepEqual(suppressedBy('yaml', source), [
        { tool: 'sg-lint', reason: 'AppSg comes from a nested stack' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'yaml', clean(missingSource), [], { rules: { SG204: 'off' } });
      expectFindings(
        ID,
        'yaml',
        missingSource,
        [{ message: /^The rule's source group AppSg cannot be used/, severity: 'warning' }],
        { rules: { SG204: 'warning' } },
      );
    });
  });

  describe('json', () => {
    const missingSource = `
      {
        "Resources": {
          "DbSG": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
              "GroupDescription": "database tier",
              "SecurityGroupIngress": [
                { "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": ⟦{ "Ref": "AppSg" }⟧ }
              ]
            }
          },
          "SshIn": {
            "Type": "AWS::EC2::SecurityGroupIngress",
            "Properties": {
              "GroupId": ⟦{ "Fn::GetAtt": ["WebSg", "GroupId"] }⟧,
              "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"
            }
          }
        }
      }
    `;

    it('reports a missing source group and a standalone rule attached to a missing group', () => {
      expectFindings(ID, 'json', missingSource, [
        {
          message: "The rule's source group AppSg cannot be used: AppSg is not declared in this template",
          severity: 'error',
          resource: 'DbSG',
        },
        {
          message: 'SshIn attaches to WebSg, which cannot be used: WebSg is not declared in this template',
          resource: 'SshIn',
        },
      ]);
    });

    it('accepts a declared group, an sg- id, a security-group parameter and an import', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "AppSgId": { "Type": "AWS::EC2::SecurityGroup::Id" } },
          "Resources": {
            "AppSG": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "app tier" } },
            "DbSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "database tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": { "Ref": "AppSG" } },
                  { "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": "sg-0123" },
                  { "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": { "Ref": "AppSgId" } },
                  { "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": { "Fn::ImportValue": "shared-AppSgId" } }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours the resource Metadata suppression on the rule resource', () => {
      const source = missingSource.replace(
        '"Type": "AWS::EC2::SecurityGroupIngress",',
        '"Type": "AWS::EC2::SecurityGroupIngress",\n          "Metadata": { "sg-lint": { "ignore": [{ "id": "SG204", "reason": "group from a nested stack" }] } },',
      );
      // Only the inline rule's finding remains: the GroupId marker is dropped.
      const remaining = source.replace(/⟦(\{ "Fn::GetAtt"[^⟧]*)⟧/, '$1');
      expectFindings(ID, 'json', remaining, [
        { message: "The rule's source group AppSg cannot be used: AppSg is not declared in this template" },
      ]);
      assert.deepEqual(suppressedBy('json', source), [
        { tool: 'sg-lint', reason: 'group from a nested stack' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', clean(missingSource), [], { rules: { SG204: 'off' } });
      expectFindings(
        ID,
        'json',
        missingSource,
        [
          { message: /^The rule's source group AppSg/, severity: 'note' },
          { message: /^SshIn attaches to WebSg/, severity: 'note' },
        ],
        { rules: { SG204: 'note' } },
      );
    });
  });

  describe('terraform', () => {
    const badReferences = `
      resource "aws_instance" "bastion" {
        ami           = "ami-0123456789abcdef0"
        instance_type = "t3.micro"
      }

      resource "aws_security_group" "db" {
        name        = "db"
        description = "database"
        vpc_id      = "vpc-0123456789abcdef0"

        ingress {
          from_port       = 5432
          to_port         = 5432
          protocol        = "tcp"
          security_groups = [⟦aws_security_group.app.id⟧, ⟦aws_instance.bastion.id⟧]
        }
      }
    `;

    it('reports security_groups naming an undeclared group or a resource that is not a group, at the reference', () => {
      expectTfFindings(ID, badReferences, [
        {
          message:
            "The rule's source group aws_security_group.app cannot be used: aws_security_group.app is not declared in this module",
          severity: 'error',
          resource: 'aws_security_group.db',
          group: 'aws_security_group.db',
        },
        {
          message:
            "The rule's source group aws_instance.bastion cannot be used: aws_instance.bastion is an aws_instance, not a security group",
          resource: 'aws_security_group.db',
        },
      ]);
    });

    it('reports security_group_id and source_security_group_id of aws_security_group_rule', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_instance" "bastion" {
          ami = "ami-0123456789abcdef0"
        }

        resource "aws_security_group_rule" "ssh" {
          type                     = "ingress"
          security_group_id        = ⟦aws_security_group.gone.id⟧
          from_port                = 22
          to_port                  = 22
          protocol                 = "tcp"
          source_security_group_id = ⟦aws_instance.bastion.id⟧
        }
        `,
        [
          {
            message:
              'aws_security_group_rule.ssh attaches to aws_security_group.gone, which cannot be used: aws_security_group.gone is not declared in this module',
            resource: 'aws_security_group_rule.ssh',
            group: 'aws_security_group.gone',
          },
          {
            message:
              "The rule's source group aws_instance.bastion cannot be used: aws_instance.bastion is an aws_instance, not a security group",
            resource: 'aws_security_group_rule.ssh',
          },
        ],
      );
    });

    it('reports security_group_id and referenced_security_group_id of aws_vpc_security_group_*_rule, naming the direction', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app tier"
          vpc_id      = "vpc-0123456789abcdef0"
        }

        data "aws_vpc" "main" {
          default = true
        }

        resource "aws_vpc_security_group_egress_rule" "to_db" {
          security_group_id            = aws_security_group.app.id
          from_port                    = 5432
          to_port                      = 5432
          ip_protocol                  = "tcp"
          referenced_security_group_id = ⟦aws_security_group.db.id⟧
        }

        resource "aws_vpc_security_group_ingress_rule" "from_vpc" {
          security_group_id            = ⟦data.aws_vpc.main.id⟧
          from_port                    = 443
          to_port                      = 443
          ip_protocol                  = "tcp"
          referenced_security_group_id = aws_security_group.app.id
        }
        `,
        [
          {
            message:
              "The rule's destination group aws_security_group.db cannot be used: aws_security_group.db is not declared in this module",
            resource: 'aws_vpc_security_group_egress_rule.to_db',
            group: 'aws_security_group.app',
          },
          {
            message:
              'aws_vpc_security_group_ingress_rule.from_vpc attaches to data.aws_vpc.main, which cannot be used: data.aws_vpc.main is a data source of type aws_vpc, not a security group',
            resource: 'aws_vpc_security_group_ingress_rule.from_vpc',
          },
        ],
      );
    });

    it('accepts declared groups, the default group, data sources of groups, module outputs, sg- ids, variables and group attributes of other resources', () => {
      expectTfFindings(
        ID,
        `
        variable "peer_group_id" {}

        data "aws_security_group" "shared" {
          name = "shared"
        }

        module "network" {
          source = "./network"
        }

        resource "aws_eks_cluster" "main" {
          name = "main"
        }

        resource "aws_default_security_group" "default" {
          vpc_id = "vpc-0123456789abcdef0"
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port = 8080
            to_port   = 8080
            protocol  = "tcp"
            security_groups = [
              aws_security_group.app.id,
              aws_default_security_group.default.id,
              data.aws_security_group.shared.id,
              module.network.lb_security_group_id,
              "sg-0123456789abcdef0",
              var.peer_group_id,
              aws_eks_cluster.main.vpc_config[0].cluster_security_group_id,
            ]
          }
        }

        resource "aws_security_group_rule" "from_shared" {
          type                     = "ingress"
          security_group_id        = data.aws_security_group.shared.id
          from_port                = 443
          to_port                  = 443
          protocol                 = "tcp"
          source_security_group_id = aws_security_group.app.id
        }

        resource "aws_vpc_security_group_ingress_rule" "from_module" {
          security_group_id            = module.network.app_security_group_id
          from_port                    = 443
          to_port                      = 443
          ip_protocol                  = "tcp"
          referenced_security_group_id = var.peer_group_id
        }
        `,
        [],
      );
    });

    it('honours # sg-lint-ignore before the block, and is off or re-graded by configuration', () => {
      const suppressed = badReferences.replace(
        '        ingress {',
        '        # sg-lint-ignore SG204 created by the platform stack\n        ingress {',
      );
      expectTfFindings(ID, suppressed.replace(/[⟦⟧]/g, ''), []);
      assert.deepEqual(
        lintTf(clean(suppressed))
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => s.reason)),
        [['created by the platform stack'], ['created by the platform stack']],
      );
      expectTfFindings(ID, clean(badReferences), [], { rules: { SG204: 'off' } });
      expectTfFindings(
        ID,
        badReferences,
        [
          { message: /^The rule's source group aws_security_group.app/, severity: 'warning' },
          { message: /^The rule's source group aws_instance.bastion/, severity: 'warning' },
        ],
        { rules: { SG204: 'warning' } },
      );
    });
  });
});
