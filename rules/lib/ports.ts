/**
 * The tcp/udp ports a finding is about, so that a peer tool's port-specific suppression (checkov's SSH
 * check, say) covers a finding only when the finding is about nothing but those ports.
 */
import type { PortRange } from '../types';
import type { Segment } from './exposure';
import type { Reach } from './reach';
import { MAX_PORT } from './reach';

export function segmentPorts(segments: readonly Segment[]): PortRange[] {
  const out: PortRange[] = [];
  for (const s of segments) {
    if (s.protocol === 'all') out.push({ from: 0, to: MAX_PORT });
    else if ('from' in s) out.push({ from: s.from, to: s.to });
  }
  return out;
}

export function reachPorts(reach: Reach): PortRange[] {
  if (reach.kind === 'all') return [{ from: 0, to: MAX_PORT }];
  if (reach.kind === 'ports') return [{ from: reach.from, to: reach.to }];
  return [];
}

/** Peer checks about specific ports (by the tool's id): a suppression of one covers only those ports. */
const PEER_PORTS: ReadonlyMap<string, readonly number[]> = new Map([
  ['checkov:CKV_AWS_24', [22]],
  ['checkov:CKV_AWS_25', [3389]],
  ['checkov:CKV_AWS_260', [80]],
  ['kics:65905cec-d691-4320-b320-2000436cb696', [22]],
  ['kics:6e856af2-62d7-4ba2-adc1-73b62cef9cc1', [22]],
  ['kics:151187cb-0efc-481c-babd-ad24e3c9bc22', [3389]],
  ['kics:c9846969-d066-431f-9b34-8c4abafe422a', [3389]],
  ['kics:3ae83918-7ec7-4cb8-80db-b91ef0f94002', [3389]],
  ['kics:54c417bf-c762-48b9-9d31-b3d87047e3f0', [2383]],
  ['kics:ffac8a12-322e-42c1-b9b9-81ff85c39ef7', [80]],
  ['kics:ddfc4eaa-af23-409f-b96c-bf5c45dc4daa', [80]],
  ['cdk_nag:HIPAA.Security-EC2RestrictedSSH', [22]],
  ['cdk_nag:NIST.800.53.R5-EC2RestrictedSSH', [22]],
  ['cdk_nag:PCI.DSS.321-EC2RestrictedSSH', [22]],
  ['cdk_nag:NIST.800.53.R5-EC2RestrictedCommonPorts', [20, 21, 3389, 3309, 3306, 4333]],
]);

/** The ports a peer check is limited to (`tool` as in PeerIds), or undefined for a check about any port. */
export function peerPorts(tool: string, id: string): readonly number[] | undefined {
  return PEER_PORTS.get(`${tool}:${id}`);
}

/** Whether every port of the finding is one of the suppression's ports. */
export function portsCovered(
  findingPorts: readonly PortRange[],
  suppressionPorts: readonly number[],
): boolean {
  if (findingPorts.length === 0) return false;
  const allowed = new Set(suppressionPorts);
  return findingPorts.every((r) => {
    if (r.to - r.from + 1 > allowed.size) return false;
    for (let p = r.from; p <= r.to; p++) if (!allowed.has(p)) return false;
    return true;
  });
}
