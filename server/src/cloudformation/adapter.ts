/**
 * CloudFormation template (positioned tree) → the security-group model.
 *
 * - `AWS::EC2::SecurityGroup` with inline `SecurityGroupIngress`/`SecurityGroupEgress` (a list, or a
 *   single mapping as some tools accept), each entry possibly wrapped in `Fn::If`;
 * - standalone `AWS::EC2::SecurityGroupIngress`/`Egress` attached by `GroupId` (Ref, GetAtt .GroupId,
 *   Fn::If over either) or `GroupName`; rules attached to `!GetAtt Vpc.DefaultSecurityGroup` land on a
 *   synthesized default group of that VPC; rules on external groups (an `sg-…` id, a parameter, an
 *   import) land on a synthesized external group so they are still checked;
 * - CloudFormation's implicit allow-all egress for groups that declare no egress;
 * - every Ref/GetAtt/Sub reference between resources, for "is this group used".
 *
 * Values go through the evaluator; a rule whose properties have several alternatives (Fn::If) becomes
 * one model rule per consistent combination, each carrying its conditions.
 */
import type {
  ConditionBranch,
  Direction,
  GroupExport,
  GroupReference,
  Peer,
  Protocol,
  ResourceInfo,
  ResourceReference,
  SecurityGroup,
  SgRule,
  TemplateModel,
  TextRange,
  Value,
} from '../../../rules/model';
import type { LineIndex } from '../parse/lineIndex';
import type { PEntry, PMap, PNode, ParsedTree } from '../parse/tree';
import { entryOf, intrinsicName, isMap, isScalar, isSeq, valueOf } from '../parse/tree';
import type { Alt, ParameterInfo } from './evaluate';
import { ConditionEvaluator, Evaluator, mergeConditions } from './evaluate';
import { collectSuppressions } from './suppressions';
import { normalizeProtocol, toPort } from '../model/normalize';

export const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
export const INGRESS = 'AWS::EC2::SecurityGroupIngress';
export const EGRESS = 'AWS::EC2::SecurityGroupEgress';

/** Rule combinations beyond this (nested Fn::If on many properties) are cut to the first ones. */
const MAX_RULE_VARIANTS = 16;

export interface AdaptInput {
  readonly uri: string;
  readonly format: 'cloudformation-yaml' | 'cloudformation-json';
  readonly text: string;
  readonly tree: ParsedTree;
  readonly lines: LineIndex;
  /** What wrote the template, when it matters: CDK synth output has idioms of its own. */
  readonly producer?: 'cdk';
}

/** Whether a parsed file is a CloudFormation template (else it is ignored quietly). */
export function isTemplate(tree: ParsedTree, text: string, format: AdaptInput['format']): boolean {
  if (isMap(tree.root)) {
    if (entryOf(tree.root, 'AWSTemplateFormatVersion')) return true;
    const res = entryOf(tree.root, 'Resources');
    if (res && (isMap(res.value) || tree.errors.length > 0)) return true;
  }
  // A template broken mid-edit may not parse into a mapping: recognize it by its top-level keys.
  if (tree.errors.length === 0) return false;
  return format === 'cloudformation-json'
    ? /"(?:AWSTemplateFormatVersion|Resources)"\s*:/.test(text.slice(0, 65536))
    : /^(?:AWSTemplateFormatVersion|Resources)\s*:/m.test(text.slice(0, 65536));
}

interface RuleShape {
  readonly direction: Direction;
  /** Standalone resource (GroupId/GroupName select the group) or inline entry. */
  readonly standalone: boolean;
}

const PEER_PROPS: Record<Direction, readonly string[]> = {
  ingress: ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'SourcePrefixListId'],
  egress: ['CidrIp', 'CidrIpv6', 'DestinationSecurityGroupId', 'DestinationPrefixListId'],
};

/** The properties a rule is read from, per direction: its peer plus protocol, ports and description. */
const RULE_PROPS: Record<Direction, ReadonlySet<string>> = {
  ingress: new Set([
    'IpProtocol',
    'FromPort',
    'ToPort',
    'Description',
    'SourceSecurityGroupOwnerId',
    ...PEER_PROPS.ingress,
  ]),
  egress: new Set([
    'IpProtocol',
    'FromPort',
    'ToPort',
    'Description',
    'SourceSecurityGroupOwnerId',
    ...PEER_PROPS.egress,
  ]),
};

type MutableGroup = SecurityGroup & { ingress: SgRule[]; egress: SgRule[] };

export function adaptTemplate(input: AdaptInput): TemplateModel {
  return new CfnAdapter(input).run();
}

