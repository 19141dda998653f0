/**
 * The normalized security-group model that every format (CloudFormation YAML/JSON, CDK synth output,
 * Terraform) is adapted into, and that every rule reads. Rules never see a parser's tree: only this.
 *
 * Every leaf that came from source is a `Value<T>` carrying where it is written (`uri` + `range`) and,
 * when it was resolved through a parameter, mapping or variable, where the value really came from
 * (`origin`), so that a finding can point at both places and a fix can edit the right one.
 */

/** Offsets (UTF-16 code units) into the text of a file, end exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface SourceLocation {
  readonly uri: string;
  readonly range: TextRange;
}

export type Format = 'cloudformation-yaml' | 'cloudformation-json' | 'terraform';

export type OriginKind =
  'parameter-default' | 'mapping' | 'variable-default' | 'tfvars' | 'local' | 'module-argument';

/** Where a resolved value was really written, when that is not where it is used. */
export interface Origin {
  readonly kind: OriginKind;
  /** The parameter, mapping path or variable name, e.g. `AdminCidr` or `RegionMap.us-east-1.Cidr`. */
  readonly name: string;
  /** Human wording for messages: "Parameter AdminCidr's default". */
  readonly describe: string;
  readonly uri: string;
  readonly range: TextRange;
  /** The value is only part of what is written there (one item of a comma-separated string): fixes must not replace it whole. */
  readonly partial?: boolean;
}

export interface Value<T> {
  /** Present when `known`. */
  readonly value?: T;
  readonly known: boolean;
  readonly uri: string;
  /** Where the value (or the expression that produced it) is written at the point of use. */
  readonly range: TextRange;
  readonly origin?: Origin;
  /** For unknown values: what the value depends on, e.g. "Parameter AdminCidr" (shown as "depends on …"). */
  readonly dependsOn?: string;
}

/** One branch of a condition a value or rule exists under (CloudFormation `Fn::If`, resource `Condition`). */
export interface ConditionBranch {
  readonly name: string;
  readonly value: boolean;
}

export type Direction = 'ingress' | 'egress';

/**
 * Normalized protocol: names for the ones AWS names (numbers 6, 17, 1, 58 are folded into them), `all`
 * for -1, and the IANA number for any other protocol.
 */
export type Protocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all' | number;

export type GroupReferenceResolution =
  /** A group declared in the same template/module: `target` holds its address. */
  | 'declared'
  /** An `sg-…` id, an imported value, a parameter of a security-group type, a data source. */
  | 'external'
  /** Names something that is not declared at all. */
  | 'missing'
  /** Names a declared resource or parameter that is not a security group. */
  | 'not-a-group';

export interface GroupReference {
  readonly ref: Value<string>;
  readonly resolution: GroupReferenceResolution;
  /** Address of the declared group, when `resolution` is `declared`. */
  readonly target?: string;
  /** For `missing`/`not-a-group`: what was named and, if declared, what it really is. */
  readonly detail?: string;
  /** Whether the reference is by group id or by (default-VPC) group name. */
  readonly by: 'id' | 'name';
  /** `Fn::ImportValue` of this export name: another template's `Outputs` may say which group it is. */
  readonly imported?: string;
}

export type Peer =
  | { readonly kind: 'cidr4'; readonly cidr: Value<string> }
  | { readonly kind: 'cidr6'; readonly cidr: Value<string> }
  | ({ readonly kind: 'group' } & GroupReference)
  | { readonly kind: 'prefixList'; readonly id: Value<string> }
  | { readonly kind: 'self'; readonly range: TextRange; readonly uri: string }
  /** A peer whose kind could not be determined (e.g. several peer properties, or none at all). */
  | { readonly kind: 'unknown'; readonly reason: string; readonly range: TextRange; readonly uri: string };

export interface SgRule {
  /** Unique within a model, stable across re-lints of the same text: "WebSG.ingress[0]" or "SshIngress". */
  readonly key: string;
  readonly direction: Direction;
  readonly protocol: Value<Protocol>;
  /** For tcp/udp a port; for icmp the ICMP type; -1 where AWS uses it for "all". */
  readonly fromPort: Value<number>;
  /** For tcp/udp a port; for icmp the ICMP code. */
  readonly toPort: Value<number>;
  /** Whether FromPort/ToPort were written at all (absent ports on tcp/udp are an error AWS reports). */
  readonly portsWritten: boolean;
  readonly peer: Peer;
  readonly description?: Value<string>;
  readonly uri: string;
  /** The whole rule: an inline list item or a standalone resource. */
  readonly range: TextRange;
  /** Where findings about the rule as a whole point: its first line, or a standalone resource's name. */
  readonly headRange: TextRange;
  /** Address of the resource whose text holds the rule. */
  readonly writtenIn: string;
  /** Address of the group the rule belongs to; for unattached standalone rules, the unresolved reference. */
  readonly group: string;
  /** For standalone rules: how `GroupId`/`GroupName` (`security_group_id`) named the group. */
  readonly groupRef?: GroupReference;
  readonly inline: boolean;
  /** CloudFormation's allow-all egress that AWS adds when a group declares no egress. */
  readonly implicit: boolean;
  /**
   * Why the rule cannot be deployed as written, when the format's tool rejects it for a reason the
   * generic checks do not see (Terraform refuses inline rules with protocol -1 and ports other than 0).
   * SG202 reports it. Exposure rules skip it, unless its ports span every port: then what it asks for
   * is plain (all traffic, which the ports 0/0 the error asks for keep), and it counts as such, so a
   * reviewer sees both before the apply fails.
   */
  readonly deployError?: string;
  /** Every condition branch under which this rule exists (empty: always). */
  readonly conditions: readonly ConditionBranch[];
  /** The format-specific syntax node, for fixes only; rules never look inside. */
  readonly syntax?: unknown;
}

