/**
 * `sg-lint [paths…]`: the same engine as the editor, for CI. Exit codes: 0 nothing at or above
 * `--fail-on`; 1 findings at or above it; 2 usage or I/O error.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Severity } from '../../../rules/config';
import { version } from '../../../package.json';
import type { LoadedConfigFile } from '../config/load';
import { readConfigFile } from '../config/load';
import { folderConfigs } from '../config/load';
import { computeChanges } from '../changes/compute';
import { formatChangesTable } from '../changes/format';
import { buildGraph } from '../graph/build';
import { toDot, toMermaid } from '../graph/render';
import { toJsonReport } from '../report/json';
import { toSarif } from '../report/sarif';
import { formatText } from '../report/text';
import { scanPathsParallel } from './parallel';
import type { CliIo, Scan } from './scan';
import { scanPaths } from './scan';
import { initTerraform } from '../terraform/treeSitter';

const USAGE = `Usage: sg-lint [paths…] [options]
       sg-lint graph [paths…] [--format json|mermaid|dot] [--output FILE] [--config FILE]
       sg-lint changes [paths…] [--base REF] [--format table|json] [--output FILE] [--config FILE] [--fail-on LEVEL]

Lints AWS security-group rules in CloudFormation templates (YAML/JSON), Terraform modules and CDK
synth output (cdk.out). Paths default to "."; folders are searched recursively (node_modules, .git and
.terraform are skipped). \`sg-lint graph\` prints who can reach whom instead (default: json).
\`sg-lint changes\` prints the security-group rules added and removed since a git ref (--base, default
HEAD) and the findings that are new since then; --fail-on applies to the new findings only.

Options:
  -f, --format text|json|sarif   output format (default: text)
  -o, --output FILE              write the report to FILE instead of standard output
  -c, --config FILE              use this config file instead of the nearest .sg-lint.yaml/.json
      --fail-on LEVEL            error | warning | note | none (default: error)
      --no-color                 plain text output
  -j, --jobs N                   worker threads for large scans (default: the cores, at most 4)
  -v, --version                  print the version
  -h, --help                     print this help

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or I/O error.
`;

const LEVELS: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** Reads `--config FILE`, or says why it cannot (undefined config and a message). */
function explicitConfigOf(
  config: string | undefined,
  io: CliIo,
): { file?: LoadedConfigFile; error?: string } {
  if (!config) return {};
  const file = path.resolve(io.cwd, config);
  if (!fs.existsSync(file)) return { error: `config file not found: ${config}` };
  const loaded = readConfigFile(file);
  if (loaded.raw === undefined) return { error: loaded.problems.map((p) => p.message).join('; ') };
  return { file: loaded };
}

function writeOutput(output: string, to: string | undefined, io: CliIo): boolean {
  if (!to) {
    io.stdout(output);
    return true;
  }
  try {
    fs.writeFileSync(path.resolve(io.cwd, to), output);
    return true;
  } catch (e) {
    io.stderr(`sg-lint: cannot write ${to}: ${(e as Error).message}\n`);
    return false;
  }
}