class CfnAdapter {
  private readonly uri: string;
  private readonly groups = new Map<string, MutableGroup>();
  private readonly standaloneRules: SgRule[] = [];
  private readonly references: ResourceReference[] = [];
  private readonly resources = new Map<string, ResourceInfo>();
  private readonly resourceEntries = new Map<string, PEntry>();
  private readonly parameters = new Map<string, ParameterInfo>();
  private readonly parseErrors: TemplateModel['parseErrors'] = [];
  /**
   * For each declared group, the conditions under which it declares no egress of its own, so AWS adds
   * allow-all egress: always (no SecurityGroupEgress), or under the Fn::If branches that leave it empty.
   */
  private readonly implicitEgressUnder = new Map<string, (readonly ConditionBranch[])[]>();
  private evaluator!: Evaluator;
  private conditionsAtDefaults!: ConditionEvaluator;

  constructor(private readonly input: AdaptInput) {
    this.uri = input.uri;
  }

  run(): TemplateModel {
    const { tree } = this.input;
    for (const e of tree.errors) this.parseErrors.push({ message: e.message, uri: this.uri, range: e.range });
    const root = tree.root;
    const model: TemplateModel = {
      uri: this.uri,
      format: this.input.format,
      groups: [],
      standaloneRules: this.standaloneRules,
      references: this.references,
      resources: this.resources,
      suppressions: [],
      parseErrors: this.parseErrors,
      ...(this.input.producer ? { producer: this.input.producer } : {}),
    };
    if (!isMap(root)) {
      if (root && tree.errors.length === 0) {
        this.parseErrors.push({
          message: 'a template must be a mapping of sections',
          uri: this.uri,
          range: { start: root.start, end: root.end },
        });
      }
      return model;
    }
    const resourcesNode = valueOf(root, 'Resources');
    const params = valueOf(root, 'Parameters');
    if (isMap(params)) {
      for (const p of params.entries) {
        const name = p.key.value;
        if (typeof name !== 'string') continue;
        const type = valueOf(p.value, 'Type');
        this.parameters.set(name, {
          name,
          entry: p,
          type: isScalar(type) && typeof type.value === 'string' ? type.value : undefined,
          defaultNode: valueOf(p.value, 'Default'),
        });
      }
    }
    if (isMap(resourcesNode)) {
      for (const r of resourcesNode.entries) {
        const id = r.key.value;
        if (typeof id !== 'string' || id.startsWith('Fn::')) continue;
        const typeNode = valueOf(r.value, 'Type');
        const type = isScalar(typeNode) && typeof typeNode.value === 'string' ? typeNode.value : '';
        this.resources.set(id, {
          address: id,
          type,
          uri: this.uri,
          range: rangeOf(r),
          idRange: rangeOf(r.key),
        });
        this.resourceEntries.set(id, r);
      }
    } else if (resourcesNode && !isScalar(resourcesNode)) {
      this.parseErrors.push({
        message: 'Resources must be a mapping of logical IDs to resources',
        uri: this.uri,
        range: rangeOf(resourcesNode),
      });
    }
    const mappings = valueOf(root, 'Mappings');
    const resourceTypes = new Map([...this.resources].map(([k, v]) => [k, v.type]));
    this.evaluator = new Evaluator(
      this.uri,
      this.parameters,
      isMap(mappings) ? mappings : undefined,
      resourceTypes,
    );
    const conditions = valueOf(root, 'Conditions');
    this.conditionsAtDefaults = new ConditionEvaluator(
      isMap(conditions) ? conditions : undefined,
      this.evaluator,
      this.parameters,
    );

    for (const [id, entry] of this.resourceEntries) {
      if (this.resources.get(id)!.type === SECURITY_GROUP) this.addGroup(id, entry);
    }
    for (const [id, entry] of this.resourceEntries) {
      const type = this.resources.get(id)!.type;
      if (type === INGRESS || type === EGRESS)
        this.addStandalone(id, entry, type === INGRESS ? 'ingress' : 'egress');
    }
    for (const [address, under] of this.implicitEgressUnder) {
      const g = this.groups.get(address)!;
      under.forEach((conditions, i) =>
        g.egress.push(this.implicitEgress(g, conditions, under.length > 1 ? `#${i + 1}` : '')),
      );
    }
    if (this.input.producer === 'cdk') this.addCdkDefaultGroups();
    this.collectReferences(root);
    const groupExports = this.collectExports(root);
    model.groups.push(...this.groups.values());
    model.suppressions.push(...collectSuppressions(this.input, root));
    return groupExports.length ? { ...model, exports: groupExports } : model;
  }

  private resourceConditions(entry: PEntry): ConditionBranch[] {
    const c = valueOf(entry.value, 'Condition');
    return isScalar(c) && typeof c.value === 'string' ? [{ name: c.value, value: true }] : [];
  }

