import * as assert from 'node:assert/strict';
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

const ID = 'SG103';
const CORP = { trustedCidrs: [{ cidr: '10.0.0.0/8', label: 'corp' }] };

function clean(source: string): string {
  return marked(dedent(source)).text;
}

describe('SG103 world-open-port', () => {
  describe('yaml', () => {
    it('reports a non-public port open to the world, IPv4 and IPv6', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: tcp
                  FromPort: 8443
                  ToPort: 8444
                  CidrIpv6: ⟦::/0⟧
      `,
        [
          {
            message: 'tcp port 8080 is open to the world (0.0.0.0/0)',
            severity: 'warning',
            resource: 'AppSG',
            group: 'AppSG',
          },
          { message: 'tcp ports 8443–8444 are open to the world (::/0)' },
        ],
      );
    });

    it('reads string ports and protocol numbers, and names other IP protocols', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: "17"
                  FromPort: "53"
                  ToPort: "53"
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: "47"
                  CidrIp: ⟦0.0.0.0/0⟧
      `,
        [
          { message: 'udp port 53 is open to the world (0.0.0.0/0)' },
          { message: 'IP protocol 47 is open to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('reports only the non-public part of a range that contains public ports', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 80
                  ToPort: 90
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: tcp
                  FromPort: 441
                  ToPort: 444
                  CidrIp: ⟦0.0.0.0/0⟧
      `,
        [
          { message: 'tcp ports 81–90 are open to the world (0.0.0.0/0)' },
          { message: 'tcp ports 441–442 and 444 are open to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('reports standalone rules attached by !Ref and !GetAtt X.GroupId, and finds the world in their union', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 9000
                  ToPort: 9000
                  CidrIp: ⟦0.0.0.0/1⟧
          LowHalf:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref AppSG
              IpProtocol: tcp
              FromPort: 9000
              ToPort: 9000
              CidrIp: ⟦128.0.0.0/1⟧
          Grpc:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt AppSG.GroupId
              IpProtocol: tcp
              FromPort: 50051
              ToPort: 50051
              CidrIpv6: ⟦::/0⟧
      `,
        [
          {
            message:
              'tcp port 9000 is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
            resource: 'AppSG',
          },
          {
            message:
              'tcp port 9000 is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'LowHalf',
            group: 'AppSG',
          },
          { message: 'tcp port 50051 is open to the world (::/0)', resource: 'Grpc', group: 'AppSG' },
        ],
      );
    });

    it('names parameter defaults, mapping entries and Fn::If conditions; does not union Fn::If branches', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          AppCidr:
            Type: String
            Default: 0.0.0.0/0
        Mappings:
          Net:
            us-east-1:
              App: 0.0.0.0/0
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, us-east-1]
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  CidrIp: ⟦!Ref AppCidr⟧
                - IpProtocol: tcp
                  FromPort: 8081
                  ToPort: 8081
                  CidrIp: ⟦!FindInMap [Net, us-east-1, App]⟧
                - IpProtocol: tcp
                  FromPort: 8082
                  ToPort: 8082
                  CidrIp: ⟦!If [IsProd, 0.0.0.0/0, 10.1.0.0/16]⟧
                - IpProtocol: tcp
                  FromPort: 8083
                  ToPort: 8083
                  CidrIp: !If [IsProd, 0.0.0.0/1, 128.0.0.0/1]
      `,
        [
          { message: "tcp port 8080 is open to the world (0.0.0.0/0 from Parameter AppCidr's default)" },
          { message: 'tcp port 8081 is open to the world (0.0.0.0/0 from Mapping Net.us-east-1.App)' },
          { message: 'tcp port 8082 is open to the world (0.0.0.0/0) when condition IsProd is true' },
        ],
      );
    });

    it('is silent for the public ports 80 and 443, ICMP, narrow CIDRs and group references', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          LbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: load balancer
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 80
                  ToPort: 80
                  CidrIp: 0.0.0.0/0
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIpv6: ::/0
                - IpProtocol: icmp
                  FromPort: 8
                  ToPort: -1
                  CidrIp: 0.0.0.0/0
                - IpProtocol: "58"
                  FromPort: -1
                  ToPort: -1
                  CidrIpv6: ::/0
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  CidrIp: 192.0.2.0/24
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  SourceSecurityGroupId: !GetAtt LbSG.GroupId
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  SourcePrefixListId: pl-0123456789abcdef0
      `,
        [],
      );
    });

    it('reports ICMP and ICMPv6 with icmpIsExposure: true', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: icmp
                  FromPort: 8
                  ToPort: -1
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: "58"
                  FromPort: -1
                  ToPort: -1
                  CidrIpv6: ⟦::/0⟧
      `,
        [
          { message: 'ICMP is open to the world (0.0.0.0/0)' },
          { message: 'ICMPv6 is open to the world (::/0)' },
        ],
        { icmpIsExposure: true },
      );
    });

    it('follows publicPorts: an empty list reports 80 and 443, a custom list exempts its ports', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 80
                  ToPort: 80
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: ⟦0.0.0.0/0⟧
      `;
      expectFindings(
        ID,
        'yaml',
        source,
        [
          { message: 'tcp port 80 is open to the world (0.0.0.0/0)' },
          { message: 'tcp port 443 is open to the world (0.0.0.0/0)' },
        ],
        { publicPorts: [] },
      );
      const { text, ranges } = marked(dedent(source));
      const got = findingsOf(lint(text, 'yaml', { publicPorts: [443] }), ID);
      assert.deepEqual(
        got.map((f) => [f.range.start, f.message]),
        [[ranges[0]!.start, 'tcp port 80 is open to the world (0.0.0.0/0)']],
      );
    });

    it('leaves sensitive ports to SG101 and all ports to SG102', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8000
                  ToPort: 8100
                  CidrIp: 0.0.0.0/0
                - IpProtocol: "-1"
                  CidrIpv6: ::/0
                - IpProtocol: udp
                  FromPort: 0
                  ToPort: 65535
                  CidrIp: 0.0.0.0/0
      `,
        [],
      );
    });

    it('reports nothing from rules missing their CIDR, ports or protocol', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                - IpProtocol: tcp
                  CidrIp: 0.0.0.0/0
                - FromPort: 8080
                  ToPort: 8080
                  CidrIp: 0.0.0.0/0
      `,
        [],
        { reportUnresolved: 'note' },
      );
    });

    it('is silent for a parameter without a default, and notes it with reportUnresolved: note', () => {
      const source = `
        Parameters:
          AppCidr:
            Type: String
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  CidrIp: ⟦!Ref AppCidr⟧
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: !Ref AppCidr
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), []);
      expectFindings(
        ID,
        'yaml',
        source,
        [
          {
            message:
              'Cannot tell whether tcp 8080 is open to the world: the CIDR depends on Parameter AppCidr',
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
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  CidrIp: ⟦0.0.0.0/0⟧
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), [], { rules: { SG103: 'off' } });
      expectFindings(
        ID,
        'yaml',
        source,
        [{ message: 'tcp port 8080 is open to the world (0.0.0.0/0)', severity: 'error' }],
        { rules: { SG103: 'error' } },
      );
    });

    it('honours cfn_nag W2 on the group for its standalone rule, and # sg-lint-ignore before the rule', () => {
      const source = `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Metadata:
              cfn_nag:
                rules_to_suppress:
                  - id: W2
                    reason: public API
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                # sg-lint-ignore SG103 partner callback
                - IpProtocol: tcp
                  FromPort: 9443
                  ToPort: 9443
                  CidrIp: ⟦0.0.0.0/0⟧
          ApiIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref AppSG
              IpProtocol: tcp
              FromPort: 8443
              ToPort: 8443
              CidrIp: ⟦0.0.0.0/0⟧
      `;
      const { text, ranges } = marked(dedent(source));
      const result = lint(text, 'yaml');
      assert.deepEqual(findingsOf(result, ID), []);
      assert.deepEqual(
        result.findings
          .filter((f) => f.ruleId === ID)
          .map((f) => [f.range.start, f.resource, f.suppressions?.map((s) => `${s.tool}:${s.reason}`)]),
        [
          [ranges[0]!.start, 'AppSG', ['cfn_nag:public API', 'sg-lint:partner callback']],
          [ranges[1]!.start, 'ApiIn', ['cfn_nag:public API']],
        ],
      );
      const unsuppressed = findingsOf(lint(text, 'yaml', { honorPeerSuppressions: false }), ID);
      assert.deepEqual(
        unsuppressed.map((f) => f.resource),
        ['ApiIn'],
      );
    });

    it('restricts plain, quoted and parameter-default CIDRs', () => {
      const template = (cidr: string): string =>
        dedent(`
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
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
      const viaParameter = `Parameters:\n  AppCidr:\n    Type: String\n    Default: 0.0.0.0/0\n${template('!Ref AppCidr')}`;
      assert.equal(
        applyFix(
          ID,
          'yaml',
          viaParameter,
          "Restrict to 10.0.0.0/8 (corp) in Parameter AppCidr's default",
          CORP,
        ),
        viaParameter.replace('Default: 0.0.0.0/0', 'Default: 10.0.0.0/8'),
      );
    });
  });

  describe('json', () => {
    it('reports non-public ports inline and standalone, with string ports and protocol numbers', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "CidrIp": ⟦"0.0.0.0/0"⟧ },
                  { "IpProtocol": "17", "FromPort": "500", "ToPort": "500", "CidrIpv6": ⟦"::/0"⟧ },
                  { "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0" },
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv6": "::/0" },
                  { "IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "CidrIp": "0.0.0.0/0" }
                ]
              }
            },
            "AltIn": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": { "GroupId": { "Ref": "AppSG" }, "IpProtocol": "6", "FromPort": "8443", "ToPort": "8443", "CidrIp": ⟦"0.0.0.0/0"⟧ }
            }
          }
        }
      `,
        [
          { message: 'tcp port 8080 is open to the world (0.0.0.0/0)' },
          { message: 'udp port 500 is open to the world (::/0)' },
          { message: 'tcp port 8443 is open to the world (0.0.0.0/0)', resource: 'AltIn', group: 'AppSG' },
        ],
      );
    });

    it('finds the world in a union, names parameter defaults and conditions, and follows config', () => {
      const source = `
        {
          "Parameters": { "AppCidr": { "Type": "String", "Default": "0.0.0.0/0" } },
          "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] } },
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 9000, "ToPort": 9000, "CidrIp": ⟦"0.0.0.0/1"⟧ },
                  { "IpProtocol": "tcp", "FromPort": 9000, "ToPort": 9000, "CidrIp": ⟦"128.0.0.0/1"⟧ },
                  { "IpProtocol": "tcp", "FromPort": 9001, "ToPort": 9001, "CidrIp": ⟦{ "Ref": "AppCidr" }⟧ },
                  { "IpProtocol": "tcp", "FromPort": 9002, "ToPort": 9002, "CidrIp": ⟦{ "Fn::If": ["IsProd", "10.0.0.0/8", "0.0.0.0/0"] }⟧ },
                  { "IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "CidrIpv6": ⟦"::/0"⟧ }
                ]
              }
            }
          }
        }
      `;
      expectFindings(
        ID,
        'json',
        source,
        [
          {
            message:
              'tcp port 9000 is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
          },
          {
            message:
              'tcp port 9000 is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
          },
          { message: "tcp port 9001 is open to the world (0.0.0.0/0 from Parameter AppCidr's default)" },
          { message: 'tcp port 9002 is open to the world (0.0.0.0/0) when condition IsProd is false' },
          { message: 'ICMPv6 is open to the world (::/0)' },
        ],
        { icmpIsExposure: true },
      );
      const { text } = marked(dedent(source));
      assert.deepEqual(findingsOf(lint(text, 'json', { rules: { SG103: 'off' } }), ID), []);
    });

    it('is silent for missing attributes and a parameter without a default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "AppCidr": { "Type": "String" } },
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080 },
                  { "IpProtocol": "tcp", "CidrIp": "0.0.0.0/0" },
                  { "FromPort": 8080, "ToPort": 8080, "CidrIp": "0.0.0.0/0" },
                  { "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "CidrIp": { "Ref": "AppCidr" } }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours Metadata sg-lint ignore', () => {
      const source = `
        {
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "sg-lint": { "ignore": [{ "id": "SG103", "reason": "public API" }] } },
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "CidrIp": ⟦"0.0.0.0/0"⟧ }]
              }
            }
          }
        }
      `;
      const { text, ranges } = marked(dedent(source));
      const result = lint(text, 'json');
      assert.deepEqual(findingsOf(result, ID), []);
      assert.deepEqual(
        result.findings
          .filter((f) => f.ruleId === ID)
          .map((f) => [f.range.start, f.suppressions?.map((s) => [s.tool, s.reason])]),
        [[ranges[0]!.start, [['sg-lint', 'public API']]]],
      );
    });

    it('restricts a literal and a parameter default in JSON', () => {
      const text = clean(`
        {
          "Parameters": { "AppCidr": { "Type": "String", "Default": "0.0.0.0/0" } },
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "CidrIp": "0.0.0.0/0" }]
              }
            }
          }
        }
      `);
      assert.equal(
        applyFix(ID, 'json', text, 'Restrict to 10.0.0.0/8 (corp)', CORP),
        text.replace('"CidrIp": "0.0.0.0/0"', '"CidrIp": "10.0.0.0/8"'),
      );
      const viaParameter = text.replace('"CidrIp": "0.0.0.0/0"', '"CidrIp": { "Ref": "AppCidr" }');
      assert.equal(
        applyFix(
          ID,
          'json',
          viaParameter,
          "Restrict to 10.0.0.0/8 (corp) in Parameter AppCidr's default",
          CORP,
        ),
        viaParameter.replace('"Default": "0.0.0.0/0"', '"Default": "10.0.0.0/8"'),
      );
    });
  });

  describe('terraform', () => {
    it('reports a non-public port of an inline block open to the world, at the world CIDRs only', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port        = 8080
            to_port          = 8080
            protocol         = "tcp"
            cidr_blocks      = ["10.0.0.0/8", ⟦"0.0.0.0/0"⟧]
            ipv6_cidr_blocks = [⟦"::/0"⟧]
          }
          ingress {
            from_port   = 53
            to_port     = 53
            protocol    = "udp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
        `,
        [
          {
            message: 'tcp port 8080 is open to the world (0.0.0.0/0)',
            severity: 'warning',
            resource: 'aws_security_group.app',
            group: 'aws_security_group.app',
          },
          { message: 'tcp port 8080 is open to the world (::/0)' },
          { message: 'udp port 53 is open to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('reports only the non-public part of a range, and tcp 0/0 as port 0 (not every port)', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 440
            to_port     = 444
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }

        resource "aws_vpc_security_group_ingress_rule" "zero" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "tcp"
          from_port         = 0
          to_port           = 0
          cidr_ipv4         = ⟦"0.0.0.0/0"⟧
        }
        `,
        [
          { message: 'tcp ports 440–442 and 444 are open to the world (0.0.0.0/0)' },
          {
            message: 'tcp port 0 is open to the world (0.0.0.0/0)',
            resource: 'aws_vpc_security_group_ingress_rule.zero',
            group: 'aws_security_group.app',
          },
        ],
      );
    });

    it('reads aws_security_group_rule with protocol "6", attribute syntax, and a dynamic block over a map with an iterator', () => {
      expectTfFindings(
        ID,
        `
        locals {
          apps = {
            grafana = { port = 3000, cidr = "0.0.0.0/0" }
            web     = { port = 443, cidr = "0.0.0.0/0" }
          }
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress = [{
            description      = "metrics"
            from_port        = 9100
            to_port          = 9100
            protocol         = "tcp"
            cidr_blocks      = [⟦"0.0.0.0/0"⟧]
            ipv6_cidr_blocks = []
            prefix_list_ids  = []
            security_groups  = []
            self             = false
          }]
        }

        resource "aws_security_group" "apps" {
          name        = "apps"
          description = "apps"
          vpc_id      = "vpc-1"
          dynamic "ingress" {
            for_each = local.apps
            iterator = app
            content {
              description = app.key
              from_port   = app.value.port
              to_port     = app.value.port
              protocol    = "tcp"
              cidr_blocks = [⟦app.value.cidr⟧]
            }
          }
        }

        resource "aws_security_group_rule" "mqtt" {
          type              = "ingress"
          security_group_id = aws_security_group.app.id
          from_port         = 8883
          to_port           = 8883
          protocol          = "6"
          ipv6_cidr_blocks  = [⟦"::/0"⟧]
        }
        `,
        [
          { message: 'tcp port 9100 is open to the world (0.0.0.0/0)', resource: 'aws_security_group.app' },
          { message: 'tcp port 3000 is open to the world (0.0.0.0/0 from local apps)' },
          {
            message: 'tcp port 8883 is open to the world (::/0)',
            resource: 'aws_security_group_rule.mqtt',
            group: 'aws_security_group.app',
          },
        ],
      );
    });

    it('names the *.auto.tfvars entry that overrides terraform.tfvars and the default', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          variable "grafana_cidr" {
            default = "10.0.0.0/8"
          }

          resource "aws_vpc_security_group_ingress_rule" "grafana" {
            security_group_id = "sg-0123456789abcdef0"
            ip_protocol       = "tcp"
            from_port         = 3000
            to_port           = 3000
            cidr_ipv4         = ⟦var.grafana_cidr⟧
          }
          `,
          'terraform.tfvars': 'grafana_cidr = "192.168.0.0/16"\n',
          'public.auto.tfvars': 'grafana_cidr = "0.0.0.0/0"\n',
        },
        [
          {
            message: 'tcp port 3000 is open to the world (0.0.0.0/0 from grafana_cidr in public.auto.tfvars)',
          },
        ],
      );
    });

    it('finds the world in an inline 0.0.0.0/1 and an aws_security_group_rule 128.0.0.0/1', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 8080
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/1"⟧]
          }
        }

        resource "aws_security_group_rule" "high" {
          type              = "ingress"
          security_group_id = aws_security_group.app.id
          from_port         = 8080
          to_port           = 8080
          protocol          = "tcp"
          cidr_blocks       = [⟦"128.0.0.0/1"⟧]
        }
        `,
        [
          {
            message:
              'tcp port 8080 is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
          },
          {
            message:
              'tcp port 8080 is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'aws_security_group_rule.high',
          },
        ],
      );
    });

    it('is silent for 80 and 443, ICMP, narrow CIDRs, sensitive ports, all ports and an inline "-1" rule with ports', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web"
          vpc_id      = "vpc-1"
          ingress {
            from_port        = 80
            to_port          = 80
            protocol         = "tcp"
            cidr_blocks      = ["0.0.0.0/0"]
            ipv6_cidr_blocks = ["::/0"]
          }
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            from_port   = 8
            to_port     = 0
            protocol    = "icmp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            from_port   = 8080
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            from_port   = 8080
            to_port     = 8080
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }

        resource "aws_vpc_security_group_ingress_rule" "all" {
          security_group_id = aws_security_group.web.id
          ip_protocol       = "-1"
          cidr_ipv6         = "::/0"
        }
        `,
        [],
      );
    });

    it('reports ICMP with icmpIsExposure: true, and follows publicPorts', () => {
      const source = `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 8
            to_port     = 0
            protocol    = "icmp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
          ingress {
            from_port   = 8443
            to_port     = 8443
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
      `;
      /** The source with the markers of the blocks listed (1-based) kept, and the others dropped. */
      const only = (keep: readonly number[]): string => {
        let n = 0;
        return source.replace(/⟦("0\.0\.0\.0\/0")⟧/g, (_, cidr: string) =>
          keep.includes(++n) ? `⟦${cidr}⟧` : cidr,
        );
      };
      expectTfFindings(ID, only([3]), [{ message: 'tcp port 8443 is open to the world (0.0.0.0/0)' }]);
      expectTfFindings(
        ID,
        only([1, 3]),
        [
          { message: 'ICMP is open to the world (0.0.0.0/0)' },
          { message: 'tcp port 8443 is open to the world (0.0.0.0/0)' },
        ],
        { icmpIsExposure: true },
      );
      expectTfFindings(ID, only([2]), [{ message: 'tcp port 443 is open to the world (0.0.0.0/0)' }], {
        publicPorts: [80, 8443],
      });
    });

    it('is silent for a variable without a default and a data source, and notes them with reportUnresolved: note', () => {
      const source = `
        variable "partner_cidr" {
          type = string
        }

        data "aws_ec2_managed_prefix_list" "partners" {
          name = "partners"
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 8080
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = [⟦var.partner_cidr⟧]
          }
          ingress {
            from_port   = 9090
            to_port     = 9090
            protocol    = "tcp"
            cidr_blocks = ⟦data.aws_ec2_managed_prefix_list.partners.entries[*].cidr⟧
          }
        }
      `;
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), []);
      expectTfFindings(
        ID,
        source,
        [
          {
            message:
              'Cannot tell whether tcp 8080 is open to the world: the CIDR depends on var.partner_cidr',
            severity: 'note',
          },
          {
            message:
              'Cannot tell whether tcp 9090 is open to the world: the CIDR depends on data.aws_ec2_managed_prefix_list.partners',
            severity: 'note',
          },
        ],
        { reportUnresolved: 'note' },
      );
    });

    it('can be turned off or given another severity', () => {
      const source = `
        resource "aws_vpc_security_group_ingress_rule" "app" {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "tcp"
          from_port         = 8080
          to_port           = 8080
          cidr_ipv4         = ⟦"0.0.0.0/0"⟧
        }
      `;
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), [], { rules: { SG103: 'off' } });
      expectTfFindings(
        ID,
        source,
        [{ message: 'tcp port 8080 is open to the world (0.0.0.0/0)', severity: 'error' }],
        { rules: { SG103: 'error' } },
      );
    });

    it('honours #tfsec:ignore before the resource and # sg-lint-ignore before an inline block', () => {
      const source = `
        #tfsec:ignore:aws-vpc-no-public-ingress-sgr
        resource "aws_security_group_rule" "app" {
          type              = "ingress"
          security_group_id = "sg-0123456789abcdef0"
          from_port         = 8080
          to_port           = 8080
          protocol          = "tcp"
          cidr_blocks       = [⟦"0.0.0.0/0"⟧]
        }

        resource "aws_security_group" "api" {
          name        = "api"
          description = "api"
          vpc_id      = "vpc-1"
          # sg-lint-ignore SG103 public API
          ingress {
            from_port   = 8443
            to_port     = 8443
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
          ingress {
            from_port   = 9443
            to_port     = 9443
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
      `;
      const { text, ranges } = marked(dedent(source));
      assert.deepEqual(
        lintTf(text)
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => [f.range.start, f.message, f.suppressions?.map((s) => [s.tool, s.reason ?? ''])]),
        [
          [ranges[0]!.start, 'tcp port 8080 is open to the world (0.0.0.0/0)', [['tfsec', '']]],
          [ranges[1]!.start, 'tcp port 8443 is open to the world (0.0.0.0/0)', [['sg-lint', 'public API']]],
          [ranges[2]!.start, 'tcp port 9443 is open to the world (0.0.0.0/0)', undefined],
        ],
      );
    });

    it('restricts a literal and a local to a trusted CIDR', () => {
      const text = clean(`
        locals {
          partner = "0.0.0.0/0"
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 8080
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = ["192.168.0.0/16", "0.0.0.0/0"]
          }
        }
      `);
      assert.deepEqual(applyTfFix(ID, text, 'Restrict to 10.0.0.0/8 (corp)', CORP), {
        'main.tf': text.replace('"192.168.0.0/16", "0.0.0.0/0"', '"192.168.0.0/16", "10.0.0.0/8"'),
      });
      const viaLocal = text.replace('"192.168.0.0/16", "0.0.0.0/0"', 'local.partner');
      assert.deepEqual(applyTfFix(ID, viaLocal, 'Restrict to 10.0.0.0/8 (corp) in local partner', CORP), {
        'main.tf': viaLocal.replace('partner = "0.0.0.0/0"', 'partner = "10.0.0.0/8"'),
      });
    });
  });
});
