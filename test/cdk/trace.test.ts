import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  NODE_SOURCE_FS,
  SourceResolver,
  parseFrame,
  userFrame,
  type SourceFs,
  type StackFrame,
} from '../../server/src/cdk/trace';
import { tempTree } from '../helpers/tempTree';

/** The committed CDK app: src/*.ts compiled to lib/*.js (+ maps), synthesized to cdk.out/. */
const APP = path.resolve(__dirname, '../../../test/fixtures/cdk-app');
/** Where the fixture was synthesized: the absolute paths its traces hold. */
const SYNTH_LIB = '/work/main/test/fixtures/cdk-app/lib';

type Metadata = Record<string, { type: string; data?: unknown; trace?: unknown }[]>;

function metadata(rel: string): Metadata {
  return JSON.parse(fs.readFileSync(path.join(APP, 'cdk.out', rel), 'utf8')) as Metadata;
}

/** The creation stacks of a metadata file, by construct path. */
function creationStacks(rel: string): Map<string, string[]> {
  const stacks = new Map<string, string[]>();
  for (const [constructPath, entries] of Object.entries(metadata(rel))) {
    for (const e of entries) {
      if (e.type === 'aws:cdk:creationStack') stacks.set(constructPath, e.data as string[]);
    }
  }
  return stacks;
}

function stackOf(rel: string, constructPath: string): string[] {
  const trace = creationStacks(rel).get(constructPath);
  assert.ok(trace, `no creation stack for ${constructPath}`);
  return trace;
}

/** The text of a 1-based line of a file. */
function lineText(file: string, line: number): string {
  return fs.readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';
}

const temps: string[] = [];
after(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throwaway folder with the given files (paths relative to it), removed after the tests. */
function tree(files: Readonly<Record<string, string>>): string {
  const dir = tempTree('sg-lint-trace-', files);
  temps.push(dir);
  return dir;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

/**
 * A source map's `mappings` from decoded segments: per generated line, `[column]` or
 * `[column, sourceIndex, originalLine, originalColumn]`, all 0-based.
 */
function mappings(lines: readonly (readonly number[])[][]): string {
  let source = 0;
  let origLine = 0;
  let origColumn = 0;
  return lines
    .map((segments) => {
      let column = 0;
      return segments
        .map((s) => {
          const fields = [(s[0] ?? 0) - column];
          column = s[0] ?? 0;
          if (s.length >= 4) {
            fields.push((s[1] ?? 0) - source, (s[2] ?? 0) - origLine, (s[3] ?? 0) - origColumn);
            [source, origLine, origColumn] = [s[1] ?? 0, s[2] ?? 0, s[3] ?? 0];
          }
          return fields.map(vlq).join('');
        })
        .join(',');
    })
    .join(';');
}

/** A source map mapping generated line 1, column 4 (0-based) to line 3, column 2 of its one source. */
function mapJson(sources: readonly string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 3, sources, names: [], mappings: mappings([[[4, 0, 2, 2]]]), ...extra });
}

/** A SourceFs over the real disk that counts what the resolver asks. */
function countingFs(): SourceFs & {
  readonly reads: Map<string, number>;
  readonly checks: Map<string, number>;
} {
  const reads = new Map<string, number>();
  const checks = new Map<string, number>();
  return {
    reads,
    checks,
    exists(file) {
      checks.set(file, (checks.get(file) ?? 0) + 1);
      return NODE_SOURCE_FS.exists(file);
    },
    readFile(file) {
      reads.set(file, (reads.get(file) ?? 0) + 1);
      return NODE_SOURCE_FS.readFile(file);
    },
  };
}

