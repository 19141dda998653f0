/**
 * What the client and the server agree on beyond plain LSP: command ids and their arguments, the
 * settings section, and the shape of the `data` the server attaches to its diagnostics. This is the only
 * module under server/ that the client may import (eslint enforces it), so it holds types and constants
 * only and imports nothing.
 */

/** `source` of every diagnostic the server publishes; the client counts its diagnostics by it. */
export const DIAGNOSTIC_SOURCE = 'sg-lint';

/** The VS Code settings section (`sgLint.*`), also the language client's id (so `sgLint.trace.server` works). */
export const SETTINGS_SECTION = 'sgLint';

/** Default delay between the last keystroke and linting, in milliseconds (`sgLint.debounceMs`). */
export const DEFAULT_DEBOUNCE_MS = 150;

/** Longest accepted `sgLint.debounceMs`: beyond this, diagnostics would feel broken rather than calm. */
export const MAX_DEBOUNCE_MS = 5000;

export const Commands = {
  /** Reveals the "SG Lint" output channel (server log). */
  showOutput: 'sgLint.showOutput',
  /** Opens a rule's documentation page; arguments: one {@link ShowDocumentationArgs} (or none, from the palette). */
  showDocumentation: 'sgLint.showDocumentation',
  /**
   * Selects a range in an open editor; the server attaches it to the "suppress with a comment" action so
   * that, after the edit, the generated reason is selected and the user can type over it.
   */
  selectRange: 'sgLint.selectRange',
  /**
   * Opens a file and selects a range in it; arguments: one {@link SelectRangeArgs}. "Open CDK source"
   * uses it to go from a finding in synth output to the line of the app's code that made it.
   */
  openLocation: 'sgLint.openLocation',
  /**
   * Asks the user for what a fix needs (a CIDR, a group, ports, a suppression's reason), then asks the
   * server for the edit ({@link Requests.fixEdit}) and applies it; arguments: one {@link ApplyFixArgs}.
   */
  applyFix: 'sgLint.applyFix',
  /** "SG Lint: Scan Workspace". */
  scanWorkspace: 'sgLint.scanWorkspace',
  /** "SG Lint: Export SARIF Report". */
  exportSarif: 'sgLint.exportSarif',
} as const;

/** Custom requests from the client to the server. */
export const Requests = {
  /** The edit of an interactive fix once the user answered: {@link FixEditParams} → {@link FixEditResult}. */
  fixEdit: 'sgLint/fixEdit',
  /** The security-group graph of a scope: {@link GraphParams} → {@link SecurityGroupGraph}. */
  graph: 'sgLint/graph',
  /** Lints every IaC file of the workspace (cancellable; progress by {@link Notifications.scanProgress}) → {@link ScanSummary}. */
  scanWorkspace: 'sgLint/scanWorkspace',
  /** The workspace's SARIF 2.1.0 log (the CLI's contract), as JSON text. */
  exportSarif: 'sgLint/exportSarif',
} as const;

/** Notifications from the server to the client. */
export const Notifications = {
  /** How far a workspace scan is: {@link ScanProgress}. */
  scanProgress: 'sgLint/scanProgress',
} as const;

export interface ScanProgress {
  readonly done: number;
  readonly total: number;
}

/** What a workspace scan found, for the summary and the status bar. */
export interface ScanSummary {
  readonly cancelled: boolean;
  /** Templates and Terraform modules linted. */
  readonly files: number;
  readonly total: number;
  readonly filesWithFindings: number;
  readonly findings: number;
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  readonly ms: number;
}

/** `initializationOptions` the VS Code client sends: it can ask the user for input on a fix. */
export interface InitializationOptions {
  readonly interactiveFixes?: boolean;
}

/** A finding as a code action names it: enough to find it again in the server's cached lint result. */
export interface FindingRef {
  readonly uri: string;
  readonly version: number;
  readonly ruleId: string;
  readonly index: number;
  readonly module?: string;
}

/** What the client asks the user before a fix can be written. */
export type FixQuestion =
  | { readonly kind: 'cidr'; readonly family: 4 | 6; readonly current?: string }
  | { readonly kind: 'group'; readonly candidates: readonly string[] }
  | { readonly kind: 'ports'; readonly current?: string }
  | { readonly kind: 'reason'; readonly ruleId: string };

export interface ApplyFixArgs {
  readonly ref: FindingRef;
  /** The code action's title, shown as the input's title. */
  readonly title: string;
  readonly question: FixQuestion;
  /** The fix's index in the finding's fixes; absent for a suppression. */
  readonly fixIndex?: number;
}

/** The user's answer (the same shapes as the engine's fix input). */
export type FixAnswer =
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'group'; readonly address: string }
  | { readonly kind: 'ports'; readonly protocol: 'tcp' | 'udp'; readonly from: number; readonly to: number };

export interface FixEditParams {
  readonly ref: FindingRef;
  readonly fixIndex?: number;
  readonly answer?: FixAnswer;
  /** For a suppression: the reason the user gave. */
  readonly reason?: string;
}

