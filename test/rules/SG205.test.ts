import * as assert from 'node:assert/strict';
import { ruleById } from '../../rules/index';
import type { Finding } from '../../rules/types';
import { dedent, expectFindings, expectTfFindings, lint, lintTf, TF_DIR } from '../helpers/ruleTester';

const ID = 'SG205';

/** Inline and standalone rules on one group: a perpetual diff in Terraform, normal in CloudFormation. */
const yamlMixed = `
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
    SshIn:
      Type: AWS::EC2::SecurityGroupIngress
      Properties:
        GroupId: !Ref WebSG
        IpProtocol: tcp
        FromPort: 22
        ToPort: 22
        CidrIp: 10.0.0.0/8
`;

const jsonMixed = `
  {
    "Resources": {
      "WebSG": {
        "Type": "AWS::EC2::SecurityGroup",
        "Properties": {
          "GroupDescription": "web tier",
          "SecurityGroupEgress": [{ "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0" }]
        }
      },
      "DnsOut": {
        "Type": "AWS::EC2::SecurityGroupEgress",
        "Properties": { "GroupId": { "Fn::GetAtt": ["WebSG", "GroupId"] }, "IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "CidrIp": "10.0.0.2/32" }
      }
    }
  }
`;

/** Inline and standalone (non-implicit) rules of WebSG, as the model sees them. */
function ruleKinds(text: string, format: 'yaml' | 'json'): { inline: number; standalone: number } {
  const group = lint(text, format).model.groups.find((g) => g.address === 'WebSG');
  assert.ok(group, 'WebSG is in the model');
  const rules = [...group.ingress, ...group.egress].filter((r) => !r.implicit);
  return { inline: rules.filter((r) => r.inline).length, standalone: rules.filter((r) => !r.inline).length };
}

