/**
 * The server's Terraform modules in-process: incremental parsing (an edited tree re-parses to exactly what
 * a fresh parse gives, in the units web-tree-sitter expects), the module linter's hand-over of edited
 * trees to the engine, its failure modes (engine exceptions, disabled, excluded and oversized files), the
 * suppression comment's placement (applied, re-linted, and shown to suppress), and which documents make
 * up which module.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import type { SgLintConfig } from '../../rules/config';
import { DEFAULT_CONFIG, mergeConfig } from '../../rules/config';
import type { TerraformFile, TerraformModuleInput } from '../../server/src/engine/lint';
import { lintTerraformModule } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/fixes/render';
import type { DocumentConfig, Logger } from '../../server/src/lsp/configuration';
import { DocLinks } from '../../server/src/lsp/docLinks';
import { hclSuppression } from '../../server/src/lsp/suppressEdits';
import type { TerraformLinterHost } from '../../server/src/lsp/terraform';
import { TerraformLinter, isAutoTfvars, isTerraformDocument, unitOf } from '../../server/src/lsp/terraform';
import { TerraformTrees, treeEditsFor } from '../../server/src/lsp/terraformTrees';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { parseHclTree } from '../../server/src/terraform/treeSitter';
import { dedent } from '../helpers/ruleTester';
import { MAIN_TF, TFVARS, VARIABLES_TF } from './terraformFixtures';

/** Every node of a tree with its type, UTF-16 range and points: two trees print alike iff they parse alike. */
function dump(tree: Tree): string {
  const out: string[] = [];
  const visit = (n: Node, depth: number): void => {
    const s = n.startPosition;
    const e = n.endPosition;
    out.push(
      `${' '.repeat(depth)}${n.type}${n.isMissing ? '(missing)' : ''} [${n.startIndex},${n.endIndex}) ${s.row}:${s.column}-${e.row}:${e.column}`,
    );
    for (const c of n.children) if (c) visit(c, depth + 1);
  };
  visit(tree.rootNode, 0);
  return out.join('\n');
}

/** A deterministic pseudo-random sequence (the same edits on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const SNIPPETS = [
  'x',
  '"',
  '{',
  '}\n',
  '\n',
  '  ingress {\n    from_port = 22\n  }\n',
  '"0.0.0.0/0"',
  '# é 😀 comment\n',
  '${var.x}',
  ' = ',
  '[',
  '😀',
  'résumé',
  '',
];

/** One random edit of `text`: a replacement of up to 12 code units by a snippet, never inside a surrogate pair. */
function randomChange(text: string, next: () => number): TextDocumentContentChangeEvent {
  const doc = TextDocument.create('file:///x.tf', 'terraform', 0, text);
  const safe = (o: number): number =>
    o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o]!) ? o - 1 : o;
  const start = safe(Math.floor(next() * (text.length + 1)));
  const end = safe(Math.min(text.length, start + Math.floor(next() * 12)));
  const snippet = SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
  return {
    range: { start: doc.positionAt(start), end: doc.positionAt(Math.max(start, end)) },
    text: snippet,
  };
}

const SOURCE = dedent(`
  # Ressources réseau — 😀 non-ASCII text shifts UTF-8 bytes against UTF-16 units
  resource "aws_security_group" "web" {
    description = "web tier — été"
    vpc_id      = "vpc-1"

    ingress {
      description = "ssh 🔑"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0", "\${var.extra}"]
    }
  }

  locals {
    ports = [for p in var.ports : p if p != 0]
  }
`);

