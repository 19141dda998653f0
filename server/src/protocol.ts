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
} as const;

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
