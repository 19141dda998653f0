/**
 * Fixes that change a rule's shape or need the user's input: "Restrict to a CIDR…", "Allow a security
 * group instead…", "Limit to ports…" and "Add a description", with their exact text in YAML (block and
 * flow style, short- and long-form intrinsics), JSON (indentation kept) and HCL. Each is applied,
 * re-linted, and shown to clear its finding without bringing a new one.
 */
import * as assert from 'node:assert/strict';
import {
  applyFix,
  applyInputFix,
  applyTfFix,
  applyTfInputFix,
  dedent,
  findingsOf,
  lint,
  lintTf,
} from '../helpers/ruleTester';
import { pendingFixes, renderFixes } from '../../server/src/fixes/render';

const YAML_SHORT = dedent(`
  Resources:
    AppSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: app servers
        VpcId: !Ref Vpc
    WebSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: web servers
        VpcId: !Ref Vpc
        SecurityGroupIngress:
          - IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: 0.0.0.0/0
            Description: ssh
  Parameters:
    Vpc:
      Type: AWS::EC2::VPC::Id
`);

describe('fixes that need input: CloudFormation', () => {
  it('restricts a world CIDR to the one the user typed, canonicalized, in place', () => {
    const fixed = applyInputFix('SG101', 'yaml', YAML_SHORT, 'ask-cidr', {
      kind: 'cidr',
      cidr: ' 203.0.113.0/24 ',
    });
    assert.equal(fixed, YAML_SHORT.replace('CidrIp: 0.0.0.0/0', 'CidrIp: 203.0.113.0/24'));
  });

  it('writes the typed CIDR into the parameter default the value came from', () => {
    const text = dedent(`
      Parameters:
        AdminCidr:
          Type: String
          Default: "0.0.0.0/0"
      Resources:
        WebSg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-123
            SecurityGroupIngress:
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AdminCidr, Description: ssh }
    `);
    const result = lint(text, 'yaml');
    const finding = findingsOf(result, 'SG101')[0]!;
    assert.deepEqual(
      finding.fixes?.map((f) => f.title),
      ["Restrict to a CIDR… in Parameter AdminCidr's default"],
    );
    const fixed = applyInputFix('SG101', 'yaml', text, 'ask-cidr', { kind: 'cidr', cidr: '198.51.100.0/24' });
    assert.equal(fixed, text.replace('Default: "0.0.0.0/0"', 'Default: "198.51.100.0/24"'));
  });

  it('replaces the CIDR by a group reference in the short form the file uses', () => {
    const fixed = applyInputFix('SG101', 'yaml', YAML_SHORT, 'reference-group', {
      kind: 'group',
      address: 'AppSg',
    });
    assert.equal(
      fixed,
      YAML_SHORT.replace('CidrIp: 0.0.0.0/0', 'SourceSecurityGroupId: !GetAtt AppSg.GroupId'),
    );
  });

  it('writes the long form in a file without short-form tags, and a destination for egress', () => {
    const text = dedent(`
      Resources:
        AppSg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: app servers
            VpcId: vpc-123
        WebSg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web servers
            VpcId: vpc-123
            SecurityGroupIngress:
              - { IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0, Description: rdp }
    `);
    const fixed = applyInputFix('SG101', 'yaml', text, 'reference-group', {
      kind: 'group',
      address: 'AppSg',
    });
    assert.equal(
      fixed,
      text.replace('CidrIp: 0.0.0.0/0', "SourceSecurityGroupId: { 'Fn::GetAtt': [AppSg, GroupId] }"),
    );
  });

  it('offers only groups other than the rule’s own, and none when there are none', () => {
    const result = lint(YAML_SHORT, 'yaml');
    const intent = findingsOf(result, 'SG101')[0]!.fixes!.find((f) => f.kind === 'reference-group');
    assert.deepEqual(intent && 'candidates' in intent ? intent.candidates : undefined, ['AppSg']);
    const alone = lint(YAML_SHORT.replace(/ {2}AppSg:[\s\S]*?(?= {2}WebSg:)/, ''), 'yaml');
    assert.deepEqual(
      findingsOf(alone, 'SG101')[0]!.fixes!.map((f) => f.kind),
      ['ask-cidr'],
    );
  });

  it('replaces the CIDR member in JSON, keeping the layout', () => {
    const text = JSON.stringify(
      {
        Resources: {
          AppSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'app', VpcId: 'vpc-1' } },
          WebSg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'web',
              VpcId: 'vpc-1',
              SecurityGroupIngress: [
                { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: '::/0', Description: 'ssh' },
              ],
            },
          },
        },
      },
      null,
      4,
    );
    const fixed = applyInputFix('SG101', 'json', text, 'reference-group', {
      kind: 'group',
      address: 'AppSg',
    });
    assert.equal(
      fixed,
      text.replace('"CidrIpv6": "::/0"', '"SourceSecurityGroupId": { "Fn::GetAtt": ["AppSg", "GroupId"] }'),
    );
  });

  it('limits every protocol to the ports the user named, adding the missing port keys in block style', () => {
    const text = dedent(`
      Resources:
        WebSg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-123
            SecurityGroupIngress:
              - IpProtocol: "-1"
                CidrIp: 0.0.0.0/0
                Description: everything
            SecurityGroupEgress:
              - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: out }
    `);
    const fixed = applyInputFix('SG102', 'yaml', text, 'limit-ports', {
      kind: 'ports',
      protocol: 'tcp',
      from: 443,
      to: 443,
    });
    assert.equal(
      fixed,
      text.replace(
        '- IpProtocol: "-1"\n          CidrIp: 0.0.0.0/0\n          Description: everything\n',
        '- IpProtocol: tcp\n          CidrIp: 0.0.0.0/0\n          Description: everything\n          FromPort: 443\n          ToPort: 443\n',
      ),
    );
  });

  it('limits a wide range in a flow mapping and in JSON in place', () => {
    const yaml = dedent(`
      Resources:
        WebSg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-123
            SecurityGroupIngress:
              - { IpProtocol: tcp, FromPort: 1000, ToPort: 9000, CidrIp: 10.1.0.0/16, Description: apps }
    `);
    assert.equal(
      applyInputFix('SG105', 'yaml', yaml, 'limit-ports', {
        kind: 'ports',
        protocol: 'udp',
        from: 8000,
        to: 8099,
      }),
      yaml.replace(
        'IpProtocol: tcp, FromPort: 1000, ToPort: 9000',
        'IpProtocol: udp, FromPort: 8000, ToPort: 8099',
      ),
    );
    const json = dedent(`
      {
        "Resources": {
          "WebSg": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
              "GroupDescription": "web",
              "VpcId": "vpc-123",
              "SecurityGroupIngress": [
                {
                  "IpProtocol": -1,
                  "CidrIp": "0.0.0.0/0",
                  "Description": "all"
                }
              ]
            }
          }
        }
      }
    `);
    assert.equal(
      // Port 81 stays open to the world, as asked: SG103 says so (the fix narrows, it does not close).
      applyInputFix(
        'SG102',
        'json',
        json,
        'limit-ports',
        { kind: 'ports', protocol: 'tcp', from: 80, to: 81 },
        { allowNew: ['SG103'] },
      ),
      json.replace(
        '"IpProtocol": -1,\n            "CidrIp": "0.0.0.0/0",\n            "Description": "all"\n',
        '"IpProtocol": "tcp",\n            "CidrIp": "0.0.0.0/0",\n            "Description": "all",\n            "FromPort": 80,\n            "ToPort": 81\n',
      ),
    );
  });
});

