/**
 * Seeded mutators for the robustness fuzz tests (engine.fuzz.test.ts, server.fuzz.test.ts). Every random
 * choice comes from one PRNG seeded per input, so an input is rebuilt exactly from the run's seed and its
 * number: a failure names both and can be replayed. Mutated text stays valid UTF-16 (no lone surrogates),
 * as an editor's text always is.
 */

/** A random number in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast 32-bit PRNG, good enough to choose mutations and reproducible everywhere. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-spread 32-bit seed for item `index` of a run seeded `seed` (murmur3's finaliser over both). */
export function seedFor(seed: number, index: number): number {
  let h = (seed ^ Math.imul((index + 0x9e3779b9) | 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The run's seed: `SG_LINT_FUZZ_SEED` (decimal or 0x hex) when set, else a fresh random one. */
export function runSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SG_LINT_FUZZ_SEED?.trim();
  if (raw) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
      throw new Error(`SG_LINT_FUZZ_SEED must be an integer in 0..4294967295, got ${JSON.stringify(raw)}`);
    return n >>> 0;
  }
  return (Math.random() * 0x100000000) >>> 0;
}

/** An integer in [lo, hi]. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function weighted<T extends { readonly weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** `offset` moved off the middle of a surrogate pair, so slicing there keeps the text valid UTF-16. */
export function boundary(text: string, offset: number): number {
  const at = Math.max(0, Math.min(text.length, offset));
  if (at > 0 && at < text.length && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1)))
    return at - 1;
  return at;
}

/** A random offset in [0, text.length] that is not inside a surrogate pair. */
export function randomOffset(rng: Rng, text: string): number {
  return boundary(text, randInt(rng, 0, text.length));
}

/** Offsets where lines start (0 and after each \n). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Which syntax an input is written in: fragments that matter differ. */
export type Syntax = 'yaml' | 'json' | 'hcl';

export interface MutateContext {
  readonly syntax: Syntax;
  /** Mutations that grow the text stop near this many characters (huge repeats go up to it). */
  readonly maxChars: number;
  /** Other inputs' texts of the same syntax, for splicing a piece of one into another. */
  readonly donors?: readonly string[];
}

export interface Mutated {
  readonly text: string;
  /** What was done, in order, for the failure report: `truncate(@1234)`, `insert("{"×5 @88)`. */
  readonly ops: string[];
}

interface Mutator {
  readonly name: string;
  readonly weight: number;
  apply(text: string, rng: Rng, ctx: MutateContext): { text: string; detail: string };
}

const COMMON_FRAGMENTS = [
  '\t',
  '"',
  "'",
  '`',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  ':',
  ': ',
  '\\',
  '\n',
  '\r',
  '\r\n',
  '#',
  '${',
  '$${',
  '%{',
  '\u00a0',
  '\ufeff',
  '\u2028',
  '\u0085',
  'é',
  '😀',
  '0.0.0.0/0',
  '::/0',
  '10.0.0.0/33',
  '-1',
  '65536',
  'sg-0123456789abcdef0',
];

const YAML_FRAGMENTS = [
  '!Ref ',
  '!Ref',
  '!GetAtt ',
  '!GetAtt X.GroupId',
  '!Sub "${',
  '!Sub ${AWS::',
  '!If [',
  '!Join [",", [',
  '!Select [0, !Cidr [',
  '!FindInMap [',
  '!ImportValue ',
  '!Base64 ',
  '!!str ',
  '!!binary ',
  '!!map ',
  '!<tag:yaml.org,2002:str> ',
  '&fz ',
  '*fz',
  '*undefinedAlias',
  '<<: *fz\n',
  '? ',
  '- ',
  '- - - ',
  '|\n',
  '>-\n',
  '|+2\n',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '%TAG ! tag:example.com,2000:\n',
  'Ref: ',
  'Fn::If: ',
  'Fn::Sub: ',
  'Condition: ',
  'Type: AWS::EC2::SecurityGroup\n',
  'Type: AWS::EC2::SecurityGroupIngress\n',
  'CidrIp: 0.0.0.0/0\n',
  'IpProtocol: -1\n',
  'FromPort: 0\n',
  'Resources:\n',
  '# sg-lint-ignore SG101 fuzz\n',
  '# sg-lint-ignore *\n',
];