  /** A single Value for a group-level property (alternatives that disagree make it unknown). */
  private single<T>(node: PNode | undefined, map: (v: unknown) => T | undefined): Value<T> | undefined {
    if (!node) return undefined;
    const alts = this.evaluator.evaluate(node).filter((a) => !a.noValue);
    if (alts.length === 0) return undefined;
    const first = alts[0]!;
    const agree = alts.every((a) => a.known && first.known && a.value === first.value);
    if (first.known && agree) {
      const v = map(first.value);
      if (v !== undefined) return value(this.uri, node, { known: true, value: v, origin: first.origin });
    }
    const dependsOn =
      alts.find((a) => !a.known)?.dependsOn ??
      (alts.length > 1 ? `condition ${alts[0]!.conditions.map((c) => c.name).join(', ')}` : undefined);
    return value<T>(this.uri, node, { known: false, dependsOn });
  }

  /** `Tags: [{ Key, Value }]` entries whose key and value are known strings (others are left out). */
  private tags(node: PNode | undefined): Record<string, string> | undefined {
    if (!isSeq(node)) return undefined;
    const out: Record<string, string> = {};
    for (const item of node.items.slice(0, 50)) {
      const key = this.single(valueOf(item, 'Key'), (v) => (typeof v === 'string' ? v : undefined));
      const val = this.single(valueOf(item, 'Value'), (v) =>
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined,
      );
      if (key?.known && val?.known) out[key.value!] = val.value!;
    }
    return Object.keys(out).length ? out : undefined;
  }

  private addGroup(id: string, entry: PEntry): void {
    const props = valueOf(entry.value, 'Properties');
    const get = (k: string): PNode | undefined => (isMap(props) ? entryOf(props, k)?.value : undefined);
    const str = (v: unknown): string | undefined =>
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    const tags = this.tags(get('Tags'));
    const group: MutableGroup = {
      address: id,
      resourceType: SECURITY_GROUP,
      ...(tags ? { tags } : {}),
      name: this.single(get('GroupName'), str),
      description: this.single(get('GroupDescription'), str),
      vpc: this.single(get('VpcId'), str),
      isDefault: false,
      ingress: [],
      egress: [],
      implicitEgress: false,
      uri: this.uri,
      range: rangeOf(entry),
      idRange: rangeOf(entry.key),
      synthetic: false,
      conditions: this.resourceConditions(entry),
      syntax: entry,
    };
    this.groups.set(id, group);
    const noEgressUnder: (readonly ConditionBranch[])[] = [];
    this.implicitEgressUnder.set(id, noEgressUnder);
    for (const direction of ['ingress', 'egress'] as const) {
      const key = direction === 'ingress' ? 'SecurityGroupIngress' : 'SecurityGroupEgress';
      const listNode = get(key);
      if (!listNode) {
        if (direction === 'egress') noEgressUnder.push(group.conditions);
        continue;
      }
      let index = 0;
      for (const branch of this.expandIf(listNode, group.conditions)) {
        const before = group[direction].length;
        const items = isSeq(branch.node)
          ? branch.node.items
          : isMap(branch.node) && !intrinsicName(branch.node)
            ? [branch.node]
            : [];
        let sentinel = false;
        for (const item of items) {
          const base = `${id}.${direction}[${index++}]`;
          for (const ruleBranch of this.expandIf(item, branch.conditions)) {
            // `!Ref AWS::NoValue` removes the item; other functions cannot stand for a rule's properties.
            if (
              !isMap(ruleBranch.node) ||
              ruleBranch.node.entries.length === 0 ||
              intrinsicName(ruleBranch.node)
            )
              continue;
            if (direction === 'egress' && isCdkDisallowAllSentinel(ruleBranch.node)) {
              sentinel = true;
              continue;
            }
            const rules = this.buildRules(
              ruleBranch.node,
              base,
              { direction, standalone: false },
              ruleBranch.conditions,
              id,
              id,
              true,
            );
            group[direction].push(...rules);
          }
        }
        if (direction === 'egress' && group.egress.length === before && !sentinel)
          noEgressUnder.push(branch.conditions);
      }
    }
  }

  /**
   * Resolves structural `Fn::If` (around a list or a list item) into the nodes that exist under each
   * branch. A `!Ref AWS::NoValue` branch is kept (callers read it as "nothing here" under its conditions).
   */
  private expandIf(
    node: PNode,
    conditions: readonly ConditionBranch[],
    depth = 0,
  ): { node: PNode; conditions: readonly ConditionBranch[] }[] {
    if (depth > 16 || intrinsicName(node) !== 'Fn::If') return [{ node, conditions }];
    const args = (node as PMap).entries[0]!.value;
    if (!isSeq(args) || args.items.length !== 3) return [];
    const cond = args.items[0];
    const name = isScalar(cond) && typeof cond.value === 'string' ? cond.value : undefined;
    if (!name) return [];
    const out: { node: PNode; conditions: readonly ConditionBranch[] }[] = [];
    for (const [branch, v] of [
      [args.items[1]!, true],
      [args.items[2]!, false],
    ] as const) {
      const merged = mergeConditions(conditions, [{ name, value: v }]);
      if (!merged) continue;
      out.push(...this.expandIf(branch, merged, depth + 1));
    }
    return out;
  }

