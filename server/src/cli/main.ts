/**
 * `sg-lint [paths…]`: the same engine as the editor, for CI. Exit codes: 0 nothing at or above
 * `--fail-on`; 1 findings at or above it; 2 usage or I/O error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Severity } from '../../../rules/config';
import { version } from '../../../package.json';
import type { LoadedConfigFile } from '../config/load';
import { readConfigFile } from '../config/load';
import { buildGraph } from '../graph/build';
import { toDot, toMermaid } from '../graph/render';
import { toJsonReport } from '../report/json';
import { toSarif } from '../report/sarif';
import { formatText } from '../report/text';
import type { CliIo } from './scan';
import { scanPaths } from './scan';
import { initTerraform } from '../terraform/treeSitter';

const USAGE = `Usage: sg-lint [paths…] [options]
       sg-lint graph [paths…] [--format json|mermaid|dot] [--output FILE] [--config FILE]

Lints AWS security-group rules in CloudFormation templates (YAML/JSON), Terraform modules and CDK
synth output (cdk.out). Paths default to "."; folders are searched recursively (node_modules, .git and
.terraform are skipped). \`sg-lint graph\` prints who can reach whom instead (default: json).

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

export type { CliIo };

export function runCli(argv: readonly string[], io: CliIo): number {
  if (argv[0] === 'graph') return runGraph(argv.slice(1), io);
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

  const config = explicitConfigOf(o.config, io);
  if (config.error) {
    io.stderr(`sg-lint: ${config.error}\n`);
    return 2;
  }
  const explicitConfig = config.file;
  const scan = scanPaths(paths, explicitConfig, io);
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