describe('CDK creation stacks: the user frame (userFrame)', () => {
  it('takes the first frame of the app from a trace aws-cdk-lib 2.276 folded', () => {
    assert.deepEqual(userFrame(stackOf('ShopStack.metadata.json', '/ShopStack/BastionSg/Resource')), {
      file: `${SYNTH_LIB}/shop-stack.js`,
      line: 12,
      column: 25,
      fn: 'new ShopStack',
    });
    assert.deepEqual(
      userFrame(stackOf('ShopStack.metadata.json', '/ShopStack/Reporting/ReportsSg/Resource')),
      { file: `${SYNTH_LIB}/shop-stack.js`, line: 39, column: 25, fn: 'new ReportingStack' },
    );
    assert.deepEqual(
      userFrame(stackOf('assembly-Prod/ProdApi2466CF1F.metadata.json', '/Prod/Api/ApiSg/Resource')),
      {
        file: `${SYNTH_LIB}/prod-stage.js`,
        line: 30,
        column: 21,
        fn: 'new ApiStack',
      },
    );
  });

  it('finds no user frame in traces of resources the library made on its own', () => {
    // [".../node_modules/aws-cdk-lib/aws-ec2/lib/vpc.js:1:291 in aws-cdk-lib...", "Array.forEach (:)", "...aws-cdk-lib..."]
    assert.equal(
      userFrame(stackOf('ShopStack.metadata.json', '/ShopStack/Vpc/PublicSubnet1/Subnet')),
      undefined,
    );
    // ["...aws-cdk-lib...", "(no user code in 10 frames, use --stack-trace-limit to capture more)"]
    assert.equal(userFrame(stackOf('ShopStack.metadata.json', '/ShopStack/BootstrapVersion')), undefined);
    assert.equal(userFrame([]), undefined);
  });

  it('finds the user frame of exactly the fixture resources the app made', () => {
    const without: string[] = [];
    const frames = new Set<string>();
    for (const rel of [
      'ShopStack.metadata.json',
      'assembly-Prod/ProdNetwork2D2E7D69.metadata.json',
      'assembly-Prod/ProdApi2466CF1F.metadata.json',
    ]) {
      for (const [constructPath, trace] of creationStacks(rel)) {
        const frame = userFrame(trace);
        if (frame) frames.add(`${path.basename(frame.file)}:${frame.line}:${frame.column} ${frame.fn ?? ''}`);
        else without.push(constructPath);
      }
    }
    assert.deepEqual(
      without.filter(
        (p) => !/\/(Public|Isolated)Subnet\d\/(Subnet|RouteTable|RouteTableAssociation)$/.test(p),
      ),
      [
        '/ShopStack/BootstrapVersion',
        '/ShopStack/CheckBootstrapVersion',
        '/Prod/Network/BootstrapVersion',
        '/Prod/Network/CheckBootstrapVersion',
        '/Prod/Network/Exports/Output{"Ref":"Vpc8378EB38"}',
        '/Prod/Api/BootstrapVersion',
        '/Prod/Api/CheckBootstrapVersion',
      ],
    );
    // Each VPC's four subnets: Subnet, RouteTable, RouteTableAssociation.
    assert.equal(without.length, 7 + 2 * 4 * 3);
    assert.deepEqual([...frames].sort(), [
      'app.js:16:1 <anonymous>',
      'app.js:18:5 <anonymous>',
      'prod-stage.js:10:25 new ProdStage',
      'prod-stage.js:11:9 new ProdStage',
      'prod-stage.js:20:20 new NetworkStack',
      'prod-stage.js:30:21 new ApiStack',
      'shop-stack.js:10:21 new ShopStack',
      'shop-stack.js:12:25 new ShopStack',
      'shop-stack.js:16:24 new ShopStack',
      'shop-stack.js:19:20 new ShopStack',
      'shop-stack.js:25:24 new ShopStack',
      'shop-stack.js:27:21 new ShopStack',
      'shop-stack.js:28:13 new ShopStack',
      'shop-stack.js:31:9 new ShopStack',
      'shop-stack.js:38:9 new ReportingStack',
      'shop-stack.js:39:25 new ReportingStack',
    ]);
  });

  it('skips library and Node frames of a raw trace (the aws:cdk:warning of the Prod/Api stack)', () => {
    const warning = metadata('assembly-Prod/ProdApi2466CF1F.metadata.json')['/Prod/Api']?.find(
      (e) => e.type === 'aws:cdk:warning',
    );
    assert.ok(warning && Array.isArray(warning.trace));
    assert.deepEqual(userFrame(warning.trace as string[]), {
      file: `${SYNTH_LIB}/app.js`,
      line: 18,
      column: 5,
      fn: 'Object.<anonymous>',
    });
  });

  it('skips node_modules, node:internal and old Node core frames of a CDK v1 trace with "at " prefixes', () => {
    const v1 = [
      '    at new SecurityGroup (/home/x/app/node_modules/@aws-cdk/aws-ec2/lib/security-group.js:1:5000)',
      '    at Function.Module._load (internal/modules/cjs/loader.js:774:14)',
      '    at processImmediate (events.js:400:28)',
      '    at Module._compile (node:internal/modules/cjs/loader:1105:14)',
      '    at new AppStack (/home/x/app/lib/app-stack.ts:14:5)',
      '    at Object.<anonymous> (/home/x/app/bin/app.ts:7:1)',
    ];
    assert.deepEqual(userFrame(v1), {
      file: '/home/x/app/lib/app-stack.ts',
      line: 14,
      column: 5,
      fn: 'new AppStack',
    });
    assert.deepEqual(userFrame(v1.slice(0, 4)), undefined);
    // The `trace` of an `aws:cdk:logicalId` entry (CDK v1, early v2 with --debug): no "at ".
    assert.deepEqual(
      userFrame([
        'new SecurityGroup (/home/x/app/node_modules/aws-cdk-lib/aws-ec2/lib/security-group.js:1:5000)',
        'Object.<anonymous> (/home/x/app/bin/app.ts:7:1)',
        'Module._compile (node:internal/modules/cjs/loader:1105:14)',
      ]),
      { file: '/home/x/app/bin/app.ts', line: 7, column: 1, fn: 'Object.<anonymous>' },
    );
  });

  it('reads bare locations, file: URLs and Windows paths', () => {
    assert.deepEqual(userFrame(['at /home/x/app/lib/loop.js:3:9']), {
      file: '/home/x/app/lib/loop.js',
      line: 3,
      column: 9,
    });
    assert.deepEqual(userFrame(['    at async /home/x/app/lib/main.mjs:12:3']), {
      file: '/home/x/app/lib/main.mjs',
      line: 12,
      column: 3,
    });
    assert.deepEqual(userFrame(['new AppStack (file:///home/x/my%20app/lib/app-stack.mjs:14:5)']), {
      file: '/home/x/my app/lib/app-stack.mjs',
      line: 14,
      column: 5,
      fn: 'new AppStack',
    });
    assert.deepEqual(userFrame(['<anonymous> (file:///C:/Users/bob/shop/lib/app.mjs:4:2)']), {
      file: 'C:/Users/bob/shop/lib/app.mjs',
      line: 4,
      column: 2,
      fn: '<anonymous>',
    });
    assert.deepEqual(
      userFrame([
        'new Intrinsic (C:\\Users\\BOB~1\\AppData\\Local\\Temp\\jsii-kernel-w2sbmt\\node_modules\\@aws-cdk\\core\\lib\\private\\intrinsic.js:20:44)',
        'new AppStack (C:\\Users\\bob\\shop\\lib\\app.js:4:2)',
      ]),
      { file: 'C:\\Users\\bob\\shop\\lib\\app.js', line: 4, column: 2, fn: 'new AppStack' },
    );
    assert.deepEqual(userFrame(['<anonymous> (file://server/share/shop/lib/app.js:6:1)']), {
      file: '//server/share/shop/lib/app.js',
      line: 6,
      column: 1,
      fn: '<anonymous>',
    });
    assert.deepEqual(userFrame(['at \\\\server\\share\\shop\\lib\\app.js:5:1']), {
      file: '\\\\server\\share\\shop\\lib\\app.js',
      line: 5,
      column: 1,
    });
  });

  it('keeps parentheses and spaces in function names and paths where they belong', () => {
    assert.deepEqual(parseFrame('new <anonymous> (/home/x/app/lib/a.js:3:7)'), {
      file: '/home/x/app/lib/a.js',
      line: 3,
      column: 7,
      fn: 'new <anonymous>',
    });
    assert.deepEqual(parseFrame('Object.weird (name) [as weird (name)] (/tmp/probe.js:8:56)'), {
      file: '/tmp/probe.js',
      line: 8,
      column: 56,
      fn: 'Object.weird (name) [as weird (name)]',
    });
    assert.deepEqual(
      parseFrame('Function.executeUserEntryPoint [as runMain] (/home/x/app (copy)/bin/app.js:9:3)'),
      {
        file: '/home/x/app (copy)/bin/app.js',
        line: 9,
        column: 3,
        fn: 'Function.executeUserEntryPoint [as runMain]',
      },
    );
    // An unbalanced parenthesis in the path: the location starts at the first " (".
    assert.deepEqual(parseFrame('new AppStack (/home/x/a(b/lib/a.js:1:2)'), {
      file: '/home/x/a(b/lib/a.js',
      line: 1,
      column: 2,
      fn: 'new AppStack',
    });
  });

  it('reads the frames without a function name that aws-cdk-lib 2.x mangles', () => {
    // What aws-cdk-lib 2.276 records for `[1].forEach((i) => new ec2.SecurityGroup(…))` at /tmp/probe.js:6:20:
    // its frame parser cuts a bare location into a "function" (two characters short) and a location (one short).
    const forEach = [
      '...new SecurityGroup2 in aws-cdk-lib...',
      '/tmp/probe.js:6: (/tmp/probe.js:6:2)',
      'Array.forEach (:)',
      '<anonymous> (/tmp/probe.js:6:5)',
      '...node internals...',
    ];
    assert.deepEqual(userFrame(forEach), { file: '/tmp/probe.js', line: 6, column: 20 });
    assert.deepEqual(parseFrame('/tmp/probe.js:7:6 (/tmp/probe.js:7:61)'), {
      file: '/tmp/probe.js',
      line: 7,
      column: 610,
    });
    // A one-digit column leaves an empty location.
    assert.deepEqual(userFrame(['/tmp/probe.js:3 (:)', 'Array.forEach (:)']), {
      file: '/tmp/probe.js',
      line: 3,
      column: 1,
    });
    assert.equal(parseFrame('Array.forEach (:)'), undefined);
    assert.equal(parseFrame('Array.forEach (<anonymous>)'), undefined);
  });

  it('skips eval code, summaries and "(no user code …)" lines', () => {
    assert.deepEqual(
      userFrame([
        '...new SecurityGroup2 in aws-cdk-lib...',
        '(no user code in 10 frames, use --stack-trace-limit to capture more)',
        'eval (eval at <anonymous> (/tmp/probe.js:10:1), <anonymous>:1:1)',
        '<anonymous> (/tmp/probe.js:10:1)',
      ]),
      { file: '/tmp/probe.js', line: 10, column: 1, fn: '<anonymous>' },
    );
    assert.equal(parseFrame('...node internals...'), undefined);
    assert.equal(
      parseFrame('.../home/x/app/node_modules/aws-cdk-lib/aws-ec2/lib/vpc.js:1:291 in aws-cdk-lib...'),
      undefined,
    );
    assert.equal(
      parseFrame('    (no user code in 10 frames, use --stack-trace-limit to capture more)'),
      undefined,
    );
    assert.equal(parseFrame(''), undefined);
    assert.equal(parseFrame('/home/x/app/lib/a.js:1:2)'), undefined);
    // Nothing V8 prints, but a hand-made or foreign trace may hold them.
    assert.equal(parseFrame('main (/home/x/app/lib/a.js:0:4)'), undefined);
    assert.deepEqual(parseFrame('main (/home/x/app/my_stack.py:3:0)'), {
      file: '/home/x/app/my_stack.py',
      line: 3,
      column: 1,
      fn: 'main',
    });
  });

  it("finds no user frame in a Python app's trace: only jsii's runtime and the library it loaded", () => {
    assert.equal(
      userFrame([
        'new Bucket (/private/var/folders/zl/T/jsii-kernel-ZbnPBD/node_modules/@aws-cdk/aws-s3/lib/bucket.js:387:26)',
        '/Users/seb/foo/.env/lib/python3.7/site-packages/jsii/_embedded/jsii/jsii-runtime.js:7915:49',
        'Kernel._wrapSandboxCode (/Users/seb/foo/.env/lib/python3.7/site-packages/jsii/_embedded/jsii/jsii-runtime.js:8388:20)',
        'KernelHost.run (/private/var/folders/zv/T/tmpjph88goj/lib/program.js:1:211164)',
        'Kernel._Kernel_typeInfoForFqn (/tmp/jsii-runtime.2073899629/lib/program.js:9373:23)',
        'KernelHost.processRequest (/private/var/folders/gl/T/jsii-java-runtime4113182848482488597/jsii-runtime.js:7285:28)',
        'App.value (C:\\Users\\bob\\AppData\\Local\\Temp\\x5wiu4ea.dlw\\jsii-runtime.js:8027:41)',
        'processImmediate (internal/timers.js:456:21)',
      ]),
      undefined,
    );
    // An app's own lib/program.js is not jsii's.
    assert.deepEqual(userFrame(['main (/home/x/app/lib/program.js:3:1)']), {
      file: '/home/x/app/lib/program.js',
      line: 3,
      column: 1,
      fn: 'main',
    });
  });

  it('takes the host-language frames jsii forwards (JSII_HOST_STACK_TRACES=1), skipping site-packages', () => {
    const python = [
      '...aws-cdk-lib, jsii runtime, node internals...',
      '(no user code in 10 frames, use --stack-trace-limit to capture more)',
      '__init__ (/Users/x/my_app/.venv/lib/python3.12/site-packages/aws_cdk/aws_ec2/__init__.py:5000)',
      '__init__ (/Users/x/my_app/my_app/my_app_stack.py:42)',
      '<module> (app.py:10)',
    ];
    assert.deepEqual(userFrame(python), {
      file: '/Users/x/my_app/my_app/my_app_stack.py',
      line: 42,
      column: 1,
      fn: '__init__',
    });
    // Relative host frames are relative to the app's folder; relative JavaScript is Node's own.
    assert.deepEqual(userFrame(['MyStack.__init__ (my_app/my_stack.py:42:8)']), {
      file: 'my_app/my_stack.py',
      line: 42,
      column: 8,
      fn: 'MyStack.__init__',
    });
    assert.equal(userFrame(['<module> (<frozen runpy>:88)', 'emit (events.js:400:28)']), undefined);
  });
});

