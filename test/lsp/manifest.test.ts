/**
 * The extension manifest agrees with the code: every engine setting is contributed with a description and
 * the engine's default, the editor settings use the protocol's defaults, commands carry the "SG Lint"
 * category, and the suppression-comment grammar matches what the engine parses.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_KEYS, DEFAULT_CONFIG } from '../../rules/config';
import { Commands, DEFAULT_DEBOUNCE_MS, SETTINGS_SECTION } from '../../server/src/protocol';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: {
      title: string;
      properties: Record<string, { default: unknown; markdownDescription?: string; scope?: string }>;
    };
    grammars: { scopeName: string; path: string; injectTo: string[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

describe('extension manifest', () => {
  const properties = manifest.contributes.configuration.properties;

  it('contributes every engine setting with a markdown description and the engine default', () => {
    for (const key of CONFIG_KEYS) {
      const p = properties[`${SETTINGS_SECTION}.${key}`];
      assert.ok(p, `sgLint.${key} is contributed`);
      assert.ok((p.markdownDescription ?? '').length > 20, `sgLint.${key} has a markdown description`);
      // JSON round trip: the manifest holds plain data (the port list's objects, null…).
      assert.deepEqual(
        p.default,
        JSON.parse(JSON.stringify(DEFAULT_CONFIG[key])),
        `default of sgLint.${key}`,
      );
      assert.equal(p.scope, 'resource', `sgLint.${key} can differ per folder`);
    }
  });

  it('contributes the editor settings, and nothing the server does not read', () => {
    assert.equal(properties['sgLint.enable']?.default, true);
    assert.equal(properties['sgLint.debounceMs']?.default, DEFAULT_DEBOUNCE_MS);
    assert.equal(properties['sgLint.trace.server']?.default, 'off');
    const known = new Set([
      ...CONFIG_KEYS.map((k) => `sgLint.${k}`),
      'sgLint.enable',
      'sgLint.debounceMs',
      'sgLint.trace.server',
    ]);
    assert.deepEqual(
      Object.keys(properties).filter((k) => !known.has(k)),
      [],
    );
    for (const [key, p] of Object.entries(properties))
      assert.ok(p.markdownDescription, `${key} has a markdown description`);
  });

  it('puts every command in the "SG Lint" category, including the ones the client registers', () => {
    assert.deepEqual(
      manifest.contributes.commands.map((c) => [c.command, c.category]),
      [
        [Commands.showOutput, 'SG Lint'],
        [Commands.showDocumentation, 'SG Lint'],
      ],
    );
  });

  it('activates on YAML and JSON', () => {
    for (const e of ['onLanguage:yaml', 'onLanguage:json', 'onLanguage:jsonc'])
      assert.ok(manifest.activationEvents.includes(e), e);
  });
});

describe('suppression comment grammar', () => {
  const contribution = manifest.contributes.grammars.find(
    (g) => g.scopeName === 'sg-lint.suppression.injection',
  );
  const grammar = JSON.parse(fs.readFileSync(path.join(REPO, contribution?.path ?? 'missing'), 'utf8')) as {
    scopeName: string;
    injectionSelector: string;
    repository: { suppression: { match: string; captures: Record<string, { name?: string }> } };
  };
  // The pattern is plain enough for JavaScript's engine to run as Oniguruma would.
  const pattern = new RegExp(grammar.repository.suppression.match);

  it('is injected into YAML comments', () => {
    assert.deepEqual(contribution?.injectTo, ['source.yaml']);
    assert.equal(grammar.scopeName, contribution?.scopeName);
    assert.equal(grammar.injectionSelector, 'L:source.yaml comment.line.number-sign');
  });

  it('captures the directive, the rule ids and the reason', () => {
    // The text a comment scope holds after its `#`.
    const cases: [string, string | undefined, string | undefined, string | undefined][] = [
      [' sg-lint-ignore SG101 bastion behind the VPN', 'sg-lint-ignore', 'SG101', 'bastion behind the VPN'],
      [
        ' sg-lint-ignore SG101,SG104: reviewed in SEC-12',
        'sg-lint-ignore',
        'SG101,SG104',
        'reviewed in SEC-12',
      ],
      [' sg-lint-ignore-file SG106 egress is proxied', 'sg-lint-ignore-file', 'SG106', 'egress is proxied'],
      [' sg-lint-ignore * legacy stack', 'sg-lint-ignore', '*', 'legacy stack'],
      [' sg-lint-ignore SG101', 'sg-lint-ignore', 'SG101', undefined],
    ];
    for (const [text, directive, ids, reason] of cases) {
      const m = pattern.exec(text);
      assert.ok(m, text);
      assert.deepEqual([m[1], m[3], m[5]], [directive, ids, reason], text);
    }
    assert.equal(pattern.exec(' not-sg-lint-ignore SG101 x'), null);
    assert.equal(
      grammar.repository.suppression.captures['1']?.name,
      'keyword.control.directive.suppression.sg-lint',
    );
    assert.equal(grammar.repository.suppression.captures['5']?.name, 'string.unquoted.reason.sg-lint');
  });
});