/** A `WorkspaceEdit` (LSP shape), or why none can be made (the file changed, the input is invalid). */
export interface FixEditResult {
  readonly edit?: {
    readonly documentChanges?: unknown[];
    readonly changes?: Record<string, unknown[]>;
  };
  readonly error?: string;
}

export interface ShowDocumentationArgs {
  readonly ruleId: string;
  /** A `file:` URI of the bundled doc page, when the extension ships it. */
  readonly localUri?: string;
  /** The page on the web, always present. */
  readonly webUri: string;
}

export interface ProtocolPosition {
  readonly line: number;
  readonly character: number;
}

export interface SelectRangeArgs {
  readonly uri: string;
  readonly start: ProtocolPosition;
  readonly end: ProtocolPosition;
}

/**
 * `Diagnostic.data` of a finding: enough to find the finding again in the server's cached lint result for
 * the same document version, so code actions cost a lookup instead of a lint.
 */
export interface DiagnosticData {
  readonly ruleId: string;
  /** The document version the finding was computed for. */
  readonly version: number;
  /** Index of the finding in that lint result's `findings`. */
  readonly index: number;
  /**
   * Terraform: the module whose lint found it (its folder, or the document itself when it stands alone).
   * A file can be linted in more than one module, as part of its own folder and through a module call.
   */
  readonly module?: string;
  /** CDK synth output: the line of the app's code that made the construct (for "Open CDK source"). */
  readonly cdkSource?: SelectRangeArgs;
}

/** Language ids of Terraform documents: this extension's, and the one HashiCorp's uses for `.tfvars`. */
export const TERRAFORM_LANGUAGE_IDS: readonly string[] = ['terraform', 'terraform-vars'];

/** The settings the server reads in addition to the engine's configuration keys (see rules/config.ts). */
export interface EditorSettings {
  readonly enable: boolean;
  readonly debounceMs: number;
}

// ---------------------------------------------------------------------------------------------------
// The security-group graph (DESIGN.md §8): the server builds it, the CLI prints it, the webview draws it.

export interface GraphRange {
  readonly start: ProtocolPosition;
  readonly end: ProtocolPosition;
}

/** Where something is written: a document and a range in it (LSP positions). */
export interface GraphLocation {
  readonly uri: string;
  readonly range: GraphRange;
}

export type GraphSeverity = 'error' | 'warning' | 'note';

export interface GraphFinding {
  readonly ruleId: string;
  readonly severity: GraphSeverity;
  readonly message: string;
  readonly location: GraphLocation;
}

/** One rule of a group, as the details pane lists it. */
export interface GraphRule {
  readonly direction: 'ingress' | 'egress';
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `all`, or an IP protocol number; `?` when unknown. */
  readonly protocol: string;
  /** `22`, `8000-8100`, `all`, `type 8` (ICMP), `?` when unknown. */
  readonly ports: string;
  /** The peer in words: `0.0.0.0/0`, `group AppSg`, `prefix list pl-123`, `itself`, `depends on Parameter X`. */
  readonly peer: string;
  readonly description?: string;
  /** `Fn::If` branches the rule exists under: `Open is true`. */
  readonly conditions: readonly string[];
  readonly location: GraphLocation;
  /** The edge that draws this rule, when it has one. */
  readonly edge?: string;
}

/** What uses a group: a resource attached to it, another group naming it as a peer, an output. */
export interface GraphUse {
  readonly address: string;
  readonly type: string;
  readonly kind: 'attached' | 'peer' | 'output';
  readonly location: GraphLocation;
}

export type GraphNodeKind =
  'group' | 'internet' | 'cidr' | 'prefixList' | 'external' | 'unknown' | 'resource';

export interface GraphNode {
  /** Unique in the graph; stable across rebuilds of the same text (the webview keeps positions by it). */
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** What the node shows; untrusted (comes from the template): the webview escapes it. */
  readonly label: string;
  /** Groups and resources: the address (`WebSg`, `aws_security_group.web`). */
  readonly address?: string;
  /** Groups and resources: their resource type; CIDRs: `IPv4`/`IPv6`. */
  readonly type?: string;
  /** The internet and CIDR nodes: the address family. */
  readonly family?: 4 | 6;
  /** Groups: the CDK construct path, when the template is CDK output. */
  readonly construct?: string;
  /** Where it is declared (groups, resources, the parameter an unknown source depends on). */
  readonly location?: GraphLocation;
  /** The file, relative to the scope's root, for display and for collapsing per file. */
  readonly file?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly rules?: readonly GraphRule[];
  readonly uses?: readonly GraphUse[];
  readonly findings?: readonly GraphFinding[];
  /** The worst finding on the node or its rules. */
  readonly worst?: GraphSeverity;
  /** Reachable from the internet along allowed flows. */
  readonly exposed?: boolean;
  /** Layer for a left-to-right layout: 0 internet and external sources, 1 entry groups, …, data stores last. */
  readonly layer?: number;
}

