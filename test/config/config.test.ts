import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigProblem, SgLintConfig } from '../../rules/config';
import { DEFAULT_CONFIG, DEFAULT_SENSITIVE_PORTS, mergeConfig } from '../../rules/config';
import { findConfigFile, readConfigFile, resolveConfig } from '../../server/src/config/load';

function merge(raw: unknown): { config: SgLintConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config = mergeConfig(DEFAULT_CONFIG, raw, problems);
  return { config, problems };
}

/** Asserts that a value is rejected with exactly this problem and the default stays. */
function rejects(key: keyof SgLintConfig, value: unknown, message: string, problemKey: string = key): void {
  const { config, problems } = merge({ [key]: value });
  assert.deepEqual(problems, [{ key: problemKey, message }], `${key}: ${JSON.stringify(value)}`);
  assert.deepEqual(config[key], DEFAULT_CONFIG[key], `${key} keeps its default`);
}

describe('config', () => {
  describe('mergeConfig', () => {
    it('returns the base unchanged for nothing, and rejects a non-mapping', () => {
      assert.equal(merge(undefined).config, DEFAULT_CONFIG);
      assert.equal(merge(null).config, DEFAULT_CONFIG);
      for (const raw of [[1], 'x', 3]) {
        const { config, problems } = merge(raw);
        assert.equal(config, DEFAULT_CONFIG);
        assert.deepEqual(problems, [
          { key: '', message: 'configuration must be a mapping of keys to values' },
        ]);
      }
    });

    it('skips null and undefined values (an unset setting)', () => {
      const { config, problems } = merge({ maxPortRange: null, publicPorts: undefined });
      assert.deepEqual(problems, []);
      assert.deepEqual(config, DEFAULT_CONFIG);
    });

    it('reports unknown settings', () => {
      assert.deepEqual(merge({ sensitivePort: [22] }).problems, [
        { key: 'sensitivePort', message: 'unknown setting "sensitivePort"' },
      ]);
    });

    it('reads sensitivePorts in every form, naming well-known ports', () => {
      const { config, problems } = merge({
        sensitivePorts: [
          22,
          '8080',
          '8000-8100 (dev servers)',
          '9000–9001 metrics',
          { from: 7000, to: 7001, name: 'Cassandra' },
          { port: 4444 },
          { from: 10, to: 11 },
          3306,
        ],
      });
      assert.deepEqual(problems, []);
      assert.deepEqual(config.sensitivePorts, [
        { from: 22, to: 22, name: 'SSH' },
        { from: 8080, to: 8080, name: 'port 8080' },
        { from: 8000, to: 8100, name: 'dev servers' },
        { from: 9000, to: 9001, name: 'metrics' },
        { from: 7000, to: 7001, name: 'Cassandra' },
        { from: 4444, to: 4444, name: 'port 4444' },
        { from: 10, to: 11, name: 'ports 10–11' },
        { from: 3306, to: 3306, name: 'MySQL' },
      ]);
    });

    it('drops invalid sensitive port specs with a problem each, keeping the valid ones', () => {
      const { config, problems } = merge({
        sensitivePorts: [22, '70000', '100-50', 'ssh', { from: 1.5 }, -1],
      });
      assert.deepEqual(config.sensitivePorts, [{ from: 22, to: 22, name: 'SSH' }]);
      assert.deepEqual(
        problems.map((p) => p.message),
        [
          'not a port or port range: "70000"',
          'not a port or port range: "100-50"',
          'not a port or port range: "ssh"',
          'not a port or port range: {"from":1.5}',
          'not a port or port range: -1',
        ],
      );
      rejects('sensitivePorts', '22', 'must be a list of ports, "from-to" ranges or {from, to, name}');
    });

    it('reads publicPorts', () => {
      assert.deepEqual(merge({ publicPorts: [80, 443, 8443] }).config.publicPorts, [80, 443, 8443]);
      rejects('publicPorts', [80, 'https'], 'must be a list of port numbers 0–65535');
      rejects('publicPorts', 443, 'must be a list of port numbers 0–65535');
      rejects('publicPorts', [65536], 'must be a list of port numbers 0–65535');
    });

    it('reads trustedCidrs as strings and {cidr, label}, and rejects what is not a CIDR', () => {
      const { config, problems } = merge({
        trustedCidrs: [
          ' 10.0.0.0/8 ',
          { cidr: '192.168.0.0/16', label: 'office' },
          { cidr: '2001:db8::/32', label: '' },
          'corp',
          { label: 'x' },
          7,
        ],
      });
      assert.deepEqual(config.trustedCidrs, [
        { cidr: '10.0.0.0/8' },
        { cidr: '192.168.0.0/16', label: 'office' },
        { cidr: '2001:db8::/32' },
      ]);
      assert.deepEqual(
        problems.map((p) => [p.key, p.message]),
        [
          ['trustedCidrs', 'not a valid CIDR: "corp" (corp is not an IP address)'],
          ['trustedCidrs', 'not a CIDR or {cidr, label}: {"label":"x"}'],
          ['trustedCidrs', 'not a CIDR or {cidr, label}: 7'],
        ],
      );
      rejects('trustedCidrs', '10.0.0.0/8', 'must be a list of CIDRs or {cidr, label}');
    });

    it('reads prefix limits', () => {
      const { config, problems } = merge({ maxPublicPrefix: 16, maxPublicPrefixV6: 64, maxPrivatePrefix: 8 });
      assert.deepEqual(problems, []);
      assert.deepEqual(
        [config.maxPublicPrefix, config.maxPublicPrefixV6, config.maxPrivatePrefix],
        [16, 64, 8],
      );
      assert.equal(merge({ maxPrivatePrefix: 'off' }).config.maxPrivatePrefix, null);
      assert.equal(
        mergeConfig({ ...DEFAULT_CONFIG, maxPrivatePrefix: 8 }, { maxPrivatePrefix: false }).maxPrivatePrefix,
        null,
      );
      rejects('maxPublicPrefix', 33, 'must be a prefix length 0–32');
      rejects('maxPublicPrefix', '24', 'must be a prefix length 0–32');
      rejects('maxPublicPrefixV6', 129, 'must be a prefix length 0–128');
      rejects('maxPrivatePrefix', 40, 'must be a prefix length 0–32 or "off"');
      rejects('maxPrivatePrefix', 'on', 'must be a prefix length 0–32 or "off"');
    });

    it('reads maxPortRange', () => {
      assert.equal(merge({ maxPortRange: 1000 }).config.maxPortRange, 1000);
      rejects('maxPortRange', 0, 'must be a whole number of ports, 1–65536');
      rejects('maxPortRange', 2.5, 'must be a whole number of ports, 1–65536');
    });

    it('reads the booleans', () => {
      const { config } = merge({ icmpIsExposure: true, honorPeerSuppressions: false });
      assert.deepEqual([config.icmpIsExposure, config.honorPeerSuppressions], [true, false]);
      rejects('icmpIsExposure', 'yes', 'must be true or false');
      rejects('honorPeerSuppressions', 1, 'must be true or false');
    });

    it('reads reportUnresolved', () => {
      assert.equal(merge({ reportUnresolved: 'note' }).config.reportUnresolved, 'note');
      rejects('reportUnresolved', 'warning', 'must be "off" or "note"');
    });

    it('reads rule severities, normalizing case, false and info', () => {
      const { config, problems } = merge({
        rules: { sg106: 'OFF', SG108: false, SG109: 'info', SG101: 'warning', SG102: 'loud' },
      });
      assert.deepEqual(config.rules, { SG106: 'off', SG108: 'off', SG109: 'note', SG101: 'warning' });
      assert.deepEqual(problems, [{ key: 'rules.SG102', message: 'must be off, note, warning or error' }]);
      rejects('rules', ['SG101'], 'must map rule ids to off | note | warning | error');
    });

    it('layers rule severities over the base rules', () => {
      const base = mergeConfig(DEFAULT_CONFIG, { rules: { SG106: 'off', SG108: 'error' } });
      const layered = mergeConfig(base, { rules: { SG108: 'note' } });
      assert.deepEqual(layered.rules, { SG106: 'off', SG108: 'note' });
    });

    it('reads exclude globs', () => {
      assert.deepEqual(merge({ exclude: ['**/cdk.out/**', 'legacy/*.yaml'] }).config.exclude, [
        '**/cdk.out/**',
        'legacy/*.yaml',
      ]);
      rejects('exclude', 'legacy/**', 'must be a list of glob patterns');
      rejects('exclude', ['a', 1], 'must be a list of glob patterns');
    });

    it('reads maxFileSize as bytes or with a unit', () => {
      const size = (v: unknown): number => merge({ maxFileSize: v }).config.maxFileSize;
      assert.equal(size('2MB'), 2 * 1024 * 1024);
      assert.equal(size('1.5 mb'), 1.5 * 1024 * 1024);
      assert.equal(size('512k'), 512 * 1024);
      assert.equal(size('1G'), 1024 ** 3);
      assert.equal(size('300'), 300);
      assert.equal(size(4096), 4096);
      rejects('maxFileSize', 'big', 'must be a size such as 2MB or a number of bytes');
      rejects('maxFileSize', 0, 'must be a size such as 2MB or a number of bytes');
      rejects('maxFileSize', '2 TB', 'must be a size such as 2MB or a number of bytes');
    });

    it('keeps every valid key when one is invalid', () => {
      const { config, problems } = merge({ maxPortRange: 'lots', publicPorts: [8080] });
      assert.equal(problems.length, 1);
      assert.equal(config.maxPortRange, DEFAULT_CONFIG.maxPortRange);
      assert.deepEqual(config.publicPorts, [8080]);
    });

    it('has the documented defaults', () => {
      assert.deepEqual(DEFAULT_CONFIG.publicPorts, [80, 443]);
      assert.equal(DEFAULT_CONFIG.maxPublicPrefix, 24);
      assert.equal(DEFAULT_CONFIG.maxPrivatePrefix, null);
      assert.equal(DEFAULT_CONFIG.maxPortRange, 100);
      assert.equal(DEFAULT_CONFIG.reportUnresolved, 'off');
      assert.equal(DEFAULT_CONFIG.honorPeerSuppressions, true);
      assert.equal(DEFAULT_CONFIG.maxFileSize, 2 * 1024 * 1024);
      assert.deepEqual(
        DEFAULT_SENSITIVE_PORTS.filter((p) => [22, 3389, 6379, 27017].includes(p.from)).map(
          (p) => `${p.from}-${p.to} ${p.name}`,
        ),
        ['22-22 SSH', '3389-3389 RDP', '6379-6379 Redis', '27017-27018 MongoDB'],
      );
    });
  });

  describe('config files', () => {
    let tmp: string;

    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-config-'));
    });

    afterEach(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const write = (rel: string, text: string): string => {
      const file = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    };

    it('finds the nearest config file upward, preferring .yaml over .yml over .json in one folder', () => {
      const rootFile = write('.sg-lint.json', '{}');
      write('team/.sg-lint.yml', '{}');
      const teamYaml = write('team/.sg-lint.yaml', '{}');
      fs.mkdirSync(path.join(tmp, 'team/stacks/deep'), { recursive: true });
      fs.mkdirSync(path.join(tmp, 'other'), { recursive: true });
      assert.equal(findConfigFile(path.join(tmp, 'team/stacks/deep')), teamYaml);
      assert.equal(findConfigFile(path.join(tmp, 'team')), teamYaml);
      assert.equal(findConfigFile(path.join(tmp, 'other')), rootFile);
    });

    it('returns undefined when no folder up to the root has one', () => {
      const seen: string[] = [];
      const found = findConfigFile(path.join(tmp, 'a', 'b'), (p) => {
        seen.push(p);
        return false;
      });
      assert.equal(found, undefined);
      assert.equal(seen[0], path.join(tmp, 'a', 'b', '.sg-lint.yaml'));
      assert.equal(seen[seen.length - 1], path.join(path.parse(tmp).root, '.sg-lint.json'));
    });

    it('reads YAML and JSON config files', () => {
      const yaml = readConfigFile(write('.sg-lint.yaml', 'maxPortRange: 10\nrules:\n  SG106: off\n'));
      assert.deepEqual(yaml.raw, { maxPortRange: 10, rules: { SG106: 'off' } });
      assert.deepEqual(yaml.problems, []);
      const json = readConfigFile(write('.sg-lint.json', '{ "publicPorts": [80] }'));
      assert.deepEqual(json.raw, { publicPorts: [80] });
      const empty = readConfigFile(write('empty/.sg-lint.yaml', ''));
      assert.deepEqual(empty.raw, {});
    });

    it('reports a broken file as a problem, never throwing', () => {
      const broken = readConfigFile(write('.sg-lint.yaml', 'rules: [unclosed\n'));
      assert.equal(broken.raw, undefined);
      assert.equal(broken.problems.length, 1);
      assert.match(broken.problems[0]!.message, /^cannot parse \.sg-lint\.yaml: /);
      const missing = readConfigFile(path.join(tmp, 'nope.yaml'));
      assert.equal(missing.raw, undefined);
      assert.match(missing.problems[0]!.message, /^cannot read .*nope\.yaml: ENOENT/);
    });

    it('refuses an alias bomb in a config file', () => {
      let text = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 9; i++)
        text += `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]\n`;
      const t0 = Date.now();
      const bomb = readConfigFile(write('.sg-lint.yaml', text));
      assert.ok(Date.now() - t0 < 1000);
      assert.equal(bomb.raw, undefined);
      assert.match(bomb.problems[0]!.message, /^cannot parse \.sg-lint\.yaml: .*alias/i);
    });

    it('refuses a deeply nested config file, several times in one process, without crashing', () => {
      const file = write('.sg-lint.yaml', `rules: ${'['.repeat(3000)}\n`);
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(readConfigFile(file), {
          path: file,
          raw: undefined,
          problems: [{ key: '', message: 'cannot parse .sg-lint.yaml: nested deeper than 64 levels' }],
        });
      }
    });

    it('layers the file over the settings, and names the file in its problems', () => {
      const file = readConfigFile(
        write('.sg-lint.yaml', 'maxPortRange: 10\nrules:\n  SG106: note\npublicPorts: nope\n'),
      );
      const resolved = resolveConfig({
        settings: { maxPortRange: 500, icmpIsExposure: true, rules: { SG106: 'off', SG108: 'off' } },
        file,
      });
      assert.equal(resolved.config.maxPortRange, 10);
      assert.equal(resolved.config.icmpIsExposure, true);
      assert.deepEqual(resolved.config.rules, { SG106: 'note', SG108: 'off' });
      assert.deepEqual(resolved.config.publicPorts, [80, 443]);
      assert.equal(resolved.file, file.path);
      assert.deepEqual(resolved.problems, [
        { key: 'publicPorts', message: '.sg-lint.yaml: must be a list of port numbers 0–65535' },
      ]);
    });

    it("carries settings problems and a broken file's problems", () => {
      const file = readConfigFile(write('.sg-lint.yaml', '{ bad'));
      const resolved = resolveConfig({ settings: { maxPortRange: -1 }, file });
      assert.equal(resolved.problems.length, 2);
      assert.deepEqual(resolved.problems[0], {
        key: 'maxPortRange',
        message: 'must be a whole number of ports, 1–65536',
      });
      assert.match(resolved.problems[1]!.message, /^\.sg-lint\.yaml: cannot parse \.sg-lint\.yaml: /);
      assert.deepEqual(resolved.config, DEFAULT_CONFIG);
    });

    it('matches exclude globs relative to the config file folder, and by file name', () => {
      const file = readConfigFile(
        write('.sg-lint.yaml', 'exclude: ["legacy/**", "**/cdk.out/**", "*.generated.yaml"]\n'),
      );
      const { isExcluded } = resolveConfig({ file });
      assert.equal(isExcluded(path.join(tmp, 'legacy', 'a.yaml')), true);
      assert.equal(isExcluded(path.join(tmp, 'app', 'cdk.out', 'Stack.template.json')), true);
      assert.equal(isExcluded(path.join(tmp, 'deep', 'x', 'sg.generated.yaml')), true);
      assert.equal(isExcluded(path.join(tmp, 'app', 'legacy', 'a.yaml')), false);
      assert.equal(isExcluded(path.join(tmp, 'app', 'template.yaml')), false);
      // Files outside the config file's folder are never excluded by its relative globs.
      assert.equal(isExcluded(path.join(path.dirname(tmp), 'legacy', 'a.yaml')), false);
    });

    it('matches excludes relative to baseDir without a file, and excludes nothing by default', () => {
      const { isExcluded } = resolveConfig({ settings: { exclude: ['build/**'] }, baseDir: tmp });
      assert.equal(isExcluded(path.join(tmp, 'build', 'x.yaml')), true);
      assert.equal(isExcluded(path.join(tmp, 'src', 'x.yaml')), false);
      assert.equal(resolveConfig({ baseDir: tmp }).isExcluded(path.join(tmp, 'build', 'x.yaml')), false);
    });
  });
});