const JSON_FRAGMENTS = [
  '{"Ref": "',
  '{"Ref": "AWS::NoValue"}',
  '{"Fn::Sub": "${',
  '{"Fn::GetAtt": [',
  '{"Fn::If": [',
  '{"Fn::Join": ["", [',
  '"Fn::If"',
  '"":',
  '"Resources": {',
  '"Type": "AWS::EC2::SecurityGroup",',
  '"CidrIp": "0.0.0.0/0",',
  '"IpProtocol": "-1",',
  '"FromPort": -1,',
  '/*',
  '*/',
  '//',
  'true',
  'null',
  '1e999',
  '-0',
  '\\u0000',
  '\\ud800',
  '\\"',
  '"\\',
];

const HCL_FRAGMENTS = [
  '${var.',
  '${',
  '%{ if true }',
  '%{ endif }',
  '%{ for x in var.y }',
  '<<EOF\n',
  '<<-EOT\n',
  'EOF\n',
  'EOT\n',
  'dynamic "ingress" {\n',
  'ingress {\n',
  'egress {\n',
  'content {\n',
  'resource "aws_security_group" "fz" {\n',
  'resource "aws_security_group_rule" "fz" {\n',
  'resource "aws_vpc_security_group_ingress_rule" "fz" {\n',
  'module "fz" {\n  source = "./"\n',
  'variable "fz" {\n',
  'locals {\n',
  'for_each = ',
  'count = ',
  'var.',
  'local.',
  'module.',
  'each.value',
  'count.index',
  '[for x in var.y : x]',
  '{for k, v in var.y : k => v}',
  'lookup(',
  'try(',
  'concat(',
  'cidrsubnet(',
  '? : ',
  ' => ',
  '...',
  'cidr_blocks = ["0.0.0.0/0"]\n',
  'from_port = 0\nto_port = 65535\n',
  'protocol = "-1"\n',
  '/*',
  '*/',
  '//',
  '# sg-lint-ignore SG101 fuzz\n',
  '#tfsec:ignore:aws-ec2-no-public-ingress-sgr\n',
  '#trivy:ignore:AVD-AWS-0107:exp:2000-01-01\n',
  '#checkov:skip=CKV_AWS_24:fuzz\n',
  '# kics-scan ignore-line\n',
];

export function fragmentsFor(syntax: Syntax): readonly string[] {
  return [
    ...COMMON_FRAGMENTS,
    ...(syntax === 'yaml' ? YAML_FRAGMENTS : syntax === 'json' ? JSON_FRAGMENTS : HCL_FRAGMENTS),
  ];
}

/** A fragment of the input's own syntax mostly, of another syntax sometimes (a pasted snippet). */
export function randomFragment(rng: Rng, syntax: Syntax): string {
  if (rng() < 0.15) return pick(rng, fragmentsFor(pick(rng, ['yaml', 'json', 'hcl'] as const)));
  return pick(rng, fragmentsFor(syntax));
}

function show(s: string, max = 24): string {
  const shown = JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
  return s.length > max ? `${shown}(${s.length} chars)` : shown;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** A line-aligned range [start, end) of `text` covering up to `maxLines` lines. */
function lineRange(rng: Rng, text: string, maxLines: number): { start: number; end: number; lines: number } {
  const starts = lineStarts(text);
  const first = randInt(rng, 0, starts.length - 1);
  const lines = randInt(rng, 1, Math.max(1, Math.min(maxLines, starts.length - first)));
  const end = first + lines < starts.length ? starts[first + lines]! : text.length;
  return { start: starts[first]!, end, lines };
}

/** Random code points, none of them a surrogate: control characters, NUL, non-characters, the odd letter. */
function binaryChunk(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = rng();
    if (r < 0.4) s += String.fromCharCode(randInt(rng, 0, 31));
    else if (r < 0.5) s += '\u0000';
    else if (r < 0.6) s += String.fromCharCode(randInt(rng, 0x7f, 0x9f));
    else if (r < 0.7) s += pick(rng, ['\ufffe', '\uffff', '\ufffd', '\u200b', '\u202e']);
    else if (r < 0.8) s += String.fromCodePoint(randInt(rng, 0x10000, 0x10ffff));
    else s += String.fromCharCode(randInt(rng, 0x20, 0xd7ff));
  }
  return s;
}

