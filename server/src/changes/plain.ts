/**
 * A parsed template as the plain JavaScript value CloudFormation would read, for
 * `@aws-cdk/cloudformation-diff`. The positioned tree already writes YAML short forms in their long form
 * (`!Ref X` is `{ Ref: X }`, `!GetAtt X.GroupId` is `{ "Fn::GetAtt": "X.GroupId" }`), so this only drops
 * positions. `Fn::GetAtt` strings are split into `[resource, attribute]` the way cloudformation-diff's
 * own `normalize` does (its `diffTemplate` expects the list form), and the last of duplicate keys wins,
 * as in CloudFormation.
 */
import type { PNode } from '../parse/tree';

export type Plain = string | number | boolean | null | undefined | Plain[] | { [key: string]: Plain };

export function toPlain(node: PNode | undefined): Plain {
  if (!node) return undefined;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'invalid':
      return undefined;
    case 'map': {
      const out: { [key: string]: Plain } = {};
      for (const e of node.entries) {
        const key = String(e.key.value);
        const value = toPlain(e.value);
        // defineProperty: a key such as `__proto__` in a hostile template stays a plain key.
        Object.defineProperty(out, key, {
          value: key === 'Fn::GetAtt' && typeof value === 'string' ? value.split('.') : value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}

/** A template's plain value, or an empty template when the text holds none. */
export function plainTemplate(root: PNode | undefined): { [key: string]: Plain } {
  const v = toPlain(root);
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
