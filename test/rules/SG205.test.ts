import * as assert from 'node:assert/strict';
import { ruleById } from '../../rules/index';
import { dedent, expectFindings, lint } from '../helpers/ruleTester';

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
});
