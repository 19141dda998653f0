import type { SgLintConfig, Severity } from './config';
import type { ConditionBranch, SgRule, TemplateModel, TextRange, Value } from './model';

/** Ids of equivalent checks in other tools: used in docs and to honour their suppressions. */
export interface PeerIds {
  readonly checkov?: readonly string[];
  readonly trivy?: readonly string[];
  readonly cfn_nag?: readonly string[];
  readonly cfn_lint?: readonly string[];
  readonly kics?: readonly string[];
  readonly cdk_nag?: readonly string[];
}

export type RuleFormat = 'cloudformation' | 'terraform';

export interface RuleMeta {
  readonly id: string;
  readonly name: string;
  readonly defaultSeverity: Severity;
  /** One line: what the rule reports. */
  readonly description: string;
  /** Why it matters, in a sentence or two. */
  readonly rationale: string;
  readonly peerIds: PeerIds;
  /** The formats the rule can report on. */
  readonly formats: readonly RuleFormat[];
}

export interface RelatedInfo {
  readonly uri: string;
  readonly range: TextRange;
  readonly message: string;
}

/**
 * A fix a rule proposes, in terms of the model. The server turns it into a text edit in the file's own
 * syntax (quoting, flow or block style, HCL), so rules stay format-agnostic.
 *
 * `safe` marks a fix that changes no traffic (a description, a CIDR's canonical spelling, a duplicate or
 * shadowed rule): only those are applied by "Fix all" (`source.fixAll.sgLint`). The `ask-*`,
 * `reference-group` and `limit-ports` kinds need the user's input (a CIDR, a group, ports) before they
 * can be rendered; editors ask for it, SARIF leaves them out.
 */
export type FixIntent =
  | {
      readonly kind: 'replace-value';
      readonly title: string;
      /** The value to rewrite. When it has an origin, the edit goes to the origin (the parameter default…). */
      readonly target: Value<unknown>;
      readonly newValue: string | number;
      readonly safe?: boolean;
    }
  | { readonly kind: 'swap-ports'; readonly title: string; readonly rule: SgRule }
  | { readonly kind: 'remove-rule'; readonly title: string; readonly rule: SgRule; readonly safe?: boolean }
  /** Adds a description to a rule that has none; editors insert it as a snippet with the text selected. */
  | {
      readonly kind: 'add-description';
      readonly title: string;
      readonly rule: SgRule;
      readonly description: string;
      readonly safe: true;
    }
  /**
   * Replaces a CIDR with one the user types ("Restrict to a CIDR…"). `taken`: CIDRs that sibling rules
   * already allow the same traffic from (typing one would make a duplicate AWS rejects).
   */
  | {
      readonly kind: 'ask-cidr';
      readonly title: string;
      readonly target: Value<string>;
      readonly family: 4 | 6;
      readonly taken?: readonly string[];
    }
  /** Replaces a rule's CIDR peer with a reference to a group the user picks among `candidates` (addresses). */
  | {
      readonly kind: 'reference-group';
      readonly title: string;
      readonly rule: SgRule;
      readonly candidates: readonly string[];
    }
  /** Narrows a rule of every protocol or a wide port range to the tcp/udp ports the user names. */
  | { readonly kind: 'limit-ports'; readonly title: string; readonly rule: SgRule };

/** What the user gave an interactive fix. */
export type FixInput =
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'group'; readonly address: string }
  | {
      readonly kind: 'ports';
      readonly protocol: 'tcp' | 'udp';
      readonly from: number;
      readonly to: number;
    };

/** Whether a fix needs the user's input before it can be rendered. */
export function needsInput(intent: FixIntent): boolean {
  return intent.kind === 'ask-cidr' || intent.kind === 'reference-group' || intent.kind === 'limit-ports';
}

export interface FindingInput {
  readonly message: string;
  readonly uri: string;
  readonly range: TextRange;
  /** Address of the resource whose text holds the offending value. */
  readonly resource: string;
  /** Address of the affected group. */
  readonly group?: string;
  readonly related?: readonly RelatedInfo[];
  readonly fixes?: readonly FixIntent[];
  /** A severity other than the rule's default for this finding; a user's configured severity wins. */
  readonly severity?: Severity;
  readonly conditions?: readonly ConditionBranch[];
  /**
   * The finding rests on something being absent (no VpcId, no egress, no reference). While the file has
   * syntax errors the absence may only be the error swallowing text: 'resource' findings are held back
   * when the resource's own text holds an error, 'file' findings when the file holds any.
   */
  readonly absence?: 'resource' | 'file';
  /** The tcp/udp ports the finding is about (empty: none, e.g. ICMP), for port-specific peer suppressions. */
  readonly ports?: readonly PortRange[];
}

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface AppliedSuppression {
  readonly tool: string;
  readonly reason?: string;
  readonly peerId?: string;
  readonly uri: string;
  readonly range: TextRange;
}

/** Where a finding in CDK synth output comes from in the CDK app. */
export interface CdkOrigin {
  /** The construct that made the resource: `ShopStack/BastionSg`. */
  readonly construct: string;
  /** The line of the user's code that created it, when the synth recorded it and the file is here. */
  readonly createdAt?: { readonly uri: string; readonly range: TextRange };
}

export interface Finding extends FindingInput {
  readonly ruleId: string;
  readonly severity: Severity;
  /** Set on findings in CDK synth output (the engine adds it; rules never do). */
  readonly cdk?: CdkOrigin;
  /** Present when a suppression in the file covers this finding: no diagnostic, but kept in SARIF. */
  readonly suppressions?: readonly AppliedSuppression[];
}

export interface RuleContext {
  readonly model: TemplateModel;
  readonly config: SgLintConfig;
  /** A function property, not a method: every rule destructures it from the context. */
  readonly report: (finding: FindingInput) => void;
}

export interface RuleModule {
  readonly meta: RuleMeta;
  check(context: RuleContext): void;
}
