import { conditionText, originRelated, rulesSummary } from '../lib/describe';
import type { SgRule, TextRange, Value } from '../model';
import type { FixIntent, RuleModule } from '../types';

/** AWS accepts only these characters in a rule description (and at most 255 of them). */
const DISALLOWED = /[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g;

/** A description that says what the rule allows, in characters AWS accepts: "tcp port 443 from 10.0.0.0/8". */
export function suggestedDescription(rules: readonly SgRule[]): string {
  return rulesSummary(rules).replace(/–/g, '-').replace(DISALLOWED, '').slice(0, 255).trim();
}

/** Writing what the rule allows: inserted when it has no description, else in place of the placeholder. */
function describeFix(rules: readonly SgRule[]): FixIntent[] {
  const rule = rules[0]!;
  const text = suggestedDescription(rules);
  if (!text || rule.implicit) return [];
  if (!rule.description)
    return [{ kind: 'add-description', title: 'Add a description', rule, description: text, safe: true }];
  return [
    {
      kind: 'replace-value',
      title: `Describe it as "${text}"${rule.description.origin ? ` in ${rule.description.origin.describe}` : ''}`,
      target: rule.description,
      newValue: text,
      // A rule's description changes in place (AWS updates it without touching the traffic).
      safe: true,
    },
  ];
}

/** Descriptions that say nothing: tool defaults and filler. */
const PLACEHOLDERS = new Set([
  '',
  'managed by terraform',
  'todo',
  'tbd',
  'fixme',
  'description',
  'desc',
  'n/a',
  'na',
  'none',
  '-',
  '.',
  'sg',
  'security group',
  'securitygroup',
  'test',
  'changeme',
  'xxx',
]);

function problem(v: Value<string> | undefined): string | undefined {
  if (!v) return 'has no description';
  if (!v.known) return undefined; // depends on a parameter or variable: not a finding
  const text = (v.value ?? '').trim();
  const from = v.origin ? ` from ${v.origin.describe}` : '';
  if (PLACEHOLDERS.has(text.toLowerCase()))
    return text ? `has a placeholder description ("${text}"${from})` : `has an empty description${from}`;
  return undefined;
}

/** Where a finding about a description points: the value, or `fallback` when there is no value text (`Description:` alone). */
function rangeOf(v: Value<string> | undefined, fallback: TextRange): TextRange {
  return v && v.range.end > v.range.start ? v.range : fallback;
}

export const rule: RuleModule = {
  meta: {
    id: 'SG108',
    name: 'missing-description',
    defaultSeverity: 'note',
    description:
      'A group or rule without a description, or with a placeholder such as "Managed by Terraform".',
    rationale:
      'Descriptions are the only place a rule can say why it exists. Reviewers, auditors and the next engineer use them to tell a needed rule from a stale one.',
    peerIds: {
      checkov: ['CKV_AWS_23'],
      cfn_nag: ['W36'],
      trivy: [
        'AVD-AWS-0099',
        'AVD-AWS-0124',
        'aws-ec2-add-description-to-security-group',
        'aws-ec2-add-description-to-security-group-rule',
        'aws-vpc-add-description-to-security-group',
        'aws-vpc-add-description-to-security-group-rule',
        'aws-vpc-add-decription-to-security-group',
      ],
      kics: [
        '68eb4bf3-f9bf-463d-b5cf-e029bb446d2e',
        'cb3f5ed6-0d18-40de-a93d-b3538db31e8c',
        '5e6c9c68-8a82-408e-8749-ddad78cbb9c5',
      ],
      cdk_nag: ['AwsSolutions-EC27'],
    },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const group of model.groups) {
      // A default group's description is AWS's ("default VPC security group"); it cannot be set.
      if (!group.synthetic && !group.isDefault) {
        // The provider fills in its own placeholder when the argument is left out.
        const p =
          !group.description && group.resourceType === 'aws_security_group'
            ? 'has no description, so Terraform sets "Managed by Terraform"'
            : problem(group.description);
        if (p) {
          report({
            message: `Security group ${group.address} ${p}`,
            uri: group.description?.uri ?? group.uri,
            range: rangeOf(group.description, group.idRange),
            resource: group.address,
            group: group.address,
            related: group.description ? originRelated(group.description) : [],
            conditions: group.conditions,
            ...(group.description ? {} : { absence: 'resource' as const }),
          });
        }
      }
      // A Terraform block with several CIDRs is several AWS rules but one written rule with one
      // `description`: one finding per block (one place to fix), not one per CIDR at the same range.
      // In CloudFormation the `#n` variants of a rule are Fn::If alternatives, each with its own condition.
      const written = new Map<string, { rules: SgRule[]; problem: string }>();
      for (const rule of [...group.ingress, ...group.egress]) {
        if (rule.implicit) continue;
        const p = problem(rule.description);
        if (!p) continue;
        const key = model.format === 'terraform' ? `${rule.key.replace(/#\d+$/, '')}|${p}` : rule.key;
        const entry = written.get(key);
        if (entry) entry.rules.push(rule);
        else written.set(key, { rules: [rule], problem: p });
      }
      for (const { rules, problem: p } of written.values()) {
        const rule = rules[0]!;
        report({
          message: `Rule ${rulesSummary(rules)} ${p}${conditionText(rule.conditions)}`,
          uri: rule.description?.uri ?? rule.uri,
          range: rangeOf(rule.description, rule.headRange),
          resource: rule.writtenIn,
          group: group.address,
          related: rule.description ? originRelated(rule.description) : [],
          fixes: describeFix(rules),
          conditions: rule.conditions,
          ...(rule.description ? {} : { absence: 'resource' as const }),
        });
      }
    }
  },
};