export interface GraphEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** An ingress rule of group G from P is P → G; egress of G to P is G → P; `attached` is resource → group. */
  readonly direction: 'ingress' | 'egress' | 'attached';
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** `tcp 22`, `tcp 8000-8100`, `all traffic`, `icmp`: the edge's label (several rules joined). */
  readonly label: string;
  /** Rule ids of the findings on the rules the edge draws. */
  readonly ruleIds: readonly string[];
  readonly worst?: GraphSeverity;
  readonly conditions: readonly string[];
  readonly locations: readonly GraphLocation[];
  /** On a path from the internet (internet → bastion:22 → app:22). */
  readonly exposure?: boolean;
}

export type GraphScopeKind = 'file' | 'folder' | 'workspace';

export interface SecurityGroupGraph {
  readonly scope: { readonly kind: GraphScopeKind; readonly label: string; readonly uri?: string };
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Files that could not be read into the graph (syntax errors are drawn around; unreadable files listed). */
  readonly problems: readonly string[];
}

/** `sgLint/graph`: the graph of a scope around a document. */
export interface GraphParams {
  readonly scope: GraphScopeKind;
  /** The active document (for file and folder scope). */
  readonly uri?: string;
}

/** Messages from the extension to the graph webview. */
export type ToGraphWebview =
  | {
      readonly type: 'graph';
      readonly graph: SecurityGroupGraph;
      readonly theme?: 'light' | 'dark' | 'high-contrast';
    }
  | { readonly type: 'error'; readonly message: string };

/** Messages from the graph webview to the extension. */
export type FromGraphWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly location: GraphLocation }
  | { readonly type: 'scope'; readonly scope: GraphScopeKind }
  | { readonly type: 'export'; readonly format: 'svg' | 'png'; readonly data: string }
  | { readonly type: 'state'; readonly state: unknown };

// ---------------------------------------------------------------------------------------------------
// Security-group changes (DESIGN.md §8 `sg-lint changes`): rules added and removed between a git ref and
// the working tree, and the findings that are new since then. The server computes them, the CLI prints
// them, the client renders them as a Markdown table.

/** `sgLint/changes`: {@link ChangesParams} → {@link SecurityChanges}. */
export const ChangesRequests = {
  changes: 'sgLint/changes',
} as const;

export const ChangesCommands = {
  /** "SG Lint: Show Security Group Changes" for the active file, against a git ref the user picks. */
  showChanges: 'sgLint.showChanges',
} as const;

export interface ChangesParams {
  /** A template, a Terraform file (its folder is the module) or a folder. */
  readonly uri: string;
  /** The git ref to compare with; default `HEAD`. */
  readonly base?: string;
}

export interface ChangeLocation {
  readonly uri: string;
  readonly range: { readonly start: ProtocolPosition; readonly end: ProtocolPosition };
}

/** A security-group rule that is in the working tree but not in the base, or the other way round. */
export interface RuleChange {
  /** The group's address (`BastionSG`, `aws_security_group.web`), or the id of a group outside the file. */
  readonly group: string;
  readonly direction: 'ingress' | 'egress';
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `all`, an IP protocol number, or `?` when unknown. */
  readonly protocol: string;
  /** `22`, `8000-8100`, `all`, `type 8`, `type 3 code 4`, or `?` when unknown. */
  readonly ports: string;
  /** `0.0.0.0/0`, `group AppSG`, `prefix list pl-123`, `itself`, or the expression (`${AdminCidr}`) when unknown. */
  readonly peer: string;
  /** Where a resolved peer came from: "Parameter AdminCidr's default", "variable admin_cidr's default". */
  readonly peerSource?: string;
  readonly description?: string;
  /** The resource whose text holds the rule (the group for inline rules). */
  readonly resource?: string;
  /** Where the rule is written in the working tree (added rules only). */
  readonly location?: ChangeLocation;
}

/** A finding of the working tree that the base does not have (same rule id, resource, group and message). */
export interface ChangeFinding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning' | 'note';
  readonly message: string;
  readonly resource: string;
  readonly group?: string;
  readonly location: ChangeLocation;
  /** Suppressed in the working tree (shown, but never fails the CLI). */
  readonly suppressed?: boolean;
}

export type ChangedFileFormat = 'cloudformation-yaml' | 'cloudformation-json' | 'cdk' | 'terraform';

export interface FileChanges {
  /** The template, or the Terraform module's folder, relative to the compared root (`/` separators). */
  readonly path: string;
  readonly uri: string;
  readonly format: ChangedFileFormat;
  /** `new`: not in the base; `deleted`: only in the base. */
  readonly status: 'modified' | 'unchanged' | 'new' | 'deleted';
  readonly added: readonly RuleChange[];
  readonly removed: readonly RuleChange[];
  readonly newFindings: readonly ChangeFinding[];
  /** Why this file could not be compared. */
  readonly error?: string;
}

export interface SecurityChanges {
  /** The ref as given (`HEAD`, `main`, `v1.2`). */
  readonly base: string;
  /** The commit it names (abbreviated), when it resolved. */
  readonly commit?: string;
  readonly files: readonly FileChanges[];
  /** Why nothing could be compared: not in a git repository, an unknown ref, git missing. */
  readonly error?: string;
}
