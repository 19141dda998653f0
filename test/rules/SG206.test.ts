import * as assert from 'node:assert/strict';
import { dedent, expectFindings, expectTfFindings, lint, lintTf } from '../helpers/ruleTester';

const ID = 'SG206';

const suppressedBy = (format: 'yaml' | 'json', text: string): { tool: string; reason?: string }[] =>
  lint(text, format)
    .findings.filter((f) => f.ruleId === ID)
    .flatMap((f) => f.suppressions ?? [])
    .map((s) => ({ tool: s.tool, ...(s.reason ? { reason: s.reason } : {}) }));

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** Distinct inline rule bodies (flow mappings without braces): one tcp port per rule. */
const cidr4Rules = (n: number, offset = 0): string[] =>
  times(
    n,
    (i) =>
      `IpProtocol: tcp, FromPort: ${1000 + offset + i}, ToPort: ${1000 + offset + i}, CidrIp: 10.${i}.0.0/16`,
  );
const cidr6Rules = (n: number): string[] =>
  times(
    n,
    (i) =>
      `IpProtocol: tcp, FromPort: ${2000 + i}, ToPort: ${2000 + i}, CidrIpv6: "fd00:${i.toString(16)}::/32"`,
  );
const groupRules = (n: number): string[] =>
  times(
    n,
    (i) =>
      `IpProtocol: tcp, FromPort: ${3000 + i}, ToPort: ${3000 + i}, SourceSecurityGroupId: sg-0000000000000${String(i).padStart(4, '0')}`,
  );

/** A YAML template with WebSG (its logical ID marked unless `marked` is false) holding the given rules. */
function yamlTemplate(ingress: string[], egress: string[] = [], head = '', marked = true): string {
  const list = (key: string, items: string[]): string =>
    items.length
      ? `      ${key}:\n${items.map((r) => `        - ${r.startsWith('!') ? r : `{ ${r} }`}\n`).join('')}`
      : '';
  return `${head}Resources:
  ${marked ? '⟦WebSG⟧' : 'WebSG'}:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web tier
${list('SecurityGroupIngress', ingress)}${list('SecurityGroupEgress', egress)}`;
}

const quota = (count: number, direction: 'inbound' | 'outbound', family: 4 | 6): string =>
  `WebSG has ${count} ${direction} IPv${family} rules; AWS allows 60 per group unless the quota was raised`;

