/**
 * Robustness fuzz of the language server: the compiled server on stdio (LspTestClient) with four open
 * documents from the fixtures (a CloudFormation YAML and JSON template, a Terraform module's main.tf and
 * terraform.tfvars), then a stream of random incremental edits (mutate.ts: typing, deleting, pasting
 * fragments and pieces of the document, rewritten lines, deep nesting), versions always increasing, with
 * hovers and code actions at random places, pauses that let lints finish, and the odd close and reopen.
 * At the end the server must still be running and answering, publish for every document, after the
 * original texts are restored, exactly the diagnostics it published for them at the start (the
 * Terraform trees were re-parsed incrementally through every edit), and have logged no uncaught exception
 * or unhandled rejection.
 *
 * Short form (npm test): 1,000 edits on documents of up to 32 KB (10 to 25 s on the development machine).
 * Long form (`npm run fuzz`, SG_LINT_FUZZ=long): 2,500 edits on documents of up to 64 KB. SG_LINT_FUZZ_EDITS
 * sets the count, SG_LINT_FUZZ_SEED the seed, SG_LINT_FUZZ_VERBOSE=1 prints slow steps and pauses.
 */
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type {
  Diagnostic,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, delay } from '../lsp/lspClient';
import { REPO_ROOT } from './inputs';
import type { Syntax } from './mutate';
import { mulberry32, pick, randInt, randomEdit, runSeed, seedFor } from './mutate';

const LONG = process.env.SG_LINT_FUZZ === 'long';
const VERBOSE = !!process.env.SG_LINT_FUZZ_VERBOSE;
const EDITS = Number(process.env.SG_LINT_FUZZ_EDITS) || (LONG ? 2500 : 1000);
/**
 * Documents are kept under this size (pastes that would grow them further become cuts). Every change is
 * linted (debounceMs 0) and mutated text parses slower than a template (tree-sitter's error recovery in a
 * Terraform file of pasted junk: about 5 ms per KB), so the short form keeps to 32 KB documents.
 */
const MAX_CHARS = (LONG ? 64 : 32) * 1024;
/** A request the server does not answer within this is a failure (it answers in milliseconds). */
const REQUEST_TIMEOUT_MS = 10_000;