describe('SG205 mixed-inline-and-standalone-rules', () => {
  it('applies to Terraform only', () => {
    assert.deepEqual(ruleById(ID)?.meta.formats, ['terraform']);
  });

  describe('yaml', () => {
    it('never reports a CloudFormation group with inline and standalone rules: CloudFormation merges them', () => {
      assert.deepEqual(ruleKinds(dedent(yamlMixed), 'yaml'), { inline: 1, standalone: 1 });
      expectFindings(ID, 'yaml', yamlMixed, []);
    });

    it('stays silent even when the rule is configured on with a severity', () => {
      expectFindings(ID, 'yaml', yamlMixed, [], { rules: { SG205: 'error' } });
    });
  });

  describe('json', () => {
    it('never reports a CloudFormation group with inline and standalone egress', () => {
      assert.deepEqual(ruleKinds(dedent(jsonMixed), 'json'), { inline: 1, standalone: 1 });
      expectFindings(ID, 'json', jsonMixed, []);
    });

    it('stays silent even when the rule is configured on with a severity', () => {
      expectFindings(ID, 'json', jsonMixed, [], { rules: { SG205: 'warning' } });
    });
  });

  describe('terraform', () => {
    it('reports `ingress = []` next to a separate rule: the empty list is still the complete list', () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_security_group" "app"⟧ {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress     = []
        }

        resource "aws_security_group_rule" "https" {
          type              = "ingress"
          security_group_id = aws_security_group.app.id
          from_port         = 443
          to_port           = 443
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
          description       = "https"
        }
        `,
        [
          {
            message:
              'aws_security_group.app declares its inline rules (an empty list) and also rules from a separate resource (aws_security_group_rule.https): Terraform removes those rules and adds them back on every apply',
          },
        ],
      );
    });

    const clean = (source: string): string => dedent(source).replace(/[⟦⟧]/g, '');
    const relatedOf = (files: Record<string, string>, f: Finding): string[] =>
      (f.related ?? []).map((r) => {
        const file = r.uri.slice(TF_DIR.length + 1);
        return `${file} ${files[file]!.slice(r.range.start, r.range.end)}: ${r.message}`;
      });

    const group = `
      ⟦resource "aws_security_group" "web"⟧ {
        name        = "web"
        description = "web tier"
        vpc_id      = "vpc-0123456789abcdef0"

        ingress {
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8"]
        }
      }
    `;
    const sshRule = `
      resource "aws_security_group_rule" "ssh" {
        type              = "ingress"
        security_group_id = aws_security_group.web.id
        from_port         = 22
        to_port           = 22
        protocol          = "tcp"
        cidr_blocks       = ["10.0.0.0/8", "192.168.0.0/16"]
      }
    `;

    it('reports a group with inline rules and an aws_security_group_rule at the group, pointing at the rule resource', () => {
      const files = { 'main.tf': group, 'rules.tf': sshRule };
      const [finding] = expectTfFindings(ID, files, [
        {
          message:
            'aws_security_group.web has inline rules and also rules from a separate resource (aws_security_group_rule.ssh): Terraform removes those rules and adds them back on every apply',
          severity: 'warning',
          resource: 'aws_security_group.web',
          group: 'aws_security_group.web',
        },
      ]);
      assert.deepEqual(relatedOf({ 'main.tf': clean(group), 'rules.tf': clean(sshRule) }, finding!), [
        'rules.tf resource "aws_security_group_rule" "ssh": separate rule aws_security_group_rule.ssh',
      ]);
    });

    it('names each rule resource once, whatever its CIDRs and instances, with aws_vpc_security_group_*_rule too', () => {
      const rules = `
        resource "aws_vpc_security_group_ingress_rule" "ssh" {
          count             = 2
          security_group_id = aws_security_group.web.id
          from_port         = 22
          to_port           = 22
          ip_protocol       = "tcp"
          cidr_ipv4         = "10.\${count.index}.0.0/16"
        }

        resource "aws_vpc_security_group_egress_rule" "dns" {
          security_group_id = aws_security_group.web.id
          from_port         = 53
          to_port           = 53
          ip_protocol       = "udp"
          cidr_ipv4         = "10.0.0.2/32"
        }
      `;
      const [finding] = expectTfFindings(ID, { 'main.tf': group + rules }, [
        {
          message:
            'aws_security_group.web has inline rules and also rules from 2 separate resources (aws_vpc_security_group_ingress_rule.ssh and aws_vpc_security_group_egress_rule.dns): Terraform removes those rules and adds them back on every apply',
        },
      ]);
      assert.deepEqual(relatedOf({ 'main.tf': clean(group + rules) }, finding!), [
        'main.tf resource "aws_vpc_security_group_ingress_rule" "ssh": separate rule aws_vpc_security_group_ingress_rule.ssh',
        'main.tf resource "aws_vpc_security_group_egress_rule" "dns": separate rule aws_vpc_security_group_egress_rule.dns',
      ]);
    });

    it('counts a dynamic block as inline, even over a collection that is not known', () => {
      expectTfFindings(
        ID,
        `
        variable "ports" {
          type = list(number)
        }

        ⟦resource "aws_security_group" "web"⟧ {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"

          dynamic "ingress" {
            for_each = var.ports
            content {
              from_port   = ingress.value
              to_port     = ingress.value
              protocol    = "tcp"
              cidr_blocks = ["10.0.0.0/8"]
            }
          }
        }

        resource "aws_vpc_security_group_egress_rule" "all" {
          security_group_id = aws_security_group.web.id
          ip_protocol       = "-1"
          cidr_ipv4         = "10.0.0.0/8"
        }
        `,
        [
          {
            message:
              /^aws_security_group.web has inline rules and also rules from a separate resource \(aws_vpc_security_group_egress_rule.all\)/,
          },
        ],
      );
    });

    it('reports aws_default_security_group with inline rules and a rule resource', () => {
      expectTfFindings(
        ID,
        `
        ⟦resource "aws_default_security_group" "default"⟧ {
          vpc_id = "vpc-0123456789abcdef0"

          egress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
        }

        resource "aws_security_group_rule" "ssh" {
          type              = "ingress"
          security_group_id = aws_default_security_group.default.id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }
        `,
        [
          {
            message:
              /^aws_default_security_group.default has inline rules and also rules from a separate resource/,
          },
        ],
      );
    });

    it('is silent for inline rules only, and for rule resources only', () => {
      expectTfFindings(ID, clean(group), []);
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-0123456789abcdef0"
        }
        ${sshRule}
        resource "aws_vpc_security_group_egress_rule" "dns" {
          security_group_id = aws_security_group.web.id
          from_port         = 53
          to_port           = 53
          ip_protocol       = "udp"
          cidr_ipv4         = "10.0.0.2/32"
        }
        `,
        [],
      );
    });

    it('is silent for rule resources attached to a group from a variable or a data source', () => {
      expectTfFindings(
        ID,
        `
        variable "group_id" {}

        data "aws_security_group" "shared" {
          name = "shared"
        }

        resource "aws_security_group_rule" "a" {
          type              = "ingress"
          security_group_id = var.group_id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }

        resource "aws_security_group_rule" "b" {
          type              = "ingress"
          security_group_id = data.aws_security_group.shared.id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }
        `,
        [],
      );
    });

    it('honours # sg-lint-ignore before the group, and is off or re-graded by configuration', () => {
      const suppressed = group.replace(
        '      ⟦resource "aws_security_group" "web"⟧',
        '      # sg-lint-ignore SG205 migrating to rule resources\n      resource "aws_security_group" "web"',
      );
      expectTfFindings(ID, { 'main.tf': suppressed, 'rules.tf': sshRule }, []);
      assert.deepEqual(
        lintTf({ 'main.tf': clean(suppressed), 'rules.tf': clean(sshRule) })
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => s.reason)),
        [['migrating to rule resources']],
      );
      expectTfFindings(ID, { 'main.tf': clean(group), 'rules.tf': sshRule }, [], { rules: { SG205: 'off' } });
      expectTfFindings(
        ID,
        { 'main.tf': group, 'rules.tf': sshRule },
        [{ message: /^aws_security_group.web has inline rules/, severity: 'error' }],
        { rules: { SG205: 'error' } },
      );
    });
  });
});
