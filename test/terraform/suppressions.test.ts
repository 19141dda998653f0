import * as assert from 'node:assert/strict';
import type { Suppression } from '../../rules/model';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { hclSuppressions } from '../../server/src/terraform/suppressions';
import { dedent, lintTf } from '../helpers/ruleTester';
import { parse, textAt } from './helpers';

/** Suppressions of one file, in a compact form: tool, rule ids, scope, reason, peer id, ports, comment text. */
function suppressionsOf(source: string, today?: Date): Record<string, unknown>[] {
  const text = dedent(source);
  const file = parse(text);
  assert.deepEqual(file.errors, []);
  return hclSuppressions(file, new LineIndex(text), today).map((s: Suppression) => ({
    tool: s.tool,
    ruleIds: s.ruleIds,
    scope: s.scope.kind === 'lines' ? `lines ${s.scope.startLine}-${s.scope.endLine}` : s.scope.kind,
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.peerId ? { peerId: s.peerId } : {}),
    ...(s.ports ? { ports: s.ports } : {}),
    comment: textAt(text, s.range),
  }));
}

const RESOURCE = `
  resource "aws_security_group" "web" {
    ingress {
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
`;

describe('Terraform suppression comments (hclSuppressions)', () => {
  it('reads sg-lint-ignore before a resource, covering the resource', () => {
    assert.deepEqual(suppressionsOf(`# sg-lint-ignore SG101, SG108 bastion host, reviewed${RESOURCE}`), [
      {
        tool: 'sg-lint',
        ruleIds: ['SG101', 'SG108'],
        scope: 'lines 1-8',
        reason: 'bastion host, reviewed',
        comment: '# sg-lint-ignore SG101, SG108 bastion host, reviewed',
      },
    ]);
  });

  it('reads sg-lint-ignore before an inline block, trailing a line, and written with //', () => {
    const source = `
      resource "aws_security_group" "web" {
        # sg-lint-ignore SG101: the office VPN only
        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"] # sg-lint-ignore SG103 trailing
        }
        // sg-lint-ignore * everything in the egress
        egress {
          from_port = 0
        }
      }
      # sg-lint-ignore-file SG110 no VPCs here
    `;
    assert.deepEqual(suppressionsOf(source), [
      {
        tool: 'sg-lint',
        ruleIds: ['SG101'],
        scope: 'lines 2-7',
        reason: 'the office VPN only',
        comment: '# sg-lint-ignore SG101: the office VPN only',
      },
      {
        tool: 'sg-lint',
        ruleIds: ['SG103'],
        scope: 'lines 6-6',
        reason: 'trailing',
        comment: '# sg-lint-ignore SG103 trailing',
      },
      {
        tool: 'sg-lint',
        ruleIds: ['*'],
        scope: 'lines 9-11',
        reason: 'everything in the egress',
        comment: '// sg-lint-ignore * everything in the egress',
      },
      {
        tool: 'sg-lint',
        ruleIds: ['SG110'],
        scope: 'file',
        reason: 'no VPCs here',
        comment: '# sg-lint-ignore-file SG110 no VPCs here',
      },
    ]);
  });

  it("reads checkov:skip inside a resource as covering the whole resource, for the check's ports", () => {
    const source = `
      resource "aws_security_group" "web" {
        #checkov:skip=CKV_AWS_24:SSH from the bastion only
        ingress {
          from_port = 22
        }
      }
    `;
    assert.deepEqual(suppressionsOf(source), [
      {
        tool: 'checkov',
        ruleIds: ['SG101'],
        scope: 'lines 0-5',
        reason: 'SSH from the bastion only',
        peerId: 'CKV_AWS_24',
        ports: [22],
        comment: '#checkov:skip=CKV_AWS_24:SSH from the bastion only',
      },
    ]);
  });

  it('reads tfsec and trivy ignores, several on a line, dropping those whose :exp: date has passed', () => {
    const source = `
      #tfsec:ignore:aws-ec2-no-public-ingress-sgr:exp:2030-01-31 trivy:ignore:AVD-AWS-0104:exp:2020-01-01 legacy ELB
      resource "aws_security_group" "web" {
        ingress {
          from_port = 443
        }
      }
    `;
    const today = new Date('2026-06-01T12:00:00Z');
    assert.deepEqual(suppressionsOf(source, today), [
      {
        tool: 'tfsec',
        ruleIds: ['SG101', 'SG102', 'SG103'],
        scope: 'lines 1-5',
        reason: 'legacy ELB',
        peerId: 'aws-ec2-no-public-ingress-sgr',
        comment:
          '#tfsec:ignore:aws-ec2-no-public-ingress-sgr:exp:2030-01-31 trivy:ignore:AVD-AWS-0104:exp:2020-01-01 legacy ELB',
      },
    ]);
    // On the last day the ignore still holds; the day after, it is gone.
    const lastDay = '#trivy:ignore:AVD-AWS-0107:exp:2026-06-01\nresource "aws_security_group" "a" {}\n';
    assert.equal(suppressionsOf(lastDay, new Date('2026-06-01T23:00:00Z')).length, 1);
    assert.equal(suppressionsOf(lastDay, new Date('2026-06-02T00:00:01Z')).length, 0);
    // Both ids kept when neither has expired, in the order written.
    const both =
      '#trivy:ignore:AVD-AWS-0107 trivy:ignore:aws-vpc-no-public-egress-sgr\nresource "aws_security_group" "a" {}\n';
    assert.deepEqual(
      suppressionsOf(both, today).map((s) => [s.tool, s.peerId, s.ruleIds]),
      [
        ['trivy', 'AVD-AWS-0107', ['SG101', 'SG102', 'SG103']],
        ['trivy', 'aws-vpc-no-public-egress-sgr', ['SG106']],
      ],
    );
  });

  it('reads kics-scan ignore-line (the next line) and ignore-block (the next block)', () => {
    const source = `
      resource "aws_security_group" "web" {
        ingress {
          from_port   = 22
          # kics-scan ignore-line
          cidr_blocks = ["0.0.0.0/0"]
        }
        # kics-scan ignore-block
        egress {
          from_port = 0
        }
      }
    `;
    assert.deepEqual(
      suppressionsOf(source).map((s) => [s.tool, s.ruleIds, s.scope]),
      [
        ['kics', ['*'], 'lines 4-4'],
        ['kics', ['*'], 'lines 7-9'],
      ],
    );
  });

  it('ignores markers inside strings and comments that are not suppressions', () => {
    const source = `
      resource "aws_security_group" "web" {
        description = "# sg-lint-ignore SG101 not a comment"
        # just a comment about sg-lint-ignore usage
      }
    `;
    assert.deepEqual(suppressionsOf(source), []);
  });
});

