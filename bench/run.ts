/**
 * `npm run bench`: how fast sg-lint is, against its own floor (the bare parse of the same text) and
 * against `@aws/cloudformation-validate`, plus the editor latency through the language server, the peak
 * memory and the workspace-scan throughput. Prints tables to stdout (progress goes to stderr) and
 * writes a JSON summary to .bench/results.json.
 *
 * Options: `--only parse,memory,cfn,lsp,terraform,scan,scan2000,activation` runs some sections; `--quick` shortens every budget (for
 * trying the benchmark out, not for numbers); `--full` also runs cloudformation-validate's Rego engine on
 * the 1 MB YAML template (CEL, the faster engine, always runs on every template). Targets (issue): lint ≤ 1.2× parse; ≥ 10× faster than
 * cloudformation-validate per template; Terraform (bench/terraform.ts): edit-to-diagnostic ≤ 15 ms median on a 1 MB module.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTree } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { DEFAULT_CONFIG } from '../rules/config';
import { adaptTemplate } from '../server/src/cloudformation/adapter';
import { runCli } from '../server/src/cli/main';
import { lintDocument, runRules } from '../server/src/engine/lint';
import { parseJson } from '../server/src/parse/json';
import { LineIndex } from '../server/src/parse/lineIndex';
import { parseYaml, YAML_OPTIONS } from '../server/src/parse/yaml';
import type { CfnValidateResult } from './cfnValidate';
import type { TemplateFormat } from './generate';
import { generateTemplate, nonTemplateFiles } from './generate';
import type { LintOnceResult } from './lintOnce';
import type { ServerRun } from './lsp';
import { measureServer } from './lsp';
import type { Summary } from './stats';
import type { TerraformBenchResult } from './terraform';
import { measureTerraform, TERRAFORM_EDIT_TARGET_MS, terraformReport } from './terraform';
import { measureActivation } from './activation';
import type { ScanRun } from './scan2000';
import {
  generateCorpusWorkspace,
  measureCorpusScan,
  RSS_TARGET_BYTES,
  SCAN_FILES_TARGET,
  SCAN_TIME_TARGET_MS,
} from './scan2000';
import { forceGc, formatBytes, formatMs, measureInterleaved, measureSlow, summarize, table } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const BENCH_DIR = path.join(ROOT, '.bench');
const TEMPLATE_DIR = path.join(BENCH_DIR, 'templates');
const TERRAFORM_DIR = path.join(BENCH_DIR, 'terraform');
const WORKSPACE_DIR = path.join(BENCH_DIR, 'workspace');
const CORPUS_WORKSPACE_DIR = path.join(BENCH_DIR, 'corpus-2000');
const CORPUS_DIR = process.env.SG_LINT_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const CFN_EDIT_TARGET_MS = 50;

const LINT_TARGET = 1.2;
const CFN_TARGET = 10;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** Also runs the Rego engine on the 1 MB YAML template (about a minute on a 2-core machine). */
const full = args.includes('--full');
const onlyArg = args.find((a, i) => args[i - 1] === '--only' || a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.replace(/^--only=/, '').split(',')) : undefined;
const runs = (section: string): boolean => !only || only.has(section);

const progress = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

interface BenchTemplate {
  readonly label: string;
  readonly format: TemplateFormat;
  readonly sizeLabel: string;
  readonly path: string;
  readonly uri: string;
  readonly text: string;
  readonly bytes: number;
  readonly resources: number;
  readonly securityGroupResources: number;
  readonly findings: number;
}

const SIZES: readonly { label: string; bytes: number }[] = [
  { label: '2 KB', bytes: 2 * 1024 },
  { label: '100 KB', bytes: 100 * 1024 },
  { label: '1 MB', bytes: 1024 * 1024 },
];

