import * as assert from 'node:assert/strict';
import type { Peer, SecurityGroup, SgRule, TemplateModel, Value } from '../../rules/model';
import { adaptTemplate, isTemplate } from '../../server/src/cloudformation/adapter';
import { parseJson } from '../../server/src/parse/json';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { parseYaml } from '../../server/src/parse/yaml';
import { dedent } from '../helpers/ruleTester';

const YAML_URI = 'file:///work/template.yaml';
const JSON_URI = 'file:///work/template.json';

function adapt(source: string, format: 'yaml' | 'json' = 'yaml'): { model: TemplateModel; text: string } {
  const text = dedent(source);
  const tree = format === 'json' ? parseJson(text) : parseYaml(text);
  const model = adaptTemplate({
    uri: format === 'json' ? JSON_URI : YAML_URI,
    format: format === 'json' ? 'cloudformation-json' : 'cloudformation-yaml',
    text,
    tree,
    lines: new LineIndex(text),
  });
  return { model, text };
}

function v(x: Value<unknown> | undefined): string {
  if (!x) return '-';
  if (x.known) return typeof x.value === 'number' && Number.isNaN(x.value) ? 'NaN' : String(x.value);
  return `?(${x.dependsOn ?? ''})`;
}

function peer(p: Peer): string {
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6':
      return `${p.kind} ${v(p.cidr)}`;
    case 'prefixList':
      return `prefixList ${v(p.id)}`;
    case 'self':
      return 'self';
    case 'unknown':
      return `unknown: ${p.reason}`;
    case 'group':
      return `group ${p.resolution}${p.target ? `→${p.target}` : ''} by ${p.by} ${v(p.ref)}${p.detail ? ` (${p.detail})` : ''}`;
  }
}

/** One line per rule: the parts tests care about, in a form a failing diff shows well. */
function rule(r: SgRule): string {
  const conditions = r.conditions.length
    ? ` [${r.conditions.map((c) => `${c.name}=${c.value}`).join(',')}]`
    : '';
  return `${r.key} ${r.direction} ${v(r.protocol)} ${v(r.fromPort)}-${v(r.toPort)} ${peer(r.peer)}${conditions}`;
}

function group(model: TemplateModel, address: string): SecurityGroup {
  const g = model.groups.find((x) => x.address === address);
  assert.ok(g, `no group ${address}; groups: ${model.groups.map((x) => x.address).join(', ')}`);
  return g;
}

const SG =
  'Resources:\n  WebSG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      VpcId: vpc-1\n';

