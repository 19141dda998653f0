/**
 * Security-group changes of CloudFormation templates (YAML, JSON) and CDK synth output against a git
 * ref: which rules cloudformation-diff finds added and removed, placed in the model for their resolved
 * values and lines, and the findings that are new since the ref.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { computeChanges } from '../../server/src/changes/compute';
import { resolveConfig } from '../../server/src/config/load';
import type { FileChanges, RuleChange, SecurityChanges } from '../../server/src/protocol';
import { JSON_TEMPLATE, TEMPLATE, TEMPLATE_SSH_OPEN, TEMPLATE_WITH_PARAMETER_RULE } from './fixtures';
import { changesUnder, GitFixture, onlyFile } from './gitFixture';

/** The rule without its location, and the location's first line (1-based) when it has one. */
function brief(r: RuleChange): string {
  const line = r.location ? ` @${r.location.range.start.line + 1}` : '';
  return `${r.direction} ${r.protocol} ${r.ports} ${r.peer}${r.peerSource ? ` (${r.peerSource})` : ''} -> ${r.group}${line}`;
}

function summary(f: FileChanges): { status: string; added: string[]; removed: string[]; findings: string[] } {
  return {
    status: f.status,
    added: f.added.map(brief),
    removed: f.removed.map(brief),
    findings: f.newFindings.map((x) => `${x.ruleId} ${x.location.range.start.line + 1}: ${x.message}`),
  };
}

