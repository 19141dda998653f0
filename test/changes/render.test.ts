/**
 * How changes are worded: the client's Markdown (escaped, linked to lines), the rules' protocol, ports
 * and peer, and the service-spec facts the bundles use in place of cloudformation-diff's database.
 */
import * as assert from 'node:assert/strict';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { cell, changesMarkdown, lineLink } from '../../client/src/changesMarkdown';
import { normalizeProtocol, portsText, ruleLine } from '../../server/src/changes/describe';
import {
  SECURITY_GROUP_FACTS,
  loadAwsServiceSpecSync as loadShim,
} from '../../server/src/changes/serviceSpec';
import type { SecurityChanges } from '../../server/src/protocol';

const at = (
  uri: string,
  line: number,
): {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
} => ({
  uri,
  range: { start: { line, character: 2 }, end: { line, character: 9 } },
});

describe('changes: wording', () => {
  it('renders Markdown tables with links to the lines (relative to the report), escaping what the template wrote', () => {
    const result: SecurityChanges = {
      base: 'main',
      commit: '0123456789ab',
      files: [
        {
          path: 'web.yaml',
          uri: 'file:///w/web.yaml',
          format: 'cloudformation-yaml',
          status: 'modified',
          added: [
            {
              group: 'BastionSG',
              direction: 'ingress',
              protocol: 'tcp',
              ports: '22',
              peer: '0.0.0.0/0',
              peerSource: "Parameter AdminCidr's default",
              description: '<img src=x onerror=alert(1)> | *ssh* [x](y)',
              resource: 'BastionSG',
              location: at('file:///w/web.yaml', 12),
            },
          ],
          removed: [
            { group: 'AppSG', direction: 'egress', protocol: 'all', ports: 'all', peer: '10.0.0.0/8' },
          ],
          newFindings: [
            {
              ruleId: 'SG101',
              severity: 'error',
              message: 'SSH (22) is open to the world (0.0.0.0/0)',
              resource: 'BastionSG',
              location: at('file:///w/web.yaml', 15),
            },
          ],
        },
        {
          path: 'infra',
          uri: 'file:///w/infra',
          format: 'terraform',
          status: 'unchanged',
          added: [],
          removed: [],
          newFindings: [],
        },
      ],
    };
    assert.equal(
      changesMarkdown(result, 'web.yaml', '/storage/sg-lint/changes'),
      [
        '# Security-group changes: web.yaml',
        '',
        'The working tree, unsaved edits included, compared with **main** (`0123456789ab`).',
        '',
        '## web.yaml',
        '',
        '_changed_',
        '',
        '| Change | Direction | Group | Traffic | Peer | Description | Where |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        "| **+** added | ingress | BastionSG | tcp 22 | 0.0.0.0/0 (Parameter AdminCidr's default) | &lt;img src=x onerror=alert(1)&gt; \\| \\*ssh\\* \\[x\\](y) | [line 13](<../../../w/web.yaml#L13>) |",
        '| **−** removed | egress | AppSG | all traffic | 10.0.0.0/8 |  |  |',
        '',
        '**New findings since main**',
        '',
        '| Rule | Severity | Message | Where |',
        '| --- | --- | --- | --- |',
        '| SG101 | error | SSH (22) is open to the world (0.0.0.0/0) | [line 16](<../../../w/web.yaml#L16>) |',
        '',
        '## infra/ (Terraform module)',
        '',
        '_unchanged_',
        '',
        'No security-group rules added or removed.',
        '',
        'No findings new since main.',
        '',
      ].join('\n'),
    );
    assert.match(
      changesMarkdown({ base: 'HEAD', files: [], error: 'x is not in a git repository' }, 'x', '/s'),
      /\n> x is not in a git repository\n/,
    );
  });

  it('keeps cells on one line and links intact whatever the path holds', () => {
    assert.equal(cell('a\nb|c'), 'a b\\|c');
    assert.equal(
      lineLink(at('file:///w/a%20b/(x)/%3Cy%3E%23.yaml', 0), '/s/changes'),
      '../../w/a%20b/%28x%29/%3Cy%3E%23.yaml#L1',
    );
    // Not a file, or no relative path to it: the line is told without a link.
    assert.equal(lineLink(at('untitled:Untitled-1', 0), '/s'), undefined);
  });

  it('words protocols and ports as AWS reads them', () => {
    assert.deepEqual(['-1', '6', 17, '1', '58', 'TCP', '50', undefined, '*unknown*'].map(normalizeProtocol), [
      'all',
      'tcp',
      'udp',
      'icmp',
      'icmpv6',
      'tcp',
      '50',
      '?',
      '?',
    ]);
    assert.equal(portsText('tcp', 22, 22), '22');
    assert.equal(portsText('tcp', '8000', '8100'), '8000-8100');
    assert.equal(portsText('tcp', undefined, 22), '?');
    assert.equal(portsText('all', 0, 0), 'all');
    assert.equal(portsText('50', 0, 0), 'all');
    assert.equal(portsText('icmp', -1, -1), 'all');
    assert.equal(portsText('icmp', 8, -1), 'type 8');
    assert.equal(portsText('icmp', 3, 4), 'type 3 code 4');
    const rule = {
      group: 'Web',
      direction: 'egress' as const,
      protocol: 'udp',
      ports: '53',
      peer: '10.0.0.2/32',
    };
    assert.equal(ruleLine(rule), 'egress udp 53 from Web to 10.0.0.2/32');
    assert.equal(
      ruleLine({ ...rule, protocol: 'all', ports: 'all' }),
      'egress all traffic from Web to 10.0.0.2/32',
    );
    assert.equal(
      ruleLine({ ...rule, direction: 'ingress', protocol: '50', ports: 'all', peerSource: 'x' }),
      'ingress 50 all ports from 10.0.0.2/32 (x) to Web',
    );
  });

  it('gives cloudformation-diff the same security-group facts as the AWS service spec does', function () {
    this.timeout(30000);
    const db = loadAwsServiceSpecSync();
    // Every resource type the spec marks as holding rules, and which of its properties do.
    const facts = (lookup: (type: string) => unknown): unknown[] =>
      db.all('resource').flatMap((r) => {
        const found = lookup(r.cloudFormationType) as
          { scrutinizable?: string; properties: Record<string, { scrutinizable?: string }> } | undefined;
        const props = Object.entries(found?.properties ?? {})
          .filter(([, p]) => /Rule/.test(String(p.scrutinizable ?? '')))
          .map(([k, p]) => `${k}:${String(p.scrutinizable)}`)
          .sort();
        const own = /Rule/.test(String(found?.scrutinizable ?? '')) ? [String(found!.scrutinizable)] : [];
        return own.length || props.length ? [{ type: r.cloudFormationType, own, props }] : [];
      });
    const real = facts((t) => db.lookup('resource', 'cloudFormationType', 'equals', t)[0]);
    const shim = facts((t) => loadShim().lookup('resource', 'cloudFormationType', 'equals', t)[0]);
    assert.deepEqual(shim, real);
    assert.equal(real.length, SECURITY_GROUP_FACTS.length);
  });
});
