/** Human output for the terminal: findings grouped by file, ESLint-style, coloured when the terminal supports it. */
import pc from 'picocolors';
import type { Finding } from '../../../rules/types';
import { ruleById } from '../../../rules/index';
import type { LineIndex } from '../parse/lineIndex';

export interface TextFile {
  readonly relativePath: string;
  readonly lines: LineIndex;
  readonly findings: readonly Finding[];
}

export interface TextOptions {
  readonly color: boolean;
  readonly skipped: readonly { relativePath: string; reason: string }[];
  readonly filesScanned: number;
  readonly templates: number;
  /** Terraform modules (folders) checked. */
  readonly modules?: number;
  /** Other files findings point at (the CDK app's source lines): where they are and their lines. */
  readonly resolve?: (
    uri: string,
  ) => { readonly relativePath: string; readonly lines: LineIndex } | undefined;
}

export function formatText(files: readonly TextFile[], options: TextOptions): string {
  const c = pc.createColors(options.color);
  const sev = (s: string): string =>
    s === 'error' ? c.red('error  ') : s === 'warning' ? c.yellow('warning') : c.blue('note   ');
  const out: string[] = [];
  const counts = { error: 0, warning: 0, note: 0 };
  let suppressed = 0;
  let withFindings = 0;
  for (const f of files) {
    const active = f.findings.filter((x) => !x.suppressions?.length);
    suppressed += f.findings.length - active.length;
    if (active.length === 0) continue;
    withFindings++;
    out.push(c.underline(f.relativePath));
    const rows = active.map((x) => {
      const p = f.lines.positionAt(x.range.start);
      counts[x.severity]++;
      return { pos: `${p.line + 1}:${p.character + 1}`, x };
    });
    const width = Math.max(...rows.map((r) => r.pos.length));
    for (const { pos, x } of rows) {
      const name = ruleById(x.ruleId)?.meta.name ?? '';
      out.push(
        `  ${c.dim(pos.padEnd(width))}  ${sev(x.severity)}  ${x.message}  ${c.dim(`${x.ruleId} ${name}`)}`,
      );
      // CDK synth output: the line of the app's code that made the construct, where the fix belongs.
      const made = x.cdk?.createdAt;
      const source = made && options.resolve?.(made.uri);
      if (made && source) {
        const p = source.lines.positionAt(made.range.start);
        out.push(
          `  ${' '.repeat(width)}  ${c.dim(`↳ ${source.relativePath}:${p.line + 1}:${p.character + 1}`)}`,
        );
      }
    }
    out.push('');
  }
  for (const s of options.skipped) out.push(`${c.yellow('skipped')} ${s.relativePath}: ${s.reason}`);
  if (options.skipped.length) out.push('');
  const total = counts.error + counts.warning + counts.note;
  const parts = [
    `${counts.error} error${counts.error === 1 ? '' : 's'}`,
    `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`,
    `${counts.note} note${counts.note === 1 ? '' : 's'}`,
  ];
  const checked: string[] = [];
  const modules = options.modules ?? 0;
  if (options.templates || !modules)
    checked.push(`${options.templates} template${options.templates === 1 ? '' : 's'}`);
  if (modules) checked.push(`${modules} Terraform module${modules === 1 ? '' : 's'}`);
  const scope = `${checked.join(' and ')} checked`;
  const sup = suppressed ? `, ${suppressed} suppressed` : '';
  if (total === 0) out.push(c.green(`✔ No findings (${scope}${sup})`));
  else {
    const line = `✖ ${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${withFindings} file${withFindings === 1 ? '' : 's'}; ${scope}${sup}`;
    out.push(counts.error ? c.red(c.bold(line)) : c.yellow(c.bold(line)));
  }
  return out.join('\n') + '\n';
}