describe('lsp/terraformTrees: incremental parsing', () => {
  const uri = 'file:///work/inc/main.tf';

  /**
   * Applies `rounds` notifications of 1–3 random changes through TerraformTrees (as the server does), and
   * after each one re-parses with the edited tree and compares with a fresh parse of the same text.
   */
  function run(initial: string, seed: number, rounds: number): number {
    const next = random(seed);
    const trees = new TerraformTrees();
    let doc = TextDocument.create(uri, 'terraform', 1, initial);
    const first = parseHclTree(initial);
    trees.keep(uri, 1, first);
    first.delete();
    let compared = 0;
    try {
      for (let i = 0; i < rounds; i++) {
        const changes: TextDocumentContentChangeEvent[] = [];
        let text = doc.getText();
        const count = 1 + Math.floor(next() * 3);
        for (let c = 0; c < count; c++) {
          const change = randomChange(text, next);
          changes.push(change);
          text = TextDocument.update(TextDocument.create(uri, 'terraform', 0, text), [change], 1).getText();
        }
        trees.willChange(doc, doc.version + 1, changes);
        doc = TextDocument.update(doc, changes, doc.version + 1);
        const oldTree = trees.oldTreeFor(uri, doc.version);
        assert.ok(oldTree, `round ${i}: the tree followed the edits`);
        const incremental = parseHclTree(doc.getText(), oldTree);
        const fresh = parseHclTree(doc.getText());
        try {
          assert.equal(dump(incremental), dump(fresh), `round ${i}: ${JSON.stringify(doc.getText())}`);
          compared++;
          trees.keep(uri, doc.version, incremental);
        } finally {
          incremental.delete();
          fresh.delete();
        }
      }
    } finally {
      trees.dispose();
    }
    return compared;
  }

  it('re-parses to exactly the fresh parse after 150 random edit notifications', () => {
    assert.equal(run(SOURCE, 7, 150), 150);
  });

  it('does so with CRLF line endings and with lone CR characters (rows count \\n only)', () => {
    assert.equal(run(SOURCE.replace(/\n/g, '\r\n'), 11, 60), 60);
    assert.equal(run(SOURCE.replace('\n  locals', '\r  locals').replace('\n', '\r'), 13, 60), 60);
  });

  it('computes edits in UTF-16 code units; byte offsets would corrupt the re-parse', () => {
    const text = 'a = "é😀x"\nb = 1\n';
    const at = text.indexOf('x');
    const doc = TextDocument.create(uri, 'terraform', 1, text);
    const change = { range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: 'zz' };
    const [edit] = treeEditsFor(doc, [change])!;
    assert.deepEqual(
      {
        startIndex: edit!.startIndex,
        oldEndIndex: edit!.oldEndIndex,
        newEndIndex: edit!.newEndIndex,
        startPosition: edit!.startPosition,
        newEndPosition: edit!.newEndPosition,
      },
      {
        startIndex: 8,
        oldEndIndex: 8,
        newEndIndex: 10,
        startPosition: { row: 0, column: 8 },
        newEndPosition: { row: 0, column: 10 },
      },
    );
    const after = `${text.slice(0, at)}zz${text.slice(at)}`;
    const reparse = (e: Edit): string => {
      const tree = parseHclTree(text);
      tree.edit(e);
      const next = parseHclTree(after, tree);
      try {
        return dump(next);
      } finally {
        tree.delete();
        next.delete();
      }
    };
    const fresh = parseHclTree(after);
    try {
      assert.equal(reparse(edit!), dump(fresh));
      // The same edit in UTF-8 bytes (é is 2 bytes, 😀 4) leaves a tree that disagrees with the text.
      const bytes = Buffer.byteLength(text.slice(0, at));
      const byteEdit = new Edit({
        startIndex: bytes,
        oldEndIndex: bytes,
        newEndIndex: bytes + 2,
        startPosition: { row: 0, column: bytes },
        oldEndPosition: { row: 0, column: bytes },
        newEndPosition: { row: 0, column: bytes + 2 },
      });
      assert.notEqual(reparse(byteEdit), dump(fresh));
    } finally {
      fresh.delete();
    }
  });

  it('follows several changes of one notification, each relative to the text after the previous', () => {
    const text = 'a = 1\nb = 2\n';
    const doc = TextDocument.create(uri, 'terraform', 1, text);
    const edits = treeEditsFor(doc, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x = 0\n' },
      { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 5 } }, text: '22' },
    ])!;
    assert.deepEqual(
      edits.map((e) => [e.startIndex, e.oldEndIndex, e.newEndIndex, e.startPosition, e.newEndPosition]),
      [
        [0, 0, 6, { row: 0, column: 0 }, { row: 1, column: 0 }],
        [16, 17, 18, { row: 2, column: 4 }, { row: 2, column: 6 }],
      ],
    );
    // The document given is not touched.
    assert.equal(doc.getText(), text);
  });

  it('drops the tree on a full-text change or a version it did not follow', () => {
    const trees = new TerraformTrees();
    const doc = TextDocument.create(uri, 'terraform', 1, 'a = 1\n');
    const tree = parseHclTree(doc.getText());
    try {
      trees.keep(uri, 1, tree);
      trees.willChange(doc, 2, [{ text: 'b = 2\n' }]);
      assert.equal(trees.has(uri), false);
      trees.keep(uri, 1, tree);
      // The tree is for version 1; a change from version 3 cannot be followed.
      trees.willChange(TextDocument.create(uri, 'terraform', 3, 'a = 1\n'), 4, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' },
      ]);
      assert.equal(trees.oldTreeFor(uri, 4), undefined);
      assert.equal(trees.has(uri), false);
    } finally {
      tree.delete();
      trees.dispose();
    }
  });
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

