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
} as const;

/** Custom requests from the client to the server. */
export const Requests = {
  /** The edit of an interactive fix once the user answered: {@link FixEditParams} → {@link FixEditResult}. */
  fixEdit: 'sgLint/fixEdit',
} as const;

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
