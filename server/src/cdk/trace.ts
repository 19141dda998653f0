/**
 * From a CDK creation stack trace to a line of the user's own source on this machine.
 *
 * `cdk synth` records, for every construct, the stack trace of the code that created it
 * (`aws:cdk:creationStack` metadata, or the `trace` of the `aws:cdk:logicalId` entry in older versions).
 * Two things stand between such a trace and a line an editor can open:
 *
 * - Most frames are not the user's: CDK's own library, Node's module loader, jsii's runtime when the app
 *   is written in Python/Java/.NET/Go. Newer aws-cdk-lib versions fold those into summary lines
 *   (`...new SecurityGroup2 in aws-cdk-lib...`, `...node internals...`); older ones keep raw V8 frames.
 *   {@link userFrame} picks the first frame that is the user's code.
 * - The frame's path is where the app ran: often compiled JavaScript (`lib/stack.js`) whose source is
 *   TypeScript, and possibly another machine or a CI runner (`/home/runner/work/shop/lib/stack.js`,
 *   `C:\Users\bob\shop\lib\stack.js`). {@link SourceResolver} finds the file on this machine and goes
 *   through the source map to the `.ts` line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FlattenMap, decodedMappings, type SourceMapSegment, type TraceMap } from '@jridgewell/trace-mapping';

/** One frame of a stack trace. `line` and `column` are 1-based, as V8 prints them. */
export interface StackFrame {
  /** The file as the trace names it (a `file:` URL is converted to a path; separators are kept). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The function part of the frame (`new ShopStack`, `Object.<anonymous>`); absent for a bare location. */
  readonly fn?: string;
}

/** How a frame's location was found on this machine. */
export type ResolvedVia =
  /** The path in the trace exists here (the synth ran in this folder). */
  | 'as-written'
  /** The path in the trace does not exist; the same relative path under the project folder does. */
  | 'relocated'
  /** A compiled `.js` file whose source map leads to the original source. */
  | 'source-map'
  /** A compiled `.js` file without a usable map, with a `.ts` of the same name beside it (same line). */
  | 'sibling';

export interface ResolvedSource {
  /** Absolute path on this machine. */
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly via: ResolvedVia;
}

/** The file reads resolution needs; the language server and tests can pass their own. */
export interface SourceFs {
  /** Whether `path` is an existing file (not a folder). */
  exists(path: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
}

export const NODE_SOURCE_FS: SourceFs = {
  exists(file) {
    try {
      return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return false;
    }
  },
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// Frames
// ---------------------------------------------------------------------------------------------------

/**
 * The first frame of a creation stack that is the user's code: not one of aws-cdk-lib's summary lines,
 * not Node internals, nothing under `node_modules` (or Python's `site-packages`), not jsii's runtime.
 * Undefined when the trace has no such frame (library-made resources such as a VPC's subnets, and apps
 * in other languages whose only frames are JavaScript inside jsii, unless their host frames were
 * recorded).
 */
export function userFrame(trace: readonly string[]): StackFrame | undefined {
  for (const line of trace) {
    const frame = parseFrame(line);
    if (frame && isUserFile(frame.file)) return frame;
  }
  return undefined;
}

/**
 * Parses one line of a stack trace, user code or not: `fn (location)` or a bare `location`, with or
 * without V8's leading `at `. Undefined for lines that name no `file:line`: aws-cdk-lib's summaries of
 * folded frames (`...new Vpc2 in aws-cdk-lib...`, `...node internals...`), `(no user code …)`,
 * `Array.forEach (<anonymous>)` and the way aws-cdk-lib renders it, `Array.forEach (:)`.
 */
export function parseFrame(text: string): StackFrame | undefined {
  let rest = text.trim();
  if (rest.startsWith('at ')) rest = rest.slice(3).trimStart();

  let fn: string | undefined;
  let location = rest;
  if (rest.endsWith(')')) {
    const open = locationParen(rest);
    if (open > 0) {
      fn = rest.slice(0, open).trim();
      location = rest.slice(open + 1, -1);
    }
  } else if (rest.startsWith('async ')) {
    location = rest.slice('async '.length);
  }

  if (fn !== undefined) {
    const mangled = mangledBareFrame(fn, location);
    if (mangled) return mangled;
  }
  const parsed = parseLocation(location);
  if (!parsed) return undefined;
  return fn === undefined ? parsed : { ...parsed, fn };
}

/**
 * The index of the `(` that opens the location of `fn (location)`: the one matching the final `)`, so
 * that parentheses inside the function name (`weird (name) (/app/a.js:8:56)`) or balanced ones inside
 * the path (`/home/bob/shop (copy)/a.js`) stay where they belong. V8 always writes ` (` before the
 * location, so when that paren has no space before it the path's parentheses are unbalanced
 * (`/home/bob/a(b/a.js`), and the first ` (` is taken instead: right whenever the function name has none.
 */
function locationParen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return text[i - 1] === ' ' ? i : text.indexOf(' (') + 1;
  }
  return text.indexOf(' (') + 1;
}