  private addStandalone(id: string, entry: PEntry, direction: Direction): void {
    const props = valueOf(entry.value, 'Properties');
    const baseConditions = this.resourceConditions(entry);
    if (!isMap(props)) {
      return;
    }
    const groupIdNode = entryOf(props, 'GroupId')?.value;
    const groupNameNode = entryOf(props, 'GroupName')?.value;
    const targets: { group: MutableGroup; conditions: readonly ConditionBranch[]; ref?: GroupReference }[] =
      [];
    const selector = groupIdNode ?? groupNameNode;
    if (selector) {
      const by = groupIdNode ? 'id' : 'name';
      for (const alt of this.evaluator.evaluate(selector)) {
        const conditions = mergeConditions(baseConditions, alt.conditions);
        if (!conditions || alt.noValue) continue;
        const refValue = value<string>(
          this.uri,
          selector,
          alt.known && alt.value !== null && typeof alt.value !== 'object'
            ? { known: true, value: String(alt.value), origin: alt.origin }
            : { known: false, dependsOn: alt.dependsOn },
        );
        const ref = this.groupReference(alt, refValue, by);
        targets.push({ group: this.targetGroup(ref, alt, selector), conditions, ref });
      }
    }
    if (targets.length === 0) {
      const unknownTarget = this.externalGroup(
        selector ? `${id}.GroupId` : `${id} (no GroupId)`,
        selector ?? entry.key,
        false,
      );
      targets.push({ group: unknownTarget, conditions: baseConditions });
    }
    for (const t of targets) {
      const rules = this.buildRules(
        props,
        id,
        { direction, standalone: true },
        t.conditions,
        id,
        t.group.address,
        false,
        rangeOf(entry),
        rangeOf(entry.key),
        t.ref,
      );
      this.standaloneRules.push(...rules);
      t.group[direction].push(...rules);
    }
  }

  /** The group a standalone rule's GroupId/GroupName selects, creating synthetic groups as needed. */
  private targetGroup(ref: GroupReference, alt: Alt, node: PNode): MutableGroup {
    if (ref.resolution === 'declared' && ref.target) return this.groups.get(ref.target)!;
    if (
      alt.refTo &&
      alt.refAttr === 'DefaultSecurityGroup' &&
      this.resources.get(alt.refTo)?.type === 'AWS::EC2::VPC'
    ) {
      const vpc = this.resources.get(alt.refTo)!;
      return this.externalGroup(`${alt.refTo}.DefaultSecurityGroup`, node, true, {
        address: vpc.address,
        uri: vpc.uri,
        range: vpc.idRange,
      });
    }
    const address = alt.refTo ?? (ref.ref.known ? ref.ref.value! : (alt.dependsOn ?? 'an unresolved group'));
    return this.externalGroup(address, node, false, undefined, alt.importName);
  }

  private externalGroup(
    address: string,
    node: TextRange,
    isDefault: boolean,
    defaultOf?: SecurityGroup['defaultOf'],
    imported?: string,
  ): MutableGroup {
    const existing = this.groups.get(address);
    if (existing) return existing;
    const g: MutableGroup = {
      address,
      resourceType: isDefault ? 'AWS::EC2::VPC default security group' : 'external',
      isDefault,
      ingress: [],
      egress: [],
      implicitEgress: false,
      uri: this.uri,
      range: rangeOf(node),
      idRange: rangeOf(node),
      synthetic: true,
      conditions: [],
      ...(defaultOf ? { defaultOf } : {}),
      ...(imported ? { imported } : {}),
    };
    this.groups.set(address, g);
    return g;
  }

  /**
   * CDK output: a VPC's default group keeps AWS's default rules (all traffic from its members, all
   * traffic out) unless the `Custom::VpcRestrictDefaultSG` resource CDK adds for
   * `restrictDefaultSecurityGroup` (on in new projects) removes them. A plain template can only close the
   * group with a custom resource of its own, so only CDK output is held to this.
   */
  private addCdkDefaultGroups(): void {
    const closed = new Set<string>();
    for (const [id, entry] of this.resourceEntries) {
      if (this.resources.get(id)!.type !== 'Custom::VpcRestrictDefaultSG') continue;
      const target = valueOf(valueOf(entry.value, 'Properties'), 'DefaultSecurityGroupId');
      const vpc = target && getAttOf(target, 'DefaultSecurityGroup');
      if (vpc) closed.add(vpc);
    }
    for (const [id, entry] of this.resourceEntries) {
      const vpc = this.resources.get(id)!;
      if (vpc.type !== 'AWS::EC2::VPC' || closed.has(id)) continue;
      const at = vpc.idRange;
      const g = this.externalGroup(`${id}.DefaultSecurityGroup`, at, true, {
        address: id,
        uri: this.uri,
        range: at,
      });
      const conditions = this.resourceConditions(entry);
      const v = <T>(x: T): Value<T> => ({ known: true, value: x, uri: this.uri, range: at });
      const awsDefault = (direction: Direction, peer: Peer): SgRule => ({
        key: `${g.address}.${direction}[default]`,
        direction,
        protocol: v<Protocol>('all'),
        fromPort: v(-1),
        toPort: v(-1),
        portsWritten: false,
        peer,
        uri: this.uri,
        range: at,
        headRange: at,
        writtenIn: id,
        group: g.address,
        inline: false,
        implicit: true,
        conditions,
      });
      g.ingress.push(awsDefault('ingress', { kind: 'self', uri: this.uri, range: at }));
      g.egress.push(awsDefault('egress', { kind: 'cidr4', cidr: v('0.0.0.0/0') }));
    }
  }

