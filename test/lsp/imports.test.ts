/**
 * Cross-template references in the editor, over stdio: Go to Definition on `Fn::ImportValue` opens the
 * export in the template on disk that declares it, the hover names the group (linked) or says that no
 * template or several export the name, an open document's export counts as typed, and a changed file on
 * disk is read again.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import { DefinitionRequest, FileChangeType } from 'vscode-languageserver-protocol/node';
import { importSentence } from '../../server/src/lsp/imports';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { CROSS_STACK } from '../crossref/exports.test';
import { LspTestClient } from './lspClient';

function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the text`);
  return new LineIndex(text).positionAt(at + delta);
}

describe('cross-template references (language server)', function () {
  this.timeout(20000);
  let dir: string;
  let client: LspTestClient;
  let dataText: string;
  const uri = (rel: string): string => pathToFileURL(path.join(dir, rel)).href;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-imports-'));
    fs.copyFileSync(path.join(CROSS_STACK, 'network.yaml'), path.join(dir, 'network.yaml'));
    dataText = fs.readFileSync(path.join(CROSS_STACK, 'data.yaml'), 'utf8');
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(dir).href] });
    await client.open(uri('data.yaml'), 'yaml', dataText);
    await client.waitForDiagnostics(uri('data.yaml'), (p) => p.diagnostics.length > 0);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function definition(position: Position): Promise<Location[] | null> {
    return (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uri('data.yaml') },
      position,
    })) as Location[] | null;
  }

  async function hoverText(position: Position): Promise<string | undefined> {
    const hover = await client.hover(uri('data.yaml'), position);
    return hover ? (hover.contents as MarkupContent).value : undefined;
  }

  it('goes to the export of a peer’s import and of a standalone rule’s GroupId', async () => {
    const network = fs.readFileSync(path.join(dir, 'network.yaml'), 'utf8');
    const needle = "!Sub '${AWS::StackName}-WebSgId'";
    const exportName = positionOf(network, needle);
    const expected = [
      {
        uri: uri('network.yaml'),
        range: {
          start: exportName,
          end: { line: exportName.line, character: exportName.character + needle.length },
        },
      },
    ];
    assert.deepEqual(await definition(positionOf(dataText, 'Fn::ImportValue', 3)), expected);
    assert.deepEqual(await definition(positionOf(dataText, '!ImportValue network-WebSgId', 20)), expected);
    assert.equal(await definition(positionOf(dataText, 'CidrIp: 0.0.0.0/0', 10)), null);
  });

  it('says in the hover which group an import is, with a link to its export', async () => {
    const peer = await hoverText(positionOf(dataText, 'Fn::ImportValue', 3));
    assert.equal(
      peer,
      `Imports **network-WebSgId**: group **WebSG**, exported by [network.yaml:19](${uri('network.yaml')}#L19) (output **WebSgId**).`,
    );
  });

  it('says when no template exports the name, and when two do', async () => {
    fs.rmSync(path.join(dir, 'network.yaml'));
    await client.watchedFilesChanged([{ uri: uri('network.yaml'), type: FileChangeType.Deleted }]);
    assert.equal(
      await hoverText(positionOf(dataText, '!ImportValue network-WebSgId', 20)),
      'Imports **network-WebSgId**, which no template in the workspace exports: the group is outside it.',
    );
    assert.equal(await definition(positionOf(dataText, '!ImportValue network-WebSgId', 20)), null);
    const network = fs.readFileSync(path.join(CROSS_STACK, 'network.yaml'), 'utf8');
    fs.mkdirSync(path.join(dir, 'eu'));
    fs.mkdirSync(path.join(dir, 'us'));
    fs.writeFileSync(path.join(dir, 'eu', 'network.yaml'), network);
    fs.writeFileSync(path.join(dir, 'us', 'network.yaml'), network);
    await client.watchedFilesChanged([
      { uri: uri('eu/network.yaml'), type: FileChangeType.Created },
      { uri: uri('us/network.yaml'), type: FileChangeType.Created },
    ]);
    assert.equal(
      await hoverText(positionOf(dataText, '!ImportValue network-WebSgId', 20)),
      `Imports **network-WebSgId**, which 2 templates of the workspace export: [network.yaml:19](${uri('eu/network.yaml')}#L19), [network.yaml:19](${uri('us/network.yaml')}#L19); the group depends on which stack is deployed.`,
    );
    const both = await definition(positionOf(dataText, '!ImportValue network-WebSgId', 20));
    assert.deepEqual(
      both?.map((l) => l.uri),
      [uri('eu/network.yaml'), uri('us/network.yaml')],
    );
  });

  it('reads an open document’s exports as typed', async () => {
    const network = fs.readFileSync(path.join(dir, 'network.yaml'), 'utf8');
    const renamed = network.replace('-WebSgId', '-FrontSgId');
    await client.open(uri('network.yaml'), 'yaml', renamed);
    await client.waitForDiagnostics(uri('network.yaml'));
    assert.match(
      (await hoverText(positionOf(dataText, '!ImportValue network-WebSgId', 20))) ?? '',
      /which no template in the workspace exports/,
    );
  });
});

describe('import hover text', () => {
  it('links the export once encoded, whatever the path holds, and escapes the names', () => {
    const lines = new LineIndex('a\nb\n');
    const owner = { uri: 'file:///w/a%20b/(n)%5Bx%5D.yaml', lines };
    const text = importSentence('net-*sg*', {
      kind: 'resolved',
      export: {
        name: 'net-*sg*',
        wildcard: false,
        target: 'Web_SG',
        uri: owner.uri,
        range: { start: 2, end: 3 },
        output: 'Out',
        owner,
      },
    });
    assert.equal(
      text,
      'Imports **net-\\*sg\\***: group **Web\\_SG**, exported by [(n)\\[x\\].yaml:2](file:///w/a%20b/%28n%29%5Bx%5D.yaml#L2) (output **Out**).',
    );
  });
});
