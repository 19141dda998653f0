/**
 * Diagnostics for an open `.sg-lint.yaml|.yml|.json`: syntax errors and every value the engine would
 * reject (the same check the server and the CLI apply when they load the file), on the key concerned.
 * They come from the editor's text, so they update as the user types, before the file is saved.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Node } from 'yaml';
import { isMap, isScalar, parseDocument } from 'yaml';
import type { ConfigProblem } from '../../../rules/config';
import { DEFAULT_CONFIG, mergeConfig } from '../../../rules/config';
import { CONFIG_FILE_NAMES, MAX_CONFIG_DEPTH } from '../config/load';
import { LineIndex } from '../parse/lineIndex';
import { excessiveNesting } from '../parse/yaml';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { toLspRange } from './diagnostics';

export function isConfigFileUri(uri: string): boolean {
  const name =
    uri
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ?? '';
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // A malformed escape: compare the name as written.
  }
  return CONFIG_FILE_NAMES.includes(decoded);
}

export function configFileDiagnostics(text: string): Diagnostic[] {
  const lines = new LineIndex(text);
  // yaml can abort the whole process on pathological nesting (see parse/yaml.ts): refuse it first.
  const deep = excessiveNesting(text, MAX_CONFIG_DEPTH);
  if (deep >= 0) {
    return [
      warning(
        lines,
        { start: deep, end: deep + 1 },
        `sg-lint cannot read this configuration: nested deeper than ${MAX_CONFIG_DEPTH} levels`,
      ),
    ];
  }
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({
      range: toLspRange(lines, { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) }),
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      message: `sg-lint cannot read this configuration: ${e.message.split('\n')[0]}`,
    }));
  }
  let raw: unknown;
  try {
    // The same alias limit as readConfigFile: a hostile file cannot expand without bound.
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return [
      warning(lines, { start: 0, end: 0 }, `sg-lint cannot read this configuration: ${(e as Error).message}`),
    ];
  }
  const problems: ConfigProblem[] = [];
  mergeConfig(DEFAULT_CONFIG, raw ?? {}, problems);
  return problems.map((p) =>
    warning(lines, keyRange(doc.contents, p.key), `${p.key ? `${p.key}: ` : ''}${p.message}`),
  );
}

function warning(lines: LineIndex, range: { start: number; end: number }, message: string): Diagnostic {
  return {
    range: toLspRange(lines, range),
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message,
  };
}

/** The key of the deepest entry along a dotted problem key (`rules.SG1`), else the whole document's start. */
function keyRange(contents: Node | null, dotted: string): { start: number; end: number } {
  let found: { start: number; end: number } = { start: 0, end: 0 };
  let node: unknown = contents;
  for (const segment of dotted ? dotted.split('.') : []) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
    if (!pair || !isScalar(pair.key) || !pair.key.range) break;
    found = { start: pair.key.range[0], end: pair.key.range[1] };
    node = pair.value;
  }
  return found;
}