function documentConfig(overrides: unknown = {}, editor: Partial<DocumentConfig> = {}): DocumentConfig {
  const config: SgLintConfig = mergeConfig(DEFAULT_CONFIG, overrides, []);
  return { enable: true, debounceMs: 0, config, isExcluded: () => false, ...editor };
}

function tick(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('lsp/terraform: the module linter in-process', () => {
  let dir: string;
  let docs: Map<string, TextDocument>;
  let published: PublishDiagnosticsParams[];
  let inputs: TerraformModuleInput[];
  let log: ReturnType<typeof recordingLogger>;
  let trees: TerraformTrees;
  let settings: DocumentConfig;
  let engine: TerraformLinterHost['lint'];
  const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;

  const linter = (): TerraformLinter =>
    new TerraformLinter({
      getDocument: (u) => docs.get(u),
      allDocuments: () => [...docs.values()],
      configFor: () => Promise.resolve(settings),
      debounceFor: () => 0,
      publish: (p) => published.push(p),
      parserReady: () => Promise.resolve(),
      trees,
      log,
      docLinks: new DocLinks(undefined),
      lint: (input, config) => {
        inputs.push(input);
        return (engine ?? lintTerraformModule)(input, config);
      },
    });

  const open = (l: TerraformLinter, name: string, text: string): TextDocument => {
    const doc = TextDocument.create(uri(name), 'terraform', 1, text);
    docs.set(doc.uri, doc);
    l.documentChanged(doc);
    return doc;
  };

  const change = (
    l: TerraformLinter,
    doc: TextDocument,
    changes: TextDocumentContentChangeEvent[],
  ): TextDocument => {
    trees.willChange(doc, doc.version + 1, changes);
    const next = TextDocument.update(doc, changes, doc.version + 1);
    docs.set(next.uri, next);
    l.documentChanged(next);
    return next;
  };

  const lastFor = (u: string): PublishDiagnosticsParams | undefined =>
    published.filter((p) => p.uri === u).pop();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-tf-unit-'));
    fs.writeFileSync(path.join(dir, 'main.tf'), MAIN_TF);
    fs.writeFileSync(path.join(dir, 'variables.tf'), VARIABLES_TF);
    fs.writeFileSync(path.join(dir, 'terraform.tfvars'), TFVARS);
    docs = new Map();
    published = [];
    inputs = [];
    log = recordingLogger();
    trees = new TerraformTrees();
    settings = documentConfig();
    engine = undefined;
  });

  afterEach(() => {
    trees.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the open document and the rest of the folder from disk, and hands the edited tree to the engine', async () => {
    const l = linter();
    let doc = open(l, 'main.tf', MAIN_TF);
    await tick();
    assert.deepEqual(
      inputs.map((i) => [
        i.files.map((f) => [path.basename(f.uri), f.oldTree !== undefined]),
        i.tfvars?.map((f) => path.basename(f.uri)),
      ]),
      [
        [
          [
            ['main.tf', false],
            ['variables.tf', false],
          ],
          ['terraform.tfvars'],
        ],
      ],
    );
    assert.equal(lastFor(doc.uri)?.diagnostics.length, 2);
    // An edit: the engine gets the tree edited to the new text, and what it parses equals a fresh parse.
    const at = doc.getText().indexOf('5432');
    doc = change(l, doc, [
      { range: { start: doc.positionAt(at), end: doc.positionAt(at + 4) }, text: '5433' },
    ]);
    await tick();
    const source = inputs[1]!.files.find((f) => f.uri === doc.uri)!;
    assert.ok(source.oldTree, 'the edited tree is passed as oldTree');
    assert.equal(source.text, doc.getText());
    const fresh = parseHclTree(doc.getText());
    try {
      const reparsed = parseHclTree(doc.getText(), trees.oldTreeFor(doc.uri, doc.version));
      try {
        assert.equal(dump(reparsed), dump(fresh));
      } finally {
        reparsed.delete();
      }
    } finally {
      fresh.delete();
    }
    assert.equal(lastFor(doc.uri)?.version, 2);
    l.dispose();
  });

  it('shows a notice instead of stale findings when the engine throws, and recovers', async () => {
    const l = linter();
    engine = () => {
      throw new Error('boom');
    };
    let doc = open(l, 'main.tf', MAIN_TF);
    await tick();
    const notice = lastFor(doc.uri)!;
    assert.equal(notice.version, 1);
    assert.deepEqual(
      notice.diagnostics.map((d) => d.message),
      [
        'sg-lint could not check this file because of an internal error; the details are in the "SG Lint" output.',
      ],
    );
    assert.match(
      log.lines.join('\n'),
      /^error sg-lint: internal error while linting the Terraform module .*: Error: boom/m,
    );
    engine = undefined;
    doc = change(l, doc, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' },
    ]);
    await tick();
    assert.deepEqual(
      lastFor(doc.uri)!.diagnostics.map((d) => d.code),
      ['SG101', 'SG101'],
    );
    l.dispose();
  });

  it('publishes nothing when disabled and leaves excluded files out', async () => {
    settings = documentConfig({}, { enable: false });
    const l = linter();
    const doc = open(l, 'main.tf', MAIN_TF);
    await tick();
    assert.deepEqual(lastFor(doc.uri)?.diagnostics, []);
    assert.equal(inputs.length, 0, 'the engine did not run');

    settings = documentConfig({}, { isExcluded: (p) => p.endsWith('main.tf') });
    l.relintAll();
    await tick();
    assert.equal(inputs.length, 1);
    assert.deepEqual(lastFor(doc.uri)?.diagnostics, []);
    l.dispose();
  });

  it('says once, on the file, that an oversized file of the module was not checked', async () => {
    fs.writeFileSync(path.join(dir, 'big.tf'), `# ${'x'.repeat(300)}\n`);
    settings = documentConfig({ maxFileSize: 200 });
    const l = linter();
    open(l, 'main.tf', MAIN_TF);
    await tick();
    assert.deepEqual(
      lastFor(uri('big.tf'))?.diagnostics.map((d) => [d.message, d.range.end.character]),
      [
        [
          'sg-lint did not check this file: 303 bytes is over the 200 bytes limit for linting (maxFileSize).',
          302,
        ],
      ],
    );
    l.dispose();
  });

  it('logs a parser that cannot load, once, and puts a notice on open Terraform documents', async () => {
    const l = new TerraformLinter({
      getDocument: (u) => docs.get(u),
      allDocuments: () => [...docs.values()],
      configFor: () => Promise.resolve(settings),
      debounceFor: () => 0,
      publish: (p) => published.push(p),
      parserReady: () => Promise.reject(new Error('no wasm')),
      trees,
      log,
      docLinks: new DocLinks(undefined),
    });
    const doc = open(l, 'main.tf', MAIN_TF);
    await tick();
    open(l, 'variables.tf', VARIABLES_TF);
    await tick();
    assert.equal(log.lines.filter((x) => x.includes('the Terraform parser did not load')).length, 1);
    assert.match(lastFor(doc.uri)!.diagnostics[0]!.message as string, /internal error/);
    l.dispose();
  });
});

