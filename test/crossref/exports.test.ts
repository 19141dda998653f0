/**
 * Cross-template references: which groups a template exports (`Outputs.X.Export.Name`, with
 * `${AWS::StackName}` as a wildcard), which imports a rule makes (peers and standalone rules' GroupId),
 * how an imported name resolves against the exports (literal first, then patterns; two are ambiguous),
 * and the graph across two templates (the importing template's rules land on the exporting group's node).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG } from '../../rules/config';
import type { TemplateModel } from '../../rules/model';
import { ExportTable } from '../../server/src/crossref/exports';
import { lintDocument } from '../../server/src/engine/lint';
import type { GraphInput } from '../../server/src/graph/build';
import { buildGraph } from '../../server/src/graph/build';
import type { LineIndex } from '../../server/src/parse/lineIndex';
import { importSites } from '../../server/src/lsp/imports';
import { runCli } from '../../server/src/cli/main';
import { scanPaths } from '../../server/src/cli/scan';
import type { SecurityGroupGraph } from '../../server/src/protocol';
import { dedent } from '../helpers/ruleTester';

export const CROSS_STACK = path.resolve(__dirname, '../../../test/fixtures/cross-stack');

type Linted = Extract<ReturnType<typeof lintDocument>, { kind: 'template' }>;

function lintText(name: string, text: string): Linted {
  const result = lintDocument({ uri: `file:///ws/${name}`, text }, DEFAULT_CONFIG);
  assert.equal(result.kind, 'template');
  return result;
}

function lintFixture(name: string): Linted {
  const file = path.join(CROSS_STACK, name);
  const result = lintDocument(
    { uri: pathToFileURL(file).href, text: fs.readFileSync(file, 'utf8') },
    DEFAULT_CONFIG,
  );
  assert.equal(result.kind, 'template');
  return result;
}

function textAt(result: Linted, range: { start: number; end: number }): string {
  return result.text.slice(range.start, range.end);
}

function exportsOf(
  model: TemplateModel,
): { name: string; wildcard: boolean; target: string; output: string }[] {
  return (model.exports ?? []).map(({ name, wildcard, target, output }) => ({
    name,
    wildcard,
    target,
    output,
  }));
}

/** The models of a folder's Terraform modules, by key (folder relative to it), as the CLI reads them. */
function lintTfFolder(dir: string): Map<string, TemplateModel> {
  const io = { stdout: () => undefined, stderr: () => undefined, cwd: dir, color: false };
  const scan = scanPaths([dir], undefined, io, { keepModels: true });
  return new Map(scan.graphInputs.map((i) => [i.key, i.model]));
}

