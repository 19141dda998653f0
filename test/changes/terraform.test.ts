/**
 * Security-group changes of Terraform modules against a git ref: the rules of the two modules' models
 * compared by group, direction, protocol, ports and peer as resolved, and the findings new since the ref.
 */
import * as assert from 'node:assert/strict';
import type { FileChanges, RuleChange, SecurityChanges } from '../../server/src/protocol';
import { MAIN_TF, MAIN_TF_SSH_OPEN, RULES_TF, VARIABLES_TF } from './fixtures';
import { changesUnder, GitFixture, onlyFile } from './gitFixture';

function brief(r: RuleChange): string {
  const at = r.location
    ? ` @${r.location.uri.slice(r.location.uri.lastIndexOf('/') + 1)}:${r.location.range.start.line + 1}`
    : '';
  return `${r.direction} ${r.protocol} ${r.ports} ${r.peer}${r.peerSource ? ` (${r.peerSource})` : ''} -> ${r.group}${at}`;
}

function summary(f: FileChanges): { status: string; added: string[]; removed: string[]; findings: string[] } {
  return {
    status: f.status,
    added: f.added.map(brief),
    removed: f.removed.map(brief),
    findings: f.newFindings.map((x) => {
      const file = x.location.uri.slice(x.location.uri.lastIndexOf('/') + 1);
      return `${x.ruleId} ${file}:${x.location.range.start.line + 1}: ${x.message}`;
    }),
  };
}