  private implicitEgress(g: MutableGroup, conditions: readonly ConditionBranch[], suffix: string): SgRule {
    const at = g.idRange;
    const v = <T>(x: T): Value<T> => ({ known: true, value: x, uri: this.uri, range: at });
    (g as { implicitEgress: boolean }).implicitEgress = true;
    return {
      key: `${g.address}.egress[implicit]${suffix}`,
      direction: 'egress',
      protocol: v<Protocol>('all'),
      fromPort: v(-1),
      toPort: v(-1),
      portsWritten: false,
      peer: { kind: 'cidr4', cidr: v('0.0.0.0/0') },
      uri: this.uri,
      range: at,
      headRange: at,
      writtenIn: g.address,
      group: g.address,
      inline: false,
      implicit: true,
      conditions,
    };
  }

  /**
   * One model rule per consistent combination of the rule's property alternatives. `range` is the
   * rule's text: the list item for inline rules, the resource for standalone ones.
   */
  private buildRules(
    map: PMap,
    baseKey: string,
    shape: RuleShape,
    conditions: readonly ConditionBranch[],
    writtenIn: string,
    group: string,
    inline: boolean,
    range: TextRange = rangeOf(map),
    headRange: TextRange = this.firstLine(map.entries[0] ?? map),
    groupRef?: GroupReference,
  ): SgRule[] {
    // One pass over the rule's own entries (the last of a duplicated key wins, as in entryOf).
    const wanted = RULE_PROPS[shape.direction];
    const byName = new Map<string, PNode>();
    for (const e of map.entries) {
      const k = e.key.value;
      if (typeof k === 'string' && wanted.has(k)) byName.set(k, e.value);
    }
    const present: { name: string; node: PNode; alts: Alt[] }[] = [];
    let single = true;
    for (const [name, node] of byName) {
      const alts = this.evaluator.evaluate(node);
      if (alts.length !== 1 || alts[0]!.conditions.length) single = false;
      present.push({ name, node, alts });
    }
    type Combo = { picks: Map<string, Alt>; conditions: readonly ConditionBranch[] };
    let combos: Combo[] = [{ picks: new Map(), conditions }];
    // The usual case: every property has one unconditional value, so there is exactly one rule.
    if (single) combos[0]!.picks = new Map(present.map((p) => [p.name, p.alts[0]!]));
    else
      for (const p of present) {
        const next: Combo[] = [];
        for (const c of combos) {
          for (const alt of p.alts) {
            const merged = mergeConditions(c.conditions, alt.conditions);
            if (!merged) continue;
            const picks = new Map(c.picks);
            picks.set(p.name, alt);
            next.push({ picks, conditions: merged });
          }
        }
        combos = next.length > MAX_RULE_VARIANTS ? next.slice(0, MAX_RULE_VARIANTS) : next;
      }
    return combos.map((c, i) =>
      this.makeRule(
        this.withoutContradictedDefaults(c.picks, c.conditions),
        byName,
        map,
        `${baseKey}${combos.length > 1 ? `#${i + 1}` : ''}`,
        shape,
        c.conditions,
        writtenIn,
        group,
        inline,
        range,
        headRange,
        groupRef,
      ),
    );
  }

  /**
   * Under a condition that is false when the parameters it reads keep their defaults, those parameters
   * cannot have their defaults: values taken from those defaults become unknown.
   */
  private withoutContradictedDefaults(
    picks: ReadonlyMap<string, Alt>,
    conditions: readonly ConditionBranch[],
  ): ReadonlyMap<string, Alt> {
    if (conditions.length === 0) return picks;
    const notDefault = new Set<string>();
    for (const c of conditions) {
      const atDefaults = this.conditionsAtDefaults.get(c.name);
      if (atDefaults.value !== undefined && atDefaults.value !== c.value)
        for (const p of atDefaults.parameters) notDefault.add(p);
    }
    if (notDefault.size === 0) return picks;
    const out = new Map(picks);
    for (const [name, alt] of picks) {
      if (alt.origin?.kind === 'parameter-default' && notDefault.has(alt.origin.name)) {
        out.set(name, {
          known: false,
          dependsOn: `Parameter ${alt.origin.name} (its default does not satisfy the condition)`,
          refTo: alt.refTo,
          conditions: alt.conditions,
        });
      }
    }
    return out;
  }

