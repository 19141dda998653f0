/**
 * Terraform in the language server, end to end over stdio: a module is a folder (main.tf, variables.tf,
 * terraform.tfvars in a temp folder), linted with open documents' unsaved text and the others' text on
 * disk; diagnostics land on every file of the module that has findings; edits, file-watcher events,
 * closing and code actions behave as in the editor; and no publish ever carries findings computed for
 * another version of the text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  CodeAction,
  Diagnostic,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../../rules/config';
import { readModuleFolder } from '../../server/src/cli/terraform';
import { lintTerraformModule } from '../../server/src/engine/lint';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { helpUri } from '../../server/src/report/sarif';
import { dedent } from '../helpers/ruleTester';
import { LspTestClient, applyWorkspaceEdit } from './lspClient';
import { MAIN_TF, TFVARS, VARIABLES_TF } from './terraformFixtures';

const SSH_MESSAGE = 'SSH (22) is open to the world (0.0.0.0/0 from admin_cidrs in terraform.tfvars)';
const POSTGRES_MESSAGE = 'PostgreSQL (5432) is open to the world (0.0.0.0/0)';
/** Line 10 is `    cidr_blocks = var.admin_cidrs`; line 32 is `    cidr_blocks = ["0.0.0.0/0"]`. */
const SSH_RANGE = { start: { line: 10, character: 18 }, end: { line: 10, character: 33 } };
const POSTGRES_RANGE = { start: { line: 32, character: 19 }, end: { line: 32, character: 30 } };

/** An SG101 in a file of its own (a rule for a group managed elsewhere), for a file that is never opened. */
const EXTRA_TF = dedent(`
  resource "aws_security_group_rule" "rdp" {
    type              = "ingress"
    security_group_id = "sg-0123456789abcdef0"
    description       = "rdp"
    from_port         = 3389
    to_port           = 3389
    protocol          = "tcp"
    cidr_blocks       = ["0.0.0.0/0"]
  }
`);

