import { parseCidr } from '../lib/cidr';
import { originRelated, valueText } from '../lib/describe';
import type { RuleModule } from '../types';

export const rule: RuleModule = {
  meta: {
    id: 'SG201',
    name: 'invalid-cidr',
    defaultSeverity: 'error',
    description:
      'A CIDR that AWS rejects (not an address, a prefix out of range, the wrong address family). A CIDR with host bits set is a warning, with its canonical form as the fix.',
    rationale:
      'An invalid CIDR fails the deployment, often late in a long stack update. Host bits (10.0.0.1/8) are silently dropped, so the rule allows far more than the author likely meant.',
    peerIds: { cfn_lint: ['E3002'] },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      for (const rule of [...group.ingress, ...group.egress]) {
        const peer = rule.peer;
        if (rule.implicit || (peer.kind !== 'cidr4' && peer.kind !== 'cidr6') || !peer.cidr.known) continue;
        const family = peer.kind === 'cidr4' ? 4 : 6;
        const text = String(peer.cidr.value);
        const parsed = parseCidr(text, family);
        if (!parsed.ok) {
          report({
            message: `"${text}"${peer.cidr.origin ? ` (from ${peer.cidr.origin.describe})` : ''} is not a valid IPv${family} CIDR: ${parsed.error}`,
            uri: peer.cidr.uri,
            range: peer.cidr.range,
            resource: rule.writtenIn,
            group: group.address,
            related: originRelated(peer.cidr),
            conditions: rule.conditions,
          });
        } else if (parsed.cidr.hostBitsSet) {
          // CloudFormation passes it to EC2, which keeps the network address; the Terraform AWS provider
          // validates CIDRs as network addresses and fails the plan.
          const terraform = model.format === 'terraform';
          report({
            message: terraform
              ? `${valueText(peer.cidr)} has host bits set: the AWS provider rejects it (did you mean ${parsed.cidr.canonical}?)`
              : `${valueText(peer.cidr)} has host bits set: AWS reads it as ${parsed.cidr.canonical}`,
            uri: peer.cidr.uri,
            range: peer.cidr.range,
            resource: rule.writtenIn,
            group: group.address,
            related: originRelated(peer.cidr),
            severity: terraform ? 'error' : 'warning',
            fixes: [
              {
                kind: 'replace-value',
                title: `Change to ${parsed.cidr.canonical}${peer.cidr.origin ? ` in ${peer.cidr.origin.describe}` : ''}`,
                target: peer.cidr,
                newValue: parsed.cidr.canonical,
                // CloudFormation already reads it so: the same traffic, spelled plainly. Terraform refuses it,
                // so the canonical form is a guess at what was meant (10.0.0.0/0 becomes the world): not safe.
                safe: !terraform,
              },
            ],
            conditions: rule.conditions,
          });
        }
      }
    }
  },
};
