/**
 * Reading a CDK cloud assembly (the `cdk.out` folder `cdk synth` writes): its stacks and their template
 * files, the nested assemblies of stages (`assembly-<Stage>/`), nested stacks, and for every resource of
 * every template the construct path that made it and the stack trace of its creation, from the
 * assembly metadata (`<Stack>.metadata.json`, or inline in `manifest.json` in older CDK versions).
 *
 * An assembly folder holds a `manifest.json` and a marker file named `cdk.out`; that is how one is
 * recognized, whatever the folder is called (`cdk.json` can name another output folder). Everything
 * here is read from disk as CDK wrote it and is never written to.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One resource of a synthesized template, as CDK's metadata describes it. */
export interface CdkResource {
  /** The construct path of the CloudFormation resource: `ShopStack/BastionSg/Resource`. */
  readonly path: string;
  /** What a person calls it: the path without the trailing `Resource`/`Default` of an L2 construct. */
  readonly construct: string;
  /** The creation stack trace, as recorded (library frames folded by newer CDK versions). */
  readonly trace?: readonly string[];
}

export interface CdkTemplate {
  /** Absolute path of the template file. */
  readonly file: string;
  /** The stack's name as the CDK CLI shows it (`ShopStack`, `Prod/Api`; `ShopStack/Reporting` for a nested stack). */
  readonly displayName: string;
  /** For a nested stack, the template of the stack that holds it. */
  readonly parentFile?: string;
  /** Logical id → what made it. */
  readonly resources: ReadonlyMap<string, CdkResource>;
}

export interface CdkAssemblyProblem {
  readonly file: string;
  readonly message: string;
}

export interface CdkAssembly {
  /** The root assembly folder (`…/cdk.out`). */
  readonly dir: string;
  /** The folder that holds it: the CDK app's project, where traces from elsewhere are looked up. */
  readonly projectDir: string;
  readonly templates: readonly CdkTemplate[];
  /** Files of the assembly that could not be read or understood. */
  readonly problems: readonly CdkAssemblyProblem[];
  /** Whether any resource has a creation trace (`cdk synth` without them gives template locations only). */
  readonly hasTraces: boolean;
}

export interface AssemblyFs {
  readFile(file: string): string | undefined;
  exists(file: string): boolean;
  isDirectory(dir: string): boolean;
  /** Names in a folder ([] when it cannot be read). */
  list(dir: string): string[];
}

export const NODE_ASSEMBLY_FS: AssemblyFs = {
  readFile: (file) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists: (file) => fs.existsSync(file),
  isDirectory: (dir) => {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
  list: (dir) => {
    try {
      return fs.readdirSync(dir).sort();
    } catch {
      return [];
    }
  },
};

/** Whether a folder is a cloud assembly: `manifest.json` beside the `cdk.out` marker file. */
export function isAssemblyDir(dir: string, io: AssemblyFs = NODE_ASSEMBLY_FS): boolean {
  return io.exists(path.join(dir, 'manifest.json')) && io.exists(path.join(dir, 'cdk.out'));
}

/**
 * The outermost assembly folder a file sits in (a stage's `assembly-*` folder is read through the root
 * assembly's manifest), or undefined when the file is not in one.
 */
export function assemblyRootOf(file: string, io: AssemblyFs = NODE_ASSEMBLY_FS): string | undefined {
  let found: string | undefined;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (isAssemblyDir(dir, io)) found = dir;
    else if (found) return found;
    if (dir === path.dirname(dir)) return found;
  }
}

type MetadataEntry = { readonly type?: unknown; readonly data?: unknown; readonly trace?: unknown };

/** A stage nests an assembly in a folder of the one above; deeper than this is not a real app. */
const MAX_NESTING = 8;

