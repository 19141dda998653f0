import * as assert from 'node:assert/strict';
import type { SourceFormat } from '../../server/src/engine/lint';
import type { AppliedSuppression } from '../../rules/types';
import {
  applyFix,
  applyTfFix,
  dedent,
  expectFindings,
  expectTfFindings,
  findingsOf,
  lint,
  lintTf,
  marked,
} from '../helpers/ruleTester';

const ID = 'SG101';
const CORP = { trustedCidrs: [{ cidr: '10.0.0.0/8', label: 'corp' }] };

/** The template text without range markers, for fixes. */
function clean(source: string): string {
  return marked(dedent(source)).text;
}

/**
 * Asserts that every marked SG101 finding is suppressed (kept in `findings` with its suppressions, absent
 * from `findingsOf`) and that nothing else of the rule is reported.
 */
function expectSuppressed(
  format: SourceFormat,
  source: string,
  expected: readonly Partial<AppliedSuppression>[][],
  overrides: unknown = {},
): void {
  const { text, ranges } = marked(dedent(source));
  const result = lint(text, format, overrides);
  assert.deepEqual(findingsOf(result, ID), [], 'no unsuppressed finding expected');
  const suppressed = result.findings.filter((f) => f.ruleId === ID);
  assert.deepEqual(
    suppressed.map((f) => ({
      range: { start: f.range.start, end: f.range.end },
      suppressions: f.suppressions?.map((s) => ({ tool: s.tool, reason: s.reason, peerId: s.peerId })),
    })),
    ranges.map((range, i) => ({
      range,
      suppressions: expected[i]!.map((s) => ({ tool: s.tool, reason: s.reason, peerId: s.peerId })),
    })),
  );
}

/**
 * The Terraform twin of expectSuppressed: every marked SG101 finding of main.tf is kept with exactly the
 * suppressions given, and nothing of the rule is reported.
 */
function expectTfSuppressed(
  source: string,
  expected: readonly Partial<AppliedSuppression>[][],
  overrides: unknown = {},
): void {
  const { text, ranges } = marked(dedent(source));
  const result = lintTf(text, overrides);
  const mine = result.findings.filter((f) => f.ruleId === ID);
  assert.deepEqual(
    mine.filter((f) => !f.suppressions?.length).map((f) => f.message),
    [],
    'no unsuppressed finding expected',
  );
  assert.deepEqual(
    mine.map((f) => ({
      range: { start: f.range.start, end: f.range.end },
      suppressions: f.suppressions?.map((s) => ({ tool: s.tool, reason: s.reason, peerId: s.peerId })),
    })),
    ranges.map((range, i) => ({
      range,
      suppressions: expected[i]!.map((s) => ({ tool: s.tool, reason: s.reason, peerId: s.peerId })),
    })),
  );
}

/** Module files without range markers, for fixes. */
function cleanTf(files: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [name, clean(text)]));
}

