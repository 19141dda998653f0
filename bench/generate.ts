/**
 * Realistic CloudFormation templates for the benchmarks, built as one value tree and written twice:
 * YAML with short-form tags (`!Ref`, `!Sub`, `!If`, …) and JSON with the long forms (`{"Ref": …}`), so
 * both formats carry identical content. A template is a fixed header (Parameters with defaults,
 * Mappings, Conditions) plus "application units" (load balancer, web and database tiers with their
 * security groups, standalone ingress/egress, instances, buckets) added one resource at a time until
 * the YAML text reaches the requested size. Some units carry deliberate problems (world-open SSH, wide
 * port ranges, missing descriptions, an invalid CIDR, unused groups…) so the rules do real work.
 */

/** A CloudFormation intrinsic function call, written `!Name arg` in YAML and `{"Fn::Name": arg}` in JSON. */
export class Intrinsic {
  constructor(
    readonly name: string,
    readonly arg: CfnValue,
  ) {}
}

export type CfnValue = string | number | boolean | Intrinsic | CfnValue[] | { [key: string]: CfnValue };

const fn = (name: string, arg: CfnValue): Intrinsic => new Intrinsic(name, arg);
const ref = (name: string): Intrinsic => fn('Ref', name);
const sub = (template: string): Intrinsic => fn('Sub', template);
const getAtt = (resource: string, attribute: string): Intrinsic => fn('GetAtt', `${resource}.${attribute}`);
const findInMap = (map: string, top: CfnValue, second: CfnValue): Intrinsic =>
  fn('FindInMap', [map, top, second]);
const ifElse = (condition: string, whenTrue: CfnValue, whenFalse: CfnValue): Intrinsic =>
  fn('If', [condition, whenTrue, whenFalse]);
const noValue = ref('AWS::NoValue');

function longFormKey(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

// ---------------------------------------------------------------------------------------------------
// JSON (long form)

function toJsonValue(v: CfnValue): unknown {
  if (v instanceof Intrinsic) {
    // The long form of GetAtt is a two-element list.
    const arg = v.name === 'GetAtt' && typeof v.arg === 'string' ? v.arg.split('.') : v.arg;
    return { [longFormKey(v.name)]: toJsonValue(arg) };
  }
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------
// YAML (block style, short-form tags)

const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;
const YAML_KEYWORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'y', 'n', '~']);

function yamlScalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  // `Key:` inside a plain scalar followed by a space would start a mapping; `::` is fine (AWS::Region).
  if (PLAIN_SAFE.test(v) && !YAML_KEYWORDS.has(v.toLowerCase()) && !/:$/.test(v)) return v;
  return `'${v.replace(/'/g, "''")}'`;
}