describe('descriptions: CloudFormation', () => {
  it('adds a description after the last key of a block-style rule, with the text as the placeholder', () => {
    const text = YAML_SHORT.replace('          Description: ssh\n', '');
    const result = lint(text, 'yaml');
    const finding = findingsOf(result, 'SG108')[0]!;
    const [fix] = renderFixes(finding, { uri: result.uri, text, format: 'yaml', tree: result.tree });
    assert.deepEqual(
      fix?.edits.map((e) => e.newText),
      ['          Description: tcp 22 from 0.0.0.0/0\n'],
    );
    assert.deepEqual(fix?.placeholder, { editIndex: 0, range: { start: 23, end: 44 } });
    assert.equal(fix?.safe, true);
    assert.equal(
      applyFix('SG108', 'yaml', text, 'Add a description'),
      YAML_SHORT.replace('Description: ssh', 'Description: tcp 22 from 0.0.0.0/0'),
    );
  });

  it('adds one in a flow mapping and in JSON at the members’ indentation', () => {
    const flow = dedent(`
      Resources:
        WebSg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-123
            SecurityGroupIngress:
              - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }
    `);
    assert.equal(
      applyFix('SG108', 'yaml', flow, 'Add a description'),
      flow.replace('CidrIp: 10.0.0.0/8 }', 'CidrIp: 10.0.0.0/8, Description: tcp 443 from 10.0.0.0/8 }'),
    );
    const json = `{\n\t"Resources": {\n\t\t"R": {\n\t\t\t"Type": "AWS::EC2::SecurityGroupIngress",\n\t\t\t"Properties": {\n\t\t\t\t"GroupId": "sg-12345678",\n\t\t\t\t"IpProtocol": "tcp",\n\t\t\t\t"FromPort": 443,\n\t\t\t\t"ToPort": 443,\n\t\t\t\t"CidrIp": "10.0.0.0/8"\n\t\t\t}\n\t\t}\n\t}\n}`;
    assert.equal(
      applyFix('SG108', 'json', json, 'Add a description'),
      json.replace(
        '"CidrIp": "10.0.0.0/8"\n',
        '"CidrIp": "10.0.0.0/8",\n\t\t\t\t"Description": "tcp 443 from 10.0.0.0/8"\n',
      ),
    );
  });

  it('replaces a placeholder description with what the rule allows', () => {
    const text = YAML_SHORT.replace('Description: ssh', 'Description: TODO');
    assert.equal(
      applyFix('SG108', 'yaml', text, 'Describe it as "tcp 22 from 0.0.0.0/0"'),
      YAML_SHORT.replace('Description: ssh', 'Description: tcp 22 from 0.0.0.0/0'),
    );
  });
});

