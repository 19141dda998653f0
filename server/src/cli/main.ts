/**
 * `sg-lint [paths…]`: the same engine as the editor, for CI. Exit codes: 0 nothing at or above
 * `--fail-on`; 1 findings at or above it; 2 usage or I/O error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Severity } from '../../../rules/config';
import type { Finding } from '../../../rules/types';
import { version } from '../../../package.json';
import type { LoadedConfigFile, ResolvedConfig } from '../config/load';
import { findConfigFile, readConfigFile, resolveConfig } from '../config/load';
import { lintDocument, looksLikeTemplate } from '../engine/lint';
import type { RenderedFix } from '../fixes/render';
import { renderFixes } from '../fixes/render';
import type { LineIndex } from '../parse/lineIndex';
import { toJsonReport } from '../report/json';
import type { SarifNotification } from '../report/sarif';
import { toSarif } from '../report/sarif';
import { formatText } from '../report/text';
import { AssemblyLocator, scanCdk } from './cdk';
import { collectFiles, commonRoot } from './files';
import { isTerraformFile, scanTerraform } from './terraform';
import { initTerraform } from '../terraform/treeSitter';

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
  readonly color: boolean;
}

const USAGE = `Usage: sg-lint [paths…] [options]

Lints AWS security-group rules in CloudFormation templates (YAML/JSON). Paths default to ".";
folders are searched recursively (node_modules, .git and .terraform are skipped).

Options:
  -f, --format text|json|sarif   output format (default: text)
  -o, --output FILE              write the report to FILE instead of standard output
  -c, --config FILE              use this config file instead of the nearest .sg-lint.yaml/.json
      --fail-on LEVEL            error | warning | note | none (default: error)
      --no-color                 plain text output
  -v, --version                  print the version
  -h, --help                     print this help

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or I/O error.
`;

const LEVELS: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

interface ScannedFile {
  relativePath: string;
  uri: string;
  lines: LineIndex;
  findings: Finding[];
  fixes: RenderedFix[][];
}

export function runCli(argv: readonly string[], io: CliIo): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        'fail-on': { type: 'string', default: 'error' },
        'no-color': { type: 'boolean', default: false },
        color: { type: 'boolean' },
        version: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`sg-lint: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const o = args.values;
  if (o.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (o.version) {
    io.stdout(`${version}\n`);
    return 0;
  }
  const format = o.format;
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`sg-lint: --format must be text, json or sarif (got "${format}")\n`);
    return 2;
  }
  const failOn = o['fail-on'];
  if (!['error', 'warning', 'note', 'none'].includes(failOn)) {
    io.stderr(`sg-lint: --fail-on must be error, warning, note or none (got "${failOn}")\n`);
    return 2;
  }
  const paths = (args.positionals.length ? args.positionals : ['.']).map((p) => path.resolve(io.cwd, p));

  let explicitConfig: LoadedConfigFile | undefined;
  if (o.config) {
    const file = path.resolve(io.cwd, o.config);
    if (!fs.existsSync(file)) {
      io.stderr(`sg-lint: config file not found: ${o.config}\n`);
      return 2;
    }
    explicitConfig = readConfigFile(file);
    if (explicitConfig.raw === undefined) {
      io.stderr(`sg-lint: ${explicitConfig.problems.map((p) => p.message).join('; ')}\n`);
      return 2;
    }
  }
  const root = commonRoot(paths);
  const configCache = new Map<string, ResolvedConfig>();
  const configForDir = (dir: string): ResolvedConfig => {
    if (explicitConfig) {
      const key = '<explicit>';
      let c = configCache.get(key);
      if (!c) configCache.set(key, (c = resolveConfig({ file: explicitConfig })));
      return c;
    }
    let c = configCache.get(dir);
    if (!c) {
      const found = findConfigFile(dir);
      configCache.set(dir, (c = resolveConfig(found ? { file: readConfigFile(found) } : { baseDir: root })));
    }
    return c;
  };
  const configFor = (file: string): ResolvedConfig => configForDir(path.dirname(file));
  const reportedProblems = new Set<string>();
  // The scanned root's own config decides which folders the walk skips.
  const rootConfig = configForDir(root);
  const walk = collectFiles(paths, (p) => rootConfig.isExcluded(p));
  let ioError = walk.errors.length > 0;
  for (const e of walk.errors)
    io.stderr(`sg-lint: ${path.relative(io.cwd, e.path) || e.path}: ${e.message}\n`);

  const explicitFiles = new Set(paths);
  const rel = (abs: string): string =>
    path.relative(root, abs).split(path.sep).join('/') || path.basename(abs);
  const scanned: ScannedFile[] = [];
  const skipped: { relativePath: string; reason: string }[] = [];
  const notifications: SarifNotification[] = [];
  let templates = 0;
  const tfFiles: string[] = [];
  const assemblies = new AssemblyLocator();
  const cdkFiles = new Map<string, Set<string>>();
  for (const file of walk.files) {
    const resolved = configFor(file);
    for (const p of resolved.problems) {
      const msg = `${resolved.file ? path.relative(io.cwd, resolved.file) : 'config'}: ${p.key ? `${p.key}: ` : ''}${p.message}`;
      if (!reportedProblems.has(msg)) {
        reportedProblems.add(msg);
        io.stderr(`sg-lint: warning: ${msg}\n`);
      }
    }
    if (resolved.isExcluded(file)) continue;
    // CDK synth output is linted through its assembly, for construct paths and source lines.
    const assemblyRoot = assemblies.rootOf(file);
    if (assemblyRoot) {
      let walked = cdkFiles.get(assemblyRoot);
      if (!walked) cdkFiles.set(assemblyRoot, (walked = new Set()));
      walked.add(file);
      continue;
    }
    if (isTerraformFile(file)) {
      tfFiles.push(file);
      continue;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      io.stderr(`sg-lint: ${rel(file)}: ${(e as Error).message}\n`);
      ioError = true;
      continue;
    }
    // Quick pre-filter for files found by walking folders: package.json and friends are not templates.
    if (!explicitFiles.has(file) && !looksLikeTemplate(text)) continue;
    const uri = pathToFileURL(file).href;
    const result = lintDocument({ uri, text }, resolved.config);
    if (result.kind === 'skipped') {
      if (result.looksLikeTemplate) {
        skipped.push({ relativePath: rel(file), reason: result.reason });
        notifications.push({
          level: 'warning',
          message: `${rel(file)} was not linted: ${result.reason}`,
          relativePath: rel(file),
        });
      }
      continue;
    }
    if (result.kind !== 'template') continue;
    templates++;
    for (const f of result.ruleFailures) {
      io.stderr(
        `sg-lint: internal error in rule ${f.ruleId} on ${rel(file)} (other rules still ran): ${f.error.split('\n')[0]}\n`,
      );
      notifications.push({
        level: 'error',
        message: `rule ${f.ruleId} failed on this file: ${f.error.split('\n')[0]}`,
        relativePath: rel(file),
      });
    }
    const doc = { uri, text, format: result.format, tree: result.tree };
    scanned.push({
      relativePath: rel(file),
      uri,
      lines: result.lines,
      findings: result.findings,
      fixes: result.findings.map((f) => renderFixes(f, doc)),
    });
  }

  const terraform = scanTerraform(tfFiles, (dir) => configForDir(dir).config);
  for (const s of terraform.skipped) {
    skipped.push({ relativePath: rel(s.file), reason: s.reason });
    notifications.push({
      level: 'warning',
      message: `${rel(s.file)} was not linted: ${s.reason}`,
      relativePath: rel(s.file),
    });
  }
  for (const f of terraform.ruleFailures) {
    io.stderr(
      `sg-lint: internal error in rule ${f.ruleId} on ${rel(f.file)} (other rules still ran): ${f.error.split('\n')[0]}\n`,
    );
    notifications.push({
      level: 'error',
      message: `rule ${f.ruleId} failed on this module: ${f.error.split('\n')[0]}`,
      relativePath: rel(f.file),
    });
  }
  for (const f of terraform.files)
    scanned.push({
      relativePath: rel(f.file),
      uri: f.uri,
      lines: f.lines,
      findings: f.findings,
      fixes: f.fixes,
    });
  const cdk = scanCdk(cdkFiles, (file) => configFor(file).config);
  for (const p of cdk.problems) {
    io.stderr(`sg-lint: warning: ${rel(p.file)} ${p.message}\n`);
    notifications.push({
      level: 'warning',
      message: `${rel(p.file)} ${p.message}`,
      relativePath: rel(p.file),
    });
  }
  for (const hint of new Set(cdk.hints)) {
    io.stderr(`sg-lint: note: ${hint}\n`);
    notifications.push({ level: 'note', message: hint });
  }
  for (const s of cdk.skipped) {
    skipped.push({ relativePath: rel(s.file), reason: s.reason });
    notifications.push({
      level: 'warning',
      message: `${rel(s.file)} was not linted: ${s.reason}`,
      relativePath: rel(s.file),
    });
  }
  for (const f of cdk.ruleFailures) {
    io.stderr(
      `sg-lint: internal error in rule ${f.ruleId} on ${rel(f.file)} (other rules still ran): ${f.error.split('\n')[0]}\n`,
    );
    notifications.push({
      level: 'error',
      message: `rule ${f.ruleId} failed on this file: ${f.error.split('\n')[0]}`,
      relativePath: rel(f.file),
    });
  }
  templates += cdk.templates.length;
  // Generated files get no fixes: the change belongs in the CDK code.
  for (const t of cdk.templates)
    scanned.push({ relativePath: rel(t.file), uri: t.uri, lines: t.lines, findings: t.findings, fixes: [] });
  scanned.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));

  // Related locations and fixes may be in other files the lints read (a tfvars entry, a called module).
  const byUri = new Map(scanned.map((f) => [f.uri, f]));
  const resolve = (uri: string): { relativePath: string; lines: LineIndex } | undefined => {
    const known = byUri.get(uri);
    if (known) return known;
    const other = terraform.read.get(uri);
    if (other) return { relativePath: rel(other.file), lines: other.lines };
    const source = cdk.sources.get(uri);
    return source ? { relativePath: rel(source.path), lines: source.lines } : undefined;
  };

  let output: string;
  if (format === 'sarif') {
    output = `${JSON.stringify(toSarif(scanned, { rootUri: pathToFileURL(root).href, version, notifications, resolve }), null, 2)}\n`;
  } else if (format === 'json') {
    output = `${JSON.stringify(toJsonReport(scanned, { version, root, skipped, resolve }), null, 2)}\n`;
  } else {
    const color = o['no-color'] ? false : (o.color ?? (io.color && !o.output));
    output = formatText(scanned, {
      color,
      skipped,
      filesScanned: walk.files.length,
      templates,
      modules: terraform.modules,
      resolve,
    });
  }
  if (o.output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, o.output), output);
    } catch (e) {
      io.stderr(`sg-lint: cannot write ${o.output}: ${(e as Error).message}\n`);
      return 2;
    }
  } else io.stdout(output);

  if (ioError) return 2;
  if (failOn === 'none') return 0;
  const threshold = LEVELS[failOn as Severity];
  const failing = scanned.some((f) =>
    f.findings.some((x) => !x.suppressions?.length && LEVELS[x.severity] >= threshold),
  );
  return failing ? 1 : 0;
}

/* c8 ignore start */
if (require.main === module) {
  const color = !process.env.NO_COLOR && (!!process.env.FORCE_COLOR || (process.stdout.isTTY ?? false));
  // The Terraform grammar loads asynchronously; everything after it is synchronous.
  initTerraform().then(
    () => {
      process.exitCode = runCli(process.argv.slice(2), {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        cwd: process.cwd(),
        color,
      });
    },
    (e: unknown) => {
      process.stderr.write(`sg-lint: cannot load the Terraform parser: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
/* c8 ignore stop */
