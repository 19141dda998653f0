/**
 * Suppressions written in a CloudFormation template: sg-lint's own (`# sg-lint-ignore SG101 reason` on
 * the line before a rule or resource; `Metadata: { sg-lint: { ignore: [{ id, reason }] } }`) and the
 * peers' forms for the equivalent rule (checkov, cfn_nag, cfn-lint, KICS, cdk-nag, tfsec/trivy).
 */
import type { Suppression } from '../../../rules/model';
import type { AdaptInput } from './adapter';
import type { LineIndex } from '../parse/lineIndex';
import type { PMap, PNode } from '../parse/tree';
import { isMap, isScalar, isSeq, valueOf } from '../parse/tree';
import { peerIndex } from '../../../rules/index';
import { peerPorts } from '../../../rules/lib/ports';
import { commentSuppressions } from '../suppress/comments';

export function collectSuppressions(input: AdaptInput, root: PMap): Suppression[] {
  const out: Suppression[] = [];
  const resources = valueOf(root, 'Resources');
  if (isMap(resources)) {
    for (const r of resources.entries) {
      const address = r.key.value;
      if (typeof address !== 'string') continue;
      const metadata = valueOf(r.value, 'Metadata');
      if (isMap(metadata)) out.push(...metadataSuppressions(metadata, address, input.uri));
    }
  }
  if (input.format === 'cloudformation-yaml')
    out.push(...commentSuppressions(input.text, input.uri, input.lines, treeBlockAt(root, input.lines)));
  return out;
}

function text(n: PNode | undefined): string | undefined {
  return isScalar(n) && n.value !== null ? String(n.value) : undefined;
}

/** `[{ id, reason }]`, `[ID, …]` or a single `ID`. */
function idList(n: PNode | undefined, reasonKey: string): { id: string; reason?: string; node: PNode }[] {
  if (!n) return [];
  const items = isSeq(n) ? n.items : [n];
  const out: { id: string; reason?: string; node: PNode }[] = [];
  for (const item of items) {
    if (isScalar(item)) {
      const id = text(item);
      if (id) out.push({ id, node: item });
    } else if (isMap(item)) {
      const id = text(valueOf(item, 'id') ?? valueOf(item, 'Id') ?? valueOf(item, 'ID'));
      if (!id) continue; // cfn_nag tolerates entries without an id: so do we
      out.push({ id, reason: text(valueOf(item, reasonKey) ?? valueOf(item, 'reason')), node: item });
    }
  }
  return out;
}

function metadataSuppressions(metadata: PMap, address: string, uri: string): Suppression[] {
  const out: Suppression[] = [];
  /** `tool` is the name users know the tool by; `peerKey` is its key in the rules' `peerIds`. */
  const add = (
    tool: string,
    peerKey: string,
    entries: { id: string; reason?: string; node: PNode }[],
  ): void => {
    for (const e of entries) {
      const own = tool === 'sg-lint';
      const ruleIds = own ? [e.id.toUpperCase()] : (peerIndex().get(`${peerKey}:${e.id}`) ?? []);
      if (ruleIds.length === 0) continue;
      out.push({
        ruleIds,
        reason: e.reason,
        tool,
        peerId: own ? undefined : e.id,
        ...(own ? {} : portsOf(peerKey, e.id)),
        scope: { kind: 'resource', address },
        uri,
        range: { start: e.node.start, end: e.node.end },
      });
    }
  };
  add('sg-lint', 'sg-lint', idList(valueOf(valueOf(metadata, 'sg-lint'), 'ignore'), 'reason'));
  add('cfn_nag', 'cfn_nag', idList(valueOf(valueOf(metadata, 'cfn_nag'), 'rules_to_suppress'), 'reason'));
  add('cdk-nag', 'cdk_nag', idList(valueOf(valueOf(metadata, 'cdk_nag'), 'rules_to_suppress'), 'reason'));
  add('checkov', 'checkov', idList(valueOf(valueOf(metadata, 'checkov'), 'skip'), 'comment'));
  add(
    'cfn-lint',
    'cfn_lint',
    idList(valueOf(valueOf(valueOf(metadata, 'cfn-lint'), 'config'), 'ignore_checks'), 'reason'),
  );
  return out;
}

/** The largest map entry or list item that starts on a line: the block a suppression comment covers. */
export function treeBlockAt(
  root: PNode,
  lines: LineIndex,
): (line: number) => { startLine: number; endLine: number } | undefined {
  return (line) => {
    let node: PNode | undefined = root;
    for (let guard = 0; node && guard < 500; guard++) {
      const children: { start: number; end: number; child: PNode }[] = isMap(node)
        ? node.entries.map((e) => ({ start: e.start, end: e.end, child: e.value }))
        : isSeq(node)
          ? node.items.map((i) => ({ start: i.start, end: i.end, child: i }))
          : [];
      let next: PNode | undefined;
      for (const c of children) {
        const startLine = lines.lineOf(c.start);
        const endLine = lines.lineOf(Math.max(c.start, c.end - 1));
        if (startLine === line) return { startLine, endLine };
        if (startLine < line && line <= endLine) {
          next = c.child;
          break;
        }
      }
      node = next;
    }
    return undefined;
  };
}

function portsOf(peerKey: string, id: string): { ports?: readonly number[] } {
  const ports = peerPorts(peerKey, id);
  return ports ? { ports } : {};
}
