/**
 * The graph webview's page and the host's side of its messages, without a vscode import (so the browser
 * test serves exactly this page and the unit tests check the validator):
 * - the HTML: a strict Content-Security-Policy (nothing by default; the bundled script only by nonce;
 *   styles and images only from the extension's media folder, plus data: images), the stylesheet, and a
 *   placeholder that says what is happening until the script draws;
 * - the check of every message from the webview (FromGraphWebview).
 */
import type { FromGraphWebview, GraphLocation, SecurityGroupGraph } from '../../server/src/protocol';

export interface GraphHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads extension resources from. */
  readonly cspSource: string;
  /** Base64, from a cryptographic random source, new for every page. */
  readonly nonce: string;
  /** `webview.asWebviewUri(dist/media/graph.js)`, as a string. */
  readonly scriptUri: string;
  readonly styleUri: string;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function graphCsp(cspSource: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new Error('graphCsp: the nonce must be base64');
  if (/[;,\r\n]/.test(cspSource)) throw new Error('graphCsp: unexpected characters in the CSP source');
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function graphHtml(options: GraphHtmlOptions): string {
  const csp = graphCsp(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(options.styleUri)}">
<title>Security Group Graph</title>
</head>
<body>
<div id="app"><div class="placeholder">Loading the security-group graph…</div></div>
<script nonce="${attr(options.nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}

/** Largest export the host accepts from the webview (an SVG's text or a PNG's data URL). */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

function isPosition(v: unknown): v is { line: number; character: number } {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    typeof p.line === 'number' &&
    typeof p.character === 'number' &&
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0
  );
}

function isLocation(v: unknown): v is GraphLocation {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  if (typeof l.uri !== 'string' || l.uri.length > 10_000) return false;
  if (typeof l.range !== 'object' || l.range === null) return false;
  const r = l.range as Record<string, unknown>;
  return isPosition(r.start) && isPosition(r.end);
}

/**
 * Checks a message from the webview (FromGraphWebview) and returns a clean copy, or undefined. The page
 * runs our script only, but it draws untrusted names: the host trusts nothing it says beyond this shape
 * (and reveals only locations of the graph it sent).
 */
export function parseFromGraphWebview(v: unknown): FromGraphWebview | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const m = v as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal': {
      if (!isLocation(m.location)) return undefined;
      const { uri, range } = m.location;
      return {
        type: 'reveal',
        location: {
          uri,
          range: {
            start: { line: range.start.line, character: range.start.character },
            end: { line: range.end.line, character: range.end.character },
          },
        },
      };
    }
    case 'scope':
      return m.scope === 'file' || m.scope === 'folder' || m.scope === 'workspace'
        ? { type: 'scope', scope: m.scope }
        : undefined;
    case 'export': {
      if (typeof m.data !== 'string' || m.data.length > MAX_EXPORT_CHARS) return undefined;
      if (m.format === 'svg') {
        return /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(m.data)
          ? { type: 'export', format: 'svg', data: m.data }
          : undefined;
      }
      if (m.format === 'png') {
        const body = m.data.startsWith(PNG_DATA_URL_PREFIX) ? m.data.slice(PNG_DATA_URL_PREFIX.length) : '';
        return body.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(body)
          ? { type: 'export', format: 'png', data: m.data }
          : undefined;
      }
      return undefined;
    }
    case 'state':
      return { type: 'state', state: m.state };
    default:
      return undefined;
  }
}

/** Every document URI the graph points at: the only ones a `reveal` from the webview may open. */
export function graphUris(graph: SecurityGroupGraph): Set<string> {
  const uris = new Set<string>();
  const add = (l: GraphLocation | undefined): void => {
    if (l) uris.add(l.uri);
  };
  for (const n of graph.nodes) {
    add(n.location);
    for (const r of n.rules ?? []) add(r.location);
    for (const u of n.uses ?? []) add(u.location);
    for (const f of n.findings ?? []) add(f.location);
  }
  for (const e of graph.edges) for (const l of e.locations) add(l);
  return uris;
}

/** A cheap shape check of the server's answer before it is posted (the webview validates it fully). */
export function looksLikeGraph(v: unknown): v is SecurityGroupGraph {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  return typeof g.scope === 'object' && g.scope !== null && Array.isArray(g.nodes) && Array.isArray(g.edges);
}
