import * as assert from 'node:assert/strict';
import { applyFix, dedent, expectFindings, lint } from '../helpers/ruleTester';

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
});
