/**
 * The security-group graph built from linted models: nodes, edges (ingress P → G, egress G → P, attached
 * resource → group), findings and conditions on edges, unknown sources, exposure paths and layers, for
 * CloudFormation, Terraform and CDK synth output; and its Mermaid and DOT renderings.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readAssembly } from '../../server/src/cdk/assembly';
import { lintAssembly } from '../../server/src/cdk/lint';
import { DEFAULT_CONFIG } from '../../rules/config';
import type { GraphInput } from '../../server/src/graph/build';
import { buildGraph } from '../../server/src/graph/build';
import { toDot, toMermaid } from '../../server/src/graph/render';
import type { LineIndex } from '../../server/src/parse/lineIndex';
import type { GraphEdge, GraphNode, SecurityGroupGraph } from '../../server/src/protocol';
import { CDK_OUT } from '../cdk/assembly.test';
import { dedent, lint, lintTf } from '../helpers/ruleTester';

const SCOPE = { kind: 'file' as const, label: 'test' };

const TEMPLATE = dedent(`
  Parameters:
    OfficeCidr:
      Type: String
  Conditions:
    IsProd:
      Fn::Equals: [a, b]
  Resources:
    BastionSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: bastion
        VpcId: vpc-1
        Tags:
          - { Key: team, Value: platform }
          - { Key: env, Value: !Ref OfficeCidr }
        SecurityGroupIngress:
          - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Description: ssh }
          - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref OfficeCidr, Description: office }
    AppSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: app
        VpcId: vpc-1
        SecurityGroupIngress:
          - { IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !Ref BastionSg, Description: ssh }
          - IpProtocol: tcp
            FromPort: 8080
            ToPort: 8080
            CidrIp: !If [IsProd, 10.0.0.0/8, 192.168.0.0/16]
            Description: internal
        SecurityGroupEgress:
          - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, DestinationSecurityGroupId: !Ref DbSg, Description: db }
    DbSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: db
        VpcId: vpc-1
        SecurityGroupIngress:
          - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref AppSg, Description: pg }
        SecurityGroupEgress:
          - { IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: pl-0123, Description: s3 }
    Bastion:
      Type: AWS::EC2::Instance
      Properties:
        ImageId: ami-1
        SecurityGroupIds: [!Ref BastionSg]
    Database:
      Type: AWS::RDS::DBInstance
      Properties:
        VPCSecurityGroups: [!GetAtt DbSg.GroupId]
`);

function graphOf(inputs: readonly GraphInput[], lines: ReadonlyMap<string, LineIndex>): SecurityGroupGraph {
  return buildGraph(inputs, { scope: SCOPE, linesOf: (uri) => lines.get(uri) });
}

function cfnGraph(text = TEMPLATE): SecurityGroupGraph {
  const result = lint(text, 'yaml');
  return graphOf(
    [{ key: 'template.yaml', file: 'template.yaml', model: result.model, findings: result.findings }],
    new Map([[result.uri, result.lines]]),
  );
}

const edgeText = (e: GraphEdge): string =>
  `${e.from} -[${e.label}${e.conditions.length ? ` if ${e.conditions.join(', ')}` : ''}]-> ${e.to}${e.ruleIds.length ? ` (${e.ruleIds.join(',')})` : ''}${e.exposure ? ' !' : ''}`;

const nodeText = (n: GraphNode): string =>
  `${n.id} ${n.kind} "${n.label}" layer ${String(n.layer)}${n.exposed ? ' exposed' : ''}${n.worst ? ` ${n.worst}` : ''}`;

describe('security-group graph: CloudFormation', () => {
  const graph = cfnGraph();

  it('draws groups, the internet, CIDRs, prefix lists, unknown sources and attached resources, in layers', () => {
    assert.deepEqual(graph.nodes.map(nodeText), [
      'cidr:10.0.0.0/8 cidr "10.0.0.0/8" layer 0',
      'cidr:192.168.0.0/16 cidr "192.168.0.0/16" layer 0',
      'group:template.yaml:AppSg group "AppSg" layer 2 exposed',
      'group:template.yaml:BastionSg group "BastionSg" layer 1 exposed error',
      'group:template.yaml:DbSg group "DbSg" layer 4 exposed',
      'internet-ipv4 internet "Internet (IPv4)" layer 0',
      'prefixList:pl-0123 prefixList "pl-0123" layer 0',
      'resource:template.yaml:Bastion resource "Bastion" layer 2',
      'resource:template.yaml:Database resource "Database" layer 5',
      'unknown:template.yaml:Parameter OfficeCidr unknown "depends on Parameter OfficeCidr" layer 0',
    ]);
  });

  it('draws every allowed flow with its ports, findings, conditions, and the path from the internet', () => {
    assert.deepEqual(graph.edges.map(edgeText), [
      'resource:template.yaml:Bastion -[uses]-> group:template.yaml:BastionSg',
      'resource:template.yaml:Database -[uses]-> group:template.yaml:DbSg',
      'group:template.yaml:AppSg -[tcp 5432]-> group:template.yaml:DbSg',
      'group:template.yaml:BastionSg -[all traffic (implicit)]-> internet-ipv4 (SG106)',
      'group:template.yaml:DbSg -[tcp 443]-> prefixList:pl-0123',
      'cidr:10.0.0.0/8 -[tcp 8080 if IsProd is true]-> group:template.yaml:AppSg',
      'cidr:192.168.0.0/16 -[tcp 8080 if IsProd is false]-> group:template.yaml:AppSg',
      'group:template.yaml:AppSg -[tcp 5432]-> group:template.yaml:DbSg !',
      'group:template.yaml:BastionSg -[tcp 22]-> group:template.yaml:AppSg !',
      'internet-ipv4 -[tcp 22]-> group:template.yaml:BastionSg (SG101) !',
      'unknown:template.yaml:Parameter OfficeCidr -[tcp 22]-> group:template.yaml:BastionSg',
    ]);
    const ssh = graph.edges.find((e) => e.from === 'internet-ipv4')!;
    assert.equal(ssh.worst, 'error');
    assert.deepEqual(ssh.locations[0]?.range, {
      start: { line: 16, character: 10 },
      end: { line: 16, character: 92 },
    });
  });

  it('lists a group’s rules, uses, tags (known values only) and findings for the details pane', () => {
    const bastion = graph.nodes.find((n) => n.id === 'group:template.yaml:BastionSg')!;
    assert.deepEqual(bastion.tags, { team: 'platform' });
    assert.deepEqual(
      bastion.rules?.map(
        (r) => `${r.direction} ${r.protocol} ${r.ports} ${r.peer} "${r.description ?? ''}" ${r.edge ?? ''}`,
      ),
      [
        'ingress tcp 22 Internet (IPv4) "ssh" ingress:internet-ipv4->group:template.yaml:BastionSg',
        'ingress tcp 22 depends on Parameter OfficeCidr "office" ingress:unknown:template.yaml:Parameter OfficeCidr->group:template.yaml:BastionSg',
        'egress all all Internet (IPv4) (added by AWS: the group declares no egress) "" egress:group:template.yaml:BastionSg->internet-ipv4',
      ],
    );
    assert.deepEqual(
      bastion.uses?.map((u) => `${u.kind} ${u.address} ${u.type}`),
      ['peer AppSg AWS::EC2::SecurityGroup', 'attached Bastion AWS::EC2::Instance'],
    );
    assert.deepEqual(
      bastion.findings?.map((f) => `${f.ruleId} ${f.severity} ${f.location.range.start.line}`),
      ['SG106 note 7', 'SG101 error 16'],
    );
  });

  it('agrees with SG109: a group nothing uses has no uses and gets the finding', () => {
    const alone = cfnGraph(
      dedent(`
        Resources:
          Lonely:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: nothing uses me
              VpcId: vpc-1
              SecurityGroupEgress:
                - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: out }
      `),
    );
    const lonely = alone.nodes.find((n) => n.address === 'Lonely')!;
    assert.deepEqual(lonely.uses, []);
    assert.deepEqual(
      lonely.findings?.map((f) => f.ruleId),
      ['SG109'],
    );
  });
});

describe('security-group graph: Terraform', () => {
  it('draws a module: tags, an attached instance, self rules, an external group, exposure', () => {
    const result = lintTf(`
resource "aws_security_group" "web" {
  name        = "web"
  description = "web"
  vpc_id      = "vpc-1"
  tags = {
    Name = "web"
    Team = "shop"
  }
  ingress {
    description = "https"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
  ingress {
    description = "cluster"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_lb" {
  security_group_id            = aws_security_group.web.id
  description                  = "from the shared load balancer"
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = "sg-0123456789abcdef0"
}

resource "aws_instance" "web" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.web.id]
}
`);
    const lines = new Map([...result.files].map(([uri, f]) => [uri, f.lines]));
    const graph = graphOf([{ key: '.', file: '.', model: result.model, findings: result.findings }], lines);
    assert.deepEqual(graph.nodes.map(nodeText), [
      'external:sg-0123456789abcdef0 external "sg-0123456789abcdef0" layer 0',
      'group:.:aws_security_group.web group "aws_security_group.web (web)" layer 1 exposed warning',
      'internet-ipv4 internet "Internet (IPv4)" layer 0',
      'internet-ipv6 internet "Internet (IPv6)" layer 0',
      'resource:.:aws_instance.web resource "aws_instance.web" layer 2',
    ]);
    assert.deepEqual(graph.edges.map(edgeText), [
      'resource:.:aws_instance.web -[uses]-> group:.:aws_security_group.web',
      // No egress edge: Terraform removes AWS's default egress from a group it manages.
      'external:sg-0123456789abcdef0 -[tcp 8080]-> group:.:aws_security_group.web',
      'group:.:aws_security_group.web -[all traffic]-> group:.:aws_security_group.web !',
      'internet-ipv4 -[tcp 443]-> group:.:aws_security_group.web !',
      'internet-ipv6 -[tcp 443]-> group:.:aws_security_group.web !',
    ]);
    assert.deepEqual(graph.nodes[1]!.tags, { Name: 'web', Team: 'shop' });
  });
});

describe('security-group graph: CDK synth output', () => {
  it('names groups and resources by construct path, and a VPC default group by its VPC', () => {
    const result = lintAssembly(readAssembly(CDK_OUT), () => DEFAULT_CONFIG);
    const inputs: GraphInput[] = [];
    const lines = new Map<string, LineIndex>();
    for (const t of result.templates) {
      if (t.result?.kind !== 'template') continue;
      const key = path.relative(CDK_OUT, t.template.file);
      inputs.push({
        key,
        file: key,
        uri: pathToFileURL(t.template.file).href,
        model: t.result.model,
        findings: t.findings,
        constructOf: (id) => t.template.resources.get(id)?.construct,
      });
      lines.set(t.uri, t.result.lines);
    }
    const graph = graphOf(inputs, lines);
    assert.deepEqual(
      graph.nodes
        .filter((n) => n.kind === 'group' || n.kind === 'resource')
        .map((n) => `${n.label}${n.exposed ? ' exposed' : ''}`),
      [
        'ShopStack/Alb/SecurityGroup exposed',
        'ShopStack/BastionSg exposed',
        'ShopStack/DbSg exposed',
        'ShopStack/LegacySg exposed',
        'ShopStack/Reporting/ReportsSg exposed',
        'Prod/Api/ApiSg exposed',
        'default group of Prod/Network/Vpc',
        'ShopStack/Alb',
      ],
    );
    // The disallow-all sentinel is no flow: DbSg and the ALB's group have no egress edge.
    assert.deepEqual(
      graph.edges
        .filter((e) => e.direction === 'egress' && /DbSg|AlbSecurityGroup/.test(e.from))
        .map((e) => e.id),
      [],
    );
  });
});

describe('security-group graph: Mermaid and DOT', () => {
  const hostile = dedent(`
    Resources:
      Evil:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: x
          GroupName: '<img src=x onerror=alert(1)> "q" [b] {c} | #'
          VpcId: vpc-1
          SecurityGroupIngress:
            - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Description: ssh }
      Box:
        Type: AWS::EC2::Instance
        Properties:
          SecurityGroupIds: [!Ref Evil]
  `);

  it('writes a Mermaid flowchart with escaped labels, coloured findings and the exposure classes', () => {
    assert.equal(
      toMermaid(cfnGraph(hostile)),
      [
        'flowchart LR',
        '  n0["Evil #40;#lt;img src=x onerror=alert#40;1#41;#gt; #quot;q#quot; #91;b#93; #123;c#125; #124; #35;#41;"]',
        '  n1(("Internet #40;IPv4#41;"))',
        '  n2(["Box"])',
        '  n2 -.-|"uses"| n0',
        '  n0 -->|"all traffic #40;implicit#41; #40;SG106#41;"| n1',
        '  n1 -->|"tcp 22 #40;SG101#41;"| n0',
        '  linkStyle 1 stroke:#0969da,stroke-width:2px',
        '  linkStyle 2 stroke:#d1242f,stroke-width:3px',
        '  classDef internet fill:#fff5f5,stroke:#d1242f,color:#1f2328',
        '  classDef exposed stroke:#d1242f,stroke-width:2px',
        '  class n1 internet',
        '  class n0 exposed',
        '',
      ].join('\n'),
    );
  });

  it('writes DOT with quoted, escaped labels and ranks by layer', () => {
    assert.equal(
      toDot(cfnGraph(hostile)),
      [
        'digraph "security groups" {',
        '  rankdir=LR;',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
        '  "group:template.yaml:Evil" [label="Evil (<img src=x onerror=alert(1)> \\"q\\" [b] {c} | #)", shape=box, color="#d1242f", penwidth=2, fontcolor="#d1242f"];',
        '  "internet-ipv4" [label="Internet (IPv4)", shape=doublecircle, color="#d1242f"];',
        '  "resource:template.yaml:Box" [label="Box", shape=ellipse];',
        '  "resource:template.yaml:Box" -> "group:template.yaml:Evil" [label="uses", style=dashed, arrowhead=none];',
        '  "group:template.yaml:Evil" -> "internet-ipv4" [label="all traffic (implicit) (SG106)", color="#0969da"];',
        '  "internet-ipv4" -> "group:template.yaml:Evil" [label="tcp 22 (SG101)", color="#d1242f", penwidth=2];',
        '}',
        '',
      ].join('\n'),
    );
  });
});
