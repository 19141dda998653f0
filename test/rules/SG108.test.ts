import * as assert from 'node:assert/strict';
import { dedent, expectFindings, lint } from '../helpers/ruleTester';

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
});
