import * as assert from 'node:assert/strict';
import type { Finding } from '../../rules/types';
import { renderFixes } from '../../server/src/fixes/render';
import {
  applyFix,
  applyTfFix,
  dedent,
  expectFindings,
  expectTfFindings,
  findingsOf,
  lint,
  lintTf,
} from '../helpers/ruleTester';

const ID = 'SG203';
const REMOVE = 'Remove the duplicate rule';

const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');

const suppressedBy = (format: 'yaml' | 'json', source: string): { tool: string; reason?: string }[] =>
  lint(clean(source), format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

const duplicate = (summary: string, group = 'WebSG'): string =>
  `Duplicate of an earlier rule in ${group} (${summary}): AWS rejects the same permission twice`;

describe('SG203 duplicate-rule', () => {
  describe('yaml', () => {
    const twice = `
      Resources:
        WebSG:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web tier
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 22
                ToPort: 22
                CidrIp: 10.0.0.0/8
                Description: ssh from the office
              - ⟦IpProtocol: tcp⟧
                FromPort: 22
                ToPort: 22
                CidrIp: 10.0.0.0/8
                Description: ssh again, worded differently
              - IpProtocol: tcp
                FromPort: 443
                ToPort: 443
                CidrIp: 0.0.0.0/0
    `;

    it('reports the second of two identical inline permissions, even with different descriptions', () => {
      const [finding] = expectFindings(ID, 'yaml', twice, [
        {
          message: duplicate('tcp 22 from 10.0.0.0/8'),
          severity: 'error',
          resource: 'WebSG',
          group: 'WebSG',
        },
      ]);
      const text = clean(twice);
      assert.deepEqual(
        finding!.related?.map((r) => [text.slice(r.range.start, r.range.end), r.message]),
        [['IpProtocol: tcp', 'The same permission is first granted here']],
      );
      assert.equal(finding!.related[0]!.range.start, text.indexOf('- IpProtocol: tcp') + 2);
    });

    it('removes the duplicate item from a block list, keeping the items around it', () => {
      const fixed = applyFix(ID, 'yaml', clean(twice), REMOVE);
      assert.equal(
        fixed,
        clean(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 10.0.0.0/8
                  Description: ssh from the office
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 0.0.0.0/0
      `),
      );
    });

    it('removes the last item of a block list without touching the next property', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupEgress:
                - { IpProtocol: -1, CidrIp: 10.0.0.0/8 }
                - { IpProtocol: "-1", CidrIp: 10.0.0.0/8 } # copied from the wiki
              VpcId: vpc-0123456789abcdef0
      `;
      const fixed = applyFix(ID, 'yaml', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupEgress:
                - { IpProtocol: -1, CidrIp: 10.0.0.0/8 }
              VpcId: vpc-0123456789abcdef0
      `),
      );
    });

    it('removes the item and its comma from a flow list', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress: [{ IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIp: 10.0.0.0/8 }, { IpProtocol: "17", FromPort: 53, ToPort: 53, CidrIp: 10.0.0.0/8 }, { IpProtocol: tcp, FromPort: 53, ToPort: 53, CidrIp: 10.0.0.0/8 }]
      `;
      expectFindings(ID, 'yaml', source.replace('{ IpProtocol: "17"', '{ ⟦IpProtocol: "17"⟧'), [
        { message: duplicate('udp 53 from 10.0.0.0/8') },
      ]);
      const fixed = applyFix(ID, 'yaml', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(source).replace('{ IpProtocol: "17", FromPort: 53, ToPort: 53, CidrIp: 10.0.0.0/8 }, ', ''),
      );
      assert.match(
        fixed,
        /SecurityGroupIngress: \[\{ IpProtocol: udp, [^\]]*\}, \{ IpProtocol: tcp, [^\]]*\}\]\n/,
      );
    });

    it('reports a standalone rule that repeats an inline one, at its logical ID, and removes the resource', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 0.0.0.0/0
          ⟦HttpsFromAnywhere⟧:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt WebSG.GroupId
              IpProtocol: "6"
              FromPort: 443
              ToPort: 443
              CidrIp: 0.0.0.0/0
          Web:
            Type: AWS::EC2::Instance
            Properties:
              SecurityGroupIds: [!Ref WebSG]
      `;
      expectFindings(ID, 'yaml', source, [
        { message: duplicate('tcp 443 from 0.0.0.0/0'), resource: 'HttpsFromAnywhere', group: 'WebSG' },
      ]);
      const fixed = applyFix(ID, 'yaml', clean(source), REMOVE);
      assert.equal(fixed, clean(source).replace(/ {2}HttpsFromAnywhere:\n(?: {4}.*\n)+/, ''));
      assert.doesNotMatch(fixed, /HttpsFromAnywhere/);
      assert.match(fixed, /\n {2}Web:\n/);
    });

    it('treats CIDRs that AWS normalizes to the same block as the same permission (10.0.0.1/8 is 10.0.0.0/8)', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8 }
                - { ⟦IpProtocol: tcp⟧, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.1/8 }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: "2001:db8::/32" }
                - { ⟦IpProtocol: tcp⟧, FromPort: 22, ToPort: 22, CidrIpv6: "2001:0db8:0000::/32" }
      `,
        [
          { message: duplicate('tcp 22 from 10.0.0.1/8') },
          { message: duplicate('tcp 22 from 2001:0db8:0000::/32') },
        ],
      );
    });

    it('does not count the two branches of one Fn::If as duplicates', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          Env:
            Type: String
            Default: dev
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - !If
                  - IsProd
                  - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: prod }
                  - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: dev }
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: !If [IsProd, 10.0.0.0/8, 10.0.0.0/8]
      `,
        [],
      );
    });

    it('reports a Fn::If branch that repeats an unconditional rule, and removes just that branch', () => {
      const source = `
        Parameters:
          Env:
            Type: String
            Default: dev
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }
                - !If [IsProd, { ⟦IpProtocol: tcp⟧, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }, { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8 }]
      `;
      expectFindings(ID, 'yaml', source, [
        { message: `${duplicate('tcp 443 from 10.0.0.0/8')} when condition IsProd is true` },
      ]);
      const fixed = applyFix(ID, 'yaml', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(source).replace(
          '!If [IsProd, { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }, {',
          '!If [IsProd, !Ref AWS::NoValue, {',
        ),
      );
    });

    it('offers no removal when the earlier copy exists only under a condition: removing this one would change the other branch', () => {
      const source = `
        Parameters:
          Env:
            Type: String
            Default: dev
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: !If [IsProd, 10.0.0.0/8, 192.168.0.0/16]
                - ⟦IpProtocol: tcp⟧
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 10.0.0.0/8
      `;
      const [finding] = expectFindings(ID, 'yaml', source, [
        { message: `${duplicate('tcp 443 from 10.0.0.0/8')} when condition IsProd is true` },
      ]);
      assert.deepEqual(finding!.fixes, []);
    });

    it('offers no removal for one Fn::If variant of a written rule: removing it would drop the other variant too', () => {
      const source = `
        Conditions:
          IsProd: !Equals [a, b]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web tier
              SecurityGroupIngress:
                - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }
                - { ⟦IpProtocol: tcp⟧, FromPort: 443, ToPort: 443, CidrIp: !If [IsProd, 10.0.0.0/8, 192.168.0.0/16] }
      `;
      const [finding] = expectFindings(ID, 'yaml', source, [
        { message: `${duplicate('tcp 443 from 10.0.0.0/8')} when condition IsProd is true` },
      ]);
      assert.deepEqual(finding!.fixes, []);
    });

    it('is silent for different ports, peers or directions, and for CIDRs from a parameter without a default', () => {
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
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8 }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 23, CidrIp: 10.0.0.0/8 }
                - { IpProtocol: udp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8 }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/16 }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref OfficeCidr }
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref OfficeCidr }
              SecurityGroupEgress:
                - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8 }
      `,
        [],
      );
    });

    it('honours # sg-lint-ignore on the line before the rule', () => {
      const source = twice.replace(
        '              - ⟦IpProtocol: tcp⟧',
        '              # sg-lint-ignore SG203 removed in the next change\n              - IpProtocol: tcp',
      );
      expectFindings(ID, 'yaml', source, []);
      assert.deepEqual(suppressedBy('yaml', source), [
        { tool: 'sg-lint', reason: 'removed in the next change' },
      ]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'yaml', clean(twice), [], { rules: { SG203: 'off' } });
      expectFindings(
        ID,
        'yaml',
        twice,
        [{ message: duplicate('tcp 22 from 10.0.0.0/8'), severity: 'warning' }],
        { rules: { SG203: 'warning' } },
      );
    });
  });

  describe('json', () => {
    const twice = `
      {
        "Resources": {
          "WebSG": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
              "GroupDescription": "web tier",
              "SecurityGroupIngress": [
                { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8", "Description": "office" },
                { ⟦"IpProtocol": "tcp"⟧, "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8", "Description": "vpn" }
              ]
            }
          }
        }
      }
    `;

    it('reports the second of two identical permissions', () => {
      expectFindings(ID, 'json', twice, [
        { message: duplicate('tcp 22 from 10.0.0.0/8'), severity: 'error', resource: 'WebSG' },
      ]);
    });

    it('removes the last array item together with the comma before it', () => {
      const fixed = applyFix(ID, 'json', clean(twice), REMOVE);
      assert.equal(
        fixed,
        clean(`
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8", "Description": "office" }
                ]
              }
            }
          }
        }
      `),
      );
    });

    it('removes a middle array item together with the comma after it', () => {
      const source = twice.replace(
        '"Description": "vpn" }',
        '"Description": "vpn" },\n              { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0" }',
      );
      const fixed = applyFix(ID, 'json', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(`
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8", "Description": "office" },
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0" }
                ]
              }
            }
          }
        }
      `),
      );
    });

    it('reports and removes a standalone egress resource that repeats an inline rule', () => {
      const source = `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupEgress": [{ "IpProtocol": "-1", "CidrIp": "0.0.0.0/0" }]
              }
            },
            ⟦"AllOut"⟧: {
              "Type": "AWS::EC2::SecurityGroupEgress",
              "Properties": { "GroupId": { "Ref": "WebSG" }, "IpProtocol": -1, "CidrIp": "0.0.0.0/0" }
            },
            "Web": { "Type": "AWS::EC2::Instance", "Properties": { "SecurityGroupIds": [{ "Ref": "WebSG" }] } }
          }
        }
      `;
      expectFindings(ID, 'json', source, [
        { message: duplicate('all traffic to 0.0.0.0/0'), resource: 'AllOut', group: 'WebSG' },
      ]);
      const fixed = applyFix(ID, 'json', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(`
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupEgress": [{ "IpProtocol": "-1", "CidrIp": "0.0.0.0/0" }]
              }
            },
            "Web": { "Type": "AWS::EC2::Instance", "Properties": { "SecurityGroupIds": [{ "Ref": "WebSG" }] } }
          }
        }
      `),
      );
    });

    it('replaces a duplicate Fn::If branch with AWS::NoValue', () => {
      const source = `
        {
          "Conditions": { "IsProd": { "Fn::Equals": ["a", "b"] } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web tier",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8" },
                  { "Fn::If": ["IsProd", { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8" }, { "Ref": "AWS::NoValue" }] }
                ]
              }
            }
          }
        }
      `;
      const fixed = applyFix(ID, 'json', clean(source), REMOVE);
      assert.equal(
        fixed,
        clean(source).replace(
          '["IsProd", { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8" }, {',
          '["IsProd", { "Ref": "AWS::NoValue" }, {',
        ),
      );
    });

    it('is silent for different permissions and for a CIDR from a parameter without a default', () => {
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
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": { "Ref": "OfficeCidr" } },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv6": "::/0" },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" }
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
      const source = twice.replace(
        '"Type": "AWS::EC2::SecurityGroup",',
        '"Type": "AWS::EC2::SecurityGroup",\n          "Metadata": { "sg-lint": { "ignore": [{ "id": "SG203", "reason": "known" }] } },',
      );
      expectFindings(ID, 'json', clean(source), []);
      assert.deepEqual(suppressedBy('json', source), [{ tool: 'sg-lint', reason: 'known' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', clean(twice), [], { rules: { SG203: 'off' } });
      expectFindings(
        ID,
        'json',
        twice,
        [{ message: duplicate('tcp 22 from 10.0.0.0/8'), severity: 'note' }],
        { rules: { SG203: 'note' } },
      );
      assert.equal(findingsOf(lint(clean(twice), 'json'), ID).length, 1);
    });
  });

  describe('terraform', () => {
    const related = (f: Finding, text: string): string[] =>
      (f.related ?? []).map((r) => `${r.message}: ${text.slice(r.range.start, r.range.end)}`);

    const twiceInline = `
      resource "aws_security_group" "web" {
        name        = "web"
        description = "web tier"
        vpc_id      = "vpc-0123456789abcdef0"

        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8"]
          description = "ssh from the office"
        }

        ⟦ingress {⟧
          from_port   = 22
          to_port     = 22
          protocol    = "6"
          cidr_blocks = ["10.0.0.0/8"]
          description = "ssh again"
        }
      }
    `;

    it('reports the second of two inline blocks with the same permission, pointing at the first', () => {
      const [finding] = expectTfFindings(ID, twiceInline, [
        {
          message:
            'Duplicate of an earlier rule in aws_security_group.web (tcp 22 from 10.0.0.0/8): AWS rejects the same permission twice',
          severity: 'error',
          resource: 'aws_security_group.web',
          group: 'aws_security_group.web',
        },
      ]);
      const text = clean(twiceInline);
      assert.deepEqual(related(finding!, text), ['The same permission is first granted here: ingress {']);
      assert.equal(finding!.related![0]!.range.start, text.indexOf('ingress {'));
    });

    it('removes the duplicate inline block', () => {
      const fixed = applyTfFix(ID, clean(twiceInline), REMOVE);
      assert.equal(
        fixed['main.tf'],
        clean(`
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
            description = "ssh from the office"
          }
        }
        `),
      );
    });

    const inlineAndResources = `
      resource "aws_security_group" "web" {
        name        = "web"
        description = "web tier"
        vpc_id      = "vpc-0123456789abcdef0"

        ingress {
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
        }
      }

      ⟦resource "aws_security_group_rule" "https"⟧ {
        type              = "ingress"
        security_group_id = aws_security_group.web.id
        from_port         = 443
        to_port           = 443
        protocol          = "tcp"
        cidr_blocks       = ["192.168.0.0/16"]
      }

      ⟦resource "aws_vpc_security_group_ingress_rule" "https"⟧ {
        security_group_id = aws_security_group.web.id
        from_port         = 443
        to_port           = 443
        ip_protocol       = "tcp"
        cidr_ipv4         = "10.0.0.1/8"
      }
    `;

    it('reports rule resources that repeat an inline permission, at their names', () => {
      const findings = expectTfFindings(ID, inlineAndResources, [
        {
          message:
            'Duplicate of an earlier rule in aws_security_group.web (tcp 443 from 192.168.0.0/16): AWS rejects the same permission twice',
          resource: 'aws_security_group_rule.https',
          group: 'aws_security_group.web',
        },
        {
          // 10.0.0.1/8 is 10.0.0.0/8 to AWS.
          message:
            'Duplicate of an earlier rule in aws_security_group.web (tcp 443 from 10.0.0.1/8): AWS rejects the same permission twice',
          resource: 'aws_vpc_security_group_ingress_rule.https',
        },
      ]);
      const text = clean(inlineAndResources);
      for (const f of findings)
        assert.deepEqual(related(f, text), ['The same permission is first granted here: ingress {']);
    });

    it('removes a duplicate rule resource', () => {
      const fixed = applyTfFix(ID, clean(inlineAndResources), REMOVE);
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
            cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
          }
        }

        resource "aws_vpc_security_group_ingress_rule" "https" {
          security_group_id = aws_security_group.web.id
          from_port         = 443
          to_port           = 443
          ip_protocol       = "tcp"
          cidr_ipv4         = "10.0.0.1/8"
        }
        `),
      );
    });

    const sharedCidr = `
      resource "aws_security_group" "web" {
        name        = "web"
        description = "web tier"
        vpc_id      = "vpc-0123456789abcdef0"

        ingress {
          from_port   = 5432
          to_port     = 5432
          protocol    = "tcp"
          cidr_blocks = ["10.1.0.0/16"]
        }

        ⟦ingress {⟧
          from_port   = 5432
          to_port     = 5432
          protocol    = "tcp"
          cidr_blocks = ["10.2.0.0/16", "10.1.0.0/16"]
        }
      }
    `;

    it('reports the same CIDR in two blocks once, for that CIDR, and offers no removal of a block that holds other CIDRs', () => {
      expectTfFindings(ID, sharedCidr, [
        {
          message:
            'Duplicate of an earlier rule in aws_security_group.web (tcp 5432 from 10.1.0.0/16): AWS rejects the same permission twice',
        },
      ]);
      const text = clean(sharedCidr);
      const finding = lintTf(text).findings.find((f) => f.ruleId === ID)!;
      assert.deepEqual(
        finding.fixes?.map((f) => f.title),
        [],
      );
      assert.deepEqual(renderFixes(finding, { uri: finding.uri, text, format: 'hcl' }), []);
    });

    it('does not take count instances of one rule resource, or rules of different instances of a group, for duplicates', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "worker" {
          count       = 2
          name        = "worker-\${count.index}"
          description = "worker"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }

        resource "aws_security_group_rule" "worker_https" {
          count             = 2
          type              = "ingress"
          security_group_id = aws_security_group.worker[count.index].id
          from_port         = 443
          to_port           = 443
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }

        resource "aws_vpc_security_group_egress_rule" "per_env" {
          for_each          = toset(["dev", "prod"])
          security_group_id = "sg-0123456789abcdef0"
          from_port         = 443
          to_port           = 443
          ip_protocol       = "tcp"
          cidr_ipv4         = "10.0.0.0/8"
        }
        `,
        [],
      );
    });

    it('is silent for the same ports in the other direction, and for CIDRs from a variable without a default', () => {
      expectTfFindings(
        ID,
        `
        variable "office_cidr" {}

        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8", var.office_cidr]
          }

          egress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }

          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = [var.office_cidr]
          }
        }
        `,
        [],
      );
    });

    it('honours # sg-lint-ignore before the block, and is off or re-graded by configuration', () => {
      const suppressed = twiceInline.replace(
        '        ⟦ingress {⟧',
        '        # sg-lint-ignore SG203 removed in the next change\n        ingress {',
      );
      expectTfFindings(ID, suppressed, []);
      assert.deepEqual(
        lintTf(clean(suppressed))
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => s.reason)),
        [['removed in the next change']],
      );
      expectTfFindings(ID, clean(twiceInline), [], { rules: { SG203: 'off' } });
      expectTfFindings(ID, twiceInline, [{ message: /^Duplicate of an earlier rule/, severity: 'warning' }], {
        rules: { SG203: 'warning' },
      });
    });
  });
});
