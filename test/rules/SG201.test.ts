import * as assert from 'node:assert/strict';
import { renderFixes } from '../../server/src/fixes/render';
import {
  applyFix,
  applyTfFix,
  dedent,
  expectFindings,
  expectTfFindings,
  lint,
  lintTf,
  TF_DIR,
} from '../helpers/ruleTester';

const ID = 'SG201';

const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');

const suppressedBy = (format: 'yaml' | 'json', source: string): { tool: string; reason?: string }[] =>
  lint(clean(source), format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

/** A group whose ingress rules are the given flow mappings, one per line. */
const yamlGroup = (...rules: string[]): string => `
  Resources:
    WebSG:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: web tier
        SecurityGroupIngress:
${rules.map((r) => `          - { IpProtocol: tcp, FromPort: 443, ToPort: 443, ${r} }`).join('\n')}
`;

describe('SG201 invalid-cidr', () => {
  describe('yaml', () => {
    it('reports an address that is not an IPv4 address, and one with leading zeros', () => {
      expectFindings(
        ID,
        'yaml',
        yamlGroup('CidrIp: ⟦10.0.0.256/8⟧', 'CidrIp: ⟦010.0.0.0/8⟧', "CidrIp: ⟦'intranet.example.com/8'⟧"),
        [
          {
            message: '"10.0.0.256/8" is not a valid IPv4 CIDR: 10.0.0.256 is not a valid IPv4 address',
            severity: 'error',
            resource: 'WebSG',
            group: 'WebSG',
          },
          {
            message: '"010.0.0.0/8" is not a valid IPv4 CIDR: 010.0.0.0 is not a valid IPv4 address',
            severity: 'error',
          },
          {
            message:
              '"intranet.example.com/8" is not a valid IPv4 CIDR: intranet.example.com is not an IP address',
          },
        ],
      );
    });

    it('reports prefixes that are too long, missing or not numbers', () => {
      expectFindings(
        ID,
        'yaml',
        yamlGroup(
          'CidrIp: ⟦10.0.0.0/33⟧',
          'CidrIp: ⟦10.0.0.1⟧',
          'CidrIp: ⟦10.0.0.0/x⟧',
          'CidrIpv6: ⟦"2001:db8::/129"⟧',
        ),
        [
          { message: '"10.0.0.0/33" is not a valid IPv4 CIDR: /33 is longer than 32 bits' },
          { message: '"10.0.0.1" is not a valid IPv4 CIDR: it has no prefix length (such as /32)' },
          { message: '"10.0.0.0/x" is not a valid IPv4 CIDR: /x is not a prefix length' },
          { message: '"2001:db8::/129" is not a valid IPv6 CIDR: /129 is longer than 128 bits' },
        ],
      );
    });

    it('quotes a half-typed CIDR as written, not as the number YAML reads it as', () => {
      expectFindings(ID, 'yaml', yamlGroup('CidrIp: ⟦0.⟧', 'CidrIp: ⟦10.0⟧', 'CidrIp: ⟦10⟧'), [
        { message: '"0." is not a valid IPv4 CIDR: 0. is not a valid IPv4 address' },
        { message: '"10.0" is not a valid IPv4 CIDR: 10.0 is not a valid IPv4 address' },
        { message: '"10" is not a valid IPv4 CIDR: 10 is not a valid IPv4 address' },
      ]);
    });

    it('reports an IPv6 block in CidrIp and an IPv4 block in CidrIpv6', () => {
      expectFindings(ID, 'yaml', yamlGroup('CidrIp: ⟦"2001:db8::/32"⟧', 'CidrIpv6: ⟦10.0.0.0/8⟧'), [
        {
          message:
            '"2001:db8::/32" is not a valid IPv4 CIDR: it is an IPv6 block where an IPv4 CIDR is required',
        },
        {
          message:
            '"10.0.0.0/8" is not a valid IPv6 CIDR: it is an IPv4 block where an IPv6 CIDR is required',
        },
      ]);
    });

    it('reports an invalid CIDR in a standalone egress rule', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
          WebEgress:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !Ref WebSG
              IpProtocol: tcp
              FromPort: 443
              ToPort: 443
              CidrIp: ⟦"10.0.0.0/8 "⟧
      `,
        [
          {
            message: '"10.0.0.0/8 " is not a valid IPv4 CIDR: it has leading or trailing spaces',
            resource: 'WebEgress',
            group: 'WebSG',
          },
        ],
      );
    });

    it('warns about host bits and changes the CIDR to its network address', () => {
      const source = yamlGroup('CidrIp: ⟦10.0.0.1/8⟧', 'CidrIpv6: ⟦"2001:db8::1/32"⟧');
      expectFindings(ID, 'yaml', source, [
        { message: '10.0.0.1/8 has host bits set: AWS reads it as 10.0.0.0/8', severity: 'warning' },
        { message: '2001:db8::1/32 has host bits set: AWS reads it as 2001:db8::/32', severity: 'warning' },
      ]);
      const fixed = applyFix(ID, 'yaml', clean(source), 'Change to 10.0.0.0/8');
      assert.equal(fixed, clean(yamlGroup('CidrIp: 10.0.0.0/8', 'CidrIpv6: "2001:db8::1/32"')));
      // The fix keeps the quoting of the value it replaces.
      const fixed6 = applyFix(
        ID,
        'yaml',
        clean(yamlGroup('CidrIpv6: "2001:db8::1/32"')),
        'Change to 2001:db8::/32',
      );
      assert.equal(fixed6, clean(yamlGroup('CidrIpv6: "2001:db8::/32"')));
    });

    it("puts the host-bits fix in the parameter's Default when the CIDR came from there", () => {
      const source = `
        Parameters:
          OfficeCidr:
            Type: String
            Default: 192.168.10.7/24
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦!Ref OfficeCidr⟧
      `;
      const [finding] = expectFindings(ID, 'yaml', source, [
        {
          message:
            "192.168.10.7/24 from Parameter OfficeCidr's default has host bits set: AWS reads it as 192.168.10.0/24",
          severity: 'warning',
        },
      ]);
      const text = clean(source);
      assert.deepEqual(
        finding!.related?.map((r) => [text.slice(r.range.start, r.range.end), r.message]),
        [['192.168.10.7/24', "192.168.10.7/24 is set here (Parameter OfficeCidr's default)"]],
      );
      const fixed = applyFix(ID, 'yaml', text, "Change to 192.168.10.0/24 in Parameter OfficeCidr's default");
      assert.equal(fixed, text.replace('Default: 192.168.10.7/24', 'Default: 192.168.10.0/24'));
    });

    it('names the parameter whose default is not a CIDR', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          OfficeCidr:
            Type: String
            Default: office
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦!Ref OfficeCidr⟧
      `,
        [
          {
            message:
              '"office" (from Parameter OfficeCidr\'s default) is not a valid IPv4 CIDR: office is not an IP address',
          },
        ],
      );
    });

    it('is silent for valid CIDRs, a parameter without a default, and when CidrIp is omitted', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          OfficeCidr:
            Type: String
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }
                - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0" }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.1.2.3/32 }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: "2001:db8:0:0:0:0:0:1/128" }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref OfficeCidr }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, SourcePrefixListId: pl-12345678 }
      `,
        [],
      );
    });

    it('honours # sg-lint-ignore on the line before the rule', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                # sg-lint-ignore SG201 matches what the console shows
                - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.1/8 }
      `;
      expectFindings(ID, 'yaml', source, []);
      assert.deepEqual(suppressedBy('yaml', source), [
        { tool: 'sg-lint', reason: 'matches what the console shows' },
      ]);
    });

    it('is off when configured off; a configured severity applies to errors and host-bit warnings alike', () => {
      const source = yamlGroup('CidrIp: ⟦10.0.0.0/33⟧', 'CidrIp: ⟦10.0.0.1/8⟧');
      expectFindings(ID, 'yaml', clean(source), [], { rules: { SG201: 'off' } });
      expectFindings(
        ID,
        'yaml',
        source,
        [
          { message: '"10.0.0.0/33" is not a valid IPv4 CIDR: /33 is longer than 32 bits', severity: 'note' },
          { message: '10.0.0.1/8 has host bits set: AWS reads it as 10.0.0.0/8', severity: 'note' },
        ],
        { rules: { SG201: 'note' } },
      );
    });
  });

  describe('json', () => {
    const jsonGroup = (...rules: string[]): string => `
      {
        "Resources": {
          "WebSG": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
              "GroupDescription": "web tier",
              "SecurityGroupIngress": [
${rules.map((r) => `                { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, ${r} }`).join(',\n')}
              ]
            }
          }
        }
      }
    `;

    it('reports invalid CIDRs at the string, quotes included', () => {
      expectFindings(
        ID,
        'json',
        jsonGroup('"CidrIp": ⟦"10.0.0.0/33"⟧', '"CidrIp": ⟦"::/0"⟧', '"CidrIpv6": ⟦"0.0.0.0/0"⟧'),
        [
          {
            message: '"10.0.0.0/33" is not a valid IPv4 CIDR: /33 is longer than 32 bits',
            severity: 'error',
          },
          { message: '"::/0" is not a valid IPv4 CIDR: it is an IPv6 block where an IPv4 CIDR is required' },
          {
            message:
              '"0.0.0.0/0" is not a valid IPv6 CIDR: it is an IPv4 block where an IPv6 CIDR is required',
          },
        ],
      );
    });

    it('warns about host bits and rewrites the JSON string', () => {
      const source = jsonGroup('"CidrIp": ⟦"172.16.5.4/12"⟧');
      expectFindings(ID, 'json', source, [
        { message: '172.16.5.4/12 has host bits set: AWS reads it as 172.16.0.0/12', severity: 'warning' },
      ]);
      const fixed = applyFix(ID, 'json', clean(source), 'Change to 172.16.0.0/12');
      assert.equal(fixed, clean(jsonGroup('"CidrIp": "172.16.0.0/12"')));
    });

    it("fixes host bits in the parameter's Default", () => {
      const source = `
        {
          "Parameters": { "OfficeCidr": { "Type": "String", "Default": "192.168.10.7/24" } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦{ "Ref": "OfficeCidr" }⟧ }
                ]
              }
            }
          }
        }
      `;
      expectFindings(ID, 'json', source, [
        {
          message:
            "192.168.10.7/24 from Parameter OfficeCidr's default has host bits set: AWS reads it as 192.168.10.0/24",
        },
      ]);
      const text = clean(source);
      const fixed = applyFix(ID, 'json', text, "Change to 192.168.10.0/24 in Parameter OfficeCidr's default");
      assert.equal(fixed, text.replace('"Default": "192.168.10.7/24"', '"Default": "192.168.10.0/24"'));
    });

    it('is silent for valid CIDRs and a parameter without a default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "OfficeCidr": { "Type": "String" } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": { "Ref": "OfficeCidr" } },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv6": "fd00::/8" }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('honours the resource Metadata suppression', () => {
      const source = jsonGroup('"CidrIp": "10.0.0.0/33"').replace(
        '"Type": "AWS::EC2::SecurityGroup",',
        '"Type": "AWS::EC2::SecurityGroup",\n          "Metadata": { "sg-lint": { "ignore": [{ "id": "SG201", "reason": "fixture for a negative test" }] } },',
      );
      expectFindings(ID, 'json', source, []);
      assert.deepEqual(suppressedBy('json', source), [
        { tool: 'sg-lint', reason: 'fixture for a negative test' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      const source = jsonGroup('"CidrIp": ⟦"10.0.0.0/33"⟧');
      expectFindings(ID, 'json', clean(source), [], { rules: { SG201: 'off' } });
      expectFindings(
        ID,
        'json',
        source,
        [{ message: /^"10\.0\.0\.0\/33" is not a valid IPv4 CIDR/, severity: 'warning' }],
        { rules: { SG201: 'warning' } },
      );
    });
  });

  describe('terraform', () => {
    it('reports invalid CIDRs in cidr_blocks and ipv6_cidr_blocks, each at its own list item', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port        = 443
            to_port          = 443
            protocol         = "tcp"
            cidr_blocks      = ["10.0.0.0/8", ⟦"10.0.0.0/33"⟧, ⟦"intranet"⟧, ⟦"10.0.0.0"⟧]
            ipv6_cidr_blocks = [⟦"10.0.0.0/8"⟧, "2001:db8::/32", ⟦"::/129"⟧]
          }
        }
        `,
        [
          {
            message: '"10.0.0.0/33" is not a valid IPv4 CIDR: /33 is longer than 32 bits',
            severity: 'error',
            resource: 'aws_security_group.web',
            group: 'aws_security_group.web',
          },
          { message: '"intranet" is not a valid IPv4 CIDR: intranet is not an IP address' },
          { message: '"10.0.0.0" is not a valid IPv4 CIDR: it has no prefix length (such as /32)' },
          {
            message:
              '"10.0.0.0/8" is not a valid IPv6 CIDR: it is an IPv4 block where an IPv6 CIDR is required',
          },
          { message: '"::/129" is not a valid IPv6 CIDR: /129 is longer than 128 bits' },
        ],
      );
    });

    it('reports invalid cidr_ipv4 and cidr_ipv6 of aws_vpc_security_group_*_rule and cidr_blocks of aws_security_group_rule', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_vpc_security_group_ingress_rule" "ssh" {
          security_group_id = "sg-0123456789abcdef0"
          from_port         = 22
          to_port           = 22
          ip_protocol       = "tcp"
          cidr_ipv4         = ⟦"10.0.0.256/24"⟧
        }

        resource "aws_vpc_security_group_egress_rule" "v6" {
          security_group_id = "sg-0123456789abcdef0"
          ip_protocol       = "-1"
          cidr_ipv6         = ⟦"fe80::/300"⟧
        }

        resource "aws_security_group_rule" "dns" {
          type              = "egress"
          security_group_id = "sg-0123456789abcdef0"
          from_port         = 53
          to_port           = 53
          protocol          = "udp"
          cidr_blocks       = [⟦"::/0"⟧]
        }
        `,
        [
          {
            message: '"10.0.0.256/24" is not a valid IPv4 CIDR: 10.0.0.256 is not a valid IPv4 address',
            resource: 'aws_vpc_security_group_ingress_rule.ssh',
            group: 'sg-0123456789abcdef0',
          },
          {
            message: '"fe80::/300" is not a valid IPv6 CIDR: /300 is longer than 128 bits',
            resource: 'aws_vpc_security_group_egress_rule.v6',
          },
          {
            message: '"::/0" is not a valid IPv4 CIDR: it is an IPv6 block where an IPv4 CIDR is required',
            resource: 'aws_security_group_rule.dns',
          },
        ],
      );
    });

    it('reports host bits as an error (the provider rejects them), with the canonical form', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port        = 443
            to_port          = 443
            protocol         = "tcp"
            cidr_blocks      = [⟦"10.0.0.1/8"⟧]
            ipv6_cidr_blocks = [⟦"2001:db8::1/32"⟧]
          }
        }

        resource "aws_vpc_security_group_ingress_rule" "ssh" {
          security_group_id = aws_security_group.web.id
          from_port         = 22
          to_port           = 22
          ip_protocol       = "tcp"
          cidr_ipv4         = ⟦"172.16.5.0/12"⟧
        }
        `,
        [
          {
            message: '10.0.0.1/8 has host bits set: the AWS provider rejects it (did you mean 10.0.0.0/8?)',
            severity: 'error',
          },
          {
            message:
              '2001:db8::1/32 has host bits set: the AWS provider rejects it (did you mean 2001:db8::/32?)',
            severity: 'error',
          },
          {
            message:
              '172.16.5.0/12 has host bits set: the AWS provider rejects it (did you mean 172.16.0.0/12?)',
            severity: 'error',
            resource: 'aws_vpc_security_group_ingress_rule.ssh',
            group: 'aws_security_group.web',
          },
        ],
      );
    });

    it('changes a CIDR with host bits to its canonical form in place', () => {
      const fixed = applyTfFix(
        ID,
        clean(`
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["192.168.0.0/16", "10.0.0.1/8"] # office and VPN
          }
        }
        `),
        'Change to 10.0.0.0/8',
      );
      assert.equal(
        fixed['main.tf'],
        clean(`
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["192.168.0.0/16", "10.0.0.0/8"] # office and VPN
          }
        }
        `),
      );
    });

    const fromVariable = {
      'main.tf': `
      resource "aws_security_group_rule" "office" {
        type              = "ingress"
        security_group_id = "sg-0123456789abcdef0"
        from_port         = 22
        to_port           = 22
        protocol          = "tcp"
        cidr_blocks       = ⟦var.office_cidrs⟧
      }
      `,
      'variables.tf': `
      variable "office_cidrs" {
        type    = list(string)
        default = ["192.168.1.1/24"]
      }
      `,
    };

    it('reports a CIDR from a variable default at the use, naming the default, with a related location', () => {
      const [finding] = expectTfFindings(ID, fromVariable, [
        {
          message:
            '192.168.1.1/24 from the default of var.office_cidrs has host bits set: the AWS provider rejects it (did you mean 192.168.1.0/24?)',
          severity: 'error',
          resource: 'aws_security_group_rule.office',
        },
      ]);
      assert.deepEqual(
        finding!.related?.map((r) => ({ file: r.uri.slice(TF_DIR.length + 1), message: r.message })),
        [{ file: 'variables.tf', message: '192.168.1.1/24 is set here (the default of var.office_cidrs)' }],
      );
    });

    it('fixes a CIDR from a variable default in variables.tf, where it is written', () => {
      const files = {
        'main.tf': clean(fromVariable['main.tf']),
        'variables.tf': clean(fromVariable['variables.tf']),
      };
      const fixed = applyTfFix(ID, files, 'Change to 192.168.1.0/24 in the default of var.office_cidrs');
      assert.deepEqual(fixed, {
        'main.tf': files['main.tf'],
        'variables.tf': clean(`
        variable "office_cidrs" {
          type    = list(string)
          default = ["192.168.1.0/24"]
        }
        `),
      });
    });

    it('reports and fixes a CIDR set in terraform.tfvars there, over the variable default', () => {
      const files = {
        'main.tf': `
        variable "vpn_cidr" {
          default = "10.8.0.0/16"
        }

        resource "aws_vpc_security_group_ingress_rule" "vpn" {
          security_group_id = "sg-0123456789abcdef0"
          from_port         = 1194
          to_port           = 1194
          ip_protocol       = "udp"
          cidr_ipv4         = ⟦var.vpn_cidr⟧
        }
        `,
        'terraform.tfvars': `vpn_cidr = "10.8.0.1/16"\n`,
      };
      expectTfFindings(ID, files, [
        {
          message:
            '10.8.0.1/16 from vpn_cidr in terraform.tfvars has host bits set: the AWS provider rejects it (did you mean 10.8.0.0/16?)',
        },
      ]);
      const fixed = applyTfFix(
        ID,
        { 'main.tf': clean(files['main.tf']), 'terraform.tfvars': files['terraform.tfvars'] },
        'Change to 10.8.0.0/16 in vpn_cidr in terraform.tfvars',
      );
      assert.equal(fixed['terraform.tfvars'], 'vpn_cidr = "10.8.0.0/16"\n');
      assert.equal(fixed['main.tf'], clean(files['main.tf']));
    });

    it('offers no edit for a CIDR built by interpolation: the written text is not the value', () => {
      const source = clean(`
        locals {
          base = "10.1.2.0"
        }

        resource "aws_security_group_rule" "app" {
          type              = "egress"
          security_group_id = "sg-0123456789abcdef0"
          from_port         = 8080
          to_port           = 8080
          protocol          = "tcp"
          cidr_blocks       = ["\${local.base}/16"]
        }
      `);
      const findings = lintTf(source).findings.filter((f) => f.ruleId === ID);
      assert.deepEqual(
        findings.map((f) => [f.message, source.slice(f.range.start, f.range.end)]),
        [
          [
            '10.1.2.0/16 has host bits set: the AWS provider rejects it (did you mean 10.1.0.0/16?)',
            '"${local.base}/16"',
          ],
        ],
      );
      assert.deepEqual(renderFixes(findings[0]!, { uri: findings[0]!.uri, text: source, format: 'hcl' }), []);
    });

    it('is silent for valid CIDRs and for CIDRs from a variable without a default', () => {
      expectTfFindings(
        ID,
        `
        variable "admin_cidrs" {
          type = list(string)
        }

        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port        = 22
            to_port          = 22
            protocol         = "tcp"
            cidr_blocks      = var.admin_cidrs
            ipv6_cidr_blocks = ["2001:db8::/32", "::/0"]
          }
        }
        `,
        [],
      );
    });

    it('honours # sg-lint-ignore before the block, and is off or re-graded by configuration', () => {
      const source = `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          # sg-lint-ignore SG201 the provider normalizes it
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.1/8"]
          }
        }
      `;
      expectTfFindings(ID, source, []);
      assert.deepEqual(
        lintTf(clean(source))
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => s.reason)),
        [['the provider normalizes it']],
      );
      const bad = `resource "aws_security_group_rule" "x" {\n  type = "ingress"\n  security_group_id = "sg-1"\n  from_port = 1\n  to_port = 1\n  protocol = "tcp"\n  cidr_blocks = [⟦"10.0.0.0/40"⟧]\n}\n`;
      expectTfFindings(ID, clean(bad), [], { rules: { SG201: 'off' } });
      expectTfFindings(ID, bad, [{ message: /is not a valid IPv4 CIDR/, severity: 'warning' }], {
        rules: { SG201: 'warning' },
      });
    });
  });
});
