import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../rules/config';
import { RULES } from '../rules/index';

const root = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** Markdown table rows as trimmed cells (Prettier pads the columns). */
const rows = readme
  .split('\n')
  .filter((l) => l.startsWith('|'))
  .map((l) =>
    l
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim()),
  );

describe('README', () => {
  it('indexes every rule with its link, name, default severity and description', () => {
    for (const { meta } of RULES) {
      const expected = [
        `[${meta.id}](rules/${meta.id}-${meta.name}/README.md)`,
        meta.name,
        meta.defaultSeverity,
        meta.description,
      ];
      const row = rows.find((r) => r[0] === expected[0]);
      assert.deepEqual(row, expected, `README rule index is missing or out of date for ${meta.id}`);
    }
  });

  it('documents every configuration key', () => {
    for (const key of Object.keys(DEFAULT_CONFIG)) {
      assert.ok(
        rows.some((r) => r[0] === `\`${key}\``),
        `README does not document ${key}`,
      );
    }
  });

  it('gives the two commands for a fresh machine, and .ci/run runs the test command', () => {
    assert.ok(readme.includes('npm ci && npm run scan'));
    assert.ok(readme.includes('npm ci && npm test'));
    const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    assert.match(ci, /npm ci/);
    assert.match(ci, /npm test/);
  });
});