/**
 * aws-cdk-lib 2.x renders a frame without a function name (`at /app/lib/a.js:6:20`, the callback of a
 * `forEach`) through a parser that mistakes it for `fn (location)` with the paren at index -1: the
 * "function" loses the last two characters and the "location" the last one. It prints
 * `/app/lib/a.js:6: (/app/lib/a.js:6:2)`, or `/app/lib/a.js:6 (:)` when the column had one digit.
 * The line survives; of the column only its leading digits do, so the smallest column consistent with
 * them is used (or 1): the right line, close enough for a source map's nearest mapping.
 */
function mangledBareFrame(fn: string, location: string): StackFrame | undefined {
  if (location === ':') {
    const lineOnly = /^(.+):(\d+)$/.exec(fn);
    if (!lineOnly?.[1] || !lineOnly[2]) return undefined;
    return frameOf(lineOnly[1], Number(lineOnly[2]), 1);
  }
  if (fn !== location.slice(0, -1)) return undefined;
  const parsed = /^(.+):(\d+):(\d+)$/.exec(location);
  if (!parsed?.[1] || !parsed[2] || !parsed[3]) return undefined;
  return frameOf(parsed[1], Number(parsed[2]), Number(parsed[3]) * 10);
}

/**
 * `file:line:column`, or `file:line` (host-language frames jsii forwards print no column when they have
 * none). The file may itself contain colons (`C:\…`, `file:///…`), so the numbers are taken from the end.
 */
function parseLocation(location: string): StackFrame | undefined {
  const full = /^(.+):(\d+):(\d+)$/.exec(location);
  if (full?.[1] && full[2] && full[3]) return frameOf(full[1], Number(full[2]), Number(full[3]));
  const lineOnly = /^(.+):(\d+)$/.exec(location);
  if (lineOnly?.[1] && lineOnly[2]) return frameOf(lineOnly[1], Number(lineOnly[2]), 1);
  return undefined;
}

function frameOf(file: string, line: number, column: number): StackFrame | undefined {
  if (line < 1) return undefined;
  const local = /^file:/i.test(file) ? fileUrlToPath(file) : file;
  if (local === undefined) return undefined;
  return { file: local, line, column: Math.max(column, 1) };
}

/** Extensions of the languages jsii hosts: their frames may be relative to the app's folder. */
const HOST_SOURCE_EXTENSIONS = new Set(['.py', '.java', '.kt', '.cs', '.fs', '.vb', '.go']);

/** Folders that hold other people's code. */
const LIBRARY_SEGMENTS = new Set(['node_modules', 'site-packages', 'dist-packages']);

/**
 * Whether a frame's file is the user's code. V8 prints user files absolute; what is not is Node's own
 * (`node:internal/…`, and `internal/modules/cjs/loader.js`, `events.js` in older Node versions), eval
 * code (`eval at <anonymous> (…), <anonymous>`) or `native`, except the relative paths of host-language
 * frames.
 */
