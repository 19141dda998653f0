import * as assert from 'node:assert/strict';
import { dedent, expectFindings, lint } from '../helpers/ruleTester';

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
});