const TF_GROUPS = `resource "aws_security_group" "app" {
  name        = "app"
  description = "app servers"
  vpc_id      = "vpc-123"
}

`;

describe('fixes that need input: Terraform', () => {
  it('moves the world CIDR of an inline block to security_groups, the other CIDR stays', () => {
    const main = `${TF_GROUPS}resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  vpc_id      = "vpc-123"

  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
}
`;
    const fixed = applyTfInputFix('SG101', main, 'reference-group', {
      kind: 'group',
      address: 'aws_security_group.app',
    });
    assert.equal(
      fixed['main.tf'],
      main.replace(
        '    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]\n',
        '    cidr_blocks = ["10.0.0.0/8"]\n    security_groups = [aws_security_group.app.id]\n',
      ),
    );
  });

  it('turns a single world CIDR into security_groups in place, or appends to an existing list', () => {
    const main = `${TF_GROUPS}resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  vpc_id      = "vpc-123"

  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # temporary
  }
}
`;
    assert.equal(
      applyTfInputFix('SG101', main, 'reference-group', { kind: 'group', address: 'aws_security_group.app' })[
        'main.tf'
      ],
      main.replace(
        'cidr_blocks = ["0.0.0.0/0"] # temporary',
        'security_groups = [aws_security_group.app.id] # temporary',
      ),
    );
    const withList = main.replace(
      '    cidr_blocks = ["0.0.0.0/0"] # temporary\n',
      '    cidr_blocks = ["0.0.0.0/0"]\n    security_groups = ["sg-0123456789abcdef0"]\n',
    );
    assert.equal(
      applyTfInputFix('SG101', withList, 'reference-group', {
        kind: 'group',
        address: 'aws_security_group.app',
      })['main.tf'],
      main.replace(
        '    cidr_blocks = ["0.0.0.0/0"] # temporary\n',
        '    security_groups = ["sg-0123456789abcdef0", aws_security_group.app.id]\n',
      ),
    );
  });

  it('writes source_security_group_id and referenced_security_group_id for the rule resources', () => {
    const rule = `${TF_GROUPS}resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  vpc_id      = "vpc-123"
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  description       = "ssh"
  security_group_id = aws_security_group.web.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
`;
    assert.equal(
      applyTfInputFix('SG101', rule, 'reference-group', { kind: 'group', address: 'aws_security_group.app' })[
        'main.tf'
      ],
      rule.replace(
        'cidr_blocks       = ["0.0.0.0/0"]',
        'source_security_group_id = aws_security_group.app.id',
      ),
    );
    const vpc = `${TF_GROUPS}resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  vpc_id      = "vpc-123"
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.web.id
  description       = "rdp"
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_ipv4         = "0.0.0.0/0"
}
`;
    assert.equal(
      applyTfInputFix('SG101', vpc, 'reference-group', { kind: 'group', address: 'aws_security_group.app' })[
        'main.tf'
      ],
      vpc.replace(
        'cidr_ipv4         = "0.0.0.0/0"',
        'referenced_security_group_id = aws_security_group.app.id',
      ),
    );
  });

  it('writes a typed CIDR into the variable default in variables.tf', () => {
    const files = {
      'main.tf': `resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  vpc_id      = "vpc-123"

  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}
`,
      'variables.tf': `variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}
`,
    };
    const fixed = applyTfInputFix('SG101', files, 'ask-cidr', { kind: 'cidr', cidr: '192.0.2.0/24' });
    assert.equal(fixed['variables.tf'], files['variables.tf'].replace('"0.0.0.0/0"', '"192.0.2.0/24"'));
    assert.equal(fixed['main.tf'], files['main.tf']);
  });

  it('limits protocol -1 of a VPC rule resource to ports, adding from_port and to_port', () => {
    const vpc = `resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  vpc_id      = "vpc-123"
}

resource "aws_vpc_security_group_ingress_rule" "all" {
  security_group_id = aws_security_group.web.id
  description       = "everything"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
`;
    assert.equal(
      applyTfInputFix('SG102', vpc, 'limit-ports', { kind: 'ports', protocol: 'tcp', from: 443, to: 443 })[
        'main.tf'
      ],
      vpc.replace(
        '  ip_protocol       = "-1"\n  cidr_ipv4         = "0.0.0.0/0"\n',
        '  ip_protocol       = "tcp"\n  cidr_ipv4         = "0.0.0.0/0"\n  from_port = 443\n  to_port = 443\n',
      ),
    );
  });
});