function isScalarValue(v: CfnValue): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** The value on one line (flow style), or undefined when it needs block style. */
function yamlInline(v: CfnValue): string | undefined {
  if (isScalarValue(v)) {
    if (typeof v === 'string' && v.includes('\n')) return undefined;
    return yamlScalar(v);
  }
  if (v instanceof Intrinsic) {
    const inner = yamlInline(v.arg);
    return inner === undefined ? undefined : `!${v.name} ${inner}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (!v.every((x) => isScalarValue(x) || x instanceof Intrinsic)) return undefined;
    const items = v.map(yamlInline);
    if (items.some((x) => x === undefined)) return undefined;
    const line = `[${items.join(', ')}]`;
    return line.length <= 100 ? line : undefined;
  }
  return Object.keys(v).length === 0 ? '{}' : undefined;
}

/** Lines of a block value at the given indent. */
function yamlBlock(v: CfnValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (typeof v === 'string' && v.includes('\n')) {
    return [
      ...v
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => (l ? pad + l : '')),
    ];
  }
  if (v instanceof Intrinsic) {
    // `!If` over mappings: the tag, then the block sequence under it.
    return yamlBlock(v.arg, indent);
  }
  if (Array.isArray(v)) {
    const lines: string[] = [];
    for (const item of v) {
      const inline = yamlInline(item);
      if (inline !== undefined) {
        lines.push(`${pad}- ${inline}`);
        continue;
      }
      if (item instanceof Intrinsic) {
        lines.push(`${pad}- !${item.name}`, ...yamlBlock(item.arg, indent + 2));
        continue;
      }
      const body = yamlBlock(item, indent + 2);
      // A mapping in a sequence starts on the dash line.
      lines.push(`${pad}- ${body[0]!.slice(indent + 2)}`, ...body.slice(1));
    }
    return lines;
  }
  if (typeof v === 'object') {
    const lines: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      const key = yamlScalar(k);
      const inline = yamlInline(x);
      if (inline !== undefined) lines.push(`${pad}${key}: ${inline}`);
      else if (typeof x === 'string') lines.push(`${pad}${key}: |`, ...yamlBlock(x, indent + 2));
      else if (x instanceof Intrinsic) {
        if (typeof x.arg === 'string')
          lines.push(`${pad}${key}: !${x.name} |`, ...yamlBlock(x.arg, indent + 2));
        else if (x.arg instanceof Intrinsic) {
          // A node has one tag, so `!Base64 !Sub |` is written the usual way: `Fn::Base64: !Sub |`.
          const innerArg = x.arg.arg;
          if (typeof innerArg !== 'string') throw new Error('nested block intrinsic is not supported');
          lines.push(
            `${pad}${key}:`,
            `${pad}  ${longFormKey(x.name)}: !${x.arg.name} |`,
            ...yamlBlock(innerArg, indent + 4),
          );
        } else lines.push(`${pad}${key}: !${x.name}`, ...yamlBlock(x.arg, indent + 2));
      } else lines.push(`${pad}${key}:`, ...yamlBlock(x, indent + 2));
    }
    return lines;
  }
  return [`${pad}${yamlScalar(v)}`];
}

// ---------------------------------------------------------------------------------------------------
// Template content

type Section = Record<string, CfnValue>;

interface TemplateParts {
  description: string;
  parameters: Section;
  mappings: Section;
  conditions: Section;
  resources: [string, CfnValue][];
  outputs: Section;
}

function header(): Omit<TemplateParts, 'resources' | 'outputs'> {
  return {
    description: 'Generated benchmark template: multi-tier application stacks with security groups',
    parameters: {
      VpcId: {
        Type: 'AWS::EC2::VPC::Id',
        Default: 'vpc-0a1b2c3d4e5f60718',
        Description: 'VPC for all tiers',
      },
      SubnetIds: {
        Type: 'List<AWS::EC2::Subnet::Id>',
        Default: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788',
        Description: 'Subnets for load balancers and instances',
      },
      Environment: { Type: 'String', Default: 'prod', AllowedValues: ['dev', 'staging', 'prod'] },
      AdminCidr: { Type: 'String', Default: '203.0.113.0/24', Description: 'Administrators' },
      PartnerCidr: { Type: 'String', Default: '0.0.0.0/0', Description: 'Partner network (too broad)' },
      AppPort: { Type: 'Number', Default: 8080, MinValue: 1024, MaxValue: 65535 },
      DbPort: { Type: 'Number', Default: 5432 },
      SecondOctet: { Type: 'String', Default: '20', AllowedPattern: '^[0-9]{1,3}$' },
      InstanceType: {
        Type: 'String',
        Default: 't3.medium',
        AllowedValues: ['t3.small', 't3.medium', 'm5.large'],
      },
    },
    mappings: {
      NetworkMap: {
        'us-east-1': {
          CorpCidr: '10.10.0.0/16',
          VpnCidr: '172.16.0.0/20',
          MonitoringCidr: '198.51.100.0/24',
        },
        'us-west-2': {
          CorpCidr: '10.20.0.0/16',
          VpnCidr: '172.17.0.0/20',
          MonitoringCidr: '198.51.101.0/24',
        },
        'eu-west-1': {
          CorpCidr: '10.30.0.0/16',
          VpnCidr: '172.18.0.0/20',
          MonitoringCidr: '198.51.102.0/24',
        },
      },
      AmiMap: {
        'us-east-1': { Ami: 'ami-0123456789abcdef0' },
        'us-west-2': { Ami: 'ami-0fedcba9876543210' },
        'eu-west-1': { Ami: 'ami-00aa11bb22cc33dd4' },
      },
    },
    conditions: {
      IsProd: fn('Equals', [ref('Environment'), 'prod']),
      IsNotProd: fn('Not', [fn('Condition', 'IsProd')]),
      IsUsEast1: fn('Equals', [ref('AWS::Region'), 'us-east-1']),
    },
  };
}

function ingressRule(
  protocol: string | number,
  from: CfnValue,
  to: CfnValue,
  peer: Record<string, CfnValue>,
  description?: string,
): Record<string, CfnValue> {
  const rule: Record<string, CfnValue> = { IpProtocol: protocol, FromPort: from, ToPort: to, ...peer };
  if (description !== undefined) rule.Description = description;
  return rule;
}

/** The resources of application unit `i`, in an order where every resource refers only to earlier ones. */
function unitResources(i: number): [string, CfnValue][] {
  const p = `App${i}`;
  const tags = (tier: string): CfnValue => [
    { Key: 'Name', Value: sub(`\${AWS::StackName}-app${i}-${tier}`) },
    { Key: 'Environment', Value: ref('Environment') },
    { Key: 'Tier', Value: tier },
  ];
  const lbIngress: CfnValue[] = [
    ingressRule('tcp', 443, 443, { CidrIp: '0.0.0.0/0' }, 'HTTPS from anywhere'),
    ingressRule('tcp', 80, 80, { CidrIp: '0.0.0.0/0' }, 'HTTP redirect'),
    ingressRule('tcp', 443, 443, { CidrIpv6: '::/0' }, 'HTTPS from anywhere (IPv6)'),
    ifElse(
      'IsProd',
      ingressRule(
        'tcp',
        8443,
        8443,
        { CidrIp: findInMap('NetworkMap', ref('AWS::Region'), 'MonitoringCidr') },
        'Health checks from monitoring',
      ),
      noValue,
    ),
  ];
  // Deliberate problems, spread over the units so every size has some.
  if (i % 3 === 0) lbIngress.push(ingressRule('tcp', 22, 22, { CidrIp: '0.0.0.0/0' }, 'Temporary SSH'));
  if (i % 4 === 1)
    lbIngress.push(ingressRule('tcp', 8080, 8080, { CidrIp: '0.0.0.0/0' }, 'Legacy HTTP port'));
  const webIngress: CfnValue[] = [
    ingressRule(
      'tcp',
      ref('AppPort'),
      ref('AppPort'),
      { SourceSecurityGroupId: ref(`${p}LbSg`) },
      'From the LB',
    ),
    ingressRule('tcp', 22, 22, { CidrIp: ref('AdminCidr') }, 'SSH from admins'),
    ingressRule(
      'tcp',
      22,
      22,
      { CidrIp: findInMap('NetworkMap', ref('AWS::Region'), 'VpnCidr') },
      'SSH from VPN',
    ),
    ingressRule('icmp', -1, -1, { CidrIp: sub('10.${SecondOctet}.0.0/16') }, 'Ping from the VPC'),
  ];
  if (i % 3 === 1) webIngress.push(ingressRule('tcp', 5432, 5432, { CidrIp: '0.0.0.0/0' }, 'Debugging'));
  if (i % 5 === 2) webIngress.push(ingressRule('tcp', 3389, 3389, { CidrIp: ref('PartnerCidr') }));
  if (i % 6 === 4)
    webIngress.push(ingressRule('tcp', 0, 65535, { CidrIp: '10.0.0.0/8' }, 'Everything internal'));
  if (i % 7 === 3)
    webIngress.push(ingressRule('tcp', 22, 22, { CidrIp: ref('AdminCidr') }, 'SSH again (dup)'));
  const webEgress: CfnValue[] = [
    ingressRule('tcp', 443, 443, { CidrIp: '0.0.0.0/0' }, 'HTTPS to AWS APIs'),
    ingressRule('udp', 53, 53, { CidrIp: sub('10.${SecondOctet}.0.2/32') }, 'DNS'),
    ifElse('IsNotProd', ingressRule('-1', -1, -1, { CidrIp: '0.0.0.0/0' }, 'Anything in dev'), noValue),
  ];
  const dbIngressCidr =
    i % 11 === 5 ? '10.0.0.0/33' : findInMap('NetworkMap', ref('AWS::Region'), 'CorpCidr');
  const resources: [string, CfnValue][] = [
    [
      `${p}LbSg`,
      {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: `Load balancer of application ${i}`,
          VpcId: ref('VpcId'),
          SecurityGroupIngress: lbIngress,
          Tags: tags('lb'),
        },
      },
    ],
    [
      `${p}WebSg`,
      {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: `Web servers of application ${i}`,
          VpcId: ref('VpcId'),
          SecurityGroupIngress: webIngress,
          SecurityGroupEgress: webEgress,
          Tags: tags('web'),
        },
      },
    ],
    [
      `${p}LbToWebEgress`,
      {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: {
          GroupId: getAtt(`${p}LbSg`, 'GroupId'),
          IpProtocol: 'tcp',
          FromPort: ref('AppPort'),
          ToPort: ref('AppPort'),
          DestinationSecurityGroupId: getAtt(`${p}WebSg`, 'GroupId'),
          Description: 'LB to the web tier',
        },
      },
    ],
    [
      `${p}DbSg`,
      {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: `Database of application ${i}`,
          VpcId: ref('VpcId'),
          SecurityGroupEgress: [ingressRule('-1', -1, -1, { CidrIp: '127.0.0.1/32' }, 'No egress')],
          Tags: tags('db'),
        },
      },
    ],
    [
      `${p}DbFromWeb`,
      {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: ref(`${p}DbSg`),
          IpProtocol: 'tcp',
          FromPort: ref('DbPort'),
          ToPort: ref('DbPort'),
          SourceSecurityGroupId: getAtt(`${p}WebSg`, 'GroupId'),
          Description: 'Web tier to the database',
        },
      },
    ],
    [
      `${p}DbFromCorp`,
      {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: ref(`${p}DbSg`),
          IpProtocol: 'tcp',
          FromPort: ref('DbPort'),
          ToPort: ref('DbPort'),
          CidrIp: ifElse('IsProd', dbIngressCidr, '0.0.0.0/0'),
          ...(i % 4 === 2 ? {} : { Description: 'Analysts on the corporate network' }),
        },
      },
    ],
    [
      `${p}Instance`,
      {
        Type: 'AWS::EC2::Instance',
        Properties: {
          ImageId: findInMap('AmiMap', ref('AWS::Region'), 'Ami'),
          InstanceType: ref('InstanceType'),
          SubnetId: fn('Select', [0, ref('SubnetIds')]),
          SecurityGroupIds: [getAtt(`${p}WebSg`, 'GroupId')],
          UserData: fn(
            'Base64',
            sub(
              '#!/bin/bash\nset -euo pipefail\n' +
                `echo "app${i} in \${AWS::Region}" > /etc/motd\n` +
                'yum install -y nginx\nsystemctl enable --now nginx\n',
            ),
          ),
          Tags: tags('web'),
        },
      },
    ],
    [
      `${p}LogBucket`,
      {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: sub(`\${AWS::StackName}-app${i}-logs-\${AWS::AccountId}`),
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          Tags: tags('logs'),
        },
      },
    ],
    [
      `${p}LoadBalancer`,
      {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: {
          Scheme: 'internet-facing',
          Subnets: ref('SubnetIds'),
          SecurityGroups: [ref(`${p}LbSg`)],
          LoadBalancerAttributes: [
            { Key: 'access_logs.s3.enabled', Value: 'true' },
            { Key: 'access_logs.s3.bucket', Value: ref(`${p}LogBucket`) },
          ],
          Tags: tags('lb'),
        },
      },
    ],
  ];
  if (i % 5 === 4) {
    // A group nothing uses (SG109), without a VPC (SG110).
    resources.push([
      `${p}LegacySg`,
      {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'Left over from the migration',
          SecurityGroupIngress: [ingressRule('tcp', 1000, 2000, { CidrIp: '198.51.100.0/22' })],
        },
      },
    ]);
  }
  return resources;
}

function outputsFor(resources: readonly [string, CfnValue][]): Section {
  const outputs: Section = {};
  for (const [id] of resources) {
    if (id.endsWith('LoadBalancer')) {
      outputs[`${id}Dns`] = {
        Value: getAtt(id, 'DNSName'),
        Export: { Name: sub(`\${AWS::StackName}-${id}-dns`) },
      };
    }
  }
  return outputs;
}

export function toYaml(template: Record<string, CfnValue>): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(template)) {
    const inline = yamlInline(v);
    if (inline !== undefined) lines.push(`${k}: ${inline}`);
    else lines.push(`${k}:`, ...yamlBlock(v, 2));
    if (k !== 'AWSTemplateFormatVersion' && k !== 'Description') lines.push('');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

export function toJson(template: Record<string, CfnValue>): string {
  return `${JSON.stringify(toJsonValue(template), null, 2)}\n`;
}

export type TemplateFormat = 'yaml' | 'json';

export interface GeneratedTemplate {
  readonly text: string;
  readonly resources: number;
  /** Resources of the three security-group types. */
  readonly securityGroupResources: number;
}

/** Parameters, mappings and conditions a value refers to (resource names land in `refs` too; harmless). */
function collectNames(v: CfnValue, refs: Set<string>, maps: Set<string>, conditions: Set<string>): void {
  if (v instanceof Intrinsic) {
    if (v.name === 'Ref' && typeof v.arg === 'string') refs.add(v.arg);
    if (v.name === 'Condition' && typeof v.arg === 'string') conditions.add(v.arg);
    if (v.name === 'FindInMap' && Array.isArray(v.arg) && typeof v.arg[0] === 'string') maps.add(v.arg[0]);
    if (v.name === 'If' && Array.isArray(v.arg) && typeof v.arg[0] === 'string') conditions.add(v.arg[0]);
    if (v.name === 'Sub' && typeof v.arg === 'string') {
      for (const m of v.arg.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) refs.add(m[1]!);
    }
    collectNames(v.arg, refs, maps, conditions);
  } else if (Array.isArray(v)) for (const x of v) collectNames(x, refs, maps, conditions);
  else if (typeof v === 'object') for (const x of Object.values(v)) collectNames(x, refs, maps, conditions);
}

interface UsedNames {
  readonly refs: Set<string>;
  readonly maps: Set<string>;
  readonly conditions: Set<string>;
}

function addNames(names: UsedNames, resource: [string, CfnValue]): void {
  collectNames(resource[1], names.refs, names.maps, names.conditions);
}

function namesOf(resources: readonly [string, CfnValue][]): UsedNames {
  const names: UsedNames = { refs: new Set(), maps: new Set(), conditions: new Set() };
  for (const r of resources) addNames(names, r);
  return names;
}

/** The header sections cut down to what the resources use, as a real template would be. */
function usedHeader(names: UsedNames): Omit<TemplateParts, 'resources' | 'outputs'> {
  const h = header();
  const refs = new Set(names.refs);
  const maps = new Set(names.maps);
  const conditions = new Set(names.conditions);
  // Conditions refer to other conditions and to parameters.
  for (let grew = true; grew;) {
    const before = conditions.size + refs.size;
    for (const c of [...conditions]) collectNames(h.conditions[c] ?? '', refs, maps, conditions);
    grew = conditions.size + refs.size > before;
  }
  const pick = (section: Section, keep: Set<string>): Section =>
    Object.fromEntries(Object.entries(section).filter(([k]) => keep.has(k)));
  return {
    description: h.description,
    parameters: pick(h.parameters, refs),
    mappings: pick(h.mappings, maps),
    conditions: pick(h.conditions, conditions),
  };
}

function toObject(parts: TemplateParts): Record<string, CfnValue> {
  const t: Record<string, CfnValue> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: parts.description,
  };
  if (Object.keys(parts.parameters).length) t.Parameters = parts.parameters;
  if (Object.keys(parts.mappings).length) t.Mappings = parts.mappings;
  if (Object.keys(parts.conditions).length) t.Conditions = parts.conditions;
  t.Resources = Object.fromEntries(parts.resources);
  if (Object.keys(parts.outputs).length) t.Outputs = parts.outputs;
  return t;
}

function render(format: TemplateFormat, template: Record<string, CfnValue>): string {
  return format === 'yaml' ? toYaml(template) : toJson(template);
}

/** The size one entry adds to a top-level section (Resources, Outputs). */
function entrySize(format: TemplateFormat, entry: [string, CfnValue]): number {
  if (format === 'yaml') return toYaml({ S: Object.fromEntries([entry]) }).length - 'S:\n'.length;
  // Nested two levels deep in the JSON file: four more spaces per line, the key, and a comma.
  const body = JSON.stringify(toJsonValue(entry[1]), null, 2);
  return body.length + 4 * (body.split('\n').length - 1) + entry[0].length + 10;
}

/** The size one resource adds to the file: its entry, and its output if it has one. */
function resourceSize(format: TemplateFormat, r: [string, CfnValue]): number {
  const outputs = Object.entries(outputsFor([r]));
  return entrySize(format, r) + outputs.reduce((n, o) => n + entrySize(format, o), 0);
}

/**
 * A template of about `targetBytes` in the given format (whole resources, at whichever side of the
 * target is closer). Both formats come from the same resource sequence, so the JSON file of a size
 * holds the first resources of the YAML file of that size (JSON is about 1.8× longer for the same
 * content).
 */
export function generateTemplate(format: TemplateFormat, targetBytes: number): GeneratedTemplate {
  const resources: [string, CfnValue][] = [];
  const names = namesOf([]);
  let resourceBytes = 0;
  // The header only grows when a resource uses a new name, so its size is rendered once per change.
  let headerKey = '';
  let headerBytes = 0;
  const sizeNow = (): number => {
    const key = [...names.refs, '|', ...names.maps, '|', ...names.conditions].join(',');
    if (key !== headerKey) {
      headerKey = key;
      headerBytes = render(format, toObject({ ...usedHeader(names), resources: [], outputs: {} })).length;
    }
    return headerBytes + resourceBytes;
  };
  grow: for (let unit = 0; ; unit++) {
    for (const r of unitResources(unit)) {
      const before = sizeNow();
      resources.push(r);
      addNames(names, r);
      resourceBytes += resourceSize(format, r);
      const after = sizeNow();
      if (after < targetBytes) continue;
      if (after - targetBytes > targetBytes - before && resources.length > 1) resources.pop();
      break grow;
    }
  }
  const template = toObject({ ...usedHeader(namesOf(resources)), resources, outputs: outputsFor(resources) });
  const securityGroupResources = resources.filter(([, r]) =>
    (r as { Type: string }).Type.startsWith('AWS::EC2::SecurityGroup'),
  ).length;
  return { text: render(format, template), resources: resources.length, securityGroupResources };
}

/** YAML and JSON files that are not templates, as found next to templates in real repositories. */
export function nonTemplateFiles(i: number): { name: string; text: string }[] {
  return [
    {
      name: `service-${i}/package.json`,
      text: `${JSON.stringify({ name: `service-${i}`, version: '1.0.0', scripts: { build: 'tsc' }, dependencies: { express: '^4.19.0' } }, null, 2)}\n`,
    },
    {
      name: `service-${i}/deployment.yaml`,
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n' +
        '  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n' +
        '          ports:\n            - containerPort: 80\n',
    },
  ];
}
