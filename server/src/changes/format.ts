/** `sg-lint changes` as a table for the terminal: one section per file with something to say. */
import pc from 'picocolors';
import { ruleById } from '../../../rules/index';
import type { ChangeFinding, ChangeLocation, FileChanges, RuleChange, SecurityChanges } from '../protocol';
import { ruleLine } from './describe';

/** The file part of a location, for Terraform modules (their findings are in one of several files). */
function fileOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return decodeURIComponent(uri.slice(slash + 1));
}

function where(loc: ChangeLocation | undefined, f: FileChanges, column: boolean): string {
  if (!loc) return '';
  const line = loc.range.start.line + 1;
  const pos = column ? `${line}:${loc.range.start.character + 1}` : `${line}`;
  return f.format === 'terraform' ? `${fileOf(loc.uri)}:${pos}` : column ? pos : `line ${pos}`;
}

export function hasNews(f: FileChanges): boolean {
  return f.added.length + f.removed.length + f.newFindings.length > 0 || !!f.error;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatChangesTable(result: SecurityChanges, options: { readonly color: boolean }): string {
  const c = pc.createColors(options.color);
  const since = `${result.base}${result.commit ? ` (${result.commit})` : ''}`;
  if (result.error) return `sg-lint changes: ${result.error}\n`;
  const out: string[] = [`Security-group changes since ${since}`, ''];
  const sev = (s: ChangeFinding['severity']): string =>
    s === 'error' ? c.red('error  ') : s === 'warning' ? c.yellow('warning') : c.blue('note   ');
  const rule = (sign: '+' | '-', r: RuleChange, f: FileChanges): string => {
    const at = where(r.location, f, false);
    const text = `${sign} ${ruleLine(r)}`;
    return `  ${sign === '+' ? c.green(text) : c.red(text)}${at ? `  ${c.dim(`(${at})`)}` : ''}`;
  };
  const totals = { added: 0, removed: 0, findings: 0, error: 0, warning: 0, note: 0, files: 0 };
  for (const f of result.files) {
    if (!hasNews(f)) continue;
    totals.files++;
    const status =
      f.status === 'new' ? ` (new since ${result.base})` : f.status === 'deleted' ? ' (deleted)' : '';
    const name = f.format === 'terraform' ? `${f.path === '.' ? '.' : f.path}/` : f.path;
    out.push(`${c.underline(name)}${status}`);
    if (f.error) out.push(`  ${c.red('error:')} ${f.error}`);
    for (const r of f.added) out.push(rule('+', r, f));
    for (const r of f.removed) out.push(rule('-', r, f));
    totals.added += f.added.length;
    totals.removed += f.removed.length;
    if (f.newFindings.length) {
      out.push('  New findings:');
      const rows = f.newFindings.map((x) => ({ pos: where(x.location, f, true), x }));
      const width = Math.max(...rows.map((r) => r.pos.length));
      for (const { pos, x } of rows) {
        const name = ruleById(x.ruleId)?.meta.name ?? '';
        out.push(
          `    ${c.dim(pos.padEnd(width))}  ${sev(x.severity)}  ${x.message}  ${c.dim(`${x.ruleId} ${name}`.trim())}${x.suppressed ? c.dim('  (suppressed)') : ''}`,
        );
        totals.findings++;
        if (!x.suppressed) totals[x.severity]++;
      }
    }
    out.push('');
  }
  const compared = plural(result.files.length, 'file');
  if (totals.files === 0) {
    out.push(`No security-group rule changes and no new findings (${compared} compared).`);
    return `${out.join('\n')}\n`;
  }
  const bySeverity = (['error', 'warning', 'note'] as const)
    .filter((s) => totals[s] > 0)
    .map((s) => plural(totals[s], s));
  out.push(
    `${plural(totals.added, 'rule')} added, ${totals.removed} removed, ${plural(totals.findings, 'new finding')}` +
      `${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''} in ${compared} compared.`,
  );
  return `${out.join('\n')}\n`;
}
