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

const ID = 'SG104';
const OFFICE = { trustedCidrs: [{ cidr: '198.51.100.0/24', label: 'office' }] };

function clean(source: string): string {
  return marked(dedent(source)).text;
}

describe('SG104 broad-cidr-sensitive-port', () => {
  describe('yaml', () => {
    it('reports a sensitive port open to a public CIDR broader than /24', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AdminSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: admin
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦52.0.0.0/16⟧
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 52.1.2.0/24
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 52.1.3.0/25
      `,
        [
          {
            message: 'SSH (22) is open to 52.0.0.0/16, a public range of 65536 addresses (broader than /24)',
            severity: 'warning',
            resource: 'AdminSG',
            group: 'AdminSG',
          },
        ],
      );
    });

    it('lists every sensitive service of a port range or of protocol -1', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          AdminSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: admin
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 20
                  ToPort: 25
                  CidrIp: ⟦52.0.0.0/8⟧
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/1⟧
      `,
        [
          {
            message:
              'FTP (20–21), SSH (22), Telnet (23) and SMTP (25) are open to 52.0.0.0/8, a public range of 2^24 addresses (broader than /24)',
          },
          {
            message:
              'FTP (20–21), SSH (22), Telnet (23) and 39 more are open to 0.0.0.0/1, a public range of 2^31 addresses (broader than /24)',
          },
        ],
      );
    });

    it('reports public IPv6 CIDRs broader than /48', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: db
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 5432
                  ToPort: 5432
                  CidrIpv6: ⟦2600:1f00::/32⟧
                - IpProtocol: tcp
                  FromPort: 5432
                  ToPort: 5432
                  CidrIpv6: 2600:1f00:1::/48
      `,
        [
          {
            message:
              'PostgreSQL (5432) is open to 2600:1f00::/32, a public range of 2^96 addresses (broader than /48)',
          },
        ],
      );
    });

    it('reads standalone rules attached by !Ref and !GetAtt X.GroupId, string ports and protocol "6"', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: db
          MysqlIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref DbSG
              IpProtocol: "6"
              FromPort: "3306"
              ToPort: "3306"
              CidrIp: ⟦100.0.0.0/12⟧
          RedisIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt DbSG.GroupId
              IpProtocol: tcp
              FromPort: 6379
              ToPort: 6379
              CidrIpv6: ⟦2a05::/16⟧
      `,
        [
          {
            message:
              'MySQL (3306) is open to 100.0.0.0/12, a public range of 2^20 addresses (broader than /24)',
            resource: 'MysqlIn',
            group: 'DbSG',
          },
          {
            message:
              'Redis (6379) is open to 2a05::/16, a public range of 2^112 addresses (broader than /48)',
            resource: 'RedisIn',
            group: 'DbSG',
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
          VendorCidr:
            Type: String
            Default: 203.0.0.0/16
        Mappings:
          Net:
            us-east-1:
              Partner: 198.0.0.0/12
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, us-east-1]
        Resources:
          AdminSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: admin
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 3389
                  ToPort: 3389
                  CidrIp: ⟦!Ref VendorCidr⟧
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦!FindInMap [Net, us-east-1, Partner]⟧
                - IpProtocol: tcp
                  FromPort: 1433
                  ToPort: 1433
                  CidrIp: ⟦!If [IsProd, 198.51.100.0/24, 52.0.0.0/8]⟧
      `,
        [
          {
            message:
              "RDP (3389) is open to 203.0.0.0/16 from Parameter VendorCidr's default, a public range of 65536 addresses (broader than /24)",
          },
          {
            message:
              'SSH (22) is open to 198.0.0.0/12 from Mapping Net.us-east-1.Partner, a public range of 2^20 addresses (broader than /24)',
          },
          {
            message:
              'MSSQL (1433–1434) is open to 52.0.0.0/8, a public range of 2^24 addresses (broader than /24) when condition IsProd is false',
          },
        ],
      );
    });

    it('ignores private CIDRs by default and reports them broader than maxPrivatePrefix', () => {
      const source = `
        Resources:
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: db
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 3306
                  ToPort: 3306
                  CidrIp: ⟦10.0.0.0/8⟧
                - IpProtocol: tcp
                  FromPort: 3306
                  ToPort: 3306
                  CidrIp: 10.20.0.0/16
                - IpProtocol: tcp
                  FromPort: 6443
                  ToPort: 6443
                  CidrIp: ⟦172.16.0.0/12⟧
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), []);
      expectFindings(
        ID,
        'yaml',
        source,
        [
          {
            message:
              'MySQL (3306) is open to 10.0.0.0/8, a private range of 2^24 addresses (broader than /16)',
          },
          {
            message:
              'Kubernetes API (6443) is open to 172.16.0.0/12, a private range of 2^20 addresses (broader than /16)',
          },
        ],
        { maxPrivatePrefix: 16 },
      );
    });

    it('follows maxPublicPrefix and sensitivePorts', () => {
      const source = `
        Resources:
          AppSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 52.0.0.0/16
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  CidrIp: ⟦52.0.0.0/12⟧
      `;
      expectFindings(
        ID,
        'yaml',
        source,
        [
          {
            message: 'port 8080 is open to 52.0.0.0/12, a public range of 2^20 addresses (broader than /16)',
          },
        ],
        {
          maxPublicPrefix: 16,
          sensitivePorts: [8080],
        },
      );
    });

    it('is silent for non-sensitive ports, group references, prefix lists, ICMP and the world (SG101)', () => {
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
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 52.0.0.0/8
                - IpProtocol: icmp
                  FromPort: -1
                  ToPort: -1
                  CidrIp: 52.0.0.0/8
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  SourceSecurityGroupId: !Ref PeerSG
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  SourcePrefixListId: pl-0123456789abcdef0
                - IpProtocol: tcp
                  FromPort: 3389
                  ToPort: 3389
                  CidrIp: 0.0.0.0/0
                - IpProtocol: tcp
                  FromPort: 5900
                  ToPort: 5900
                  CidrIp: 0.0.0.0/1
                - IpProtocol: tcp
                  FromPort: 5900
                  ToPort: 5900
                  CidrIp: 128.0.0.0/1
      `,
        [],
      );
    });

    it('reports nothing for missing attributes or a parameter without a default', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          VendorCidr:
            Type: String
        Resources:
          AdminSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: admin
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                - IpProtocol: tcp
                  CidrIp: 52.0.0.0/8
                - FromPort: 22
                  ToPort: 22
                  CidrIp: 52.0.0.0/8
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: !Ref VendorCidr
      `,
        [],
        { reportUnresolved: 'note' },
      );
    });

    it('can be turned off or given another severity, and honours # sg-lint-ignore', () => {
      const source = `
        Resources:
          AdminSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: admin
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦52.0.0.0/16⟧
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), [], { rules: { SG104: 'off' } });
      expectFindings(
        ID,
        'yaml',
        source,
        [{ message: /^SSH \(22\) is open to 52\.0\.0\.0\/16/, severity: 'error' }],
        { rules: { SG104: 'error' } },
      );
      const suppressed = clean(source).replace(
        '        - IpProtocol: tcp',
        '        # sg-lint-ignore SG104 vendor range\n        - IpProtocol: tcp',
      );
      const result = lint(suppressed, 'yaml');
      assert.deepEqual(findingsOf(result, ID), []);
      assert.deepEqual(
        result.findings
          .filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => [s.tool, s.reason])),
        [[['sg-lint', 'vendor range']]],
      );
    });

    it('restricts the CIDR, or the parameter default it came from, to a trusted CIDR', () => {
      const template = (cidr: string): string =>
        dedent(`
        Resources:
          AdminSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: admin
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ${cidr}
      `);
      assert.equal(
        applyFix(ID, 'yaml', template('52.0.0.0/16'), 'Restrict to 198.51.100.0/24 (office)', OFFICE),
        template('198.51.100.0/24'),
      );
      assert.equal(
        applyFix(ID, 'yaml', template("'52.0.0.0/16'"), 'Restrict to 198.51.100.0/24 (office)', OFFICE),
        template("'198.51.100.0/24'"),
      );
      assert.equal(
        applyFix(ID, 'yaml', template('"52.0.0.0/16"'), 'Restrict to 198.51.100.0/24 (office)', OFFICE),
        template('"198.51.100.0/24"'),
      );
      const viaParameter = `Parameters:\n  VendorCidr:\n    Type: String\n    Default: 52.0.0.0/16\n${template('!Ref VendorCidr')}`;
      assert.equal(
        applyFix(
          ID,
          'yaml',
          viaParameter,
          "Restrict to 198.51.100.0/24 (office) in Parameter VendorCidr's default",
          OFFICE,
        ),
        viaParameter.replace('Default: 52.0.0.0/16', 'Default: 198.51.100.0/24'),
      );
    });
  });

  describe('json', () => {
    it('reports broad public CIDRs inline and standalone, IPv4 and IPv6', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "AdminSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "admin",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦"52.0.0.0/16"⟧ },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "52.1.2.0/24" },
                  { "IpProtocol": "6", "FromPort": "5432", "ToPort": "5432", "CidrIpv6": ⟦"2600:1f00::/32"⟧ }
                ]
              }
            },
            "RdpIn": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": { "GroupId": { "Fn::GetAtt": ["AdminSG", "GroupId"] }, "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": ⟦"52.0.0.0/8"⟧ }
            }
          }
        }
      `,
        [
          {
            message: 'SSH (22) is open to 52.0.0.0/16, a public range of 65536 addresses (broader than /24)',
          },
          {
            message:
              'PostgreSQL (5432) is open to 2600:1f00::/32, a public range of 2^96 addresses (broader than /48)',
          },
          {
            message: 'RDP (3389) is open to 52.0.0.0/8, a public range of 2^24 addresses (broader than /24)',
            resource: 'RdpIn',
            group: 'AdminSG',
          },
        ],
      );
    });

    it('names parameter defaults and conditions, and follows maxPrivatePrefix', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "VendorCidr": { "Type": "String", "Default": "203.0.0.0/16" } },
          "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] } },
          "Resources": {
            "AdminSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "admin",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦{ "Ref": "VendorCidr" }⟧ },
                  { "IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "CidrIp": ⟦{ "Fn::If": ["IsProd", "10.0.0.0/8", "10.1.0.0/16"] }⟧ }
                ]
              }
            }
          }
        }
      `,
        [
          {
            message:
              "SSH (22) is open to 203.0.0.0/16 from Parameter VendorCidr's default, a public range of 65536 addresses (broader than /24)",
          },
          {
            message:
              'MySQL (3306) is open to 10.0.0.0/8, a private range of 2^24 addresses (broader than /12) when condition IsProd is true',
          },
        ],
        { maxPrivatePrefix: 12 },
      );
    });

    it('is silent for narrow or non-CIDR peers, non-sensitive ports, missing attributes and parameters without a default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "VendorCidr": { "Type": "String" } },
          "Resources": {
            "AdminSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "admin",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "198.51.100.7/32" },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "SourcePrefixListId": "pl-0123456789abcdef0" },
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "52.0.0.0/8" },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "tcp", "CidrIp": "52.0.0.0/8" },
                  { "FromPort": 22, "ToPort": 22, "CidrIp": "52.0.0.0/8" },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": { "Ref": "VendorCidr" } }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours Metadata cfn_nag W9 and sg-lint ignore', () => {
      const source = `
        {
          "Resources": {
            "AdminSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "cfn_nag": { "rules_to_suppress": [{ "id": "W9", "reason": "vendor range" }] } },
              "Properties": {
                "GroupDescription": "admin",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦"52.0.0.0/16"⟧ }]
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
          .map((f) => [f.range.start, f.suppressions?.map((s) => [s.tool, s.peerId])]),
        [[ranges[0]!.start, [['cfn_nag', 'W9']]]],
      );
      assert.equal(findingsOf(lint(text, 'json', { honorPeerSuppressions: false }), ID).length, 1);
      const own = text.replace(
        '"cfn_nag": { "rules_to_suppress": [{ "id": "W9"',
        '"sg-lint": { "ignore": [{ "id": "SG104"',
      );
      assert.deepEqual(findingsOf(lint(own, 'json', { honorPeerSuppressions: false }), ID), []);
    });

    it('restricts a literal and a parameter default in JSON', () => {
      const text = clean(`
        {
          "Parameters": { "VendorCidr": { "Type": "String", "Default": "52.0.0.0/16" } },
          "Resources": {
            "AdminSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "admin",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "52.0.0.0/16" }]
              }
            }
          }
        }
      `);
      assert.equal(
        applyFix(ID, 'json', text, 'Restrict to 198.51.100.0/24 (office)', OFFICE),
        text.replace('"CidrIp": "52.0.0.0/16"', '"CidrIp": "198.51.100.0/24"'),
      );
      const viaParameter = text.replace('"CidrIp": "52.0.0.0/16"', '"CidrIp": { "Ref": "VendorCidr" }');
      assert.equal(
        applyFix(
          ID,
          'json',
          viaParameter,
          "Restrict to 198.51.100.0/24 (office) in Parameter VendorCidr's default",
          OFFICE,
        ),
        viaParameter.replace('"Default": "52.0.0.0/16"', '"Default": "198.51.100.0/24"'),
      );
    });
  });

  describe('terraform', () => {
    it('reports a public CIDR broader than /24 in an inline block, not the narrow CIDRs beside it', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "admin" {
          name        = "admin"
          description = "admin"
          vpc_id      = "vpc-1"
          ingress {
            from_port        = 22
            to_port          = 22
            protocol         = "tcp"
            cidr_blocks      = ["52.1.2.0/24", ⟦"52.0.0.0/16"⟧, "52.1.3.0/25"]
            ipv6_cidr_blocks = [⟦"2001:db8::/32"⟧, "2001:db8:1::/48"]
          }
        }
        `,
        [
          {
            message: 'SSH (22) is open to 52.0.0.0/16, a public range of 65536 addresses (broader than /24)',
            severity: 'warning',
            resource: 'aws_security_group.admin',
            group: 'aws_security_group.admin',
          },
          {
            message: 'SSH (22) is open to 2001:db8::/32, a public range of 2^96 addresses (broader than /48)',
          },
        ],
      );
    });

    it('lists the sensitive services of protocol "-1" and of a port range, in rule resources', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "partner" {
          name        = "partner"
          description = "partner"
          vpc_id      = "vpc-1"
        }

        resource "aws_security_group_rule" "partner_all" {
          type              = "ingress"
          security_group_id = aws_security_group.partner.id
          from_port         = 0
          to_port           = 0
          protocol          = "-1"
          cidr_blocks       = [⟦"52.0.0.0/12"⟧]
        }

        resource "aws_vpc_security_group_ingress_rule" "partner_db" {
          security_group_id = aws_security_group.partner.id
          ip_protocol       = "6"
          from_port         = 3306
          to_port           = 5432
          cidr_ipv4         = ⟦"52.16.0.0/16"⟧
        }
        `,
        [
          {
            message:
              'FTP (20–21), SSH (22), Telnet (23) and 39 more are open to 52.0.0.0/12, a public range of 2^20 addresses (broader than /24)',
            resource: 'aws_security_group_rule.partner_all',
            group: 'aws_security_group.partner',
          },
          {
            message:
              'MySQL (3306), RDP (3389), mSQL (4333) and PostgreSQL (5432) are open to 52.16.0.0/16, a public range of 65536 addresses (broader than /24)',
            resource: 'aws_vpc_security_group_ingress_rule.partner_db',
          },
        ],
      );
    });

    it('names the variable default and the tfvars entry behind a dynamic block', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          variable "office_cidrs" {
            default = ["198.51.100.0/24"]
          }

          variable "db_rules" {
            default = [{ port = 5432, cidr = "52.0.0.0/16" }]
          }

          resource "aws_security_group" "db" {
            name        = "db"
            description = "db"
            vpc_id      = "vpc-1"
            dynamic "ingress" {
              for_each = var.db_rules
              content {
                from_port   = ingress.value.port
                to_port     = ingress.value.port
                protocol    = "tcp"
                cidr_blocks = [⟦ingress.value.cidr⟧]
              }
            }
            ingress {
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = ⟦var.office_cidrs⟧
            }
          }
          `,
          'terraform.tfvars': 'office_cidrs = ["203.0.113.0/24", "198.0.0.0/8"]\n',
        },
        [
          {
            message:
              'PostgreSQL (5432) is open to 52.0.0.0/16 from the default of var.db_rules, a public range of 65536 addresses (broader than /24)',
          },
          {
            message:
              'SSH (22) is open to 198.0.0.0/8 from office_cidrs in terraform.tfvars, a public range of 2^24 addresses (broader than /24)',
          },
        ],
      );
    });

    it('reads the attribute syntax and every for_each instance of an aws_vpc_security_group_ingress_rule', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "db" {
          name        = "db"
          description = "db"
          vpc_id      = "vpc-1"
          ingress = [{
            description      = "redis from a partner"
            from_port        = 6379
            to_port          = 6379
            protocol         = "tcp"
            cidr_blocks      = [⟦"52.0.0.0/20"⟧, "52.1.0.0/24"]
            ipv6_cidr_blocks = []
            prefix_list_ids  = []
            security_groups  = []
            self             = false
          }]
        }

        resource "aws_vpc_security_group_ingress_rule" "partners" {
          for_each = {
            acme   = "2001:db8::/32"
            globex = "2001:db8:1::/48"
          }
          security_group_id = aws_security_group.db.id
          ip_protocol       = "tcp"
          from_port         = 5432
          to_port           = 5432
          cidr_ipv6         = ⟦each.value⟧
        }
        `,
        [
          {
            message:
              'Redis (6379) is open to 52.0.0.0/20, a public range of 4096 addresses (broader than /24)',
            resource: 'aws_security_group.db',
          },
          {
            message:
              'PostgreSQL (5432) is open to 2001:db8::/32, a public range of 2^96 addresses (broader than /48)',
            resource: 'aws_vpc_security_group_ingress_rule.partners',
            group: 'aws_security_group.db',
          },
        ],
      );
    });

    it('ignores private CIDRs by default and reports them broader than maxPrivatePrefix', () => {
      const source = `
        resource "aws_security_group" "db" {
          name        = "db"
          description = "db"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 3306
            to_port     = 3306
            protocol    = "tcp"
            cidr_blocks = [⟦"10.0.0.0/8"⟧, "10.20.0.0/16"]
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
              'MySQL (3306) is open to 10.0.0.0/8, a private range of 2^24 addresses (broader than /16)',
          },
        ],
        { maxPrivatePrefix: 16 },
      );
    });

    it('follows maxPublicPrefix and sensitivePorts', () => {
      const source = `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = [⟦"52.1.0.0/20"⟧]
          }
          ingress {
            from_port   = 8080
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = ["52.2.0.0/16"]
          }
        }
      `;
      expectTfFindings(ID, source, [
        { message: 'SSH (22) is open to 52.1.0.0/20, a public range of 4096 addresses (broader than /24)' },
      ]);
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), [], { maxPublicPrefix: 20 });
      expectTfFindings(
        ID,
        source.replace(/[⟦⟧]/g, '').replace('["52.2.0.0/16"]', '[⟦"52.2.0.0/16"⟧]'),
        [
          {
            message:
              'Jenkins (8080) is open to 52.2.0.0/16, a public range of 65536 addresses (broader than /24)',
          },
        ],
        { sensitivePorts: ['8080 (Jenkins)'] },
      );
    });

    it('is silent for the world (SG101), non-sensitive ports, groups, prefix lists, ICMP and unresolved CIDRs', () => {
      expectTfFindings(
        ID,
        `
        variable "partner_cidr" {
          type = string
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["52.0.0.0/8"]
          }
          ingress {
            from_port       = 22
            to_port         = 22
            protocol        = "tcp"
            security_groups = ["sg-0123456789abcdef0"]
            prefix_list_ids = ["pl-0123456789abcdef0"]
          }
          ingress {
            from_port   = -1
            to_port     = -1
            protocol    = "icmp"
            cidr_blocks = ["52.0.0.0/8"]
          }
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = [var.partner_cidr, data.aws_vpc.peer.cidr_block]
          }
        }
        `,
        [],
        { reportUnresolved: 'note' },
      );
    });

    it('can be turned off or given another severity, and honours # sg-lint-ignore and #checkov:skip of a peer check', () => {
      const source = `
        # sg-lint-ignore SG104 partner network
        resource "aws_vpc_security_group_ingress_rule" "partner" {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "tcp"
          from_port         = 22
          to_port           = 22
          cidr_ipv4         = "52.0.0.0/16"
        }

        resource "aws_vpc_security_group_ingress_rule" "office" {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "tcp"
          from_port         = 3389
          to_port           = 3389
          cidr_ipv4         = ⟦"52.1.0.0/16"⟧
        }
      `;
      expectTfFindings(ID, source, [
        {
          message: 'RDP (3389) is open to 52.1.0.0/16, a public range of 65536 addresses (broader than /24)',
        },
      ]);
      const suppressed = lintTf(clean(source)).findings.filter(
        (f) => f.ruleId === ID && f.suppressions?.length,
      );
      assert.deepEqual(
        suppressed.map((f) => [f.resource, f.suppressions?.map((s) => [s.tool, s.reason])]),
        [['aws_vpc_security_group_ingress_rule.partner', [['sg-lint', 'partner network']]]],
      );
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), [], { rules: { SG104: 'off' } });
      expectTfFindings(
        ID,
        source,
        [
          {
            message:
              'RDP (3389) is open to 52.1.0.0/16, a public range of 65536 addresses (broader than /24)',
            severity: 'note',
          },
        ],
        { rules: { SG104: 'note' } },
      );
    });

    it('restricts a literal and a variable default in variables.tf to a trusted CIDR', () => {
      const text = clean(`
        resource "aws_security_group" "admin" {
          name        = "admin"
          description = "admin"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["198.51.100.0/24", "52.0.0.0/16"]
          }
        }
      `);
      // Restricting 52.0.0.0/16 to the office range would list it twice: the entry goes instead.
      assert.deepEqual(
        applyTfFix(ID, text, 'Remove 52.0.0.0/16 from the list (198.51.100.0/24 is already allowed)', OFFICE),
        { 'main.tf': text.replace('"198.51.100.0/24", "52.0.0.0/16"', '"198.51.100.0/24"') },
      );

      const files = {
        'main.tf': text.replace('["198.51.100.0/24", "52.0.0.0/16"]', 'var.admin_cidrs'),
        'variables.tf': 'variable "admin_cidrs" {\n  default = ["52.0.0.0/16"]\n}\n',
      };
      assert.deepEqual(
        applyTfFix(
          ID,
          files,
          'Restrict to 198.51.100.0/24 (office) in the default of var.admin_cidrs',
          OFFICE,
        ),
        { ...files, 'variables.tf': 'variable "admin_cidrs" {\n  default = ["198.51.100.0/24"]\n}\n' },
      );
    });
  });
});
