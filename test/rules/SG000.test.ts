import * as assert from 'node:assert/strict';
import type { Expect } from '../helpers/ruleTester';
import {
  dedent,
  expectFindings,
  expectTfFindings,
  findingsOf,
  lint,
  lintTf,
  marked,
} from '../helpers/ruleTester';

const ID = 'SG000';

describe('SG000 parse-error', () => {
  describe('yaml', () => {
    it('reports an unterminated quote from the quote to the end of its line, and still lints what came before', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦0.0.0.0/0⟧
          OtherSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ⟦'half a description⟧
      `;
      const { text, ranges } = marked(dedent(source));
      const result = lint(text, 'yaml');
      assert.deepEqual(
        findingsOf(result, ID).map((f) => [f.range.start, f.range.end, f.message, f.severity]),
        [[ranges[1]!.start, ranges[1]!.end, "unterminated quoted string: missing closing '", 'error']],
      );
      assert.deepEqual(
        findingsOf(result, 'SG101').map((f) => [f.range.start, f.message]),
        [[ranges[0]!.start, 'SSH (22) is open to the world (0.0.0.0/0)']],
      );
    });

    it('reports a "double" quote left open that swallows the rest of the file', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ⟦"web⟧
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 0.0.0.0/0
      `,
        [{ message: 'unterminated quoted string: missing closing "', severity: 'error', resource: '' }],
      );
    });

    it('reports tab indentation at the tab, and still lints the resources before it', () => {
      const source = dedent(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 3389
                  ToPort: 3389
                  CidrIp: 0.0.0.0/0
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
      `).concat('\tBucketName: logs\n');
      const result = lint(source, 'yaml');
      const tab = source.indexOf('\t');
      assert.deepEqual(
        findingsOf(result, ID).map((f) => [f.range.start, f.range.end, f.message]),
        [[tab, tab + 1, 'Tabs are not allowed as indentation']],
      );
      assert.deepEqual(
        findingsOf(result, 'SG101').map((f) => f.message),
        ['RDP (3389) is open to the world (0.0.0.0/0)'],
      );
    });

    it('reports a duplicate key at the second key, and still lints the group', () => {
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              ⟦GroupDescription⟧: again
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 0.0.0.0/0
      `;
      expectFindings(ID, 'yaml', source, [{ message: 'duplicate key "GroupDescription"' }]);
      assert.equal(findingsOf(lint(marked(dedent(source)).text, 'yaml'), 'SG101').length, 1);
    });

    it('expands a YAML alias as cfn-lint and `aws cloudformation package` do: no parse error, the aliased rule is linted', () => {
      // CloudFormation itself rejects aliases, but the tools people deploy such templates with expand them.
      const source = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - &ssh
                  IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦0.0.0.0/0⟧
          AdminSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: admin
              SecurityGroupIngress:
                - *ssh
      `;
      const { text, ranges } = marked(dedent(source));
      const result = lint(text, 'yaml');
      assert.deepEqual(findingsOf(result, ID), []);
      // The rule's values are written once, under the anchor: both groups' findings point there, and each
      // group keeps its own finding (SARIF's properties.group names both).
      assert.deepEqual(
        findingsOf(result, 'SG101').map((f) => [f.range.start, f.range.end, f.group, f.message]),
        [
          [ranges[0]!.start, ranges[0]!.end, 'WebSG', 'SSH (22) is open to the world (0.0.0.0/0)'],
          [ranges[0]!.start, ranges[0]!.end, 'AdminSG', 'SSH (22) is open to the world (0.0.0.0/0)'],
        ],
      );
      assert.deepEqual(
        result.model.groups.map((g) => [g.address, g.ingress.length]),
        [
          ['WebSG', 1],
          ['AdminSG', 1],
        ],
      );
    });

    it('reports Resources that is not a mapping', () => {
      expectFindings(
        ID,
        'yaml',
        `
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          ⟦- WebSG
        ⟧
      `,
        [{ message: 'Resources must be a mapping of logical IDs to resources' }],
      );
    });

    it('is silent for a clean template, and follows rules: { SG000: off | warning }', () => {
      const broken = `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              ⟦GroupDescription⟧: again
      `;
      expectFindings(
        ID,
        'yaml',
        broken.replace(/[⟦⟧]/g, '').replace('      GroupDescription: again\n', ''),
        [],
      );
      expectFindings(ID, 'yaml', broken.replace(/[⟦⟧]/g, ''), [], { rules: { SG000: 'off' } });
      expectFindings(
        ID,
        'yaml',
        broken,
        [{ message: 'duplicate key "GroupDescription"', severity: 'warning' }],
        { rules: { SG000: 'warning' } },
      );
    });
  });

  describe('json', () => {
    it('reports a missing comma at the next property, and still lints the group', () => {
      const source = `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web"
                ⟦"SecurityGroupIngress"⟧: [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" }
                ]
              }
            }
          }
        }
      `;
      expectFindings(ID, 'json', source, [{ message: 'comma expected', severity: 'error' }]);
      assert.deepEqual(
        findingsOf(lint(marked(dedent(source)).text, 'json'), 'SG101').map((f) => f.message),
        ['SSH (22) is open to the world (0.0.0.0/0)'],
      );
    });

    it('reports a missing closing brace at the end of the text, and still lints the group', () => {
      const source = `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIp": "0.0.0.0/0" }]
              }
            }
        ⟦⟧`;
      expectFindings(ID, 'json', source, [{ message: 'closing brace } expected' }]);
      assert.deepEqual(
        findingsOf(lint(marked(dedent(source)).text, 'json'), 'SG101').map((f) => f.message),
        ['PostgreSQL (5432) is open to the world (0.0.0.0/0)'],
      );
    });

    it('reports comments and trailing commas, which CloudFormation rejects, and still lints the group', () => {
      const source = `
        {
          ⟦// network rules⟧
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web", ⟦/* why */⟧
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" }⟦,⟧
                ]
              }
            }
          }
        }
      `;
      expectFindings(ID, 'json', source, [
        { message: 'comments are not allowed in JSON templates' },
        { message: 'comments are not allowed in JSON templates' },
        { message: 'trailing commas are not allowed in JSON templates' },
      ]);
      assert.equal(findingsOf(lint(marked(dedent(source)).text, 'json'), 'SG101').length, 1);
    });

    it('reports Resources that is not a mapping', () => {
      expectFindings(
        ID,
        'json',
        `
        { "AWSTemplateFormatVersion": "2010-09-09", "Resources": ⟦["WebSG"]⟧ }
      `,
        [{ message: 'Resources must be a mapping of logical IDs to resources' }],
      );
    });

    it('is silent for a clean template', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "WebSG": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "web" } }
          }
        }
      `,
        [],
      );
    });
  });

  describe('terraform', () => {
    const BEFORE = dedent(`
      resource "aws_security_group" "before" {
        name        = "before"
        description = "before"
        vpc_id      = "vpc-1"
        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }
      }
    `);
    const AFTER = dedent(`
      resource "aws_security_group" "after" {
        name        = "after"
        description = "after"
        vpc_id      = "vpc-1"
        ingress {
          from_port   = 3389
          to_port     = 3389
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }
      }
    `);

    /**
     * Puts the broken text (with its SG000 ranges marked) between two resources that open SSH and RDP to the
     * world, asserts the SG000 findings, and that both SG101 findings are still reported where they were.
     */
    function expectBrokenBetween(broken: string, expected: readonly Expect[]): void {
      const source = `${BEFORE}\n${dedent(broken)}\n${AFTER}`;
      expectTfFindings(ID, source, expected);
      const text = marked(source).text;
      assert.deepEqual(
        lintTf(text)
          .findings.filter((f) => f.ruleId === 'SG101')
          .map((f) => [f.resource, f.range.start, f.message]),
        [
          [
            'aws_security_group.before',
            text.indexOf('"0.0.0.0/0"'),
            'SSH (22) is open to the world (0.0.0.0/0)',
          ],
          [
            'aws_security_group.after',
            text.lastIndexOf('"0.0.0.0/0"'),
            'RDP (3389) is open to the world (0.0.0.0/0)',
          ],
        ],
      );
    }

    it('reports a half-typed resource whose ingress block is left open, and still lints the resources around it', () => {
      expectBrokenBetween(
        `
        ⟦resource "aws_security_group" "half" {⟧
          name = "half"
          ⟦ingress {⟧
            from_port = 22

        `,
        [
          { message: 'this block is never closed: missing }', severity: 'error', resource: '' },
          { message: 'this block is never closed: missing }' },
        ],
      );
    });

    it('reports a dangling cidr_blocks = [, and still lints the resources around it', () => {
      expectBrokenBetween(
        `
        resource "aws_security_group" "half" {
          name = "half"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            ⟦cidr_blocks = [⟧
          }
        }
        `,
        [{ message: 'syntax error: unexpected "cidr_blocks = ["' }],
      );
    });

    it('reports an unterminated string from its quote to the end of its line, and still lints the resources around it', () => {
      expectBrokenBetween(
        `
        resource "aws_security_group" "half" {
          name        = ⟦"half⟧
          description = "half"
        }
        `,
        [{ message: 'unterminated string: missing closing "' }],
      );
    });

    it('reports a resource left open at the end of the file at its header and its block, after the resources before it', () => {
      const source = `${BEFORE}\n${dedent(`
        ⟦resource "aws_security_group" "last" {⟧
          name = "last"
          ⟦ingress {⟧
            from_port = 22
      `)}`;
      expectTfFindings(ID, source, [
        { message: 'this block is never closed: missing }' },
        { message: 'this block is never closed: missing }' },
      ]);
      assert.deepEqual(
        lintTf(marked(dedent(source)).text)
          .findings.filter((f) => f.ruleId === 'SG101')
          .map((f) => [f.resource, f.message]),
        [['aws_security_group.before', 'SSH (22) is open to the world (0.0.0.0/0)']],
      );
    });

    it('reports a broken variables.tf at the list left open, and still reads the variables around it', () => {
      const files = {
        'variables.tf': `
          variable "ssh_cidrs" {
            default = ["0.0.0.0/0"]
          }

          variable "broken" {
            default = ⟦[⟧"10.0.0.0/8"
          }

          variable "rdp_cidrs" {
            default = ["0.0.0.0/0"]
          }
        `,
        'main.tf': `
          resource "aws_security_group_rule" "ssh" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = 22
            to_port           = 22
            protocol          = "tcp"
            cidr_blocks       = var.ssh_cidrs
          }

          resource "aws_security_group_rule" "rdp" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = 3389
            to_port           = 3389
            protocol          = "tcp"
            cidr_blocks       = var.rdp_cidrs
          }
        `,
      };
      expectTfFindings(ID, files, [
        { message: 'this list is never closed: missing ]', file: 'variables.tf' },
      ]);
      const result = lintTf({
        'variables.tf': marked(dedent(files['variables.tf'])).text,
        'main.tf': dedent(files['main.tf']),
      });
      assert.deepEqual(
        result.findings.filter((f) => f.ruleId === 'SG101').map((f) => f.message),
        [
          'SSH (22) is open to the world (0.0.0.0/0 from the default of var.ssh_cidrs)',
          'RDP (3389) is open to the world (0.0.0.0/0 from the default of var.rdp_cidrs)',
        ],
      );
    });

    it('reports a syntax error in terraform.tfvars, and still reads its other entries', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          variable "admin_cidrs" {
            default = ["10.0.0.0/8"]
          }

          variable "ssh_cidrs" {
            default = ["10.0.0.0/8"]
          }

          resource "aws_security_group_rule" "ssh" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = 22
            to_port           = 22
            protocol          = "tcp"
            cidr_blocks       = var.ssh_cidrs
          }
          `,
          'terraform.tfvars': `
          admin_cidrs = ⟦[⟧"192.168.0.0/16"
          ssh_cidrs   = ["0.0.0.0/0"]
          `,
        },
        [{ message: 'this list is never closed: missing ]' }],
      );
      const result = lintTf({
        'main.tf': `
          variable "ssh_cidrs" {
            default = ["10.0.0.0/8"]
          }

          resource "aws_security_group_rule" "ssh" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = 22
            to_port           = 22
            protocol          = "tcp"
            cidr_blocks       = var.ssh_cidrs
          }
        `,
        'terraform.tfvars': 'admin_cidrs = ["192.168.0.0/16"\nssh_cidrs   = ["0.0.0.0/0"]\n',
      });
      assert.deepEqual(
        result.findings.filter((f) => f.ruleId === 'SG101').map((f) => f.message),
        ['SSH (22) is open to the world (0.0.0.0/0 from ssh_cidrs in terraform.tfvars)'],
      );
    });

    it('is silent for a clean module, and follows rules: { SG000: off | warning }', () => {
      expectTfFindings(ID, `${BEFORE}\n${AFTER}`, []);
      const broken = `
        resource "aws_security_group" "half" {
          name = ⟦"half⟧
        }
      `;
      expectTfFindings(ID, broken.replace(/[⟦⟧]/g, ''), [], { rules: { SG000: 'off' } });
      expectTfFindings(
        ID,
        broken,
        [{ message: 'unterminated string: missing closing "', severity: 'warning' }],
        {
          rules: { SG000: 'warning' },
        },
      );
    });
  });
});
