import * as assert from 'node:assert/strict';
import { applyFix, dedent, expectFindings, lint } from '../helpers/ruleTester';

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
});