function isUserFile(file: string): boolean {
  const segments = file.split(/[\\/]+/).filter((s) => s !== '');
  if (segments.some((s) => LIBRARY_SEGMENTS.has(s))) return false;
  if (isJsiiRuntime(segments)) return false;
  if (isAbsoluteAnywhere(file)) return true;
  return HOST_SOURCE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/**
 * jsii's JavaScript runtime, which a Python/Java/.NET/Go app runs its constructs in: bundled as
 * `jsii-runtime.js` (Java and .NET extract it to a temp folder, older Python runs it from
 * `site-packages/jsii/_embedded/`), or as `lib/program.js` in a `tmp…`/`jsii-runtime.…` temp folder
 * (newer runtimes). The CDK library it loads sits in `jsii-kernel-…/node_modules`.
 */
function isJsiiRuntime(segments: readonly string[]): boolean {
  const name = segments[segments.length - 1];
  if (name === 'jsii-runtime.js') return true;
  const parent = segments[segments.length - 2];
  const grandparent = segments[segments.length - 3] ?? '';
  return name === 'program.js' && parent === 'lib' && /^(tmp|jsii)/i.test(grandparent);
}

/** Absolute on some machine: POSIX, a Windows drive or a UNC share, whatever this machine is. */
function isAbsoluteAnywhere(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\');
}

/**
 * A `file:` URL as a path. A Windows URL (`file:///C:/Users/…`) becomes `C:/Users/…` on every machine
 * (relocation splits it the same either way), a share (`file://server/share/…`) `//server/share/…`.
 */
function fileUrlToPath(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'file:') return undefined;
    const pathname = decodeURIComponent(parsed.pathname);
    if (/^\/[A-Za-z]:\//.test(pathname)) return pathname.slice(1);
    return parsed.host ? `//${parsed.host}${pathname}` : pathname;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------------

const COMPILED_EXTENSIONS = new Set(['.js', '.cjs', '.mjs']);

/** The TypeScript a compiled file may come from, most likely first (`.mjs` is what `.mts` compiles to). */
const SIBLING_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.mts', '.cts'],
  '.mjs': ['.mts', '.ts', '.tsx'],
  '.cjs': ['.cts', '.ts', '.tsx'],
};

/** A segment that names a source: [generated column, source index, line, column (, name)], all 0-based. */
type MappedSegment = Exclude<SourceMapSegment, [number]>;

interface LoadedMap {
  readonly map: TraceMap;
  /** The folder relative sources are resolved from: the map file's, or the script's for an inline map. */
  readonly dir: string;
}

interface Located {
  readonly path: string;
  readonly via: 'as-written' | 'relocated';
}

/**
 * Finds the user's source for stack frames on this machine. One resolver serves one project folder (the
 * folder that holds `cdk.out`) and caches everything it learns (file existence, file texts, parsed source
 * maps, results), because a lint resolves hundreds of frames, mostly in the same few files. Nothing here
 * throws on bad input: an unreadable file or a corrupt map only moves resolution on to the next step.
 */
export class SourceResolver {
  private readonly projectDir: string;
  private readonly existing = new Map<string, boolean>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly maps = new Map<string, LoadedMap | null>();
  private readonly relocations = new Map<string, string | null>();
  private readonly originals = new Map<string, string | null>();
  private readonly results = new Map<string, ResolvedSource | undefined>();

  constructor(
    projectDir: string,
    private readonly sourceFs: SourceFs = NODE_SOURCE_FS,
  ) {
    this.projectDir = path.resolve(projectDir);
  }

  /**
   * Where `frame` is on this machine, in the order:
   * 1. the path as written, when it exists here (unless it lies outside the project folder and the
   *    project holds an identical copy: then that copy, "relocated");
   * 2. else the longest trailing part of it that exists under the project folder ("relocated");
   * 3. for a compiled `.js`/`.cjs`/`.mjs`, the original its source map names, when that file exists;
   * 4. else a `.ts` (`.tsx`, `.mts`, `.cts`) of the same name beside it, at the same line;
   * 5. else the compiled file itself.
   * Undefined when the file is found nowhere.
   */
  resolve(frame: StackFrame): ResolvedSource | undefined {
    const key = `${frame.file}\0${frame.line}\0${frame.column}`;
    if (this.results.has(key)) return this.results.get(key);
    const result = this.resolveUncached(frame);
    this.results.set(key, result);
    return result;
  }

  private resolveUncached(frame: StackFrame): ResolvedSource | undefined {
    const located = this.locate(frame.file);
    if (!located) return undefined;
    const ext = path.extname(located.path).toLowerCase();
    if (COMPILED_EXTENSIONS.has(ext)) {
      const mapped = this.throughSourceMap(located.path, frame.line, frame.column);
      if (mapped) return mapped;
      const sibling = this.sibling(located.path, ext);
      if (sibling) return { path: sibling, line: frame.line, column: frame.column, via: 'sibling' };
    }
    return { path: located.path, line: frame.line, column: frame.column, via: located.via };
  }

  /**
   * Steps 1 and 2: the file on this machine. The path as written wins when it exists, with one exception:
   * when it lies outside the project folder and the relocated file inside it has the same content, the
   * project was copied or moved (a CI artifact, a second checkout, a test fixture) and the copy in the
   * project is the one its user edits. A different file that merely shares the tail of the path (a
   * monorepo's other package has its own `lib/index.js`) leaves the path as written.
   */
  private locate(file: string): Located | undefined {
    const local = /^file:/i.test(file) ? fileUrlToPath(file) : file;
    if (local === undefined) return undefined;
    if (path.isAbsolute(local)) {
      const asWritten = path.normalize(local);
      if (this.exists(asWritten)) {
        if (this.isInProject(asWritten)) return { path: asWritten, via: 'as-written' };
        const copy = this.relocate(local);
        if (copy !== undefined && this.sameContent(asWritten, copy)) return { path: copy, via: 'relocated' };
        return { path: asWritten, via: 'as-written' };
      }
    }
    const relocated = this.relocate(local);
    return relocated === undefined ? undefined : { path: relocated, via: 'relocated' };
  }

  private isInProject(file: string): boolean {
    const relative = path.relative(this.projectDir, file);
    return !relative.startsWith('..') && !path.isAbsolute(relative);
  }

  private sameContent(a: string, b: string): boolean {
    const text = this.read(a);
    return text !== undefined && text === this.read(b);
  }

  /**
   * The longest trailing part of `file` that exists under the project folder: `/home/alice/shop/lib/a.js`
   * is looked for as `<project>/home/alice/shop/lib/a.js`, `<project>/alice/shop/lib/a.js`, …,
   * `<project>/lib/a.js`, `<project>/a.js`. Windows paths split the same way on any machine. A path under
   * `node_modules` is never relocated (its tail would only ever match the user's file by accident), and a
   * candidate never climbs out of the project folder (`..` is resolved first, leading ones dropped).
   */
  private relocate(file: string): string | undefined {
    const cached = this.relocations.get(file);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.relocateUncached(file);
    this.relocations.set(file, found ?? null);
    return found;
  }

  private relocateUncached(file: string): string | undefined {
    const segments: string[] = [];
    for (const segment of file.split(/[\\/]+/)) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') segments.pop();
      else segments.push(segment);
    }
    if (segments.some((s) => LIBRARY_SEGMENTS.has(s))) return undefined;
    for (let start = 0; start < segments.length; start++) {
      const candidate = path.join(this.projectDir, ...segments.slice(start));
      if (this.exists(candidate)) return candidate;
    }
    return undefined;
  }

  /** Step 3: the original position, when the map has one for this line and the original is here. */
  private throughSourceMap(script: string, line: number, column: number): ResolvedSource | undefined {
    const loaded = this.loadMap(script);
    if (!loaded) return undefined;
    try {
      const segment = nearestSegment(decodedMappings(loaded.map)[line - 1], column - 1);
      // The decoder is lenient: garbage decodes to segments, possibly with negative positions.
      if (!segment || segment[2] < 0 || segment[3] < 0) return undefined;
      const source = loaded.map.resolvedSources[segment[1]];
      if (source === undefined) return undefined;
      const original = this.locateOriginal(source, loaded.dir);
      if (original === undefined) return undefined;
      return { path: original, line: segment[2] + 1, column: segment[3] + 1, via: 'source-map' };
    } catch {
      // Mappings are decoded lazily, by a third-party decoder: lenient today (garbage decodes to
      // nonsense, checked above), but a lint must not fail on whatever a map holds.
      return undefined;
    }
  }

  /**
   * A map's source on this machine. A relative source is relative to the map (which is here), so it is
   * only looked for there; an absolute one may be from the machine that compiled, so it is relocated
   * like a frame's path. Other URL schemes (`webpack://app/./src/a.ts`) keep only their path, relocated.
   */
  private locateOriginal(source: string, mapDir: string): string | undefined {
    const key = `${mapDir}\0${source}`;
    const cached = this.originals.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.locateOriginalUncached(source, mapDir);
    this.originals.set(key, found ?? null);
    return found;
  }

  private locateOriginalUncached(source: string, mapDir: string): string | undefined {
    if (/^file:/i.test(source)) return this.locate(source)?.path;
    const scheme = /^[a-z][a-z0-9+.-]+:\/\/[^/]*/i.exec(source);
    if (scheme) return this.relocate(source.slice(scheme[0].length));
    if (isAbsoluteAnywhere(source) || path.isAbsolute(source)) return this.locate(source)?.path;
    const relative = path.resolve(mapDir, source);
    return this.exists(relative) ? relative : undefined;
  }

  /**
   * The source map of a compiled file: the last `//# sourceMappingURL=` comment (a data: URL, a `file:`
   * URL, an absolute path, relocated if it is not here, or a path relative to the script), else
   * `<script>.map` beside it, which is also tried when the comment names a map that cannot be loaded.
   */
  private loadMap(script: string): LoadedMap | undefined {
    const cached = this.maps.get(script);
    if (cached !== undefined) return cached ?? undefined;
    const loaded = this.loadMapUncached(script);
    this.maps.set(script, loaded ?? null);
    return loaded;
  }

  private loadMapUncached(script: string): LoadedMap | undefined {
    const text = this.read(script);
    if (text === undefined) return undefined;
    const dir = path.dirname(script);
    const url = lastSourceMappingUrl(text);
    if (url !== undefined) {
      if (/^data:/i.test(url)) {
        const inline = parseMap(dataUrlText(url));
        if (inline) return { map: inline, dir };
      } else {
        const mapFile = this.mapFile(url, dir);
        const map = mapFile === undefined ? undefined : parseMap(this.read(mapFile));
        if (map && mapFile !== undefined) return { map, dir: path.dirname(mapFile) };
      }
    }
    const beside = `${script}.map`;
    const map = this.exists(beside) ? parseMap(this.read(beside)) : undefined;
    return map ? { map, dir } : undefined;
  }

  private mapFile(url: string, scriptDir: string): string | undefined {
    if (/^file:/i.test(url)) return this.locate(url)?.path;
    let decoded: string;
    try {
      decoded = decodeURIComponent(url);
    } catch {
      decoded = url;
    }
    if (isAbsoluteAnywhere(decoded) || path.isAbsolute(decoded)) return this.locate(decoded)?.path;
    const relative = path.resolve(scriptDir, decoded);
    return this.exists(relative) ? relative : undefined;
  }

  /** Step 4. */
  private sibling(script: string, ext: string): string | undefined {
    const stem = script.slice(0, script.length - ext.length);
    for (const candidate of SIBLING_EXTENSIONS[ext] ?? []) {
      if (this.exists(stem + candidate)) return stem + candidate;
    }
    return undefined;
  }

  private exists(file: string): boolean {
    const cached = this.existing.get(file);
    if (cached !== undefined) return cached;
    let found: boolean;
    try {
      found = this.sourceFs.exists(file);
    } catch {
      found = false;
    }
    this.existing.set(file, found);
    return found;
  }

  private read(file: string): string | undefined {
    if (this.texts.has(file)) return this.texts.get(file);
    let text: string | undefined;
    try {
      text = this.sourceFs.readFile(file);
    } catch {
      text = undefined;
    }
    this.texts.set(file, text);
    return text;
  }
}