describe('changes: CloudFormation and CDK', () => {
  let repo: GitFixture;
  const changes = (paths: string[], base?: string): SecurityChanges => changesUnder(repo.dir, paths, base);

  beforeEach(() => {
    repo = GitFixture.init();
    repo.write('web.yaml', TEMPLATE).write('db.json', JSON_TEMPLATE).commit('templates');
  });

  afterEach(() => repo.dispose());

  it('shows SSH opened to the world as an added rule and SG101 as new; replaced and deleted rules as removed', () => {
    repo.write('web.yaml', TEMPLATE_SSH_OPEN);
    const f = onlyFile(changes(['web.yaml']));
    assert.deepEqual(summary(f), {
      status: 'modified',
      added: ['ingress tcp 22 0.0.0.0/0 -> BastionSG @13'],
      removed: ['ingress tcp 22 10.0.0.0/8 -> BastionSG', 'ingress tcp 443 group BastionSG -> AppSG'],
      findings: [
        'SG109 7: Security group BastionSG is not attached to anything: no resource or output in this file references it',
        'SG101 16: SSH (22) is open to the world (0.0.0.0/0)',
      ],
    });
    assert.deepEqual(f.added[0], {
      group: 'BastionSG',
      direction: 'ingress',
      protocol: 'tcp',
      ports: '22',
      peer: '0.0.0.0/0',
      description: 'ssh from anywhere',
      resource: 'BastionSG',
      location: {
        uri: repo.uri('web.yaml'),
        range: { start: { line: 12, character: 10 }, end: { line: 12, character: 25 } },
      },
    });
    // The removed standalone rule names its resource; removed rules have no location in the working tree.
    assert.equal(f.removed[1]!.resource, 'HttpsFromBastion');
    assert.equal(f.removed[1]!.description, 'https from the bastion');
    assert.equal(f.removed[1]!.location, undefined);
    assert.deepEqual(
      f.newFindings.map((x) => [x.ruleId, x.severity, x.resource, x.group]),
      [
        ['SG109', 'note', 'BastionSG', 'BastionSG'],
        ['SG101', 'error', 'BastionSG', 'BastionSG'],
      ],
    );
  });

  it('shows a rule from a parameter default resolved, with where the value came from', () => {
    repo.write('web.yaml', TEMPLATE_WITH_PARAMETER_RULE);
    const f = onlyFile(changes(['web.yaml']));
    assert.deepEqual(summary(f), {
      status: 'modified',
      added: ["ingress tcp 3389 0.0.0.0/0 (Parameter AdminCidr's default) -> AppSG @30"],
      removed: [],
      findings: ["SG101 30: RDP (3389) is open to the world (0.0.0.0/0 from Parameter AdminCidr's default)"],
    });
  });

  it('leaves a description-only change and a moved rule out, and a finding that only moved is not new', () => {
    repo.write(
      'web.yaml',
      `# a comment moves every line\n${TEMPLATE.replace('ssh from the office', 'ssh from the head office')}`,
    );
    assert.deepEqual(summary(onlyFile(changes(['web.yaml']))), {
      status: 'modified',
      added: [],
      removed: [],
      findings: [],
    });
  });

  it('compares JSON templates: ingress and all egress opened to the world, SG101 and SG106 new', () => {
    repo.write('db.json', JSON_TEMPLATE.replaceAll('"CidrIp": "10.1.0.0/16"', '"CidrIp": "0.0.0.0/0"'));
    const f = onlyFile(changes(['db.json']));
    assert.equal(f.format, 'cloudformation-json');
    assert.deepEqual(summary(f), {
      status: 'modified',
      added: ['ingress tcp 5432 0.0.0.0/0 -> DbSG @10', 'egress all all 0.0.0.0/0 -> DbSG @19'],
      removed: ['ingress tcp 5432 10.1.0.0/16 -> DbSG', 'egress all all 10.1.0.0/16 -> DbSG'],
      findings: [
        'SG101 13: PostgreSQL (5432) is open to the world (0.0.0.0/0)',
        'SG106 20: All outbound traffic is allowed to the world (0.0.0.0/0)',
      ],
    });
  });

  it('reports every template of a folder, unchanged ones included, sorted by path', () => {
    repo.write('web.yaml', TEMPLATE_SSH_OPEN).write('notes/readme.yaml', 'title: not a template\n');
    const result = changes(['.']);
    assert.deepEqual(
      result.files.map((f) => [f.path, f.format, f.status, f.added.length, f.removed.length]),
      [
        ['db.json', 'cloudformation-json', 'unchanged', 0, 0],
        ['web.yaml', 'cloudformation-yaml', 'modified', 1, 2],
      ],
    );
    assert.match(result.commit!, /^[0-9a-f]{12}$/);
    assert.equal(result.base, 'HEAD');
  });

  it('compares with another ref: a file new since then has all its rules added and all its findings new', () => {
    const first = repo.git('rev-parse', 'HEAD').trim();
    repo.write('app/web.yaml', TEMPLATE_SSH_OPEN).commit('app');
    const result = changes(['app'], first.slice(0, 8));
    assert.equal(result.base, first.slice(0, 8));
    assert.equal(result.commit, first.slice(0, 12));
    assert.deepEqual(summary(onlyFile(result)), {
      status: 'new',
      added: [
        'ingress tcp 22 0.0.0.0/0 -> BastionSG @13',
        'egress tcp 443 10.0.0.0/8 -> BastionSG @19',
        'egress tcp 443 10.0.0.0/8 -> AppSG @30',
      ],
      removed: [],
      findings: [
        'SG109 7: Security group BastionSG is not attached to anything: no resource or output in this file references it',
        'SG101 16: SSH (22) is open to the world (0.0.0.0/0)',
        'SG109 24: Security group AppSG is not attached to anything: no resource or output in this file references it',
      ],
    });
    // Against HEAD, the same file is unchanged.
    assert.deepEqual(summary(onlyFile(changes(['app']))), {
      status: 'unchanged',
      added: [],
      removed: [],
      findings: [],
    });
  });

  it('lists a template deleted from the working tree with all its rules removed', () => {
    repo.remove('web.yaml');
    const result = changes(['.']);
    const web = result.files.find((f) => f.path === 'web.yaml')!;
    assert.deepEqual(summary(web), {
      status: 'deleted',
      added: [],
      removed: [
        'ingress tcp 22 10.0.0.0/8 -> BastionSG',
        'ingress tcp 443 group BastionSG -> AppSG',
        'egress tcp 443 10.0.0.0/8 -> BastionSG',
        'egress tcp 443 10.0.0.0/8 -> AppSG',
      ],
      findings: [],
    });
    assert.equal(web.uri, repo.uri('web.yaml'));
    // Named on its own, the deleted file is still compared.
    assert.equal(onlyFile(changes(['web.yaml'])).status, 'deleted');
  });

  it('counts an edit as the text given for it (an editor’s unsaved document)', () => {
    const config = resolveConfig({ baseDir: repo.dir });
    const result = computeChanges([repo.path('web.yaml')], {
      root: repo.dir,
      configFor: () => config,
      openText: (p) => (p === repo.path('web.yaml') ? TEMPLATE_SSH_OPEN : undefined),
    });
    assert.deepEqual(onlyFile(result).added.map(brief), ['ingress tcp 22 0.0.0.0/0 -> BastionSG @13']);
  });

  it('reads CDK synth output in cdk.out as CDK templates; the manifest is not one', () => {
    const template = JSON.parse(JSON_TEMPLATE) as {
      Resources: { DbSG: { Properties: { SecurityGroupIngress: { CidrIp: string }[] } } };
    };
    repo
      .write('cdk.out/cdk.out', '{"version":"36.0.0"}\n')
      .write('cdk.out/manifest.json', '{"version":"36.0.0","artifacts":{}}\n')
      .write('cdk.out/Stack.template.json', `${JSON.stringify(template, null, 1)}\n`)
      .commit('synth');
    template.Resources.DbSG.Properties.SecurityGroupIngress[0]!.CidrIp = '0.0.0.0/0';
    repo.write('cdk.out/Stack.template.json', `${JSON.stringify(template, null, 1)}\n`);
    const f = onlyFile(changes(['cdk.out']));
    assert.equal(f.path, 'cdk.out/Stack.template.json');
    assert.equal(f.format, 'cdk');
    assert.deepEqual(f.added.map(brief), ['ingress tcp 5432 0.0.0.0/0 -> DbSG @10']);
    assert.deepEqual(
      f.newFindings.map((x) => x.ruleId),
      ['SG101'],
    );
  });

  it('names the file in the report relative to the root given', () => {
    repo.write('web.yaml', TEMPLATE_SSH_OPEN);
    const config = resolveConfig({ baseDir: repo.dir });
    const result = computeChanges([repo.path('web.yaml')], {
      root: path.join(repo.dir, 'elsewhere'),
      configFor: () => config,
    });
    assert.equal(onlyFile(result).path, '../web.yaml');
  });
});
