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
} from '../helpers/ruleTester';

const ID = 'SG202';

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
${rules.map((r) => `          - { ${r} }`).join('\n')}
`;

const ALL_TYPES_ICMP = 'With all ICMP types (-1), the code must be -1 too';

describe('SG202 invalid-port-range', () => {
  describe('yaml', () => {
    const reversed = `
      Resources:
        WebSG:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web tier
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: ⟦8443⟧ # admin console
                ToPort: 8080
                CidrIp: 10.0.0.0/8
    `;

    it('reports FromPort greater than ToPort at FromPort', () => {
      expectFindings(ID, 'yaml', reversed, [
        {
          message: 'FromPort 8443 is greater than ToPort 8080: AWS rejects the range',
          severity: 'error',
          resource: 'WebSG',
          group: 'WebSG',
        },
      ]);
    });

    it('swaps the two ports, keeping the comment', () => {
      const fixed = applyFix(ID, 'yaml', clean(reversed), 'Swap to 8080–8443');
      assert.equal(
        fixed,
        clean(reversed)
          .replace('FromPort: 8443 # admin console', 'FromPort: 8080 # admin console')
          .replace('ToPort: 8080', 'ToPort: 8443'),
      );
      assert.match(fixed, /FromPort: 8080 # admin console\n {10}ToPort: 8443\n/);
    });

    it('swaps ports in a flow mapping, and for a protocol given by number', () => {
      const source = yamlGroup('IpProtocol: "6", FromPort: ⟦22⟧, ToPort: 21, CidrIp: 10.0.0.0/8');
      expectFindings(ID, 'yaml', source, [
        { message: 'FromPort 22 is greater than ToPort 21: AWS rejects the range' },
      ]);
      const fixed = applyFix(ID, 'yaml', clean(source), 'Swap to 21–22');
      assert.equal(fixed, clean(yamlGroup('IpProtocol: "6", FromPort: 21, ToPort: 22, CidrIp: 10.0.0.0/8')));
    });

    it('reports -1, out-of-range and non-numeric ports on tcp/udp at the port', () => {
      expectFindings(
        ID,
        'yaml',
        yamlGroup(
          'IpProtocol: tcp, FromPort: ⟦-1⟧, ToPort: ⟦-1⟧, CidrIp: 10.0.0.0/8',
          'IpProtocol: udp, FromPort: 1, ToPort: ⟦70000⟧, CidrIp: 10.0.0.0/8',
          'IpProtocol: tcp, FromPort: ⟦abc⟧, ToPort: 80, CidrIp: 10.0.0.0/8',
          'IpProtocol: tcp, FromPort: ⟦80.5⟧, ToPort: 81, CidrIp: 10.0.0.0/8',
        ),
        [
          {
            message:
              'FromPort -1 (all ports) is not valid for tcp: use 0–65535, or protocol -1 for all traffic',
          },
          {
            message:
              'ToPort -1 (all ports) is not valid for tcp: use 0–65535, or protocol -1 for all traffic',
          },
          { message: 'ToPort 70000 is outside 0–65535' },
          { message: 'FromPort is not a whole number' },
          { message: 'FromPort is not a whole number' },
        ],
      );
    });

    it('reports tcp/udp and icmp rules without ports at the rule, but not icmpv6 (AWS defaults it to all)', () => {
      expectFindings(
        ID,
        'yaml',
        yamlGroup(
          '⟦IpProtocol: tcp⟧, CidrIp: 10.0.0.0/8',
          '⟦IpProtocol: udp⟧, FromPort: 53, CidrIp: 10.0.0.0/8',
          '⟦IpProtocol: icmp⟧, CidrIp: 10.0.0.0/8',
          'IpProtocol: icmpv6, CidrIpv6: "fd00::/8"',
        ),
        [
          { message: 'A tcp rule needs both FromPort and ToPort (0–65535)' },
          { message: 'A udp rule needs both FromPort and ToPort (0–65535)' },
          { message: 'An ICMP rule needs FromPort (type) and ToPort (code); use -1 for all' },
        ],
      );
    });

    it('reports ICMP types and codes out of range, and a code with all types', () => {
      expectFindings(
        ID,
        'yaml',
        yamlGroup(
          'IpProtocol: icmp, FromPort: ⟦300⟧, ToPort: 0, CidrIp: 10.0.0.0/8',
          'IpProtocol: icmpv6, FromPort: 128, ToPort: ⟦-2⟧, CidrIpv6: "fd00::/8"',
          'IpProtocol: icmp, FromPort: -1, ToPort: ⟦3⟧, CidrIp: 10.0.0.0/8',
        ),
        [
          { message: 'ICMP type (FromPort) 300 is outside -1–255' },
          { message: 'ICMPv6 code (ToPort) -2 is outside -1–255' },
          { message: ALL_TYPES_ICMP },
        ],
      );
    });

    it('reports a protocol AWS does not know, and a rule without IpProtocol', () => {
      expectFindings(
        ID,
        'yaml',
        yamlGroup(
          'IpProtocol: ⟦http⟧, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8',
          'IpProtocol: ⟦256⟧, CidrIp: 10.0.0.0/8',
          '⟦FromPort: 80⟧, ToPort: 80, CidrIp: 10.0.0.0/8',
        ),
        [
          {
            message:
              'The protocol is not one AWS accepts: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0–255',
          },
          {
            message:
              'The protocol is not one AWS accepts: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0–255',
          },
          {
            message:
              'The rule has no IpProtocol: AWS requires one (tcp, udp, icmp, icmpv6, -1 or a protocol number)',
          },
        ],
      );
    });

    it('warns that AWS ignores the ports of protocol -1 and of other protocol numbers (the idioms -1/-1 and 0/0 are fine)', () => {
      expectFindings(
        ID,
        'yaml',
        yamlGroup(
          'IpProtocol: -1, FromPort: ⟦443, ToPort: 80⟧, CidrIp: 10.0.0.0/8',
          'IpProtocol: "47", FromPort: ⟦70000, ToPort: -5⟧, CidrIp: 10.0.0.0/8',
          'IpProtocol: all, CidrIp: 10.0.0.0/8',
          'IpProtocol: -1, FromPort: -1, ToPort: -1, CidrIp: 10.0.0.0/8',
          'IpProtocol: -1, FromPort: 0, ToPort: 0, CidrIp: 10.0.0.0/8',
        ),
        [
          {
            message:
              'FromPort 443 and ToPort 80 are ignored with protocol -1 (all traffic): AWS opens every port',
            severity: 'warning',
          },
          {
            message: 'FromPort 70000 and ToPort -5 are ignored with IP protocol 47: AWS opens every port',
            severity: 'warning',
          },
        ],
      );
    });

    it('warns that tcp/udp with ports 0/0 opens port 0 only, not every port', () => {
      expectFindings(
        ID,
        'yaml',
        yamlGroup(
          'IpProtocol: tcp, FromPort: ⟦0, ToPort: 0⟧, CidrIp: 10.0.0.0/8',
          'IpProtocol: udp, FromPort: ⟦"0", ToPort: "0"⟧, CidrIp: 10.0.0.0/8',
          'IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 10.0.0.0/8',
          'IpProtocol: tcp, FromPort: 0, ToPort: 1, CidrIp: 10.0.0.0/8',
        ),
        [
          {
            message:
              'FromPort 0 and ToPort 0 open tcp port 0 only: every port is 0–65535 (0/0 means all only with protocol -1)',
            severity: 'warning',
          },
          {
            message:
              'FromPort 0 and ToPort 0 open udp port 0 only: every port is 0–65535 (0/0 means all only with protocol -1)',
            severity: 'warning',
          },
        ],
      );
    });

    it('is silent when ports or the protocol depend on a parameter without a default', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          AppPort:
            Type: Number
          Proto:
            Type: String
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: !Ref AppPort, ToPort: 80, CidrIp: 10.0.0.0/8 }
                - { IpProtocol: !Ref Proto, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }
      `,
        [],
      );
    });

    it('names the condition when the bad range exists under one branch of Fn::If, and offers no swap', () => {
      const source = `
        Parameters:
          Env:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: ⟦!If [IsProd, 9000, 80]⟧
                  ToPort: 8080
                  CidrIp: 10.0.0.0/8
      `;
      const [finding] = expectFindings(ID, 'yaml', source, [
        {
          message:
            'FromPort 9000 is greater than ToPort 8080: AWS rejects the range when condition IsProd is true',
        },
      ]);
      // Swapping the whole Fn::If with 8080 would make the other branch 8080–80: no edit is offered.
      const result = lint(clean(source), 'yaml');
      assert.deepEqual(
        renderFixes(finding!, { uri: result.uri, text: result.text, format: 'yaml', tree: result.tree }),
        [],
      );
    });

    it('honours # sg-lint-ignore on the line before the resource', () => {
      const source = reversed.replace(
        '        WebSG:',
        '        # sg-lint-ignore SG202 rewritten by a macro\n        WebSG:',
      );
      expectFindings(ID, 'yaml', clean(source), []);
      assert.deepEqual(suppressedBy('yaml', source), [{ tool: 'sg-lint', reason: 'rewritten by a macro' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'yaml', clean(reversed), [], { rules: { SG202: 'off' } });
      expectFindings(ID, 'yaml', reversed, [{ message: /^FromPort 8443 is greater/, severity: 'warning' }], {
        rules: { SG202: 'warning' },
      });
    });
  });

  describe('json', () => {
    const reversed = `
      {
        "Resources": {
          "WebSG": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
              "GroupDescription": "web tier",
              "SecurityGroupIngress": [
                { "IpProtocol": "tcp", "FromPort": ⟦443⟧, "ToPort": 80, "CidrIp": "10.0.0.0/8" }
              ]
            }
          }
        }
      }
    `;

    it('reports FromPort greater than ToPort and swaps them', () => {
      expectFindings(ID, 'json', reversed, [
        { message: 'FromPort 443 is greater than ToPort 80: AWS rejects the range', severity: 'error' },
      ]);
      const fixed = applyFix(ID, 'json', clean(reversed), 'Swap to 80–443');
      assert.equal(
        fixed,
        clean(reversed).replace('"FromPort": 443, "ToPort": 80', '"FromPort": 80, "ToPort": 443'),
      );
    });

    it('swaps ports written as strings, keeping them strings', () => {
      const source = reversed.replace(
        '"FromPort": ⟦443⟧, "ToPort": 80',
        '"FromPort": ⟦"443"⟧, "ToPort": "80"',
      );
      expectFindings(ID, 'json', source, [
        { message: 'FromPort 443 is greater than ToPort 80: AWS rejects the range' },
      ]);
      const fixed = applyFix(ID, 'json', clean(source), 'Swap to 80–443');
      assert.equal(
        fixed,
        clean(reversed).replace('"FromPort": 443, "ToPort": 80', '"FromPort": "80", "ToPort": "443"'),
      );
    });

    it('reports -1 on udp, an unknown protocol, a missing IpProtocol and a bad ICMP type', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "udp", "FromPort": ⟦-1⟧, "ToPort": 53, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": ⟦"http"⟧, "FromPort": 80, "ToPort": 80, "CidrIp": "10.0.0.0/8" },
                  { ⟦"FromPort": 80⟧, "ToPort": 80, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "icmp", "FromPort": ⟦300⟧, "ToPort": -1, "CidrIp": "10.0.0.0/8" },
                  { ⟦"IpProtocol": "tcp"⟧, "CidrIp": "10.0.0.0/8" }
                ]
              }
            }
          }
        }
      `,
        [
          {
            message:
              'FromPort -1 (all ports) is not valid for udp: use 0–65535, or protocol -1 for all traffic',
          },
          {
            message:
              'The protocol is not one AWS accepts: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0–255',
          },
          {
            message:
              'The rule has no IpProtocol: AWS requires one (tcp, udp, icmp, icmpv6, -1 or a protocol number)',
          },
          { message: 'ICMP type (FromPort) 300 is outside -1–255' },
          { message: 'A tcp rule needs both FromPort and ToPort (0–65535)' },
        ],
      );
    });

    it('warns that tcp with ports 0/0 opens port 0 only, also when the ports come from a parameter default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "NoPort": { "Type": "Number", "Default": 0 } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": ⟦0, "ToPort": 0⟧, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "tcp", "FromPort": ⟦{ "Ref": "NoPort" }, "ToPort": { "Ref": "NoPort" }⟧, "CidrIp": "10.1.0.0/16" }
                ]
              }
            }
          }
        }
      `,
        [
          {
            message:
              'FromPort 0 and ToPort 0 open tcp port 0 only: every port is 0–65535 (0/0 means all only with protocol -1)',
            severity: 'warning',
          },
          {
            message:
              'FromPort 0 and ToPort 0 open tcp port 0 only: every port is 0–65535 (0/0 means all only with protocol -1)',
            severity: 'warning',
          },
        ],
      );
    });

    it('is silent for valid ranges, protocol -1 and a parameter without a default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "AppPort": { "Type": "Number" } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "CidrIp": "10.0.0.0/8" },
                  { "IpProtocol": "tcp", "FromPort": { "Ref": "AppPort" }, "ToPort": { "Ref": "AppPort" }, "CidrIp": "10.0.0.0/8" }
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
      const source = reversed.replace(
        '"Type": "AWS::EC2::SecurityGroup",',
        '"Type": "AWS::EC2::SecurityGroup",\n          "Metadata": { "sg-lint": { "ignore": [{ "id": "SG202", "reason": "negative fixture" }] } },',
      );
      expectFindings(ID, 'json', clean(source), []);
      assert.deepEqual(suppressedBy('json', source), [{ tool: 'sg-lint', reason: 'negative fixture' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', clean(reversed), [], { rules: { SG202: 'off' } });
      expectFindings(ID, 'json', reversed, [{ message: /^FromPort 443 is greater/, severity: 'note' }], {
        rules: { SG202: 'note' },
      });
    });
  });

  describe('terraform', () => {
    /** A group whose inline ingress blocks have the given bodies. */
    const tfGroup = (...blocks: string[]): string => `
      resource "aws_security_group" "web" {
        name        = "web"
        description = "web tier"
        vpc_id      = "vpc-0123456789abcdef0"
${blocks.map((b) => `\n        ingress {\n${b.trim().replace(/^ */gm, '          ')}\n          cidr_blocks = ["10.0.0.0/8"]\n        }`).join('\n')}
      }
    `;

    it('reports from_port greater than to_port at from_port, in Terraform names', () => {
      expectTfFindings(ID, tfGroup('from_port = ⟦8080⟧\nto_port = 80\nprotocol = "tcp"'), [
        {
          message: 'from_port 8080 is greater than to_port 80: AWS rejects the range',
          severity: 'error',
          resource: 'aws_security_group.web',
          group: 'aws_security_group.web',
        },
      ]);
    });

    it('swaps from_port and to_port in place', () => {
      const fixed = applyTfFix(
        ID,
        clean(`
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 8080 # app
            to_port     = 80
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `),
        'Swap to 80–8080',
      );
      assert.equal(
        fixed['main.tf'],
        clean(`
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 80 # app
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `),
      );
    });

    it('reports and swaps reversed ports of aws_vpc_security_group_ingress_rule', () => {
      const source = `
        resource "aws_vpc_security_group_ingress_rule" "app" {
          security_group_id = "sg-0123456789abcdef0"
          from_port         = ⟦443⟧
          to_port           = 80
          ip_protocol       = "tcp"
          cidr_ipv4         = "10.0.0.0/8"
        }
      `;
      expectTfFindings(ID, source, [
        {
          message: 'from_port 443 is greater than to_port 80: AWS rejects the range',
          resource: 'aws_vpc_security_group_ingress_rule.app',
          group: 'sg-0123456789abcdef0',
        },
      ]);
      const fixed = applyTfFix(ID, clean(source), 'Swap to 80–443');
      assert.equal(
        fixed['main.tf'],
        clean(source).replace('= 443', '= 80').replace('= 80\n  ip', '= 443\n  ip'),
      );
    });

    it('swaps ports set by variable defaults where they are written', () => {
      const files = {
        'main.tf': clean(`
        resource "aws_security_group_rule" "app" {
          type              = "ingress"
          security_group_id = "sg-0123456789abcdef0"
          from_port         = var.app_from
          to_port           = var.app_to
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }
        `),
        'variables.tf': clean(`
        variable "app_from" {
          default = 9000
        }

        variable "app_to" {
          default = 8000
        }
        `),
      };
      const fixed = applyTfFix(ID, files, 'Swap to 8000–9000');
      assert.deepEqual(fixed, {
        'main.tf': files['main.tf'],
        'variables.tf': clean(`
        variable "app_from" {
          default = 8000
        }

        variable "app_to" {
          default = 9000
        }
        `),
      });
    });

    it('reports -1 ports on tcp, ports outside 0–65535 and ICMP types outside -1–255', () => {
      expectTfFindings(
        ID,
        tfGroup(
          'from_port = ⟦-1⟧\nto_port = ⟦-1⟧\nprotocol = "tcp"',
          'from_port = 0\nto_port = ⟦70000⟧\nprotocol = "udp"',
          'from_port = ⟦300⟧\nto_port = 0\nprotocol = "icmp"',
        ),
        [
          {
            message:
              'from_port -1 (all ports) is not valid for tcp: use 0–65535, or protocol -1 for all traffic',
          },
          {
            message:
              'to_port -1 (all ports) is not valid for tcp: use 0–65535, or protocol -1 for all traffic',
          },
          { message: 'to_port 70000 is outside 0–65535' },
          { message: 'ICMP type (from_port) 300 is outside -1–255' },
        ],
      );
    });

    it('reports missing ports on tcp at the block, and a protocol AWS does not know at the value', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ⟦ingress {⟧
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }

          ingress {
            from_port   = 80
            to_port     = 80
            protocol    = ⟦"http"⟧
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
        `,
        [
          { message: 'A tcp rule needs both from_port and to_port (0–65535)' },
          {
            message:
              'The protocol is not one AWS accepts: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0–255',
          },
        ],
      );
    });

    it('reports the missing ip_protocol of aws_vpc_security_group_egress_rule at its name', () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_vpc_security_group_egress_rule" "out"⟧ {
          security_group_id = "sg-0123456789abcdef0"
          cidr_ipv4         = "10.0.0.0/8"
        }
        `,
        [
          {
            message:
              'The rule has no ip_protocol: AWS requires one (tcp, udp, icmp, icmpv6, -1 or a protocol number)',
          },
        ],
      );
    });

    it('rejects an inline rule with protocol "-1" and ports other than 0, as Terraform does', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ⟦egress {⟧
            from_port   = 22
            to_port     = 22
            protocol    = "-1"
            cidr_blocks = ["10.0.0.0/8"]
          }

          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["10.1.0.0/16"]
          }
        }
        `,
        [
          {
            message:
              'Terraform rejects protocol "-1" with from_port 22 and to_port 22 in an inline rule: both must be 0',
            severity: 'error',
          },
        ],
      );
    });

    it('warns instead for a separate aws_security_group_rule with protocol "-1" and ports: AWS opens every port', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group_rule" "all" {
          type              = "ingress"
          security_group_id = "sg-0123456789abcdef0"
          from_port         = ⟦22
          to_port           = 22⟧
          protocol          = "-1"
          cidr_blocks       = ["10.0.0.0/8"]
        }
        `,
        [
          {
            message:
              'from_port 22 and to_port 22 are ignored with protocol -1 (all traffic): AWS opens every port',
            severity: 'warning',
            resource: 'aws_security_group_rule.all',
          },
        ],
      );
    });

    it('warns that tcp with ports 0/0 opens port 0 only (the provider issue #27525 mistake), in every resource kind', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = ⟦0
            to_port     = 0⟧
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }

        resource "aws_vpc_security_group_ingress_rule" "udp" {
          security_group_id = aws_security_group.web.id
          ip_protocol       = "udp"
          from_port         = ⟦0
          to_port           = 0⟧
          cidr_ipv4         = "10.0.0.0/8"
        }
        `,
        [
          {
            message:
              'from_port 0 and to_port 0 open tcp port 0 only: every port is 0–65535 (0/0 means all only with protocol -1)',
            severity: 'warning',
            resource: 'aws_security_group.web',
          },
          {
            message:
              'from_port 0 and to_port 0 open udp port 0 only: every port is 0–65535 (0/0 means all only with protocol -1)',
            severity: 'warning',
            resource: 'aws_vpc_security_group_ingress_rule.udp',
          },
        ],
      );
    });

    it('is silent for valid rules, protocol numbers, ICMP -1 and ports from variables without a default', () => {
      expectTfFindings(
        ID,
        `
        variable "port" {
          type = number
        }
        ${tfGroup(
          'from_port = 0\nto_port = 65535\nprotocol = "6"',
          'from_port = -1\nto_port = -1\nprotocol = "icmp"',
          'from_port = 0\nto_port = 0\nprotocol = "-1"',
          'from_port = var.port\nto_port = var.port\nprotocol = "tcp"',
          'from_port = 8\nto_port = 0\nprotocol = 1',
        )}
        resource "aws_vpc_security_group_ingress_rule" "all" {
          security_group_id = aws_security_group.web.id
          ip_protocol       = "-1"
          cidr_ipv4         = "10.0.0.0/8"
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

          # sg-lint-ignore SG202 fixed in the next release
          ingress {
            from_port   = 8080
            to_port     = 80
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }
      `;
      expectTfFindings(ID, source, []);
      assert.deepEqual(
        lintTf(clean(source))
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => s.reason)),
        [['fixed in the next release']],
      );
      const reversed = tfGroup('from_port = ⟦8080⟧\nto_port = 80\nprotocol = "tcp"');
      expectTfFindings(ID, clean(reversed), [], { rules: { SG202: 'off' } });
      expectTfFindings(ID, reversed, [{ message: /^from_port 8080 is greater/, severity: 'warning' }], {
        rules: { SG202: 'warning' },
      });
    });
  });
});