  /** From a node's start to the end of its first line. */
  private firstLine(n: TextRange): TextRange {
    const line = this.input.lines.lineOf(n.start);
    const lineEnd = this.input.lines.lineStart(line + 1) - 1;
    const end = line + 1 >= this.input.lines.lineCount ? n.end : Math.min(n.end, lineEnd);
    return { start: n.start, end: Math.max(n.start, this.input.text[end - 1] === '\r' ? end - 1 : end) };
  }

  private makeRule(
    picks: ReadonlyMap<string, Alt>,
    nodes: ReadonlyMap<string, PNode>,
    map: PMap,
    key: string,
    shape: RuleShape,
    conditions: readonly ConditionBranch[],
    writtenIn: string,
    group: string,
    inline: boolean,
    range: TextRange,
    headRange: TextRange,
    groupRef: GroupReference | undefined,
  ): SgRule {
    const at = (name: string): { alt: Alt; node: PNode } | undefined => {
      const alt = picks.get(name);
      const node = nodes.get(name);
      return alt && node && !alt.noValue ? { alt, node } : undefined;
    };
    const missing = <T>(): Value<T> => ({ known: false, uri: this.uri, range: rangeOf(map) });
    const proto = at('IpProtocol');
    const protocol: Value<Protocol> = proto
      ? value(
          this.uri,
          proto.node,
          proto.alt.known
            ? { known: true, value: normalizeProtocol(proto.alt.value), origin: proto.alt.origin }
            : { known: false, dependsOn: proto.alt.dependsOn },
        )
      : missing();
    const port = (name: string): Value<number> => {
      const p = at(name);
      if (!p) return missing();
      return value(
        this.uri,
        p.node,
        p.alt.known
          ? { known: true, value: toPort(p.alt.value), origin: p.alt.origin }
          : { known: false, dependsOn: p.alt.dependsOn },
      );
    };
    const desc = at('Description');
    const description = desc
      ? value<string>(
          this.uri,
          desc.node,
          desc.alt.known
            ? {
                known: true,
                value: desc.alt.value === null ? '' : String(desc.alt.value),
                origin: desc.alt.origin,
              }
            : { known: false, dependsOn: desc.alt.dependsOn },
        )
      : undefined;
    return {
      key,
      direction: shape.direction,
      protocol,
      fromPort: port('FromPort'),
      toPort: port('ToPort'),
      portsWritten: !!at('FromPort') && !!at('ToPort'),
      peer: this.peer(shape.direction, at, map, group),
      description,
      uri: this.uri,
      range,
      writtenIn,
      group,
      headRange,
      ...(groupRef ? { groupRef } : {}),
      inline,
      implicit: false,
      conditions,
      syntax: map,
    };
  }

  private peer(
    direction: Direction,
    at: (name: string) => { alt: Alt; node: PNode } | undefined,
    map: PMap,
    group: string,
  ): Peer {
    const written = PEER_PROPS[direction].filter((p) => at(p));
    if (written.length !== 1) {
      const reason =
        written.length === 0
          ? 'no source or destination is given'
          : `several peers are given (${written.join(', ')})`;
      return { kind: 'unknown', reason, uri: this.uri, range: rangeOf(map) };
    }
    const name = written[0]!;
    const { alt, node } = at(name)!;
    // A plain scalar YAML reads as a number (`CidrIp: 0.` half typed, `10.0`) is told as written, not
    // as the number it became.
    const asWritten =
      isScalar(node) && typeof node.value === 'number' && node.style === 'plain'
        ? this.input.text.slice(node.start, node.end)
        : undefined;
    const strValue = (): Value<string> =>
      value(
        this.uri,
        node,
        alt.known && (typeof alt.value === 'string' || typeof alt.value === 'number')
          ? { known: true, value: asWritten ?? String(alt.value), origin: alt.origin }
          : {
              known: false,
              dependsOn: alt.dependsOn ?? (alt.known ? 'a value that is not a string' : undefined),
            },
      );
    switch (name) {
      case 'CidrIp':
        return { kind: 'cidr4', cidr: strValue() };
      case 'CidrIpv6':
        return { kind: 'cidr6', cidr: strValue() };
      case 'SourcePrefixListId':
      case 'DestinationPrefixListId':
        return { kind: 'prefixList', id: strValue() };
      default: {
        const by = name === 'SourceSecurityGroupName' ? 'name' : 'id';
        const ref = this.groupReference(alt, strValue(), by);
        if (ref.resolution === 'declared' && ref.target === group)
          return { kind: 'self', uri: this.uri, range: rangeOf(node) };
        return { kind: 'group', ...ref };
      }
    }
  }

