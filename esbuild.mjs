// Bundles the extension for shipping: dist/client.js (VS Code extension host), dist/server.js (language
// server), dist/cli.js (the `sg-lint` command), dist/media/graph.js + graph.css (the graph webview, for the
// browser, with Cytoscape inside: no CDN), and copies each rule's README.md to dist/docs/rules/ so
// diagnostics can link to a page that works offline.
//
//   node esbuild.mjs                  development build (readable, source maps)
//   node esbuild.mjs --production     minified (still with source maps, which .vscodeignore leaves out)
//   node esbuild.mjs --outdir=DIR     build somewhere else (the tests build into a temp folder)
/* global console */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const production = args.includes('--production');
const outdirArg = args.find((a) => a.startsWith('--outdir='));
const outdir = path.resolve(root, outdirArg ? outdirArg.slice('--outdir='.length) : 'dist');
const unknown = args.filter((a) => a !== '--production' && !a.startsWith('--outdir='));
if (unknown.length > 0) {
  console.error(`esbuild.mjs: unknown argument(s): ${unknown.join(' ')}`);
  process.exit(2);
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  sourcesContent: false,
  minify: production,
  // ESM builds first: jsonc-parser's UMD `main` hides its requires from the bundler.
  mainFields: ['module', 'main'],
  // web-tree-sitter's ESM build locates itself with import.meta.url, which a CJS bundle does not have.
  alias: {
    'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs',
    // cloudformation-diff's security-group changes need four facts of the AWS service spec, not its 2.6 MB
    // database (read from beside the package at run time): server/src/changes/serviceSpec.ts has them.
    '@aws-cdk/aws-service-spec': './server/src/changes/serviceSpec.ts',
  },
  logLevel: 'warning',
  absWorkingDir: root,
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: path.join(outdir, 'client.js'), external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: path.join(outdir, 'server.js') },
  // cli/main.ts runs itself when it is the main module (`require.main === module`), which holds for the bundle.
  {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: path.join(outdir, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  },
  // The CLI's worker threads (cli/parallel.ts finds cli-worker.js beside cli.js).
  { entryPoints: ['server/src/cli/worker.ts'], outfile: path.join(outdir, 'cli-worker.js') },
];

/**
 * The graph webview (webview/graph): one IIFE script and one stylesheet for a browser page whose CSP allows
 * only them. Cytoscape is bundled in; nothing is loaded at run time.
 * @type {import('esbuild').BuildOptions[]}
 */
const webviewBuilds = [
  {
    entryPoints: ['webview/graph/main.ts'],
    outfile: path.join(outdir, 'media', 'graph.js'),
    platform: 'browser',
    format: 'iife',
    // VS Code 1.91's Electron (Chromium 124) and later.
    target: ['chrome120'],
    tsconfig: 'webview/tsconfig.json',
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  },
  { entryPoints: ['webview/graph/graph.css'], outfile: path.join(outdir, 'media', 'graph.css') },
].map((b) => ({
  bundle: true,
  sourcemap: true,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  ...b,
}));

/** Copies rules/<ID>-<name>/README.md to <outdir>/docs/rules/<ID>-<name>/README.md; missing pages are skipped. */
function copyRuleDocs() {
  const target = path.join(outdir, 'docs', 'rules');
  fs.rmSync(target, { recursive: true, force: true });
  let copied = 0;
  for (const entry of fs.readdirSync(path.join(root, 'rules'), { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^SG\d{3}-/.test(entry.name)) continue;
    const readme = path.join(root, 'rules', entry.name, 'README.md');
    if (!fs.existsSync(readme)) continue;
    fs.mkdirSync(path.join(target, entry.name), { recursive: true });
    fs.copyFileSync(readme, path.join(target, entry.name, 'README.md'));
    copied++;
  }
  return copied;
}

/**
 * The Terraform parser's WebAssembly: web-tree-sitter's runtime and the HCL grammar, next to the bundles
 * (server/src/terraform/treeSitter.ts looks beside itself first). The .vsix ships them.
 */
function copyWasm() {
  const files = [
    [path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'), 'web-tree-sitter.wasm'],
    [
      path.join(root, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-hcl.wasm'),
      'tree-sitter-hcl.wasm',
    ],
  ];
  for (const [from, name] of files) fs.copyFileSync(from, path.join(outdir, name));
  return files.length;
}

const started = Date.now();
await Promise.all([
  ...builds.map((b) => esbuild.build({ ...common, ...b })),
  ...webviewBuilds.map((b) => esbuild.build(b)),
]);
fs.chmodSync(path.join(outdir, 'cli.js'), 0o755);
const docs = copyRuleDocs();
copyWasm();
console.log(
  `esbuild.mjs: ${production ? 'production' : 'development'} build in ${path.relative(root, outdir) || '.'} (${Date.now() - started} ms, ${docs} rule page${docs === 1 ? '' : 's'})`,
);