describe('changes: Terraform modules', () => {
  let repo: GitFixture;
  const changes = (paths: string[], base?: string): SecurityChanges => changesUnder(repo.dir, paths, base);

  beforeEach(() => {
    repo = GitFixture.init();
    repo
      .write('infra/main.tf', MAIN_TF)
      .write('infra/rules.tf', RULES_TF)
      .write('infra/variables.tf', VARIABLES_TF)
      .commit('module');
  });

  afterEach(() => repo.dir && repo.dispose());

  it('shows an inline block that opens SSH to the world as added, with SG101 new', () => {
    repo.write('infra/main.tf', MAIN_TF_SSH_OPEN);
    const f = onlyFile(changes(['infra']));
    assert.equal(f.path, 'infra');
    assert.equal(f.uri, repo.uri('infra'));
    assert.equal(f.format, 'terraform');
    assert.deepEqual(summary(f), {
      status: 'modified',
      added: ['ingress tcp 22 0.0.0.0/0 -> aws_security_group.web @main.tf:14'],
      removed: [],
      findings: ['SG101 main.tf:19: SSH (22) is open to the world (0.0.0.0/0)'],
    });
    assert.deepEqual(f.added[0], {
      group: 'aws_security_group.web',
      direction: 'ingress',
      protocol: 'tcp',
      ports: '22',
      peer: '0.0.0.0/0',
      description: 'ssh from anywhere',
      resource: 'aws_security_group.web',
      location: {
        uri: repo.uri('infra/main.tf'),
        range: { start: { line: 13, character: 2 }, end: { line: 13, character: 11 } },
      },
    });
  });

  it('shows a standalone rule whose variable default moved to the world as removed and added', () => {
    repo.write('infra/variables.tf', VARIABLES_TF.replace('10.0.0.0/8', '0.0.0.0/0'));
    assert.deepEqual(summary(onlyFile(changes(['infra']))), {
      status: 'modified',
      added: [
        'ingress tcp 22 0.0.0.0/0 (the default of var.admin_cidr) -> aws_security_group.admin @rules.tf:7',
      ],
      removed: ['ingress tcp 22 10.0.0.0/8 (the default of var.admin_cidr) -> aws_security_group.admin'],
      findings: [
        'SG101 rules.tf:14: SSH (22) is open to the world (0.0.0.0/0 from the default of var.admin_cidr)',
      ],
    });
  });

  it('reads terraform.tfvars of both sides, and a new standalone rule resource is an added rule', () => {
    repo.write('infra/terraform.tfvars', 'admin_cidr = "192.168.0.0/16"\n').commit('tfvars');
    repo.write(
      'infra/rules.tf',
      `${RULES_TF}\nresource "aws_security_group_rule" "rdp" {\n  type              = "ingress"\n  description       = "rdp"\n  security_group_id = aws_security_group.admin.id\n  from_port         = 3389\n  to_port           = 3389\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n`,
    );
    const f = onlyFile(changes(['infra/rules.tf']));
    assert.deepEqual(summary(f), {
      status: 'modified',
      added: ['ingress tcp 3389 0.0.0.0/0 -> aws_security_group.admin @rules.tf:17'],
      removed: [],
      findings: ['SG101 rules.tf:24: RDP (3389) is open to the world (0.0.0.0/0)'],
    });
    assert.equal(f.added[0]!.resource, 'aws_security_group_rule.rdp');
  });

  it('ignores a description-only change and a rule that only moved; unchanged modules say so', () => {
    repo.write('infra/main.tf', `# moved\n\n${MAIN_TF.replace('https from the office', 'https from HQ')}`);
    assert.deepEqual(summary(onlyFile(changes(['infra']))), {
      status: 'modified',
      added: [],
      removed: [],
      findings: [],
    });
    repo.write('infra/main.tf', MAIN_TF);
    assert.equal(onlyFile(changes(['infra'])).status, 'unchanged');
  });

  it('compares a module new since the base (all rules added) and one deleted since (all removed)', () => {
    repo.write('web/main.tf', MAIN_TF_SSH_OPEN);
    repo.remove('infra');
    const result = changes(['.']);
    assert.deepEqual(
      result.files.map((f) => [f.path, f.status]),
      [
        ['infra', 'deleted'],
        ['web', 'new'],
      ],
    );
    const [infra, web] = result.files as [FileChanges, FileChanges];
    assert.deepEqual(summary(infra), {
      status: 'deleted',
      added: [],
      removed: [
        'ingress tcp 443 10.0.0.0/8 -> aws_security_group.web',
        'egress tcp 443 10.0.0.0/8 -> aws_security_group.web',
        'ingress tcp 22 10.0.0.0/8 (the default of var.admin_cidr) -> aws_security_group.admin',
      ],
      findings: [],
    });
    assert.deepEqual(summary(web).added, [
      'ingress tcp 443 10.0.0.0/8 -> aws_security_group.web @main.tf:6',
      'ingress tcp 22 0.0.0.0/0 -> aws_security_group.web @main.tf:14',
      'egress tcp 443 10.0.0.0/8 -> aws_security_group.web @main.tf:22',
    ]);
    assert.deepEqual(
      web.newFindings.map((x) => x.ruleId),
      ['SG109', 'SG101'],
    );
  });

  it('follows a local module call into the base version of the called module and lists its rule changes', () => {
    repo
      .write(
        'infra/main.tf',
        `${MAIN_TF}\nmodule "edge" {\n  source = "./edge"\n  cidr   = "10.2.0.0/16"\n}\n`,
      )
      .write(
        'infra/edge/main.tf',
        'variable "cidr" {\n  type = string\n}\n\nresource "aws_security_group" "edge" {\n  name        = "edge"\n  description = "edge"\n  vpc_id      = "vpc-1"\n  ingress {\n    description = "ssh"\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = [var.cidr]\n  }\n}\n',
      )
      .commit('edge module');
    repo.write(
      'infra/main.tf',
      `${MAIN_TF}\nmodule "edge" {\n  source = "./edge"\n  cidr   = "0.0.0.0/0"\n}\n`,
    );
    const f = onlyFile(changes(['infra/main.tf']));
    // The caller's own rules are the same; the called module's rule, as this call instantiates it, is
    // now open to the world: listed under the call's path, in the called module's file, with the
    // caller's argument as its origin.
    assert.deepEqual(summary(f), {
      status: 'modified',
      added: [
        "ingress tcp 22 0.0.0.0/0 (module edge's argument cidr) -> module.edge.aws_security_group.edge @main.tf:9",
      ],
      removed: [
        "ingress tcp 22 10.2.0.0/16 (module edge's argument cidr) -> module.edge.aws_security_group.edge",
      ],
      findings: [
        "SG101 main.tf:14: SSH (22) is open to the world (0.0.0.0/0 from module edge's argument cidr)",
      ],
    });
    assert.equal(f.newFindings[0]!.location.uri, repo.uri('infra/edge/main.tf'));
    assert.equal(f.added[0]!.location?.uri, repo.uri('infra/edge/main.tf'));
    const both = changes(['infra']);
    assert.deepEqual(
      both.files.map((x) => [x.path, x.status, x.newFindings.length]),
      [
        ['infra', 'modified', 1],
        ['infra/edge', 'unchanged', 0],
      ],
    );
  });
});
