/**
 * Linting a CDK cloud assembly: every template of every stack (stages and nested stacks included) goes
 * through the CloudFormation engine as CDK output, and each finding is then told in CDK's terms: the
 * construct path instead of the generated logical id ("ShopStack/BastionSg"), and the line of the
 * user's code that created the construct, from the creation stack CDK recorded at synth time.
 */
import { pathToFileURL } from 'node:url';
import type { SgLintConfig } from '../../../rules/config';
import type { TextRange } from '../../../rules/model';
import type { CdkOrigin, Finding, RelatedInfo } from '../../../rules/types';
import type { LintResult } from '../engine/lint';
import { lintDocument } from '../engine/lint';
import { LineIndex } from '../parse/lineIndex';
import type { AssemblyFs, CdkAssembly, CdkResource, CdkTemplate } from './assembly';
import { NODE_ASSEMBLY_FS } from './assembly';
import type { SourceFs } from './trace';
import { SourceResolver, userFrame } from './trace';

export interface CdkTemplateResult {
  readonly template: CdkTemplate;
  readonly uri: string;
  /** undefined when the template file could not be read. */
  readonly text?: string;
  readonly result?: LintResult;
  /** The findings, told in CDK's terms. */
  readonly findings: readonly Finding[];
}

/** A source file of the app that findings point at. */
export interface CdkSourceFile {
  readonly path: string;
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
}

export interface CdkLintResult {
  readonly assembly: CdkAssembly;
  readonly templates: readonly CdkTemplateResult[];
  /** The app's source files the findings were placed in, by URI. */
  readonly sources: ReadonlyMap<string, CdkSourceFile>;
  /** Set when the synth recorded no creation stacks: how to get findings on source lines. */
  readonly hint?: string;
}

export const NO_TRACES_HINT =
  'This cdk.out has no construct creation traces, so findings show in the templates only. Synthesize with `cdk synth --debug` (or CDK_DEBUG=true) to record them (aws-cdk-lib 2.2xx and later record them always); sg-lint then shows each finding on the line of your code that made it too.';

/** Logical ids are letters and digits: a message names one as a whole word. */
const WORD = /[A-Za-z][A-Za-z0-9]*/g;

/**
 * A finding in CDK's terms: the logical ids it names become construct paths, the message starts with
 * the construct when it does not name it, and the user's line that created the construct is attached.
 */
function inCdkTerms(
  f: Finding,
  template: CdkTemplate,
  createdAt: (resource: CdkResource) => CdkOrigin['createdAt'],
): Finding {
  const made = template.resources.get(f.resource);
  let message = f.message.replace(WORD, (w) => template.resources.get(w)?.construct ?? w);
  if (!made) return message === f.message ? f : { ...f, message };
  if (!message.includes(made.construct)) message = `${made.construct}: ${message}`;
  const at = createdAt(made);
  const related: RelatedInfo[] = [...(f.related ?? [])].map((r) => ({
    ...r,
    message: r.message.replace(WORD, (w) => template.resources.get(w)?.construct ?? w),
  }));
  if (at) related.push({ uri: at.uri, range: at.range, message: `${made.construct} is created here` });
  return {
    ...f,
    message,
    ...(related.length ? { related } : {}),
    cdk: { construct: made.construct, ...(at ? { createdAt: at } : {}) },
  };
}

/** From a 1-based line and column to the end of that line (the statement that made the construct). */
function lineRange(lines: LineIndex, text: string, line: number, column: number): TextRange | undefined {
  if (line < 1 || line > lines.lineCount) return undefined;
  const start = lines.offsetAt({ line: line - 1, character: Math.max(0, column - 1) });
  const lineEnd = lines.offsetAt({ line, character: 0 });
  let end = Math.min(lineEnd, text.length);
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end: Math.max(end, start) };
}

export function lintAssembly(
  assembly: CdkAssembly,
  configFor: (file: string) => SgLintConfig,
  io: AssemblyFs & SourceFs = NODE_ASSEMBLY_FS,
): CdkLintResult {
  const resolver = new SourceResolver(assembly.projectDir, io);
  const sources = new Map<string, CdkSourceFile>();
  const unreadable = new Set<string>();
  const createdAtCache = new Map<CdkResource, CdkOrigin['createdAt']>();
  const createdAt = (resource: CdkResource): CdkOrigin['createdAt'] => {
    if (createdAtCache.has(resource)) return createdAtCache.get(resource);
    let at: CdkOrigin['createdAt'];
    const frame = resource.trace ? userFrame(resource.trace) : undefined;
    const found = frame ? resolver.resolve(frame) : undefined;
    if (found && !unreadable.has(found.path)) {
      const uri = pathToFileURL(found.path).href;
      let source = sources.get(uri);
      if (!source) {
        const text = io.readFile(found.path);
        if (text === undefined) unreadable.add(found.path);
        else sources.set(uri, (source = { path: found.path, uri, text, lines: new LineIndex(text) }));
      }
      const range = source && lineRange(source.lines, source.text, found.line, found.column);
      if (range) at = { uri, range };
    }
    createdAtCache.set(resource, at);
    return at;
  };

  const templates = assembly.templates.map((template): CdkTemplateResult => {
    const uri = pathToFileURL(template.file).href;
    const text = io.readFile(template.file);
    if (text === undefined) return { template, uri, findings: [] };
    const result = lintDocument({ uri, text, format: 'json', producer: 'cdk' }, configFor(template.file));
    const findings =
      result.kind === 'template' ? result.findings.map((f) => inCdkTerms(f, template, createdAt)) : [];
    return { template, uri, text, result, findings };
  });
  return { assembly, templates, sources, ...(assembly.hasTraces ? {} : { hint: NO_TRACES_HINT }) };
}