  private groupReference(alt: Alt, ref: Value<string>, by: 'id' | 'name'): GroupReference {
    if (alt.refTo) {
      const res = this.resources.get(alt.refTo);
      const refValue: Value<string> = { ...ref, known: true, value: alt.refTo };
      if (res) {
        if (res.type === SECURITY_GROUP)
          return { ref: refValue, resolution: 'declared', target: alt.refTo, by };
        if (res.type === 'AWS::EC2::VPC' && alt.refAttr === 'DefaultSecurityGroup')
          return { ref: refValue, resolution: 'external', by };
        // Groups created by other resources (a load balancer's, a cluster's) are reached through GetAtt.
        if (alt.refAttr && /SecurityGroup/i.test(alt.refAttr))
          return { ref: refValue, resolution: 'external', by };
        return {
          ref: refValue,
          resolution: 'not-a-group',
          detail: `${alt.refTo} is ${res.type || 'a resource without a Type'}`,
          by,
        };
      }
      const param = this.parameters.get(alt.refTo);
      if (param) {
        if (param.type && !/SecurityGroup|String|CommaDelimitedList|SSM/i.test(param.type)) {
          return {
            ref: refValue,
            resolution: 'not-a-group',
            detail: `Parameter ${alt.refTo} is of type ${param.type}`,
            by,
          };
        }
        return {
          ref: { ...ref, known: false, dependsOn: `Parameter ${alt.refTo}` },
          resolution: 'external',
          by,
        };
      }
      return {
        ref: refValue,
        resolution: 'missing',
        detail: `${alt.refTo} is not declared in this template`,
        by,
      };
    }
    if (alt.known && by === 'name') {
      for (const g of this.groups.values()) {
        if (!g.synthetic && g.name?.known && g.name.value === String(alt.value))
          return { ref, resolution: 'declared', target: g.address, by };
      }
    }
    return { ref, resolution: 'external', by, ...(alt.importName ? { imported: alt.importName } : {}) };
  }

  /**
   * Outputs that export a declared group (`Value: !GetAtt AppSG.GroupId` or `!Ref AppSG`), so a
   * template that imports the name can be resolved to it.
   */
  private collectExports(root: PMap): GroupExport[] {
    const outputs = valueOf(root, 'Outputs');
    if (!isMap(outputs)) return [];
    const found: GroupExport[] = [];
    for (const o of outputs.entries) {
      if (typeof o.key.value !== 'string') continue;
      const nameNode = valueOf(valueOf(o.value, 'Export'), 'Name');
      if (!nameNode) continue;
      const targets = new Set<string>();
      for (const alt of this.evaluator.evaluate(valueOf(o.value, 'Value')))
        if (
          alt.refTo &&
          (alt.refAttr === undefined || alt.refAttr === 'GroupId') &&
          this.resources.get(alt.refTo)?.type === SECURITY_GROUP
        )
          targets.add(alt.refTo);
      // An output that is one group or another (Fn::If) names no single group.
      if (targets.size !== 1) continue;
      const [target] = targets;
      for (const pattern of this.evaluator.namePatterns(nameNode))
        found.push({
          ...pattern,
          target: target!,
          uri: this.uri,
          range: rangeOf(nameNode),
          output: o.key.value,
        });
    }
    return found;
  }

  /** Every Ref / GetAtt / Sub reference to a resource, from resources (not Metadata) and Outputs. */
  private collectReferences(root: PMap): void {
    const intrinsics = this.input.tree.intrinsics;
    if (intrinsics) {
      this.referencesFromIntrinsics(root, intrinsics);
      return;
    }
    for (const [id, entry] of this.resourceEntries) {
      const props = valueOf(entry.value, 'Properties');
      if (!props) continue;
      this.walkRefs(props, id, this.standaloneGroupIdNode(id, props), 0);
    }
    const outputs = valueOf(root, 'Outputs');
    if (isMap(outputs))
      for (const o of outputs.entries) this.walkRefs(o.value, `Outputs.${String(o.key.value)}`, undefined, 0);
  }

  private standaloneGroupIdNode(id: string, props: PNode): PNode | undefined {
    const type = this.resources.get(id)!.type;
    return (type === INGRESS || type === EGRESS) && isMap(props)
      ? entryOf(props, 'GroupId')?.value
      : undefined;
  }

  /**
   * The same references from the intrinsic nodes the parser collected: each is attributed to the
   * resource (its Properties) or output whose text holds it, found by offset.
   */
  private referencesFromIntrinsics(root: PMap, intrinsics: readonly PMap[]): void {
    type Scope = { start: number; end: number; from: string; own?: TextRange };
    const scopes: Scope[] = [];
    for (const [id, entry] of this.resourceEntries) {
      const props = valueOf(entry.value, 'Properties');
      if (!props) continue;
      const own = this.standaloneGroupIdNode(id, props);
      scopes.push({ start: props.start, end: props.end, from: id, ...(own ? { own: rangeOf(own) } : {}) });
    }
    const outputs = valueOf(root, 'Outputs');
    if (isMap(outputs))
      for (const o of outputs.entries)
        scopes.push({ start: o.value.start, end: o.value.end, from: `Outputs.${String(o.key.value)}` });
    scopes.sort((a, b) => a.start - b.start);
    for (const node of intrinsics) {
      // The scope starting last at or before the node; it holds the node when the node ends inside it.
      let lo = 0;
      let hi = scopes.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (scopes[mid]!.start <= node.start) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const scope = found >= 0 ? scopes[found]! : undefined;
      if (!scope || node.end > scope.end) continue;
      const own = !!scope.own && scope.own.start <= node.start && node.end <= scope.own.end;
      this.addReferences(node, scope.from, own);
    }
  }

