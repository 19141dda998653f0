import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../rules/types';
import { collectFiles, commonRoot } from '../../server/src/cli/files';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { toJsonReport } from '../../server/src/report/json';
import { helpUri, sarifPath, toSarif } from '../../server/src/report/sarif';
import { formatText } from '../../server/src/report/text';

const TEXT = 'line one\nline two\n';
const URI = 'file:///root/a.yaml';

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'SG101',
    severity: 'error',
    message: 'm',
    uri: URI,
    range: { start: 0, end: 4 },
    resource: 'R',
    ...overrides,
  };
}

function file(findings: Finding[]): {
  relativePath: string;
  uri: string;
  lines: LineIndex;
  findings: Finding[];
} {
  return { relativePath: 'a.yaml', uri: URI, lines: new LineIndex(TEXT), findings };
}

describe('reports', () => {
  describe('text', () => {
    const options = { color: false, skipped: [], filesScanned: 1, templates: 1 };

    it('counts in the singular and plural, and aligns positions', () => {
      const out = formatText(
        [
          file([
            finding({ severity: 'note', message: 'first', range: { start: 0, end: 1 } }),
            finding({
              severity: 'warning',
              message: 'second',
              range: { start: 14, end: 15 },
              ruleId: 'SG103',
            }),
          ]),
        ],
        { ...options, templates: 2 },
      );
      assert.equal(
        out,
        [
          'a.yaml',
          '  1:1  note     first  SG101 world-open-sensitive-port',
          '  2:6  warning  second  SG103 world-open-port',
          '',
          '✖ 2 findings (0 errors, 1 warning, 1 note) in 1 file; 2 templates checked',
          '',
        ].join('\n'),
      );
    });

    it('leaves suppressed findings out and counts them', () => {
      const suppressed = finding({
        suppressions: [{ tool: 'sg-lint', uri: URI, range: { start: 0, end: 1 } }],
      });
      assert.equal(
        formatText([file([suppressed])], options),
        '✔ No findings (1 template checked, 1 suppressed)\n',
      );
    });

    it('names an unknown rule id without a rule name', () => {
      const out = formatText([file([finding({ ruleId: 'SG999' })])], options);
      assert.match(out, /^ {2}1:1 {2}error {4}m {2}SG999 $/m);
    });
  });

  describe('json', () => {
    it('writes nulls for a missing group and reason, and no empty optional fields', () => {
      const suppressed = finding({
        suppressions: [{ tool: 'checkov', peerId: 'CKV_AWS_24', uri: URI, range: { start: 0, end: 1 } }],
      });
      const report = toJsonReport([file([suppressed])], { version: '9.9.9', root: '/root', skipped: [] }) as {
        files: { findings: Record<string, unknown>[] }[];
      };
      assert.deepEqual(report.files[0]!.findings[0], {
        ruleId: 'SG101',
        severity: 'error',
        message: 'm',
        start: { line: 1, column: 1 },
        end: { line: 1, column: 5 },
        resource: 'R',
        group: null,
        suppressed: true,
        suppressions: [{ tool: 'checkov', reason: null, peerId: 'CKV_AWS_24' }],
      });
    });
  });

  describe('sarif', () => {
    it('encodes relative paths segment by segment', () => {
      assert.equal(sarifPath('stacks/web.yaml'), 'stacks/web.yaml');
      assert.equal(sarifPath('my stacks/100%/a#b?.yaml'), 'my%20stacks/100%25/a%23b%3F.yaml');
    });

    it('links each rule to its documentation folder', () => {
      assert.equal(
        helpUri('SG203'),
        'https://github.com/sg-lint/sg-lint/blob/main/rules/SG203-duplicate-rule/README.md',
      );
    });

    it('names a related location in another file without a region, and a finding without a resource with no logical location', () => {
      const related = {
        uri: 'file:///elsewhere/app.ts',
        range: { start: 0, end: 3 },
        message: 'created here',
      };
      const sarif = toSarif(
        [
          file([
            finding({ resource: '', related: [related], conditions: [{ name: 'IsProd', value: true }] }),
          ]),
        ],
        {
          rootUri: 'file:///root',
          version: '1.0.0',
        },
      ) as { runs: { results: Record<string, unknown>[]; originalUriBaseIds: unknown }[] };
      const [result] = sarif.runs[0]!.results;
      assert.deepEqual(result!.relatedLocations, [
        {
          id: 0,
          physicalLocation: { artifactLocation: { uri: 'file:///elsewhere/app.ts' } },
          message: { text: 'created here' },
        },
      ]);
      assert.deepEqual((result!.locations as { logicalLocations: unknown[] }[])[0]!.logicalLocations, []);
      assert.deepEqual(result!.properties, { group: null, conditions: [{ name: 'IsProd', value: true }] });
      assert.deepEqual(sarif.runs[0]!.originalUriBaseIds, { ROOT: { uri: 'file:///root/' } });
    });
  });

  describe('files', () => {
    let tmp: string;

    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-files-'));
    });

    afterEach(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const touch = (rel: string): string => {
      const p = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, 'x');
      return p;
    };

    it('collects template and Terraform extensions in sorted order, once each', () => {
      for (const f of [
        'b.yml',
        'a.yaml',
        'c.JSON',
        'd.template',
        'e.txt',
        'f.tf',
        'sub/g.yaml',
        '.hg/h.yaml',
        '.svn/i.yaml',
      ])
        touch(f);
      const { files, errors } = collectFiles([tmp, path.join(tmp, 'a.yaml')]);
      assert.deepEqual(errors, []);
      assert.deepEqual(
        files.map((f) => path.relative(tmp, f)),
        ['a.yaml', 'b.yml', 'c.JSON', 'd.template', 'f.tf', path.join('sub', 'g.yaml')],
      );
    });

    it('does not follow symlinked folders found while walking', () => {
      touch('real/a.yaml');
      fs.symlinkSync(path.join(tmp, 'real'), path.join(tmp, 'link'), 'dir');
      assert.deepEqual(
        collectFiles([tmp]).files.map((f) => path.relative(tmp, f)),
        [path.join('real', 'a.yaml')],
      );
      // Named explicitly, a symlinked folder is followed.
      assert.deepEqual(
        collectFiles([path.join(tmp, 'link')]).files.map((f) => path.relative(tmp, f)),
        [path.join('link', 'a.yaml')],
      );
    });

    it('applies the exclusion test to files and folders, but not to the paths given', () => {
      touch('keep/a.yaml');
      touch('drop/b.yaml');
      touch('keep/drop-me.yaml');
      const excluded = (p: string): boolean => path.basename(p).startsWith('drop');
      assert.deepEqual(
        collectFiles([tmp], excluded).files.map((f) => path.relative(tmp, f)),
        [path.join('keep', 'a.yaml')],
      );
      assert.deepEqual(collectFiles([path.join(tmp, 'drop')], excluded).files.length, 1);
    });

    it('reports a missing path', () => {
      const missing = path.join(tmp, 'missing');
      assert.deepEqual(collectFiles([missing]), {
        files: [],
        errors: [{ path: missing, message: 'no such file or folder' }],
      });
    });

    it('finds the deepest common folder of the given paths', () => {
      const a = touch('x/y/a.yaml');
      const b = touch('x/z/b.yaml');
      assert.equal(commonRoot([a]), path.join(tmp, 'x', 'y'));
      assert.equal(commonRoot([a, b]), path.join(tmp, 'x'));
      assert.equal(commonRoot([path.join(tmp, 'x'), b]), path.join(tmp, 'x'));
      assert.equal(commonRoot([path.join(tmp, 'x-other', 'c.yaml'), a]), tmp);
    });
  });
});
