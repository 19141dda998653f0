import * as assert from 'node:assert/strict';
import { dedent, expectFindings, lint } from '../helpers/ruleTester';

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
});