describe('lsp/suppressEdits: Terraform suppression comments', () => {
  const dirUri = 'file:///work/suppress';

  function lint(text: string): { file: TerraformFile; findings: ReturnType<typeof lintTerraformModule> } {
    const result = lintTerraformModule(
      { dirUri, files: [{ uri: `${dirUri}/main.tf`, text }] },
      DEFAULT_CONFIG,
    );
    assert.equal(result.kind, 'module');
    return { file: result.files.get(`${dirUri}/main.tf`)!, findings: result };
  }

  /** Suppresses the first visible `ruleId` finding, re-lints, and returns the comment's title and the text. */
  function suppress(text: string, ruleId: string): { covers: string; text: string } {
    const { file, findings } = lint(text);
    assert.equal(findings.kind, 'module');
    const finding = findings.findings.find((f) => f.ruleId === ruleId && !f.suppressions?.length);
    assert.ok(finding, `no ${ruleId} finding`);
    const s = hclSuppression(finding, file);
    assert.ok(s);
    const edited = applyEdits(text, [s.edit]);
    assert.equal(
      new LineIndex(edited).lineText(s.reason.line).slice(s.reason.start, s.reason.end),
      'accepted risk',
    );
    const after = lint(edited).findings;
    assert.equal(after.kind, 'module');
    const same = after.findings.filter((f) => f.ruleId === ruleId && f.message === finding.message);
    assert.equal(same.length, 1);
    assert.deepEqual(
      same[0]!.suppressions?.map((x) => [x.tool, x.reason]),
      [['sg-lint', 'accepted risk']],
    );
    assert.deepEqual(
      after.findings.filter((f) => f.ruleId === 'SG000'),
      [],
    );
    return { covers: s.covers, text: edited };
  }

  it('goes above a dynamic block, with its indentation', () => {
    const text = dedent(`
      resource "aws_security_group" "web" {
        description = "web"
        vpc_id      = "vpc-1"

        dynamic "ingress" {
          for_each = [22]
          content {
            description = "ssh"
            from_port   = ingress.value
            to_port     = ingress.value
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
      }

      output "id" {
        value = aws_security_group.web.id
      }
    `);
    const s = suppress(text, 'SG101');
    assert.equal(s.covers, 'dynamic "ingress" block');
    assert.deepEqual(s.text.split('\n').slice(3, 6), [
      '',
      '  # sg-lint-ignore SG101 accepted risk',
      '  dynamic "ingress" {',
    ]);
  });

  it('goes above the resource for attribute-syntax rules and for rule resources, in CRLF files too', () => {
    const text = dedent(`
      resource "aws_security_group" "web" {
        description = "web"
        vpc_id      = "vpc-1"
        ingress = [{
          description      = "ssh"
          from_port        = 22
          to_port          = 22
          protocol         = "tcp"
          cidr_blocks      = ["0.0.0.0/0"]
          ipv6_cidr_blocks = []
          prefix_list_ids  = []
          security_groups  = []
          self             = false
        }]
      }

      output "id" {
        value = aws_security_group.web.id
      }
    `).replace(/\n/g, '\r\n');
    const s = suppress(text, 'SG101');
    assert.equal(s.covers, 'resource');
    assert.ok(
      s.text.startsWith('# sg-lint-ignore SG101 accepted risk\r\nresource "aws_security_group" "web" {'),
    );
  });

  it('is not offered where no block holds the finding', () => {
    const { file } = lint('admin = "x"\n');
    const finding = {
      ruleId: 'SG101',
      severity: 'error' as const,
      message: 'm',
      uri: file.uri,
      range: { start: 2, end: 5 },
      resource: '',
    };
    assert.equal(hclSuppression(finding, file), undefined);
  });
});

