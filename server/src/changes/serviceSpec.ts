/**
 * What `@aws-cdk/cloudformation-diff` needs from the AWS service spec to find security-group rule
 * changes, in place of `@aws-cdk/aws-service-spec` in the bundles (esbuild.mjs aliases it here).
 *
 * The real package loads a 2.6 MB gzipped database of every CloudFormation resource the first time a
 * template diff touches a changed resource (about 0.9 s and 140 MB of memory, measured with 0.1.x), and
 * reads it from beside its own files, which a bundle does not have. `securityGroupChanges` reads four
 * facts from it: which properties of `AWS::EC2::SecurityGroup` hold ingress and egress rules, and that
 * `AWS::EC2::SecurityGroupIngress`/`Egress` are rule resources. Those four are here; other resource types
 * are unknown, which only leaves cloudformation-diff's replacement impacts and IAM changes empty (sg-lint
 * reads neither). A test checks these facts against the real database, so an update of the spec that
 * adds another rule-bearing type fails there.
 */

interface ResourceFacts {
  readonly cloudFormationType: string;
  readonly scrutinizable?: string;
  readonly properties: Readonly<Record<string, { readonly scrutinizable?: string }>>;
}

export const SECURITY_GROUP_FACTS: readonly ResourceFacts[] = [
  {
    cloudFormationType: 'AWS::EC2::SecurityGroup',
    properties: {
      SecurityGroupIngress: { scrutinizable: 'IngressRules' },
      SecurityGroupEgress: { scrutinizable: 'EgressRules' },
    },
  },
  {
    cloudFormationType: 'AWS::EC2::SecurityGroupIngress',
    scrutinizable: 'IngressRuleResource',
    properties: {},
  },
  {
    cloudFormationType: 'AWS::EC2::SecurityGroupEgress',
    scrutinizable: 'EgressRuleResource',
    properties: {},
  },
];

const database = {
  lookup(entity: string, index: string, op: string, value: unknown): ResourceFacts[] {
    if (entity !== 'resource' || index !== 'cloudFormationType' || op !== 'equals') return [];
    return SECURITY_GROUP_FACTS.filter((r) => r.cloudFormationType === value);
  },
};

export function loadAwsServiceSpecSync(): typeof database {
  return database;
}

export function loadAwsServiceSpec(): Promise<typeof database> {
  return Promise.resolve(database);
}