/** Text nested `depth` levels in one of several ways (flow brackets, block indentation, HCL blocks…). */
function nested(rng: Rng, syntax: Syntax, depth: number): { text: string; how: string } {
  const closed = rng() < 0.7;
  const close = (s: string): string => (closed ? s : '');
  const ways: { how: string; make: () => string }[] = [
    { how: 'flow[', make: () => '['.repeat(depth) + close(']'.repeat(depth)) },
    { how: 'flow{', make: () => '{"a":'.repeat(depth) + '1' + close('}'.repeat(depth)) },
  ];
  if (syntax === 'yaml') {
    ways.push(
      {
        how: 'block',
        // Quadratic in depth (each level indents further): 400 levels (past MAX_DEPTH) is 160 KB.
        make: () =>
          Array.from({ length: Math.min(depth, 400) }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') +
          `\n${'  '.repeat(Math.min(depth, 400))}leaf\n`,
      },
      { how: 'compact-seq', make: () => '- '.repeat(depth) + 'x\n' },
      { how: '!If', make: () => '!If [c, '.repeat(depth) + 'x' + close(', y]'.repeat(depth)) },
      { how: 'tags', make: () => '!Ref '.repeat(depth) + 'x' },
    );
  } else if (syntax === 'hcl') {
    ways.push(
      { how: 'blocks', make: () => 'a {\n'.repeat(depth) + close('}\n'.repeat(depth)) },
      { how: 'parens', make: () => 'x = ' + '('.repeat(depth) + '1' + close(')'.repeat(depth)) + '\n' },
      {
        how: 'templates',
        make: () => 'x = ' + '"${'.repeat(depth) + 'a' + close('}"'.repeat(depth)) + '\n',
      },
      {
        how: 'calls',
        make: () => 'x = ' + 'concat('.repeat(depth) + '[]' + close(')'.repeat(depth)) + '\n',
      },
    );
  } else {
    ways.push({
      how: 'fn',
      make: () => '{"Fn::Join":["",['.repeat(depth) + '"x"' + close(']]}'.repeat(depth)),
    });
  }
  const way = pick(rng, ways);
  return { text: way.make(), how: `${way.how}${closed ? '' : ',unclosed'}` };
}

/** A YAML "billion laughs": `levels` levels of `width` aliases each. */
function aliasBomb(levels: number, width: number): string {
  let s = `fzb0: &fzb0 [${Array(width).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i < levels; i++)
    s += `fzb${i}: &fzb${i} [${Array(width)
      .fill(`*fzb${i - 1}`)
      .join(', ')}]\n`;
  return s;
}

/** Copies of `slice`, numbered: the first key or label of each top-level line gets the copy's number. */
function numbered(slice: string, copies: number, syntax: Syntax): string {
  const lines = slice.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
  const out: string[] = [];
  for (let i = 0; i < copies; i++) {
    out.push(
      lines
        .map((l) => {
          if (/^\s*/.exec(l)![0].length !== indent) return l;
          if (syntax === 'hcl')
            return l.replace(/^(\s*\w+(?:\s+"[^"\n]*")*\s+"[^"\n]*)("\s*\{)/, `$1_${i}$2`);
          return l.replace(/^(\s*"?)([A-Za-z][\w-]*)("?\s*:)/, `$1$2${i}$3`);
        })
        .join('\n'),
    );
  }
  return out.join('\n');
}

const MUTATORS: readonly Mutator[] = [
  {
    name: 'truncate',
    weight: 8,
    apply: (text, rng) => {
      const at = randomOffset(rng, text);
      return { text: text.slice(0, at), detail: `@${at}` };
    },
  },
  {
    name: 'flip',
    weight: 10,
    apply: (text, rng) => {
      if (!text.length) return { text, detail: 'empty' };
      const chars = text.split('');
      const count = pick(rng, [1, 1, 2, 3, 8, 32]);
      const at: number[] = [];
      for (let n = 0; n < count; n++) {
        let i = randInt(rng, 0, chars.length - 1);
        const code = chars[i]!.charCodeAt(0);
        // Half of a surrogate pair: the pair becomes one flipped BMP character.
        if (isLow(code) && i > 0 && isHigh(chars[i - 1]!.charCodeAt(0))) i--;
        const c = chars[i]!.charCodeAt(0);
        const pair = isHigh(c) && i + 1 < chars.length && isLow(chars[i + 1]!.charCodeAt(0));
        let flipped = (pair ? 0x41 : c) ^ (1 << randInt(rng, 0, 7));
        if (isHigh(flipped) || isLow(flipped)) flipped = 0xfffd;
        chars[i] = String.fromCharCode(flipped);
        if (pair) chars[i + 1] = '';
        at.push(i);
      }
      return { text: chars.join(''), detail: `@${at.join(',')}` };
    },
  },
  {
    name: 'insert',
    weight: 16,
    apply: (text, rng, ctx) => {
      const fragment = randomFragment(rng, ctx.syntax);
      const times = pick(rng, [1, 1, 1, 1, 2, 3, 10, 100, 1000]);
      const at = randomOffset(rng, text);
      return {
        text: splice(text, at, at, fragment.repeat(times)),
        detail: `${show(fragment)}×${times} @${at}`,
      };
    },
  },
  {
    name: 'insertAtLineStart',
    weight: 6,
    apply: (text, rng, ctx) => {
      const starts = lineStarts(text);
      const at = pick(rng, starts);
      const indent = /^[ \t]*/.exec(text.slice(at, at + 200))![0];
      const fragment = randomFragment(rng, ctx.syntax);
      return { text: splice(text, at, at, indent + fragment), detail: `${show(fragment)} @${at}` };
    },
  },
  {
    name: 'deleteChars',
    weight: 6,
    apply: (text, rng) => {
      const start = randomOffset(rng, text);
      const end = boundary(text, start + pick(rng, [1, 1, 2, 5, 20, 200]));
      return { text: splice(text, start, end, ''), detail: `@${start}-${end}` };
    },
  },
  {
    name: 'anchors',
    weight: 5,
    apply: (text, rng) => {
      const colons = [...text.matchAll(/: (?=\S)/g)].map((m) => m.index + 2);
      const variant = randInt(rng, 0, 4);
      if (variant === 0 && colons.length >= 2) {
        // An anchor on one value, an alias to it in place of another (maybe before it, maybe itself).
        const a = pick(rng, colons);
        const b = pick(rng, colons);
        const nl = text.indexOf('\n', b);
        const endB = nl < 0 ? text.length : nl;
        // Edits from the end backwards; an alias after the anchor's own value replaces it (a self alias).
        const out =
          a < b
            ? splice(splice(text, b, endB, '*fz'), a, a, '&fz ')
            : a >= endB
              ? splice(splice(text, a, a, '&fz '), b, endB, '*fz')
              : splice(text, b, endB, '&fz *fz');
        return { text: out, detail: `anchor@${a} alias@${b}` };
      }
      if (variant === 1) {
        const at = pick(rng, lineStarts(text));
        const bomb = aliasBomb(randInt(rng, 2, 10), randInt(rng, 2, 10));
        return { text: splice(text, at, at, bomb), detail: `bomb@${at}` };
      }
      if (variant === 2 && colons.length) {
        const at = pick(rng, colons);
        return { text: splice(text, at, at, '&fzr [*fzr, '), detail: `self-alias@${at}` };
      }
      if (variant === 3) {
        const at = pick(rng, lineStarts(text));
        const indent = /^[ \t]*/.exec(text.slice(at, at + 200))![0];
        return { text: splice(text, at, at, `${indent}<<: *fz\n`), detail: `merge@${at}` };
      }
      const at = colons.length ? pick(rng, colons) : randomOffset(rng, text);
      return { text: splice(text, at, at, '*nowhere '), detail: `unknown-alias@${at}` };
    },
  },
  {
    name: 'nest',
    weight: 5,
    apply: (text, rng, ctx) => {
      const depth = pick(rng, [16, 64, 255, 256, 257, 1000, 5000, 50000]);
      const { text: deep, how } = nested(rng, ctx.syntax, depth);
      const at = rng() < 0.5 ? pick(rng, lineStarts(text)) : randomOffset(rng, text);
      return { text: splice(text, at, at, deep), detail: `${how}×${depth} @${at}` };
    },
  },
  {
    name: 'repeat',
    weight: 5,
    apply: (text, rng, ctx) => {
      // A slice (often whole lines: a resource, a rule) copied many times, up to a few MB.
      const { start, end } =
        rng() < 0.7
          ? lineRange(rng, text, 40)
          : (() => {
              const s = randomOffset(rng, text);
              return { start: s, end: boundary(text, s + randInt(rng, 1, 4096)) };
            })();
      const slice = text.slice(start, end) || '\n';
      const room = Math.max(0, ctx.maxChars - text.length);
      const target = pick(rng, [2, 10, 100, 16 * 1024, 64 * 1024, 256 * 1024, ctx.maxChars]);
      const copies = Math.max(
        1,
        Math.min(target < 1000 ? target : Math.ceil(target / slice.length), Math.floor(room / slice.length)),
      );
      const copied =
        rng() < 0.5 && /\n/.test(slice) ? numbered(slice, copies, ctx.syntax) : slice.repeat(copies);
      return { text: splice(text, end, end, copied), detail: `[${start},${end})×${copies}` };
    },
  },
  {
    name: 'deleteLines',
    weight: 6,
    apply: (text, rng) => {
      const { start, end, lines } = lineRange(rng, text, pick(rng, [1, 1, 3, 10, 100]));
      return { text: splice(text, start, end, ''), detail: `[${start},${end}) ${lines} lines` };
    },
  },
  {
    name: 'swapLines',
    weight: 5,
    apply: (text, rng) => {
      const lines = text.split('\n');
      const a = randInt(rng, 0, lines.length - 1);
      const b = randInt(rng, 0, lines.length - 1);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return { text: lines.join('\n'), detail: `lines ${a + 1}<->${b + 1}` };
    },
  },
  {
    name: 'number',
    weight: 6,
    apply: (text, rng) => {
      const numbers = [...text.matchAll(/\d+/g)];
      const replacement = pick(rng, [
        '99999999999999999999999',
        '1e400',
        '-1e400',
        '4294967296',
        '65536',
        '-65535',
        '-1',
        '-0',
        '0x1F',
        '0o17',
        '1.5',
        '1_000',
        'NaN',
        '.inf',
        '9'.repeat(1000),
      ]);
      if (!numbers.length) return { text, detail: 'no number' };
      const m = pick(rng, numbers);
      return {
        text: splice(text, m.index, m.index + m[0].length, replacement),
        detail: `${m[0]}→${show(replacement)} @${m.index}`,
      };
    },
  },
  {
    name: 'binary',
    weight: 4,
    apply: (text, rng) => {
      // Past the first 8 KB now and then: the binary-file check only looks at the start.
      const at = rng() < 0.5 ? randomOffset(rng, text) : boundary(text, randInt(rng, 8192, 9000));
      const chunk = binaryChunk(rng, randInt(rng, 1, 64));
      return { text: splice(text, at, at, chunk), detail: `${chunk.length} chars @${at}` };
    },
  },
  {
    name: 'lineEndings',
    weight: 2,
    apply: (text, rng) => {
      const to = pick(rng, ['\r\n', '\r', '\u2028', '\n\n']);
      return { text: text.replace(/\r?\n/g, to), detail: show(to) };
    },
  },
  {
    name: 'indent',
    weight: 4,
    apply: (text, rng) => {
      const { start, end, lines } = lineRange(rng, text, 30);
      const how = pick(rng, ['tabs', 'shift+1', 'shift-1', 'shift+8', 'dedent']);
      const block = text.slice(start, end);
      const changed = block.replace(/^( *)/gm, (spaces: string) => {
        if (how === 'tabs') return '\t'.repeat(Math.ceil(spaces.length / 2));
        if (how === 'shift+1') return `${spaces} `;
        if (how === 'shift-1') return spaces.slice(1);
        if (how === 'shift+8') return `${spaces}        `;
        return '';
      });
      return { text: splice(text, start, end, changed), detail: `${how} ${lines} lines @${start}` };
    },
  },
  {
    name: 'splice',
    weight: 4,
    apply: (text, rng, ctx) => {
      // A piece of another input of the same syntax pasted in (a resource from another template).
      if (!ctx.donors?.length) return { text, detail: 'no donor' };
      const donor = pick(rng, ctx.donors);
      const { start, end } = lineRange(rng, donor, 60);
      const at = rng() < 0.7 ? pick(rng, lineStarts(text)) : randomOffset(rng, text);
      return { text: splice(text, at, at, donor.slice(start, end)), detail: `${end - start} chars @${at}` };
    },
  },
];

export const MUTATOR_NAMES: readonly string[] = MUTATORS.map((m) => m.name);

/** One to four mutations of `text`; the growing ones stop near `ctx.maxChars`. */
export function mutate(text: string, rng: Rng, ctx: MutateContext): Mutated {
  const count = rng() < 0.6 ? 1 : randInt(rng, 2, 4);
  const ops: string[] = [];
  let out = text;
  for (let i = 0; i < count; i++) {
    const m = weighted(rng, MUTATORS);
    if (m.name === 'repeat' && out.length >= ctx.maxChars) continue;
    const r = m.apply(out, rng, ctx);
    out = r.text;
    ops.push(`${m.name}(${r.detail})`);
  }
  return { text: out, ops };
}

/** One editor-like change: replace [start, end) of the text with `text`. */
export interface RandomEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly detail: string;
}

/**
 * A random edit of `text` as an editor would send it: typing a character, deleting a selection, pasting a
 * fragment or a piece of the document, replacing a line, or (when the edit would grow the text past
 * `maxChars`) cutting a large piece out.
 */
export function randomEdit(text: string, rng: Rng, ctx: MutateContext): RandomEdit {
  const edit = candidateEdit(text, rng, ctx);
  if (text.length - (edit.end - edit.start) + edit.text.length <= ctx.maxChars) return edit;
  const at = randomOffset(rng, text);
  const end = boundary(text, at + randInt(rng, 1, Math.ceil(text.length / 2)));
  return { start: at, end, text: '', detail: `cut [${at},${end})` };
}

function candidateEdit(text: string, rng: Rng, ctx: MutateContext): RandomEdit {
  const at = randomOffset(rng, text);
  const r = rng();
  if (r < 0.3) {
    const ch = pick(rng, [...'abcxyz019 :-"\'{}[]\n\t#!$&*', ...randomFragment(rng, ctx.syntax).slice(0, 1)]);
    return { start: at, end: at, text: ch, detail: `type ${show(ch)}` };
  }
  if (r < 0.5) {
    const end = boundary(text, at + pick(rng, [1, 1, 1, 2, 5, 30, 300]));
    return { start: at, end, text: '', detail: `delete [${at},${end})` };
  }
  if (r < 0.7) {
    const fragment = randomFragment(rng, ctx.syntax);
    const end = rng() < 0.3 ? boundary(text, at + randInt(rng, 1, 20)) : at;
    return { start: at, end, text: fragment, detail: `paste ${show(fragment)} [${at},${end})` };
  }
  if (r < 0.85) {
    const { start, end } = lineRange(rng, text, 20);
    const copies = pick(rng, [1, 1, 2, 10]);
    const piece = text.slice(start, end).repeat(copies);
    return { start: at, end: at, text: piece, detail: `paste own [${start},${end})×${copies} @${at}` };
  }
  if (r < 0.98) {
    const { start, end } = lineRange(rng, text, 1);
    const line = text.slice(start, end);
    const name = pick(rng, ['flip', 'insert', 'number', 'truncate', 'anchors']);
    const m = MUTATORS.find((x) => x.name === name)!;
    const changed = m.apply(line, rng, { ...ctx, donors: [] }).text;
    return { start, end, text: changed, detail: `rewrite line [${start},${end}) by ${m.name}` };
  }
  // Deep nesting is the engine fuzz's business (up to 50,000 levels); here a paste past the parsers' limits.
  const { text: deep, how } = nested(rng, ctx.syntax, pick(rng, [16, 64, 300]));
  return { start: at, end: at, text: deep, detail: `paste nested ${how} @${at}` };
}