describe('lsp/terraform: documents and modules', () => {
  it('recognises Terraform documents by language or file name', () => {
    assert.equal(isTerraformDocument('file:///a/main.tf', 'plaintext'), true);
    assert.equal(isTerraformDocument('file:///a/prod.TFVARS', 'plaintext'), true);
    assert.equal(isTerraformDocument('untitled:Untitled-1', 'terraform'), true);
    assert.equal(isTerraformDocument('file:///a/x.hcl', 'terraform-vars'), true);
    assert.equal(isTerraformDocument('file:///a/main.tf.json', 'json'), false);
    assert.equal(isTerraformDocument('file:///a/t.yaml', 'yaml'), false);
  });

  it('loads terraform.tfvars and *.auto.tfvars with the module, as Terraform does', () => {
    assert.deepEqual(
      ['terraform.tfvars', 'a.auto.tfvars', 'prod.tfvars', 'Terraform.tfvars'].map(isAutoTfvars),
      [true, true, false, false],
    );
  });

  it('puts .tf files and auto-loaded tfvars in their folder’s module, and everything else alone', () => {
    const dir = path.join(os.tmpdir(), 'some module');
    const file = (name: string): string => pathToFileURL(path.join(dir, name)).href;
    const folder = { key: dir, dirUri: pathToFileURL(dir).href, dir };
    assert.deepEqual(unitOf(file('main.tf')), folder);
    assert.deepEqual(unitOf(file('terraform.tfvars')), folder);
    assert.deepEqual(unitOf(file('x.auto.tfvars')), folder);
    assert.deepEqual(unitOf(file('prod.tfvars')), {
      key: path.join(dir, 'prod.tfvars'),
      dirUri: pathToFileURL(dir).href,
    });
    assert.deepEqual(unitOf('untitled:Untitled-3'), {
      key: 'untitled:Untitled-3',
      dirUri: 'untitled:Untitled-3',
    });
    assert.deepEqual(unitOf('vscode-vfs://github/o/r/main.tf'), {
      key: 'vscode-vfs://github/o/r/main.tf',
      dirUri: 'vscode-vfs://github/o/r',
    });
  });
});
