/**
 * SARIF 2.1.0 per DESIGN.md §8 — the contract tests and external scorers rely on:
 * driver `sg-lint` with every rule (id, name, shortDescription, helpUri, default level, peer ids);
 * per result: ruleId, level, message, location (path relative to the scanned root, 1-based region),
 * logicalLocations[0].fullyQualifiedName (the resource holding the value), properties.group,
 * relatedLocations (parameter defaults…), suppressions[] for suppressed findings, and fixes[] for every
 * fix that needs no input, the likeliest first.
 */
import { RULES, ruleFolder } from '../../../rules/index';
import type { Finding } from '../../../rules/types';
import type { LineIndex } from '../parse/lineIndex';
import type { TextRange } from '../../../rules/model';
import type { RenderedFix } from '../fixes/render';

export const TOOL_NAME = 'sg-lint';
export const DOCS_BASE = 'https://github.com/sg-lint/sg-lint/blob/main/rules';

/** A relative path as a SARIF `uri` (a URI reference): each segment percent-encoded, `/` between. */
export function sarifPath(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

export function helpUri(ruleId: string): string {
  return `${DOCS_BASE}/${ruleFolder(ruleId)}/README.md`;
}

export interface SarifFileInput {
  /** Path relative to the scanned root, `/` separators. */
  readonly relativePath: string;
  readonly uri: string;
  readonly lines: LineIndex;
  readonly findings: readonly Finding[];
  /** Rendered fixes per finding (same order), when available. */
  readonly fixes?: readonly (readonly RenderedFix[])[];
}

export interface SarifNotification {
  readonly message: string;
  readonly relativePath?: string;
  readonly level: 'error' | 'warning' | 'note';
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function region(lines: LineIndex, r: TextRange): Region {
  const s = lines.positionAt(r.start);
  const e = lines.positionAt(r.end);
  return {
    startLine: s.line + 1,
    startColumn: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
  };
}

/** Another file a finding refers to (a parameter default, a tfvars entry, a caller's argument). */
export type FileResolver = (
  uri: string,
) => { readonly relativePath: string; readonly lines: LineIndex } | undefined;

export function toSarif(
  files: readonly SarifFileInput[],
  options: {
    rootUri: string;
    version: string;
    notifications?: readonly SarifNotification[];
    resolve?: FileResolver;
  },
): unknown {
  const results: unknown[] = [];
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  for (const file of files) {
    const fileOf = (uri: string): { relativePath: string; lines: LineIndex } | undefined =>
      uri === file.uri ? file : options.resolve?.(uri);
    const location = (uri: string, r: TextRange): unknown => {
      const other = fileOf(uri);
      // A file the scan did not read: name it; its offsets cannot become lines.
      if (!other) return { physicalLocation: { artifactLocation: { uri } } };
      // Outside the scanned root (a CDK app's source beside the cdk.out that was scanned): its own URI.
      const outside = other.relativePath.startsWith('../');
      return {
        physicalLocation: {
          artifactLocation: outside ? { uri } : { uri: sarifPath(other.relativePath), uriBaseId: 'ROOT' },
          region: region(other.lines, r),
        },
      };
    };
    file.findings.forEach((f, i) => {
      const result: Record<string, unknown> = {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: f.severity,
        message: { text: f.message },
        locations: [
          {
            ...(location(f.uri, f.range) as object),
            logicalLocations: f.resource
              ? [{ fullyQualifiedName: f.resource, name: f.resource, kind: 'resource' }]
              : [],
          },
        ],
        properties: {
          group: f.group ?? null,
          ...(f.conditions?.length ? { conditions: f.conditions } : {}),
          ...(f.cdk ? { construct: f.cdk.construct } : {}),
        },
      };
      if (f.related?.length) {
        result.relatedLocations = f.related.map((r, id) => ({
          id,
          ...(location(r.uri, r.range) as object),
          message: { text: r.message },
        }));
      }
      if (f.suppressions?.length) {
        result.suppressions = f.suppressions.map((s) => ({
          kind: 'inSource',
          status: 'accepted',
          ...(s.reason ? { justification: s.reason } : {}),
          location: location(s.uri, s.range),
          properties: { tool: s.tool, ...(s.peerId ? { peerId: s.peerId } : {}) },
        }));
      }
      const fixes = file.fixes?.[i];
      if (fixes?.length) {
        // A fix may edit another file (a variable default in variables.tf): one change per file.
        result.fixes = fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: [...new Set(fix.edits.map((e) => e.uri))].flatMap((uri) => {
            const target = fileOf(uri);
            if (!target) return [];
            return [
              {
                artifactLocation: { uri: sarifPath(target.relativePath), uriBaseId: 'ROOT' },
                replacements: fix.edits
                  .filter((e) => e.uri === uri)
                  .map((e) => ({
                    deletedRegion: region(target.lines, e.range),
                    insertedContent: { text: e.newText },
                  })),
              },
            ];
          }),
        }));
      }
      results.push(result);
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: options.version,
            informationUri: 'https://github.com/sg-lint/sg-lint',
            rules: RULES.map((r) => ({
              id: r.meta.id,
              name: r.meta.name,
              shortDescription: { text: r.meta.description },
              fullDescription: { text: `${r.meta.description} ${r.meta.rationale}` },
              helpUri: helpUri(r.meta.id),
              help: { text: r.meta.rationale },
              defaultConfiguration: { level: r.meta.defaultSeverity },
              properties: { peerIds: r.meta.peerIds, formats: r.meta.formats },
            })),
          },
        },
        originalUriBaseIds: {
          ROOT: { uri: options.rootUri.endsWith('/') ? options.rootUri : `${options.rootUri}/` },
        },
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: (options.notifications ?? []).map((n) => ({
              level: n.level,
              message: { text: n.message },
              ...(n.relativePath
                ? {
                    locations: [
                      {
                        physicalLocation: {
                          artifactLocation: { uri: sarifPath(n.relativePath), uriBaseId: 'ROOT' },
                        },
                      },
                    ],
                  }
                : {}),
            })),
          },
        ],
      },
    ],
  };
}
