import type { ResourceReference, TemplateModel } from '../model';

/** Resource types that hold security groups or their rules: naming a group there is a peer, not an attachment. */
const GROUP_AND_RULE_TYPES: ReadonlySet<string> = new Set([
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'aws_security_group',
  'aws_default_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
]);

export type UseKind = 'attached' | 'peer' | 'output';

export interface GroupUse {
  readonly reference: ResourceReference;
  readonly kind: UseKind;
  /** The using resource's type; `Output` for outputs. */
  readonly type: string;
}

const cache = new WeakMap<TemplateModel, Map<string, GroupUse[]>>();

/**
 * What uses each group: resources that reference it (attached: instances, load balancers, databases…),
 * other groups and rules that name it as a peer, and outputs. A standalone rule's reference to its own
 * group is not a use. SG109 (unused group) and the graph's attached resources both read this, so they
 * never disagree.
 */
export function usesOf(model: TemplateModel): ReadonlyMap<string, readonly GroupUse[]> {
  let uses = cache.get(model);
  if (uses) return uses;
  uses = new Map();
  for (const r of model.references) {
    if (r.ownRule || r.from === r.to) continue;
    const type = model.resources.get(r.from)?.type;
    const kind: UseKind =
      type === undefined
        ? /^(Outputs\.|output\.)/.test(r.from)
          ? 'output'
          : 'attached'
        : GROUP_AND_RULE_TYPES.has(type)
          ? 'peer'
          : 'attached';
    const list = uses.get(r.to) ?? [];
    // One use per using resource and kind: `vpc_security_group_ids = [a.id, a.id]` is one attachment.
    if (!list.some((u) => u.reference.from === r.from && u.kind === kind))
      list.push({ reference: r, kind, type: type ?? (kind === 'output' ? 'Output' : 'unknown') });
    uses.set(r.to, list);
  }
  cache.set(model, uses);
  return uses;
}
