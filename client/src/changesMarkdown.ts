/**
 * The security-group changes as Markdown for VS Code's preview: per file, a table of the rules added and
 * removed and a table of the findings that are new since the base, linking each to its line. Everything
 * that comes from a template (names, descriptions, messages) is escaped: the preview renders HTML.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChangeLocation, FileChanges, RuleChange, SecurityChanges } from '../../server/src/protocol';

/** Text for a table cell: HTML and Markdown syntax neutralised, one line. */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`);
}

/**
 * A link target the preview opens at the line, relative to the folder of the report file
 * (`../../w/web.yaml#L18`). VS Code's Markdown preview follows relative links within the file system
 * but not `file:` links (markdown-it refuses the scheme); undefined when there is no relative path
 * (another drive on Windows) or the location is not a file.
 */
export function lineLink(loc: ChangeLocation, reportDir: string): string | undefined {
  if (!loc.uri.startsWith('file:')) return undefined;
  let target: string;
  try {
    target = fileURLToPath(loc.uri);
  } catch {
    return undefined;
  }
  const relative = path.relative(reportDir, target);
  if (!relative || path.isAbsolute(relative)) return undefined;
  const href = relative
    .split(path.sep)
    .map((part) =>
      encodeURIComponent(part).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
  return `${href}#L${loc.range.start.line + 1}`;
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function where(loc: ChangeLocation | undefined, f: FileChanges, reportDir: string): string {
  if (!loc) return '';
  const line = loc.range.start.line + 1;
  const label = cell(f.format === 'terraform' ? `${fileName(loc.uri)}:${line}` : `line ${line}`);
  const href = lineLink(loc, reportDir);
  return href ? `[${label}](<${href}>)` : label;
}

function traffic(r: RuleChange): string {
  if (r.protocol === 'all') return 'all traffic';
  return r.ports === 'all' ? `${r.protocol} (all)` : `${r.protocol} ${r.ports}`;
}

function ruleRow(kind: 'added' | 'removed', r: RuleChange, f: FileChanges, reportDir: string): string {
  const peer = r.peerSource ? `${r.peer} (${r.peerSource})` : r.peer;
  return `| ${kind === 'added' ? '**+** added' : '**−** removed'} | ${r.direction} | ${cell(r.group)} | ${cell(
    traffic(r),
  )} | ${cell(peer)} | ${cell(r.description ?? '')} | ${where(r.location, f, reportDir)} |`;
}

const STATUS: Record<FileChanges['status'], string> = {
  modified: 'changed',
  unchanged: 'unchanged',
  new: 'new since the base',
  deleted: 'deleted',
};

/** The report; `reportDir` is the folder of the Markdown file it is written to (its links are relative). */
export function changesMarkdown(result: SecurityChanges, title: string, reportDir: string): string {
  const out: string[] = [`# Security-group changes: ${cell(title)}`, ''];
  const since = `**${cell(result.base)}**${result.commit ? ` (\`${result.commit}\`)` : ''}`;
  out.push(`The working tree, unsaved edits included, compared with ${since}.`, '');
  if (result.error) {
    out.push(`> ${cell(result.error)}`, '');
    return out.join('\n');
  }
  if (result.files.length === 0) out.push('No template or Terraform module to compare here.', '');
  for (const f of result.files) {
    const name = f.format === 'terraform' ? `${f.path}/ (Terraform module)` : f.path;
    out.push(`## ${cell(name)}`, '', `_${STATUS[f.status]}_`, '');
    if (f.error) {
      out.push(`> Could not compare: ${cell(f.error)}`, '');
      continue;
    }
    if (f.added.length + f.removed.length === 0) out.push('No security-group rules added or removed.', '');
    else {
      out.push(
        '| Change | Direction | Group | Traffic | Peer | Description | Where |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...f.added.map((r) => ruleRow('added', r, f, reportDir)),
        ...f.removed.map((r) => ruleRow('removed', r, f, reportDir)),
        '',
      );
    }
    if (f.newFindings.length === 0) out.push(`No findings new since ${cell(result.base)}.`, '');
    else {
      out.push(
        `**New findings since ${cell(result.base)}**`,
        '',
        '| Rule | Severity | Message | Where |',
        '| --- | --- | --- | --- |',
        ...f.newFindings.map(
          (x) =>
            `| ${x.ruleId} | ${x.severity}${x.suppressed ? ' (suppressed)' : ''} | ${cell(x.message)} | ${where(
              x.location,
              f,
              reportDir,
            )} |`,
        ),
        '',
      );
    }
  }
  return out.join('\n');
}