  private addReferences(node: PMap, from: string, own: boolean): void {
    const fn = node.entries[0]!.key.value;
    const arg = node.entries[0]!.value;
    const targets: string[] = [];
    if (fn === 'Ref' && isScalar(arg) && typeof arg.value === 'string') targets.push(arg.value);
    else if (fn === 'Fn::GetAtt') {
      const t =
        isScalar(arg) && typeof arg.value === 'string'
          ? arg.value.split('.')[0]
          : isSeq(arg) && isScalar(arg.items[0])
            ? String(arg.items[0].value)
            : undefined;
      if (t) targets.push(t);
    } else if (fn === 'Fn::Sub') {
      const tmpl = isScalar(arg)
        ? arg.value
        : isSeq(arg) && isScalar(arg.items[0])
          ? arg.items[0].value
          : undefined;
      if (typeof tmpl === 'string')
        for (const m of tmpl.matchAll(/\$\{([^!}][^}.]*)(?:\.[^}]*)?\}/g)) targets.push(m[1]!.trim());
    }
    for (const to of targets) {
      if (!this.resources.has(to) || to === from) continue;
      this.references.push({ from, to, uri: this.uri, range: rangeOf(node), ownRule: own });
    }
  }

  private walkRefs(
    node: PNode,
    from: string,
    ownRuleNode: PNode | undefined,
    depth: number,
    inOwn = false,
  ): void {
    if (depth > 200) return;
    const own = inOwn || node === ownRuleNode;
    if (isSeq(node)) {
      for (const i of node.items) this.walkRefs(i, from, ownRuleNode, depth + 1, own);
      return;
    }
    if (!isMap(node)) return;
    const fn = intrinsicName(node);
    if (fn === 'Ref' || fn === 'Fn::GetAtt' || fn === 'Fn::Sub') this.addReferences(node, from, own);
    for (const e of node.entries) this.walkRefs(e.value, from, ownRuleNode, depth + 1, own);
  }
}

/** The resource an `Fn::GetAtt` of the given attribute names (`!GetAtt Vpc.DefaultSecurityGroup` too). */
function getAttOf(node: PNode, attribute: string): string | undefined {
  if (!isMap(node) || intrinsicName(node) !== 'Fn::GetAtt') return undefined;
  const args = node.entries[0]!.value;
  if (isScalar(args) && typeof args.value === 'string') {
    const dot = args.value.indexOf('.');
    return dot > 0 && args.value.slice(dot + 1) === attribute ? args.value.slice(0, dot) : undefined;
  }
  if (!isSeq(args) || args.items.length !== 2) return undefined;
  const [resource, attr] = args.items;
  return isScalar(resource) &&
    typeof resource.value === 'string' &&
    isScalar(attr) &&
    attr.value === attribute
    ? resource.value
    : undefined;
}

/**
 * CDK's "disallow all" egress: a group made with `allowAllOutbound: false` gets this one rule (ICMP type
 * 252, code 86, to 255.255.255.255/32), which matches no traffic and exists only so that AWS adds no
 * allow-all egress. The group declares its egress and allows none: the rule is left out of the model.
 */
function isCdkDisallowAllSentinel(rule: PMap): boolean {
  const scalar = (key: string): string | undefined => {
    const v = rule.entries.find((e) => e.key.value === key)?.value;
    return v && isScalar(v) && v.value !== null ? String(v.value) : undefined;
  };
  return (
    scalar('CidrIp') === '255.255.255.255/32' &&
    (scalar('IpProtocol') === 'icmp' || scalar('IpProtocol') === '1') &&
    scalar('FromPort') === '252' &&
    scalar('ToPort') === '86'
  );
}

export function rangeOf(n: TextRange): TextRange {
  return { start: n.start, end: n.end };
}

function value<T>(
  uri: string,
  node: TextRange,
  v: { known: boolean; value?: T; origin?: Value<T>['origin']; dependsOn?: string },
): Value<T> {
  const out: { -readonly [K in keyof Value<T>]: Value<T>[K] } = { known: v.known, uri, range: rangeOf(node) };
  if (v.known) out.value = v.value;
  if (v.origin) out.origin = v.origin;
  if (!v.known && v.dependsOn) out.dependsOn = v.dependsOn;
  return out;
}
