/** The templates and modules the changes tests commit and then edit. */
import { dedent } from '../helpers/ruleTester';

/** `text` with `from` replaced by `to`; throws when `from` is not there (a fixture that silently stays the same). */
function edit(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`fixture edit did not apply: ${String(from)}`);
  return out;
}

/** A bastion reachable by SSH from the office, and an app group reachable on 443 from the bastion. */
export const TEMPLATE = dedent(`
  AWSTemplateFormatVersion: '2010-09-09'
  Parameters:
    AdminCidr:
      Type: String
      Default: 0.0.0.0/0
  Resources:
    BastionSG:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: bastion
        VpcId: vpc-1
        SecurityGroupIngress:
          - IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: 10.0.0.0/8
            Description: ssh from the office
        SecurityGroupEgress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https to the office
    AppSG:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: app
        VpcId: vpc-1
        SecurityGroupEgress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https to the office
    HttpsFromBastion:
      Type: AWS::EC2::SecurityGroupIngress
      Properties:
        GroupId: !GetAtt AppSG.GroupId
        IpProtocol: tcp
        FromPort: 443
        ToPort: 443
        SourceSecurityGroupId: !Ref BastionSG
        Description: https from the bastion
`);

/** SSH opened to the world (the office rule replaced), and the app's standalone rule removed. */
export const TEMPLATE_SSH_OPEN = edit(
  edit(
    TEMPLATE,
    'CidrIp: 10.0.0.0/8\n          Description: ssh from the office',
    'CidrIp: 0.0.0.0/0\n          Description: ssh from anywhere',
  ),
  / {2}HttpsFromBastion:[\s\S]*$/,
  '',
);

/** A rule whose CIDR is a parameter's default (0.0.0.0/0), added to the app group. */
export const TEMPLATE_WITH_PARAMETER_RULE = edit(
  TEMPLATE,
  '      GroupDescription: app\n      VpcId: vpc-1\n',
  '      GroupDescription: app\n      VpcId: vpc-1\n' +
    '      SecurityGroupIngress:\n' +
    '        - { IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: !Ref AdminCidr, Description: rdp }\n',
);

export const JSON_TEMPLATE = `${JSON.stringify(
  {
    Resources: {
      DbSG: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'db',
          VpcId: 'vpc-1',
          SecurityGroupIngress: [
            { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.1.0.0/16', Description: 'pg' },
          ],
          SecurityGroupEgress: [
            { IpProtocol: '-1', CidrIp: '10.1.0.0/16', Description: 'all to the subnet' },
          ],
        },
      },
    },
  },
  null,
  2,
)}\n`;

export const MAIN_TF = dedent(`
  resource "aws_security_group" "web" {
    name        = "web"
    description = "web"
    vpc_id      = "vpc-1"

    ingress {
      description = "https from the office"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }

    egress {
      description = "https to the office"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
`);

export const RULES_TF = dedent(`
  resource "aws_security_group" "admin" {
    name        = "admin"
    description = "admin hosts"
    vpc_id      = "vpc-1"
  }

  resource "aws_security_group_rule" "ssh" {
    type              = "ingress"
    description       = "ssh for admins"
    security_group_id = aws_security_group.admin.id
    from_port         = 22
    to_port           = 22
    protocol          = "tcp"
    cidr_blocks       = [var.admin_cidr]
  }
`);

export const VARIABLES_TF = dedent(`
  variable "admin_cidr" {
    type    = string
    default = "10.0.0.0/8"
  }
`);

/** An inline rule that opens SSH to the world, added after the https rule. */
export const MAIN_TF_SSH_OPEN = edit(
  MAIN_TF,
  '  egress {',
  [
    '  ingress {',
    '    description = "ssh from anywhere"',
    '    from_port   = 22',
    '    to_port     = 22',
    '    protocol    = "tcp"',
    '    cidr_blocks = ["0.0.0.0/0"]',
    '  }',
    '',
    '  egress {',
  ].join('\n'),
);