describe('Terraform suppressions applied by the engine', () => {
  it('keeps a suppressed finding with the suppression (for SARIF), per tool and scope', () => {
    const result = lintTf({
      'main.tf': dedent(`
        resource "aws_security_group" "web" {
          description = "Web"
          vpc_id      = "vpc-1"
          # sg-lint-ignore SG101 bastion, reviewed 2026-01
          ingress {
            description = "SSH"
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            description = "RDP"
            from_port   = 3389
            to_port     = 3389
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        output "id" {
          value = aws_security_group.web.id
        }
      `),
    });
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.message, f.suppressions?.map((s) => [s.tool, s.reason])]),
      [
        ['SG101', 'SSH (22) is open to the world (0.0.0.0/0)', [['sg-lint', 'bastion, reviewed 2026-01']]],
        ['SG101', 'RDP (3389) is open to the world (0.0.0.0/0)', undefined],
      ],
    );
  });

  it("lets checkov's SSH check cover only a finding about SSH", () => {
    const result = lintTf({
      'main.tf': dedent(`
        resource "aws_security_group" "web" {
          #checkov:skip=CKV_AWS_24:bastion
          description = "Web"
          vpc_id      = "vpc-1"
          ingress {
            description = "SSH"
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          ingress {
            description = "Telnet"
            from_port   = 23
            to_port     = 23
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        output "id" {
          value = aws_security_group.web.id
        }
      `),
    });
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.message, f.suppressions?.map((s) => s.peerId)]),
      [
        ['SG101', 'SSH (22) is open to the world (0.0.0.0/0)', ['CKV_AWS_24']],
        ['SG101', 'Telnet (23) is open to the world (0.0.0.0/0)', undefined],
      ],
    );
  });
});