describe('SG206 rule-quota', () => {
  describe('yaml', () => {
    it('reports 61 inbound IPv4 rules at the logical ID', () => {
      expectFindings(ID, 'yaml', yamlTemplate(cidr4Rules(61)), [
        { message: quota(61, 'inbound', 4), severity: 'warning', resource: 'WebSG', group: 'WebSG' },
      ]);
    });

    it('is silent at exactly 60 rules', () => {
      expectFindings(ID, 'yaml', yamlTemplate(cidr4Rules(60), [], '', false), []);
    });

    it('counts IPv4 and IPv6 rules separately', () => {
      expectFindings(ID, 'yaml', yamlTemplate([...cidr4Rules(40), ...cidr6Rules(40)], [], '', false), []);
      expectFindings(ID, 'yaml', yamlTemplate([...cidr4Rules(10), ...cidr6Rules(61)]), [
        { message: quota(61, 'inbound', 6) },
      ]);
    });

    it('counts a group-reference rule toward both IPv4 and IPv6', () => {
      // Both findings point at the same logical ID: mark it twice.
      const twice = yamlTemplate([...cidr4Rules(50), ...cidr6Rules(50), ...groupRules(11)]).replace(
        '⟦WebSG⟧',
        '⟦⟦WebSG⟧⟧',
      );
      expectFindings(ID, 'yaml', twice, [
        { message: quota(61, 'inbound', 4) },
        { message: quota(61, 'inbound', 6) },
      ]);
      expectFindings(
        ID,
        'yaml',
        yamlTemplate([...cidr4Rules(50), ...cidr6Rules(50), ...groupRules(10)], [], '', false),
        [],
      );
    });

    it('counts the Fn::If variants of one written rule once', () => {
      const head = 'Conditions:\n  IsProd: !Equals [a, b]\n';
      const propertyIf =
        'IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !If [IsProd, 10.0.0.0/8, 192.168.0.0/16]';
      const itemIf =
        '!If [IsProd, { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8 }, { IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 10.0.0.0/8 }]';
      const text = yamlTemplate([...cidr4Rules(58), propertyIf, itemIf], [], head, false);
      const group = lint(dedent(text), 'yaml').model.groups.find((g) => g.address === 'WebSG')!;
      assert.equal(group.ingress.length, 62, 'the model holds both variants of the two conditional rules');
      expectFindings(ID, 'yaml', text, []);
      expectFindings(ID, 'yaml', yamlTemplate([...cidr4Rules(59), propertyIf, itemIf], [], head), [
        { message: quota(61, 'inbound', 4) },
      ]);
    });

    it('counts outbound rules, and standalone rules attached to the group', () => {
      const standalone = `  ExtraOut:
    Type: AWS::EC2::SecurityGroupEgress
    Properties:
      GroupId: !Ref WebSG
      IpProtocol: udp
      FromPort: 53
      ToPort: 53
      CidrIp: 10.0.0.2/32
`;
      expectFindings(ID, 'yaml', yamlTemplate([], cidr4Rules(60)) + standalone, [
        { message: quota(61, 'outbound', 4) },
      ]);
    });

    it('counts a rule whose CIDR depends on a parameter without a default: it is still a rule', () => {
      const head = 'Parameters:\n  OfficeCidr:\n    Type: String\n';
      const unresolved = 'IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref OfficeCidr';
      expectFindings(ID, 'yaml', yamlTemplate([...cidr4Rules(59), unresolved], [], head, false), []);
      expectFindings(ID, 'yaml', yamlTemplate([...cidr4Rules(60), unresolved], [], head), [
        { message: quota(61, 'inbound', 4) },
      ]);
    });

    it('honours # sg-lint-ignore on the line before the group', () => {
      const text = dedent(yamlTemplate(cidr4Rules(61), [], '', false)).replace(
        '\n  WebSG:',
        '\n  # sg-lint-ignore SG206 quota raised to 200\n  WebSG:',
      );
      expectFindings(ID, 'yaml', text, []);
      assert.deepEqual(suppressedBy('yaml', text), [{ tool: 'sg-lint', reason: 'quota raised to 200' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'yaml', yamlTemplate(cidr4Rules(61), [], '', false), [], {
        rules: { SG206: 'off' },
      });
      expectFindings(
        ID,
        'yaml',
        yamlTemplate(cidr4Rules(61)),
        [{ message: quota(61, 'inbound', 4), severity: 'error' }],
        { rules: { SG206: 'error' } },
      );
    });
  });

  describe('json', () => {
    function jsonTemplate(ingressCount: number, metadata = ''): string {
      const rules = times(
        ingressCount,
        (i) =>
          `{ "IpProtocol": "tcp", "FromPort": ${1000 + i}, "ToPort": ${1000 + i}, "CidrIpv6": "fd00:${i.toString(16)}::/32" }`,
      );
      return `{
  "Resources": {
    ⟦"WebSG"⟧: {
      "Type": "AWS::EC2::SecurityGroup",${metadata}
      "Properties": {
        "GroupDescription": "web tier",
        "SecurityGroupIngress": [
          ${rules.join(',\n          ')}
        ]
      }
    }
  }
}`;
    }
    const unmarked = (s: string): string => s.replace(/[⟦⟧]/g, '');

    it('reports 61 inbound IPv6 rules at the logical ID, quotes included', () => {
      expectFindings(ID, 'json', jsonTemplate(61), [
        { message: quota(61, 'inbound', 6), severity: 'warning', resource: 'WebSG' },
      ]);
    });

    it('is silent at 60 rules', () => {
      expectFindings(ID, 'json', unmarked(jsonTemplate(60)), []);
    });

    it('honours the resource Metadata suppression', () => {
      const text = unmarked(
        jsonTemplate(
          61,
          '\n      "Metadata": { "sg-lint": { "ignore": [{ "id": "SG206", "reason": "quota raised" }] } },',
        ),
      );
      expectFindings(ID, 'json', text, []);
      assert.deepEqual(suppressedBy('json', text), [{ tool: 'sg-lint', reason: 'quota raised' }]);
    });

    it('is off when configured off, and takes the configured severity', () => {
      expectFindings(ID, 'json', unmarked(jsonTemplate(61)), [], { rules: { SG206: 'off' } });
      expectFindings(ID, 'json', jsonTemplate(61), [{ message: quota(61, 'inbound', 6), severity: 'note' }], {
        rules: { SG206: 'note' },
      });
    });
  });

  describe('terraform', () => {
    const cidrs = (n: number, second = 0): string => times(n, (i) => `"10.${second}.${i}.0/24"`).join(', ');
    /** aws_security_group.web, its name marked unless `marked` is false, with the given blocks. */
    const tfGroup = (blocks: string, marked = true): string => `
      ${marked ? '⟦resource "aws_security_group" "web"⟧' : 'resource "aws_security_group" "web"'} {
        name        = "web"
        description = "web tier"
        vpc_id      = "vpc-0123456789abcdef0"
        ${blocks}
      }
    `;
    const block = (direction: 'ingress' | 'egress', list: string, attr = 'cidr_blocks'): string => `
        ${direction} {
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          ${attr} = [${list}]
        }`;
    const tfQuota = (count: number, direction: 'inbound' | 'outbound', family: 4 | 6): string =>
      `aws_security_group.web has ${count} ${direction} IPv${family} rules; AWS allows 60 per group unless the quota was raised`;

    it('counts each CIDR of one block: 61 CIDRs are 61 rules', () => {
      expectTfFindings(ID, tfGroup(block('ingress', cidrs(61))), [
        {
          message: tfQuota(61, 'inbound', 4),
          severity: 'warning',
          resource: 'aws_security_group.web',
          group: 'aws_security_group.web',
        },
      ]);
    });

    it('is silent at exactly 60 CIDRs', () => {
      expectTfFindings(ID, tfGroup(block('ingress', cidrs(60)), false), []);
    });

    it('counts every count instance of a rule resource, and inline rules with them', () => {
      const perInstance = `
        resource "aws_security_group_rule" "office" {
          count             = 30
          type              = "egress"
          security_group_id = aws_security_group.web.id
          from_port         = 443
          to_port           = 443
          protocol          = "tcp"
          cidr_blocks       = ["10.1.\${count.index}.0/24", "10.2.\${count.index}.0/24"]
        }
      `;
      expectTfFindings(ID, tfGroup('', false) + perInstance, []);
      expectTfFindings(ID, tfGroup(block('egress', '"192.168.0.0/16"')) + perInstance, [
        { message: tfQuota(61, 'outbound', 4) },
      ]);
    });

    it('counts IPv4 and IPv6 apart, and group references toward both', () => {
      const v6 = times(40, (i) => `"fd00:${i.toString(16)}::/32"`).join(', ');
      expectTfFindings(
        ID,
        tfGroup(block('ingress', cidrs(40)) + block('ingress', v6, 'ipv6_cidr_blocks'), false),
        [],
      );
      const groups = times(30, (i) => `"sg-0000000000000${String(i).padStart(4, '0')}"`).join(', ');
      expectTfFindings(
        ID,
        tfGroup(block('ingress', cidrs(31)) + block('ingress', groups, 'security_groups')),
        [{ message: tfQuota(61, 'inbound', 4) }],
      );
    });

    it('honours # sg-lint-ignore before the group, and is off or re-graded by configuration', () => {
      const source = tfGroup(block('ingress', cidrs(61)));
      const suppressed = source.replace(
        '      ⟦resource "aws_security_group" "web"⟧',
        '      # sg-lint-ignore SG206 quota raised to 120\n      resource "aws_security_group" "web"',
      );
      expectTfFindings(ID, suppressed, []);
      assert.deepEqual(
        lintTf(dedent(suppressed))
          .findings.filter((f) => f.ruleId === ID)
          .map((f) => f.suppressions?.map((s) => s.reason)),
        [['quota raised to 120']],
      );
      expectTfFindings(ID, source.replace(/[⟦⟧]/g, ''), [], { rules: { SG206: 'off' } });
      expectTfFindings(ID, source, [{ message: tfQuota(61, 'inbound', 4), severity: 'error' }], {
        rules: { SG206: 'error' },
      });
    });
  });
});
