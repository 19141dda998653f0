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

const ID = 'SG106';

function clean(source: string): string {
  return marked(dedent(source)).text;
}

describe('SG106 world-open-egress', () => {
  describe('yaml', () => {
    it('reports explicit all-traffic egress to 0.0.0.0/0 and ::/0 at the CIDR', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: -1
                  FromPort: -1
                  ToPort: -1
                  CidrIpv6: ⟦::/0⟧
      `,
        [
          {
            message: 'All outbound traffic is allowed to the world (0.0.0.0/0)',
            severity: 'note',
            resource: 'AppSG',
            group: 'AppSG',
          },
          { message: 'All outbound traffic is allowed to the world (::/0)' },
        ],
      );
    });

    it("reports CloudFormation's implicit egress on the logical ID of a group without egress rules", () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          ⟦AppSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 10.0.0.0/8
      `,
        [
          {
            message: 'AppSG declares no egress rules, so AWS allows all outbound traffic to 0.0.0.0/0',
            resource: 'AppSG',
            group: 'AppSG',
          },
        ],
      );
    });

    it('names the standalone egress resources that do not remove the implicit egress', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          ⟦OneSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: one
          OneOut:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !GetAtt OneSG.GroupId
              IpProtocol: tcp
              FromPort: 443
              ToPort: 443
              CidrIp: 10.0.0.0/8
          ⟦TwoSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: two
          TwoOutHttps:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !Ref TwoSG
              IpProtocol: tcp
              FromPort: 443
              ToPort: 443
              CidrIp: 10.0.0.0/8
          TwoOutDb:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !GetAtt TwoSG.GroupId
              IpProtocol: tcp
              FromPort: 5432
              ToPort: 5432
              DestinationSecurityGroupId: !Ref OneSG
      `,
        [
          {
            message:
              'OneSG declares no inline egress rules, so AWS adds an allow-all egress rule (all traffic to 0.0.0.0/0) when it creates the group; the separate egress rule OneOut does not remove it',
          },
          {
            message:
              'TwoSG declares no inline egress rules, so AWS adds an allow-all egress rule (all traffic to 0.0.0.0/0) when it creates the group; the separate egress rules TwoOutHttps and TwoOutDb do not remove it',
          },
        ],
      );
    });

    it('reports egress to a non-public port, but not to the public ports 80 and 443', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: "17"
                  FromPort: "53"
                  ToPort: "53"
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 0.0.0.0/0
                - IpProtocol: "6"
                  FromPort: "80"
                  ToPort: "80"
                  CidrIpv6: ::/0
      `,
        [
          { message: 'Outbound tcp port 22 is allowed to the world (0.0.0.0/0)' },
          { message: 'Outbound udp port 53 is allowed to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('reports 443 with publicPorts: [] (the peers report any world egress)', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: ⟦0.0.0.0/0⟧
      `,
        [{ message: 'Outbound tcp port 443 is allowed to the world (0.0.0.0/0)' }],
        { publicPorts: [] },
      );
    });

    it('says "all tcp traffic" for 0–65535 and names the part of a range beyond the public ports', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 65535
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: tcp
                  FromPort: 80
                  ToPort: 81
                  CidrIpv6: ⟦::/0⟧
      `,
        [
          { message: 'All outbound tcp traffic (ports 0–65535) is allowed to the world (0.0.0.0/0)' },
          { message: 'Outbound tcp port 81 is allowed to the world (::/0)' },
        ],
      );
    });

    it('reports standalone egress attached by !Ref or !GetAtt X.GroupId, and finds the world in a union', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/1⟧
          HighHalf:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !Ref AppSG
              IpProtocol: "-1"
              CidrIp: ⟦128.0.0.0/1⟧
          V6Out:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !GetAtt AppSG.GroupId
              IpProtocol: "-1"
              CidrIpv6: ⟦::/0⟧
      `,
        [
          {
            message:
              'All outbound traffic is allowed to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
            resource: 'AppSG',
          },
          {
            message:
              'All outbound traffic is allowed to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'HighHalf',
            group: 'AppSG',
          },
          {
            message: 'All outbound traffic is allowed to the world (::/0)',
            resource: 'V6Out',
            group: 'AppSG',
          },
        ],
      );
    });

    it('names parameter defaults and conditions, on explicit rules and on the implicit egress of a conditional group', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          EgressCidr:
            Type: String
            Default: 0.0.0.0/0
        Conditions:
          Lockdown: !Equals [!Ref AWS::Region, us-east-1]
          CreateWorker: !Equals [!Ref AWS::Region, eu-west-1]
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: "-1"
                  CidrIp: ⟦!Ref EgressCidr⟧
                - IpProtocol: "-1"
                  CidrIpv6: ⟦!If [Lockdown, fd00::/8, ::/0]⟧
          ⟦WorkerSG⟧:
            Type: AWS::EC2::SecurityGroup
            Condition: CreateWorker
            Properties:
              GroupDescription: worker
      `,
        [
          {
            message:
              "All outbound traffic is allowed to the world (0.0.0.0/0 from Parameter EgressCidr's default)",
          },
          { message: 'All outbound traffic is allowed to the world (::/0) when condition Lockdown is false' },
          {
            message:
              'WorkerSG declares no egress rules, so AWS allows all outbound traffic to 0.0.0.0/0 when condition CreateWorker is true',
          },
        ],
      );
    });

    it("is silent for CDK's disallow-all sentinel, narrow CIDRs, group references, prefix lists and ICMP", () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          PeerSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: peer
              SecurityGroupEgress:
                - IpProtocol: icmp
                  FromPort: 252
                  ToPort: 86
                  CidrIp: 255.255.255.255/32
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: "-1"
                  CidrIp: 10.0.0.0/8
                - IpProtocol: "-1"
                  DestinationSecurityGroupId: !Ref PeerSG
                - IpProtocol: "-1"
                  DestinationPrefixListId: pl-0123456789abcdef0
                - IpProtocol: icmp
                  FromPort: -1
                  ToPort: -1
                  CidrIp: 0.0.0.0/0
          LockedSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: locked
              SecurityGroupEgress:
                - IpProtocol: "-1"
                  CidrIp: 127.0.0.1/32
      `,
        [],
      );
    });

    it('reports ICMP egress with icmpIsExposure: true', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: icmp
                  FromPort: -1
                  ToPort: -1
                  CidrIp: ⟦0.0.0.0/0⟧
      `,
        [{ message: 'Outbound ICMP is allowed to the world (0.0.0.0/0)' }],
        { icmpIsExposure: true },
      );
    });

    it('reports nothing from egress rules missing their CIDR, ports or protocol, or with a parameter without a default', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          EgressCidr:
            Type: String
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupEgress:
                - IpProtocol: "-1"
                - IpProtocol: tcp
                  CidrIp: 0.0.0.0/0
                - FromPort: 22
                  ToPort: 22
                  CidrIp: 0.0.0.0/0
                - IpProtocol: "-1"
                  CidrIp: !Ref EgressCidr
      `,
        [],
        { reportUnresolved: 'note' },
      );
    });

    it('can be turned off or given another severity', () => {
      const source = `
        Resources:
          ⟦AppSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), [], { rules: { SG106: 'off' } });
      expectFindings(
        ID,
        'yaml',
        source,
        [{ message: /^AppSG declares no egress rules/, severity: 'warning' }],
        { rules: { SG106: 'warning' } },
      );
    });

    it('honours # sg-lint-ignore before the resource for the implicit egress, and before an egress rule', () => {
      const source = `
        Resources:
          # sg-lint-ignore SG106 needs the internet
          ⟦AppSG⟧:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
          ProxySG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: proxy
              SecurityGroupEgress:
                # sg-lint-ignore SG106 forward proxy
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/0⟧
      `;
      const { text, ranges } = marked(dedent(source));
      const result = lint(text, 'yaml');
      assert.deepEqual(findingsOf(result, ID), []);
      assert.deepEqual(
        result.findings
          .filter((f) => f.ruleId === ID)
          .map((f) => [f.range.start, f.range.end, f.suppressions?.map((s) => s.reason)]),
        [
          [ranges[0]!.start, ranges[0]!.end, ['needs the internet']],
          [ranges[1]!.start, ranges[1]!.end, ['forward proxy']],
        ],
      );
    });
  });

  describe('json', () => {
    it('reports explicit, implicit and non-public-port egress', () => {
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
                "SecurityGroupEgress": [
                  { "IpProtocol": "-1", "CidrIp": ⟦"0.0.0.0/0"⟧ },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv6": ⟦"::/0"⟧ },
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv6": "::/0" }
                ]
              }
            },
            ⟦"ImplicitSG"⟧: { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "implicit" } },
            ⟦"SeparateSG"⟧: { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "separate" } },
            "SeparateOut": {
              "Type": "AWS::EC2::SecurityGroupEgress",
              "Properties": { "GroupId": { "Fn::GetAtt": ["SeparateSG", "GroupId"] }, "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8" }
            }
          }
        }
      `,
        [
          { message: 'All outbound traffic is allowed to the world (0.0.0.0/0)', resource: 'OpenSG' },
          { message: 'Outbound tcp port 22 is allowed to the world (::/0)' },
          {
            message: 'ImplicitSG declares no egress rules, so AWS allows all outbound traffic to 0.0.0.0/0',
            resource: 'ImplicitSG',
          },
          {
            message:
              'SeparateSG declares no inline egress rules, so AWS adds an allow-all egress rule (all traffic to 0.0.0.0/0) when it creates the group; the separate egress rule SeparateOut does not remove it',
            resource: 'SeparateSG',
          },
        ],
      );
    });

    it('reports standalone world egress, parameter defaults and conditions', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "EgressCidr": { "Type": "String", "Default": "0.0.0.0/0" } },
          "Conditions": { "Lockdown": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] } },
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupEgress": [{ "IpProtocol": "-1", "CidrIp": ⟦{ "Fn::If": ["Lockdown", "10.0.0.0/8", "0.0.0.0/0"] }⟧ }]
              }
            },
            "AppOut": {
              "Type": "AWS::EC2::SecurityGroupEgress",
              "Properties": { "GroupId": { "Ref": "AppSG" }, "IpProtocol": "udp", "FromPort": 123, "ToPort": 123, "CidrIp": ⟦{ "Ref": "EgressCidr" }⟧ }
            }
          }
        }
      `,
        [
          {
            message:
              'All outbound traffic is allowed to the world (0.0.0.0/0) when condition Lockdown is false',
            resource: 'AppSG',
          },
          {
            message:
              "Outbound udp port 123 is allowed to the world (0.0.0.0/0 from Parameter EgressCidr's default)",
            resource: 'AppOut',
            group: 'AppSG',
          },
        ],
      );
    });

    it('is silent for 443, narrow CIDRs, missing attributes and a parameter without a default; 443 counts with publicPorts: []', () => {
      const source = `
        {
          "Parameters": { "EgressCidr": { "Type": "String" } },
          "Resources": {
            "AppSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "app",
                "SecurityGroupEgress": [
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": ⟦"0.0.0.0/0"⟧ },
                  { "IpProtocol": "-1", "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "-1" },
                  { "IpProtocol": "tcp", "CidrIp": "0.0.0.0/0" },
                  { "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" },
                  { "IpProtocol": "-1", "CidrIp": { "Ref": "EgressCidr" } }
                ]
              }
            }
          }
        }
      `;
      expectFindings(ID, 'json', source.replace(/[⟦⟧]/g, ''), []);
      expectFindings(
        ID,
        'json',
        source,
        [{ message: 'Outbound tcp port 443 is allowed to the world (0.0.0.0/0)' }],
        { publicPorts: [] },
      );
    });

    it('honours cfn_nag F1000 for the implicit egress and W5 for explicit egress, unless honorPeerSuppressions is off', () => {
      const source = `
        {
          "Resources": {
            ⟦"ImplicitSG"⟧: {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "cfn_nag": { "rules_to_suppress": [{ "id": "F1000", "reason": "needs the internet" }] } },
              "Properties": { "GroupDescription": "implicit" }
            },
            "ExplicitSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "cfn_nag": { "rules_to_suppress": [{ "id": "W5", "reason": "forward proxy" }] } },
              "Properties": { "GroupDescription": "explicit", "SecurityGroupEgress": [{ "IpProtocol": "-1", "CidrIp": ⟦"0.0.0.0/0"⟧ }] }
            },
            "OwnSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "sg-lint": { "ignore": [{ "id": "SG106", "reason": "NAT instance" }] } },
              "Properties": { "GroupDescription": "own", "SecurityGroupEgress": [{ "IpProtocol": "-1", "CidrIp": ⟦"0.0.0.0/0"⟧ }] }
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
          .map((f) => [f.range.start, f.suppressions?.map((s) => [s.tool, s.peerId, s.reason])]),
        [
          [ranges[0]!.start, [['cfn_nag', 'F1000', 'needs the internet']]],
          [ranges[1]!.start, [['cfn_nag', 'W5', 'forward proxy']]],
          [ranges[2]!.start, [['sg-lint', undefined, 'NAT instance']]],
        ],
      );
      const peersOff = findingsOf(lint(text, 'json', { honorPeerSuppressions: false }), ID);
      assert.deepEqual(
        peersOff.map((f) => f.resource),
        ['ImplicitSG', 'ExplicitSG'],
      );
    });
  });

  describe('terraform', () => {
    it('reports explicit all-traffic egress to 0.0.0.0/0 and ::/0 in an inline block, at the world CIDRs', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          egress {
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
            message: 'All outbound traffic is allowed to the world (0.0.0.0/0)',
            severity: 'note',
            resource: 'aws_security_group.app',
            group: 'aws_security_group.app',
          },
          { message: 'All outbound traffic is allowed to the world (::/0)' },
        ],
      );
    });

    it('reports no implicit egress: Terraform removes the allow-all rule AWS adds to a new group', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = aws_vpc.main.id
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }

        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
        }
        `,
        [],
      );
    });

    it('leaves the allow-all egress of a VPC default group that Terraform does not manage to SG107', () => {
      const source = `
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }
      `;
      expectTfFindings(ID, source, []);
      assert.deepEqual(
        lintTf(clean(source))
          .findings.filter((f) => f.ruleId === 'SG107')
          .map((f) => f.group),
        ['aws_vpc.main.default_security_group'],
      );
    });

    it('reports egress to a non-public port and every tcp port, but not to 80 and 443', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "mail" {
          name        = "mail"
          description = "mail"
          vpc_id      = "vpc-1"
          egress {
            from_port   = 25
            to_port     = 25
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
          egress {
            from_port   = 80
            to_port     = 80
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          egress {
            from_port        = 443
            to_port          = 443
            protocol         = "tcp"
            cidr_blocks      = ["0.0.0.0/0"]
            ipv6_cidr_blocks = ["::/0"]
          }
          egress {
            from_port   = 0
            to_port     = 65535
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
        `,
        [
          { message: 'Outbound tcp port 25 is allowed to the world (0.0.0.0/0)' },
          { message: 'All outbound tcp traffic (ports 0–65535) is allowed to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('reports aws_security_group_rule and aws_vpc_security_group_egress_rule egress, not their ingress', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
        }

        resource "aws_security_group_rule" "out" {
          type              = "egress"
          security_group_id = aws_security_group.app.id
          from_port         = 0
          to_port           = 0
          protocol          = "-1"
          cidr_blocks       = [⟦"0.0.0.0/0"⟧]
        }

        resource "aws_vpc_security_group_egress_rule" "out6" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "-1"
          cidr_ipv6         = ⟦"::/0"⟧
        }

        resource "aws_vpc_security_group_egress_rule" "dns" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "17"
          from_port         = 53
          to_port           = 53
          cidr_ipv4         = ⟦"0.0.0.0/0"⟧
        }

        resource "aws_vpc_security_group_ingress_rule" "in" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "tcp"
          from_port         = 8080
          to_port           = 8080
          cidr_ipv4         = "0.0.0.0/0"
        }
        `,
        [
          {
            message: 'All outbound traffic is allowed to the world (0.0.0.0/0)',
            resource: 'aws_security_group_rule.out',
            group: 'aws_security_group.app',
          },
          {
            message: 'All outbound traffic is allowed to the world (::/0)',
            resource: 'aws_vpc_security_group_egress_rule.out6',
          },
          {
            message: 'Outbound udp port 53 is allowed to the world (0.0.0.0/0)',
            resource: 'aws_vpc_security_group_egress_rule.dns',
          },
        ],
      );
    });

    it('reports the explicit egress of an aws_default_security_group', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }

        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
          egress {
            protocol    = "-1"
            from_port   = 0
            to_port     = 0
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
        `,
        [
          {
            message: 'All outbound traffic is allowed to the world (0.0.0.0/0)',
            group: 'aws_default_security_group.default',
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
          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = [⟦"0.0.0.0/1"⟧]
          }
        }

        resource "aws_security_group_rule" "high" {
          type              = "egress"
          security_group_id = aws_security_group.app.id
          from_port         = 0
          to_port           = 0
          protocol          = "-1"
          cidr_blocks       = [⟦"128.0.0.0/1"⟧]
        }
        `,
        [
          {
            message:
              'All outbound traffic is allowed to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
          },
          {
            message:
              'All outbound traffic is allowed to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'aws_security_group_rule.high',
          },
        ],
      );
    });

    it('names the variable default, the tfvars entry and the local behind dynamic egress blocks', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          locals {
            smtp = { port = 25, cidrs = ["0.0.0.0/0"] }
          }

          variable "egress_cidrs" {
            default = ["10.0.0.0/8"]
          }

          variable "ldap_cidr" {
            default = "0.0.0.0/0"
          }

          resource "aws_security_group" "app" {
            name        = "app"
            description = "app"
            vpc_id      = "vpc-1"
            egress {
              from_port   = 0
              to_port     = 0
              protocol    = "-1"
              cidr_blocks = ⟦var.egress_cidrs⟧
            }
            dynamic "egress" {
              for_each = [local.smtp]
              content {
                from_port   = egress.value.port
                to_port     = egress.value.port
                protocol    = "tcp"
                cidr_blocks = ⟦egress.value.cidrs⟧
              }
            }
            egress {
              from_port   = 389
              to_port     = 389
              protocol    = "tcp"
              cidr_blocks = [⟦var.ldap_cidr⟧]
            }
          }
          `,
          'terraform.tfvars': 'egress_cidrs = ["0.0.0.0/0"]\n',
        },
        [
          {
            message:
              'All outbound traffic is allowed to the world (0.0.0.0/0 from egress_cidrs in terraform.tfvars)',
          },
          { message: 'Outbound tcp port 25 is allowed to the world (0.0.0.0/0 from local smtp)' },
          {
            message:
              'Outbound tcp port 389 is allowed to the world (0.0.0.0/0 from the default of var.ldap_cidr)',
          },
        ],
      );
    });

    it('is silent for narrow CIDRs, groups, prefix lists, ICMP, unresolved CIDRs and an inline "-1" egress with ports', () => {
      expectTfFindings(
        ID,
        `
        variable "proxy_cidr" {
          type = string
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          egress {
            from_port       = 0
            to_port         = 0
            protocol        = "-1"
            cidr_blocks     = ["10.0.0.0/8"]
            security_groups = ["sg-0123456789abcdef0"]
            prefix_list_ids = ["pl-0123456789abcdef0"]
          }
          egress {
            from_port   = -1
            to_port     = -1
            protocol    = "icmp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = [var.proxy_cidr, data.aws_vpc.peer.cidr_block]
          }
          egress {
            from_port   = 25
            to_port     = 25
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        `,
        [],
        { reportUnresolved: 'note' },
      );
    });

    it('reports an inline "-1" egress over every port, which Terraform rejects (SG202): written as the error asks, it allows all traffic', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          egress {
            from_port   = 0
            to_port     = 65535
            protocol    = "-1"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
        `,
        [
          {
            message: 'All outbound traffic is allowed to the world (0.0.0.0/0)',
            resource: 'aws_security_group.app',
          },
        ],
      );
    });

    it('follows publicPorts and icmpIsExposure, and can be turned off or given another severity', () => {
      const source = `
        resource "aws_vpc_security_group_egress_rule" "https" {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "tcp"
          from_port         = 443
          to_port           = 443
          cidr_ipv4         = ⟦"0.0.0.0/0"⟧
        }

        resource "aws_vpc_security_group_egress_rule" "ping" {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "icmp"
          from_port         = 8
          to_port           = 0
          cidr_ipv4         = ⟦"0.0.0.0/0"⟧
        }
      `;
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), []);
      expectTfFindings(
        ID,
        source,
        [
          { message: 'Outbound tcp port 443 is allowed to the world (0.0.0.0/0)' },
          { message: 'Outbound ICMP is allowed to the world (0.0.0.0/0)' },
        ],
        { publicPorts: [], icmpIsExposure: true },
      );
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), [], {
        publicPorts: [],
        icmpIsExposure: true,
        rules: { SG106: 'off' },
      });
      expectTfFindings(
        ID,
        source,
        [
          { message: 'Outbound tcp port 443 is allowed to the world (0.0.0.0/0)', severity: 'warning' },
          { message: 'Outbound ICMP is allowed to the world (0.0.0.0/0)', severity: 'warning' },
        ],
        { publicPorts: [], icmpIsExposure: true, rules: { SG106: 'warning' } },
      );
    });

    it('honours #trivy:ignore:aws-ec2-no-public-egress-sgr, #checkov:skip=CKV_AWS_382 and # sg-lint-ignore', () => {
      const source = `
        #trivy:ignore:aws-ec2-no-public-egress-sgr
        resource "aws_security_group_rule" "out" {
          type              = "egress"
          security_group_id = "sg-0123456789abcdef0"
          from_port         = 0
          to_port           = 0
          protocol          = "-1"
          cidr_blocks       = [⟦"0.0.0.0/0"⟧]
        }

        resource "aws_security_group" "proxy" {
          #checkov:skip=CKV_AWS_382:egress proxy
          name        = "proxy"
          description = "proxy"
          vpc_id      = "vpc-1"
          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }

        resource "aws_security_group" "mail" {
          name        = "mail"
          description = "mail"
          vpc_id      = "vpc-1"
          # sg-lint-ignore SG106 mail relay
          egress {
            from_port   = 25
            to_port     = 25
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
      `;
      const { text, ranges } = marked(dedent(source));
      assert.deepEqual(
        lintTf(text)
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => [f.range.start, f.suppressions?.map((s) => [s.tool, s.reason ?? ''])]),
        [
          [ranges[0]!.start, [['trivy', '']]],
          [ranges[1]!.start, [['checkov', 'egress proxy']]],
          [ranges[2]!.start, [['sg-lint', 'mail relay']]],
        ],
      );
    });
  });
});