describe('SG101 world-open-sensitive-port', () => {
  describe('yaml', () => {
    it('reports SSH open to 0.0.0.0/0 at the CIDR', () => {
      expectFindings(
        ID,
        'yaml',
        `
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
      `,
        [
          {
            message: 'SSH (22) is open to the world (0.0.0.0/0)',
            severity: 'error',
            resource: 'WebSG',
            group: 'WebSG',
          },
        ],
      );
    });

    it('reports a standalone ingress attached by !Ref, on the resource that holds the rule', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
          TelnetIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !Ref WebSG
              IpProtocol: tcp
              FromPort: 23
              ToPort: 23
              CidrIp: ⟦0.0.0.0/0⟧
      `,
        [{ message: 'Telnet (23) is open to the world (0.0.0.0/0)', resource: 'TelnetIn', group: 'WebSG' }],
      );
    });

    it('reads string ports and protocol number "6" on a standalone rule attached by !GetAtt X.GroupId, over IPv6', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: db
          MysqlIn:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt DbSG.GroupId
              IpProtocol: "6"
              FromPort: "3306"
              ToPort: "3306"
              CidrIpv6: ⟦::/0⟧
      `,
        [{ message: 'MySQL (3306) is open to the world (::/0)', resource: 'MysqlIn', group: 'DbSG' }],
      );
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
      expectFindings(ID, 'yaml', source, [
        { message: "SSH (22) is open to the world (0.0.0.0/0 from Parameter AdminCidr's default)" },
      ]);
      const text = clean(source);
      const fixed = applyFix(
        ID,
        'yaml',
        text,
        "Restrict to 10.0.0.0/8 (corp) in Parameter AdminCidr's default",
        CORP,
      );
      assert.equal(fixed, text.replace('Default: 0.0.0.0/0', 'Default: 10.0.0.0/8'));
    });

    it('names the mapping entry a Fn::FindInMap CIDR came from, and restricts it there', () => {
      const source = `
        Mappings:
          Net:
            us-east-1:
              Admin: "0.0.0.0/0"
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 3389
                  ToPort: 3389
                  CidrIp: ⟦!FindInMap [Net, us-east-1, Admin]⟧
      `;
      expectFindings(ID, 'yaml', source, [
        { message: 'RDP (3389) is open to the world (0.0.0.0/0 from Mapping Net.us-east-1.Admin)' },
      ]);
      const text = clean(source);
      const fixed = applyFix(
        ID,
        'yaml',
        text,
        'Restrict to 10.0.0.0/8 (corp) in Mapping Net.us-east-1.Admin',
        CORP,
      );
      assert.equal(fixed, text.replace('Admin: "0.0.0.0/0"', 'Admin: "10.0.0.0/8"'));
    });

    it('evaluates Fn::Join, Fn::Sub and Fn::Select of literals', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 5432
                  ToPort: 5432
                  CidrIp: ⟦!Join ['', ['0.0.0.0', '/0']]⟧
                - IpProtocol: tcp
                  FromPort: 6379
                  ToPort: 6379
                  CidrIp: ⟦!Sub ['0.0.0.0/\${Bits}', { Bits: '0' }]⟧
                - IpProtocol: tcp
                  FromPort: 27017
                  ToPort: 27018
                  CidrIp: ⟦!Select [1, [10.0.0.0/8, 0.0.0.0/0]]⟧
      `,
        [
          { message: 'PostgreSQL (5432) is open to the world (0.0.0.0/0)' },
          { message: 'Redis (6379) is open to the world (0.0.0.0/0)' },
          { message: 'MongoDB (27017–27018) is open to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('reports the world branch of Fn::If with its condition, and restricts only that branch', () => {
      const source = `
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, us-east-1]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦!If [IsProd, 0.0.0.0/0, 192.168.0.0/16]⟧
      `;
      expectFindings(ID, 'yaml', source, [
        { message: 'SSH (22) is open to the world (0.0.0.0/0) when condition IsProd is true' },
      ]);
      const text = clean(source);
      const fixed = applyFix(ID, 'yaml', text, 'Restrict to 10.0.0.0/8 (corp)', CORP);
      assert.equal(
        fixed,
        text.replace('!If [IsProd, 0.0.0.0/0, 192.168.0.0/16]', '!If [IsProd, 10.0.0.0/8, 192.168.0.0/16]'),
      );
    });

    it('reports both branches of Fn::If when both are the world, each with its condition', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, us-east-1]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦⟦!If [IsProd, 0.0.0.0/0, 1.0.0.0/0]⟧⟧
      `,
        [
          { message: 'SSH (22) is open to the world (0.0.0.0/0) when condition IsProd is true' },
          { message: 'SSH (22) is open to the world (1.0.0.0/0) when condition IsProd is false' },
        ],
      );
    });

    it('reports a parameter default under a condition that holds at the defaults, naming both', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          AdminCidr:
            Type: String
            Default: 0.0.0.0/0
        Conditions:
          HasAdminCidr: !Not [!Equals [!Ref AdminCidr, '']]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦!If [HasAdminCidr, !Ref AdminCidr, !Ref AWS::NoValue]⟧
      `,
        [
          {
            message:
              "SSH (22) is open to the world (0.0.0.0/0 from Parameter AdminCidr's default) when condition HasAdminCidr is true",
          },
        ],
      );
    });

    it('is silent when the condition that selects the parameter is false at its default', () => {
      // With AdminCidr at its default (0.0.0.0/0) HasAdminCidr is false: the true branch never sees the default.
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          AdminCidr:
            Type: String
            Default: 0.0.0.0/0
        Conditions:
          HasAdminCidr: !Not [!Equals [!Ref AdminCidr, 0.0.0.0/0]]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: !If [HasAdminCidr, !Ref AdminCidr, 10.0.0.0/8]
      `,
        [],
      );
    });

    it('finds the world in 0.0.0.0/1 + 128.0.0.0/1 of two rules of one group, on each of them', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦0.0.0.0/1⟧
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦128.0.0.0/1⟧
      `,
        [
          {
            message:
              'SSH (22) is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
          },
          {
            message:
              'SSH (22) is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
          },
        ],
      );
    });

    it('finds the world in an inline rule and a standalone rule of the same group', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 3389
                  ToPort: 3389
                  CidrIp: ⟦0.0.0.0/1⟧
          RdpHigh:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt WebSG.GroupId
              IpProtocol: tcp
              FromPort: 3389
              ToPort: 3389
              CidrIp: ⟦128.0.0.0/1⟧
      `,
        [
          {
            message:
              'RDP (3389) is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
            resource: 'WebSG',
          },
          {
            message:
              'RDP (3389) is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'RdpHigh',
            group: 'WebSG',
          },
        ],
      );
    });

    it('finds the world in ::/1 + 8000::/1 and names each partner block once', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 65535
                  CidrIpv6: ⟦::/1⟧
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIpv6: ⟦'8000::/1'⟧
                - IpProtocol: tcp
                  FromPort: 5900
                  ToPort: 5900
                  CidrIpv6: ⟦'8000::/1'⟧
      `,
        [
          {
            message:
              'tcp ports 22 and 5900 are open to the world (::/1 together with 8000::/1 covers every IPv6 address), including SSH (22) and VNC (5900)',
          },
          {
            message: 'SSH (22) is open to the world (8000::/1 together with ::/1 covers every IPv6 address)',
          },
          {
            message:
              'VNC (5900) is open to the world (8000::/1 together with ::/1 covers every IPv6 address)',
          },
        ],
      );
    });

    it('counts a rule of protocol -1 in a union with a port rule', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: ⟦0.0.0.0/1⟧
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ⟦128.0.0.0/1⟧
      `,
        [
          {
            message:
              'SSH (22) is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
          },
          {
            message:
              'SSH (22) is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
          },
        ],
      );
    });

    it('treats 1.0.0.0/0 as the world (a /0 is every address whatever its host bits)', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 445
                  ToPort: 445
                  CidrIp: ⟦1.0.0.0/0⟧
      `,
        [{ message: 'SMB (445) is open to the world (1.0.0.0/0)' }],
      );
    });

    it('does not union the two branches of one Fn::If: they never exist together', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, us-east-1]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: !If [IsProd, 0.0.0.0/1, 128.0.0.0/1]
                - !If
                  - IsProd
                  - { IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 128.0.0.0/1 }
                  - { IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/1 }
                - IpProtocol: tcp
                  FromPort: 3389
                  ToPort: 3389
                  CidrIp: !If [IsProd, 128.0.0.0/1, 0.0.0.0/1]
      `,
        [],
      );
    });

    it('lists the services of a port range and shortens a long list to "and N more"', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 1024
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: udp
                  FromPort: 160
                  ToPort: 162
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: tcp
                  FromPort: 20
                  ToPort: 21
                  CidrIpv6: ⟦::/0⟧
      `,
        [
          {
            message:
              'tcp ports 0–1024 are open to the world (0.0.0.0/0), including FTP (20–21), SSH (22), Telnet (23) and 10 more',
          },
          { message: 'udp ports 160–162 are open to the world (0.0.0.0/0), including SNMP (161)' },
          { message: 'FTP (20–21) is open to the world (::/0)' },
        ],
      );
    });

    it('names the open port when it is only part of a service range', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 20
                  ToPort: 20
                  CidrIp: ⟦0.0.0.0/0⟧
      `,
        [{ message: 'tcp port 20 is open to the world (0.0.0.0/0), including FTP (20–21)' }],
      );
    });

    it('leaves all ports to SG102 and non-sensitive ports to SG103', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: "-1"
                  CidrIp: 0.0.0.0/0
                - IpProtocol: tcp
                  FromPort: 0
                  ToPort: 65535
                  CidrIpv6: ::/0
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIpv6: ::/0
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  CidrIpv6: ::/0
      `,
        [],
      );
    });

    it('is silent for narrow CIDRs, group references and prefix lists', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Resources:
          BastionSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: bastion
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 203.0.113.10/32
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  SourceSecurityGroupId: !Ref BastionSG
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  SourcePrefixListId: pl-0123456789abcdef0
                - IpProtocol: tcp
                  FromPort: 3389
                  ToPort: 3389
                  CidrIp: 0.0.0.0/1
      `,
        [],
      );
    });

    it('reports nothing from rules missing their CIDR, ports or protocol, even with reportUnresolved: note', () => {
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
                - IpProtocol: tcp
                  CidrIp: 0.0.0.0/0
                - IpProtocol: tcp
                  FromPort: 22
                  CidrIp: 0.0.0.0/0
                - FromPort: 22
                  ToPort: 22
                  CidrIp: 0.0.0.0/0
      `;
      expectFindings(ID, 'yaml', source, []);
      expectFindings(ID, 'yaml', source, [], { reportUnresolved: 'note' });
    });

    it('is silent when the CIDR depends on a parameter without a default', () => {
      expectFindings(
        ID,
        'yaml',
        `
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
      `,
        [],
      );
    });

    it('notes unresolved CIDRs and ports with reportUnresolved: note', () => {
      expectFindings(
        ID,
        'yaml',
        `
        Parameters:
          AdminCidr:
            Type: String
          AdminPort:
            Type: Number
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 20
                  ToPort: 22
                  CidrIp: ⟦!Ref AdminCidr⟧
                - IpProtocol: tcp
                  FromPort: !Ref AdminPort
                  ToPort: !Ref AdminPort
                  CidrIp: ⟦0.0.0.0/0⟧
      `,
        [
          {
            message:
              'Cannot tell whether FTP (20–21) and SSH (22) are open to the world: the CIDR depends on Parameter AdminCidr',
            severity: 'note',
          },
          {
            message:
              'Cannot tell whether a sensitive port is open to the world (0.0.0.0/0): the ports depend on Parameter AdminPort',
            severity: 'note',
          },
        ],
        { reportUnresolved: 'note' },
      );
    });

    it('follows sensitivePorts: custom ports are reported, ports left out are not', () => {
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
                  CidrIp: 0.0.0.0/0
                - IpProtocol: tcp
                  FromPort: 8080
                  ToPort: 8080
                  CidrIp: ⟦0.0.0.0/0⟧
                - IpProtocol: tcp
                  FromPort: 9000
                  ToPort: 9000
                  CidrIp: ⟦0.0.0.0/0⟧
      `;
      expectFindings(
        ID,
        'yaml',
        source,
        [
          { message: 'Jenkins (8080) is open to the world (0.0.0.0/0)' },
          { message: 'port 9000 is open to the world (0.0.0.0/0)' },
        ],
        {
          sensitivePorts: ['8080 (Jenkins)', 9000],
        },
      );
    });

    it('can be turned off or given another severity', () => {
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
      `;
      expectFindings(ID, 'yaml', source.replace(/[⟦⟧]/g, ''), [], { rules: { SG101: 'off' } });
      expectFindings(
        ID,
        'yaml',
        source,
        [{ message: 'SSH (22) is open to the world (0.0.0.0/0)', severity: 'warning' }],
        { rules: { SG101: 'warning' } },
      );
    });

    describe('suppressions', () => {
      it('honours # sg-lint-ignore on the line before the rule, for that rule only', () => {
        const source = `
          Resources:
            WebSG:
              Type: AWS::EC2::SecurityGroup
              Properties:
                GroupDescription: web
                SecurityGroupIngress:
                  # sg-lint-ignore SG101 bastion, reviewed in SEC-12
                  - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: 0.0.0.0/0
                  - IpProtocol: tcp
                    FromPort: 3389
                    ToPort: 3389
                    CidrIp: ⟦0.0.0.0/0⟧
        `;
        expectFindings(ID, 'yaml', source, [{ message: 'RDP (3389) is open to the world (0.0.0.0/0)' }]);
        const result = lint(clean(source), 'yaml');
        const suppressed = result.findings.filter((f) => f.ruleId === ID && f.suppressions?.length);
        assert.deepEqual(
          suppressed.map((f) => [f.message, f.suppressions!.map((s) => [s.tool, s.reason])]),
          [['SSH (22) is open to the world (0.0.0.0/0)', [['sg-lint', 'bastion, reviewed in SEC-12']]]],
        );
      });

      it('honours # sg-lint-ignore on the line before the resource', () => {
        expectSuppressed(
          'yaml',
          `
          Resources:
            # sg-lint-ignore SG101: legacy jump host
            WebSG:
              Type: AWS::EC2::SecurityGroup
              Properties:
                GroupDescription: web
                SecurityGroupIngress:
                  - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: ⟦0.0.0.0/0⟧
                  - IpProtocol: tcp
                    FromPort: 3389
                    ToPort: 3389
                    CidrIp: ⟦0.0.0.0/0⟧
        `,
          [
            [{ tool: 'sg-lint', reason: 'legacy jump host' }],
            [{ tool: 'sg-lint', reason: 'legacy jump host' }],
          ],
        );
      });

      it('does not let a comment for another rule suppress SG101', () => {
        expectFindings(
          ID,
          'yaml',
          `
          Resources:
            WebSG:
              Type: AWS::EC2::SecurityGroup
              Properties:
                GroupDescription: web
                SecurityGroupIngress:
                  # sg-lint-ignore SG103 only the web port
                  - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: ⟦0.0.0.0/0⟧
        `,
          [{ message: 'SSH (22) is open to the world (0.0.0.0/0)' }],
        );
      });

      it('honours Metadata sg-lint ignore on the group', () => {
        expectSuppressed(
          'yaml',
          `
          Resources:
            WebSG:
              Type: AWS::EC2::SecurityGroup
              Metadata:
                sg-lint:
                  ignore:
                    - id: SG101
                      reason: jump host
              Properties:
                GroupDescription: web
                SecurityGroupIngress:
                  - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: ⟦0.0.0.0/0⟧
        `,
          [[{ tool: 'sg-lint', reason: 'jump host' }]],
        );
      });

      it('honours cfn_nag W2 on the group for a standalone rule attached to it, unless honorPeerSuppressions is off', () => {
        const source = `
          Resources:
            WebSG:
              Type: AWS::EC2::SecurityGroup
              Metadata:
                cfn_nag:
                  rules_to_suppress:
                    - id: W2
                      reason: public bastion
              Properties:
                GroupDescription: web
            SshIn:
              Type: AWS::EC2::SecurityGroupIngress
              Properties:
                GroupId: !Ref WebSG
                IpProtocol: tcp
                FromPort: 22
                ToPort: 22
                CidrIp: ⟦0.0.0.0/0⟧
        `;
        expectSuppressed('yaml', source, [[{ tool: 'cfn_nag', reason: 'public bastion', peerId: 'W2' }]]);
        expectFindings(
          ID,
          'yaml',
          source,
          [{ message: 'SSH (22) is open to the world (0.0.0.0/0)', resource: 'SshIn' }],
          { honorPeerSuppressions: false },
        );
      });

      it('honours checkov:skip=CKV_AWS_24, unless honorPeerSuppressions is off', () => {
        const source = `
          Resources:
            WebSG:
              Type: AWS::EC2::SecurityGroup
              Properties:
                GroupDescription: web
                SecurityGroupIngress:
                  # checkov:skip=CKV_AWS_24:bastion host
                  - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: ⟦0.0.0.0/0⟧
        `;
        expectSuppressed('yaml', source, [
          [{ tool: 'checkov', reason: 'bastion host', peerId: 'CKV_AWS_24' }],
        ]);
        expectFindings(ID, 'yaml', source, [{ message: 'SSH (22) is open to the world (0.0.0.0/0)' }], {
          honorPeerSuppressions: false,
        });
      });

      it('keeps its own suppressions when honorPeerSuppressions is off', () => {
        expectSuppressed(
          'yaml',
          `
          Resources:
            WebSG:
              Type: AWS::EC2::SecurityGroup
              Properties:
                GroupDescription: web
                SecurityGroupIngress:
                  # sg-lint-ignore SG101 bastion
                  - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: ⟦0.0.0.0/0⟧
        `,
          [[{ tool: 'sg-lint', reason: 'bastion' }]],
          { honorPeerSuppressions: false },
        );
      });
    });

    describe('fixes', () => {
      const template = (cidr: string): string =>
        dedent(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: ${cidr}
      `);

      it('offers one restriction per trusted IPv4 CIDR, the first preferred, and keeps plain style', () => {
        const overrides = {
          trustedCidrs: [{ cidr: '10.0.0.0/8', label: 'corp' }, '192.168.0.0/16', '2001:db8::/32'],
        };
        const fixed = applyFix(ID, 'yaml', template('0.0.0.0/0'), 'Restrict to 10.0.0.0/8 (corp)', overrides);
        assert.equal(fixed, template('10.0.0.0/8'));
        assert.equal(
          applyFix(ID, 'yaml', template('0.0.0.0/0'), 'Restrict to 192.168.0.0/16', overrides),
          template('192.168.0.0/16'),
        );
        assert.throws(
          () => applyFix(ID, 'yaml', template('0.0.0.0/0'), 'Restrict to 2001:db8::/32', overrides),
          /no fix titled/,
        );
      });

      it('keeps \'single\' and "double" quoting', () => {
        assert.equal(
          applyFix(ID, 'yaml', template("'0.0.0.0/0'"), 'Restrict to 10.0.0.0/8 (corp)', CORP),
          template("'10.0.0.0/8'"),
        );
        assert.equal(
          applyFix(ID, 'yaml', template('"0.0.0.0/0"'), 'Restrict to 10.0.0.0/8 (corp)', CORP),
          template('"10.0.0.0/8"'),
        );
      });

      it('offers IPv6 trusted CIDRs for an IPv6 world CIDR', () => {
        const text = template('0.0.0.0/0').replace('CidrIp: 0.0.0.0/0', 'CidrIpv6: ::/0');
        const fixed = applyFix(ID, 'yaml', text, 'Restrict to 2001:db8::/32 (office v6)', {
          trustedCidrs: [{ cidr: '2001:db8::/32', label: 'office v6' }],
        });
        assert.equal(fixed, text.replace('::/0', '2001:db8::/32'));
      });

      it("restricts a 'single'-quoted parameter default where it is written", () => {
        const text = dedent(`
          Parameters:
            AdminCidr:
              Type: String
              Default: '0.0.0.0/0'
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
        `);
        const fixed = applyFix(
          ID,
          'yaml',
          text,
          "Restrict to 10.0.0.0/8 (corp) in Parameter AdminCidr's default",
          CORP,
        );
        assert.equal(fixed, text.replace("Default: '0.0.0.0/0'", "Default: '10.0.0.0/8'"));
      });

      it('replaces a Fn::Join of literals with the trusted CIDR', () => {
        const text = template("!Join ['', ['0.0.0.0', '/0']]");
        assert.equal(
          applyFix(ID, 'yaml', text, 'Restrict to 10.0.0.0/8 (corp)', CORP),
          template('10.0.0.0/8'),
        );
      });

      it('offers no edit for one entry of a list default, which would break the rest of the list', () => {
        const source = dedent(`
          Parameters:
            Cidrs:
              Type: CommaDelimitedList
              Default: 10.0.0.0/8,0.0.0.0/0
          Resources:
            WebSG:
              Type: AWS::EC2::SecurityGroup
              Properties:
                GroupDescription: web
                SecurityGroupIngress:
                  - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: ⟦!Select [1, !Ref Cidrs]⟧
        `);
        expectFindings(
          ID,
          'yaml',
          source,
          [{ message: "SSH (22) is open to the world (0.0.0.0/0 from Parameter Cidrs's default)" }],
          CORP,
        );
        assert.throws(() => applyFix(ID, 'yaml', clean(source), /Restrict/, CORP), /no fix titled/);
      });
    });
  });

  describe('json', () => {
    it('reports RDP open to ::/0 at the CIDR', () => {
      expectFindings(
        ID,
        'json',
        `
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
      `,
        [{ message: 'RDP (3389) is open to the world (::/0)' }],
      );
    });

    it('reports standalone rules attached by Ref and by Fn::GetAtt GroupId, with string ports and protocol "6"', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "WebSG": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "web" } },
            "SshIn": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": { "GroupId": { "Ref": "WebSG" }, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦"0.0.0.0/0"⟧ }
            },
            "RedisIn": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": {
                "GroupId": { "Fn::GetAtt": ["WebSG", "GroupId"] },
                "IpProtocol": "6",
                "FromPort": "6379",
                "ToPort": "6379",
                "CidrIpv6": ⟦"::/0"⟧
              }
            }
          }
        }
      `,
        [
          { message: 'SSH (22) is open to the world (0.0.0.0/0)', resource: 'SshIn', group: 'WebSG' },
          { message: 'Redis (6379) is open to the world (::/0)', resource: 'RedisIn', group: 'WebSG' },
        ],
      );
    });

    it('names parameter defaults and mapping entries, and evaluates Fn::Join, Fn::Sub and Fn::Select', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "AdminCidr": { "Type": "String", "Default": "0.0.0.0/0" } },
          "Mappings": { "Net": { "us-east-1": { "Admin": "0.0.0.0/0" } } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦{ "Ref": "AdminCidr" }⟧ },
                  { "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": ⟦{ "Fn::FindInMap": ["Net", "us-east-1", "Admin"] }⟧ },
                  { "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIp": ⟦{ "Fn::Join": ["", ["0.0.0.0", "/0"]] }⟧ },
                  { "IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379, "CidrIp": ⟦{ "Fn::Sub": ["0.0.0.0/\${Bits}", { "Bits": "0" }] }⟧ },
                  { "IpProtocol": "tcp", "FromPort": 9200, "ToPort": 9200, "CidrIp": ⟦{ "Fn::Select": [0, ["0.0.0.0/0", "10.0.0.0/8"]] }⟧ }
                ]
              }
            }
          }
        }
      `,
        [
          { message: "SSH (22) is open to the world (0.0.0.0/0 from Parameter AdminCidr's default)" },
          { message: 'RDP (3389) is open to the world (0.0.0.0/0 from Mapping Net.us-east-1.Admin)' },
          { message: 'PostgreSQL (5432) is open to the world (0.0.0.0/0)' },
          { message: 'Redis (6379) is open to the world (0.0.0.0/0)' },
          { message: 'Elasticsearch (9200) is open to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('reports the world branch of Fn::If with its condition, and drops a contradicted parameter default', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Parameters": { "AdminCidr": { "Type": "String", "Default": "0.0.0.0/0" } },
          "Conditions": {
            "IsProd": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] },
            "HasAdminCidr": { "Fn::Not": [{ "Fn::Equals": [{ "Ref": "AdminCidr" }, "0.0.0.0/0"] }] }
          },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦{ "Fn::If": ["IsProd", "0.0.0.0/0", "10.0.0.0/8"] }⟧ },
                  { "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": { "Fn::If": ["HasAdminCidr", { "Ref": "AdminCidr" }, "10.0.0.0/8"] } }
                ]
              }
            }
          }
        }
      `,
        [{ message: 'SSH (22) is open to the world (0.0.0.0/0) when condition IsProd is true' }],
      );
    });

    it('finds the world in a union of an inline and a standalone rule, and in 1.0.0.0/0, but not across Fn::If branches', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦"0.0.0.0/1"⟧ },
                  { "IpProtocol": "tcp", "FromPort": 445, "ToPort": 445, "CidrIp": ⟦"1.0.0.0/0"⟧ },
                  { "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": { "Fn::If": ["IsProd", "0.0.0.0/1", "128.0.0.0/1"] } }
                ]
              }
            },
            "SshHigh": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": { "GroupId": { "Fn::GetAtt": ["WebSG", "GroupId"] }, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦"128.0.0.0/1"⟧ }
            }
          }
        }
      `,
        [
          {
            message:
              'SSH (22) is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
            resource: 'WebSG',
          },
          { message: 'SMB (445) is open to the world (1.0.0.0/0)' },
          {
            message:
              'SSH (22) is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'SshHigh',
          },
        ],
      );
    });

    it('lists the services of 0–1024 with "and N more"', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 0, "ToPort": 1024, "CidrIp": ⟦"0.0.0.0/0"⟧ }]
              }
            }
          }
        }
      `,
        [
          {
            message:
              'tcp ports 0–1024 are open to the world (0.0.0.0/0), including FTP (20–21), SSH (22), Telnet (23) and 10 more',
          },
        ],
      );
    });

    it('is silent for narrow CIDRs, group references, prefix lists, public ports and all ports', () => {
      expectFindings(
        ID,
        'json',
        `
        {
          "Resources": {
            "BastionSG": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "bastion" } },
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "198.51.100.0/24" },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "SourceSecurityGroupId": { "Fn::GetAtt": ["BastionSG", "GroupId"] } },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "SourcePrefixListId": "pl-0123456789abcdef0" },
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0" },
                  { "IpProtocol": "-1", "CidrIpv6": "::/0" }
                ]
              }
            }
          }
        }
      `,
        [],
      );
    });

    it('reports nothing for missing attributes; notes an unresolved CIDR only with reportUnresolved: note', () => {
      const source = `
        {
          "Parameters": { "AdminCidr": { "Type": "String" } },
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22 },
                  { "IpProtocol": "tcp", "CidrIp": "0.0.0.0/0" },
                  { "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" },
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦{ "Ref": "AdminCidr" }⟧ }
                ]
              }
            }
          }
        }
      `;
      expectFindings(ID, 'json', source.replace(/[⟦⟧]/g, ''), []);
      expectFindings(
        ID,
        'json',
        source,
        [
          {
            message:
              'Cannot tell whether SSH (22) is open to the world: the CIDR depends on Parameter AdminCidr',
            severity: 'note',
          },
        ],
        {
          reportUnresolved: 'note',
        },
      );
    });

    it('honours Metadata sg-lint ignore and cfn_nag W2 (the latter only with honorPeerSuppressions)', () => {
      const source = `
        {
          "Resources": {
            "OwnSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "sg-lint": { "ignore": [{ "id": "SG101", "reason": "jump host" }] } },
              "Properties": {
                "GroupDescription": "own",
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦"0.0.0.0/0"⟧ }]
              }
            },
            "NagSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Metadata": { "cfn_nag": { "rules_to_suppress": [{ "id": "W2", "reason": "public bastion" }] } },
              "Properties": { "GroupDescription": "nag" }
            },
            "NagSsh": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": { "GroupId": { "Ref": "NagSG" }, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": ⟦"0.0.0.0/0"⟧ }
            }
          }
        }
      `;
      expectSuppressed('json', source, [
        [{ tool: 'sg-lint', reason: 'jump host' }],
        [{ tool: 'cfn_nag', reason: 'public bastion', peerId: 'W2' }],
      ]);
      const [, nag] = marked(dedent(source)).ranges;
      const result = lint(clean(source), 'json', { honorPeerSuppressions: false });
      assert.deepEqual(
        findingsOf(result, ID).map((f) => [f.range.start, f.range.end, f.resource]),
        [[nag!.start, nag!.end, 'NagSsh']],
      );
    });

    it('restricts a literal, a parameter default, a mapping entry and one Fn::If branch in JSON', () => {
      const text = clean(`
        {
          "Parameters": { "AdminCidr": { "Type": "String", "Default": "0.0.0.0/0" } },
          "Mappings": { "Net": { "us-east-1": { "Admin": "0.0.0.0/0" } } },
          "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] } },
          "Resources": {
            "LiteralSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": { "GroupDescription": "a", "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" }] }
            }
          }
        }
      `);
      const literal = applyFix(ID, 'json', text, 'Restrict to 10.0.0.0/8 (corp)', CORP);
      assert.equal(literal, text.replace('"CidrIp": "0.0.0.0/0"', '"CidrIp": "10.0.0.0/8"'));

      const viaParameter = text.replace('"CidrIp": "0.0.0.0/0"', '"CidrIp": { "Ref": "AdminCidr" }');
      assert.equal(
        applyFix(
          ID,
          'json',
          viaParameter,
          "Restrict to 10.0.0.0/8 (corp) in Parameter AdminCidr's default",
          CORP,
        ),
        viaParameter.replace('"Default": "0.0.0.0/0"', '"Default": "10.0.0.0/8"'),
      );

      const viaMapping = text.replace(
        '"CidrIp": "0.0.0.0/0"',
        '"CidrIp": { "Fn::FindInMap": ["Net", "us-east-1", "Admin"] }',
      );
      assert.equal(
        applyFix(
          ID,
          'json',
          viaMapping,
          'Restrict to 10.0.0.0/8 (corp) in Mapping Net.us-east-1.Admin',
          CORP,
        ),
        viaMapping.replace('"Admin": "0.0.0.0/0"', '"Admin": "10.0.0.0/8"'),
      );

      const viaIf = text.replace(
        '"CidrIp": "0.0.0.0/0"',
        '"CidrIp": { "Fn::If": ["IsProd", "192.168.0.0/16", "0.0.0.0/0"] }',
      );
      assert.equal(
        applyFix(ID, 'json', viaIf, 'Restrict to 10.0.0.0/8 (corp)', CORP),
        viaIf.replace('"192.168.0.0/16", "0.0.0.0/0"', '"192.168.0.0/16", "10.0.0.0/8"'),
      );
    });
  });

  describe('terraform', () => {
    it('reports the world CIDR of an inline ingress block, not its other CIDRs, IPv4 and IPv6', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "web" {
          name        = "web"
          description = "web tier"
          vpc_id      = "vpc-1"
          ingress {
            description      = "ssh"
            from_port        = 22
            to_port          = 22
            protocol         = "tcp"
            cidr_blocks      = ["10.0.0.0/8", ⟦"0.0.0.0/0"⟧, "192.168.0.0/16"]
            ipv6_cidr_blocks = ["2001:db8::/32", ⟦"::/0"⟧]
          }
          ingress {
            description = "web"
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        `,
        [
          {
            message: 'SSH (22) is open to the world (0.0.0.0/0)',
            severity: 'error',
            resource: 'aws_security_group.web',
            group: 'aws_security_group.web',
          },
          { message: 'SSH (22) is open to the world (::/0)', resource: 'aws_security_group.web' },
        ],
      );
    });

    it('expands dynamic "ingress" blocks over a literal list, a local, a variable default list and a map with an iterator', () => {
      expectTfFindings(
        ID,
        `
        locals {
          db_rules = [{ port = 5432, cidrs = ["0.0.0.0/0"] }]
        }

        variable "admin_rules" {
          default = [
            { port = 22, cidrs = ["10.0.0.0/8"] },
            { port = 3389, cidrs = ["10.0.0.0/8", "0.0.0.0/0"] },
          ]
        }

        variable "cache_rules" {
          default = {
            redis     = { port = 6379, cidr = "0.0.0.0/0" }
            memcached = { port = 11211, cidr = "10.0.0.0/8" }
          }
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"

          dynamic "ingress" {
            for_each = [23, 80]
            content {
              from_port   = ingress.value
              to_port     = ingress.value
              protocol    = "tcp"
              cidr_blocks = [⟦"0.0.0.0/0"⟧]
            }
          }

          dynamic "ingress" {
            for_each = local.db_rules
            content {
              from_port   = ingress.value.port
              to_port     = ingress.value.port
              protocol    = "tcp"
              cidr_blocks = ⟦ingress.value.cidrs⟧
            }
          }

          dynamic "ingress" {
            for_each = var.admin_rules
            content {
              from_port   = ingress.value.port
              to_port     = ingress.value.port
              protocol    = "tcp"
              cidr_blocks = ⟦ingress.value.cidrs⟧
            }
          }

          dynamic "ingress" {
            for_each = var.cache_rules
            iterator = cache
            content {
              from_port   = cache.value.port
              to_port     = cache.value.port
              protocol    = "tcp"
              cidr_blocks = [⟦cache.value.cidr⟧]
            }
          }
        }
        `,
        [
          { message: 'Telnet (23) is open to the world (0.0.0.0/0)' },
          { message: 'PostgreSQL (5432) is open to the world (0.0.0.0/0 from local db_rules)' },
          { message: 'RDP (3389) is open to the world (0.0.0.0/0 from the default of var.admin_rules)' },
          { message: 'Redis (6379) is open to the world (0.0.0.0/0 from the default of var.cache_rules)' },
        ],
      );
    });

    it('reads the attribute syntax ingress = [{ … }]', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "db" {
          name        = "db"
          description = "db"
          vpc_id      = "vpc-1"
          ingress = [
            {
              description      = "mysql"
              from_port        = 3306
              to_port          = 3306
              protocol         = "tcp"
              cidr_blocks      = [⟦"0.0.0.0/0"⟧]
              ipv6_cidr_blocks = []
              prefix_list_ids  = []
              security_groups  = []
              self             = false
            },
            {
              description      = "https"
              from_port        = 443
              to_port          = 443
              protocol         = "tcp"
              cidr_blocks      = ["0.0.0.0/0"]
              ipv6_cidr_blocks = []
              prefix_list_ids  = []
              security_groups  = []
              self             = false
            },
          ]
        }
        `,
        [{ message: 'MySQL (3306) is open to the world (0.0.0.0/0)', resource: 'aws_security_group.db' }],
      );
    });

    it('reports aws_security_group_rule ingress on cidr_blocks and ipv6_cidr_blocks, on the rule resource', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "db" {
          name        = "db"
          description = "db"
          vpc_id      = "vpc-1"
        }

        resource "aws_security_group_rule" "pg" {
          type              = "ingress"
          security_group_id = aws_security_group.db.id
          from_port         = 5432
          to_port           = 5432
          protocol          = "6"
          cidr_blocks       = [⟦"0.0.0.0/0"⟧]
          ipv6_cidr_blocks  = [⟦"::/0"⟧]
        }

        resource "aws_security_group_rule" "from_group" {
          type                     = "ingress"
          security_group_id        = aws_security_group.db.id
          from_port                = 5432
          to_port                  = 5432
          protocol                 = "tcp"
          source_security_group_id = "sg-0123456789abcdef0"
        }

        resource "aws_security_group_rule" "self" {
          type              = "ingress"
          security_group_id = aws_security_group.db.id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          self              = true
        }

        resource "aws_security_group_rule" "out" {
          type              = "egress"
          security_group_id = aws_security_group.db.id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["0.0.0.0/0"]
        }
        `,
        [
          {
            message: 'PostgreSQL (5432) is open to the world (0.0.0.0/0)',
            resource: 'aws_security_group_rule.pg',
            group: 'aws_security_group.db',
          },
          {
            message: 'PostgreSQL (5432) is open to the world (::/0)',
            resource: 'aws_security_group_rule.pg',
          },
        ],
      );
    });

    it('reports aws_vpc_security_group_ingress_rule on cidr_ipv4 and cidr_ipv6, with ip_protocol "tcp" or "6"', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "k8s" {
          name        = "k8s"
          description = "k8s"
          vpc_id      = "vpc-1"
        }

        resource "aws_vpc_security_group_ingress_rule" "api" {
          security_group_id = aws_security_group.k8s.id
          ip_protocol       = "tcp"
          from_port         = 6443
          to_port           = 6443
          cidr_ipv4         = ⟦"0.0.0.0/0"⟧
        }

        resource "aws_vpc_security_group_ingress_rule" "kubelet" {
          security_group_id = aws_security_group.k8s.id
          ip_protocol       = "6"
          from_port         = 10250
          to_port           = 10250
          cidr_ipv6         = ⟦"::/0"⟧
        }

        resource "aws_vpc_security_group_egress_rule" "out" {
          security_group_id = aws_security_group.k8s.id
          ip_protocol       = "tcp"
          from_port         = 22
          to_port           = 22
          cidr_ipv4         = "0.0.0.0/0"
        }
        `,
        [
          {
            message: 'Kubernetes API (6443) is open to the world (0.0.0.0/0)',
            resource: 'aws_vpc_security_group_ingress_rule.api',
            group: 'aws_security_group.k8s',
          },
          {
            message: 'kubelet (10250) is open to the world (::/0)',
            resource: 'aws_vpc_security_group_ingress_rule.kubelet',
          },
        ],
      );
    });

    it('reports the ingress of an aws_default_security_group', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }

        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
          ingress {
            protocol    = "tcp"
            from_port   = 22
            to_port     = 22
            cidr_blocks = [⟦"0.0.0.0/0"⟧]
          }
        }
        `,
        [
          {
            message: 'SSH (22) is open to the world (0.0.0.0/0)',
            resource: 'aws_default_security_group.default',
            group: 'aws_default_security_group.default',
          },
        ],
      );
    });

    it('names the variable default, terraform.tfvars or *.auto.tfvars entry that set the CIDR, the last one winning', () => {
      expectTfFindings(
        ID,
        {
          'main.tf': `
          resource "aws_security_group" "admin" {
            name        = "admin"
            description = "admin"
            vpc_id      = "vpc-1"
            ingress {
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = ⟦var.ssh_cidrs⟧
            }
            ingress {
              from_port   = 3389
              to_port     = 3389
              protocol    = "tcp"
              cidr_blocks = ⟦var.rdp_cidrs⟧
            }
            ingress {
              from_port   = 5432
              to_port     = 5432
              protocol    = "tcp"
              cidr_blocks = ⟦var.db_cidrs⟧
            }
            ingress {
              from_port   = 6379
              to_port     = 6379
              protocol    = "tcp"
              cidr_blocks = var.cache_cidrs
            }
          }
          `,
          'variables.tf': `
          variable "ssh_cidrs" {
            type    = list(string)
            default = ["0.0.0.0/0"]
          }
          variable "rdp_cidrs" {
            type    = list(string)
            default = ["10.0.0.0/8"]
          }
          variable "db_cidrs" {
            type    = list(string)
            default = ["10.0.0.0/8"]
          }
          variable "cache_cidrs" {
            type    = list(string)
            default = ["0.0.0.0/0"]
          }
          `,
          'terraform.tfvars': `
          rdp_cidrs   = ["0.0.0.0/0"]
          db_cidrs    = ["192.168.0.0/16"]
          cache_cidrs = ["10.0.0.0/8"]
          `,
          'a.auto.tfvars': `
          db_cidrs = ["172.16.0.0/12"]
          `,
          'b.auto.tfvars': `
          db_cidrs = ["0.0.0.0/0"]
          `,
        },
        [
          { message: 'SSH (22) is open to the world (0.0.0.0/0 from the default of var.ssh_cidrs)' },
          { message: 'RDP (3389) is open to the world (0.0.0.0/0 from rdp_cidrs in terraform.tfvars)' },
          { message: 'PostgreSQL (5432) is open to the world (0.0.0.0/0 from db_cidrs in b.auto.tfvars)' },
        ],
      );
    });

    it('evaluates locals, string interpolation, concat, toset and tolist', () => {
      expectTfFindings(
        ID,
        `
        locals {
          anywhere = "0.0.0.0/0"
          bits     = 0
        }

        variable "base" {
          default = "0.0.0.0"
        }

        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = [⟦local.anywhere⟧]
          }
          ingress {
            from_port   = 23
            to_port     = 23
            protocol    = "tcp"
            cidr_blocks = [⟦"\${var.base}/\${local.bits}"⟧]
          }
          ingress {
            from_port   = 3306
            to_port     = 3306
            protocol    = "tcp"
            cidr_blocks = ⟦concat(["10.0.0.0/8"], [local.anywhere])⟧
          }
          ingress {
            from_port   = 5900
            to_port     = 5900
            protocol    = "tcp"
            cidr_blocks = tolist(toset(["10.0.0.0/8", ⟦"0.0.0.0/0"⟧]))
          }
        }
        `,
        [
          { message: 'SSH (22) is open to the world (0.0.0.0/0 from local anywhere)' },
          { message: 'Telnet (23) is open to the world (0.0.0.0/0)' },
          { message: 'MySQL (3306) is open to the world (0.0.0.0/0 from local anywhere)' },
          { message: 'VNC (5900) is open to the world (0.0.0.0/0)' },
        ],
      );
    });

    it('checks every instance of for_each over a literal map, reading try(each.value.x, null)', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
        }

        resource "aws_security_group_rule" "in" {
          for_each = {
            ssh    = { port = 22, cidr = "0.0.0.0/0" }
            https  = { port = 443, cidr = "0.0.0.0/0" }
            telnet = { port = 23, cidr6 = "::/0" }
            vnc    = { port = 5900, cidr = "10.0.0.0/8" }
          }
          type              = "ingress"
          security_group_id = aws_security_group.app.id
          from_port         = each.value.port
          to_port           = each.value.port
          protocol          = "tcp"
          cidr_blocks       = ⟦try([each.value.cidr], null)⟧
          ipv6_cidr_blocks  = ⟦try([each.value.cidr6], null)⟧
        }
        `,
        [
          { message: 'SSH (22) is open to the world (0.0.0.0/0)', resource: 'aws_security_group_rule.in' },
          { message: 'Telnet (23) is open to the world (::/0)', resource: 'aws_security_group_rule.in' },
        ],
      );
    });

    it('finds the world in 0.0.0.0/1 of an inline block + 128.0.0.0/1 of an aws_security_group_rule of the same group', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "rdp" {
          name        = "rdp"
          description = "rdp"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 3389
            to_port     = 3389
            protocol    = "tcp"
            cidr_blocks = [⟦"0.0.0.0/1"⟧]
          }
        }

        resource "aws_security_group_rule" "rdp_high" {
          type              = "ingress"
          security_group_id = aws_security_group.rdp.id
          from_port         = 3389
          to_port           = 3389
          protocol          = "tcp"
          cidr_blocks       = [⟦"128.0.0.0/1"⟧]
        }
        `,
        [
          {
            message:
              'RDP (3389) is open to the world (0.0.0.0/1 together with 128.0.0.0/1 covers every IPv4 address)',
            resource: 'aws_security_group.rdp',
          },
          {
            message:
              'RDP (3389) is open to the world (128.0.0.0/1 together with 0.0.0.0/1 covers every IPv4 address)',
            resource: 'aws_security_group_rule.rdp_high',
            group: 'aws_security_group.rdp',
          },
        ],
      );
    });

    it('leaves protocol "-1" with ports 0/0 to SG102, and is silent for an inline "-1" rule with other ports, which Terraform rejects', () => {
      const source = `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }

        resource "aws_security_group" "broken" {
          name        = "broken"
          description = "broken"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
      `;
      expectTfFindings(ID, source, []);
      const result = lintTf(clean(source));
      assert.deepEqual(
        result.findings
          .filter((f) => f.ruleId === 'SG102' || f.ruleId === 'SG202')
          .map((f) => [f.ruleId, f.group]),
        [
          ['SG102', 'aws_security_group.app'],
          ['SG202', 'aws_security_group.broken'],
        ],
      );
    });

    it('is silent for narrow CIDRs, security group references, prefix lists and public ports', () => {
      expectTfFindings(
        ID,
        `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port       = 22
            to_port         = 22
            protocol        = "tcp"
            cidr_blocks     = ["198.51.100.0/24", "10.0.0.0/8"]
            security_groups = ["sg-0123456789abcdef0"]
            prefix_list_ids = ["pl-0123456789abcdef0"]
          }
          ingress {
            from_port        = 80
            to_port          = 80
            protocol         = "tcp"
            cidr_blocks      = ["0.0.0.0/0"]
            ipv6_cidr_blocks = ["::/0"]
          }
        }
        `,
        [],
      );
    });

    it('is silent for a variable without a default, a data source and a module output, and notes them with reportUnresolved: note', () => {
      const source = `
        variable "admin_cidr" {
          type = string
        }

        data "aws_ip_ranges" "ec2" {
          services = ["ec2"]
        }

        module "network" {
          source = "./network"
        }

        resource "aws_security_group" "admin" {
          name        = "admin"
          description = "admin"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = [⟦var.admin_cidr⟧]
          }
          ingress {
            from_port   = 3389
            to_port     = 3389
            protocol    = "tcp"
            cidr_blocks = ⟦data.aws_ip_ranges.ec2.cidr_blocks⟧
          }
          ingress {
            from_port   = 5432
            to_port     = 5432
            protocol    = "tcp"
            cidr_blocks = [⟦module.network.office_cidr⟧]
          }
          ingress {
            from_port   = ⟦var.admin_cidr⟧
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
      `;
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), []);
      expectTfFindings(
        ID,
        source
          .replace('from_port   = ⟦var.admin_cidr⟧', 'from_port   = var.admin_cidr')
          .replace('cidr_blocks = ["0.0.0.0/0"]', 'cidr_blocks = [⟦"0.0.0.0/0"⟧]'),
        [
          {
            message: 'Cannot tell whether SSH (22) is open to the world: the CIDR depends on var.admin_cidr',
            severity: 'note',
          },
          {
            message:
              'Cannot tell whether RDP (3389) is open to the world: the CIDR depends on data.aws_ip_ranges.ec2',
            severity: 'note',
          },
          {
            message:
              'Cannot tell whether PostgreSQL (5432) is open to the world: the CIDR depends on module.network',
            severity: 'note',
          },
          {
            message:
              'Cannot tell whether a sensitive port is open to the world (0.0.0.0/0): the ports depend on var.admin_cidr',
            severity: 'note',
          },
        ],
        { reportUnresolved: 'note' },
      );
    });

    it('follows sensitivePorts, and can be turned off or given another severity', () => {
      const source = (ssh: string, jenkins: string): string => `
        resource "aws_security_group" "app" {
          name        = "app"
          description = "app"
          vpc_id      = "vpc-1"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = [${ssh}]
          }
          ingress {
            from_port   = 8080
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = [${jenkins}]
          }
        }
      `;
      const plain = '"0.0.0.0/0"';
      const mark = '⟦"0.0.0.0/0"⟧';
      expectTfFindings(ID, source(mark, plain), [{ message: 'SSH (22) is open to the world (0.0.0.0/0)' }]);
      expectTfFindings(
        ID,
        source(plain, mark),
        [{ message: 'Jenkins (8080) is open to the world (0.0.0.0/0)' }],
        { sensitivePorts: ['8080 (Jenkins)'] },
      );
      expectTfFindings(ID, source(plain, plain), [], { rules: { SG101: 'off' } });
      expectTfFindings(
        ID,
        source(mark, plain),
        [{ message: 'SSH (22) is open to the world (0.0.0.0/0)', severity: 'warning' }],
        { rules: { SG101: 'warning' } },
      );
    });

    describe('suppressions', () => {
      it('honours # sg-lint-ignore before the resource and before the inline block, for that block only', () => {
        const source = `
          # sg-lint-ignore SG101 bastion host
          resource "aws_security_group" "bastion" {
            name        = "bastion"
            description = "bastion"
            vpc_id      = "vpc-1"
            ingress {
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = [⟦"0.0.0.0/0"⟧]
            }
          }

          resource "aws_security_group" "jump" {
            name        = "jump"
            description = "jump"
            vpc_id      = "vpc-1"
            # sg-lint-ignore SG101 jump box, reviewed
            ingress {
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = [⟦"0.0.0.0/0"⟧]
            }
            ingress {
              from_port   = 3389
              to_port     = 3389
              protocol    = "tcp"
              cidr_blocks = ["0.0.0.0/0"]
            }
          }
        `;
        const { text, ranges } = marked(dedent(source));
        const result = lintTf(text);
        assert.deepEqual(
          result.findings
            .filter((f) => f.ruleId === ID)
            .map((f) => [f.range.start, f.message, f.suppressions?.map((s) => [s.tool, s.reason])]),
          [
            [ranges[0]!.start, 'SSH (22) is open to the world (0.0.0.0/0)', [['sg-lint', 'bastion host']]],
            [
              ranges[1]!.start,
              'SSH (22) is open to the world (0.0.0.0/0)',
              [['sg-lint', 'jump box, reviewed']],
            ],
            [text.lastIndexOf('"0.0.0.0/0"'), 'RDP (3389) is open to the world (0.0.0.0/0)', undefined],
          ],
        );
      });

      it('honours #tfsec:ignore and #trivy:ignore until their :exp: date, and not after it', () => {
        expectTfSuppressed(
          `
          #tfsec:ignore:aws-ec2-no-public-ingress-sgr:exp:2999-12-31
          resource "aws_security_group_rule" "ssh" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = 22
            to_port           = 22
            protocol          = "tcp"
            cidr_blocks       = [⟦"0.0.0.0/0"⟧]
          }

          #trivy:ignore:AVD-AWS-0107
          resource "aws_security_group_rule" "rdp" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = 3389
            to_port           = 3389
            protocol          = "tcp"
            cidr_blocks       = [⟦"0.0.0.0/0"⟧]
          }
          `,
          [
            [{ tool: 'tfsec', peerId: 'aws-ec2-no-public-ingress-sgr' }],
            [{ tool: 'trivy', peerId: 'AVD-AWS-0107' }],
          ],
        );
        expectTfFindings(
          ID,
          `
          #trivy:ignore:AVD-AWS-0107:exp:2020-01-31
          resource "aws_security_group_rule" "ssh" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = 22
            to_port           = 22
            protocol          = "tcp"
            cidr_blocks       = [⟦"0.0.0.0/0"⟧]
          }
          `,
          [{ message: 'SSH (22) is open to the world (0.0.0.0/0)' }],
        );
      });

      it('honours #checkov:skip=CKV_AWS_24 written inside the resource for the SSH finding only', () => {
        const source = `
          resource "aws_security_group" "bastion" {
            #checkov:skip=CKV_AWS_24:bastion reachable by design
            name        = "bastion"
            description = "bastion"
            vpc_id      = "vpc-1"
            ingress {
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = ["0.0.0.0/0"]
            }
            ingress {
              from_port   = 3389
              to_port     = 3389
              protocol    = "tcp"
              cidr_blocks = [⟦"0.0.0.0/0"⟧]
            }
          }
        `;
        expectTfFindings(ID, source, [{ message: 'RDP (3389) is open to the world (0.0.0.0/0)' }]);
        const result = lintTf(clean(source));
        assert.deepEqual(
          result.findings
            .filter((f) => f.ruleId === ID && f.suppressions?.length)
            .map((f) => [f.message, f.suppressions?.map((s) => [s.tool, s.peerId, s.reason])]),
          [
            [
              'SSH (22) is open to the world (0.0.0.0/0)',
              [['checkov', 'CKV_AWS_24', 'bastion reachable by design']],
            ],
          ],
        );
        expectTfFindings(
          ID,
          source.replace('cidr_blocks = ["0.0.0.0/0"]', 'cidr_blocks = [⟦"0.0.0.0/0"⟧]'),
          [
            { message: 'SSH (22) is open to the world (0.0.0.0/0)' },
            { message: 'RDP (3389) is open to the world (0.0.0.0/0)' },
          ],
          { honorPeerSuppressions: false },
        );
      });

      it('honours # kics-scan ignore-line on the line of the CIDR', () => {
        expectTfSuppressed(
          `
          resource "aws_security_group" "bastion" {
            name        = "bastion"
            description = "bastion"
            vpc_id      = "vpc-1"
            ingress {
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              # kics-scan ignore-line
              cidr_blocks = [⟦"0.0.0.0/0"⟧]
            }
          }
          `,
          [[{ tool: 'kics' }]],
        );
      });
    });

    describe('fixes', () => {
      it('restricts one world CIDR of an inline list, leaving the other elements alone', () => {
        const text = clean(`
          resource "aws_security_group" "app" {
            name        = "app"
            description = "app"
            vpc_id      = "vpc-1"
            ingress {
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = ["192.168.0.0/16", "0.0.0.0/0", "172.16.0.0/12"]
            }
          }
        `);
        const fixed = applyTfFix(ID, text, 'Restrict to 10.0.0.0/8 (corp)', CORP);
        assert.deepEqual(fixed, {
          'main.tf': text.replace(
            '["192.168.0.0/16", "0.0.0.0/0", "172.16.0.0/12"]',
            '["192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12"]',
          ),
        });
      });

      it('restricts a variable default in variables.tf, where it is written', () => {
        const files = cleanTf({
          'main.tf': `
            resource "aws_security_group_rule" "ssh" {
              type              = "ingress"
              security_group_id = "sg-0123456789abcdef0"
              from_port         = 22
              to_port           = 22
              protocol          = "tcp"
              cidr_blocks       = var.admin_cidrs
            }
          `,
          'variables.tf': `
            variable "admin_cidrs" {
              type    = list(string)
              default = ["0.0.0.0/0"]
            }
          `,
        });
        const fixed = applyTfFix(
          ID,
          files,
          'Restrict to 10.0.0.0/8 (corp) in the default of var.admin_cidrs',
          CORP,
        );
        assert.deepEqual(fixed, {
          'main.tf': files['main.tf'],
          'variables.tf': files['variables.tf']!.replace('["0.0.0.0/0"]', '["10.0.0.0/8"]'),
        });
      });

      it('restricts a terraform.tfvars entry that overrides the default', () => {
        const files = cleanTf({
          'main.tf': `
            variable "admin_cidrs" {
              default = ["10.0.0.0/8"]
            }

            resource "aws_security_group_rule" "ssh" {
              type              = "ingress"
              security_group_id = "sg-0123456789abcdef0"
              from_port         = 22
              to_port           = 22
              protocol          = "tcp"
              cidr_blocks       = var.admin_cidrs
            }
          `,
          'terraform.tfvars': `admin_cidrs = ["0.0.0.0/0"]\n`,
        });
        const fixed = applyTfFix(
          ID,
          files,
          'Restrict to 10.0.0.0/8 (corp) in admin_cidrs in terraform.tfvars',
          CORP,
        );
        assert.deepEqual(fixed, { ...files, 'terraform.tfvars': 'admin_cidrs = ["10.0.0.0/8"]\n' });
      });

      it('offers no edit for a CIDR that is only part of a string (split of "0.0.0.0/0,10.0.0.0/8"), in a default or written in place', () => {
        const source = `
          variable "cidr_csv" {
            default = "0.0.0.0/0,10.0.0.0/8"
          }

          resource "aws_security_group_rule" "ssh" {
            type              = "ingress"
            security_group_id = "sg-0123456789abcdef0"
            from_port         = 22
            to_port           = 22
            protocol          = "tcp"
            cidr_blocks       = ⟦split(",", var.cidr_csv)⟧
          }
        `;
        expectTfFindings(ID, source, [
          { message: 'SSH (22) is open to the world (0.0.0.0/0 from the default of var.cidr_csv)' },
        ]);
        assert.throws(() => applyTfFix(ID, clean(source), /^Restrict to/, CORP), /no fix titled/);
        const literal = source.replace('var.cidr_csv', '"0.0.0.0/0,10.0.0.0/8"');
        expectTfFindings(ID, literal, [{ message: 'SSH (22) is open to the world (0.0.0.0/0)' }]);
        assert.throws(() => applyTfFix(ID, clean(literal), /^Restrict to/, CORP), /no fix titled/);
      });
    });
  });
});
