/**
 * A Terraform module → the security-group model.
 *
 * - `aws_security_group` and `aws_default_security_group` with inline `ingress`/`egress` blocks and
 *   `dynamic "ingress"|"egress"` blocks over known collections; one model rule per peer (each CIDR,
 *   prefix list and group of a block is its own AWS rule, as AWS counts them);
 * - `aws_security_group_rule` (`type`, `security_group_id`, `cidr_blocks`, `ipv6_cidr_blocks`,
 *   `prefix_list_ids`, `source_security_group_id`, `self`) and `aws_vpc_security_group_ingress_rule` /
 *   `_egress_rule` (`cidr_ipv4`, `cidr_ipv6`, `prefix_list_id`, `referenced_security_group_id`,
 *   `ip_protocol`), attached to their group by `security_group_id`;
 * - a VPC declared without an `aws_default_security_group` keeps AWS's default group with its default
 *   rules (all traffic from itself, all egress): a synthesized default group says so;
 * - `for_each`/`count` over known collections: every instance is checked, identical findings merge;
 * - Terraform removes AWS's allow-all egress from the groups it creates, so there is no implicit egress.
 */
import type {
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
import { normalizeProtocol, toPort } from '../model/normalize';
import type { HclAttribute, HclBlock, HclBody, HclExpr, HclFile } from './hcl';
import type { TfModule, TfResource } from './module';
import type { Scope, TfVal } from './evaluate';
import { listItems, TfEvaluator } from './evaluate';
import { localModuleCalls } from './calls';

export const TF_GROUP = 'aws_security_group';
export const TF_DEFAULT_GROUP = 'aws_default_security_group';
export const TF_RULE = 'aws_security_group_rule';
export const TF_VPC_INGRESS = 'aws_vpc_security_group_ingress_rule';
export const TF_VPC_EGRESS = 'aws_vpc_security_group_egress_rule';

const GROUP_TYPES = new Set([TF_GROUP, TF_DEFAULT_GROUP]);
/** More instances than this of one resource are checked as one instance with unknown iterators. */
const MAX_INSTANCES = 32;

/** What fixes need to find the text of a Terraform rule or group. */
export interface HclSyntax {
  readonly kind: 'hcl';
  readonly block: HclBlock;
  /** How many model rules the block produced: removing the block removes them all. */
  readonly peers: number;
}

type MutableGroup = SecurityGroup & { ingress: SgRule[]; egress: SgRule[] };

/** Where a rule's fields come from: a block's attributes or an object's entries. */
type Fields = (name: string) => { v: TfVal; use: TextRange; at: TextRange; expr?: HclExpr } | undefined;

interface Instance {
  readonly iterators?: ReadonlyMap<string, TfVal>;
  readonly suffix: string;
}

/**
 * What a local module's output is called in the export table: its folder and name. Module outputs
 * resolve like CloudFormation exports, but only through a `module` block whose source is that folder.
 */
export function moduleOutputExportName(dirUri: string, output: string): string {
  return `${dirUri}#output.${output}`;
}

export function adaptTerraform(module: TfModule): TemplateModel {
  return new TfAdapter(module).run();
}

class TfAdapter {
  private readonly evaluator = new TfEvaluator();
  private readonly groups: MutableGroup[] = [];
  private readonly byAddress = new Map<string, MutableGroup[]>();
  /** The count/for_each instance of each group (`[0]`, `["prod"]`; empty without count or for_each). */
  private readonly instanceOf = new Map<SecurityGroup, string>();
  private readonly external = new Map<string, MutableGroup>();
  private readonly standaloneRules: SgRule[] = [];
  private readonly references: ResourceReference[] = [];
  private readonly resources = new Map<string, ResourceInfo>();

  constructor(private readonly module: TfModule) {}

  run(): TemplateModel {
    const m = this.module;
    for (const r of m.resources.values()) {
      if (r.kind === 'output') continue;
      this.resources.set(r.address, {
        address: r.address,
        type: r.kind === 'data' ? `data.${r.type}` : r.type,
        uri: r.file.uri,
        range: { start: r.block.start, end: r.block.end },
        idRange: r.idRange,
      });
    }
    for (const r of m.resources.values())
      if (r.kind === 'resource' && GROUP_TYPES.has(r.type)) this.addGroup(r);
    this.addUnmanagedDefaultGroups();
    for (const r of m.resources.values()) {
      if (r.kind !== 'resource') continue;
      if (r.type === TF_RULE || r.type === TF_VPC_INGRESS || r.type === TF_VPC_EGRESS) this.addStandalone(r);
    }
    this.collectReferences();
    const parseErrors = m.files.flatMap((f) =>
      f.errors.map((e) => ({ message: e.message, uri: f.uri, range: e.range })),
    );
    parseErrors.push(
      ...m.tfvarsFiles.flatMap((f) =>
        f.errors.map((e) => ({ message: e.message, uri: f.uri, range: e.range })),
      ),
    );
    const moduleExports = this.collectExports();
    return {
      uri: m.dirUri,
      format: 'terraform',
      ...(moduleExports.length ? { exports: moduleExports } : {}),
      groups: [...this.groups, ...this.external.values()],
      standaloneRules: this.standaloneRules,
      references: this.references,
      resources: this.resources,
      suppressions: [],
      parseErrors,
    };
  }

  private scope(file: HclFile, iterators?: ReadonlyMap<string, TfVal>): Scope {
    return iterators ? { module: this.module, file, iterators } : { module: this.module, file };
  }

  private attr(body: HclBody, name: string): HclAttribute | undefined {
    let found: HclAttribute | undefined;
    for (const a of body.attributes) if (a.name === name) found = a;
    return found;
  }

  /** The instances of a resource: one per known `for_each` element or `count` index, else one. */
  private instances(r: TfResource): Instance[] {
    const scope = this.scope(r.file);
    const forEach = this.attr(r.block.body, 'for_each');
    if (forEach) {
      const v = this.evaluator.evaluate(forEach.expr, scope);
      const entries: [string, TfVal][] =
        v.kind === 'map'
          ? byKey(v.entries)
          : v.kind === 'list'
            ? v.items.map((i) => [i.kind === 'scalar' ? String(i.value) : '?', i] as [string, TfVal])
            : [];
      // Unknown, or not a collection (Terraform rejects that): one instance, its iterator unknown.
      if ((v.kind !== 'map' && v.kind !== 'list') || entries.length > MAX_INSTANCES) return [{ suffix: '' }];
      return entries.map(([key, value]) => ({
        suffix: `["${key}"]`,
        iterators: new Map([
          [
            'each',
            mapVal(
              new Map<string, TfVal>([
                [
                  'key',
                  {
                    kind: 'scalar',
                    value: key,
                    uri: r.file.uri,
                    range: { start: forEach.expr.start, end: forEach.expr.end },
                  },
                ],
                ['value', value],
              ]),
              r.file.uri,
              forEach.expr,
            ),
          ],
        ]),
      }));
    }
    const count = this.attr(r.block.body, 'count');
    if (count) {
      const v = this.evaluator.evaluate(count.expr, scope);
      // Terraform converts a numeric string ("2") to the number.
      const n =
        v.kind !== 'scalar'
          ? Number.NaN
          : typeof v.value === 'number'
            ? v.value
            : typeof v.value === 'string' && /^\d+$/.test(v.value)
              ? Number(v.value)
              : Number.NaN;
      if (Number.isInteger(n) && n >= 0 && n <= MAX_INSTANCES) {
        return Array.from({ length: n }, (_, i) => ({
          suffix: `[${i}]`,
          iterators: new Map([
            [
              'count',
              mapVal(
                new Map<string, TfVal>([
                  [
                    'index',
                    {
                      kind: 'scalar',
                      value: i,
                      uri: r.file.uri,
                      range: { start: count.expr.start, end: count.expr.end },
                    },
                  ],
                ]),
                r.file.uri,
                count.expr,
              ),
            ],
          ]),
        }));
      }
    }
    return [{ suffix: '' }];
  }

  private strValue(
    body: HclBody,
    name: string,
    file: HclFile,
    iterators?: ReadonlyMap<string, TfVal>,
  ): Value<string> | undefined {
    const a = this.attr(body, name);
    if (!a) return undefined;
    const v = this.evaluator.evaluate(a.expr, this.scope(file, iterators));
    // `vpc_id = null` is the same as no vpc_id.
    if (v.kind === 'scalar' && v.value === null) return undefined;
    return toValue(v, a.expr, file, (x) => (x === null || typeof x === 'object' ? undefined : String(x)));
  }

  /** `tags = { Name = "web" }` entries whose values are known scalars. */
  private tags(
    body: HclBlock['body'],
    file: HclFile,
    iterators: ReadonlyMap<string, TfVal> | undefined,
  ): Record<string, string> | undefined {
    const a = this.attr(body, 'tags');
    if (!a) return undefined;
    const v = this.evaluator.evaluate(a.expr, this.scope(file, iterators));
    if (v.kind !== 'map') return undefined;
    const out: Record<string, string> = {};
    for (const [k, e] of v.entries)
      if (e.kind === 'scalar' && e.value !== null && typeof e.value !== 'object') out[k] = String(e.value);
    return Object.keys(out).length ? out : undefined;
  }

  private addGroup(r: TfResource): void {
    const isDefault = r.type === TF_DEFAULT_GROUP;
    const list: MutableGroup[] = [];
    for (const inst of this.instances(r)) {
      const body = r.block.body;
      const tags = this.tags(body, r.file, inst.iterators);
      const group: MutableGroup = {
        address: r.address,
        resourceType: r.type,
        ...(tags ? { tags } : {}),
        name:
          this.strValue(body, 'name', r.file, inst.iterators) ??
          this.strValue(body, 'name_prefix', r.file, inst.iterators),
        description: this.strValue(body, 'description', r.file, inst.iterators),
        vpc: this.strValue(body, 'vpc_id', r.file, inst.iterators),
        isDefault,
        ingress: [],
        egress: [],
        implicitEgress: false,
        uri: r.file.uri,
        range: { start: r.block.start, end: r.block.end },
        idRange: r.idRange,
        synthetic: false,
        conditions: [],
        syntax: { kind: 'hcl', block: r.block, peers: 0 } satisfies HclSyntax,
        inlineRulesDeclared:
          body.attributes.some((a) => a.name === 'ingress' || a.name === 'egress') ||
          body.blocks.some(
            (b) =>
              b.type === 'ingress' ||
              b.type === 'egress' ||
              (b.type === 'dynamic' && (b.labels[0]?.value === 'ingress' || b.labels[0]?.value === 'egress')),
          ),
        ...(isDefault ? this.vpcOf(r, inst.iterators) : {}),
      };
      let index = 0;
      const scope = this.scope(r.file, inst.iterators);
      for (const b of body.blocks) {
        if (b.type === 'ingress' || b.type === 'egress') {
          const syntax: HclSyntax = { kind: 'hcl', block: b, peers: 0 };
          group[b.type].push(
            ...this.ruleBlock(
              this.bodyFields(b.body, scope),
              b,
              syntax,
              b.type,
              r,
              group.address,
              `${r.address}${inst.suffix}.${b.type}[${index++}]`,
              true,
              undefined,
              inst.suffix,
            ),
          );
        } else if (b.type === 'dynamic') {
          const kind = b.labels[0]?.value;
          if (kind !== 'ingress' && kind !== 'egress') continue;
          group[kind].push(
            ...this.dynamicBlock(
              b,
              kind,
              r,
              group.address,
              `${r.address}${inst.suffix}.${kind}[${index++}]`,
              inst.iterators,
              inst.suffix,
            ),
          );
        }
      }
      // Attribute syntax: `ingress = [{ from_port = 22, … }]` (or a variable holding such a list).
      for (const a of body.attributes) {
        if (a.name !== 'ingress' && a.name !== 'egress') continue;
        const items = listItems(this.evaluator.evaluate(a.expr, scope)) ?? [];
        for (const item of items) {
          if (item.kind !== 'map') continue;
          const inFile =
            item.uri === r.file.uri && item.range.start >= a.expr.start && item.range.end <= a.expr.end;
          const text = inFile ? item.range : { start: a.start, end: a.end };
          const use = inFile ? item.range : { start: a.expr.start, end: a.expr.end };
          group[a.name].push(
            ...this.ruleBlock(
              this.objectFields(item, use),
              text,
              { kind: 'hcl-object' },
              a.name,
              r,
              group.address,
              `${r.address}${inst.suffix}.${a.name}[${index++}]`,
              true,
              undefined,
              inst.suffix,
            ),
          );
        }
      }
      list.push(group);
      this.instanceOf.set(group, inst.suffix);
      this.groups.push(group);
    }
    this.byAddress.set(r.address, list);
  }

  /** The declared VPC a default group belongs to (`vpc_id = aws_vpc.main.id`). */
  private vpcOf(
    r: TfResource,
    iterators?: ReadonlyMap<string, TfVal>,
  ): { defaultOf?: SecurityGroup['defaultOf'] } {
    const vpc = this.attr(r.block.body, 'vpc_id');
    const v = vpc ? this.evaluator.evaluate(vpc.expr, this.scope(r.file, iterators)) : undefined;
    const res =
      v?.kind === 'unknown' && v.ref && v.ref.module === this.module
        ? this.module.resources.get(v.ref.address)
        : undefined;
    return res?.type === 'aws_vpc'
      ? { defaultOf: { address: res.address, uri: res.file.uri, range: res.idRange } }
      : {};
  }

  /** `dynamic "ingress" { for_each = …; iterator = x; content { … } }`, expanded over a known collection. */
  private dynamicBlock(
    b: HclBlock,
    direction: Direction,
    r: TfResource,
    group: string,
    key: string,
    outer?: ReadonlyMap<string, TfVal>,
    groupInstance?: string,
  ): SgRule[] {
    const content = b.body.blocks.find((c) => c.type === 'content');
    const forEach = this.attr(b.body, 'for_each');
    if (!content || !forEach) return [];
    const iteratorAttr = this.attr(b.body, 'iterator');
    const iteratorName =
      iteratorAttr?.expr.kind === 'traversal' && iteratorAttr.expr.steps.length === 0
        ? iteratorAttr.expr.root
        : direction;
    const v = this.evaluator.evaluate(forEach.expr, this.scope(r.file, outer));
    const elements: [string, TfVal][] | undefined =
      v.kind === 'map'
        ? byKey(v.entries)
        : v.kind === 'list'
          ? v.items.map((i, n) => [String(n), i] as [string, TfVal])
          : undefined;
    const rules: SgRule[] = [];
    if (!elements) {
      // An unknown collection: one rule whose iterator values are unknown ("depends on var.rules").
      const unknownIt: TfVal = {
        kind: 'unknown',
        dependsOn:
          v.kind === 'unknown'
            ? (v.dependsOn ?? 'the dynamic block collection')
            : 'the dynamic block collection',
        uri: r.file.uri,
        range: { start: forEach.expr.start, end: forEach.expr.end },
      };
      const its = new Map(outer ?? []);
      its.set(iteratorName, unknownIt);
      return this.ruleBlock(
        this.bodyFields(content.body, this.scope(r.file, its)),
        b,
        { kind: 'hcl', block: b, peers: 0 } satisfies HclSyntax,
        direction,
        r,
        group,
        `${key}[*]`,
        true,
        undefined,
        groupInstance,
      );
    }
    elements.forEach(([k, value], n) => {
      const its = new Map(outer ?? []);
      its.set(
        iteratorName,
        mapVal(
          new Map<string, TfVal>([
            [
              'key',
              {
                kind: 'scalar',
                value: k,
                uri: r.file.uri,
                range: { start: forEach.expr.start, end: forEach.expr.end },
              },
            ],
            ['value', value],
          ]),
          r.file.uri,
          forEach.expr,
        ),
      );
      rules.push(
        ...this.ruleBlock(
          this.bodyFields(content.body, this.scope(r.file, its)),
          b,
          { kind: 'hcl', block: b, peers: 0 } satisfies HclSyntax,
          direction,
          r,
          group,
          `${key}[${n}]`,
          true,
          undefined,
          groupInstance,
        ),
      );
    });
    return rules;
  }

  /** A rule's fields read from a block's attributes. */
  private bodyFields(body: HclBody, scope: Scope): Fields {
    return (name) => {
      const a = this.attr(body, name);
      if (!a) return undefined;
      const v = this.evaluator.evaluate(a.expr, scope);
      // `x = null` (often `try(each.value.x, null)`) is the same as not setting x.
      if (v.kind === 'scalar' && v.value === null) return undefined;
      return {
        v,
        use: { start: a.expr.start, end: a.expr.end },
        at: { start: a.start, end: a.end },
        expr: a.expr,
      };
    };
  }

  /** A rule's fields read from an object (`ingress = [{ from_port = 22, … }]`), used at `use`. */
  private objectFields(obj: Extract<TfVal, { kind: 'map' }>, use: TextRange): Fields {
    return (name) => {
      const v = obj.entries.get(name);
      return v && !(v.kind === 'scalar' && v.value === null) ? { v, use, at: use } : undefined;
    };
  }

  /**
   * The rules of one inline block, object or standalone rule resource: one per peer. `text` is where
   * the rule is written (the dynamic block for dynamic content, the object for attribute syntax).
   */
  private ruleBlock(
    fields: Fields,
    text: TextRange,
    syntax: unknown,
    direction: Direction,
    r: TfResource,
    group: string,
    key: string,
    inline: boolean,
    groupRef?: GroupReference,
    groupInstance?: string,
  ): SgRule[] {
    const file = r.file;
    const head: TextRange = inline ? firstLine(file.text, text) : r.idRange;
    const missing = <T>(): Value<T> => ({ known: false, uri: file.uri, range: head });
    const standaloneVpc = r.type === TF_VPC_INGRESS || r.type === TF_VPC_EGRESS;
    const proto = fields(standaloneVpc ? 'ip_protocol' : 'protocol');
    const protocol: Value<Protocol> = proto
      ? toValue(proto.v, proto.use, file, (x) => normalizeProtocol(x))
      : missing();
    const port = (name: string): Value<number> => {
      const p = fields(name);
      return p ? toValue(p.v, p.use, file, (x) => toPort(x)) : missing();
    };
    const desc = fields('description');
    const description =
      desc && !(desc.v.kind === 'scalar' && desc.v.value === null)
        ? toValue(desc.v, desc.use, file, (x) =>
            x === null ? '' : typeof x === 'object' ? undefined : String(x),
          )
        : undefined;
    const fromPort = port('from_port');
    const toPortV = port('to_port');
    // The provider validates inline rules: protocol -1 needs from_port = to_port = 0, else the apply fails.
    // (A separate aws_security_group_rule is passed through, and AWS opens every port: SG202 warns.)
    const deployError =
      inline &&
      protocol.known &&
      protocol.value === 'all' &&
      fromPort.known &&
      toPortV.known &&
      (fromPort.value !== 0 || toPortV.value !== 0)
        ? `Terraform rejects protocol "-1" with from_port ${fromPort.value} and to_port ${toPortV.value} in an inline rule: both must be 0`
        : undefined;
    const peers = this.peers(fields, standaloneVpc, r.type === TF_RULE, file, group, head, groupInstance);
    const ruleSyntax =
      syntax && typeof syntax === 'object' && (syntax as { kind?: string }).kind === 'hcl'
        ? { ...(syntax as HclSyntax), peers: peers.length }
        : syntax;
    return peers.map((peer, i) => ({
      key: peers.length > 1 ? `${key}#${i + 1}` : key,
      direction,
      protocol,
      fromPort,
      toPort: toPortV,
      portsWritten: fromPort.known || !!fromPort.dependsOn ? toPortV.known || !!toPortV.dependsOn : false,
      peer,
      ...(description ? { description } : {}),
      uri: file.uri,
      range: { start: text.start, end: text.end },
      headRange: head,
      writtenIn: r.address,
      group,
      ...(groupRef ? { groupRef } : {}),
      inline,
      implicit: false,
      ...(deployError ? { deployError } : {}),
      conditions: [],
      syntax: ruleSyntax,
    }));
  }

  private peers(
    fields: Fields,
    vpcRule: boolean,
    ruleResource: boolean,
    file: HclFile,
    group: string,
    head: TextRange,
    groupInstance?: string,
  ): Peer[] {
    const out: Peer[] = [];
    const each = (name: string, make: (v: Value<string>, item: TfVal) => Peer | undefined): void => {
      const e = fields(name);
      if (!e || (e.v.kind === 'scalar' && e.v.value === null)) return;
      const items = vpcRule ? [e.v] : listItems(e.v);
      if (!items) {
        const unknown: Value<string> = {
          known: false,
          uri: file.uri,
          range: e.use,
          ...(e.v.kind === 'unknown' && e.v.dependsOn ? { dependsOn: e.v.dependsOn } : {}),
        };
        const p = make(unknown, e.v);
        if (p) out.push(p);
        return;
      }
      // `[var.office, local.admin]`: each item is used where it is written in the list.
      const tuple = e.expr?.kind === 'tuple' && e.expr.items.length === items.length ? e.expr : undefined;
      items.forEach((item, i) => {
        const at = tuple?.items[i];
        const use = at ? { start: at.start, end: at.end } : e.use;
        const p = make(
          toValue(item, use, file, (x) => (x === null || typeof x === 'object' ? undefined : String(x))),
          item,
        );
        if (p) out.push(p);
      });
    };
    each(vpcRule ? 'cidr_ipv4' : 'cidr_blocks', (cidr) => ({ kind: 'cidr4', cidr }));
    each(vpcRule ? 'cidr_ipv6' : 'ipv6_cidr_blocks', (cidr) => ({ kind: 'cidr6', cidr }));
    each(vpcRule ? 'prefix_list_id' : 'prefix_list_ids', (id) => ({ kind: 'prefixList', id }));
    const groupAttr = vpcRule
      ? 'referenced_security_group_id'
      : ruleResource
        ? 'source_security_group_id'
        : 'security_groups';
    each(groupAttr, (ref, item) => {
      const resolved = this.groupReference(item, ref);
      // `aws_security_group.app[0].id` in the rules of app[1] names another instance, not the group itself.
      const instance = item.kind === 'unknown' ? item.ref?.instance : undefined;
      if (
        resolved.resolution === 'declared' &&
        resolved.target === group &&
        (instance === undefined || groupInstance === undefined || instance === groupInstance)
      )
        return { kind: 'self', uri: ref.uri, range: ref.range };
      return { kind: 'group', ...resolved };
    });
    const self = fields('self');
    if (self && self.v.kind === 'scalar' && self.v.value === true)
      out.push({ kind: 'self', uri: file.uri, range: self.at });
    if (out.length === 0)
      out.push({ kind: 'unknown', reason: 'no source or destination is given', uri: file.uri, range: head });
    return out;
  }

  /** How a value names a group: a declared group, an external one, or something that is not a group. */
  private groupReference(v: TfVal, ref: Value<string>): GroupReference {
    if (v.kind === 'unknown' && v.ref) {
      const address = v.ref.address;
      const named: Value<string> = { ...ref, known: true, value: address };
      const home = v.ref.module;
      const res = home.resources.get(address);
      // A group declared in a caller (passed in as an argument) is external to this module.
      if (res && home !== this.module) return { ref: named, resolution: 'external', by: 'id' };
      if (res) {
        if (res.kind === 'resource' && GROUP_TYPES.has(res.type))
          return { ref: named, resolution: 'declared', target: address, by: 'id' };
        // `aws_vpc.main.default_security_group_id` is the VPC's default group: managed or not, it is here.
        if (res.type === 'aws_vpc' && v.ref.attr?.startsWith('default_security_group_id')) {
          const group = this.groups.find((g) => g.isDefault && g.defaultOf?.address === address);
          if (group)
            return {
              ref: { ...named, value: group.address },
              resolution: 'declared',
              target: group.address,
              by: 'id',
            };
        }
        if (res.kind === 'module') {
          // `module.net.web_sg_id`: the output of a local module, which the module may say is its group.
          const imported = this.moduleOutputKey(res.name, v.ref.attr);
          return { ref: named, resolution: 'external', by: 'id', ...(imported ? { imported } : {}) };
        }
        if (res.kind === 'data' && /security_group/.test(res.type))
          return { ref: named, resolution: 'external', by: 'id' };
        // Other resources that create groups are read through their attributes (an EKS cluster's, say).
        if (v.ref.attr && /security_group/.test(v.ref.attr))
          return { ref: named, resolution: 'external', by: 'id' };
        return {
          ref: named,
          resolution: 'not-a-group',
          detail: `${address} is ${res.kind === 'data' ? `a data source of type ${res.type}` : `${/^[aeiou]/.test(res.type) ? 'an' : 'a'} ${res.type}`}`,
          by: 'id',
        };
      }
      if (address.startsWith('module.'))
        return {
          ref: named,
          resolution: 'missing',
          detail: `${address} is not declared in this module`,
          by: 'id',
        };
      return {
        ref: named,
        resolution: 'missing',
        detail: `${address} is not declared in this module`,
        by: 'id',
      };
    }
    return { ref, resolution: 'external', by: 'id' };
  }

  private calls: ReadonlyMap<string, string> | undefined;

  /** The export key of a local module call's output (`module.net.web_sg_id`), when the call is local. */
  private moduleOutputKey(call: string, attr: string | undefined): string | undefined {
    const output = attr ? /^[A-Za-z_][\w-]*/.exec(attr)?.[0] : undefined;
    if (!output) return undefined;
    this.calls ??= new Map(localModuleCalls(this.module).map((c) => [c.name, c.dirUri]));
    const dirUri = this.calls.get(call);
    return dirUri ? moduleOutputExportName(dirUri, output) : undefined;
  }

  /** Outputs whose value is one of this module's groups (`value = aws_security_group.web.id`). */
  private collectExports(): GroupExport[] {
    const out: GroupExport[] = [];
    for (const r of this.module.resources.values()) {
      if (r.kind !== 'output') continue;
      const value = this.attr(r.block.body, 'value');
      if (!value) continue;
      const v = this.evaluator.evaluate(value.expr, this.scope(r.file));
      if (v.kind !== 'unknown' || !v.ref || v.ref.module !== this.module) continue;
      if (v.ref.attr !== undefined && v.ref.attr !== 'id') continue;
      const res = this.module.resources.get(v.ref.address);
      if (res?.kind !== 'resource' || !GROUP_TYPES.has(res.type)) continue;
      out.push({
        name: moduleOutputExportName(this.module.dirUri, r.name),
        wildcard: false,
        target: v.ref.address,
        uri: r.file.uri,
        range: { start: value.expr.start, end: value.expr.end },
        output: r.name,
      });
    }
    return out;
  }

  private addStandalone(r: TfResource): void {
    for (const inst of this.instances(r)) {
      const body = r.block.body;
      const scope = this.scope(r.file, inst.iterators);
      let direction: Direction | undefined;
      if (r.type === TF_VPC_INGRESS) direction = 'ingress';
      else if (r.type === TF_VPC_EGRESS) direction = 'egress';
      else {
        const t = this.attr(body, 'type');
        const v = t ? this.evaluator.evaluate(t.expr, scope) : undefined;
        if (v?.kind === 'scalar' && (v.value === 'ingress' || v.value === 'egress')) direction = v.value;
      }
      if (!direction) continue; // type missing, unknown or invalid: Terraform itself rejects it
      const sgAttr = this.attr(body, 'security_group_id');
      let targets: MutableGroup[];
      let groupRef: GroupReference | undefined;
      if (sgAttr) {
        const v = this.evaluator.evaluate(sgAttr.expr, scope);
        const refValue = toValue(v, sgAttr.expr, r.file, (x) =>
          x === null || typeof x === 'object' ? undefined : String(x),
        );
        groupRef = this.groupReference(v, refValue);
        if (groupRef.resolution === 'declared' && groupRef.target) {
          // `aws_security_group.app["prod"].id` attaches to that instance; an unknown index to every one.
          const all = this.byAddress.get(groupRef.target) ?? [];
          const instance = v.kind === 'unknown' ? v.ref?.instance : undefined;
          const named = instance === undefined ? [] : all.filter((g) => this.instanceOf.get(g) === instance);
          targets = named.length ? named : all;
        } else
          targets = [
            this.externalGroup(
              v.kind === 'unknown'
                ? (v.ref?.address ?? v.dependsOn ?? 'an unresolved group')
                : refValue.known
                  ? String(refValue.value)
                  : 'an unresolved group',
              r.file,
              { start: sgAttr.expr.start, end: sgAttr.expr.end },
              groupRef.imported,
            ),
          ];
      } else targets = [this.externalGroup(`${r.address} (no security_group_id)`, r.file, r.idRange)];
      targets.forEach((g, n) => {
        const rules = this.ruleBlock(
          this.bodyFields(body, scope),
          r.block,
          { kind: 'hcl', block: r.block, peers: 0 } satisfies HclSyntax,
          direction,
          r,
          g.address,
          `${r.address}${inst.suffix}`,
          false,
          groupRef,
          this.instanceOf.get(g),
        );
        // One resource is one standalone rule, however many instances of its group it lands in.
        if (n === 0) this.standaloneRules.push(...rules);
        g[direction].push(...rules);
      });
    }
  }

  private externalGroup(address: string, file: HclFile, range: TextRange, imported?: string): MutableGroup {
    const existing = this.external.get(address);
    if (existing) return existing;
    const g: MutableGroup = {
      address,
      resourceType: 'external',
      isDefault: false,
      ingress: [],
      egress: [],
      implicitEgress: false,
      uri: file.uri,
      range,
      idRange: range,
      synthetic: true,
      conditions: [],
      ...(imported ? { imported } : {}),
    };
    this.external.set(address, g);
    return g;
  }

  /**
   * A VPC declared here without an `aws_default_security_group` keeps the default group AWS created with
   * it, and its default rules: all traffic from members of the group, all traffic out.
   */
  private addUnmanagedDefaultGroups(): void {
    const managed = new Set<string>();
    for (const r of this.module.resources.values()) {
      if (r.type !== TF_DEFAULT_GROUP || r.kind !== 'resource') continue;
      const vpc = this.attr(r.block.body, 'vpc_id');
      const v = vpc ? this.evaluator.evaluate(vpc.expr, this.scope(r.file)) : undefined;
      if (v?.kind === 'unknown' && v.ref && v.ref.module === this.module) managed.add(v.ref.address);
    }
    for (const r of this.module.resources.values()) {
      if (r.kind !== 'resource' || r.type !== 'aws_vpc' || managed.has(r.address)) continue;
      const at = r.idRange;
      const v = <T>(x: T): Value<T> => ({ known: true, value: x, uri: r.file.uri, range: at });
      const address = `${r.address}.default_security_group`;
      const g: MutableGroup = {
        address,
        resourceType: 'aws_vpc default security group',
        isDefault: true,
        ingress: [],
        egress: [],
        implicitEgress: true,
        uri: r.file.uri,
        range: { start: r.block.start, end: r.block.end },
        idRange: at,
        synthetic: true,
        conditions: [],
        defaultOf: { address: r.address, uri: r.file.uri, range: at },
      };
      const implicit = (direction: Direction, peer: Peer): SgRule => ({
        key: `${address}.${direction}[default]`,
        direction,
        protocol: v<Protocol>('all'),
        fromPort: v(0),
        toPort: v(0),
        portsWritten: false,
        peer,
        uri: r.file.uri,
        range: at,
        headRange: at,
        writtenIn: r.address,
        group: address,
        inline: false,
        implicit: true,
        conditions: [],
      });
      g.ingress.push(implicit('ingress', { kind: 'self', uri: r.file.uri, range: at }));
      g.egress.push(implicit('egress', { kind: 'cidr4', cidr: v('0.0.0.0/0') }));
      this.groups.push(g);
      this.byAddress.set(address, [g]);
    }
  }

  /** Every reference to a group from another block (its own rules' `security_group_id` marked ownRule). */
  private collectReferences(): void {
    for (const r of this.module.resources.values()) {
      const ownRuleAttr =
        r.type === TF_RULE || r.type === TF_VPC_INGRESS || r.type === TF_VPC_EGRESS
          ? 'security_group_id'
          : undefined;
      this.walkBody(r.block.body, r.address, r.file, ownRuleAttr);
    }
    for (const f of this.module.files) {
      for (const b of f.blocks) if (b.type === 'locals') this.walkBody(b.body, 'locals', f, undefined);
    }
  }

  private walkBody(
    body: HclBody,
    from: string,
    file: HclFile,
    ownRuleAttr: string | undefined,
    depth = 0,
  ): void {
    if (depth > 64) return;
    for (const a of body.attributes) {
      if (a.name === 'depends_on') continue; // ordering, not use
      this.walkExpr(a.expr, from, file, a.name === ownRuleAttr, depth);
    }
    for (const b of body.blocks) this.walkBody(b.body, from, file, ownRuleAttr, depth + 1);
  }

  private walkExpr(e: HclExpr, from: string, file: HclFile, own: boolean, depth: number): void {
    if (depth > 128) return;
    switch (e.kind) {
      case 'traversal': {
        const first = e.steps[0];
        if (first?.kind === 'attr' && GROUP_TYPES.has(e.root)) {
          const to = `${e.root}.${first.name}`;
          if (to !== from)
            this.references.push({
              from,
              to,
              uri: file.uri,
              range: { start: e.start, end: e.end },
              ownRule: own,
            });
        }
        for (const s of e.steps) if (s.kind === 'index') this.walkExpr(s.index, from, file, own, depth + 1);
        return;
      }
      case 'template':
        for (const p of e.parts) if (p.kind !== 'text') this.walkExpr(p, from, file, own, depth + 1);
        return;
      case 'tuple':
        for (const i of e.items) this.walkExpr(i, from, file, own, depth + 1);
        return;
      case 'object':
        for (const el of e.elems) {
          this.walkExpr(el.key, from, file, own, depth + 1);
          this.walkExpr(el.value, from, file, own, depth + 1);
        }
        return;
      case 'access':
        this.walkExpr(e.base, from, file, own, depth + 1);
        for (const s of e.steps) if (s.kind === 'index') this.walkExpr(s.index, from, file, own, depth + 1);
        return;
      case 'call':
        for (const a of e.args) this.walkExpr(a, from, file, own, depth + 1);
        return;
      case 'conditional':
        this.walkExpr(e.cond, from, file, own, depth + 1);
        this.walkExpr(e.then, from, file, own, depth + 1);
        this.walkExpr(e.else, from, file, own, depth + 1);
        return;
      case 'binary':
        this.walkExpr(e.left, from, file, own, depth + 1);
        this.walkExpr(e.right, from, file, own, depth + 1);
        return;
      case 'unary':
        this.walkExpr(e.operand, from, file, own, depth + 1);
        return;
      default:
        // for expressions and template directives are not parsed further: references in them are found by text.
        if (e.kind === 'other')
          this.referencesInText(file.text.slice(e.start, e.end), e.start, from, file, own);
    }
  }

  private referencesInText(text: string, base: number, from: string, file: HclFile, own: boolean): void {
    for (const m of text.matchAll(/\b(aws_security_group|aws_default_security_group)\.([A-Za-z_][\w-]*)/g)) {
      const to = `${m[1]}.${m[2]}`;
      if (to !== from)
        this.references.push({
          from,
          to,
          uri: file.uri,
          range: { start: base + m.index, end: base + m.index + m[0].length },
          ownRule: own,
        });
    }
  }
}

/** A map's entries in the order Terraform iterates them (for_each, dynamic blocks): by key. */
function byKey(entries: ReadonlyMap<string, TfVal>): [string, TfVal][] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function mapVal(entries: Map<string, TfVal>, uri: string, at: TextRange): TfVal {
  return { kind: 'map', entries, uri, range: { start: at.start, end: at.end } };
}

/** From a block's start to the end of its first line. */
function firstLine(text: string, block: TextRange): TextRange {
  const nl = text.indexOf('\n', block.start);
  let end = nl < 0 || nl > block.end ? block.end : nl;
  if (text[end - 1] === '\r') end--;
  return { start: block.start, end: Math.max(block.start, end) };
}

/**
 * A model value from an evaluated one, at the expression where it is used: a value written right
 * there keeps its own range; one that came from elsewhere points at the use and names its origin.
 */
export function toValue<T>(
  v: TfVal,
  use: TextRange,
  file: HclFile,
  map: (x: string | number | boolean | null) => T | undefined,
): Value<T> {
  const useRange = { start: use.start, end: use.end };
  if (v.kind === 'scalar') {
    const value = map(v.value);
    if (value === undefined)
      return { known: false, uri: file.uri, range: useRange, dependsOn: 'a value of the wrong type' };
    if (v.origin) return { known: true, value, uri: file.uri, range: useRange, origin: v.origin };
    const inside = v.uri === file.uri && v.range.start >= use.start && v.range.end <= use.end;
    return {
      known: true,
      value,
      uri: inside ? v.uri : file.uri,
      range: inside ? { start: v.range.start, end: v.range.end } : useRange,
    };
  }
  if (v.kind === 'unknown') {
    const inside = v.uri === file.uri && v.range.start >= use.start && v.range.end <= use.end;
    return {
      known: false,
      uri: file.uri,
      range: inside ? { start: v.range.start, end: v.range.end } : useRange,
      ...(v.dependsOn ? { dependsOn: v.dependsOn } : {}),
    };
  }
  return {
    known: false,
    uri: file.uri,
    range: useRange,
    dependsOn:
      v.kind === 'list' ? 'a list where one value is expected' : 'an object where one value is expected',
  };
}
