import * as assert from 'node:assert/strict';
import type { SourceFormat } from '../../server/src/engine/lint';
import {
  applyFix,
  applyTfFix,
  dedent,
  expectFindings,
  expectTfFindings,
  findingsOf,
  lint,
  lintTf,
  marked,
} from '../helpers/ruleTester';

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

/** The Terraform twin: the marked findings of main.tf are kept, each suppressed by the tool given in order. */
function expectTfSuppressed(source: string, tools: readonly string[], overrides: unknown = {}): void {
  const { text, ranges } = marked(dedent(source));
  const kept = lintTf(text, overrides).findings.filter((f) => f.ruleId === ID);
  assert.deepEqual(
    kept.map((f) => ({ start: f.range.start, end: f.range.end, tools: f.suppressions?.map((s) => s.tool) })),
    ranges.map((r, i) => ({ start: r.start, end: r.end, tools: [tools[i]] })),
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

  describe('terraform', () => {
    it('reports protocol "-1" with ports 0/0 in an inline block, at the world CIDRs only', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "open" {
          name        = "open"
          description = "open"
          vpc_id      = "vpc-1"
          ingress {
            from_port        = 0
            to_port          = 0
            protocol         = "-1"
            cidr_blocks      = ["10.0.0.0/8", ⟦"0.0.0.0/0"⟧]
            ipv6_cidr_blocks = [⟦"::/0"⟧]
          }
        }
        `,
        [
          {
            message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
            severity: 'error',
            resource: 'aws_security_group.open',
            group: 'aws_security_group.open',
          },
          { message: 'All traffic (every protocol and port) is open to the world (::/0)' },
        ],
      );
    });

    it('reports tcp and udp 0–65535, and protocol "all" or "-1" of rule resources', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "open" {
          name        = "open"
          description = "open"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 0
            to_port     = 65535
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
          ingress {
            from_port   = 0
            to_port     = 65535
            protocol    = "17"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }

        resource "aws_security_group_rule" "all_v6" {
          type              = "ingress"
          security_group_id = aws_security_group.open.id
          from_port         = 0
          to_port           = 0
          protocol          = "all"
          ipv6_cidr_blocks  = [⟦"::/0"⟧]
        }

        resource "aws_vpc_security_group_ingress_rule" "all_v4" {
          security_group_id = aws_security_group.open.id
          ip_protocol       = "-1"
          cidr_ipv4         = ⟦"0.0.0.0/0"⟧
        }
        `,
        [
          {
            message: 'Every tcp port (0–65535) is open to the world (0.0.0.0/0)',
            resource: 'aws_security_group.open',
          },
          {
            message: 'Every udp port (0–65535) is open to the world (0.0.0.0/0)',
            resource: 'aws_security_group.open',
          },
          {
            message: 'All traffic (every protocol and port) is open to the world (::/0)',
            resource: 'aws_security_group_rule.all_v6',
            group: 'aws_security_group.open',
          },
          {
            message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
            resource: 'aws_vpc_security_group_ingress_rule.all_v4',
            group: 'aws_security_group.open',
          },
        ],
      );
    });

    it('reports the ingress of an aws_default_security_group', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }

        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
          ingress {
            protocol    = -1
            from_port   = 0
            to_port     = 0
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
        `,
        [
          {
            message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
            group: 'aws_default_security_group.default',
          },
        ],
      );
    });

    it('treats tcp 0/0 as port 0 only, as the provider and AWS do', () => {
      const source = `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 0
            to_port     = 0
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
      `;
      expectTfFindings(ID, source, []);
      assert.deepEqual(
        lintTf(clean(source))
          .findings.filter((f) => f.ruleId === 'SG103')
          .map((f) => f.message),
        ['tcp port 0 is open to the world (0.0.0.0/0)'],
      );
    });

    it('reports an inline "-1" rule over every port beside the error Terraform gives it: the ports 0/0 the error asks for open all traffic', () => {
      const source = `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 0
            to_port     = 65535
            protocol    = "-1"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
            self        = true
          }
        }
      `;
      expectTfFindings(ID, source, [
        {
          message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
          resource: 'aws_security_group.app',
        },
      ]);
      assert.deepEqual(
        lintTf(clean(source))
          .findings.filter((f) => f.ruleId === 'SG202')
          .map((f) => f.message),
        [
          'Terraform rejects protocol "-1" with from_port 0 and to_port 65535 in an inline rule: both must be 0',
        ],
      );
    });

    it('is silent for an inline "-1" rule with other ports (Terraform rejects it), but reports an aws_security_group_rule, whose ports AWS ignores', () => {
      const source = `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }

        resource "aws_security_group" "db" {
          name        = "db"
          description = "db"
          vpc_id      = "vpc-1"
        }

        resource "aws_security_group_rule" "db_all" {
          type              = "ingress"
          security_group_id = aws_security_group.db.id
          from_port         = 5432
          to_port           = 5432
          protocol          = "-1"
          cidr_blocks       = [⟦"0.0.0.0/0"⟧]
        }
      `;
      expectTfFindings(ID, source, [
        {
          message: 'All traffic (every protocol and port) is open to the world (0.0.0.0/0)',
          resource: 'aws_security_group_rule.db_all',
        },
      ]);
      const result = lintTf(clean(source));
      assert.deepEqual(
        result.findings.filter((f) => f.ruleId === 'SG202').map((f) => [f.resource, f.severity, f.message]),
        [
          [
            'aws_security_group.app',
            'error',
            'Terraform rejects protocol "-1" with from_port 22 and to_port 22 in an inline rule: both must be 0',
          ],
          [
            'aws_security_group_rule.db_all',
            'warning',
            'from_port 5432 and to_port 5432 are ignored with protocol -1 (all traffic): AWS opens every port',
          ],
        ],
      );
      assert.deepEqual(
        result.findings.filter((f) => f.ruleId === 'SG101').map((f) => f.message),
        [],
        'no port-specific finding for a rule that opens every port or none',
      );
    });

    it('finds the world in an inline 0.0.0.0/1 and an aws_vpc_security_group_ingress_rule 128.0.0.0/1', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = [⟦"0.0.0.0/1"⟧]
          }
        }

        resource "aws_vpc_security_group_ingress_rule" "high" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "-1"
          cidr_ipv4         = ⟦"128.0.0.0/1"⟧
        }
        `,
        [
          {
            message:
              'All traffic (every protocol and port) is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
            resource: 'aws_security_group.app',
          },
          {
            message:
              'All traffic (every protocol and port) is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'aws_vpc_security_group_ingress_rule.high',
          },
        ],
      );
    });

    it('names the variable default and the tfvars entry behind a dynamic block and a rule resource', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          variable "open_rules" {
            default = [{ protocol = "-1", cidr = "0.0.0.0/0" }]
          }

          variable "vpn_cidrs" {
            default = ["10.0.0.0/8"]
          }

          resource "aws_security_group" "app" {
            name        = "app"
            description = "app"
            vpc_id      = "vpc-1"
            dynamic "ingress" {
              for_each = var.open_rules
              content {
                from_port   = 0
                to_port     = 0
                protocol    = ingress.value.protocol
                cidr_blocks = [⟦ingress.value.cidr⟧]
              }
            }
          }

          resource "aws_security_group_rule" "vpn" {
            type              = "ingress"
            security_group_id = aws_security_group.app.id
            from_port         = 0
            to_port           = 65535
            protocol          = "udp"
            cidr_blocks       = ⟦var.vpn_cidrs⟧
          }
          `,
          'terraform.tfvars': `
          vpn_cidrs = ["0.0.0.0/0"]
          `,
        },
        [
          {
            message:
              'All traffic (every protocol and port) is open to the world (0.0.0.0/0 from the default of var.open_rules)',
          },
          {
            message:
              'Every udp port (0–65535) is open to the world (0.0.0.0/0 from vpn_cidrs in terraform.tfvars)',
          },
        ],
      );
    });

    it('is silent for narrow CIDRs, group references, self, 0–65534 and unresolved CIDRs, which reportUnresolved: note notes', () => {
      const source = `
        variable "cidr" {
          type = string
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port       = 0
            to_port         = 0
            protocol        = "-1"
            cidr_blocks     = ["10.0.0.0/8"]
            security_groups = ["sg-0123456789abcdef0"]
            self            = true
          }
          ingress {
            from_port   = 0
            to_port     = 65534
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = [⟦var.cidr⟧]
          }
        }
      `;
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), []);
      expectTfFindings(
        ID,
        source,
        [
          {
            message: 'Cannot tell whether all ports are open to the world: the CIDR depends on var.cidr',
            severity: 'note',
          },
        ],
        { reportUnresolved: 'note' },
      );
    });

    it('can be turned off or given another severity', () => {
      const source = `
        resource "aws_vpc_security_group_ingress_rule" "all" {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "-1"
          cidr_ipv6         = ⟦"::/0"⟧
        }
      `;
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), [], { rules: { SG102: 'off' } });
      expectTfFindings(
        ID,
        source,
        [
          {
            message: 'All traffic (every protocol and port) is open to the world (::/0)',
            severity: 'warning',
          },
        ],
        { rules: { SG102: 'warning' } },
      );
    });

    it('honours #checkov:skip=CKV_AWS_277 inside the resource and # sg-lint-ignore before a rule resource', () => {
      const source = `
        resource "aws_security_group" "honeypot" {
          #checkov:skip=CKV_AWS_277:honeypot
          name        = "honeypot"
          description = "honeypot"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }

        # sg-lint-ignore SG102 scanner target
        resource "aws_vpc_security_group_ingress_rule" "scanner" {
          security_group_id = aws_security_group.honeypot.id
          ip_protocol       = "-1"
          cidr_ipv6         = ⟦"::/0"⟧
        }
      `;
      expectTfSuppressed(source, ['checkov', 'sg-lint']);
      const { text, ranges } = marked(dedent(source));
      assert.deepEqual(
        lintTf(text, { honorPeerSuppressions: false })
          .findings.filter((f) => f.ruleId === ID && !f.suppressions?.length)
          .map((f) => f.range.start),
        [ranges[0]!.start],
      );
    });

    it('restricts a literal world CIDR, or the variable default it came from, to a trusted CIDR', () => {
      const files = {
        'main.tf': clean(`
          resource "aws_security_group" "app" {
            name        = "app"
            description = "app"
            vpc_id      = "vpc-1"
            ingress {
              from_port   = 0
              to_port     = 0
              protocol    = "-1"
              cidr_blocks = ["0.0.0.0/0"]
            }
          }
        `),
      };
      assert.deepEqual(applyTfFix(ID, files, 'Restrict to 10.0.0.0/8 (corp)', CORP), {
        'main.tf': files['main.tf'].replace('["0.0.0.0/0"]', '["10.0.0.0/8"]'),
      });

      const viaVariable = {
        'main.tf': files['main.tf'].replace('["0.0.0.0/0"]', '[var.cidr]'),
        'variables.tf': 'variable "cidr" {\n  default = "0.0.0.0/0"\n}\n',
      };
      assert.deepEqual(
        applyTfFix(ID, viaVariable, 'Restrict to 10.0.0.0/8 (corp) in the default of var.cidr', CORP),
        { ...viaVariable, 'variables.tf': 'variable "cidr" {\n  default = "10.0.0.0/8"\n}\n' },
      );
    });
  });
});
