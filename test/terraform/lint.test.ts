import * as assert from 'node:assert/strict';
import { ruleById } from '../../rules/index';
import type { RuleModule } from '../../rules/types';
import type { TerraformSource } from '../../server/src/engine/lint';
import { lintTerraformModule } from '../../server/src/engine/lint';
import { config, dedent } from '../helpers/ruleTester';
import { markedText, textAt } from './helpers';

const ROOT = 'file:///work/live';

function source(dir: string, name: string, text: string): TerraformSource {
  return { uri: `${dir}/${name}`, text: dedent(text) };
}

/** Replaces a rule's check while `body` runs. */
function withCheck(ruleId: string, check: RuleModule['check'], body: () => void): void {
  const rule = ruleById(ruleId) as { check: RuleModule['check'] } | undefined;
  assert.ok(rule);
  const original = rule.check;
  rule.check = check;
  try {
    body();
  } finally {
    rule.check = original;
  }
}

const OPEN_SSH = `
  resource "aws_security_group" "bastion" {
    description = "Bastion"
    vpc_id      = "vpc-1"
    ingress {
      description = "SSH"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
  output "bastion" {
    value = aws_security_group.bastion.id
  }
`;

describe('Terraform modules through the engine (lintTerraformModule)', () => {
  it('sorts findings by file and position, each with its uri, resource and group', () => {
    const result = lintTerraformModule(
      {
        dirUri: ROOT,
        files: [
          source(ROOT, 'b.tf', OPEN_SSH),
          source(
            ROOT,
            'a.tf',
            `
              resource "aws_security_group" "db" {
                description = "Database"
                vpc_id      = "vpc-1"
                ingress {
                  description = "MySQL"
                  from_port   = 3306
                  to_port     = 3306
                  protocol    = "tcp"
                  cidr_blocks = ["0.0.0.0/0"]
                }
                ingress {
                  from_port   = 5432
                  to_port     = 5432
                  protocol    = "tcp"
                  cidr_blocks = ["0.0.0.0/0"]
                }
              }
              output "db" {
                value = aws_security_group.db.id
              }
            `,
          ),
        ],
      },
      config(),
    );
    assert.equal(result.kind, 'module');
    const texts = new Map([...result.files].map(([uri, f]) => [uri, f.text]));
    assert.deepEqual(
      result.findings.map((f) => [
        f.uri.slice(ROOT.length + 1),
        f.ruleId,
        textAt(texts.get(f.uri)!, f.range),
        f.resource,
        f.group,
      ]),
      [
        ['a.tf', 'SG101', '"0.0.0.0/0"', 'aws_security_group.db', 'aws_security_group.db'],
        ['a.tf', 'SG108', 'ingress {', 'aws_security_group.db', 'aws_security_group.db'],
        ['a.tf', 'SG101', '"0.0.0.0/0"', 'aws_security_group.db', 'aws_security_group.db'],
        ['b.tf', 'SG101', '"0.0.0.0/0"', 'aws_security_group.bastion', 'aws_security_group.bastion'],
      ],
    );
    assert.deepEqual(result.ruleFailures, []);
    assert.deepEqual(result.skipped, []);
    assert.equal(result.model.uri, ROOT);
  });

  it("lints called local modules with the caller's arguments, their files in the result", () => {
    const moduleDir = `${ROOT}/modules/web`;
    const moduleFiles = [
      source(
        moduleDir,
        'main.tf',
        `
          variable "admin_cidr" {
            default = "10.0.0.0/8"
          }
          resource "aws_security_group" "web" {
            description = "Web"
            vpc_id      = "vpc-1"
            ingress {
              description = "SSH"
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = [var.admin_cidr]
            }
          }
          output "id" {
            value = aws_security_group.web.id
          }
        `,
      ),
    ];
    const loads: string[] = [];
    const result = lintTerraformModule(
      {
        dirUri: ROOT,
        files: [
          source(
            ROOT,
            'main.tf',
            `
              module "web" {
                source     = "./modules/web"
                admin_cidr = "0.0.0.0/0"
              }
            `,
          ),
        ],
        loadModule: (dirUri) => {
          loads.push(dirUri);
          return dirUri === moduleDir ? { files: moduleFiles, tfvars: [] } : undefined;
        },
      },
      config(),
    );
    assert.equal(result.kind, 'module');
    assert.deepEqual(loads, [moduleDir]);
    assert.deepEqual([...result.files.keys()], [`${ROOT}/main.tf`, `${moduleDir}/main.tf`]);
    const text = result.files.get(`${moduleDir}/main.tf`)!.text;
    assert.deepEqual(
      result.findings.map((f) => [f.uri, f.ruleId, textAt(text, f.range), f.message]),
      [
        [
          `${moduleDir}/main.tf`,
          'SG101',
          'var.admin_cidr',
          "SSH (22) is open to the world (0.0.0.0/0 from module web's argument admin_cidr)",
        ],
      ],
    );
    // The model is the root module's.
    assert.equal(result.model.uri, ROOT);
  });

  it('skips binary and oversized files with the reason, and lints the others', () => {
    const result = lintTerraformModule(
      {
        dirUri: ROOT,
        files: [
          { uri: `${ROOT}/binary.tf`, text: 'resource "a" "b" {\u0000}' },
          { uri: `${ROOT}/huge.tf`, text: `# ${'x'.repeat(2000)}\n` },
          source(ROOT, 'main.tf', OPEN_SSH),
        ],
        tfvars: [{ uri: `${ROOT}/terraform.tfvars`, text: `x = "${'y'.repeat(3000)}"\n` }],
      },
      config({ maxFileSize: 1024 }),
    );
    assert.equal(result.kind, 'module');
    assert.deepEqual(result.skipped, [
      { uri: `${ROOT}/binary.tf`, reason: 'binary file' },
      { uri: `${ROOT}/huge.tf`, reason: '2 KB is over the 1 KB limit for linting (maxFileSize)' },
      { uri: `${ROOT}/terraform.tfvars`, reason: '3 KB is over the 1 KB limit for linting (maxFileSize)' },
    ]);
    assert.deepEqual([...result.files.keys()], [`${ROOT}/main.tf`]);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['SG101'],
    );
  });

  it("keeps the other rules' findings when one rule throws, and names the failure", () => {
    withCheck(
      'SG101',
      () => {
        throw new Error('boom');
      },
      () => {
        const result = lintTerraformModule(
          {
            dirUri: ROOT,
            files: [
              source(
                ROOT,
                'main.tf',
                `
                  resource "aws_security_group" "g" {
                    ingress {
                      from_port   = 22
                      to_port     = 22
                      protocol    = "tcp"
                      cidr_blocks = ["0.0.0.0/0"]
                    }
                  }
                `,
              ),
            ],
          },
          config(),
        );
        assert.equal(result.kind, 'module');
        assert.deepEqual(
          result.ruleFailures.map((f) => [f.ruleId, f.error.split('\n')[0]]),
          [['SG101', 'Error: boom']],
        );
        assert.deepEqual(
          result.findings.map((f) => f.ruleId),
          ['SG108', 'SG109', 'SG110', 'SG108'],
        );
      },
    );
  });

  it('reports syntax errors as SG000 in their file and still checks the resources after them', () => {
    const { text, ranges } = markedText(`
      resource "aws_security_group" "half_typed" {
        ingress {
          cidr_blocks = ⟦[⟧

      resource "aws_security_group" "after" {
        description = "After"
        vpc_id      = "vpc-1"
        ingress {
          description = "RDP"
          from_port   = 3389
          to_port     = 3389
          protocol    = "tcp"
          cidr_blocks = [⟦"0.0.0.0/0"⟧]
        }
      }
    `);
    const result = lintTerraformModule({ dirUri: ROOT, files: [{ uri: `${ROOT}/main.tf`, text }] }, config());
    assert.equal(result.kind, 'module');
    // Unused group (SG109) rests on an absence: it waits while the module has a syntax error.
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.message, f.range]),
      [
        ['SG000', 'this list is never closed: missing ]', ranges[0]],
        ['SG101', 'RDP (3389) is open to the world (0.0.0.0/0)', ranges[1]],
      ],
    );
  });

  it('parses a file again when its text changes under the same uri', () => {
    const lintText = (text: string): string[] => {
      const result = lintTerraformModule(
        { dirUri: ROOT, files: [source(ROOT, 'cached.tf', text)] },
        config(),
      );
      assert.equal(result.kind, 'module');
      return result.findings.filter((f) => f.ruleId === 'SG101').map((f) => f.message);
    };
    assert.deepEqual(lintText(OPEN_SSH), ['SSH (22) is open to the world (0.0.0.0/0)']);
    assert.deepEqual(lintText(OPEN_SSH.replace('0.0.0.0/0', '10.0.0.0/8')), []);
    assert.deepEqual(lintText(OPEN_SSH), ['SSH (22) is open to the world (0.0.0.0/0)']);
  });
});
