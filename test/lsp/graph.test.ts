/**
 * `sgLint/graph` through the language server: the graph of the active file, its folder or the
 * workspace, read from disk, with open documents counted as the user sees them (unsaved edits included).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SecurityGroupGraph } from '../../server/src/protocol';
import { dedent } from '../helpers/ruleTester';
import { LspTestClient } from './lspClient';

const TEMPLATE = dedent(`
  Resources:
    WebSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: web
        VpcId: vpc-1
        SecurityGroupIngress:
          - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: https }
        SecurityGroupEgress:
          - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: out }
`);

const MODULE = `resource "aws_security_group" "db" {
  name        = "db"
  description = "database"
  vpc_id      = "vpc-1"
  ingress {
    description = "pg"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.1.0.0/16"]
  }
}
`;

describe('language server: sgLint/graph', () => {
  let dir: string;
  let client: LspTestClient;
  const uri = (rel: string): string => pathToFileURL(path.join(dir, rel)).href;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-graph-'));
    fs.mkdirSync(path.join(dir, 'cfn'));
    fs.mkdirSync(path.join(dir, 'tf'));
    fs.writeFileSync(path.join(dir, 'cfn', 'web.yaml'), TEMPLATE);
    fs.writeFileSync(path.join(dir, 'tf', 'main.tf'), MODULE);
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(dir).href] });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const labels = (g: SecurityGroupGraph): string[] =>
    g.edges.map(
      (e) =>
        `${g.nodes.find((n) => n.id === e.from)!.label} -[${e.label}]-> ${g.nodes.find((n) => n.id === e.to)!.label}`,
    );

  it('draws the workspace from disk: the template and the Terraform module', async () => {
    const graph = await client.request<SecurityGroupGraph>('sgLint/graph', {
      scope: 'workspace',
      uri: uri('cfn/web.yaml'),
    });
    assert.deepEqual(graph.scope, { kind: 'workspace', label: path.basename(dir), uri: uri('cfn/web.yaml') });
    assert.deepEqual(labels(graph), [
      'WebSg -[tcp 443]-> 10.0.0.0/8',
      '10.0.0.0/8 -[tcp 443]-> WebSg',
      '10.1.0.0/16 -[tcp 5432]-> aws_security_group.db (db)',
    ]);
    const web = graph.nodes.find((n) => n.label === 'WebSg')!;
    assert.equal(web.file, 'cfn/web.yaml');
    assert.deepEqual(web.location, {
      uri: uri('cfn/web.yaml'),
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } },
    });
  });

  it('follows an unsaved edit of an open document, in file scope only that file', async () => {
    await client.open(
      uri('cfn/web.yaml'),
      'yaml',
      TEMPLATE.replace('CidrIp: 10.0.0.0/8, Description: https', 'CidrIp: 0.0.0.0/0, Description: https'),
    );
    await client.waitForDiagnostics(uri('cfn/web.yaml'), () => true);
    const graph = await client.request<SecurityGroupGraph>('sgLint/graph', {
      scope: 'file',
      uri: uri('cfn/web.yaml'),
    });
    assert.deepEqual(labels(graph), ['WebSg -[tcp 443]-> 10.0.0.0/8', 'Internet (IPv4) -[tcp 443]-> WebSg']);
    assert.equal(graph.nodes.find((n) => n.label === 'WebSg')?.exposed, true);
    await client.close(uri('cfn/web.yaml'));
  });

  it('draws the folder of a Terraform file as its module', async () => {
    const graph = await client.request<SecurityGroupGraph>('sgLint/graph', {
      scope: 'folder',
      uri: uri('tf/main.tf'),
    });
    assert.deepEqual(graph.scope.label, 'tf/');
    assert.deepEqual(labels(graph), ['10.1.0.0/16 -[tcp 5432]-> aws_security_group.db (db)']);
  });
});