describe('cross-template references', () => {
  describe('exports', () => {
    it('reads an export of a group by GetAtt GroupId, with the stack name as a wildcard', () => {
      const network = lintFixture('network.yaml');
      assert.deepEqual(exportsOf(network.model), [
        { name: '${AWS::StackName}-WebSgId', wildcard: true, target: 'WebSG', output: 'WebSgId' },
      ]);
      assert.equal(textAt(network, network.model.exports![0]!.range), "!Sub '${AWS::StackName}-WebSgId'");
    });

    it('reads literal names, Ref of a group, and parameters with defaults in the name', () => {
      const result = lintText(
        't.yaml',
        dedent(`
          Parameters:
            Env: { Type: String, Default: prod }
          Resources:
            A: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: a, VpcId: vpc-1 } }
            B: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: b, VpcId: vpc-1 } }
          Outputs:
            AId: { Value: !Ref A, Export: { Name: shared-a } }
            BId: { Value: !GetAtt B.GroupId, Export: { Name: !Sub '\${Env}-b' } }
        `),
      );
      assert.deepEqual(exportsOf(result.model), [
        { name: 'shared-a', wildcard: false, target: 'A', output: 'AId' },
        { name: 'prod-b', wildcard: false, target: 'B', output: 'BId' },
      ]);
    });

    it('ignores outputs that are not one group: no Export, another attribute, another resource, Fn::If of two', () => {
      const result = lintText(
        't.yaml',
        dedent(`
          Conditions:
            C: !Equals [a, b]
          Resources:
            A: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: a, VpcId: vpc-1 } }
            B: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: b, VpcId: vpc-1 } }
            Q: { Type: AWS::SQS::Queue }
          Outputs:
            NoExport: { Value: !Ref A }
            VpcOfA: { Value: !GetAtt A.VpcId, Export: { Name: a-vpc } }
            Queue: { Value: !Ref Q, Export: { Name: queue } }
            Either: { Value: !If [C, !Ref A, !Ref B], Export: { Name: either } }
            Unnamed: { Value: !Ref A, Export: { Name: !Ref NotDeclared } }
        `),
      );
      assert.deepEqual(exportsOf(result.model), []);
    });
  });

  describe('imports', () => {
    it('records the imported name of a peer and of a standalone rule’s GroupId', () => {
      const data = lintFixture('data.yaml');
      const sites = importSites(data.model).map((s) => ({ name: s.name, text: textAt(data, s.range) }));
      assert.deepEqual(sites, [
        {
          name: 'network-WebSgId',
          // A block mapping's value runs to the end of its line.
          text: "Fn::ImportValue: !Sub '${NetworkStackName}-WebSgId'\n",
        },
        { name: 'network-WebSgId', text: '!ImportValue network-WebSgId' },
      ]);
      const synthetic = data.model.groups.find((g) => g.synthetic);
      assert.equal(synthetic?.imported, 'network-WebSgId');
    });

    it('records nothing for an import whose name is unknown (a parameter without a default)', () => {
      const result = lintText(
        't.yaml',
        dedent(`
          Parameters:
            Network: { Type: String }
          Resources:
            Db:
              Type: AWS::EC2::SecurityGroup
              Properties:
                GroupDescription: db
                VpcId: vpc-1
                SecurityGroupIngress:
                  - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !ImportValue { 'Fn::Sub': '\${Network}-sg' } }
        `),
      );
      assert.deepEqual(importSites(result.model), []);
      const peer = result.model.groups[0]!.ingress[0]!.peer;
      assert.equal(peer.kind === 'group' && peer.ref.dependsOn, 'an imported value');
    });
  });

  describe('resolution', () => {
    function table(...models: [string, string][]): ExportTable<string> {
      const t = new ExportTable<string>();
      for (const [owner, text] of models) t.add(owner, lintText(owner, text).model);
      return t;
    }
    const exporting = (name: string, group = 'G'): string =>
      dedent(`
        Resources:
          ${group}: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: g, VpcId: vpc-1 } }
        Outputs:
          Out: { Value: !Ref ${group}, Export: { Name: !Sub '${name}' } }
      `);

    it('resolves a literal name, and a pattern when no literal matches', () => {
      const t = table(['a.yaml', exporting('net-sg')], ['b.yaml', exporting('${AWS::StackName}-app')]);
      const a = t.resolve('net-sg');
      assert.equal(a.kind === 'resolved' && a.export.owner, 'a.yaml');
      const b = t.resolve('prod-app');
      assert.equal(b.kind === 'resolved' && b.export.owner, 'b.yaml');
      assert.equal(t.resolve('-app').kind, 'none', 'a stack name is never empty');
      assert.equal(t.resolve('other').kind, 'none');
    });

    it('prefers a literal export over a pattern that also matches', () => {
      const t = table(['a.yaml', exporting('prod-app')], ['b.yaml', exporting('${AWS::StackName}-app')]);
      const r = t.resolve('prod-app');
      assert.equal(r.kind === 'resolved' && r.export.owner, 'a.yaml');
    });

    it('calls two exports of one name ambiguous', () => {
      const t = table(
        ['a.yaml', exporting('${AWS::StackName}-app')],
        ['b.yaml', exporting('${AWS::StackName}-app')],
      );
      const r = t.resolve('prod-app');
      assert.deepEqual(r.kind === 'ambiguous' && r.exports.map((e) => e.owner), ['a.yaml', 'b.yaml']);
    });

    it('treats regular-expression characters in a name literally', () => {
      const t = table(['a.yaml', exporting('${AWS::StackName}.sg(1)')]);
      assert.equal(t.resolve('prod.sg(1)').kind, 'resolved');
      assert.equal(t.resolve('prodXsg(1)').kind, 'none');
    });
  });

  describe('graph across templates', () => {
    function graphOf(...results: Linted[]) {
      const lines = new Map<string, LineIndex>(results.map((r) => [r.uri, r.lines]));
      const inputs: GraphInput[] = results.map((r) => ({
        key: path.basename(r.uri),
        file: path.basename(r.uri),
        uri: r.uri,
        model: r.model,
        findings: r.findings,
      }));
      return buildGraph(inputs, {
        scope: { kind: 'folder', label: 'cross-stack/' },
        linesOf: (u) => lines.get(u),
      });
    }

    it('draws the imported group as the exporting template’s node, with the rules the importer adds', () => {
      const network = lintFixture('network.yaml');
      const data = lintFixture('data.yaml');
      const graph = graphOf(network, data);
      const ids = graph.nodes.map((n) => n.id);
      assert.deepEqual(ids, ['group:data.yaml:DbSG', 'group:network.yaml:WebSG', 'internet-ipv4']);
      const edges = graph.edges
        .filter((e) => e.direction === 'ingress')
        .map((e) => [e.from, e.to, e.label, e.ruleIds]);
      assert.deepEqual(edges, [
        ['group:network.yaml:WebSG', 'group:data.yaml:DbSG', 'tcp 5432', []],
        ['internet-ipv4', 'group:network.yaml:WebSG', 'tcp 443, tcp 22', ['SG101']],
      ]);
      const web = graph.nodes.find((n) => n.id === 'group:network.yaml:WebSG')!;
      assert.deepEqual(
        web.rules?.map((r) => [
          r.direction,
          r.ports,
          r.peer,
          path.basename(r.location.uri),
          r.location.range.start.line,
        ]),
        [
          ['ingress', '443', 'Internet (IPv4)', 'network.yaml', 9],
          [
            'egress',
            'all',
            'Internet (IPv4) (added by AWS: the group declares no egress)',
            'network.yaml',
            3,
          ],
          ['ingress', '22', 'Internet (IPv4)', 'data.yaml', 19],
        ],
      );
      assert.deepEqual(
        web.findings?.map((f) => [f.ruleId, path.basename(f.location.uri)]),
        [
          ['SG106', 'network.yaml'],
          ['SG101', 'data.yaml'],
        ],
      );
      assert.equal(web.worst, 'error');
      // What references it: its own output, and the data stack's group through Fn::ImportValue.
      assert.deepEqual(
        web.uses?.map((u) => [
          u.address,
          u.type,
          u.kind,
          path.basename(u.location.uri),
          u.location.range.start.line,
        ]),
        [
          ['Outputs.WebSgId', 'Output', 'output', 'network.yaml', 16],
          ['DbSG', 'Fn::ImportValue in data.yaml', 'peer', 'data.yaml', 17],
        ],
      );
      // The database is reached from the internet through the web tier.
      assert.equal(graph.nodes.find((n) => n.id === 'group:data.yaml:DbSG')?.exposed, true);
    });

    it('leaves the import unresolved when the exporting template is not in scope', () => {
      const graph = graphOf(lintFixture('data.yaml'));
      assert.deepEqual(
        graph.nodes.map((n) => [n.id, n.label]),
        [
          ['group:data.yaml:DbSG', 'DbSG'],
          ['group:data.yaml:ImportValue network-WebSgId', 'ImportValue network-WebSgId'],
          ['internet-ipv4', 'Internet (IPv4)'],
          ['unknown:data.yaml:ImportValue network-WebSgId', 'depends on ImportValue network-WebSgId'],
        ],
      );
    });
  });

  describe('Terraform: outputs of local modules', () => {
    it('draws a group a called module outputs as that module’s node, for peers and standalone rules', () => {
      let stdout = '';
      const code = runCli(['graph', '--format', 'json', path.join(CROSS_STACK, 'terraform')], {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        cwd: CROSS_STACK,
        color: false,
      });
      assert.equal(code, 0);
      const graph = JSON.parse(stdout) as SecurityGroupGraph;
      assert.deepEqual(
        graph.nodes.map((n) => n.id),
        ['group:net:aws_security_group.web', 'group:terraform:aws_security_group.db', 'internet-ipv4'],
      );
      assert.deepEqual(
        graph.edges.filter((e) => e.direction === 'ingress').map((e) => [e.from, e.to, e.label, e.ruleIds]),
        [
          ['group:net:aws_security_group.web', 'group:terraform:aws_security_group.db', 'tcp 5432', []],
          ['internet-ipv4', 'group:net:aws_security_group.web', 'tcp 22, tcp 443', ['SG101']],
        ],
      );
    });

    it('records the output as an export and the module reference as an import', () => {
      const graphModels = lintTfFolder(path.join(CROSS_STACK, 'terraform'));
      const net = graphModels.get('net')!;
      assert.deepEqual(
        net.exports?.map((e) => [e.name.replace(/^.*\/terraform\//, ''), e.target, e.output]),
        [['net#output.web_sg_id', 'aws_security_group.web', 'web_sg_id']],
      );
      const root = graphModels.get('terraform')!;
      assert.deepEqual(
        importSites(root).map((s) => s.name.replace(/^.*\/terraform\//, '')),
        ['net#output.web_sg_id', 'net#output.web_sg_id'],
      );
    });
  });
});