describe('CDK creation stacks: the source on this machine (SourceResolver)', () => {
  const SHOP_TS = path.join(APP, 'src', 'shop-stack.ts');
  const PROD_TS = path.join(APP, 'src', 'prod-stage.ts');
  const APP_TS = path.join(APP, 'src', 'app.ts');

  it('follows the committed source map of a fixture frame to the .ts line that made the group', () => {
    const resolver = new SourceResolver(APP);
    const frame = userFrame(stackOf('ShopStack.metadata.json', '/ShopStack/BastionSg/Resource'));
    assert.ok(frame);
    const resolved = resolver.resolve(frame);
    assert.deepEqual(resolved, { path: SHOP_TS, line: 12, column: 21, via: 'source-map' });
    assert.match(lineText(SHOP_TS, 12), /const bastion = new ec2\.SecurityGroup\(this, 'BastionSg'/);
    assert.equal(lineText(SHOP_TS, 12).indexOf('new ec2'), 21 - 1);
  });

  it('maps the other fixture frames, whose .ts lines differ from the .js ones', () => {
    const resolver = new SourceResolver(APP);
    const at = (file: string, line: number, column: number) =>
      resolver.resolve({ file: `${SYNTH_LIB}/${file}`, line, column });
    // LegacySg: shop-stack.js:16:24.
    assert.deepEqual(at('shop-stack.js', 16, 24), { path: SHOP_TS, line: 17, column: 20, via: 'source-map' });
    assert.match(lineText(SHOP_TS, 17), /new ec2\.SecurityGroup\(this, 'LegacySg'/);
    // The group-to-group rule: shop-stack.js:25:24.
    assert.deepEqual(at('shop-stack.js', 25, 24), { path: SHOP_TS, line: 27, column: 20, via: 'source-map' });
    assert.match(lineText(SHOP_TS, 27), /^\s*db\.connections\.allowFrom\(legacy, /);
    // The VPC: shop-stack.js:10:21 is line 9 of the .ts.
    assert.deepEqual(at('shop-stack.js', 10, 21), { path: SHOP_TS, line: 9, column: 17, via: 'source-map' });
    // The nested stack's group.
    assert.deepEqual(at('shop-stack.js', 39, 25), { path: SHOP_TS, line: 43, column: 21, via: 'source-map' });
    assert.match(lineText(SHOP_TS, 43), /new ec2\.SecurityGroup\(this, 'ReportsSg'/);
    // The stage's stacks.
    assert.deepEqual(at('prod-stage.js', 30, 21), { path: PROD_TS, line: 31, column: 17, via: 'source-map' });
    assert.match(lineText(PROD_TS, 31), /new ec2\.SecurityGroup\(this, 'ApiSg'/);
    assert.deepEqual(at('prod-stage.js', 20, 20), { path: PROD_TS, line: 20, column: 16, via: 'source-map' });
    assert.match(lineText(PROD_TS, 20), /this\.vpc = new ec2\.Vpc\(this, 'Vpc'/);
    assert.deepEqual(at('app.js', 17, 1), { path: APP_TS, line: 16, column: 1, via: 'source-map' });
    assert.match(lineText(APP_TS, 16), /^new ProdStage\(app, 'Prod'/);
  });

  it('maps every user frame of the fixture into src/', () => {
    const resolver = new SourceResolver(APP);
    const seen = new Set<string>();
    for (const rel of ['ShopStack.metadata.json', 'assembly-Prod/ProdApi2466CF1F.metadata.json']) {
      for (const trace of creationStacks(rel).values()) {
        const frame = userFrame(trace);
        const resolved = frame && resolver.resolve(frame);
        if (resolved) seen.add(`${path.relative(APP, resolved.path)}:${resolved.line} ${resolved.via}`);
      }
    }
    assert.deepEqual([...seen].sort(), [
      'src/app.ts:15 source-map',
      'src/app.ts:17 source-map',
      'src/prod-stage.ts:10 source-map',
      'src/prod-stage.ts:31 source-map',
      'src/shop-stack.ts:12 source-map',
      'src/shop-stack.ts:17 source-map',
      'src/shop-stack.ts:21 source-map',
      'src/shop-stack.ts:27 source-map',
      'src/shop-stack.ts:30 source-map',
      'src/shop-stack.ts:31 source-map',
      'src/shop-stack.ts:35 source-map',
      'src/shop-stack.ts:42 source-map',
      'src/shop-stack.ts:43 source-map',
      'src/shop-stack.ts:9 source-map',
    ]);
  });

  it('relocates a trace from another machine under the project folder, then follows the map', () => {
    const resolver = new SourceResolver(APP);
    const expected = { path: SHOP_TS, line: 12, column: 21, via: 'source-map' };
    assert.deepEqual(
      resolver.resolve({ file: '/home/alice/shop/lib/shop-stack.js', line: 12, column: 25 }),
      expected,
    );
    assert.deepEqual(
      resolver.resolve({ file: 'C:\\Users\\bob\\shop\\lib\\shop-stack.js', line: 12, column: 25 }),
      expected,
    );
    assert.deepEqual(
      resolver.resolve({ file: 'file:///home/runner/work/shop/lib/prod-stage.js', line: 30, column: 21 }),
      { path: PROD_TS, line: 31, column: 17, via: 'source-map' },
    );
    assert.equal(
      resolver.resolve({ file: '/home/alice/shop/lib/no-such-stack.js', line: 12, column: 25 }),
      undefined,
    );
    assert.equal(
      resolver.resolve({ file: 'C:\\Users\\bob\\shop\\lib\\nothing.js', line: 1, column: 1 }),
      undefined,
    );
  });

  describe('finding the file', () => {
    it('uses the path as written when it exists, even outside the project folder', () => {
      const elsewhere = tree({ 'lib/app.js': 'x\n' });
      const project = tree({ 'lib/app.js': 'y\n' });
      assert.deepEqual(
        new SourceResolver(project).resolve({ file: `${elsewhere}/lib/app.js`, line: 1, column: 1 }),
        {
          path: path.join(elsewhere, 'lib/app.js'),
          line: 1,
          column: 1,
          via: 'as-written',
        },
      );
      assert.deepEqual(
        new SourceResolver(project).resolve({ file: `file://${elsewhere}/lib/app.js`, line: 2, column: 3 }),
        { path: path.join(elsewhere, 'lib/app.js'), line: 2, column: 3, via: 'as-written' },
      );
    });

    it('prefers an identical copy inside the project to the path as written outside it', () => {
      const original = tree({ 'lib/app.js': 'same\n', 'lib/util.js': 'old\n' });
      const project = tree({ 'lib/app.js': 'same\n', 'lib/util.js': 'new\n' });
      const resolver = new SourceResolver(project);
      assert.deepEqual(resolver.resolve({ file: `${original}/lib/app.js`, line: 3, column: 1 }), {
        path: path.join(project, 'lib/app.js'),
        line: 3,
        column: 1,
        via: 'relocated',
      });
      assert.deepEqual(resolver.resolve({ file: `${original}/lib/util.js`, line: 3, column: 1 }), {
        path: path.join(original, 'lib/util.js'),
        line: 3,
        column: 1,
        via: 'as-written',
      });
    });

    it('follows the traces of the fixture into a copy of the app', () => {
      const copy = tree({});
      for (const sub of ['lib', 'src'])
        fs.cpSync(path.join(APP, sub), path.join(copy, sub), { recursive: true });
      const frame = userFrame(stackOf('ShopStack.metadata.json', '/ShopStack/BastionSg/Resource'));
      assert.ok(frame);
      assert.deepEqual(new SourceResolver(copy).resolve(frame), {
        path: path.join(copy, 'src/shop-stack.ts'),
        line: 12,
        column: 21,
        via: 'source-map',
      });
    });

    it('prefers the longest trailing part of a foreign path that exists under the project', () => {
      const project = tree({ 'lib/app.js': '', 'app.js': '', 'shop/lib/other.js': '' });
      const resolver = new SourceResolver(project);
      assert.deepEqual(resolver.resolve({ file: '/home/alice/shop/lib/app.js', line: 4, column: 2 }), {
        path: path.join(project, 'lib/app.js'),
        line: 4,
        column: 2,
        via: 'relocated',
      });
      assert.deepEqual(resolver.resolve({ file: '/home/alice/shop/lib/other.js', line: 1, column: 1 }), {
        path: path.join(project, 'shop/lib/other.js'),
        line: 1,
        column: 1,
        via: 'relocated',
      });
      assert.deepEqual(resolver.resolve({ file: 'D:\\ci\\build\\app.js', line: 1, column: 1 }), {
        path: path.join(project, 'app.js'),
        line: 1,
        column: 1,
        via: 'relocated',
      });
      // A host-language frame relative to the app's folder.
      const python = tree({ 'my_app/my_stack.py': '' });
      assert.deepEqual(
        new SourceResolver(python).resolve({ file: 'my_app/my_stack.py', line: 42, column: 8 }),
        {
          path: path.join(python, 'my_app/my_stack.py'),
          line: 42,
          column: 8,
          via: 'relocated',
        },
      );
    });

    it('never climbs out of the project folder, never lands in node_modules, never takes a folder', () => {
      const root = tree({
        'outside.js': '',
        'project/node_modules/pkg/lib/a.js': '',
        'project/lib/a.js': '',
        'project/lib/folder/keep.txt': '',
      });
      const resolver = new SourceResolver(path.join(root, 'project'));
      assert.equal(resolver.resolve({ file: '../outside.js', line: 1, column: 1 }), undefined);
      assert.equal(
        resolver.resolve({ file: '/home/alice/shop/../../outside.js', line: 1, column: 1 }),
        undefined,
      );
      assert.equal(
        resolver.resolve({ file: '/home/alice/shop/node_modules/pkg/lib/a.js', line: 1, column: 1 }),
        undefined,
      );
      assert.equal(resolver.resolve({ file: '/home/alice/shop/lib/folder', line: 1, column: 1 }), undefined);
      assert.deepEqual(resolver.resolve({ file: '/home/alice/shop/lib/sub/../a.js', line: 1, column: 1 }), {
        path: path.join(root, 'project/lib/a.js'),
        line: 1,
        column: 1,
        via: 'relocated',
      });
    });
  });

  describe('from compiled JavaScript to its source', () => {
    it('takes the .ts beside a .js that has no map, at the same line', () => {
      const project = tree({
        'lib/a.js': 'code\n',
        'lib/a.ts': 'code\n',
        'lib/b.mjs': '',
        'lib/b.ts': '',
        'lib/b.mts': '',
      });
      const resolver = new SourceResolver(project);
      assert.deepEqual(resolver.resolve({ file: `${project}/lib/a.js`, line: 7, column: 3 }), {
        path: path.join(project, 'lib/a.ts'),
        line: 7,
        column: 3,
        via: 'sibling',
      });
      assert.deepEqual(resolver.resolve({ file: '/home/alice/shop/lib/b.mjs', line: 2, column: 1 }), {
        path: path.join(project, 'lib/b.mts'),
        line: 2,
        column: 1,
        via: 'sibling',
      });
    });

    it('keeps the .js when there is neither a map nor a .ts', () => {
      const project = tree({ 'lib/a.js': 'code\n', 'lib/a.d.ts': '' });
      const resolver = new SourceResolver(project);
      assert.deepEqual(resolver.resolve({ file: `${project}/lib/a.js`, line: 7, column: 3 }), {
        path: path.join(project, 'lib/a.js'),
        line: 7,
        column: 3,
        via: 'as-written',
      });
      assert.deepEqual(resolver.resolve({ file: '/elsewhere/lib/a.js', line: 7, column: 3 }), {
        path: path.join(project, 'lib/a.js'),
        line: 7,
        column: 3,
        via: 'relocated',
      });
    });

    it('falls back without throwing when a map is corrupt, not a map, or missing', () => {
      const project = tree({
        'lib/notjson.js': '//# sourceMappingURL=notjson.js.map\n',
        'lib/notjson.js.map': '{"version":3,"sources":["../src/a.ts"],',
        'lib/notjson.ts': '',
        // The decoder is lenient, so a corrupt map decodes to nonsense: a source that is not in the list, a
        // negative line; the library throws only on a broken section.
        'lib/badsource.js': '',
        'lib/badsource.js.map': JSON.stringify({
          version: 3,
          sources: ['../src/a.ts'],
          names: [],
          mappings: 'ICAA',
        }),
        'lib/negative.js': '',
        'lib/negative.js.map': JSON.stringify({
          version: 3,
          sources: ['../src/a.ts'],
          names: [],
          mappings: 'IAFA',
        }),
        'lib/badsection.js': '',
        'lib/badsection.js.map': JSON.stringify({
          version: 3,
          sections: [{ offset: { line: 0, column: 0 } }],
        }),
        'lib/badsources.js': '',
        'lib/badsources.js.map': JSON.stringify({ version: 3, sources: '../src/a.ts', mappings: 'IAAA' }),
        'lib/nomappings.js': 'code\n',
        'lib/nomappings.js.map': JSON.stringify({ version: 3, sources: ['../src/a.ts'] }),
        'lib/missing.js': '//# sourceMappingURL=gone.js.map\n',
        'lib/array.js': 'code\n',
        'lib/array.js.map': '[1,2,3]',
        'src/a.ts': '',
      });
      const resolver = new SourceResolver(project);
      const at = (name: string) => resolver.resolve({ file: `${project}/lib/${name}`, line: 1, column: 5 });
      assert.deepEqual(at('notjson.js'), {
        path: path.join(project, 'lib/notjson.ts'),
        line: 1,
        column: 5,
        via: 'sibling',
      });
      for (const name of [
        'badsource.js',
        'negative.js',
        'badsection.js',
        'badsources.js',
        'nomappings.js',
        'missing.js',
        'array.js',
      ]) {
        assert.deepEqual(
          at(name),
          { path: path.join(project, 'lib', name), line: 1, column: 5, via: 'as-written' },
          name,
        );
      }
    });

    it('uses the map only when its original exists, else the sibling .ts', () => {
      const project = tree({
        'lib/a.js': '',
        'lib/a.js.map': mapJson(['../src/gone.ts']),
        'lib/a.ts': '',
      });
      assert.deepEqual(
        new SourceResolver(project).resolve({ file: `${project}/lib/a.js`, line: 1, column: 5 }),
        {
          path: path.join(project, 'lib/a.ts'),
          line: 1,
          column: 5,
          via: 'sibling',
        },
      );
    });

    it('reads an inline data: URL map, base64 or percent-encoded', () => {
      const base64 = Buffer.from(mapJson(['../src/a.ts'])).toString('base64');
      const project = tree({
        'lib/a.js': `code\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${base64}\n`,
        'lib/b.js': `code\n//# sourceMappingURL=data:application/json,${encodeURIComponent(mapJson(['../src/b.ts']))}`,
        'src/a.ts': '',
        'src/b.ts': '',
      });
      const resolver = new SourceResolver(project);
      assert.deepEqual(resolver.resolve({ file: `${project}/lib/a.js`, line: 1, column: 5 }), {
        path: path.join(project, 'src/a.ts'),
        line: 3,
        column: 3,
        via: 'source-map',
      });
      assert.deepEqual(resolver.resolve({ file: `${project}/lib/b.js`, line: 1, column: 5 }), {
        path: path.join(project, 'src/b.ts'),
        line: 3,
        column: 3,
        via: 'source-map',
      });
    });

    it('finds the map a comment names, however it is written; an index map', () => {
      const project = tree({
        // The map's sources are relative to the map, not to the script.
        'lib/a.js': 'code\n//# sourceMappingURL=maps/a.js.map\n',
        'lib/maps/a.js.map': mapJson(['../../src/a.ts']),
        'lib/b.js': 'code\n//# sourceMappingURL=/home/alice/shop/maps/b.map\n',
        'maps/b.map': mapJson(['../src/b.ts']),
        // A bundle that kept an inner file's comment: the last one is the bundle's.
        'lib/c.js': '//# sourceMappingURL=inner.js.map\ncode\n//# sourceMappingURL=c.map',
        'lib/c.map': mapJson(['../src/c.ts']),
        // The older `//@` form, CRLF line ends, and a map with the `)]}'` prefix the spec allows.
        'lib/e.js': 'code\r\n//@ sourceMappingURL=e.map\r\n',
        'lib/e.map': `)]}'\n${mapJson(['../src/e.ts'])}`,
        // Percent-encoded, and a name that is not valid percent-encoding, taken as it is.
        'lib/f.js': '//# sourceMappingURL=my%20f.map\n',
        'lib/my f.map': mapJson(['../src/f.ts']),
        'lib/g.js': '//# sourceMappingURL=g%zz.map\n',
        'lib/g%zz.map': mapJson(['../src/g.ts']),
        // A file: URL of the machine that compiled.
        'lib/h.js': '//# sourceMappingURL=file:///home/alice/shop/lib/h.map\n',
        'lib/h.map': mapJson(['../src/h.ts']),
        // An index map (sections), as some bundlers write.
        'lib/d.js': '',
        'lib/d.js.map': JSON.stringify({
          version: 3,
          sections: [
            { offset: { line: 0, column: 0 }, map: JSON.parse(mapJson(['../src/d.ts'])) as unknown },
          ],
        }),
        'src/a.ts': '',
        'src/b.ts': '',
        'src/c.ts': '',
        'src/d.ts': '',
        'src/e.ts': '',
        'src/f.ts': '',
        'src/g.ts': '',
        'src/h.ts': '',
      });
      const resolver = new SourceResolver(project);
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
        assert.deepEqual(
          resolver.resolve({ file: `${project}/lib/${name}.js`, line: 1, column: 5 }),
          { path: path.join(project, `src/${name}.ts`), line: 3, column: 3, via: 'source-map' },
          name,
        );
      }
    });

    it('joins sourceRoot to the sources', () => {
      const project = tree({
        'lib/a.js': '',
        'lib/a.js.map': mapJson(['a.ts'], { sourceRoot: '../src' }),
        'lib/b.js': '',
        'lib/b.js.map': mapJson(['b.ts'], { sourceRoot: 'file:///home/alice/shop/src/' }),
        'src/a.ts': '',
        'src/b.ts': '',
        // Without sourceRoot, a.ts would be this one.
        'lib/a.ts': '',
      });
      const resolver = new SourceResolver(project);
      for (const name of ['a', 'b']) {
        assert.deepEqual(
          resolver.resolve({ file: `${project}/lib/${name}.js`, line: 1, column: 5 }),
          { path: path.join(project, `src/${name}.ts`), line: 3, column: 3, via: 'source-map' },
          name,
        );
      }
    });

    it('relocates sources that are absolute paths of the machine that compiled', () => {
      const project = tree({
        'lib/a.js': '',
        'lib/a.js.map': mapJson(['/home/alice/shop/src/a.ts']),
        'lib/b.js': '',
        'lib/b.js.map': mapJson(['C:\\Users\\bob\\shop\\src\\b.ts']),
        'lib/c.js': '',
        'lib/c.js.map': mapJson(['webpack://shop/./src/c.ts']),
        'src/a.ts': '',
        'src/b.ts': '',
        'src/c.ts': '',
        'a.ts': '',
      });
      const resolver = new SourceResolver(project);
      for (const name of ['a', 'b', 'c']) {
        assert.deepEqual(
          resolver.resolve({ file: `/home/alice/shop/lib/${name}.js`, line: 1, column: 5 }),
          { path: path.join(project, `src/${name}.ts`), line: 3, column: 3, via: 'source-map' },
          name,
        );
      }
      // A source that exists as written, outside the project: taken as it is.
      const shared = tree({ 'src/d.ts': '' });
      fs.writeFileSync(path.join(project, 'lib/d.js'), '');
      fs.writeFileSync(path.join(project, 'lib/d.js.map'), mapJson([`file://${shared}/src/d.ts`]));
      assert.deepEqual(resolver.resolve({ file: `/home/alice/shop/lib/d.js`, line: 1, column: 5 }), {
        path: path.join(shared, 'src/d.ts'),
        line: 3,
        column: 3,
        via: 'source-map',
      });
    });

    it('takes the nearest mapping of the line when the column has none', () => {
      const project = tree({
        'lib/a.js': '',
        'lib/a.js.map': JSON.stringify({
          version: 3,
          sources: ['../src/a.ts'],
          names: [],
          mappings: mappings([
            [
              [4, 0, 9, 2],
              [20, 0, 10, 6],
            ],
            [],
            [[0], [8, 0, 14, 0]],
          ]),
        }),
        'src/a.ts': '',
      });
      const resolver = new SourceResolver(project);
      const lineColumn = (line: number, column: number) => {
        const resolved = resolver.resolve({ file: `${project}/lib/a.js`, line, column });
        return resolved && `${resolved.via} ${resolved.line}:${resolved.column}`;
      };
      assert.equal(lineColumn(1, 5), 'source-map 10:3', 'exact');
      assert.equal(lineColumn(1, 12), 'source-map 10:3', 'the last mapping before');
      assert.equal(lineColumn(1, 21), 'source-map 11:7', 'exact, second');
      assert.equal(lineColumn(1, 80), 'source-map 11:7', 'after the last mapping');
      assert.equal(lineColumn(1, 1), 'source-map 10:3', 'before the first mapping: the first after');
      assert.equal(lineColumn(3, 1), 'source-map 15:1', 'an unmapped segment does not count');
      assert.equal(lineColumn(2, 1), 'as-written 2:1', 'a line without mappings');
      assert.equal(lineColumn(9, 1), 'as-written 9:1', 'past the last line');
    });
  });

  describe('caching and failures', () => {
    it('reads each file once and answers a repeated frame from its cache', () => {
      const project = tree({
        'lib/a.js': '//# sourceMappingURL=a.js.map\n',
        'lib/a.js.map': mapJson(['../src/a.ts']),
        'src/a.ts': '',
      });
      // Where the app was synthesized: the same script, compared with the project's before it is used.
      const original = tree({ 'lib/a.js': '//# sourceMappingURL=a.js.map\n' });
      const counting = countingFs();
      const resolver = new SourceResolver(project, counting);
      const first = resolver.resolve({ file: '/home/alice/shop/lib/a.js', line: 1, column: 5 });
      const second = resolver.resolve({ file: '/home/alice/shop/lib/a.js', line: 1, column: 6 });
      const third = resolver.resolve({ file: `${project}/lib/a.js`, line: 1, column: 5 });
      const fourth = resolver.resolve({ file: `${original}/lib/a.js`, line: 1, column: 5 });
      assert.deepEqual(first, {
        path: path.join(project, 'src/a.ts'),
        line: 3,
        column: 3,
        via: 'source-map',
      });
      assert.deepEqual(second, first);
      assert.deepEqual(third, first);
      assert.deepEqual(fourth, first);
      assert.strictEqual(resolver.resolve({ file: '/home/alice/shop/lib/a.js', line: 1, column: 5 }), first);
      assert.deepEqual(
        [...counting.reads].sort(),
        [
          [path.join(original, 'lib/a.js'), 1],
          [path.join(project, 'lib/a.js'), 1],
          [path.join(project, 'lib/a.js.map'), 1],
        ].sort(),
      );
      assert.deepEqual(
        [...counting.checks.values()].filter((n) => n > 1),
        [],
      );
      // A source file is not read: only compiled scripts have maps.
      assert.deepEqual(resolver.resolve({ file: `${project}/src/a.ts`, line: 2, column: 1 }), {
        path: path.join(project, 'src/a.ts'),
        line: 2,
        column: 1,
        via: 'as-written',
      });
      assert.equal(counting.reads.get(path.join(project, 'src/a.ts')), undefined);
    });

    it('treats a file system that throws as files that are not there', () => {
      const project = tree({ 'lib/a.js': '', 'lib/a.js.map': mapJson(['../src/a.ts']), 'src/a.ts': '' });
      const unreadable: SourceFs = {
        exists: (file) => NODE_SOURCE_FS.exists(file),
        readFile: () => {
          throw new Error('EACCES');
        },
      };
      assert.deepEqual(
        new SourceResolver(project, unreadable).resolve({ file: `${project}/lib/a.js`, line: 1, column: 5 }),
        {
          path: path.join(project, 'lib/a.js'),
          line: 1,
          column: 5,
          via: 'as-written',
        },
      );
      const broken: SourceFs = {
        exists: () => {
          throw new Error('EIO');
        },
        readFile: () => undefined,
      };
      const frame: StackFrame = { file: `${project}/lib/a.js`, line: 1, column: 5 };
      assert.equal(new SourceResolver(project, broken).resolve(frame), undefined);
    });
  });
});