/** `sg-lint graph`: the security-group graph of the paths as JSON, Mermaid or DOT. */
function runGraph(argv: readonly string[], io: CliIo): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'json' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`sg-lint graph: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const o = args.values;
  if (o.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (!['json', 'mermaid', 'dot'].includes(o.format)) {
    io.stderr(`sg-lint graph: --format must be json, mermaid or dot (got "${o.format}")\n`);
    return 2;
  }
  const config = explicitConfigOf(o.config, io);
  if (config.error) {
    io.stderr(`sg-lint graph: ${config.error}\n`);
    return 2;
  }
  const paths = (args.positionals.length ? args.positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  const scan = scanPaths(paths, config.file, io, { keepModels: true });
  const label = args.positionals.length ? args.positionals.join(' ') : '.';
  const graph = buildGraph(scan.graphInputs, {
    scope: { kind: 'workspace', label, uri: pathToFileURL(scan.root).href },
    linesOf: scan.linesOf,
    problems: scan.skipped.map((s) => `${s.relativePath}: ${s.reason}`),
  });
  const output =
    o.format === 'mermaid'
      ? toMermaid(graph)
      : o.format === 'dot'
        ? toDot(graph)
        : `${JSON.stringify(graph, null, 2)}\n`;
  if (!writeOutput(output, o.output, io)) return 2;
  return scan.ioError ? 2 : 0;
}

/**
 * `sg-lint changes`: security-group rules added and removed between a git ref and the working tree, and
 * the findings that are new since the ref. `--fail-on` (default error) applies to the new findings only;
 * exit 2 when git cannot answer (not a repository, an unknown ref) or a file cannot be compared.
 */
function runChanges(argv: readonly string[], io: CliIo): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        base: { type: 'string', short: 'b', default: 'HEAD' },
        format: { type: 'string', short: 'f', default: 'table' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        'fail-on': { type: 'string', default: 'error' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`sg-lint changes: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const o = args.values;
  if (o.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (!['table', 'json'].includes(o.format)) {
    io.stderr(`sg-lint changes: --format must be table or json (got "${o.format}")\n`);
    return 2;
  }
  const failOn = o['fail-on'];
  if (!['error', 'warning', 'note', 'none'].includes(failOn)) {
    io.stderr(`sg-lint changes: --fail-on must be error, warning, note or none (got "${failOn}")\n`);
    return 2;
  }
  const config = explicitConfigOf(o.config, io);
  if (config.error) {
    io.stderr(`sg-lint changes: ${config.error}\n`);
    return 2;
  }
  const paths = (args.positionals.length ? args.positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  const configFor = folderConfigs(config.file, io.cwd);
  const result = computeChanges(paths, { base: o.base, root: io.cwd, configFor, dropParses: true });
  if (result.error) {
    io.stderr(`sg-lint changes: ${result.error}\n`);
    return 2;
  }
  const color = !o['no-color'] && io.color && !o.output;
  const output =
    o.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatChangesTable(result, { color });
  if (!writeOutput(output, o.output, io)) return 2;
  const failed = result.files.filter((f) => f.error);
  for (const f of failed) io.stderr(`sg-lint changes: ${f.path}: ${f.error}\n`);
  if (failed.length) return 2;
  if (failOn === 'none') return 0;
  const threshold = LEVELS[failOn as Severity];
  const failing = result.files.some((f) =>
    f.newFindings.some((x) => !x.suppressed && LEVELS[x.severity] >= threshold),
  );
  return failing ? 1 : 0;
}

export type { CliIo };

/** The lint command once its arguments are read: what to scan, and how to report a scan. */
interface LintCommand {
  readonly paths: string[];
  readonly explicitConfig: LoadedConfigFile | undefined;
  readonly jobs: number;
  readonly finish: (scan: Scan) => number;
}

function lintCommand(argv: readonly string[], io: CliIo): LintCommand | { readonly exit: number } {
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
        jobs: { type: 'string', short: 'j' },
      },
    });
  } catch (e) {
    io.stderr(`sg-lint: ${(e as Error).message}\n\n${USAGE}`);
    return { exit: 2 };
  }
  const o = args.values;
  if (o.help) {
    io.stdout(USAGE);
    return { exit: 0 };
  }
  if (o.version) {
    io.stdout(`${version}\n`);
    return { exit: 0 };
  }
  const format = o.format;
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`sg-lint: --format must be text, json or sarif (got "${format}")\n`);
    return { exit: 2 };
  }
  const failOn = o['fail-on'];
  if (!['error', 'warning', 'note', 'none'].includes(failOn)) {
    io.stderr(`sg-lint: --fail-on must be error, warning, note or none (got "${failOn}")\n`);
    return { exit: 2 };
  }
  const paths = (args.positionals.length ? args.positionals : ['.']).map((p) => path.resolve(io.cwd, p));

  const config = explicitConfigOf(o.config, io);
  if (config.error) {
    io.stderr(`sg-lint: ${config.error}\n`);
    return { exit: 2 };
  }
  const explicitConfig = config.file;
  const jobs = o.jobs === undefined ? Math.min(os.availableParallelism(), 4) : Number(o.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
    io.stderr(`sg-lint: --jobs must be a whole number from 1 to 64 (got "${o.jobs}")\n`);
    return { exit: 2 };
  }
  const finish = (scan: Scan): number => {
    const { root, scanned, skipped, notifications, templates, resolve } = scan;
    const ioError = scan.ioError;
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
        filesScanned: scan.filesScanned,
        templates,
        modules: scan.modules,
        resolve,
      });
    }
    if (!writeOutput(output, o.output, io)) return 2;

    if (ioError) return 2;
    if (failOn === 'none') return 0;
    const threshold = LEVELS[failOn as Severity];
    const failing = scanned.some((f) =>
      f.findings.some((x) => !x.suppressions?.length && LEVELS[x.severity] >= threshold),
    );
    return failing ? 1 : 0;
  };
  return { paths, explicitConfig, jobs, finish };
}

export function runCli(argv: readonly string[], io: CliIo): number {
  if (argv[0] === 'graph') return runGraph(argv.slice(1), io);
  if (argv[0] === 'changes') return runChanges(argv.slice(1), io);
  const command = lintCommand(argv, io);
  if ('exit' in command) return command.exit;
  return command.finish(scanPaths(command.paths, command.explicitConfig, io));
}

/** The command line's entry: the lint scan runs on `--jobs` worker threads when there is enough to do. */
export async function runCliAsync(
  argv: readonly string[],
  io: CliIo,
  /** Fewer files and folders than this are linted on the main thread (tests lower it). */
  parallelMin?: number,
): Promise<number> {
  if (argv[0] === 'graph' || argv[0] === 'changes') return runCli(argv, io);
  const command = lintCommand(argv, io);
  if ('exit' in command) return command.exit;
  return command.finish(
    await scanPathsParallel(command.paths, command.explicitConfig, io, command.jobs, parallelMin),
  );
}

/* c8 ignore start */
if (require.main === module) {
  const color = !process.env.NO_COLOR && (!!process.env.FORCE_COLOR || (process.stdout.isTTY ?? false));
  // The Terraform grammar loads asynchronously; everything after it is synchronous.
  initTerraform()
    .then(() =>
      runCliAsync(process.argv.slice(2), {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        cwd: process.cwd(),
        color,
      }),
    )
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`sg-lint: cannot load the Terraform parser: ${(e as Error).message}\n`);
        process.exitCode = 2;
      },
    );
}
/* c8 ignore stop */