describe('descriptions: Terraform', () => {
  it('adds a description after the last attribute, a heredoc neighbour included', () => {
    const main = `resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  vpc_id      = "vpc-123"
  tags = {
    Note = <<-EOT
      reviewed
    EOT
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
  }
}
`;
    const result = lintTf(main);
    const finding = result.findings.find((f) => f.ruleId === 'SG108')!;
    assert.equal(finding.fixes?.[0]?.title, 'Add a description');
    assert.equal(
      applyTfFix('SG108', main, 'Add a description')['main.tf'],
      main.replace(
        '    cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]\n',
        '    cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]\n    description = "tcp 443 from 10.0.0.0/8 and 192.168.0.0/16"\n',
      ),
    );
  });

  it('replaces "Managed by Terraform" on a rule with what the rule allows', () => {
    const main = `resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  description       = "Managed by Terraform"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
}
`;
    assert.equal(
      applyTfFix('SG108', main, /^Describe it as/)['main.tf'],
      main.replace('"Managed by Terraform"', '"tcp 443 from 10.0.0.0/8"'),
    );
  });
});

describe('fixes inside intrinsics', () => {
  const conditional = (cidr: string): string =>
    dedent(`
      Conditions:
        Open:
          Fn::Equals: [a, a]
      Resources:
        WebSg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-123
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 22
                ToPort: 22
                CidrIp:
                  Fn::If: [Open, ${cidr}, 10.0.0.0/8]
                Description: ssh
    `);

  it('restricts only the branch of a long-form Fn::If that opens the world', () => {
    assert.equal(
      applyInputFix('SG101', 'yaml', conditional('0.0.0.0/0'), 'ask-cidr', {
        kind: 'cidr',
        cidr: '192.0.2.0/24',
      }),
      conditional('192.0.2.0/24'),
    );
  });

  it('restricts the branch in JSON, and offers no group or shape change inside a condition', () => {
    const json = (cidr: string): string =>
      JSON.stringify(
        {
          Conditions: { Open: { 'Fn::Equals': ['a', 'a'] } },
          Resources: {
            AppSg: {
              Type: 'AWS::EC2::SecurityGroup',
              Properties: { GroupDescription: 'app', VpcId: 'vpc-1' },
            },
            WebSg: {
              Type: 'AWS::EC2::SecurityGroup',
              Properties: {
                GroupDescription: 'web',
                VpcId: 'vpc-1',
                SecurityGroupIngress: [
                  {
                    IpProtocol: 'tcp',
                    FromPort: 22,
                    ToPort: 22,
                    CidrIp: { 'Fn::If': ['Open', cidr, '10.0.0.0/8'] },
                    Description: 'ssh',
                  },
                ],
              },
            },
          },
        },
        null,
        2,
      );
    assert.equal(
      applyInputFix('SG101', 'json', json('0.0.0.0/0'), 'ask-cidr', { kind: 'cidr', cidr: '192.0.2.0/24' }),
      json('192.0.2.0/24'),
    );
    const result = lint(json('0.0.0.0/0'), 'json');
    const finding = findingsOf(result, 'SG101')[0]!;
    const doc = { uri: result.uri, text: json('0.0.0.0/0'), format: 'json' as const, tree: result.tree };
    // A branch of Fn::If is one variant of the rule: replacing its CidrIp key would drop the condition.
    assert.deepEqual(
      pendingFixes(finding, doc).map((p) => p.intent.kind),
      ['ask-cidr'],
    );
  });
});
