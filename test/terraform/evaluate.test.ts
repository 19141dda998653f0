import * as assert from 'node:assert/strict';
import type { TfVal } from '../../server/src/terraform/evaluate';
import type { TfModule } from '../../server/src/terraform/module';
import { DIR, evaluateIn, moduleOf, plain, textAt } from './helpers';

/** A module with a bit of everything the expressions below read. */
const FILES = {
  'variables.tf': `
    variable "name" {
      default = "web"
    }
    variable "no_default" {}
    variable "cidrs" {
      default = ["10.0.0.0/8", "0.0.0.0/0"]
    }
    variable "ports" {
      default = { ssh = 22, https = 443 }
    }
    variable "nothing" {
      default = null
    }
    variable "cycle_a" {
      default = var.cycle_b
    }
    variable "cycle_b" {
      default = var.cycle_a
    }
  `,
  'locals.tf': `
    locals {
      admin     = "0.0.0.0/0"
      csv       = "10.0.0.0/8,0.0.0.0/0"
      from_var  = var.cidrs[1]
      template  = "\${var.name}-sg"
      nested    = { rules = [{ port = 22 }, { port = 80 }] }
      loop_a    = local.loop_b
      loop_b    = local.loop_a
      empty     = ""
    }
  `,
  'main.tf': `
    data "aws_vpc" "main" {}
    resource "aws_vpc" "main" {
      cidr_block = "10.0.0.0/16"
    }
    module "network" {
      source = "./network"
    }
  `,
};

let mod: TfModule;
before(() => {
  mod = moduleOf(FILES);
});

function value(expr: string): unknown {
  return plain(evaluateIn(mod, expr).value);
}

function evaluated(expr: string): TfVal {
  return evaluateIn(mod, expr).value;
}