describe('cloudformation/adapter', () => {
  describe('groups with inline rules', () => {
    it('reads a list of inline rules, and adds the implicit egress', () => {
      const { model, text } = adapt(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupName: web
              GroupDescription: web servers
              VpcId: vpc-1
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 10.0.0.0/8
                  Description: ssh
                - IpProtocol: udp
                  FromPort: 53
                  ToPort: 53
                  CidrIpv6: ::/0
      `);
      const g = group(model, 'WebSG');
      assert.deepEqual(g.ingress.map(rule), [
        'WebSG.ingress[0] ingress tcp 22-22 cidr4 10.0.0.0/8',
        'WebSG.ingress[1] ingress udp 53-53 cidr6 ::/0',
      ]);
      assert.deepEqual(g.egress.map(rule), ['WebSG.egress[implicit] egress all -1--1 cidr4 0.0.0.0/0']);
      assert.deepEqual([v(g.name), v(g.description), v(g.vpc)], ['web', 'web servers', 'vpc-1']);
      assert.deepEqual(
        [g.implicitEgress, g.synthetic, g.isDefault, g.resourceType],
        [true, false, false, 'AWS::EC2::SecurityGroup'],
      );
      assert.equal(text.slice(g.idRange.start, g.idRange.end), 'WebSG');
      assert.ok(
        text.slice(g.range.start, g.range.end).startsWith('WebSG:\n    Type: AWS::EC2::SecurityGroup'),
      );
      const [ssh] = g.ingress;
      assert.equal(v(ssh!.description), 'ssh');
      assert.deepEqual(
        [ssh!.inline, ssh!.implicit, ssh!.writtenIn, ssh!.group, ssh!.portsWritten],
        [true, false, 'WebSG', 'WebSG', true],
      );
      assert.equal(
        text.slice(ssh!.range.start, ssh!.range.end),
        'IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 10.0.0.0/8\n          Description: ssh\n',
      );
      assert.equal(text.slice(ssh!.headRange.start, ssh!.headRange.end), 'IpProtocol: tcp');
      assert.equal(
        text.slice(
          ssh!.peer.kind === 'cidr4' ? ssh!.peer.cidr.range.start : 0,
          ssh!.peer.kind === 'cidr4' ? ssh!.peer.cidr.range.end : 0,
        ),
        '10.0.0.0/8',
      );
      const implicit = g.egress[0]!;
      assert.deepEqual([implicit.implicit, implicit.inline, implicit.portsWritten], [true, false, false]);
      assert.deepEqual(implicit.range, g.idRange);
    });

    it('reads a single mapping written instead of a list', () => {
      const { model } = adapt(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                IpProtocol: tcp
                FromPort: 443
                ToPort: 443
                CidrIp: 0.0.0.0/0
      `);
      assert.deepEqual(group(model, 'WebSG').ingress.map(rule), [
        'WebSG.ingress[0] ingress tcp 443-443 cidr4 0.0.0.0/0',
      ]);
    });

    it('expands Fn::If around the whole list into the rules of each branch', () => {
      const { model } = adapt(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress: !If
                - IsProd
                - - IpProtocol: tcp
                    FromPort: 443
                    ToPort: 443
                    CidrIp: 0.0.0.0/0
                - - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: 0.0.0.0/0
      `);
      assert.deepEqual(group(model, 'WebSG').ingress.map(rule), [
        'WebSG.ingress[0] ingress tcp 443-443 cidr4 0.0.0.0/0 [IsProd=true]',
        'WebSG.ingress[1] ingress tcp 22-22 cidr4 0.0.0.0/0 [IsProd=false]',
      ]);
    });

    it('expands Fn::If around items, drops `!Ref AWS::NoValue` items and ignores empty `{}` items', () => {
      const { model } = adapt(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - !If
                  - AllowSsh
                  - IpProtocol: tcp
                    FromPort: 22
                    ToPort: 22
                    CidrIp: 10.0.0.0/8
                  - !Ref AWS::NoValue
                - {}
                - !Ref AWS::NoValue
                - IpProtocol: tcp
                  FromPort: 443
                  ToPort: 443
                  CidrIp: 0.0.0.0/0
              SecurityGroupEgress: !If [Locked, !Ref AWS::NoValue, [{ IpProtocol: -1, CidrIp: 0.0.0.0/0 }]]
      `);
      const g = group(model, 'WebSG');
      assert.deepEqual(g.ingress.map(rule), [
        'WebSG.ingress[0] ingress tcp 22-22 cidr4 10.0.0.0/8 [AllowSsh=true]',
        'WebSG.ingress[3] ingress tcp 443-443 cidr4 0.0.0.0/0',
      ]);
      // Egress is declared under one branch only: AWS adds its allow-all egress under the other.
      assert.deepEqual(g.egress.map(rule), [
        'WebSG.egress[0] egress all ?()-?() cidr4 0.0.0.0/0 [Locked=false]',
        'WebSG.egress[implicit] egress all -1--1 cidr4 0.0.0.0/0 [Locked=true]',
      ]);
      assert.equal(g.implicitEgress, true);
    });

    it('adds the implicit egress only where the group declares no egress of its own', () => {
      const egress = (written: string): string[] =>
        group(adapt(`${SG}${written}`).model, 'WebSG').egress.map(rule);
      assert.deepEqual(egress(''), ['WebSG.egress[implicit] egress all -1--1 cidr4 0.0.0.0/0']);
      assert.deepEqual(egress('      SecurityGroupEgress: []\n'), [
        'WebSG.egress[implicit] egress all -1--1 cidr4 0.0.0.0/0',
      ]);
      assert.deepEqual(egress('      SecurityGroupEgress: !Ref AWS::NoValue\n'), [
        'WebSG.egress[implicit] egress all -1--1 cidr4 0.0.0.0/0',
      ]);
      assert.deepEqual(
        egress(
          '      SecurityGroupEgress:\n        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }\n',
        ),
        ['WebSG.egress[0] egress tcp 443-443 cidr4 10.0.0.0/8'],
      );
      assert.deepEqual(
        egress(
          '      SecurityGroupEgress: !If [A, [], !If [B, [{ IpProtocol: -1, CidrIp: 10.0.0.0/8 }], []]]\n',
        ),
        [
          'WebSG.egress[0] egress all ?()-?() cidr4 10.0.0.0/8 [A=false,B=true]',
          'WebSG.egress[implicit]#1 egress all -1--1 cidr4 0.0.0.0/0 [A=true]',
          'WebSG.egress[implicit]#2 egress all -1--1 cidr4 0.0.0.0/0 [A=false,B=false]',
        ],
      );
    });

    it('splits a rule whose properties hold Fn::If into one rule per consistent combination', () => {
      const { model } = adapt(`
        Parameters:
          AdminCidr:
            Type: String
            Default: 0.0.0.0/0
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Condition: Enabled
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: !If [IsProd, 443, 80]
                  ToPort: !If [IsProd, 443, 80]
                  CidrIp: !If [Restricted, 10.0.0.0/8, !Ref AdminCidr]
      `);
      const g = group(model, 'WebSG');
      assert.deepEqual(g.conditions, [{ name: 'Enabled', value: true }]);
      assert.deepEqual(g.ingress.map(rule), [
        'WebSG.ingress[0]#1 ingress tcp 443-443 cidr4 10.0.0.0/8 [Enabled=true,IsProd=true,Restricted=true]',
        'WebSG.ingress[0]#2 ingress tcp 443-443 cidr4 0.0.0.0/0 [Enabled=true,IsProd=true,Restricted=false]',
        'WebSG.ingress[0]#3 ingress tcp 80-80 cidr4 10.0.0.0/8 [Enabled=true,IsProd=false,Restricted=true]',
        'WebSG.ingress[0]#4 ingress tcp 80-80 cidr4 0.0.0.0/0 [Enabled=true,IsProd=false,Restricted=false]',
      ]);
      const fromDefault = g.ingress[1]!.peer;
      assert.equal(fromDefault.kind === 'cidr4' ? fromDefault.cidr.origin?.name : undefined, 'AdminCidr');
      assert.deepEqual(g.egress.map(rule), [
        'WebSG.egress[implicit] egress all -1--1 cidr4 0.0.0.0/0 [Enabled=true]',
      ]);
    });

    it('treats a parameter default the condition contradicts as unknown', () => {
      const { model } = adapt(`
        Parameters:
          Cidr:
            Type: String
            Default: disabled
        Conditions:
          HasCidr: !Not [!Equals [!Ref Cidr, disabled]]
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - !If
                  - HasCidr
                  - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr }
                  - !Ref AWS::NoValue
      `);
      assert.deepEqual(group(model, 'WebSG').ingress.map(rule), [
        'WebSG.ingress[0] ingress tcp 22-22 cidr4 ?(Parameter Cidr (its default does not satisfy the condition)) [HasCidr=true]',
      ]);
    });

    it('makes a group-level property with disagreeing branches unknown', () => {
      const { model } = adapt(`
        Parameters:
          Vpc:
            Type: AWS::EC2::VPC::Id
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: !If [IsProd, prod, dev]
              VpcId: !Ref Vpc
      `);
      const g = group(model, 'WebSG');
      assert.equal(v(g.description), '?(condition IsProd)');
      assert.equal(v(g.vpc), '?(Parameter Vpc)');
      assert.equal(g.name, undefined);
    });
  });

  describe('standalone rules', () => {
    /** A template with two groups, a VPC, a bucket, and a standalone rule selecting its group by `selector`. */
    const standalone = (selector: string): string =>
      [
        'Parameters:',
        '  SgParam:',
        '    Type: AWS::EC2::SecurityGroup::Id',
        '  NumberParam:',
        '    Type: Number',
        '    Default: 1',
        'Resources:',
        '  WebSG:',
        '    Type: AWS::EC2::SecurityGroup',
        '    Properties:',
        '      GroupName: web-sg',
        '      GroupDescription: web',
        '  DbSG:',
        '    Type: AWS::EC2::SecurityGroup',
        '    Properties:',
        '      GroupDescription: db',
        '  Vpc:',
        '    Type: AWS::EC2::VPC',
        '    Properties:',
        '      CidrBlock: 10.0.0.0/16',
        '  Bucket:',
        '    Type: AWS::S3::Bucket',
        '  Rule:',
        '    Type: AWS::EC2::SecurityGroupIngress',
        '    Properties:',
        `      ${selector}`,
        '      IpProtocol: tcp',
        '      FromPort: 22',
        '      ToPort: 22',
        '      CidrIp: 10.0.0.0/8',
        '',
      ].join('\n');

    it('attaches to a group by Ref, and records the reference as its own', () => {
      const { model, text } = adapt(standalone('GroupId: !Ref WebSG'));
      const g = group(model, 'WebSG');
      assert.deepEqual(g.ingress.map(rule), ['Rule ingress tcp 22-22 cidr4 10.0.0.0/8']);
      const r = g.ingress[0]!;
      assert.deepEqual([r.inline, r.writtenIn, r.group], [false, 'Rule', 'WebSG']);
      assert.equal(model.standaloneRules.length, 1);
      assert.equal(model.standaloneRules[0], r);
      assert.equal(text.slice(r.headRange.start, r.headRange.end), 'Rule');
      assert.ok(
        text.slice(r.range.start, r.range.end).startsWith('Rule:\n    Type: AWS::EC2::SecurityGroupIngress'),
      );
      assert.deepEqual(
        r.groupRef && {
          resolution: r.groupRef.resolution,
          target: r.groupRef.target,
          by: r.groupRef.by,
          ref: v(r.groupRef.ref),
        },
        { resolution: 'declared', target: 'WebSG', by: 'id', ref: 'WebSG' },
      );
      assert.deepEqual(
        model.references.map((x) => [x.from, x.to, x.ownRule, text.slice(x.range.start, x.range.end)]),
        [['Rule', 'WebSG', true, '!Ref WebSG']],
      );
      // A standalone rule's group still gets the implicit egress.
      assert.deepEqual(g.egress.map(rule), ['WebSG.egress[implicit] egress all -1--1 cidr4 0.0.0.0/0']);
    });

    it('attaches by Fn::GetAtt .GroupId', () => {
      const { model } = adapt(standalone('GroupId: !GetAtt DbSG.GroupId'));
      assert.deepEqual(group(model, 'DbSG').ingress.map(rule), ['Rule ingress tcp 22-22 cidr4 10.0.0.0/8']);
    });

    it('attaches by GroupName to the group of that name', () => {
      const { model } = adapt(standalone('GroupName: web-sg'));
      const r = group(model, 'WebSG').ingress[0]!;
      assert.equal(rule(r), 'Rule ingress tcp 22-22 cidr4 10.0.0.0/8');
      assert.deepEqual([r.groupRef?.resolution, r.groupRef?.by], ['declared', 'name']);
    });

    it('attaches under each branch of Fn::If over two groups', () => {
      const { model } = adapt(standalone('GroupId: !If [UseWeb, !Ref WebSG, !GetAtt DbSG.GroupId]'));
      assert.deepEqual(group(model, 'WebSG').ingress.map(rule), [
        'Rule ingress tcp 22-22 cidr4 10.0.0.0/8 [UseWeb=true]',
      ]);
      assert.deepEqual(group(model, 'DbSG').ingress.map(rule), [
        'Rule ingress tcp 22-22 cidr4 10.0.0.0/8 [UseWeb=false]',
      ]);
      assert.equal(model.standaloneRules.length, 2);
    });

    it('lands on a synthetic external group for an sg- id, a parameter and an import', () => {
      for (const [groupId, address, resolution] of [
        ['GroupId: sg-0123456789abcdef0', 'sg-0123456789abcdef0', 'external'],
        ['GroupId: !Ref SgParam', 'SgParam', 'external'],
        ['GroupId: !ImportValue shared-sg', 'ImportValue shared-sg', 'external'],
      ] as const) {
        const { model } = adapt(standalone(groupId));
        const g = group(model, address);
        assert.deepEqual(
          [g.synthetic, g.isDefault, g.resourceType, g.implicitEgress, g.egress.length],
          [true, false, 'external', false, 0],
          groupId,
        );
        assert.deepEqual(g.ingress.map(rule), ['Rule ingress tcp 22-22 cidr4 10.0.0.0/8'], groupId);
        assert.equal(g.ingress[0]!.groupRef?.resolution, resolution, groupId);
      }
    });

    it('records a missing group and a reference to something that is not a group', () => {
      const missing = adapt(standalone('GroupId: !Ref NoSuchSG')).model;
      const m = group(missing, 'NoSuchSG').ingress[0]!;
      assert.deepEqual(
        [m.groupRef?.resolution, m.groupRef?.detail],
        ['missing', 'NoSuchSG is not declared in this template'],
      );
      const bucket = adapt(standalone('GroupId: !Ref Bucket')).model;
      const b = group(bucket, 'Bucket').ingress[0]!;
      assert.deepEqual(
        [b.groupRef?.resolution, b.groupRef?.detail],
        ['not-a-group', 'Bucket is AWS::S3::Bucket'],
      );
      const numeric = adapt(standalone('GroupId: !Ref NumberParam')).model;
      const n = group(numeric, 'NumberParam').ingress[0]!;
      assert.deepEqual(
        [n.groupRef?.resolution, n.groupRef?.detail],
        ['not-a-group', 'Parameter NumberParam is of type Number'],
      );
    });

    it("lands on a synthetic default group for a VPC's DefaultSecurityGroup", () => {
      const { model, text } = adapt(standalone('GroupId: !GetAtt Vpc.DefaultSecurityGroup'));
      const g = group(model, 'Vpc.DefaultSecurityGroup');
      assert.deepEqual(
        [g.synthetic, g.isDefault, g.resourceType],
        [true, true, 'AWS::EC2::VPC default security group'],
      );
      assert.equal(text.slice(g.range.start, g.range.end), '!GetAtt Vpc.DefaultSecurityGroup');
      assert.deepEqual(g.ingress.map(rule), ['Rule ingress tcp 22-22 cidr4 10.0.0.0/8']);
      assert.equal(g.ingress[0]!.groupRef?.resolution, 'external');
    });

    it('lands on a placeholder group when GroupId is missing', () => {
      const { model } = adapt(standalone('Description: no group'));
      const g = group(model, 'Rule (no GroupId)');
      assert.equal(g.synthetic, true);
      assert.deepEqual(g.ingress.map(rule), ['Rule ingress tcp 22-22 cidr4 10.0.0.0/8']);
      assert.equal(g.ingress[0]!.groupRef, undefined);
    });

    it('reads standalone egress with a destination group', () => {
      const { model } = adapt(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
          DbSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: db
          ToDb:
            Type: AWS::EC2::SecurityGroupEgress
            Properties:
              GroupId: !Ref WebSG
              IpProtocol: tcp
              FromPort: 5432
              ToPort: 5432
              DestinationSecurityGroupId: !GetAtt DbSG.GroupId
      `);
      assert.deepEqual(group(model, 'WebSG').egress.map(rule), [
        'ToDb egress tcp 5432-5432 group declared→DbSG by id DbSG',
        // A standalone egress resource does not remove the default egress (AWS keeps it).
        'WebSG.egress[implicit] egress all -1--1 cidr4 0.0.0.0/0',
      ]);
    });
  });

  describe('peers', () => {
    const peers = (direction: 'Ingress' | 'Egress', props: string): string[] => {
      const { model } = adapt(`
        Parameters:
          Other:
            Type: String
        Resources:
          OtherSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: other
              GroupName: other-sg
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroup${direction}:
                - { IpProtocol: tcp, FromPort: 1, ToPort: 1, ${props} }
      `);
      const g = group(model, 'WebSG');
      return (direction === 'Ingress' ? g.ingress : g.egress)
        .filter((r) => !r.implicit)
        .map((r) => peer(r.peer));
    };

    it('reads every ingress peer kind', () => {
      assert.deepEqual(peers('Ingress', 'CidrIp: 10.0.0.0/8'), ['cidr4 10.0.0.0/8']);
      assert.deepEqual(peers('Ingress', 'CidrIpv6: "2001:db8::/32"'), ['cidr6 2001:db8::/32']);
      assert.deepEqual(peers('Ingress', 'SourceSecurityGroupId: !Ref OtherSG'), [
        'group declared→OtherSG by id OtherSG',
      ]);
      assert.deepEqual(peers('Ingress', 'SourceSecurityGroupId: !GetAtt WebSG.GroupId'), ['self']);
      assert.deepEqual(peers('Ingress', 'SourceSecurityGroupId: sg-12345678'), [
        'group external by id sg-12345678',
      ]);
      assert.deepEqual(peers('Ingress', 'SourceSecurityGroupName: other-sg'), [
        'group declared→OtherSG by name other-sg',
      ]);
      assert.deepEqual(peers('Ingress', 'SourceSecurityGroupName: legacy'), [
        'group external by name legacy',
      ]);
      assert.deepEqual(peers('Ingress', 'SourcePrefixListId: pl-12345678'), ['prefixList pl-12345678']);
      assert.deepEqual(peers('Ingress', 'SourceSecurityGroupId: !Ref Other'), [
        'group external by id ?(Parameter Other)',
      ]);
    });

    it('reads every egress peer kind', () => {
      assert.deepEqual(peers('Egress', 'CidrIp: 0.0.0.0/0'), ['cidr4 0.0.0.0/0']);
      assert.deepEqual(peers('Egress', 'DestinationSecurityGroupId: !Ref OtherSG'), [
        'group declared→OtherSG by id OtherSG',
      ]);
      assert.deepEqual(peers('Egress', 'DestinationPrefixListId: pl-1'), ['prefixList pl-1']);
      // Source properties mean nothing on egress.
      assert.deepEqual(peers('Egress', 'SourceSecurityGroupId: !Ref OtherSG'), [
        'unknown: no source or destination is given',
      ]);
    });

    it('reports no peer and several peers as unknown', () => {
      assert.deepEqual(peers('Ingress', 'Description: x'), ['unknown: no source or destination is given']);
      assert.deepEqual(peers('Ingress', 'CidrIp: 10.0.0.0/8, SourcePrefixListId: pl-1'), [
        'unknown: several peers are given (CidrIp, SourcePrefixListId)',
      ]);
    });

    it('leaves a peer that depends on a parameter without default unknown', () => {
      assert.deepEqual(peers('Ingress', 'CidrIp: !Ref Other'), ['cidr4 ?(Parameter Other)']);
    });
  });

  describe('protocols and ports', () => {
    const protocols: [string, string][] = [
      ['tcp', 'tcp'],
      ['"6"', 'tcp'],
      ['6', 'tcp'],
      ['17', 'udp'],
      ['1', 'icmp'],
      ['58', 'icmpv6'],
      ['"-1"', 'all'],
      ['-1', 'all'],
      ['all', 'all'],
      ['TCP', 'tcp'],
      ['" Udp "', 'udp'],
      ['"50"', '50'],
      ['256', 'NaN'],
      ['http', 'NaN'],
      ['true', 'NaN'],
    ];
    for (const [written, normalized] of protocols) {
      it(`normalizes IpProtocol ${written} to ${normalized}`, () => {
        const { model } = adapt(
          `${SG}      SecurityGroupIngress:\n        - { IpProtocol: ${written}, FromPort: 1, ToPort: 2, CidrIp: 10.0.0.0/8 }\n`,
        );
        assert.equal(v(group(model, 'WebSG').ingress[0]!.protocol), normalized);
      });
    }

    it('reads string ports as numbers and anything else as NaN', () => {
      const { model } = adapt(
        `${SG}      SecurityGroupIngress:\n` +
          '        - { IpProtocol: tcp, FromPort: "22", ToPort: " 23 ", CidrIp: 10.0.0.0/8 }\n' +
          '        - { IpProtocol: tcp, FromPort: ssh, ToPort: 22.5, CidrIp: 10.0.0.0/8 }\n' +
          '        - { IpProtocol: icmp, FromPort: "-1", ToPort: -1, CidrIp: 10.0.0.0/8 }\n' +
          '        - { IpProtocol: tcp, CidrIp: 10.0.0.0/8 }\n',
      );
      const rules = group(model, 'WebSG').ingress;
      assert.deepEqual(
        rules.map((r) => `${v(r.fromPort)}-${v(r.toPort)} ${r.portsWritten}`),
        ['22-23 true', 'NaN-NaN true', '-1--1 true', '?()-?() false'],
      );
    });
  });

  describe('references', () => {
    it('collects Ref, GetAtt and Sub references from resources and Outputs, but not Metadata', () => {
      const { model, text } = adapt(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
          Instance:
            Type: AWS::EC2::Instance
            Metadata:
              Note: !Ref WebSG
            Properties:
              SecurityGroupIds: [!Ref WebSG, !GetAtt [WebSG, GroupId]]
              UserData: !Sub '\${WebSG} \${WebSG.GroupId} \${!WebSG}'
          Rule:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt WebSG.GroupId
              SourceSecurityGroupId: !Ref WebSG
              IpProtocol: tcp
              FromPort: 1
              ToPort: 1
        Outputs:
          Sg:
            Value: !Ref WebSG
      `);
      assert.deepEqual(
        model.references.map((r) => [r.from, r.to, r.ownRule, text.slice(r.range.start, r.range.end)]),
        [
          ['Instance', 'WebSG', false, '!Ref WebSG'],
          ['Instance', 'WebSG', false, '!GetAtt [WebSG, GroupId]'],
          ['Instance', 'WebSG', false, "!Sub '${WebSG} ${WebSG.GroupId} ${!WebSG}'"],
          ['Instance', 'WebSG', false, "!Sub '${WebSG} ${WebSG.GroupId} ${!WebSG}'"],
          ['Rule', 'WebSG', true, '!GetAtt WebSG.GroupId'],
          ['Rule', 'WebSG', false, '!Ref WebSG'],
          ['Outputs.Sg', 'WebSG', false, '!Ref WebSG'],
        ],
      );
    });

    it('lists every resource with its type and ranges', () => {
      const { model, text } = adapt(
        `${SG}  Bucket:\n    Type: AWS::S3::Bucket\n  NoType:\n    Properties: {}\n`,
      );
      assert.deepEqual(
        [...model.resources.values()].map((r) => [
          r.address,
          r.type,
          text.slice(r.idRange.start, r.idRange.end),
        ]),
        [
          ['WebSG', 'AWS::EC2::SecurityGroup', 'WebSG'],
          ['Bucket', 'AWS::S3::Bucket', 'Bucket'],
          ['NoType', '', 'NoType'],
        ],
      );
    });
  });

  describe('JSON templates', () => {
    it('adapts the same model from JSON, with JSON ranges', () => {
      const { model, text } = adapt(
        `
        {
          "Resources": {
            "WebSG": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "web",
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": { "Ref": "Cidr" } },
                  { "Fn::If": ["C", { "IpProtocol": -1, "CidrIpv6": "::/0" }, { "Ref": "AWS::NoValue" }] }
                ]
              }
            }
          },
          "Parameters": { "Cidr": { "Type": "String", "Default": "0.0.0.0/0" } }
        }
        `,
        'json',
      );
      const g = group(model, 'WebSG');
      assert.deepEqual(g.ingress.map(rule), [
        'WebSG.ingress[0] ingress tcp 22-22 cidr4 0.0.0.0/0',
        'WebSG.ingress[1] ingress all ?()-?() cidr6 ::/0 [C=true]',
      ]);
      const cidr = g.ingress[0]!.peer;
      assert.ok(cidr.kind === 'cidr4');
      assert.equal(text.slice(cidr.cidr.range.start, cidr.cidr.range.end), '{ "Ref": "Cidr" }');
      assert.equal(text.slice(cidr.cidr.origin!.range.start, cidr.cidr.origin!.range.end), '"0.0.0.0/0"');
      // The head of a rule is its first property, on its line.
      assert.equal(
        text.slice(g.ingress[0]!.headRange.start, g.ingress[0]!.headRange.end),
        '"IpProtocol": "tcp"',
      );
      assert.equal(model.format, 'cloudformation-json');
      assert.equal(model.uri, JSON_URI);
    });
  });

  describe('template structure', () => {
    it('reports a template that is not a mapping and Resources that is not a mapping', () => {
      const list = adapt('- a\n- b\n').model;
      assert.deepEqual(
        list.parseErrors.map((e) => e.message),
        ['a template must be a mapping of sections'],
      );
      const { model, text } = adapt('Resources:\n  - a\n');
      assert.deepEqual(
        model.parseErrors.map((e) => [e.message, text.slice(e.range.start, e.range.end)]),
        [['Resources must be a mapping of logical IDs to resources', '- a\n']],
      );
    });

    it('carries syntax errors into the model and still adapts what parsed', () => {
      const { model } = adapt(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
          Broken: [
      `);
      assert.ok(model.parseErrors.length > 0);
      assert.ok(model.parseErrors.every((e) => e.uri === YAML_URI));
      assert.deepEqual(
        model.groups.map((g) => g.address),
        ['WebSG'],
      );
    });

    it('reads rules written through YAML aliases', () => {
      const { model, text } = adapt(`
        Resources:
          WebSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: web
              SecurityGroupIngress:
                - &ssh { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8 }
          AdminSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: admin
              SecurityGroupIngress:
                - *ssh
      `);
      assert.deepEqual(model.parseErrors, []);
      const admin = group(model, 'AdminSG').ingress[0]!;
      assert.equal(rule(admin), 'AdminSG.ingress[0] ingress tcp 22-22 cidr4 10.0.0.0/8');
      assert.equal(text.slice(admin.range.start, admin.range.end), '*ssh');
      // The CIDR is written once, at the anchor.
      assert.ok(admin.peer.kind === 'cidr4');
      assert.equal(
        admin.peer.cidr.range.start,
        group(model, 'WebSG').ingress[0]!.peer.kind === 'cidr4'
          ? (group(model, 'WebSG').ingress[0]!.peer as { cidr: Value<string> }).cidr.range.start
          : -1,
      );
    });
  });

  describe('isTemplate', () => {
    const check = (text: string, format: 'yaml' | 'json' = 'yaml'): boolean =>
      isTemplate(
        format === 'json' ? parseJson(text) : parseYaml(text),
        text,
        format === 'json' ? 'cloudformation-json' : 'cloudformation-yaml',
      );

    it('recognizes templates by Resources or AWSTemplateFormatVersion', () => {
      assert.equal(check('Resources:\n  A:\n    Type: X\n'), true);
      assert.equal(check("AWSTemplateFormatVersion: '2010-09-09'\n"), true);
      assert.equal(check('{ "Resources": { "A": { "Type": "X" } } }', 'json'), true);
      assert.equal(check('{ "AWSTemplateFormatVersion": "2010-09-09" }', 'json'), true);
    });

    it('ignores other YAML and JSON', () => {
      assert.equal(check('name: my-app\nversion: 1\n'), false);
      assert.equal(check('{ "name": "pkg", "dependencies": {} }', 'json'), false);
      assert.equal(check('Resources: just text\n'), false);
      assert.equal(check('- Resources\n'), false);
      assert.equal(check(''), false);
      assert.equal(check('{ "broken": ', 'json'), false);
    });

    it('recognizes a broken template by its top-level keys', () => {
      assert.equal(check('Resources:\n  A:\n    Type: "unterminated\n'), true);
      assert.equal(check('Resources:\n\tA: 1\n'), true);
      assert.equal(check('{ "Resources": { "A": ', 'json'), true);
      assert.equal(check('{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": [ }', 'json'), true);
    });
  });
});
