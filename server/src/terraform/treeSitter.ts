/**
 * Loading the HCL grammar into web-tree-sitter. Initialization is asynchronous (WebAssembly), parsing
 * after that is synchronous: the server, the CLI and the tests call `initTerraform()` once at start-up.
 *
 * The two .wasm files sit next to the bundle (esbuild copies them into dist/); from the tsc output
 * and in tests they are found in node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { ParseState, Tree } from 'web-tree-sitter';

export const RUNTIME_WASM = 'web-tree-sitter.wasm';
export const HCL_WASM = 'tree-sitter-hcl.wasm';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** The .wasm next to this file (the bundle), else the package's own (web-tree-sitter exports its wasm path). */
function locate(file: string, packagePath: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(packagePath);
}

/** Loads the runtime and the grammar once; later calls return the same promise. */
export function initTerraform(): Promise<void> {
  loading ??= (async () => {
    const runtime = locate(RUNTIME_WASM, 'web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(
      locate(HCL_WASM, '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'),
    );
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

export function terraformReady(): boolean {
  return parser !== undefined;
}

/**
 * How long one parse may take. tree-sitter's error recovery is quadratic in some inputs (a stray `}`
 * followed by many thousands of blank lines takes minutes): past this, the parse is given up and the
 * file reported as unreadable instead of blocking the server.
 */
export const PARSE_BUDGET_MS = 2000;

export class HclParseTimeout extends Error {}

/**
 * Parses HCL; with the previous tree of the same document (already `edit`ed to match the new text)
 * tree-sitter reuses everything the edit did not touch. Throws HclParseTimeout past the budget.
 */
export function parseHclTree(text: string, oldTree?: Tree | null, budgetMs = PARSE_BUDGET_MS): Tree {
  if (!parser) throw new Error('the Terraform parser is not initialized (initTerraform)');
  const deadline = Date.now() + budgetMs;
  // A progress callback that returns true cancels the parse (the typings say void; the runtime reads it).
  const progressCallback = ((_state: ParseState) => Date.now() > deadline) as unknown as (
    state: ParseState,
  ) => void;
  const tree = parser.parse(text, oldTree ?? null, { progressCallback });
  if (!tree) throw new HclParseTimeout(`parsing took longer than ${budgetMs / 1000} s`);
  return tree;
}