/**
 * The segment of a generated line closest to `column` (0-based) that maps to a source: the last one at or
 * before it, as `originalPositionFor` finds, else the first one after it. V8's column points at the `new`
 * of a construct call, while a map may only have a segment for the start of the statement, or (for code
 * some tool rewrote) only later on the line.
 */
function nearestSegment(
  segments: readonly SourceMapSegment[] | undefined,
  column: number,
): MappedSegment | undefined {
  let before: MappedSegment | undefined;
  let after: MappedSegment | undefined;
  for (const segment of segments ?? []) {
    // A one-field segment marks generated code with no source.
    if (segment.length === 1) continue;
    if (segment[0] <= column) {
      if (!before || segment[0] >= before[0]) before = segment;
    } else if (!after || segment[0] < after[0]) {
      after = segment;
    }
  }
  return before ?? after;
}

/** The URL of the last `//# sourceMappingURL=` (or the older `//@`) comment line of a script. */
function lastSourceMappingUrl(text: string): string | undefined {
  let url: string | undefined;
  for (const match of text.matchAll(/^[ \t]*\/\/[#@][ \t]*sourceMappingURL=([^\s'"`]+)[ \t]*$/gm)) {
    url = match[1];
  }
  return url;
}

/** The text of a `data:` URL: base64 (`data:application/json;charset=utf-8;base64,…`) or percent-encoded. */
function dataUrlText(url: string): string | undefined {
  const comma = url.indexOf(',');
  const params = url.slice('data:'.length, comma);
  const payload = url.slice(comma + 1);
  try {
    return /;base64$/i.test(params)
      ? Buffer.from(payload, 'base64').toString('utf8')
      : decodeURIComponent(payload);
  } catch {
    return undefined;
  }
}

/** A parsed source map (sectioned ones flattened), or undefined for anything that is not one. */
function parseMap(text: string | undefined): TraceMap | undefined {
  if (text === undefined) return undefined;
  try {
    // A map may start with `)]}'` to stop it being run as script (the source map spec allows it).
    const json = JSON.parse(text.replace(/^\)\]\}'[^\n]*\n/, '')) as Parameters<typeof FlattenMap>[0];
    // The library throws on anything that is not a map (no mappings or sections, sources not a list).
    return new FlattenMap(json);
  } catch {
    return undefined;
  }
}