export interface SecurityGroup {
  readonly address: string;
  /** Resource type as written: `AWS::EC2::SecurityGroup`, `aws_security_group`, or a VPC's default group. */
  readonly resourceType: string;
  readonly name?: Value<string>;
  readonly description?: Value<string>;
  /** Undefined when no VPC is given (the group lands in the default VPC). */
  readonly vpc?: Value<string>;
  readonly isDefault: boolean;
  readonly ingress: SgRule[];
  readonly egress: SgRule[];
  /** AWS adds allow-all egress because the group declares none (CloudFormation). */
  readonly implicitEgress: boolean;
  readonly uri: string;
  /** The whole resource. */
  readonly range: TextRange;
  /** The resource's name as written (logical ID key, Terraform block label), where group-level findings point. */
  readonly idRange: TextRange;
  /** Groups the model synthesized, such as a VPC's default group reached through `!GetAtt Vpc.DefaultSecurityGroup`. */
  readonly synthetic: boolean;
  /**
   * Terraform: the group's own resource sets `ingress`/`egress` (blocks, dynamic blocks or attributes,
   * even `ingress = []`), so the provider treats its inline rules as the complete list.
   */
  readonly inlineRulesDeclared?: boolean;
  /** A synthetic group named by `Fn::ImportValue`: the export's name (another template may declare it). */
  readonly imported?: string;
  /** For a VPC's default group: the VPC, when it is declared in the same template or module. */
  readonly defaultOf?: { readonly address: string; readonly uri: string; readonly range: TextRange };
  readonly conditions: readonly ConditionBranch[];
  /** Tags whose keys and values are known (CloudFormation `Tags`, Terraform `tags`), for the graph. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly syntax?: unknown;
}

/** A use of a resource by address from somewhere else in the template/module. */
export interface ResourceReference {
  readonly from: string;
  readonly to: string;
  readonly uri: string;
  readonly range: TextRange;
  /** True for the `GroupId` of a standalone rule pointing at its own group: not a "use" of the group. */
  readonly ownRule: boolean;
}

export interface ResourceInfo {
  readonly address: string;
  readonly type: string;
  readonly uri: string;
  readonly range: TextRange;
  readonly idRange: TextRange;
}

/** A suppression written in the file, in sg-lint's own form or a peer tool's. */
export interface Suppression {
  /** sg-lint rule ids this suppression covers; `*` for all. */
  readonly ruleIds: readonly string[];
  readonly reason?: string;
  /** Who wrote it: `sg-lint`, `checkov`, `cfn_nag`, `cfn-lint`, `kics`, `cdk-nag`, `tfsec`, `trivy`. */
  readonly tool: string;
  /** The peer's own id, when the suppression came from a peer tool. */
  readonly peerId?: string;
  /** For a peer check about specific ports (checkov's SSH check): the only ports it covers. */
  readonly ports?: readonly number[];
  readonly scope:
    | { readonly kind: 'resource'; readonly address: string }
    | { readonly kind: 'lines'; readonly startLine: number; readonly endLine: number }
    | { readonly kind: 'file' };
  readonly uri: string;
  readonly range: TextRange;
}

export interface TemplateModel {
  readonly uri: string;
  readonly format: Format;
  readonly groups: SecurityGroup[];
  /** Standalone rule resources (also attached to their group's ingress/egress when it resolves). */
  readonly standaloneRules: SgRule[];
  readonly references: ResourceReference[];
  readonly resources: ReadonlyMap<string, ResourceInfo>;
  readonly suppressions: Suppression[];
  /** Syntax errors and template-structure errors found while parsing and adapting (reported as SG000). */
  readonly parseErrors: ParseError[];
  /** What wrote the template, when it matters to a message: CDK synth output is fixed in CDK code. */
  readonly producer?: 'cdk';
  /** Security groups this template exports (`Outputs.X.Export.Name`), for other templates' imports. */
  readonly exports?: readonly GroupExport[];
}

/** `Outputs: { AppSgId: { Value: !GetAtt AppSG.GroupId, Export: { Name: … } } }`. */
export interface GroupExport {
  /** The export's name; pseudo parameters stay written as `${AWS::StackName}` and match any text. */
  readonly name: string;
  /** Whether `name` holds a pseudo parameter. */
  readonly wildcard: boolean;
  /** Address of the exported group. */
  readonly target: string;
  readonly uri: string;
  /** The `Export` name's value as written. */
  readonly range: TextRange;
  /** The output's logical name. */
  readonly output: string;
}

export interface ParseError {
  readonly message: string;
  readonly uri: string;
  readonly range: TextRange;
}