interface OpenDoc {
  readonly name: string;
  readonly uri: string;
  readonly languageId: string;
  readonly syntax: Syntax;
  readonly original: string;
  doc: TextDocument;
  version: number;
  /** The diagnostics published for the original text when it was opened. */
  initial: string[];
  /** The most characters the document had during the edits. */
  largest: number;
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function summary(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics
    .map(
      (d) =>
        `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${messageOf(d)}`,
    )
    .sort();
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

describe('language server fuzz: random edits', function () {
  this.timeout(LONG ? 900_000 : 120_000);
  let tmp: string;
  let client: LspTestClient | undefined;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-server-fuzz-'));
    const fixtures = path.join(REPO_ROOT, 'test', 'fixtures');
    fs.mkdirSync(path.join(tmp, 'cfn'));
    for (const f of ['bastion.yaml', 'windows.json'])
      fs.copyFileSync(path.join(fixtures, 'cloudformation', f), path.join(tmp, 'cfn', f));
    // The whole repo: live/ calls ../modules/web, which the server reads from disk.
    fs.cpSync(path.join(fixtures, 'terraform', 'repo'), path.join(tmp, 'repo'), { recursive: true });
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(`stays alive and correct through ${EDITS} random edits with hovers and code actions`, async () => {
    const seed = runSeed();
    const rng = mulberry32(seedFor(seed, 0x5e77e7));
    // Choices that depend on the server (how many diagnostics it published) draw from their own stream,
    // so the edits of a seed are the same on every run.
    const sideRng = mulberry32(seedFor(seed, 0x51de));
    console.log(
      `\n  server fuzz (${LONG ? 'long' : 'short'}): seed ${seed} (replay with SG_LINT_FUZZ_SEED=${seed}${LONG ? ' SG_LINT_FUZZ=long' : ''}), ${EDITS} edits`,
    );
    const started = performance.now();
    const c = (client = await LspTestClient.start({
      workspaceFolders: [pathToFileURL(tmp).href],
      // Every change is linted as soon as the server gets to it: the most lints for the edits.
      settings: { debounceMs: 0 },
    }));
    const child = (c as unknown as { child: ChildProcess }).child;

    const docs: OpenDoc[] = [
      ['cfn/bastion.yaml', 'yaml', 'yaml'],
      ['cfn/windows.json', 'json', 'json'],
      ['repo/live/main.tf', 'terraform', 'hcl'],
      ['repo/live/terraform.tfvars', 'terraform-vars', 'hcl'],
    ].map(([name, languageId, syntax]) => {
      const file = path.join(tmp, name!);
      const uri = pathToFileURL(file).href;
      const original = fs.readFileSync(file, 'utf8');
      return {
        name: name!,
        uri,
        languageId: languageId!,
        syntax: syntax as Syntax,
        original,
        doc: TextDocument.create(uri, languageId!, 1, original),
        version: 1,
        initial: [],
        largest: original.length,
      };
    });
    for (const d of docs) {
      await c.open(d.uri, d.languageId, d.original, 1);
      // tfvars alone have no findings and get no publish: main.tf's publish says the module was linted.
      if (d.languageId !== 'terraform-vars')
        d.initial = summary(await c.waitForDiagnostics(d.uri, (p) => p.version === 1, 0, 10_000));
    }
    assert.ok(
      docs.filter((d) => d.initial.length > 0).length >= 2,
      `the documents should start with findings: ${JSON.stringify(docs.map((d) => d.initial))}`,
    );

    const failures: string[] = [];
    let hovers = 0;
    let actions = 0;
    let pauses = 0;
    let reopens = 0;
    let changes = 0;
    let slowestRequest = 0;
    const request = async <T>(what: string, p: Promise<T>): Promise<T | undefined> => {
      const t0 = performance.now();
      try {
        return await withTimeout(p, REQUEST_TIMEOUT_MS, what);
      } catch (e) {
        failures.push(`${what}: ${(e as Error).message}`);
        return undefined;
      } finally {
        slowestRequest = Math.max(slowestRequest, performance.now() - t0);
      }
    };
    const randomPosition = (d: OpenDoc): { line: number; character: number } =>
      d.doc.positionAt(randInt(rng, 0, d.doc.getText().length));

    for (let i = 0; i < EDITS; i++) {
      const stepStart = performance.now();
      const d = pick(rng, docs);
      // Mostly one change per notification, sometimes several (an editor's multi-cursor edit).
      const batch = rng() < 0.9 ? 1 : randInt(rng, 2, 4);
      const events: TextDocumentContentChangeEvent[] = [];
      for (let b = 0; b < batch; b++) {
        const text = d.doc.getText();
        const edit = randomEdit(text, rng, { syntax: d.syntax, maxChars: MAX_CHARS });
        const change = {
          range: { start: d.doc.positionAt(edit.start), end: d.doc.positionAt(edit.end) },
          text: edit.text,
        };
        events.push(change);
        d.doc = TextDocument.update(d.doc, [change], d.version + 1);
      }
      d.version++;
      d.largest = Math.max(d.largest, d.doc.getText().length);
      changes += events.length;
      await c.change(d.uri, d.version, events);

      const r = rng();
      if (r < 0.05) {
        hovers++;
        const at = randomPosition(d);
        await request(`hover ${d.name} v${d.version} ${at.line}:${at.character}`, c.hover(d.uri, at));
      } else if (r < 0.1) {
        actions++;
        const latest = c.publishesFor(d.uri).at(-1)?.diagnostics ?? [];
        const a = randomPosition(d);
        const b = rng() < 0.5 ? a : randomPosition(d);
        const [start, end] = d.doc.offsetAt(a) <= d.doc.offsetAt(b) ? [a, b] : [b, a];
        // Diagnostics of an older version, as an editor sends while a lint is under way.
        const diagnostics = rng() < 0.5 ? latest : latest.filter(() => sideRng() < 0.5);
        await request(
          `codeAction ${d.name} v${d.version} ${start.line}:${start.character}`,
          c.codeActions(
            d.uri,
            { start, end },
            diagnostics,
            rng() < 0.1 ? ['source.fixAll.sgLint'] : undefined,
          ),
        );
      } else if (r < 0.14) {
        pauses++;
        // Let the lint of this version finish (or time out quietly: a skipped lint publishes nothing new).
        const jitter = randInt(rng, 0, 20);
        const t0 = performance.now();
        await c
          .waitForDiagnostics(d.uri, (p) => p.version === d.version, 0, 2000)
          .then(
            () =>
              VERBOSE &&
              console.log(
                `    pause ${d.name} v${d.version} ${d.doc.getText().length} chars: published after ${Math.round(performance.now() - t0)} ms`,
              ),
          )
          .catch(() => {
            if (VERBOSE) console.log(`    pause ${d.name} v${d.version}: no publish within 2 s`);
            return delay(jitter);
          });
      } else if (r < 0.145) {
        reopens++;
        await c.close(d.uri);
        d.version++;
        d.doc = TextDocument.create(d.uri, d.languageId, d.version, d.doc.getText());
        await c.open(d.uri, d.languageId, d.doc.getText(), d.version);
      }
      if (VERBOSE && performance.now() - stepStart > 200)
        console.log(
          `    edit ${i} ${d.name} v${d.version} (${d.doc.getText().length} chars): ${Math.round(performance.now() - stepStart)} ms, r=${r.toFixed(3)}`,
        );
      if (child.exitCode !== null || child.signalCode !== null) {
        failures.push(
          `the server exited after edit ${i} (code ${child.exitCode}, signal ${child.signalCode})`,
        );
        break;
      }
    }
    const editing = (performance.now() - started) / 1000;

    // The end: alive, answering, and back to the original diagnostics once the original texts are back.
    assert.equal(child.exitCode, null, 'the server process exited');
    assert.equal(child.signalCode, null, 'the server process was killed');
    await withTimeout(
      c.hover(docs[0]!.uri, { line: 0, character: 0 }),
      REQUEST_TIMEOUT_MS,
      'the final hover',
    );
    const restoredAt = c.mark();
    for (const d of [...docs].reverse()) {
      d.version++;
      await c.change(d.uri, d.version, [
        {
          range: { start: { line: 0, character: 0 }, end: d.doc.positionAt(d.doc.getText().length) },
          text: d.original,
        },
      ]);
      d.doc = TextDocument.create(d.uri, d.languageId, d.version, d.original);
    }
    for (const d of docs) {
      if (d.languageId === 'terraform-vars') continue;
      const p = await c.waitForDiagnostics(d.uri, (x) => x.version === d.version, restoredAt, 15_000);
      assert.deepEqual(
        summary(p),
        d.initial,
        `${d.name}: the diagnostics of the original text after the edits`,
      );
    }
    const total = (performance.now() - started) / 1000;
    const publishes = c.diagnostics.length;
    console.log(
      `  ${EDITS} edits (${changes} changes) in ${editing.toFixed(1)} s, ${total.toFixed(1)} s in all; ` +
        `${hovers} hovers, ${actions} code action requests (slowest request ${Math.round(slowestRequest)} ms), ` +
        `${pauses} pauses, ${reopens} reopens, ${publishes} publishes; largest documents ` +
        docs.map((d) => `${d.name} ${(d.largest / 1024).toFixed(1)} KB`).join(', '),
    );

    const errors = c.logs.filter((l) => l.type === 1).map((l) => l.message);
    if (errors.length)
      console.log(`  errors logged:\n    ${errors.map((e) => e.split('\n')[0]).join('\n    ')}`);
    assert.deepEqual(failures, [], `seed ${seed}`);
    assert.deepEqual(c.streamErrors, [], 'the server wrote something other than LSP messages to stdout');
    assert.deepEqual(
      [...c.stderr, ...c.logs.map((l) => l.message)].filter((m) => /uncaught|unhandled/i.test(m)),
      [],
      `seed ${seed}: the server logged an uncaught exception`,
    );
    assert.deepEqual(errors, [], `seed ${seed}: the server logged errors`);
    assert.equal(c.stderr.join(''), '', `seed ${seed}: the server wrote to stderr`);
  });
});