describe('Terraform expression evaluation (TfEvaluator)', () => {
  describe('literals, collections and templates', () => {
    it('evaluates literals, tuples, objects and templates of known parts', () => {
      assert.deepEqual(value('22'), 22);
      assert.deepEqual(value('-1'), -1);
      assert.deepEqual(value('"a\\tb"'), 'a\tb');
      assert.deepEqual(value('[1, "a", [true, null]]'), [1, 'a', [true, null]]);
      assert.deepEqual(value('{ bare = 1, "quoted key" = 2, (local.admin) = 3 }'), {
        bare: 1,
        'quoted key': 2,
        '0.0.0.0/0': 3,
      });
      assert.deepEqual(value('"${var.name}-${local.admin}"'), 'web-0.0.0.0/0');
      assert.deepEqual(value('"${var.nothing}x"'), 'x');
      assert.deepEqual(value('"${var.cidrs}"'), ['10.0.0.0/8', '0.0.0.0/0']);
      assert.deepEqual(value('"a-${var.cidrs}"'), '!a collection in a string');
      assert.deepEqual(value('<<EOT\n${var.name}\nEOT'), 'web\n');
    });

    it('indexes lists and maps (index, legacy index, attribute, splat) and fails outside them', () => {
      assert.deepEqual(value('var.cidrs[1]'), '0.0.0.0/0');
      assert.deepEqual(value('var.cidrs.0'), '10.0.0.0/8');
      assert.deepEqual(value('var.ports.ssh'), 22);
      assert.deepEqual(value('var.ports["https"]'), 443);
      assert.deepEqual(value('local.nested.rules[*].port'), [22, 80]);
      assert.deepEqual(value('local.nested.rules[1]["port"]'), 80);
      assert.deepEqual(value('var.name[*]'), ['web']);
      assert.deepEqual(value('var.nothing[*]'), []);
      assert.deepEqual(value('concat(var.cidrs, ["1.1.1.1/32"])[2]'), '1.1.1.1/32');
      assert.deepEqual(value('var.cidrs[2]'), '!an index outside the list');
      assert.deepEqual(value('var.ports.rdp'), '!a missing key "rdp"');
      assert.deepEqual(value('var.name.x'), '!an attribute of a value that has none');
      assert.deepEqual(value('var.cidrs[var.no_default]'), '?var.no_default');
    });
  });

  describe('functions', () => {
    it('try: the first argument without an error; an unknown argument is not an error', () => {
      assert.deepEqual(value('try(var.ports.rdp, var.ports.ssh)'), 22);
      assert.deepEqual(value('try(local.nested.rules[5].port, "none")'), 'none');
      assert.deepEqual(value('try([var.ports.rdp], ["fallback"])'), ['fallback']);
      assert.deepEqual(value('try("${var.ports.rdp}", "x")'), 'x');
      assert.deepEqual(value('try(var.no_default, "default")'), '?var.no_default');
      assert.deepEqual(value('try(var.ports.rdp, var.ports.telnet)'), '!try() with no argument that works');
    });

    it('can: true, false on an error, unknown on an unknown', () => {
      assert.deepEqual(value('can(var.ports.ssh)'), true);
      assert.deepEqual(value('can(var.ports.rdp)'), false);
      assert.deepEqual(value('can(tonumber("x"))'), false);
      assert.deepEqual(value('can(var.no_default)'), '?var.no_default');
    });

    it('coalesce and coalescelist: the first non-null, non-empty value', () => {
      assert.deepEqual(value('coalesce("", null, var.name, "b")'), 'web');
      assert.deepEqual(value('coalesce(var.nothing, local.empty, 22)'), 22);
      assert.deepEqual(value('coalesce(var.no_default, "b")'), '?var.no_default');
      assert.deepEqual(value('coalesce("", null)'), '!coalesce() of only null and empty values');
      assert.deepEqual(value('coalescelist([], var.cidrs, ["x"])'), ['10.0.0.0/8', '0.0.0.0/0']);
      assert.deepEqual(value('coalescelist([], [])'), []);
    });

    it('lookup: the key, else the default, else an error', () => {
      assert.deepEqual(value('lookup(var.ports, "ssh")'), 22);
      assert.deepEqual(value('lookup(var.ports, "rdp", 3389)'), 3389);
      assert.deepEqual(value('lookup(var.ports, "rdp")'), '!a missing key "rdp"');
      assert.deepEqual(value('lookup(var.no_default, "ssh", 1)'), '?var.no_default');
      assert.deepEqual(value('lookup(var.cidrs, "a", 1)'), '!lookup() on a value that is not a map');
    });

    it('concat, toset, tolist, distinct, flatten and compact', () => {
      assert.deepEqual(value('concat(var.cidrs, [], ["::/0"])'), ['10.0.0.0/8', '0.0.0.0/0', '::/0']);
      assert.deepEqual(value('concat(var.cidrs, var.name)'), '!concat() of a value that is not a list');
      assert.deepEqual(value('toset(["b", "a", "b"])'), ['a', 'b']);
      assert.deepEqual(value('tolist(["b", "a", "b"])'), ['b', 'a', 'b']);
      assert.deepEqual(value('distinct([3, 1, 3, 1])'), [3, 1]);
      assert.deepEqual(value('flatten([["a", ["b"]], [], "c"])'), ['a', 'b', 'c']);
      assert.deepEqual(value('compact(["a", "", null, "b"])'), ['a', 'b']);
      assert.deepEqual(value('toset(var.name)'), '!toset() of a value that is not a list');
    });

    it('length, element and one', () => {
      assert.deepEqual(value('length(var.cidrs)'), 2);
      assert.deepEqual(value('length(var.ports)'), 2);
      assert.deepEqual(value('length("Büro😀")'), 5);
      assert.deepEqual(value('length(var.nothing)'), '!length() of a value without one');
      assert.deepEqual(value('element(var.cidrs, 1)'), '0.0.0.0/0');
      assert.deepEqual(value('element(var.cidrs, 3)'), '0.0.0.0/0');
      assert.deepEqual(value('element([], 0)'), '!a malformed element()');
      assert.deepEqual(value('one([])'), null);
      assert.deepEqual(value('one(["x"])'), 'x');
      assert.deepEqual(value('one(var.cidrs)'), '!one() of a list with more than one element');
    });

    it('merge, keys, values and contains', () => {
      assert.deepEqual(value('merge(var.ports, { ssh = 2222, rdp = 3389 }, null)'), {
        ssh: 2222,
        https: 443,
        rdp: 3389,
      });
      assert.deepEqual(value('merge(var.ports, var.cidrs)'), '!merge() of a value that is not a map');
      assert.deepEqual(value('keys({ b = 1, a = 2 })'), ['a', 'b']);
      assert.deepEqual(value('values({ b = 1, a = 2 })'), [2, 1]);
      assert.deepEqual(value('contains(var.cidrs, "0.0.0.0/0")'), true);
      assert.deepEqual(value('contains(var.cidrs, local.empty)'), false);
    });

    it('join and split', () => {
      assert.deepEqual(value('join(", ", var.cidrs)'), '10.0.0.0/8, 0.0.0.0/0');
      assert.deepEqual(value('join(",", [])'), '');
      assert.deepEqual(value('split(",", local.csv)'), ['10.0.0.0/8', '0.0.0.0/0']);
      assert.deepEqual(value('split(",", var.cidrs)'), '!a malformed split()');
    });

    it('tostring, tonumber and tobool convert as Terraform does', () => {
      assert.deepEqual(
        ['tostring(22)', 'tostring(true)', 'tostring(null)', 'tostring(var.cidrs)'].map(value),
        ['22', 'true', null, '!tostring() of a collection'],
      );
      assert.deepEqual(
        ['tonumber("22")', 'tonumber(22)', 'tonumber("x")', 'tonumber("")', 'tonumber(true)'].map(value),
        [22, 22, '!tonumber() of "x"', '!tonumber() of ""', '!tonumber() of true'],
      );
      assert.deepEqual(
        ['tobool("true")', 'tobool("false")', 'tobool(false)', 'tobool(1)', 'tobool("yes")'].map(value),
        [true, false, false, '!tobool() of 1', '!tobool() of "yes"'],
      );
    });

    it('leaves other functions unknown, naming them, and passes an unknown argument on', () => {
      assert.deepEqual(value('cidrsubnet("10.0.0.0/16", 8, 1)'), '?cidrsubnet(…)');
      assert.deepEqual(value('concat(var.no_default, ["x"])'), '?var.no_default');
      assert.deepEqual(value('length(data.aws_vpc.main.cidr_block_associations)'), '?data.aws_vpc.main');
    });
  });

  describe('operators and conditionals', () => {
    it('evaluates arithmetic, comparison, equality, logic and unary operators', () => {
      assert.deepEqual(
        ['1 + 2 * 3', '10 % 4', '7 / 2', '"2" + 1', '-var.ports.ssh', '!true', '5 >= 5', '3 < 2'].map(value),
        [7, 2, 3.5, 3, -22, false, true, false],
      );
      assert.deepEqual(
        ['var.name == "web"', '"1" == 1', '[1, 2] == [1, 2]', 'var.ports != {}', 'null == var.nothing'].map(
          value,
        ),
        [true, false, true, true, true],
      );
      assert.deepEqual(['1 / 0', '"a" + 1', '!22', 'true && "x"'].map(value), [
        '!a division by zero',
        '!+ of non-numbers',
        '!! of a number',
        '!&& of non-booleans',
      ]);
    });

    it('short-circuits && and || on a known side, otherwise stays unknown', () => {
      assert.deepEqual(value('false && var.no_default'), false);
      assert.deepEqual(value('var.no_default && false'), false);
      assert.deepEqual(value('true || var.no_default'), true);
      assert.deepEqual(value('var.no_default || true'), true);
      assert.deepEqual(value('true && var.no_default'), '?var.no_default');
      assert.deepEqual(value('var.no_default == "x"'), '?var.no_default');
      assert.deepEqual(value('var.name == "web" && !var.undeclared || local.admin == "0.0.0.0/0"'), true);
      assert.deepEqual(
        value('var.name == "web" && !var.undeclared || local.admin == "x"'),
        '?var.undeclared (not declared)',
      );
      assert.deepEqual(value('var.name == "web" && !false || local.admin == "x"'), true);
    });

    it('picks the branch of a known condition and is unknown for an unknown one', () => {
      assert.deepEqual(value('var.name == "web" ? local.admin : "10.0.0.0/8"'), '0.0.0.0/0');
      assert.deepEqual(value('length(var.cidrs) > 5 ? "many" : "few"'), 'few');
      assert.deepEqual(value('"true" ? 1 : 2'), 1);
      assert.deepEqual(value('var.no_default ? 1 : 2'), '?var.no_default');
      assert.deepEqual(value('"maybe" ? 1 : 2'), '!a condition');
      assert.deepEqual(value('try("maybe" ? 1 : 2, 3)'), 3);
    });
  });

  describe('variables and locals', () => {
    it('reads locals that use variables and other locals', () => {
      assert.deepEqual(value('local.from_var'), '0.0.0.0/0');
      assert.deepEqual(value('local.template'), 'web-sg');
      assert.deepEqual(value('var.nothing'), null);
    });

    it('ends variable and local cycles as unknown values', () => {
      assert.deepEqual(value('var.cycle_a'), '?var.cycle_a (cycle)');
      assert.deepEqual(value('local.loop_a'), '?local.loop_a (cycle)');
    });

    it('names what an unknown value depends on', () => {
      assert.deepEqual(
        [
          'var.no_default',
          'var.undeclared',
          'local.undeclared',
          'data.aws_vpc.main.id',
          'module.network.sg_id',
          'aws_vpc.main.id',
          'each.value',
          'count.index',
          'path.module',
          '[for c in var.cidrs : c]',
        ].map(value),
        [
          '?var.no_default',
          '?var.undeclared (not declared)',
          '?local.undeclared (not declared)',
          '?data.aws_vpc.main',
          '?module.network',
          '?aws_vpc.main',
          '?each.value',
          '?count.index',
          '?path.module',
          '?a for expression',
        ],
      );
    });

    it('keeps the address, attribute, instance and module of a reference', () => {
      const refs = [
        'aws_vpc.main.id',
        'data.aws_vpc.main.cidr_block',
        'module.network.sg_id',
        'aws_security_group.web[0].id',
        'aws_security_group.env["prod"].id',
        'aws_eks_cluster.c.vpc_config[0].cluster_security_group_id',
      ].map((e) => {
        const v = evaluated(e);
        assert.ok(v.kind === 'unknown' && v.ref, `${e} is a reference`);
        assert.equal(v.ref.module, mod);
        return { address: v.ref.address, attr: v.ref.attr, instance: v.ref.instance };
      });
      assert.deepEqual(refs, [
        { address: 'aws_vpc.main', attr: 'id', instance: undefined },
        { address: 'data.aws_vpc.main', attr: 'cidr_block', instance: undefined },
        { address: 'module.network', attr: 'sg_id', instance: undefined },
        { address: 'aws_security_group.web', attr: 'id', instance: '[0]' },
        { address: 'aws_security_group.env', attr: 'id', instance: '["prod"]' },
        // An index after an attribute is not an instance.
        { address: 'aws_eks_cluster.c', attr: 'vpc_config.cluster_security_group_id', instance: undefined },
      ]);
    });

    it('uses the iterators in scope (each, count, a dynamic block iterator)', () => {
      const at = { uri: `${DIR}/probe.tf`, range: { start: 0, end: 0 } };
      const each: TfVal = {
        kind: 'map',
        entries: new Map<string, TfVal>([
          ['key', { kind: 'scalar', value: 'ssh', ...at }],
          ['value', { kind: 'scalar', value: 22, ...at }],
        ]),
        ...at,
      };
      const { value: v } = evaluateIn(mod, '"${each.key}:${each.value}"', new Map([['each', each]]));
      assert.deepEqual(plain(v), 'ssh:22');
    });
  });

  describe('where values come from', () => {
    it('points at the literal where a variable default, a local or a tfvars entry is written', () => {
      const cases = [
        {
          expr: 'var.cidrs[1]',
          origin: {
            kind: 'variable-default',
            name: 'cidrs',
            describe: 'the default of var.cidrs',
            file: 'variables.tf',
            text: '"0.0.0.0/0"',
          },
        },
        {
          expr: 'local.admin',
          origin: {
            kind: 'local',
            name: 'admin',
            describe: 'local admin',
            file: 'locals.tf',
            text: '"0.0.0.0/0"',
          },
        },
        {
          // A local that reads a variable: the value was written in the variable's default.
          expr: 'local.from_var',
          origin: {
            kind: 'variable-default',
            name: 'cidrs',
            describe: 'the default of var.cidrs',
            file: 'variables.tf',
            text: '"0.0.0.0/0"',
          },
        },
        {
          // A template is written where the template is.
          expr: 'local.template',
          origin: {
            kind: 'local',
            name: 'template',
            describe: 'local template',
            file: 'locals.tf',
            text: '"${var.name}-sg"',
          },
        },
      ];
      for (const c of cases) {
        const v = evaluated(c.expr);
        assert.ok(v.kind === 'scalar' && v.origin, `${c.expr} has an origin`);
        const file = v.origin.uri.slice(DIR.length + 1);
        const dedented = mod.files.find((f) => f.uri === v.origin!.uri)!.text;
        assert.deepEqual(
          {
            kind: v.origin.kind,
            name: v.origin.name,
            describe: v.origin.describe,
            file,
            text: textAt(dedented, v.origin.range),
          },
          c.origin,
          c.expr,
        );
      }
      // A tfvars entry wins over the default and is the origin.
      const withTfvars = moduleOf({
        ...FILES,
        'terraform.tfvars': 'cidrs = ["192.0.2.0/24", "0.0.0.0/0"]\n',
      });
      const fromTfvars = evaluateIn(withTfvars, 'var.cidrs[1]').value;
      assert.ok(fromTfvars.kind === 'scalar' && fromTfvars.origin);
      assert.deepEqual(
        [
          fromTfvars.value,
          fromTfvars.origin.kind,
          fromTfvars.origin.name,
          fromTfvars.origin.describe,
          fromTfvars.origin.uri,
        ],
        ['0.0.0.0/0', 'tfvars', 'cidrs', 'cidrs in terraform.tfvars', `${DIR}/terraform.tfvars`],
      );
      assert.equal(textAt('cidrs = ["192.0.2.0/24", "0.0.0.0/0"]\n', fromTfvars.origin.range), '"0.0.0.0/0"');
      // Written right here: no origin, the range of the literal in the probe.
      const here = evaluateIn(mod, '"10.0.0.0/8"');
      assert.ok(here.value.kind === 'scalar');
      assert.deepEqual(
        [here.value.origin, here.value.uri, here.value.range],
        [undefined, `${DIR}/probe.tf`, { start: 4, end: 16 }],
      );
    });

    it('marks the pieces of a split string as partial: a fix cannot replace the whole string', () => {
      const v = evaluated('split(",", local.csv)');
      assert.ok(v.kind === 'list');
      const locals = mod.files.find((f) => f.uri.endsWith('/locals.tf'))!.text;
      assert.deepEqual(
        v.items.map(
          (i) =>
            i.kind === 'scalar' &&
            i.origin && [i.value, i.origin.kind, i.origin.partial, textAt(locals, i.origin.range)],
        ),
        [
          ['10.0.0.0/8', 'local', true, '"10.0.0.0/8,0.0.0.0/0"'],
          ['0.0.0.0/0', 'local', true, '"10.0.0.0/8,0.0.0.0/0"'],
        ],
      );
    });
  });
});
