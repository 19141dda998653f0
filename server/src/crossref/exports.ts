/**
 * Cross-template references: a rule in one template naming a group another template exports
 * (`Fn::ImportValue network-AppSgId` ↔ `Outputs.AppSgId.Export.Name: network-AppSgId`). CDK writes
 * literal export names on both sides; hand-written templates usually export `${AWS::StackName}-…`,
 * which matches any stack name. A name two templates export is ambiguous and resolves to neither.
 */
import type { GroupExport, TemplateModel } from '../../../rules/model';

/** An export and the template (or scan input) that holds it. */
export interface ExportedGroup<Owner> extends GroupExport {
  readonly owner: Owner;
}

export type ImportResolution<Owner> =
  | { readonly kind: 'resolved'; readonly export: ExportedGroup<Owner> }
  | { readonly kind: 'ambiguous'; readonly exports: readonly ExportedGroup<Owner>[] }
  | { readonly kind: 'none' };

const patternCache = new Map<string, RegExp>();

/** `${AWS::StackName}-AppSgId` → /^.+-AppSgId$/ (other text is literal). */
function patternOf(name: string): RegExp {
  let re = patternCache.get(name);
  if (!re) {
    const source = name
      .split(/\$\{AWS::[A-Za-z]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+');
    re = new RegExp(`^${source}$`, 's');
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(name, re);
  }
  return re;
}

export class ExportTable<Owner> {
  private readonly exact = new Map<string, ExportedGroup<Owner>[]>();
  private readonly wildcards: ExportedGroup<Owner>[] = [];

  /** Adds a template's exports. */
  add(owner: Owner, model: TemplateModel): void {
    for (const e of model.exports ?? []) {
      const exported: ExportedGroup<Owner> = { ...e, owner };
      if (e.wildcard) this.wildcards.push(exported);
      else {
        const list = this.exact.get(e.name) ?? [];
        list.push(exported);
        this.exact.set(e.name, list);
      }
    }
  }

  get size(): number {
    let n = this.wildcards.length;
    for (const list of this.exact.values()) n += list.length;
    return n;
  }

  /** Which export an imported name is: a literal export wins over patterns; two of a kind are ambiguous. */
  resolve(name: string): ImportResolution<Owner> {
    const exact = this.exact.get(name);
    if (exact?.length === 1) return { kind: 'resolved', export: exact[0]! };
    if (exact && exact.length > 1) return { kind: 'ambiguous', exports: exact };
    const matches = this.wildcards.filter((e) => patternOf(e.name).test(name));
    if (matches.length === 1) return { kind: 'resolved', export: matches[0]! };
    if (matches.length > 1) return { kind: 'ambiguous', exports: matches };
    return { kind: 'none' };
  }
}
