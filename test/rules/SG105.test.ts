import * as assert from 'node:assert/strict';
import {
  dedent,
  expectFindings,
  expectTfFindings,
  findingsOf,
  lint,
  lintTf,
  marked,
} from '../helpers/ruleTester';

const ID = 'SG105';

describe('SG105 wide-port-range', () => {
  describe('yaml', () => {
    it('reports more than 100 ports from a CIDR, from FromPort to ToPort', () => {
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
                  FromPort: ⟦1
                  ToPort: 1000⟧
                  CidrIp: 10.0.0.0/16
                - IpProtocol: udp
                  FromPort: ⟦"1000"
                  ToPort: "1100"⟧
                  CidrIpv6: fd00::/8
                - IpProtocol: tcp
                  FromPort: 2000
                  ToPort: 2099
                  CidrIp: 10.0.0.0/16
      `,
        [
          {
            message:
              '1000 tcp ports (1–1000) are open to 10.0.0.0/16; at most 100 ports are expected per rule',
            severity: 'warning',
            resource: 'AppSG',
            group: 'AppSG',
          },
          {
            message:
              '101 udp ports (1000–1100) are open to fd00::/8; at most 100 ports are expected per rule',
          },
        ],
      );
    });

    it('reports protocol -1 from a CIDR that is not the world, at the protocol', () => {
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
                - IpProtocol: ⟦"-1"⟧
                  CidrIp: 10.0.0.0/8
                - IpProtocol: ⟦-1⟧
                  FromPort: -1
                  ToPort: -1
                  CidrIp: 0.0.0.0/1
      `,
        [
          {
            message:
              'All protocols and ports are open to 10.0.0.0/8; at most 100 ports are expected per rule',
          },
          {
            message: 'All protocols and ports are open to 0.0.0.0/1; at most 100 ports are expected per rule',
          },
        ],
      );
    });

    it('reports standalone rules attached by !Ref and !GetAtt X.GroupId, with protocol "6"', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
          EphemeralIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref AppSG
              IpProtocol: "6"
              FromPort: ⟦1024
              ToPort: 65535⟧
              CidrIp: 10.0.0.0/8
          AllIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt AppSG.GroupId
              IpProtocol: ⟦all⟧
              CidrIpv6: 2001:db8::/32
      `,
        [
          {
            message:
              '64512 tcp ports (1024–65535) are open to 10.0.0.0/8; at most 100 ports are expected per rule',
            resource: 'EphemeralIn',
            group: 'AppSG',
          },
          {
            message:
              'All protocols and ports are open to 2001:db8::/32; at most 100 ports are expected per rule',
            resource: 'AllIn',
            group: 'AppSG',
          },
        ],
      );
    });

    it('reports a wide range open to the world, but leaves every port open to the world to SG102', () => {
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
                  FromPort: ⟦8000
                  ToPort: 9000⟧
                  CidrIp: 0.0.0.0/0
                - IpProtocol: "-1"
                  CidrIp: 0.0.0.0/0
                - IpProtocol: udp
                  FromPort: 0
                  ToPort: 65535
                  CidrIpv6: ::/0
          SplitSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: split
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 65535
                  CidrIp: 0.0.0.0/1
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 65535
                  CidrIp: 128.0.0.0/1
      `,
        [
          {
            message:
              '1001 tcp ports (8000–9000) are open to 0.0.0.0/0; at most 100 ports are expected per rule',
          },
        ],
      );
    });

    it('names the parameter default the CIDR came from', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          PeerCidr:
            Type: String
            Default: 10.0.0.0/8
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: ⟦3000
                  ToPort: 4000⟧
                  CidrIp: !Ref PeerCidr
      `,
        [
          {
            message:
              "1001 tcp ports (3000–4000) are open to 10.0.0.0/8 from Parameter PeerCidr's default; at most 100 ports are expected per rule",
          },
        ],
      );
    });

    it('names the condition of the Fn::If branch it reports, leaving the world branch to SG102', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, us-east-1]
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: ⟦"-1"⟧
                  CidrIp: !If [IsProd, 0.0.0.0/0, 10.1.0.0/16]
      `,
        [
          {
            message:
              'All protocols and ports are open to 10.1.0.0/16; at most 100 ports are expected per rule when condition IsProd is false',
          },
        ],
      );
    });

    it('points at FromPort alone when ToPort is written far from it', () => {
      const padding = 'x'.repeat(220);
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
                  FromPort: ⟦1⟧
                  Description: ${padding}
                  ToPort: 1000
                  CidrIp: 10.0.0.0/16
      `,
        [
          {
            message:
              '1000 tcp ports (1–1000) are open to 10.0.0.0/16; at most 100 ports are expected per rule',
          },
        ],
      );
    });

    it('is silent for group references, prefix lists, ICMP, other protocols and ranges within the limit', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          PeerSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: peer
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  SourceSecurityGroupId: !Ref PeerSG
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 65535
                  SourcePrefixListId: pl-0123456789abcdef0
                - IpProtocol: icmp
                  FromPort: -1
                  ToPort: -1
                  CidrIp: 10.0.0.0/8
                - IpProtocol: "50"
                  CidrIp: 10.0.0.0/8
                - IpProtocol: tcp
                  FromPort: 5000
                  ToPort: 5099
                  CidrIp: 10.0.0.0/8
      `,
        [],
      );
    });

    it('follows maxPortRange, with a singular message for 1', () => {
      const source = `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: ⟦1
                  ToPort: 1000⟧
                  CidrIp: 10.0.0.0/16
                - IpProtocol: tcp
                  FromPort: ⟦8000
                  ToPort: 8001⟧
                  CidrIp: 10.0.0.0/16
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), [], { maxPortRange: 1000 });
      expectFindings(
        ID,
        'yaml',
        source,
        [
          { message: '1000 tcp ports (1–1000) are open to 10.0.0.0/16; at most 1 port is expected per rule' },
          { message: '2 tcp ports (8000–8001) are open to 10.0.0.0/16; at most 1 port is expected per rule' },
        ],
        { maxPortRange: 1 },
      );
    });

    it('reports nothing for missing attributes or values that depend on a parameter without a default', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          LastPort:
            Type: Number
          PeerCidr:
            Type: String
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 1
                  ToPort: 1000
                - IpProtocol: tcp
                  CidrIp: 10.0.0.0/8
                - FromPort: 1
                  ToPort: 1000
                  CidrIp: 10.0.0.0/8
                - IpProtocol: tcp
                  FromPort: 1
                  ToPort: !Ref LastPort
                  CidrIp: 10.0.0.0/8
                - IpProtocol: tcp
                  FromPort: 1
                  ToPort: 1000
                  CidrIp: !Ref PeerCidr
      `,
        [],
        { reportUnresolved: 'note' },
      );
    });

    it('can be turned off or given another severity, and honours # sg-lint-ignore before the resource', () => {
      const source = `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: ⟦1
                  ToPort: 1000⟧
                  CidrIp: 10.0.0.0/16
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), [], { rules: { SG105: 'off' } });
      expectFindings(ID, 'yaml', source, [{ message: /^1000 tcp ports/, severity: 'note' }], {
        rules: { SG105: 'note' },
      });
      const text = marked(dedent(source)).text.replace(
        '  AppSG:',
        '  # sg-lint-ignore SG105 NAT traversal\n  AppSG:',
      );
      const result = lint(text, 'yaml');
      assert.deepEqual(findingsOf(result, ID), []);
      assert.deepEqual(
        result.findings
          .filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => [s.tool, s.reason])),
        [[['sg-lint', 'NAT traversal']]],
      );
    });
  });

  describe('json', () => {
    it('reports wide ranges and protocol -1 from CIDRs, inline and standalone', () => {
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
                  { "IpProtocol": "tcp", "FromPort": ⟦1, "ToPort": 1000⟧, "CidrIp": "10.0.0.0/16" },
                  { "IpProtocol": ⟦"-1"⟧, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "tcp", "FromPort": 2000, "ToPort": 2099, "CidrIp": "10.0.0.0/16" },
                  { "IpProtocol": "-1", "CidrIp": "0.0.0.0/0" }
                ]
              }
            },
            "UdpIn": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": {
                "GroupId": { "Ref": "AppSG" },
                "IpProtocol": "17",
                "FromPort": ⟦"10000",
                "ToPort": "20000"⟧,
                "CidrIpv6": "fd00::/8"
              }
            }
          }
        }
      `,
        [
          {
            message:
              '1000 tcp ports (1–1000) are open to 10.0.0.0/16; at most 100 ports are expected per rule',
          },
          {
            message:
              'All protocols and ports are open to 10.0.0.0/8; at most 100 ports are expected per rule',
          },
          {
            message:
              '10001 udp ports (10000–20000) are open to fd00::/8; at most 100 ports are expected per rule',
            resource: 'UdpIn',
            group: 'AppSG',
          },
        ],
      );
    });

    it('names parameter defaults and conditions', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "PeerCidr": { "Type": "String", "Default": "10.0.0.0/8" } },
          "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] } },
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": ⟦3000, "ToPort": 4000⟧, "CidrIp": { "Ref": "PeerCidr" } },
                  { "IpProtocol": ⟦"-1"⟧, "CidrIp": { "Fn::If": ["IsProd", "10.1.0.0/16", "0.0.0.0/0"] } }
                ]
              }
            }
          }
        }
      `,
        [
          {
            message:
              "1001 tcp ports (3000–4000) are open to 10.0.0.0/8 from Parameter PeerCidr's default; at most 100 ports are expected per rule",
          },
          {
            message:
              'All protocols and ports are open to 10.1.0.0/16; at most 100 ports are expected per rule when condition IsProd is true',
          },
        ],
      );
    });

    it('is silent for group references, missing attributes and parameters without a default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "PeerCidr": { "Type": "String" } },
          "Resources": {
            "PeerSG": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "peer" } },
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupIngress": [
                  { "IpProtocol": "-1", "SourceSecurityGroupId": { "Fn::GetAtt": ["PeerSG", "GroupId"] } },
                  { "IpProtocol": "tcp", "FromPort": 1, "ToPort": 1000 },
                  { "FromPort": 1, "ToPort": 1000, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "tcp", "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "tcp", "FromPort": 1, "ToPort": 1000, "CidrIp": { "Ref": "PeerCidr" } }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours cfn_nag W27 in Metadata, unless honorPeerSuppressions is off', () => {
      const source = `
        {
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "cfn_nag": { "rules_to_suppress": [{ "id": "W27", "reason": "passive FTP data" }] } },
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": ⟦1, "ToPort": 1000⟧, "CidrIp": "10.0.0.0/16" }]
              }
            }
          }
        }
      `;
      const { text } = marked(dedent(source));
      const result = lint(text, 'json');
      assert.deepEqual(findingsOf(result, ID), []);
      assert.deepEqual(
        result.findings
          .filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => [s.tool, s.reason, s.peerId])),
        [[['cfn_nag', 'passive FTP data', 'W27']]],
      );
      expectFindings(ID, 'json', source, [{ message: /^1000 tcp ports/ }], { honorPeerSuppressions: false });
    });
  });

  describe('terraform', () => {
    it('reports more than 100 ports from a CIDR, from the from_port value to the to_port value, once per CIDR', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = ⟦⟦1
            to_port     = 1000⟧⟧
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/16", "192.168.0.0/16"]
          }
          ingress {
            from_port        = ⟦1000
            to_port          = 1100⟧
            protocol         = "udp"
            ipv6_cidr_blocks = ["fd00::/8"]
          }
          ingress {
            from_port   = 2000
            to_port     = 2099
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/16"]
          }
        }
        `,
        [
          {
            message:
              '1000 tcp ports (1–1000) are open to 10.0.0.0/16; at most 100 ports are expected per rule',
            severity: 'warning',
            resource: 'aws_security_group.app',
            group: 'aws_security_group.app',
          },
          {
            message:
              '1000 tcp ports (1–1000) are open to 192.168.0.0/16; at most 100 ports are expected per rule',
          },
          {
            message:
              '101 udp ports (1000–1100) are open to fd00::/8; at most 100 ports are expected per rule',
          },
        ],
      );
    });

    it('reports protocol "-1" from a CIDR that is not the world, at the protocol, in every resource kind', () => {
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
            protocol    = ⟦"-1"⟧
            cidr_blocks = ["10.0.0.0/8"]
          }
        }

        resource "aws_security_group_rule" "vpn" {
          type              = "ingress"
          security_group_id = aws_security_group.app.id
          from_port         = 0
          to_port           = 0
          protocol          = ⟦"all"⟧
          cidr_blocks       = ["172.16.0.0/12"]
        }

        resource "aws_vpc_security_group_ingress_rule" "peer" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = ⟦"-1"⟧
          cidr_ipv6         = "fd00::/8"
        }
        `,
        [
          {
            message:
              'All protocols and ports are open to 10.0.0.0/8; at most 100 ports are expected per rule',
            resource: 'aws_security_group.app',
          },
          {
            message:
              'All protocols and ports are open to 172.16.0.0/12; at most 100 ports are expected per rule',
            resource: 'aws_security_group_rule.vpn',
            group: 'aws_security_group.app',
          },
          {
            message: 'All protocols and ports are open to fd00::/8; at most 100 ports are expected per rule',
            resource: 'aws_vpc_security_group_ingress_rule.peer',
          },
        ],
      );
    });

    it('reads ports and CIDRs of a dynamic block over a variable default, naming the tfvars entry of the CIDR', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          variable "ranges" {
            default = {
              ephemeral = { from = 32768, to = 60999 }
              admin     = { from = 8000, to = 8010 }
            }
          }

          variable "client_cidr" {
            default = "10.0.0.0/8"
          }

          resource "aws_security_group" "app" {
            name        = "app"
            description = "app"
            vpc_id      = "vpc-1"
            dynamic "ingress" {
              for_each = var.ranges
              iterator = range
              content {
                from_port   = ⟦range.value.from
                to_port     = range.value.to⟧
                protocol    = "tcp"
                cidr_blocks = [var.client_cidr]
              }
            }
          }
          `,
          'terraform.tfvars': 'client_cidr = "192.168.0.0/16"\n',
        },
        [
          {
            message:
              '28232 tcp ports (32768–60999) are open to 192.168.0.0/16 from client_cidr in terraform.tfvars; at most 100 ports are expected per rule',
          },
        ],
      );
    });

    it('reports a wide range open to the world, but leaves every port open to the world to SG102', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = ⟦3000
            to_port     = 3999⟧
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            from_port   = 0
            to_port     = 65535
            protocol    = "udp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        `,
        [
          {
            message:
              '1000 tcp ports (3000–3999) are open to 0.0.0.0/0; at most 100 ports are expected per rule',
          },
        ],
      );
    });

    it('spans to_port to from_port when to_port is written first, and reads ports set by variables and tfvars', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          variable "first_port" {
            default = 1024
          }

          variable "last_port" {
            default = 1100
          }

          resource "aws_vpc_security_group_ingress_rule" "reversed" {
            security_group_id = "sg-0123456789abcdef0"
            ip_protocol       = "udp"
            to_port           = ⟦2000
            from_port         = 1000⟧
            cidr_ipv6         = "fd00::/8"
          }

          resource "aws_security_group_rule" "from_variables" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = ⟦var.first_port
            to_port           = var.last_port⟧
            protocol          = "tcp"
            cidr_blocks       = ["10.0.0.0/8"]
          }
          `,
          'terraform.tfvars': 'last_port = 65535\n',
        },
        [
          {
            message:
              '1001 udp ports (1000–2000) are open to fd00::/8; at most 100 ports are expected per rule',
            resource: 'aws_vpc_security_group_ingress_rule.reversed',
          },
          {
            message:
              '64512 tcp ports (1024–65535) are open to 10.0.0.0/8; at most 100 ports are expected per rule',
            resource: 'aws_security_group_rule.from_variables',
          },
        ],
      );
    });

    it('is silent for tcp 0/0 (port 0), groups, self, ICMP, ranges within the limit, an inline "-1" rule with ports and unresolved values', () => {
      expectTfFindings(
        ID,
        `
        variable "client_cidr" {
          type = string
        }

        variable "last_port" {
          type = number
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 0
            to_port     = 0
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
          ingress {
            from_port       = 0
            to_port         = 0
            protocol        = "-1"
            security_groups = ["sg-0123456789abcdef0"]
            self            = true
          }
          ingress {
            from_port   = -1
            to_port     = -1
            protocol    = "icmp"
            cidr_blocks = ["10.0.0.0/8"]
          }
          ingress {
            from_port   = 8000
            to_port     = 8099
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
          ingress {
            from_port   = 1
            to_port     = 1000
            protocol    = "-1"
            cidr_blocks = ["10.0.0.0/8"]
          }
          ingress {
            from_port   = 1
            to_port     = 1000
            protocol    = "tcp"
            cidr_blocks = [var.client_cidr]
          }
          ingress {
            from_port   = 1
            to_port     = var.last_port
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `,
        [],
      );
    });

    it('follows maxPortRange, and can be turned off or given another severity', () => {
      const source = `
        resource "aws_vpc_security_group_ingress_rule" "app" {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "tcp"
          from_port         = ⟦8000
          to_port           = 8001⟧
          cidr_ipv4         = "10.0.0.0/8"
        }
      `;
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), []);
      expectTfFindings(
        ID,
        source,
        [{ message: '2 tcp ports (8000–8001) are open to 10.0.0.0/8; at most 1 port is expected per rule' }],
        { maxPortRange: 1 },
      );
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), [], { maxPortRange: 1, rules: { SG105: 'off' } });
      expectTfFindings(
        ID,
        source,
        [
          {
            message: '2 tcp ports (8000–8001) are open to 10.0.0.0/8; at most 1 port is expected per rule',
            severity: 'error',
          },
        ],
        { maxPortRange: 1, rules: { SG105: 'error' } },
      );
    });

    it('honours # sg-lint-ignore before the resource and before an inline block', () => {
      const source = `
        # sg-lint-ignore SG105 RPC range
        resource "aws_security_group_rule" "rpc" {
          type              = "ingress"
          security_group_id = "sg-0123456789abcdef0"
          from_port         = 49152
          to_port           = 65535
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          # sg-lint-ignore SG105 passive FTP
          ingress {
            from_port   = 50000
            to_port     = 51000
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
          ingress {
            from_port   = ⟦1
            to_port     = 1000⟧
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
      `;
      expectTfFindings(ID, source, [
        {
          message: '1000 tcp ports (1–1000) are open to 10.0.0.0/8; at most 100 ports are expected per rule',
        },
      ]);
      assert.deepEqual(
        lintTf(marked(dedent(source)).text)
          .findings.filter((f) => f.ruleId === ID && f.suppressions?.length)
          .map((f) => [f.resource, f.suppressions?.map((s) => s.reason)]),
        [
          ['aws_security_group_rule.rpc', ['RPC range']],
          ['aws_security_group.app', ['passive FTP']],
        ],
      );
    });
  });
});