/** The L2 construct a CloudFormation resource belongs to: `ShopStack/BastionSg/Resource` → `ShopStack/BastionSg`. */
export function constructOf(resourcePath: string): string {
  return resourcePath.replace(/^\//, '').replace(/\/(?:Resource|Default)$/, '');
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function parseJson(text: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function readAssembly(dir: string, io: AssemblyFs = NODE_ASSEMBLY_FS): CdkAssembly {
  const root = path.resolve(dir);
  const templates: CdkTemplate[] = [];
  const problems: CdkAssemblyProblem[] = [];
  let hasTraces = false;
  const listed = new Set<string>();

  const readJson = (file: string): Record<string, unknown> | undefined => {
    const text = io.readFile(file);
    if (text === undefined) {
      problems.push({ file, message: 'cannot be read' });
      return undefined;
    }
    const parsed = parseJson(text);
    const obj = asObject(parsed.value);
    if (!obj) {
      problems.push({
        file,
        message: parsed.error ? `is not valid JSON: ${parsed.error}` : 'is not a JSON object',
      });
      return undefined;
    }
    return obj;
  };

  const assemblyDirs: string[] = [];
  const readOne = (assemblyDir: string, depth: number): void => {
    assemblyDirs.push(assemblyDir);
    const manifestFile = path.join(assemblyDir, 'manifest.json');
    const manifest = readJson(manifestFile);
    const artifacts = asObject(manifest?.artifacts);
    if (!artifacts) {
      if (manifest) problems.push({ file: manifestFile, message: 'has no artifacts' });
      return;
    }
    for (const [id, raw] of Object.entries(artifacts)) {
      const artifact = asObject(raw);
      const props = asObject(artifact?.properties);
      if (!artifact || !props) continue;
      if (artifact.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
        const nested = path.resolve(assemblyDir, props.directoryName);
        // A manifest pointing outside its own folder is not CDK's doing: do not follow it.
        if (depth < MAX_NESTING && nested.startsWith(assemblyDir + path.sep) && io.isDirectory(nested))
          readOne(nested, depth + 1);
        continue;
      }
      if (artifact.type !== 'aws:cloudformation:stack' || typeof props.templateFile !== 'string') continue;
      const metadata: Record<string, unknown> = { ...asObject(artifact.metadata) };
      if (typeof artifact.additionalMetadataFile === 'string') {
        const extra = readJson(path.join(assemblyDir, artifact.additionalMetadataFile));
        if (extra) Object.assign(metadata, extra);
      }
      const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : id;
      for (const t of stackTemplates(assemblyDir, props.templateFile, displayName, metadata)) {
        if (listed.has(t.file)) continue;
        listed.add(t.file);
        if (io.exists(t.file)) templates.push(t);
        else
          problems.push({
            file: t.file,
            message: 'is named by the manifest but missing (is a synth still writing?)',
          });
      }
    }
  };

  /** The stack's template and those of its nested stacks, each with the resources its metadata names. */
  const stackTemplates = (
    assemblyDir: string,
    templateFile: string,
    displayName: string,
    metadata: Record<string, unknown>,
  ): CdkTemplate[] => {
    // Nested stacks: `aws:cdk:templateFile` on the nested stack's construct names its template.
    const nestedAt = new Map<string, string>();
    const byPath = new Map<string, { logicalId?: string; trace?: string[] }>();
    for (const [p, raw] of Object.entries(metadata)) {
      if (!Array.isArray(raw)) continue;
      const info: { logicalId?: string; trace?: string[] } = {};
      for (const e of raw as MetadataEntry[]) {
        if (!e || typeof e !== 'object') continue;
        if (e.type === 'aws:cdk:logicalId' && typeof e.data === 'string') {
          info.logicalId = e.data;
          // Older versions attach the creation trace to the logical id entry.
          if (isStringArray(e.trace)) info.trace ??= e.trace;
        } else if (e.type === 'aws:cdk:creationStack' && isStringArray(e.data)) info.trace = e.data;
        else if (e.type === 'aws:cdk:templateFile' && typeof e.data === 'string')
          nestedAt.set(p.replace(/\/$/, ''), e.data);
      }
      byPath.set(p, info);
    }
    // Older versions name a nested stack's template only on its AWS::CloudFormation::Stack resource
    // (`aws:asset:path` metadata in the template), whose construct is `<path>.NestedStack/<id>.NestedStackResource`.
    let template: Record<string, unknown> | undefined;
    for (const [p, info] of byPath) {
      const m = /^(.*)\/([^/]+)\.NestedStack\/\2\.NestedStackResource$/.exec(p);
      if (!m || !info.logicalId || nestedAt.has(`${m[1]}/${m[2]}`)) continue;
      template ??= readJson(path.resolve(assemblyDir, templateFile)) ?? {};
      const resource = asObject(asObject(template.Resources)?.[info.logicalId]);
      const assetPath = asObject(resource?.Metadata)?.['aws:asset:path'];
      if (typeof assetPath === 'string') nestedAt.set(`${m[1]}/${m[2]}`, assetPath);
    }
    const file = path.resolve(assemblyDir, templateFile);
    // Every stack construct (this one too) names its template; a resource belongs to the deepest stack
    // above it. Without those entries (older versions), everything belongs to this stack's template.
    const stackPaths = [...nestedAt.keys()].sort((a, b) => b.length - a.length);
    const fileOf = (stackPath: string): string =>
      stackPath ? path.resolve(assemblyDir, nestedAt.get(stackPath)!) : file;
    const owner = (p: string): string => stackPaths.find((n) => p.startsWith(`${n}/`)) ?? '';
    const byFile = new Map<
      string,
      { displayName: string; parentFile?: string; resources: Map<string, CdkResource> }
    >();
    byFile.set(file, { displayName, resources: new Map() });
    for (const n of stackPaths) {
      const f = fileOf(n);
      if (f === file || byFile.has(f)) continue;
      byFile.set(f, {
        displayName: n.replace(/^\//, ''),
        parentFile: fileOf(owner(n)),
        resources: new Map(),
      });
    }
    for (const [p, info] of byPath) {
      if (!info.logicalId) continue;
      if (info.trace?.length) hasTraces = true;
      byFile.get(fileOf(owner(p)))?.resources.set(info.logicalId, {
        path: p.replace(/^\//, ''),
        construct: constructOf(p),
        ...(info.trace ? { trace: info.trace } : {}),
      });
    }
    const out: CdkTemplate[] = [];
    for (const [f, t] of byFile) out.push({ file: f, ...t });
    return out;
  };

  readOne(root, 0);
  // Templates no manifest names (hand-copied, or from a CDK version this reader does not know) are
  // still templates of the app: linted, with template locations only.
  for (const dir of assemblyDirs) {
    for (const name of io.list(dir)) {
      const file = path.join(dir, name);
      if (!name.endsWith('.template.json') || listed.has(file)) continue;
      listed.add(file);
      templates.push({
        file,
        displayName: name.replace(/\.(?:nested\.)?template\.json$/, ''),
        resources: new Map(),
      });
    }
  }
  return { dir: root, projectDir: path.dirname(root), templates, problems, hasTraces };
}
