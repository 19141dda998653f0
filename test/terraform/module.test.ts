import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../rules/config';
import type { TerraformSource } from '../../server/src/engine/lint';
import { lintTerraformModule } from '../../server/src/engine/lint';
import { localModuleCalls } from '../../server/src/terraform/calls';
import { dedent } from '../helpers/ruleTester';
import { DIR, evaluateIn, moduleOf, plain, textAt } from './helpers';

describe('Terraform modules (buildModule, localModuleCalls)', () => {
  describe('a module from several files', () => {
    it('collects variables, locals, resources, data sources, module calls and outputs by address', () => {
      const m = moduleOf({
        'variables.tf': `
          variable "vpc_id" {
            type = string
          }
          variable "cidr" {
            default = "10.0.0.0/8"
          }
        `,
        'main.tf': `
          locals {
            name = "app"
          }
          locals {
            port = 443
          }
          data "aws_vpc" "main" {}
          resource "aws_security_group" "app" {
            name = local.name
          }
          module "network" {
            source = "./network"
          }
        `,
        'outputs.tf': `
          output "sg_id" {
            value = aws_security_group.app.id
          }
        `,
      });
      assert.equal(m.dirUri, DIR);
      assert.deepEqual(
        [...m.variables.values()].map((v) => [v.name, v.file.uri, v.defaultAttr?.name]),
        [
          ['vpc_id', `${DIR}/variables.tf`, undefined],
          ['cidr', `${DIR}/variables.tf`, 'default'],
        ],
      );
      assert.deepEqual(
        [...m.locals.values()].map((l) => [l.name, l.file.uri]),
        [
          ['name', `${DIR}/main.tf`],
          ['port', `${DIR}/main.tf`],
        ],
      );
      assert.deepEqual(
        [...m.resources.values()].map((r) => [
          r.address,
          r.kind,
          r.type,
          r.name,
          r.file.uri.slice(DIR.length + 1),
        ]),
        [
          ['data.aws_vpc.main', 'data', 'aws_vpc', 'main', 'main.tf'],
          ['aws_security_group.app', 'resource', 'aws_security_group', 'app', 'main.tf'],
          ['module.network', 'module', 'module', 'network', 'main.tf'],
          ['output.sg_id', 'output', 'output', 'sg_id', 'outputs.tf'],
        ],
      );
      const app = m.resources.get('aws_security_group.app')!;
      assert.equal(textAt(app.file.text, app.idRange), 'resource "aws_security_group" "app"');
      assert.deepEqual(plain(evaluateIn(m, 'local.name').value), 'app');
    });
  });

  describe('variable values by precedence', () => {
    const variables = `
      variable "a" {
        default = "default"
      }
      variable "b" {
        default = "default"
      }
      variable "c" {
        default = "default"
      }
      variable "d" {
        default = "default"
      }
      variable "e" {}
    `;
    const tfvars = {
      'terraform.tfvars': `
        b = "terraform.tfvars"
        c = "terraform.tfvars"
        d = "terraform.tfvars"
        undeclared = "ignored"
      `,
      // Read in name order, after terraform.tfvars: b.auto.tfvars wins over a.auto.tfvars.
      'b.auto.tfvars': `
        d = "b.auto.tfvars"
      `,
      'a.auto.tfvars': `
        c = "a.auto.tfvars"
        d = "a.auto.tfvars"
      `,
    };

    it('takes the default, then terraform.tfvars, then *.auto.tfvars in name order', () => {
      const m = moduleOf({ 'variables.tf': variables, ...tfvars });
      assert.deepEqual(
        ['a', 'b', 'c', 'd', 'e'].map((n) => {
          const v = m.values.get(n);
          return v ? [n, v.kind, v.describe, v.file.uri.slice(DIR.length + 1)] : [n];
        }),
        [
          ['a', 'variable-default', 'the default of var.a', 'variables.tf'],
          ['b', 'tfvars', 'b in terraform.tfvars', 'terraform.tfvars'],
          ['c', 'tfvars', 'c in a.auto.tfvars', 'a.auto.tfvars'],
          ['d', 'tfvars', 'd in b.auto.tfvars', 'b.auto.tfvars'],
          ['e'],
        ],
      );
      assert.equal(m.values.has('undeclared'), false);
      assert.deepEqual(
        ['var.a', 'var.b', 'var.c', 'var.d', 'var.e'].map((e) => plain(evaluateIn(m, e).value)),
        ['default', 'terraform.tfvars', 'a.auto.tfvars', 'b.auto.tfvars', '?var.e'],
      );
    });

    it('lets a module argument win over everything, evaluated in the caller', () => {
      const caller = moduleOf(
        {
          'main.tf': `
            variable "office_cidr" {
              default = "203.0.113.0/24"
            }
            module "app" {
              source = "./modules/app"
              d      = var.office_cidr
              e      = "\${var.office_cidr}-x"
            }
          `,
        },
        { dir: 'file:///work/root' },
      );
      const [call] = localModuleCalls(caller);
      assert.ok(call);
      const m = moduleOf({ 'variables.tf': variables, ...tfvars }, { dir: call.dirUri, args: call.args });
      const d = m.values.get('d')!;
      assert.deepEqual(
        [d.kind, d.describe, d.caller],
        ['module-argument', "module app's argument d", caller],
      );
      const { value } = evaluateIn(m, 'var.d');
      assert.ok(value.kind === 'scalar' && value.origin);
      // The value was written in the caller's variable default: that is its origin.
      assert.deepEqual(
        [value.value, value.origin.kind, value.origin.describe, value.origin.uri],
        ['203.0.113.0/24', 'variable-default', 'the default of var.office_cidr', 'file:///work/root/main.tf'],
      );
      assert.equal(textAt(caller.files[0]!.text, value.origin.range), '"203.0.113.0/24"');
      const e = evaluateIn(m, 'var.e').value;
      assert.ok(e.kind === 'scalar' && e.origin);
      assert.deepEqual(
        [e.value, e.origin.kind, e.origin.describe, textAt(caller.files[0]!.text, e.origin.range)],
        ['203.0.113.0/24-x', 'module-argument', "module app's argument e", '"${var.office_cidr}-x"'],
      );
    });
  });

  describe('local module calls', () => {
    it('finds ./ and ../ sources, with the arguments that set variables', () => {
      const caller = moduleOf(
        {
          'main.tf': `
            module "web" {
              source     = "./modules/web"
              count      = 1
              for_each   = {}
              providers  = {}
              depends_on = []
              version    = "1.0"
              cidr       = "0.0.0.0/0"
              ports      = [22]
            }
            module "shared" {
              source = "../shared/"
            }
            module "registry" {
              source  = "terraform-aws-modules/security-group/aws"
              version = "5.1.0"
              cidr    = "0.0.0.0/0"
            }
            module "git" {
              source = "git::https://example.com/sg.git?ref=v1"
            }
            module "github" {
              source = "github.com/example/sg"
            }
            module "computed" {
              source = "./\${var.name}"
            }
          `,
        },
        { dir: 'file:///work/repo/live' },
      );
      const calls = localModuleCalls(caller);
      assert.deepEqual(
        calls.map((c) => [c.name, c.dirUri, [...c.args.keys()]]),
        [
          ['web', 'file:///work/repo/live/modules/web', ['cidr', 'ports']],
          ['shared', 'file:///work/repo/shared', []],
        ],
      );
      const cidr = calls[0]!.args.get('cidr')!;
      assert.deepEqual(
        [cidr.describe, cidr.caller, cidr.file.uri, textAt(cidr.file.text, cidr.expr)],
        ["module web's argument cidr", caller, 'file:///work/repo/live/main.tf', '"0.0.0.0/0"'],
      );
    });
  });

  describe('modules read through their callers (lintTerraformModule with loadModule)', () => {
    /** A folder tree in memory: folder URI → file name → text. */
    function loader(
      tree: Record<string, Record<string, string>>,
      loads: string[],
    ): (dirUri: string) => { files: TerraformSource[]; tfvars: TerraformSource[] } | undefined {
      return (dirUri) => {
        loads.push(dirUri);
        const folder = tree[dirUri];
        if (!folder) return undefined;
        const sources = Object.entries(folder).map(([name, text]) => ({
          uri: `${dirUri}/${name}`,
          text: dedent(text),
        }));
        return {
          files: sources.filter((s) => s.uri.endsWith('.tf')),
          tfvars: sources.filter((s) => s.uri.endsWith('.tfvars')),
        };
      };
    }

    it('does not follow a module that calls itself, or a cycle through another module', () => {
      const root = 'file:///work/cycle';
      const tree = {
        [root]: { 'main.tf': 'module "self" {\n  source = "./"\n}\nmodule "a" {\n  source = "./a"\n}\n' },
        [`${root}/a`]: {
          'main.tf': 'module "back" {\n  source = "../"\n}\nmodule "again" {\n  source = "./"\n}\n',
        },
      };
      const loads: string[] = [];
      const result = lintTerraformModule(
        { dirUri: root, files: loader(tree, [])(root)!.files, loadModule: loader(tree, loads) },
        DEFAULT_CONFIG,
      );
      assert.equal(result.kind, 'module');
      assert.deepEqual(loads, [`${root}/a`]);
    });

    it('stops at four levels of module calls', () => {
      const root = 'file:///work/deep';
      const tree: Record<string, Record<string, string>> = {};
      let dir = root;
      for (let i = 0; i < 8; i++) {
        tree[dir] = { 'main.tf': `module "next" {\n  source = "./m${i}"\n}\n` };
        dir = `${dir}/m${i}`;
      }
      const loads: string[] = [];
      const result = lintTerraformModule(
        { dirUri: root, files: loader(tree, [])(root)!.files, loadModule: loader(tree, loads) },
        DEFAULT_CONFIG,
      );
      assert.equal(result.kind, 'module');
      assert.deepEqual(loads, [`${root}/m0`, `${root}/m0/m1`, `${root}/m0/m1/m2`, `${root}/m0/m1/m2/m3`]);
      assert.equal(result.files.size, 5);
    });
  });
});
