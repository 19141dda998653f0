/**
 * A positioned tree shared by the YAML and JSON parsers: just enough structure for the CloudFormation
 * adapter, with the source offsets of every node. YAML short-form intrinsics (`!Ref X`) are normalized
 * to their long form (`{ Ref: X }`) with `shortTag` recording how they were written, so the adapter
 * handles both forms the same way and a fix can still write the file's own form.
 */
import type { TextRange } from '../../../rules/model';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'json';

export interface PScalar extends TextRange {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  readonly style: ScalarStyle;
}

export interface PEntry extends TextRange {
  readonly key: PScalar;
  readonly value: PNode;
}

export interface PMap extends TextRange {
  readonly kind: 'map';
  readonly entries: PEntry[];
  /** For a YAML short-form intrinsic: the tag as written (`!Ref`); its single entry's key spans the tag. */
  readonly shortTag?: string;
  readonly flow: boolean;
}

export interface PSeq extends TextRange {
  readonly kind: 'seq';
  readonly items: PNode[];
  readonly flow: boolean;
}

/** Something the parser could not turn into a value (a YAML alias, which CloudFormation rejects). */
export interface PInvalid extends TextRange {
  readonly kind: 'invalid';
  readonly reason: string;
}

export type PNode = PScalar | PMap | PSeq | PInvalid;

export interface SyntaxError {
  readonly message: string;
  readonly range: TextRange;
}

export interface ParsedTree {
  /** Undefined when nothing at all could be parsed (empty file). */
  readonly root: PNode | undefined;
  readonly errors: SyntaxError[];
  /**
   * Every one-key mapping whose key is `Ref`, `Fn::GetAtt` or `Fn::Sub` (long or short form), in
   * document order, collected while the tree was built so that finding references needs no second walk.
   * Undefined when the parser could not collect them (YAML aliases share nodes between places).
   */
  readonly intrinsics?: readonly PMap[];
}

/** The intrinsic functions that reference a resource by its logical ID. */
export const REFERENCE_KEYS: ReadonlySet<string> = new Set(['Ref', 'Fn::GetAtt', 'Fn::Sub']);

export function isMap(n: PNode | undefined): n is PMap {
  return n?.kind === 'map';
}

export function isSeq(n: PNode | undefined): n is PSeq {
  return n?.kind === 'seq';
}

export function isScalar(n: PNode | undefined): n is PScalar {
  return n?.kind === 'scalar';
}

/** The entry for a key (the last one, as CloudFormation keeps the last of duplicate JSON keys). */
export function entryOf(map: PMap, key: string): PEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const e = map.entries[i]!;
    if (e.key.value === key) return e;
  }
  return undefined;
}

export function valueOf(map: PNode | undefined, key: string): PNode | undefined {
  return isMap(map) ? entryOf(map, key)?.value : undefined;
}

/** A scalar's text as CloudFormation reads it (numbers and booleans become strings). */
export function scalarText(n: PNode | undefined): string | undefined {
  if (!isScalar(n) || n.value === null) return undefined;
  return String(n.value);
}

/** The single key of a one-entry map, when it names an intrinsic function (`Ref`, `Fn::*`, `Condition`). */
export function intrinsicName(n: PNode | undefined): string | undefined {
  if (!isMap(n) || n.entries.length !== 1) return undefined;
  const k = n.entries[0]!.key.value;
  return typeof k === 'string' && (k === 'Ref' || k === 'Condition' || k.startsWith('Fn::')) ? k : undefined;
}
