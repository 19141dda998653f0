import * as assert from 'node:assert/strict';
import { dedent, expectFindings, lint } from '../helpers/ruleTester';

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
});