function summary(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map(
    (d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character} ${messageOf(d)}`,
  );
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function isAction(a: unknown): a is CodeAction {
  return typeof a === 'object' && a !== null && 'kind' in a;
}

/** A whole-document replacement expressed as one incremental change, as an editor sends a paste. */
function replaceAll(before: string, after: string): TextDocumentContentChangeEvent[] {
  const lines = new LineIndex(before);
  return [{ range: { start: { line: 0, character: 0 }, end: lines.positionAt(before.length) }, text: after }];
}

/** The incremental change that inserts `text` at `offset` of `before`. */
function insertAt(before: string, offset: number, text: string): TextDocumentContentChangeEvent {
  const at = new LineIndex(before).positionAt(offset);
  return { range: { start: at, end: at }, text };
}

describe('language server: Terraform modules', function () {
  this.timeout(15000);
  let tmp: string;
  let client: LspTestClient;
  let n = 0;

  /** A fresh module folder with the given files written to disk; returns file name → URI. */
  const moduleFolder = (
    files: Record<string, string>,
  ): { dir: string; uri: (name: string) => string; write: (name: string, text: string) => void } => {
    const dir = path.join(tmp, `module${++n}`);
    fs.mkdirSync(dir, { recursive: true });
    const write = (name: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    };
    for (const [name, text] of Object.entries(files)) write(name, text);
    return { dir, uri: (name) => pathToFileURL(path.join(dir, name)).href, write };
  };
  const standardModule = (): ReturnType<typeof moduleFolder> =>
    moduleFolder({ 'main.tf': MAIN_TF, 'variables.tf': VARIABLES_TF, 'terraform.tfvars': TFVARS });

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-tf-lsp-'));
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(tmp).href] });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(client.streamErrors, []);
    assert.equal(client.stderr.join(''), '');
    assert.deepEqual(
      client.logs.filter((l) => /error|exception/i.test(l.message)).map((l) => l.message),
      [],
    );
  });

  afterEach(() => {
    client.configurationGate = undefined;
    client.settings = {};
  });

  it('publishes main.tf findings with exact ranges, codes, messages and the tfvars value as related', async () => {
    const m = standardModule();
    const uri = m.uri('main.tf');
    await client.open(uri, 'terraform', MAIN_TF);
    const published = await client.waitForDiagnostics(uri, undefined, 0, 5000);
    assert.equal(published.version, 1);
    assert.deepEqual(published.diagnostics, [
      {
        range: SSH_RANGE,
        severity: DiagnosticSeverity.Error,
        source: 'sg-lint',
        code: 'SG101',
        codeDescription: { href: helpUri('SG101') },
        message: SSH_MESSAGE,
        relatedInformation: [
          {
            location: {
              uri: m.uri('terraform.tfvars'),
              range: { start: { line: 0, character: 15 }, end: { line: 0, character: 26 } },
            },
            message: '0.0.0.0/0 is set here (admin_cidrs in terraform.tfvars)',
          },
        ],
        data: { ruleId: 'SG101', version: 1, index: 0, module: m.dir },
      },
      {
        range: POSTGRES_RANGE,
        severity: DiagnosticSeverity.Error,
        source: 'sg-lint',
        code: 'SG101',
        codeDescription: { href: helpUri('SG101') },
        message: POSTGRES_MESSAGE,
        data: { ruleId: 'SG101', version: 1, index: 1, module: m.dir },
      },
    ]);
    // The other files of the module have no findings: nothing is published for them.
    assert.deepEqual(client.publishesFor(m.uri('variables.tf')), []);
    assert.deepEqual(client.publishesFor(m.uri('terraform.tfvars')), []);
    await client.close(uri);
  });

  it('re-lints main.tf with the unsaved text of terraform.tfvars as it is edited', async () => {
    const m = standardModule();
    const main = m.uri('main.tf');
    const tfvars = m.uri('terraform.tfvars');
    await client.open(main, 'terraform', MAIN_TF);
    await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 2, 0, 5000);
    await client.open(tfvars, 'terraform', TFVARS);

    const since = client.mark();
    const narrowed = 'admin_cidrs = ["10.1.0.0/16"]\n';
    await client.change(tfvars, 2, replaceAll(TFVARS, narrowed));
    const after = await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 1, since);
    // main.tf did not change: its publish carries its own version, and only the PostgreSQL finding is left.
    assert.equal(after.version, 1);
    assert.deepEqual(summary(after), [`SG101 32:19 ${POSTGRES_MESSAGE}`]);
    // The tfvars file itself has no findings; the file on disk is untouched.
    const tfvarsPublish = await client.waitForDiagnostics(tfvars, (p) => p.version === 2, since);
    assert.deepEqual(tfvarsPublish.diagnostics, []);
    assert.equal(fs.readFileSync(path.join(m.dir, 'terraform.tfvars'), 'utf8'), TFVARS);

    // Closing the edited tfvars drops its unsaved text: main.tf is linted with the file on disk again.
    const closed = client.mark();
    await client.close(tfvars);
    const back = await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 2, closed);
    assert.deepEqual(summary(back), [`SG101 10:18 ${SSH_MESSAGE}`, `SG101 32:19 ${POSTGRES_MESSAGE}`]);
    await client.close(main);
  });

  it('keeps the other resources’ findings while a new resource is half typed, and adds SG000', async () => {
    const m = standardModule();
    const uri = m.uri('main.tf');
    await client.open(uri, 'terraform', MAIN_TF);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 2, 0, 5000);
    const since = client.mark();
    const at = MAIN_TF.indexOf('output "group_ids"');
    const typed = 'resource "aws_security_group_rule" "x" {\n  type = "ingress"\n  from_port = \n\n';
    await client.change(uri, 2, [insertAt(MAIN_TF, at, typed)]);
    const half = await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
    assert.deepEqual(summary(half), [
      `SG101 10:18 ${SSH_MESSAGE}`,
      `SG101 32:19 ${POSTGRES_MESSAGE}`,
      'SG000 44:0 this block is never closed: missing }',
      'SG000 48:0 missing a name',
    ]);
    const sg000 = half.diagnostics.find((d) => d.code === 'SG000')!;
    assert.deepEqual(sg000.range, { start: { line: 44, character: 0 }, end: { line: 44, character: 40 } });
    assert.equal(sg000.severity, DiagnosticSeverity.Error);

    // Finishing the resource clears the syntax errors.
    const done = client.mark();
    const text = MAIN_TF.slice(0, at) + typed + MAIN_TF.slice(at);
    const fixAt = text.indexOf('  from_port = \n') + '  from_port = '.length;
    await client.change(uri, 3, [
      insertAt(
        text,
        fixAt,
        '22\n  to_port = 22\n  protocol = "tcp"\n  security_group_id = aws_security_group.db.id\n  cidr_blocks = ["10.0.0.0/8"]\n  description = "x"\n}',
      ),
    ]);
    const finished = await client.waitForDiagnostics(uri, (p) => p.version === 3, done);
    assert.deepEqual(
      summary(finished).filter((s) => s.startsWith('SG000')),
      [],
    );
    await client.close(uri);
  });

  it('re-lints when a file of the module changes on disk, and publishes findings of files that are not open', async () => {
    const m = standardModule();
    const main = m.uri('main.tf');
    await client.open(main, 'terraform', MAIN_TF);
    await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 2, 0, 5000);

    // terraform.tfvars is not open: the watcher reports its change on disk.
    let since = client.mark();
    m.write('terraform.tfvars', 'admin_cidrs = ["10.1.0.0/16"]\n');
    await client.watchedFilesChanged([{ uri: m.uri('terraform.tfvars'), type: FileChangeType.Changed }]);
    const narrowed = await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 1, since);
    assert.deepEqual(summary(narrowed), [`SG101 32:19 ${POSTGRES_MESSAGE}`]);

    // A new file in the folder joins the module: its finding is published although no editor shows it.
    since = client.mark();
    m.write('extra.tf', EXTRA_TF);
    await client.watchedFilesChanged([{ uri: m.uri('extra.tf'), type: FileChangeType.Created }]);
    const extra = await client.waitForDiagnostics(m.uri('extra.tf'), undefined, since);
    assert.equal(extra.version, undefined);
    assert.deepEqual(summary(extra), ['SG101 7:23 RDP (3389) is open to the world (0.0.0.0/0)']);
    assert.equal(
      extra.diagnostics[0]!.data && (extra.diagnostics[0]!.data as { version: number }).version,
      -1,
    );

    // Deleting it takes its findings away.
    since = client.mark();
    fs.rmSync(path.join(m.dir, 'extra.tf'));
    await client.watchedFilesChanged([{ uri: m.uri('extra.tf'), type: FileChangeType.Deleted }]);
    const gone = await client.waitForDiagnostics(m.uri('extra.tf'), undefined, since);
    assert.deepEqual(gone.diagnostics, []);
    await client.close(main);
  });

  it('clears every file of the module when its last document closes', async () => {
    const m = moduleFolder({
      'main.tf': MAIN_TF,
      'variables.tf': VARIABLES_TF,
      'terraform.tfvars': TFVARS,
      'extra.tf': EXTRA_TF,
    });
    const main = m.uri('main.tf');
    const variables = m.uri('variables.tf');
    await client.open(main, 'terraform', MAIN_TF);
    await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 2, 0, 5000);
    await client.waitForDiagnostics(m.uri('extra.tf'), (p) => p.diagnostics.length === 1);
    await client.open(variables, 'terraform', VARIABLES_TF);

    // Closing one document keeps the module: main.tf's findings stay, read from disk now (no version).
    // A publish from the lint that opening variables.tf started may still arrive: it carries version 1.
    let since = client.mark();
    await client.close(main);
    const fromDisk = await client.waitForDiagnostics(
      main,
      (p) => p.diagnostics.length === 2 && p.version === undefined,
      since,
    );
    assert.equal(fromDisk.diagnostics.length, 2);

    // Closing the last one clears them all.
    since = client.mark();
    await client.close(variables);
    await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 0, since);
    await client.waitForDiagnostics(m.uri('extra.tf'), (p) => p.diagnostics.length === 0, since);
  });

  it('offers the rule fix, a suppression comment and the documentation; each applies and re-lints clean', async () => {
    client.settings = { trustedCidrs: [{ cidr: '10.20.0.0/16', label: 'vpn' }] };
    const m = standardModule();
    const uri = m.uri('main.tf');
    await client.open(uri, 'terraform', MAIN_TF);
    const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 2, 0, 5000);
    const postgres = first.diagnostics[1]!;
    const actions = (await client.codeActions(uri, postgres.range, [postgres])).filter(isAction);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Restrict to 10.20.0.0/16 (vpn)', true],
        ['Suppress SG101 for this ingress block with a comment', false],
        ['Show documentation for SG101', false],
      ],
    );
    assert.deepEqual(actions[2]!.command?.arguments, [{ ruleId: 'SG101', webUri: helpUri('SG101') }]);

    // The fix: the CIDR is rewritten in place and the finding goes away without a syntax error.
    const fixed = applyWorkspaceEdit(uri, MAIN_TF, actions[0]!.edit);
    assert.equal(fixed.split('\n')[32], '    cidr_blocks = ["10.20.0.0/16"]');
    let since = client.mark();
    await client.change(uri, 2, replaceAll(MAIN_TF, fixed));
    const afterFix = await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
    assert.deepEqual(summary(afterFix), [`SG101 10:18 ${SSH_MESSAGE}`]);

    // The suppression: a comment above the `ingress {` line holding the finding, with its indentation.
    const ssh = afterFix.diagnostics[0]!;
    const sshActions = (await client.codeActions(uri, ssh.range, [ssh])).filter(isAction);
    const suppress = sshActions.find(
      (a) => a.title === 'Suppress SG101 for this ingress block with a comment',
    );
    assert.ok(suppress, sshActions.map((a) => a.title).join(' | '));
    const suppressed = applyWorkspaceEdit(uri, fixed, suppress.edit);
    assert.deepEqual(suppressed.split('\n').slice(4, 7), [
      '',
      '  # sg-lint-ignore SG101 accepted risk',
      '  ingress {',
    ]);
    assert.deepEqual(suppress.command?.arguments, [
      { uri, start: { line: 5, character: 25 }, end: { line: 5, character: 38 } },
    ]);
    since = client.mark();
    await client.change(uri, 3, replaceAll(fixed, suppressed));
    const clean = await client.waitForDiagnostics(uri, (p) => p.version === 3, since);
    assert.deepEqual(clean.diagnostics, []);
    await client.close(uri);
  });

  it('suppresses a finding of a standalone rule resource above the resource', async () => {
    const m = moduleFolder({ 'main.tf': MAIN_TF, 'variables.tf': VARIABLES_TF, 'rules.tf': EXTRA_TF });
    const uri = m.uri('rules.tf');
    await client.open(uri, 'terraform', EXTRA_TF);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1, 0, 5000);
    const rdp = published.diagnostics[0]!;
    const actions = (await client.codeActions(uri, rdp.range, [rdp])).filter(isAction);
    const suppress = actions.find((a) => a.title === 'Suppress SG101 for this resource with a comment');
    assert.ok(suppress, actions.map((a) => a.title).join(' | '));
    const suppressed = applyWorkspaceEdit(uri, EXTRA_TF, suppress.edit);
    assert.equal(suppressed.split('\n')[0], '# sg-lint-ignore SG101 accepted risk');
    const since = client.mark();
    await client.change(uri, 2, replaceAll(EXTRA_TF, suppressed));
    const clean = await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
    assert.deepEqual(clean.diagnostics, []);
    await client.close(uri);
  });

  it('offers nothing for diagnostics of an older version of the document', async () => {
    const m = standardModule();
    const uri = m.uri('main.tf');
    await client.open(uri, 'terraform', MAIN_TF);
    const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 2, 0, 5000);
    const since = client.mark();
    await client.change(uri, 2, [insertAt(MAIN_TF, 0, '# edited\n')]);
    await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
    const stale = first.diagnostics[1]!;
    assert.deepEqual(await client.codeActions(uri, stale.range, [stale]), []);
    await client.close(uri);
  });

  it('shows a called local module’s finding in the module’s file, from the caller’s argument', async () => {
    const sg = dedent(`
      variable "cidr" {
        default = "10.0.0.0/8"
      }

      resource "aws_security_group" "this" {
        description = "ssh"
        vpc_id      = "vpc-1"

        ingress {
          description = "ssh"
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = [var.cidr]
        }
      }

      output "id" {
        value = aws_security_group.this.id
      }
    `);
    const root = 'module "sg" {\n  source = "./modules/sg"\n  cidr   = "0.0.0.0/0"\n}\n';
    const m = moduleFolder({ 'main.tf': root, 'modules/sg/main.tf': sg });
    const rootUri = m.uri('main.tf');
    const sgUri = m.uri('modules/sg/main.tf');
    await client.open(rootUri, 'terraform', root);
    const called = await client.waitForDiagnostics(sgUri, undefined, 0, 5000);
    // Where the finding sits inside `[var.cidr]` is the adapter's choice (its tests pin it): here it is
    // whatever the engine reports for the same folders, converted to this file's lines.
    const engine = lintTerraformModule(
      {
        dirUri: pathToFileURL(m.dir).href,
        files: [{ uri: rootUri, text: root }],
        loadModule: (dirUri) => readModuleFolder(fileURLToPath(dirUri)),
      },
      DEFAULT_CONFIG,
    );
    assert.equal(engine.kind, 'module');
    const expected = engine.findings.filter((f) => f.uri === sgUri);
    assert.equal(expected.length, 1);
    const sgLines = new LineIndex(sg);
    assert.deepEqual(
      called.diagnostics.map((d) => [d.code, d.range, messageOf(d), d.relatedInformation]),
      [
        [
          'SG101',
          {
            start: sgLines.positionAt(expected[0]!.range.start),
            end: sgLines.positionAt(expected[0]!.range.end),
          },
          "SSH (22) is open to the world (0.0.0.0/0 from module sg's argument cidr)",
          [
            {
              // In the caller's file, with the caller's lines.
              location: {
                uri: rootUri,
                range: { start: { line: 2, character: 11 }, end: { line: 2, character: 22 } },
              },
              message: "0.0.0.0/0 is set here (module sg's argument cidr)",
            },
          ],
        ],
      ],
    );
    assert.equal(sg.slice(expected[0]!.range.start, expected[0]!.range.end).includes('var.cidr'), true);

    // Opened, the module's file is linted on its own too (no finding with its default); the caller's stays.
    let since = client.mark();
    await client.open(sgUri, 'terraform', sg);
    const opened = await client.waitForDiagnostics(sgUri, (p) => p.version === 1, since);
    assert.deepEqual(summary(opened), [
      `SG101 13:${sgLines.positionAt(expected[0]!.range.start).character} SSH (22) is open to the world (0.0.0.0/0 from module sg's argument cidr)`,
    ]);

    // Narrowing the caller's argument (unsaved) clears it.
    since = client.mark();
    await client.change(rootUri, 2, replaceAll(root, root.replace('0.0.0.0/0', '10.1.0.0/16')));
    const narrowed = await client.waitForDiagnostics(sgUri, (p) => p.diagnostics.length === 0, since);
    assert.equal(narrowed.version, 1);
    await client.close(sgUri);
    await client.close(rootUri);
  });

  it('lints an untitled Terraform document on its own', async () => {
    const uri = 'untitled:Untitled-7';
    await client.open(uri, 'terraform', EXTRA_TF);
    const published = await client.waitForDiagnostics(uri, undefined, 0, 5000);
    assert.deepEqual(summary(published), ['SG101 7:23 RDP (3389) is open to the world (0.0.0.0/0)']);
    await client.close(uri);
  });

  it('never publishes findings computed for another version of the text (rapid edits, no debounce)', async () => {
    client.settings = { debounceMs: 0 };
    const m = standardModule();
    const uri = m.uri('main.tf');
    const since = client.mark();
    // The configuration is held back while the first edits arrive: the lints waiting for it are dropped.
    let release!: () => void;
    client.configurationGate = new Promise<void>((resolve) => (release = resolve));
    let doc = TextDocument.create(uri, 'terraform', 1, MAIN_TF);
    const texts = new Map<number, string>([[1, MAIN_TF]]);
    await client.open(uri, 'terraform', MAIN_TF);
    const edit = async (changes: TextDocumentContentChangeEvent[]): Promise<void> => {
      doc = TextDocument.update(doc, changes, doc.version + 1);
      texts.set(doc.version, doc.getText());
      await client.change(uri, doc.version, changes);
    };
    // Ports toggle between findings and none; a line inserted above moves every later range.
    const port = (text: string): number => text.indexOf('5432');
    await edit([{ range: rangeOf(doc.getText(), port(doc.getText()), 4), text: '5433' }]);
    await edit([insertAt(doc.getText(), 0, '# moved\n')]);
    release();
    for (let i = 0; i < 12; i++) {
      const text = doc.getText();
      if (i % 3 === 0) await edit([insertAt(text, 0, `# ligne ${i} é😀\n`)]);
      else if (i % 3 === 1)
        await edit([{ range: rangeOf(text, text.indexOf('"0.0.0.0/0"'), 11), text: '"0.0.0.0/1"' }]);
      else await edit([{ range: rangeOf(text, text.indexOf('"0.0.0.0/1"'), 11), text: '"0.0.0.0/0"' }]);
    }
    const last = doc.version;
    await client.waitForDiagnostics(uri, (p) => p.version === last, since);
    const publishes = client.publishesFor(uri, since);
    assert.ok(publishes.length >= 1);
    // The versions before the configuration arrived were never linted.
    assert.ok(
      publishes.every((p) => p.version !== undefined && p.version >= 3),
      JSON.stringify(publishes.map((p) => p.version)),
    );
    for (const p of publishes) {
      const text = texts.get(p.version!)!;
      assert.deepEqual(summary(p), expectedSummary(m.dir, text, uri), `publish for version ${p.version}`);
    }
    await client.close(uri);
  });
});

function rangeOf(
  text: string,
  offset: number,
  length: number,
): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const lines = new LineIndex(text);
  return { start: lines.positionAt(offset), end: lines.positionAt(offset + length) };
}

/** What the engine says about main.tf with this text (variables.tf and terraform.tfvars as written). */
function expectedSummary(dir: string, text: string, uri: string): string[] {
  const dirUri = pathToFileURL(dir).href;
  const result = lintTerraformModule(
    {
      dirUri,
      files: [
        { uri, text },
        { uri: `${dirUri}/variables.tf`, text: VARIABLES_TF },
      ],
      tfvars: [{ uri: `${dirUri}/terraform.tfvars`, text: TFVARS }],
    },
    DEFAULT_CONFIG,
  );
  assert.equal(result.kind, 'module');
  const lines = new LineIndex(text);
  return result.findings
    .filter((f) => f.uri === uri && !f.suppressions?.length)
    .map((f) => {
      const at = lines.positionAt(f.range.start);
      return `${f.ruleId} ${at.line}:${at.character} ${f.message}`;
    });
}
