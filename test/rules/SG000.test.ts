import * as assert from 'node:assert/strict';
import { dedent, expectFindings, findingsOf, lint, marked } from '../helpers/ruleTester';

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
});