function generateTemplates(): BenchTemplate[] {
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  const out: BenchTemplate[] = [];
  for (const format of ['yaml', 'json'] as const) {
    for (const size of SIZES) {
      const g = generateTemplate(format, size.bytes);
      const file = path.join(TEMPLATE_DIR, `template-${size.label.replace(' ', '').toLowerCase()}.${format}`);
      fs.writeFileSync(file, g.text);
      const uri = pathToFileURL(file).href;
      const result = lintDocument({ uri, text: g.text }, DEFAULT_CONFIG);
      if (result.kind !== 'template')
        throw new Error(`${file} was not linted as a template (${result.kind})`);
      if (result.ruleFailures.length)
        throw new Error(`rules failed on ${file}: ${result.ruleFailures[0]!.error}`);
      out.push({
        label: `${format.toUpperCase()} ${size.label}`,
        format,
        sizeLabel: size.label,
        path: file,
        uri,
        text: g.text,
        bytes: Buffer.byteLength(g.text),
        resources: g.resources,
        securityGroupResources: g.securityGroupResources,
        findings: result.findings.length,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Parse vs lint

interface ParseLintResult {
  readonly label: string;
  /** What the lint must do at minimum: `yaml.parseDocument` / `jsonc-parser` `parseTree`. */
  readonly bareParse: Summary;
  /** Our parser: the bare parse plus the walk into the positioned tree (YAML) / the visitor (JSON). */
  readonly parseToTree: Summary;
  readonly adapter: Summary;
  /** new LineIndex + adaptTemplate + runRules on an already parsed tree. */
  readonly adapterAndRules: Summary;
  readonly lint: Summary;
  readonly ratio: number;
}

function budgetFor(bytes: number): Parameters<typeof measureInterleaved>[1] {
  const scale = quick ? 0.25 : 1;
  if (bytes < 10_000)
    return { warmupMs: 600 * scale, budgetMs: 2500 * scale, minRounds: 20, maxRounds: 500, minBatchMs: 5 };
  if (bytes < 300_000)
    return { warmupMs: 800 * scale, budgetMs: 3000 * scale, minRounds: 15, maxRounds: 300, minBatchMs: 5 };
  return {
    warmupMs: 1500 * scale,
    budgetMs: 6000 * scale,
    minRounds: quick ? 3 : 10,
    maxRounds: 60,
    minBatchMs: 5,
  };
}

function measureParseLint(t: BenchTemplate): ParseLintResult {
  const cfnFormat = t.format === 'json' ? 'cloudformation-json' : 'cloudformation-yaml';
  const tree = t.format === 'json' ? parseJson(t.text) : parseYaml(t.text);
  const lines = new LineIndex(t.text);
  const model = adaptTemplate({ uri: t.uri, format: cfnFormat, text: t.text, tree, lines });
  const expected = runRules(model, DEFAULT_CONFIG, lines).findings.length;
  if (expected !== t.findings)
    throw new Error(`${t.label}: runRules found ${expected}, lintDocument ${t.findings}`);
  const input = { uri: t.uri, text: t.text };
  const results = measureInterleaved(
    [
      {
        name: 'bareParse',
        run: t.format === 'json' ? () => parseTree(t.text) : () => parseDocument(t.text, YAML_OPTIONS),
      },
      { name: 'parseToTree', run: t.format === 'json' ? () => parseJson(t.text) : () => parseYaml(t.text) },
      {
        name: 'adapter',
        run: () =>
          adaptTemplate({ uri: t.uri, format: cfnFormat, text: t.text, tree, lines: new LineIndex(t.text) }),
      },
      {
        // Rules cache per-group results (world exposure) on the model's objects, so they are timed on a
        // fresh model each call: the rules' own time is this minus the adapter's.
        name: 'adapterAndRules',
        run: () => {
          const freshLines = new LineIndex(t.text);
          const fresh = adaptTemplate({
            uri: t.uri,
            format: cfnFormat,
            text: t.text,
            tree,
            lines: freshLines,
          });
          return runRules(fresh, DEFAULT_CONFIG, freshLines);
        },
      },
      { name: 'lint', run: () => lintDocument(input, DEFAULT_CONFIG) },
    ],
    budgetFor(t.bytes),
  );
  const get = (name: string): Summary => results.get(name)!;
  return {
    label: t.label,
    bareParse: get('bareParse'),
    parseToTree: get('parseToTree'),
    adapter: get('adapter'),
    adapterAndRules: get('adapterAndRules'),
    lint: get('lint'),
    ratio: get('lint').median / get('bareParse').median,
  };
}

// ---------------------------------------------------------------------------------------------------
// Child processes

function runChildJson<T>(script: string, childArgs: readonly string[], timeoutMs: number): T {
  const out = execFileSync(process.execPath, [path.join(__dirname, script), ...childArgs], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

interface MemoryResult {
  readonly benchProcessAfterLintMb: number;
  readonly children: { label: string; lintMb: number; baselineMb: number; lintMs: number }[];
}

function measureChildMemory(templates: readonly BenchTemplate[]): MemoryResult['children'] {
  return templates
    .filter((t) => t.sizeLabel === '1 MB')
    .map((t) => {
      const baseline = runChildJson<LintOnceResult>('lintOnce.js', ['baseline', t.path], 60_000);
      const lint = runChildJson<LintOnceResult>('lintOnce.js', ['lint', t.path], 60_000);
      return { label: t.label, lintMb: lint.maxRssMb, baselineMb: baseline.maxRssMb, lintMs: lint.ms };
    });
}

// ---------------------------------------------------------------------------------------------------
// Language server

/** Newest modification time of the TypeScript sources a bundle is built from. */
function newestSourceMtime(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const dir of ['server/src', 'rules']) visit(path.join(ROOT, dir));
  return newest;
}

/** The esbuild bundle (what ships) when it is newer than every source, else the tsc output. */
function pickScript(bundled: string, compiled: string): { script: string; note: string } | undefined {
  const b = path.join(ROOT, bundled);
  const c = path.join(ROOT, compiled);
  if (fs.existsSync(b) && fs.statSync(b).mtimeMs >= newestSourceMtime()) return { script: b, note: '' };
  if (!fs.existsSync(c)) return undefined;
  const why = fs.existsSync(b) ? `${bundled} is older than the sources` : `no ${bundled}`;
  return { script: c, note: ` (${why}; \`npm run build\` to measure the bundle)` };
}

// ---------------------------------------------------------------------------------------------------
// Workspace scan

interface ScanResult {
  readonly files: number;
  readonly templates: number;
  readonly bytes: number;
  readonly inProcess: Summary;
  readonly coldProcess: Summary;
  readonly cli: string;
}

/** A small deterministic PRNG, so every run scans the same workspace. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateWorkspace(templateCount: number): { files: number; templates: number; bytes: number } {
  fs.rmSync(WORKSPACE_DIR, { recursive: true, force: true });
  const random = mulberry32(42);
  let files = 0;
  let bytes = 0;
  const write = (rel: string, text: string): void => {
    const file = path.join(WORKSPACE_DIR, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  for (let i = 0; i < templateCount; i++) {
    // Mostly small stacks, some medium, a few large: 70% 1–8 KB, 25% 8–30 KB, 5% 30–100 KB.
    const r = random();
    const kb = r < 0.7 ? 1 + random() * 7 : r < 0.95 ? 8 + random() * 22 : 30 + random() * 70;
    const format: TemplateFormat = i % 3 === 2 ? 'json' : 'yaml';
    const g = generateTemplate(format, Math.round(kb * 1024));
    write(
      `stacks/team-${i % 12}/stack-${i}.${format === 'yaml' ? (i % 2 ? 'yml' : 'yaml') : 'json'}`,
      g.text,
    );
  }
  for (let i = 0; i < templateCount / 5; i++)
    for (const f of nonTemplateFiles(i)) write(`services/${f.name}`, f.text);
  return { files, templates: templateCount, bytes };
}

function measureScan(): ScanResult {
  const ws = generateWorkspace(300);
  const argv = [WORKSPACE_DIR, '--format', 'json', '--fail-on', 'none'];
  let reported = 0;
  const io = {
    stdout: (s: string): void => {
      reported = (JSON.parse(s) as { files?: unknown[] }).files?.length ?? -1;
    },
    stderr: (s: string): void => void process.stderr.write(s),
    cwd: ROOT,
    color: false,
  };
  const inProcess = measureSlow(() => void runCli(argv, io), {
    budgetMs: quick ? 0 : 8000,
    minSamples: quick ? 1 : 3,
    maxSamples: 20,
    warmups: 1,
  });
  progress(`scan: the JSON report lists ${reported} files`);
  const cli = pickScript('dist/cli.js', 'out/server/src/cli/main.js')!.script;
  const cold: number[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, ...argv], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`CLI exited with ${r.status}: ${r.stderr}`);
    cold.push(performance.now() - t0);
  }
  return { ...ws, inProcess, coldProcess: summarize(cold), cli: path.relative(ROOT, cli) };
}

// ---------------------------------------------------------------------------------------------------
// Output

const ms = (s: Summary | undefined): string => (s ? formatMs(s.median) : '-');
const msP90 = (s: Summary | undefined): string =>
  s ? `${formatMs(s.median)} (p90 ${s.n > 2 ? formatMs(s.p90) : '-'}, n=${s.n})` : '-';
const ratio = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '-');
const bigRatio = (x: number): string =>
  Number.isFinite(x) ? `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}×` : '-';
const pct = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(0)}%`;

async function main(): Promise<void> {
  const started = performance.now();
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const out: string[] = [];
  const print = (s = ''): void => {
    out.push(s);
    process.stdout.write(`${s}\n`);
  };
  const summary: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    gcForcedBetweenSamples: forceGc !== undefined,
    quick,
  };
  /** One line per budget, printed together at the end. */
  const verdicts: string[] = [];

  // The CloudFormation templates are only generated (and linted once) for the sections that use them.
  const cloudFormationSections = ['parse', 'memory', 'cfn', 'lsp'].some(runs);
  if (cloudFormationSections) progress('generating templates');
  const templates = cloudFormationSections ? generateTemplates() : [];
  summary.templates = templates.map(({ text: _text, ...t }) => t);
  print(
    `sg-lint benchmarks  (node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'})`,
  );
  print(
    'Medians (p90) of interleaved samples after warm-up' +
      (forceGc ? '; GC forced between samples, outside the timing.' : '.'),
  );
  if (cloudFormationSections) {
    print();
    print('Templates (generated; same resource sequence in both formats, JSON in long form):');
    print(
      table([
        ['template', 'size', 'resources', 'SG resources', 'findings'],
        ...templates.map((t) => [
          t.label,
          formatBytes(t.bytes),
          String(t.resources),
          String(t.securityGroupResources),
          String(t.findings),
        ]),
      ]),
    );
  }

  const parseLint: ParseLintResult[] = [];
  let benchRssAfterLint: number | undefined;
  if (runs('parse')) {
    for (const t of templates) {
      progress(`parse vs lint: ${t.label}`);
      parseLint.push(measureParseLint(t));
    }
    benchRssAfterLint = process.resourceUsage().maxRSS / 1024;
    summary.parseVsLint = parseLint;
    print();
    print(`Parse vs full lint (target: lint ≤ ${LINT_TARGET}× bare parse):`);
    print(
      table([
        ['template', 'bare parse', 'full lint', 'lint/parse', 'target', 'fastest: lint/parse'],
        ...parseLint.map((r) => [
          r.label,
          msP90(r.bareParse),
          msP90(r.lint),
          ratio(r.ratio),
          r.ratio <= LINT_TARGET ? 'ok' : 'MISSED',
          ratio(r.lint.min / r.bareParse.min),
        ]),
      ]),
    );
    print();
    print(
      'Where the lint time goes (fastest sample of each stage, timed on its own — steadier than medians on a busy\n' +
        'machine; percentages are shares of the fastest full lint):',
    );
    print(
      table([
        ['template', 'bare parse', 'walk to tree', 'adapter', 'rules', 'rest', 'full lint'],
        ...parseLint.map((r) => {
          const walk = r.parseToTree.min - r.bareParse.min;
          const rules = r.adapterAndRules.min - r.adapter.min;
          const rest = r.lint.min - r.parseToTree.min - r.adapterAndRules.min;
          const l = r.lint.min;
          const cell = (x: number): string => `${formatMs(x)} ${pct(x, l)}`;
          return [
            r.label,
            cell(r.bareParse.min),
            cell(walk),
            cell(r.adapter.min),
            cell(rules),
            cell(rest),
            formatMs(l),
          ];
        }),
      ]),
    );
    print(
      '  bare parse: yaml.parseDocument(text, YAML_OPTIONS) / jsonc-parser parseTree(text). walk to tree: parseYaml/parseJson\n' +
        '  minus the bare parse (parseJson is a jsonc-parser visitor building our tree directly, so for JSON this is our tree\n' +
        "  building minus the cost of parseTree's). adapter: new LineIndex + adaptTemplate. rules: runRules (incl. suppressions,\n" +
        '  sorting), as adapter+rules on a fresh model minus the adapter alone. rest: the full lint minus those stages:\n' +
        '  isTemplate, format detection, and the extra GC work of doing all stages in one go (each stage alone starts from a\n' +
        '  collected heap). Negative cells are noise or, for JSON, our visitor being cheaper than parseTree.',
    );
  }

  if (runs('memory')) {
    progress('peak memory (child processes)');
    const children = measureChildMemory(templates);
    const memory: MemoryResult = { benchProcessAfterLintMb: benchRssAfterLint ?? Number.NaN, children };
    summary.memory = memory;
    print();
    print('Peak RSS (process.resourceUsage().maxRSS):');
    print(
      table([
        ['process', 'peak RSS', 'without the lint', 'lint adds', 'lint time (cold)'],
        ...(benchRssAfterLint !== undefined
          ? [
              [
                'this bench process, after all parse/lint runs',
                `${benchRssAfterLint.toFixed(0)} MB`,
                '',
                '',
                '',
              ],
            ]
          : []),
        ...children.map((c) => [
          `child: lint ${c.label} once`,
          `${c.lintMb.toFixed(0)} MB`,
          `${c.baselineMb.toFixed(0)} MB`,
          `${(c.lintMb - c.baselineMb).toFixed(0)} MB`,
          formatMs(c.lintMs),
        ]),
      ]),
    );
  }

  const cfn: CfnValidateResult[] = [];
  if (runs('cfn')) {
    for (const engine of ['cel', 'rego']) {
      progress(`cloudformation-validate (${engine}) — the 1 MB YAML template alone takes 20–60 s`);
      const files = templates
        .filter((t) => engine === 'cel' || full || t.label !== 'YAML 1 MB')
        .map((t) => t.path);
      cfn.push(runChildJson<CfnValidateResult>('cfnValidate.js', [engine, ...files], 10 * 60_000));
    }
    summary.cloudformationValidate = cfn;
    print();
    const v = cfn[0]?.version ?? '?';
    print(
      `sg-lint vs @aws/cloudformation-validate ${v} (validateStandard per template, engine built once; target ≥ ${CFN_TARGET}× faster):`,
    );
    const lintOf = (label: string): Summary | undefined => parseLint.find((r) => r.label === label)?.lint;
    const rows: string[][] = [
      ['template', 'sg-lint lint', ...cfn.flatMap((c) => [c.engine, `${c.engine}/sg-lint`]), 'target'],
    ];
    for (const t of templates) {
      const ours = lintOf(t.label);
      const cells: string[] = [t.label, ms(ours)];
      let worst = Number.POSITIVE_INFINITY;
      for (const c of cfn) {
        const r = c.templates.find((x) => x.file === t.path);
        const x = r && ours ? r.time.median / ours.median : Number.NaN;
        worst = Math.min(worst, x);
        cells.push(r ? `${msP90(r.time)} [${r.diagnostics} diags]` : 'not run (--full)', bigRatio(x));
      }
      cells.push(Number.isFinite(worst) ? (worst >= CFN_TARGET ? 'ok' : 'MISSED') : '-');
      rows.push(cells);
    }
    print(table(rows));
    for (const c of cfn) {
      print(
        `  ${c.engine}: require ${formatMs(c.requireMs)}, engine construction ${formatMs(c.constructMs)} (one-time), ` +
          `first validation ${formatMs(c.firstCallMs)}, peak RSS of its process ${c.maxRssMb.toFixed(0)} MB`,
      );
    }
    print(
      '  cloudformation-validate runs schema validation and ~hundreds of rules on every resource and reads the file itself;\n' +
        '  sg-lint checks security groups only. Templates run in order 2 KB → 1 MB, so the large ones are warm; a template\n' +
        '  whose first run takes over 1.5 s is timed twice more (n=2); over 10 s, only that first run counts (n=1). The first\n' +
        '  run on a template with new resource types is much slower (lazy schema setup; "firstMs" in results.json) and is\n' +
        '  otherwise not in the medians.\n' +
        '  The target column uses the faster engine on each template.',
    );
  }

  const lsp: ServerRun[] = [];
  if (runs('lsp')) {
    const picked = pickScript('dist/server.js', 'out/server/src/server.js');
    if (!picked) {
      print();
      print(
        'Edit-to-diagnostic latency: SKIPPED (neither dist/server.js nor out/server/src/server.js exists)',
      );
      summary.lsp = { skipped: 'no server script' };
    } else {
      const script = picked.script;
      const inputs = templates
        .filter((t) => t.format === 'yaml')
        .map((t) => ({ label: t.label, path: t.path, languageId: 'yaml' as const }));
      // The 1 MB template takes seconds per lint: fewer edits there keep the run short.
      const edits = (label: string): number => (quick ? 4 : label.endsWith('1 MB') ? 8 : 20);
      for (const debounce of [0, 'default'] as const) {
        progress(`language server latency (debounceMs ${debounce}) with ${path.relative(ROOT, script)}`);
        lsp.push(await measureServer(script, TEMPLATE_DIR, inputs, debounce, edits));
      }
      summary.lsp = { server: path.relative(ROOT, script) + picked.note, runs: lsp };
      print();
      print(
        `Edit-to-diagnostic latency through the language server (${path.relative(ROOT, script)} --stdio${picked.note}; one-character ` +
          `CIDR edit, didChange → publishDiagnostics of that version; after 2 untimed edits):`,
      );
      const [undebounced, debounced] = lsp;
      print(
        table([
          ['template', 'didOpen → diags', 'debounceMs 0', 'default debounce (150 ms)', 'diags changed'],
          ...inputs.map((input, i) => {
            const a = undebounced?.results[i];
            const b = debounced?.results[i];
            return [
              input.label,
              a ? formatMs(a.openMs) : '-',
              msP90(a?.latency),
              msP90(b?.latency),
              a && b
                ? a.diagnosticsChanged && b.diagnosticsChanged
                  ? `yes (${a.diagnosticsPerVersion.join('↔')})`
                  : 'NO'
                : '-',
            ];
          }),
        ]),
      );
      const hundred = inputs.findIndex((input) => input.label === 'YAML 100 KB');
      const cfnEdit = hundred >= 0 ? undebounced?.results[hundred]?.latency : undefined;
      if (cfnEdit) {
        summary.cfnEditLatencyMs = cfnEdit.median;
        verdicts.push(
          `CloudFormation 100 KB edit-to-diagnostic ≤ ${CFN_EDIT_TARGET_MS} ms (server, debounceMs 0, median): ${cfnEdit.median <= CFN_EDIT_TARGET_MS ? 'met' : 'MISSED'} (${formatMs(cfnEdit.median)})`,
        );
      }
      const rss = lsp.map((r) => r.serverPeakRssMb).filter((x): x is number => x !== undefined);
      if (rss.length)
        print(
          `  peak RSS of the server process (VmHWM) after the 1 MB template: ${Math.max(...rss).toFixed(0)} MB`,
        );
    }
  }

  let terraform: TerraformBenchResult | undefined;
  if (runs('terraform')) {
    const picked = pickScript('dist/server.js', 'out/server/src/server.js');
    terraform = await measureTerraform({ quick, dir: TERRAFORM_DIR, server: picked, progress });
    summary.terraform = terraform;
    print();
    for (const line of terraformReport(terraform)) print(line);
  }

  let scan: ScanResult | undefined;
  if (runs('scan')) {
    progress('workspace scan');
    scan = measureScan();
    summary.scan = scan;
    const mb = scan.bytes / 1024 / 1024;
    print();
    print(
      `Workspace scan (CLI engine, --format json): ${scan.files} files (${scan.templates} templates + ${scan.files - scan.templates} ` +
        `other YAML/JSON), ${mb.toFixed(1)} MB:`,
    );
    const row = (name: string, s: Summary): string[] => [
      name,
      msP90(s),
      `${((scan!.files * 1000) / s.median).toFixed(0)} files/s`,
      `${((mb * 1000) / s.median).toFixed(1)} MB/s`,
    ];
    print(
      table([
        ['run', 'wall time', 'files/s', 'MB/s'],
        row('runCli in-process (warm)', scan.inProcess),
        row(`node ${scan.cli} (new process)`, scan.coldProcess),
      ]),
    );
  }

  if (runs('scan2000')) {
    const cli = pickScript('dist/cli.js', 'out/server/src/cli/main.js');
    if (!cli || !cli.script.endsWith(path.join('dist', 'cli.js')))
      print(
        '\nWorkspace scan of 2,000 files: not measured (run `npm run build` first: it times the bundled CLI)',
      );
    else {
      progress(`workspace scan: generating ${SCAN_FILES_TARGET} files from the corpus`);
      const ws = generateCorpusWorkspace(CORPUS_WORKSPACE_DIR, CORPUS_DIR, ROOT);
      const scans: ScanRun[] = [];
      for (const jobs of [1, 2]) {
        progress(`workspace scan: ${ws.files} files, --jobs ${jobs}`);
        scans.push(measureCorpusScan(cli.script, ws.dir, jobs, quick ? 1 : 3, BENCH_DIR));
      }
      summary.scan2000 = { workspace: ws, runs: scans };
      print();
      print(
        `Workspace scan of ${ws.files} IaC files (copies of ${ws.source}: ${ws.templates} templates, ${ws.terraformFiles} Terraform files; ` +
          `${(ws.bytes / 1024 / 1024).toFixed(1)} MB), ${path.relative(ROOT, cli.script)} --format json in a new process; targets ≤ ${SCAN_TIME_TARGET_MS / 1000} s, peak RSS ≤ ${formatBytes(RSS_TARGET_BYTES)}:`,
      );
      print(
        table([
          ['threads', 'wall time', 'files/s', 'peak RSS (maxRSS)', 'findings', 'time', 'RSS'],
          ...scans.map((r) => [
            `--jobs ${r.jobs}`,
            msP90(r.time),
            `${((ws.files * 1000) / r.time.median).toFixed(0)} files/s`,
            `${formatBytes(r.peakRss.median)} (max ${formatBytes(r.peakRss.max)})`,
            String(r.findings),
            r.time.median <= SCAN_TIME_TARGET_MS ? 'ok' : 'MISSED',
            r.peakRss.max <= RSS_TARGET_BYTES ? 'ok' : 'MISSED',
          ]),
        ]),
      );
      const best = Math.min(...scans.map((r) => r.time.median));
      verdicts.push(
        `Workspace scan of ${ws.files} files ≤ ${SCAN_TIME_TARGET_MS / 1000} s: ${best <= SCAN_TIME_TARGET_MS ? 'met' : 'MISSED'} (${scans.map((r) => `--jobs ${r.jobs} ${formatMs(r.time.median)}, ${formatBytes(r.peakRss.median)}`).join('; ')})`,
      );
    }
  }

  if (runs('activation')) {
    progress('extension activation in code-server (the e2e harness)');
    const activation = measureActivation(ROOT, quick ? 1 : 3);
    summary.activation = activation;
    print();
    if (activation.kind === 'skipped') print(`Extension activation: not measured (${activation.reason})`);
    else {
      print(
        `Extension activation in a real VS Code (code-server 4.100.3, the packaged .vsix, a fresh profile; activate() until the ` +
          `language server answered initialize, as the extension logs it), n=${activation.samples.length}: median ` +
          `${formatMs(activation.summary.median)} (min ${formatMs(activation.summary.min)}, max ${formatMs(activation.summary.max)})`,
      );
      verdicts.push(`Extension activation: ${formatMs(activation.summary.median)} median`);
    }
  }

  const finalRss = process.resourceUsage().maxRSS / 1024;
  summary.benchProcessPeakRssMb = finalRss;
  summary.elapsedSeconds = (performance.now() - started) / 1000;
  print();
  print(
    `Bench process peak RSS at the end (includes generation and the in-process scan): ${finalRss.toFixed(0)} MB`,
  );
  if (parseLint.length) {
    const missed = parseLint.filter((r) => r.ratio > LINT_TARGET).map((r) => `${r.label} ${ratio(r.ratio)}`);
    print(
      `lint ≤ ${LINT_TARGET}× parse: ${missed.length ? `missed on ${missed.join(', ')}` : 'met on every template'}`,
    );
  }
  if (terraform) {
    const engine = terraform.layouts.map(
      (l) =>
        `${l.layout} ${formatMs(l.edit.lintAfterEdit.median)}, typing ${formatMs(l.edit.lintAfterTyping.median)}`,
    );
    const met = terraform.layouts.every(
      (l) => Math.max(l.edit.lintAfterEdit.median, l.edit.lintAfterTyping.median) <= TERRAFORM_EDIT_TARGET_MS,
    );
    print(
      `Terraform edit-to-diagnostic ≤ ${TERRAFORM_EDIT_TARGET_MS} ms (engine, median): ${met ? 'met' : 'MISSED'} (${engine.join(', ')})`,
    );
  }
  if (cfn.length && parseLint.length) {
    const slowest = Math.min(
      ...cfn.flatMap((c) =>
        c.templates.map(
          (r) =>
            r.time.median /
            (parseLint.find((p) => p.label === templates.find((t) => t.path === r.file)?.label)?.lint
              .median ?? Number.NaN),
        ),
      ),
    );
    print(
      `≥ ${CFN_TARGET}× faster than cloudformation-validate: ${slowest >= CFN_TARGET ? 'met' : 'MISSED'} (smallest margin ${bigRatio(slowest)})`,
    );
  }
  for (const v of verdicts) print(v);
  print(
    `Elapsed: ${(summary.elapsedSeconds as number).toFixed(0)} s. JSON summary: ${path.relative(ROOT, path.join(BENCH_DIR, 'results.json'))}`,
  );
  fs.writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(path.join(BENCH_DIR, 'results.txt'), `${out.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
