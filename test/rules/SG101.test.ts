import * as assert from 'node:assert/strict';
import { applyFix, dedent, expectFindings } from '../helpers/ruleTester';

const ID = 'SG101';

describe('SG101 world-open-sensitive-port', () => {
  describe('yaml', () => {
    it('reports SSH open to 0.0.0.0/0 at the CIDR', () => {
      expectFindings(ID, 'yaml', `
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
      `, [{ message: 'SSH (22) is open to the world (0.0.0.0/0)', severity: 'error', resource: 'WebSG', group: 'WebSG' }]);
    });

    it('names the parameter default the CIDR came from, and restricts it there', () => {
      const source = `
        Parameters:
          AdminCidr:
            Type: String
            Default: 0.0.0.0/0
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦!Ref AdminCidr⟧
      `;
      expectFindings(ID, 'yaml', source, [{ message: "SSH (22) is open to the world (0.0.0.0/0 from Parameter AdminCidr's default)" }]);
      const text = dedent(source).replace(/[⟦⟧]/g, '');
      const fixed = applyFix(ID, 'yaml', text, "Restrict to 10.0.0.0/8 (corp) in Parameter AdminCidr's default", { trustedCidrs: [{ cidr: '10.0.0.0/8', label: 'corp' }] });
      assert.match(fixed, /Default: 10\.0\.0\.0\/8\n/);
      assert.match(fixed, /CidrIp: !Ref AdminCidr/);
    });

    it('is silent when the CIDR depends on a parameter without a default', () => {
      expectFindings(ID, 'yaml', `
        Parameters:
          AdminCidr:
            Type: String
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: !Ref AdminCidr
      `, []);
    });
  });

  describe('json', () => {
    it('reports RDP open to ::/0 at the CIDR', () => {
      expectFindings(ID, 'json', `
        {
          "Resources": {
            "WinSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "windows",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIpv6": ⟦"::/0"⟧ }
                ]
              }
            }
          }
        }
      `, [{ message: 'RDP (3389) is open to the world (::/0)' }]);
    });
  });
});
