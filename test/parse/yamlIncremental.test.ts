/**
 * Incremental YAML re-parsing: after random one-keystroke edits (typing, deleting, pasting a line) of
 * every YAML template among the fixtures, examples and corpus, the spliced tree equals a full parse of
 * the new text exactly (nodes, offsets, errors, the reference intrinsics in order), edit after edit;
 * and the edits that must fall back to a full parse do.
 */
import * as assert from 'node:assert/strict';
import type { ParsedTree } from '../../server/src/parse/tree';
import { parseYaml } from '../../server/src/parse/yaml';
import { changedSpan, reparseYaml } from '../../server/src/parse/yamlIncremental';
import { collectInputs } from '../fuzz/inputs';
import { mulberry32, randInt } from '../fuzz/mutate';
import { dedent } from '../helpers/ruleTester';

function canonical(tree: ParsedTree): string {
  return JSON.stringify({
    root: tree.root,
    errors: tree.errors,
    intrinsics: tree.intrinsics?.map((n) => [n.start, n.end, n.entries[0]!.key.value]),
  });
}

const TYPED = [
  'a',
  '0',
  '1',
  '9',
  '.',
  '/',
  ' ',
  ':',
  '-',
  "'",
  '"',
  '\n',
  '#',
  '{',
  '}',
  '[',
  ']',
  ',',
  '!',
];

/** One random keystroke-sized edit: a character typed, one to three deleted, or a line duplicated. */
function edit(text: string, rng: () => number): string {
  const at = randInt(rng, 0, text.length);
  const kind = rng();
  if (kind < 0.5) return text.slice(0, at) + TYPED[randInt(rng, 0, TYPED.length - 1)]! + text.slice(at);
  if (kind < 0.85) return text.slice(0, at) + text.slice(Math.min(text.length, at + randInt(rng, 1, 3)));
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  const line = text.slice(start, end < 0 ? text.length : end + 1);
  return text.slice(0, start) + line + text.slice(start);
}

describe('incremental YAML re-parse', () => {
  it('equals a full parse after every one of many random edits of every YAML template', function () {
    this.timeout(120_000);
    const files = collectInputs().files.filter((f) => f.format === 'cloudformation-yaml');
    assert.ok(files.length >= 10, 'the fixtures hold YAML templates');
    let edits = 0;
    let spliced = 0;
    files.forEach((file, n) => {
      const rng = mulberry32(1000 + n);
      let text = file.text;
      let tree = parseYaml(text);
      for (let k = 0; k < 30; k++) {
        const next = edit(text, rng);
        const full = parseYaml(next);
        const incremental = reparseYaml({ text, tree }, next);
        edits++;
        if (incremental) {
          spliced++;
          assert.equal(
            canonical(incremental),
            canonical(full),
            `${file.rel}, edit ${k}: the spliced tree differs from a full parse`,
          );
        }
        // An edit that broke the syntax is undone (as a person would), so the next edits start from a
        // clean tree again; a broken tree always takes the full parse.
        if (full.errors.length) {
          text = file.text;
          tree = parseYaml(text);
        } else {
          text = next;
          tree = incremental ?? full;
        }
      }
    });
    console.log(`      ${edits} edits of ${files.length} YAML templates, ${spliced} re-parsed in place`);
    // The test must exercise the splice, not only its fallbacks (most fixtures hold one resource, and
    // the last entry of a section always takes the full parse).
    assert.ok(spliced > edits / 10, `only ${spliced} of ${edits} edits were re-parsed in place`);
  });

  const TEMPLATE = dedent(`
    Parameters:
      Cidr: { Type: String, Default: 10.0.0.0/8 }
    Resources:
      Web:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: web
          SecurityGroupIngress:
            - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref Cidr }
      Db:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: db
    Outputs:
      WebId: { Value: !GetAtt Web.GroupId }
  `);

  it('re-parses a value typed inside a resource in place, shifting what follows', () => {
    const tree = parseYaml(TEMPLATE);
    const next = TEMPLATE.replace('GroupDescription: web', 'GroupDescription: web tier');
    const incremental = reparseYaml({ text: TEMPLATE, tree }, next);
    assert.ok(incremental, 'the edit is inside one resource');
    assert.equal(canonical(incremental), canonical(parseYaml(next)));
    // The previous resource-free sections are shared, not copied.
    assert.equal(
      incremental.root?.kind === 'map' && incremental.root.entries[0],
      tree.root?.kind === 'map' && tree.root.entries[0],
    );
  });

  it('falls back to a full parse where a splice cannot be shown to be the same', () => {
    const tree = parseYaml(TEMPLATE);
    const fallback = (next: string, why: string): void =>
      assert.equal(reparseYaml({ text: TEMPLATE, tree }, next), undefined, why);
    assert.notEqual(TEMPLATE.replace('  Db:', '  Dbx:'), TEMPLATE);
    fallback(TEMPLATE.replace('  Db:', '  Dbx:'), 'a key changed');
    fallback(TEMPLATE.replace('GroupDescription: db', 'GroupDescription: &d db'), 'an anchor');
    fallback(TEMPLATE.replace('GroupDescription: db', 'GroupDescription: *d'), 'an alias');
    fallback(TEMPLATE.replace('GroupDescription: web', 'GroupDescription: "web'), 'a syntax error');
    // A line of Db moved out to the level of the resources: the piece is no longer one entry.
    const moved = TEMPLATE.replace(
      '    Properties:\n      GroupDescription: db',
      '  Properties:\n      GroupDescription: db',
    );
    assert.notEqual(moved, TEMPLATE);
    fallback(moved, 'a line leaves its entry');
    fallback(
      TEMPLATE.replace('GroupDescription: db', 'GroupDescription: db\n---\nx: 1'),
      'a document marker',
    );
    // A flow-style value inside a block section is re-parsed in place like any other.
    fallback(
      TEMPLATE.replace('Default: 10.0.0.0/8', 'Default: 10.0.0.0/16'),
      'the last entry of its section',
    );
    fallback(TEMPLATE.replace('GroupDescription: db', 'GroupDescription: dbs'), 'the last resource');
    const flow = TEMPLATE.replace('FromPort: 443', 'FromPort: 8443');
    assert.equal(canonical(reparseYaml({ text: TEMPLATE, tree }, flow)!), canonical(parseYaml(flow)));
    fallback(TEMPLATE.replace('Resources:\n', 'Resources:\n  New: {}\n'), 'an entry added before the first');
    const broken = TEMPLATE.replace('GroupDescription: web', 'GroupDescription: "web');
    assert.equal(
      reparseYaml({ text: broken, tree: parseYaml(broken) }, TEMPLATE),
      undefined,
      'a previous tree with errors',
    );
    assert.deepEqual(changedSpan('abcdef', 'abXdef'), { start: 2, oldEnd: 3, newEnd: 3 });
    assert.equal(reparseYaml({ text: TEMPLATE, tree }, TEMPLATE), tree, 'no change, same tree');
  });
});
