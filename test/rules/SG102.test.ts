import * as assert from 'node:assert/strict';
import type { SourceFormat } from '../../server/src/engine/lint';
import { applyFix, dedent, expectFindings, findingsOf, lint, marked } from '../helpers/ruleTester';

const ID = 'SG102';
const CORP = { trustedCidrs: [{ cidr: '10.0.0.0/8', label: 'corp' }] };

function clean(source: string): string {
  return marked(dedent(source)).text;
}

/** Asserts the marked findings are kept with suppressions by `tool` and that none of the rule is reported. */
function expectSuppressed(format: SourceFormat, source: string, tool: string, overrides: unknown = {}): void {
  const { text, ranges } = marked(dedent(source));
  const result = lint(text, format, overrides);
  assert.deepEqual(findingsOf(result, ID), []);
  const kept = result.findings.filter((f) => f.ruleId === ID);
  assert.deepEqual(
    kept.map((f) => ({ start: f.range.start, end: f.range.end, tools: f.suppressions?.map((s) => s.tool) })),
    ranges.map((r) => ({ start: r.start, end: r.end, tools: [tool] })),
  );
}

describe('SG102 world-open-all-ports', () => {
  describe('yaml', () => {
    it('reports protocol "-1" and -1 from the world, IPv4 and IPv6', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: -1
                  FromPort: -1
                  ToPort: -1
                  CidrIpv6: ⟦::/0⟧
      `,
        [
          {
            message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
            severity: 'error',
            resource: 'OpenSG',
            group: 'OpenSG',
          },
          { message: 'All traffic (every protocol and port) is open to the world (::/0)' },
        ],
      );
    });

    it('reports tcp and udp 0–65535 from the world, with string ports and protocol numbers', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 65535
                  CidrIpv6: ⟦::/0⟧
                - IpProtocol: "17"
                  FromPort: "0"
                  ToPort: "65535"
                  CidrIp: ⟦0.0.0.0/0⟧
      `,
        [
          { message: 'Every tcp port (0–65535) is open to the world (::/0)' },
          { message: 'Every udp port (0–65535) is open to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('reports standalone rules attached by !Ref and by !GetAtt X.GroupId', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
          AllIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref OpenSG
              IpProtocol: "-1"
              CidrIp: ⟦0.0.0.0/0⟧
          TcpIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt OpenSG.GroupId
              IpProtocol: "6"
              FromPort: 0
              ToPort: 65535
              CidrIpv6: ⟦::/0⟧
      `,
        [
          {
            message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
            resource: 'AllIn',
            group: 'OpenSG',
          },
          {
            message: 'Every tcp port (0–65535) is open to the world (::/0)',
            resource: 'TcpIn',
            group: 'OpenSG',
          },
        ],
      );
    });

    it('finds the world in 0.0.0.0/1 inline + 128.0.0.0/1 standalone', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 65535
                  CidrIp: ⟦0.0.0.0/1⟧
          HighHalf:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt OpenSG.GroupId
              IpProtocol: tcp
              FromPort: 0
              ToPort: 65535
              CidrIp: ⟦128.0.0.0/1⟧
      `,
        [
          {
            message:
              'Every tcp port (0–65535) is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
            resource: 'OpenSG',
          },
          {
            message:
              'Every tcp port (0–65535) is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'HighHalf',
          },
        ],
      );
    });

    it('finds the world in two protocol -1 rules of one group, and in 1.0.0.0/0', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          SplitSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: split
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/1⟧
                - IpProtocol: "-1"
                  CidrIp: ⟦128.0.0.0/1⟧
          HostBitsSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: host bits
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ⟦1.0.0.0/0⟧
      `,
        [
          {
            message:
              'All traffic (every protocol and port) is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
          },
          {
            message:
              'All traffic (every protocol and port) is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
          },
          {
            message: 'All traffic (every protocol and port) is open to the world (1.0.0.0/0)',
            group: 'HostBitsSG',
          },
        ],
      );
    });

    it('names parameter defaults, mapping entries and Fn::If conditions', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          OpenCidr:
            Type: String
            Default: 0.0.0.0/0
        Mappings:
          Net:
            eu-west-1:
              Open: ::/0
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, eu-west-1]
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ⟦!Ref OpenCidr⟧
                - IpProtocol: "-1"
                  CidrIpv6: ⟦!FindInMap [Net, eu-west-1, Open]⟧
                - IpProtocol: udp
                  FromPort: 0
                  ToPort: 65535
                  CidrIp: ⟦!If [IsProd, 10.0.0.0/8, !Join ['/', [0.0.0.0, '0']]]⟧
      `,
        [
          {
            message:
              "All traffic (every protocol and port) is open to the world (0.0.0.0/0 from Parameter OpenCidr's default)",
          },
          {
            message:
              'All traffic (every protocol and port) is open to the world (::/0 from Mapping Net.eu-west-1.Open)',
          },
          {
            message:
              'Every udp port (0–65535) is open to the world (0.0.0.0/0) when condition IsProd is false',
          },
        ],
      );
    });

    it('is silent when the parameter default is contradicted by the condition, and across Fn::If branches', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          OpenCidr:
            Type: String
            Default: 0.0.0.0/0
        Conditions:
          Restricted: !Not [!Equals [!Ref OpenCidr, 0.0.0.0/0]]
          IsProd: !Equals [!Ref AWS::Region, eu-west-1]
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: !If [Restricted, !Ref OpenCidr, 10.0.0.0/8]
                - IpProtocol: "-1"
                  CidrIp: !If [IsProd, 0.0.0.0/1, 128.0.0.0/1]
      `,
        [],
      );
    });

    it('is silent for narrow CIDRs, group references, prefix lists, 0–65534 and other protocols', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          PeerSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: peer
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: 10.0.0.0/8
                - IpProtocol: "-1"
                  SourceSecurityGroupId: !Ref PeerSG
                - IpProtocol: "-1"
                  SourcePrefixListId: pl-0123456789abcdef0
                - IpProtocol: tcp
                  FromPort: 1
                  ToPort: 65535
                  CidrIp: 0.0.0.0/0
                - IpProtocol: "47"
                  CidrIp: 0.0.0.0/0
                - IpProtocol: icmp
                  FromPort: -1
                  ToPort: -1
                  CidrIp: 0.0.0.0/0
      `,
        [],
      );
    });

    it('reports nothing from rules missing their CIDR, protocol or ports', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: "-1"
                - FromPort: 0
                  ToPort: 65535
                  CidrIp: 0.0.0.0/0
                - IpProtocol: tcp
                  CidrIp: 0.0.0.0/0
      `,
        [],
        { reportUnresolved: 'note' },
      );
    });

    it('is silent for a parameter without a default, and notes it with reportUnresolved: note', () => {
      const source = `
        Parameters:
          OpenCidr:
            Type: String
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ⟦!Ref OpenCidr⟧
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), []);
      expectFindings(
        ID,
        'yaml',
        source,
        [
          {
            message:
              'Cannot tell whether all ports are open to the world: the CIDR depends on Parameter OpenCidr',
            severity: 'note',
          },
        ],
        {
          reportUnresolved: 'note',
        },
      );
    });

    it('can be turned off or given another severity', () => {
      const source = `
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/0⟧
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), [], { rules: { SG102: 'off' } });
      expectFindings(
        ID,
        'yaml',
        source,
        [
          {
            message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
            severity: 'warning',
          },
        ],
        { rules: { SG102: 'warning' } },
      );
    });

    it('honours # sg-lint-ignore before the resource and checkov:skip=CKV_AWS_277 before the rule', () => {
      expectSuppressed(
        'yaml',
        `
        Resources:
          # sg-lint-ignore SG102 test fixture
          OwnSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: own
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/0⟧
      `,
        'sg-lint',
      );
      const checkov = `
        Resources:
          CkSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: checkov
              SecurityGroupIngress:
                # checkov:skip=CKV_AWS_277:honeypot
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/0⟧
      `;
      expectSuppressed('yaml', checkov, 'checkov');
      expectFindings(
        ID,
        'yaml',
        checkov,
        [{ message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)' }],
        { honorPeerSuppressions: false },
      );
    });

    it('restricts a plain, quoted or parameter-default CIDR to a trusted CIDR', () => {
      const template = (cidr: string): string =>
        dedent(`
        Resources:
          OpenSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: open
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ${cidr}
      `);
      assert.equal(
        applyFix(ID, 'yaml', template('0.0.0.0/0'), 'Restrict to 10.0.0.0/8 (corp)', CORP),
        template('10.0.0.0/8'),
      );
      assert.equal(
        applyFix(ID, 'yaml', template("'0.0.0.0/0'"), 'Restrict to 10.0.0.0/8 (corp)', CORP),
        template("'10.0.0.0/8'"),
      );
      assert.equal(
        applyFix(ID, 'yaml', template('"0.0.0.0/0"'), 'Restrict to 10.0.0.0/8 (corp)', CORP),
        template('"10.0.0.0/8"'),
      );
      const viaParameter = `Parameters:\n  OpenCidr:\n    Type: String\n    Default: "0.0.0.0/0"\n${template('!Ref OpenCidr')}`;
      assert.equal(
        applyFix(
          ID,
          'yaml',
          viaParameter,
          "Restrict to 10.0.0.0/8 (corp) in Parameter OpenCidr's default",
          CORP,
        ),
        viaParameter.replace('Default: "0.0.0.0/0"', 'Default: "10.0.0.0/8"'),
      );
    });
  });

  describe('json', () => {
    it('reports protocol "-1" and tcp 0–65535 from the world, inline and standalone', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "OpenSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "open",
                "SecurityGroupIngress": [
                  { "IpProtocol": "-1", "CidrIp": ⟦"0.0.0.0/0"⟧ },
                  { "IpProtocol": "6", "FromPort": "0", "ToPort": "65535", "CidrIpv6": ⟦"::/0"⟧ }
                ]
              }
            },
            "UdpIn": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": { "GroupId": { "Fn::GetAtt": ["OpenSG", "GroupId"] }, "IpProtocol": "udp", "FromPort": 0, "ToPort": 65535, "CidrIp": ⟦"0.0.0.0/0"⟧ }
            }
          }
        }
      `,
        [
          {
            message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
            resource: 'OpenSG',
          },
          { message: 'Every tcp port (0–65535) is open to the world (::/0)' },
          {
            message: 'Every udp port (0–65535) is open to the world (0.0.0.0/0)',
            resource: 'UdpIn',
            group: 'OpenSG',
          },
        ],
      );
    });

    it('finds the world in a union, names parameter defaults and conditions', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "OpenCidr": { "Type": "String", "Default": "0.0.0.0/0" } },
          "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "eu-west-1"] } },
          "Resources": {
            "OpenSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "open",
                "SecurityGroupIngress": [
                  { "IpProtocol": -1, "CidrIpv6": ⟦"::/1"⟧ },
                  { "IpProtocol": -1, "CidrIpv6": ⟦"8000::/1"⟧ },
                  { "IpProtocol": -1, "CidrIp": ⟦{ "Ref": "OpenCidr" }⟧ },
                  { "IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "CidrIp": ⟦{ "Fn::If": ["IsProd", "0.0.0.0/0", "10.0.0.0/8"] }⟧ }
                ]
              }
            }
          }
        }
      `,
        [
          {
            message:
              'All traffic (every protocol and port) is open to the world (::/1 together with 8000::/1 covers every IPv6 address)',
          },
          {
            message:
              'All traffic (every protocol and port) is open to the world (8000::/1 together with ::/1 covers every IPv6 address)',
          },
          {
            message:
              "All traffic (every protocol and port) is open to the world (0.0.0.0/0 from Parameter OpenCidr's default)",
          },
          {
            message:
              'Every tcp port (0–65535) is open to the world (0.0.0.0/0) when condition IsProd is true',
          },
        ],
      );
    });

    it('is silent for narrow CIDRs, missing attributes and parameters without a default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "OpenCidr": { "Type": "String" } },
          "Resources": {
            "OpenSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "open",
                "SecurityGroupIngress": [
                  { "IpProtocol": "-1", "CidrIp": "10.0.0.0/16" },
                  { "IpProtocol": "-1", "SourcePrefixListId": "pl-0123456789abcdef0" },
                  { "IpProtocol": "-1" },
                  { "FromPort": 0, "ToPort": 65535, "CidrIp": "0.0.0.0/0" },
                  { "IpProtocol": "tcp", "CidrIp": "0.0.0.0/0" },
                  { "IpProtocol": "-1", "CidrIp": { "Ref": "OpenCidr" } }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours Metadata sg-lint ignore and cfn_nag W42', () => {
      expectSuppressed(
        'json',
        `
        {
          "Resources": {
            "OwnSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "sg-lint": { "ignore": [{ "id": "SG102", "reason": "honeypot" }] } },
              "Properties": { "GroupDescription": "own", "SecurityGroupIngress": [{ "IpProtocol": "-1", "CidrIp": ⟦"0.0.0.0/0"⟧ }] }
            }
          }
        }
      `,
        'sg-lint',
      );
      expectSuppressed(
        'json',
        `
        {
          "Resources": {
            "NagSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "cfn_nag": { "rules_to_suppress": [{ "id": "W42", "reason": "honeypot" }] } },
              "Properties": { "GroupDescription": "nag", "SecurityGroupIngress": [{ "IpProtocol": "-1", "CidrIp": ⟦"0.0.0.0/0"⟧ }] }
            }
          }
        }
      `,
        'cfn_nag',
      );
    });

    it('restricts a literal and a parameter default in JSON', () => {
      const text = clean(`
        {
          "Parameters": { "OpenCidr": { "Type": "String", "Default": "0.0.0.0/0" } },
          "Resources": {
            "OpenSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": { "GroupDescription": "open", "SecurityGroupIngress": [{ "IpProtocol": "-1", "CidrIp": "0.0.0.0/0" }] }
            }
          }
        }
      `);
      assert.equal(
        applyFix(ID, 'json', text, 'Restrict to 10.0.0.0/8 (corp)', CORP),
        text.replace('"CidrIp": "0.0.0.0/0"', '"CidrIp": "10.0.0.0/8"'),
      );
      const viaParameter = text.replace('"CidrIp": "0.0.0.0/0"', '"CidrIp": { "Ref": "OpenCidr" }');
      assert.equal(
        applyFix(
          ID,
          'json',
          viaParameter,
          "Restrict to 10.0.0.0/8 (corp) in Parameter OpenCidr's default",
          CORP,
        ),
        viaParameter.replace('"Default": "0.0.0.0/0"', '"Default": "10.0.0.0/8"'),
      );
    });
  });
});
