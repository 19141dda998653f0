// The packaging check of `npm run e2e`: reads the built .vsix's own file list (the zip's central
// directory) and fails unless it holds what the extension runs and shows, and nothing else: the
// bundles and the two tree-sitter wasm files, the graph's media, grammars, rule pages, README,
// LICENSE, CHANGELOG and icon; no node_modules, sources, tests or source maps; under 6 MB; and an
// `engines.vscode` that code-server 4.100.3 (VS Code 1.100) accepts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import console from 'node:console';
import process from 'node:process';
import zlib from 'node:zlib';
import { Buffer } from 'node:buffer';
import { URL } from 'node:url';

const vsix = process.argv[2];
const MAX_BYTES = 6 * 1024 * 1024;

/** The names in a zip's central directory (no extraction). */
function zipEntries(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, method, compressed, local });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function read(buf, entry) {
  const nameLength = buf.readUInt16LE(entry.local + 26);
  const extraLength = buf.readUInt16LE(entry.local + 28);
  const start = entry.local + 30 + nameLength + extraLength;
  const data = buf.subarray(start, start + entry.compressed);
  return entry.method === 8 ? zlib.inflateRawSync(data) : data;
}

const buf = readFileSync(vsix);
const entries = zipEntries(buf);
const names = entries.map((e) => e.name);
const problems = [];
const size = statSync(vsix).size;
if (size > MAX_BYTES) problems.push(`${size} bytes is over the 6 MB limit`);
const required = [
  'extension/package.json',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/cli.js',
  'extension/dist/cli-worker.js',
  'extension/dist/web-tree-sitter.wasm',
  'extension/dist/tree-sitter-hcl.wasm',
  'extension/dist/media/graph.js',
  'extension/dist/media/graph.css',
  'extension/syntaxes/terraform.tmLanguage.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/media/icon.png',
];
// vsce writes README.md and CHANGELOG.md in lower case.
const lower = new Set(names.map((n) => n.toLowerCase()));
for (const r of required)
  if (!lower.has(r.toLowerCase()) && !(r.endsWith('LICENSE.txt') && names.includes('extension/LICENSE')))
    problems.push(`missing ${r}`);
const rules = readdirSync(new URL('../rules/', import.meta.url)).filter((d) => /^SG\d{3}-/.test(d));
const rulePages = names.filter((n) => /^extension\/dist\/docs\/rules\/SG\d{3}-[^/]+\/README\.md$/.test(n));
if (rulePages.length !== rules.length)
  problems.push(`${rulePages.length} rule pages for ${rules.length} rules`);
const allowed =
  /^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension\/(package\.json|readme\.md|LICENSE(\.txt)?|changelog\.md|media\/icon\.png|syntaxes\/[^/]+\.json|dist\/(client|server|cli|cli-worker)\.js|dist\/[^/]+\.wasm|dist\/media\/graph\.(js|css)|dist\/docs\/rules\/SG\d{3}-[^/]+\/README\.md))$/;
for (const n of names) if (!allowed.test(n)) problems.push(`unexpected file ${n}`);
const manifest = JSON.parse(
  read(
    buf,
    entries.find((e) => e.name === 'extension/package.json'),
  ).toString('utf8'),
);
const engine = /^\^1\.(\d+)\.\d+$/.exec(manifest.engines?.vscode ?? '');
if (!engine || Number(engine[1]) > 100)
  problems.push(`engines.vscode ${manifest.engines?.vscode} is newer than ^1.100.0`);
if (manifest.main !== './dist/client.js') problems.push(`main is ${manifest.main}`);
if (problems.length) {
  console.error(`e2e: the .vsix is not what ships:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `  ok  ${names.length} files, ${(size / 1024).toFixed(0)} KB: bundles, 2 wasm, graph media, ${rulePages.length} rule pages, README, LICENSE, CHANGELOG, icon; nothing from node_modules; engines.vscode ${manifest.engines.vscode}`,
);
