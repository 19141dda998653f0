import * as assert from 'node:assert/strict';
import type { Peer, SgRule, TemplateModel, TextRange, Value } from '../../rules/model';
import { adaptTerraform } from '../../server/src/terraform/adapter';
import { localModuleCalls } from '../../server/src/terraform/calls';
import { dedent } from '../helpers/ruleTester';
import { DIR, group, markedText, modelOf, moduleOf, parse, rule, textAt } from './helpers';

/** A value as `value@"the text at its range"`, its origin as `<kind name "text">`, unknowns as `?dependsOn`. */
function shown(v: Value<unknown> | undefined, texts: Readonly<Record<string, string>>): string {
  if (!v) return '-';
  const at = (uri: string, r: TextRange): string =>
    JSON.stringify(textAt(texts[uri.slice(DIR.length + 1)] ?? '', r));
  const head = v.known ? JSON.stringify(v.value) : `?${v.dependsOn ?? ''}`;
  const origin = v.origin ? ` <${v.origin.kind} ${v.origin.name} ${at(v.origin.uri, v.origin.range)}>` : '';
  return `${head}@${at(v.uri, v.range)}${origin}`;
}

function peerShown(p: Peer, texts: Readonly<Record<string, string>>): string {
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6':
      return `${p.kind} ${shown(p.cidr, texts)}`;
    case 'prefixList':
      return `prefixList ${shown(p.id, texts)}`;
    case 'group':
      return `group ${p.resolution}${p.target ? ` ${p.target}` : ''} ${shown(p.ref, texts)}`;
    case 'self':
    case 'unknown':
      return `${p.kind}@${JSON.stringify(textAt(texts[p.uri.slice(DIR.length + 1)] ?? '', p.range))}`;
  }
}

/** Every field of a rule, with the text at each range. */
function detail(r: SgRule, texts: Readonly<Record<string, string>>): Record<string, unknown> {
  const text = texts[r.uri.slice(DIR.length + 1)] ?? '';
  return {
    key: r.key,
    direction: r.direction,
    protocol: shown(r.protocol, texts),
    fromPort: shown(r.fromPort, texts),
    toPort: shown(r.toPort, texts),
    peer: peerShown(r.peer, texts),
    description: shown(r.description, texts),
    head: textAt(text, r.headRange),
    writtenIn: r.writtenIn,
    group: r.group,
    inline: r.inline,
  };
}

function dedented(files: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([n, t]) => [n, dedent(t)]));
}

function rulesOf(model: TemplateModel, address: string, nth = 0): string[] {
  const g = group(model, address, nth);
  return [...g.ingress, ...g.egress].map(rule);
}

describe('Terraform adapter (adaptTerraform)', () => {
  describe('aws_security_group with inline rules', () => {
    const files = dedented({
      'main.tf': `
        locals {
          admin = ["198.51.100.7/32", "0.0.0.0/0"]
        }
        resource "aws_security_group" "web" {
          name        = "web"
          description = "Web servers"
          vpc_id      = "vpc-0123"

          ingress {
            description      = "SSH"
            from_port        = 22
            to_port          = 22
            protocol         = "tcp"
            cidr_blocks      = local.admin
            ipv6_cidr_blocks = ["::/0"]
            prefix_list_ids  = ["pl-0abc"]
            security_groups  = [aws_security_group.db.id, "sg-0ext"]
            self             = true
          }

          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
            description = null
          }
        }
        resource "aws_security_group" "db" {
          name_prefix = "db-"
          vpc_id      = "vpc-0123"
        }
      `,
    });

    it('reads the group: name (or name_prefix), description, VPC, ranges', () => {
      const model = modelOf(files);
      assert.equal(model.format, 'terraform');
      assert.equal(model.uri, DIR);
      const web = group(model, 'aws_security_group.web');
      const text = files['main.tf']!;
      assert.deepEqual(
        {
          type: web.resourceType,
          name: shown(web.name, files),
          description: shown(web.description, files),
          vpc: shown(web.vpc, files),
          isDefault: web.isDefault,
          implicitEgress: web.implicitEgress,
          synthetic: web.synthetic,
          id: textAt(text, web.idRange),
          starts: textAt(text, web.range).split('\n')[0],
          ends: textAt(text, web.range).endsWith('}\n}'),
        },
        {
          type: 'aws_security_group',
          name: '"web"@"\\"web\\""',
          description: '"Web servers"@"\\"Web servers\\""',
          vpc: '"vpc-0123"@"\\"vpc-0123\\""',
          isDefault: false,
          implicitEgress: false,
          synthetic: false,
          id: 'resource "aws_security_group" "web"',
          starts: 'resource "aws_security_group" "web" {',
          ends: true,
        },
      );
      assert.equal(shown(group(model, 'aws_security_group.db').name, files), '"db-"@"\\"db-\\""');
      assert.equal(group(model, 'aws_security_group.db').description, undefined);
    });

    it('reads name, description and vpc_id set to null as not set', () => {
      const model = modelOf({
        'main.tf': `
          variable "vpc_id" {
            default = null
          }
          resource "aws_security_group" "g" {
            name        = null
            description = null
            vpc_id      = var.vpc_id
          }
        `,
      });
      const g = group(model, 'aws_security_group.g');
      assert.deepEqual([g.name, g.description, g.vpc], [undefined, undefined, undefined]);
    });

    it('makes one model rule per peer, each value at its own range', () => {
      const model = modelOf(files);
      const web = group(model, 'aws_security_group.web');
      const common = {
        direction: 'ingress',
        protocol: '"tcp"@"\\"tcp\\""',
        fromPort: '22@"22"',
        toPort: '22@"22"',
        description: '"SSH"@"\\"SSH\\""',
        head: 'ingress {',
        writtenIn: 'aws_security_group.web',
        group: 'aws_security_group.web',
        inline: true,
      };
      assert.deepEqual(
        web.ingress.map((r) => detail(r, files)),
        [
          {
            ...common,
            key: 'aws_security_group.web.ingress[0]#1',
            peer: 'cidr4 "198.51.100.7/32"@"local.admin" <local admin "\\"198.51.100.7/32\\"">',
          },
          {
            ...common,
            key: 'aws_security_group.web.ingress[0]#2',
            peer: 'cidr4 "0.0.0.0/0"@"local.admin" <local admin "\\"0.0.0.0/0\\"">',
          },
          { ...common, key: 'aws_security_group.web.ingress[0]#3', peer: 'cidr6 "::/0"@"\\"::/0\\""' },
          {
            ...common,
            key: 'aws_security_group.web.ingress[0]#4',
            peer: 'prefixList "pl-0abc"@"\\"pl-0abc\\""',
          },
          {
            ...common,
            key: 'aws_security_group.web.ingress[0]#5',
            peer: 'group declared aws_security_group.db "aws_security_group.db"@"aws_security_group.db.id"',
          },
          {
            ...common,
            key: 'aws_security_group.web.ingress[0]#6',
            peer: 'group external "sg-0ext"@"\\"sg-0ext\\""',
          },
          { ...common, key: 'aws_security_group.web.ingress[0]#7', peer: 'self@"self             = true"' },
        ],
      );
      const ingressText = textAt(files['main.tf']!, web.ingress[0]!.range);
      assert.ok(ingressText.startsWith('ingress {') && ingressText.endsWith('}'), ingressText);
      // `description = null` is the same as no description.
      assert.deepEqual(
        web.egress.map((r) => detail(r, files)),
        [
          {
            key: 'aws_security_group.web.egress[1]',
            direction: 'egress',
            protocol: '"all"@"\\"-1\\""',
            fromPort: '0@"0"',
            toPort: '0@"0"',
            peer: 'cidr4 "0.0.0.0/0"@"\\"0.0.0.0/0\\""',
            description: '-',
            head: 'egress {',
            writtenIn: 'aws_security_group.web',
            group: 'aws_security_group.web',
            inline: true,
          },
        ],
      );
      assert.deepEqual(model.standaloneRules, []);
    });

    it('normalizes protocols: names, numbers, -1 and all', () => {
      const model = modelOf({
        'main.tf': `
          resource "aws_security_group" "p" {
            ingress {
              from_port   = 0
              to_port     = 0
              protocol    = "all"
              cidr_blocks = ["10.0.0.0/8"]
            }
            ingress {
              from_port   = 53
              to_port     = 53
              protocol    = "17"
              cidr_blocks = ["10.0.0.0/8"]
            }
            ingress {
              from_port   = 8
              to_port     = 0
              protocol    = 1
              cidr_blocks = ["10.0.0.0/8"]
            }
            ingress {
              from_port   = 0
              to_port     = 0
              protocol    = "50"
              cidr_blocks = ["10.0.0.0/8"]
            }
            ingress {
              from_port        = -1
              to_port          = -1
              protocol         = "58"
              ipv6_cidr_blocks = ["fd00::/8"]
            }
          }
        `,
      });
      assert.deepEqual(rulesOf(model, 'aws_security_group.p'), [
        'ingress all 0-0 10.0.0.0/8',
        'ingress udp 53-53 10.0.0.0/8',
        'ingress icmp 8-0 10.0.0.0/8',
        'ingress 50 0-0 10.0.0.0/8',
        'ingress icmpv6 -1--1 fd00::/8',
      ]);
    });

    it('marks an inline rule with protocol -1 and ports other than 0 as rejected by Terraform', () => {
      const model = modelOf({
        'main.tf': `
          resource "aws_security_group" "g" {
            egress {
              from_port   = 0
              to_port     = 65535
              protocol    = "-1"
              cidr_blocks = ["10.0.0.0/8"]
            }
            egress {
              from_port   = 0
              to_port     = 0
              protocol    = "-1"
              cidr_blocks = ["10.0.0.0/8"]
            }
          }
          resource "aws_security_group_rule" "r" {
            type              = "egress"
            security_group_id = aws_security_group.g.id
            from_port         = 0
            to_port           = 65535
            protocol          = "-1"
            cidr_blocks       = ["10.0.0.0/8"]
          }
        `,
      });
      assert.deepEqual(
        group(model, 'aws_security_group.g').egress.map((r) => r.deployError),
        [
          'Terraform rejects protocol "-1" with from_port 0 and to_port 65535 in an inline rule: both must be 0',
          undefined,
          // A separate rule resource is passed to AWS as written (SG202 says what AWS does with it).
          undefined,
        ],
      );
    });

    it('reads a rule block with no peer as one rule whose peer is unknown', () => {
      const model = modelOf({
        'main.tf': `
          resource "aws_security_group" "g" {
            ingress {
              from_port = 443
              to_port   = 443
              protocol  = "tcp"
              cidr_blocks = null
            }
          }
        `,
      });
      const [r] = group(model, 'aws_security_group.g').ingress;
      assert.ok(r && r.peer.kind === 'unknown');
      assert.equal(r.peer.reason, 'no source or destination is given');
    });
  });

  describe('dynamic blocks', () => {
    const files = dedented({
      'variables.tf': `
        variable "rules" {
          default = [
            { port = 22, cidr = "0.0.0.0/0" },
            { port = 443, cidr = "10.0.0.0/8" },
          ]
        }
        variable "by_name" {
          default = {
            ssh   = "0.0.0.0/0"
            https = "10.0.0.0/8"
          }
        }
        variable "unknown_rules" {}
      `,
      'main.tf': `
        locals {
          ports = [80, 8080]
        }
        resource "aws_security_group" "g" {
          dynamic "ingress" {
            for_each = [3306, 5432]
            content {
              from_port   = ingress.value
              to_port     = ingress.value
              protocol    = "tcp"
              cidr_blocks = ["10.1.0.0/16"]
            }
          }
          dynamic "ingress" {
            for_each = local.ports
            content {
              from_port   = ingress.value
              to_port     = ingress.value
              protocol    = "tcp"
              cidr_blocks = ["10.2.0.0/16"]
            }
          }
          dynamic "ingress" {
            for_each = var.rules
            iterator = rule
            content {
              from_port   = rule.value.port
              to_port     = rule.value.port
              protocol    = "tcp"
              cidr_blocks = [rule.value.cidr]
              description = try(rule.value.description, null)
            }
          }
          dynamic "egress" {
            for_each = var.by_name
            content {
              from_port   = 0
              to_port     = 0
              protocol    = "-1"
              cidr_blocks = [egress.value]
              description = egress.key
            }
          }
          dynamic "ingress" {
            for_each = var.unknown_rules
            content {
              from_port   = ingress.value.from
              to_port     = ingress.value.to
              protocol    = "tcp"
              cidr_blocks = ingress.value.cidrs
            }
          }
        }
      `,
    });

    it('expands a literal list, a local, a variable default list of objects, a map and a custom iterator', () => {
      const model = modelOf(files);
      const g = group(model, 'aws_security_group.g');
      assert.deepEqual(
        [...g.ingress, ...g.egress].map((r) => `${r.key}: ${rule(r)}`),
        [
          'aws_security_group.g.ingress[0][0]: ingress tcp 3306-3306 10.1.0.0/16',
          'aws_security_group.g.ingress[0][1]: ingress tcp 5432-5432 10.1.0.0/16',
          'aws_security_group.g.ingress[1][0]: ingress tcp 80-80 10.2.0.0/16',
          'aws_security_group.g.ingress[1][1]: ingress tcp 8080-8080 10.2.0.0/16',
          'aws_security_group.g.ingress[2][0]: ingress tcp 22-22 0.0.0.0/0',
          'aws_security_group.g.ingress[2][1]: ingress tcp 443-443 10.0.0.0/8',
          'aws_security_group.g.ingress[4][*]: ingress tcp ?-? ?var.unknown_rules',
          // A map is iterated by key, as Terraform does: https before ssh.
          'aws_security_group.g.egress[3][0]: egress all 0-0 10.0.0.0/8',
          'aws_security_group.g.egress[3][1]: egress all 0-0 0.0.0.0/0',
        ],
      );
    });

    it('points values from the collection at their use and at where they are written', () => {
      const model = modelOf(files);
      const g = group(model, 'aws_security_group.g');
      const fromVariable = g.ingress[4]!;
      assert.deepEqual(
        {
          from: shown(fromVariable.fromPort, files),
          peer: peerShown(fromVariable.peer, files),
          description: shown(fromVariable.description, files),
          head: textAt(files['main.tf']!, fromVariable.headRange),
          range: textAt(files['main.tf']!, fromVariable.range).split('\n')[0],
        },
        {
          from: '22@"rule.value.port" <variable-default rules "22">',
          peer: 'cidr4 "0.0.0.0/0"@"rule.value.cidr" <variable-default rules "\\"0.0.0.0/0\\"">',
          description: '-',
          head: 'dynamic "ingress" {',
          range: 'dynamic "ingress" {',
        },
      );
      // An element written in the for_each list itself has no origin: the value points at its use.
      const literal = g.ingress[0]!;
      assert.equal(shown(literal.fromPort, files), '3306@"ingress.value"');
      const mapped = g.egress[0]!;
      assert.equal(shown(mapped.description, files), '"https"@"egress.key"');
    });

    it('makes one rule with unknown values for an unknown collection', () => {
      const model = modelOf(files);
      const unknown = group(model, 'aws_security_group.g').ingress.filter((r) => r.key.endsWith('[*]'));
      assert.deepEqual(
        unknown.map((r) => ({
          from: shown(r.fromPort, files),
          to: shown(r.toPort, files),
          protocol: shown(r.protocol, files),
          peer: peerShown(r.peer, files),
        })),
        [
          {
            from: '?var.unknown_rules@"ingress.value.from"',
            to: '?var.unknown_rules@"ingress.value.to"',
            protocol: '"tcp"@"\\"tcp\\""',
            peer: 'cidr4 ?var.unknown_rules@"ingress.value.cidrs"',
          },
        ],
      );
    });
  });

  describe('attribute syntax (ingress = [{ … }])', () => {
    it('reads objects written inline, each field at its own range', () => {
      const files = dedented({
        'main.tf': `
          resource "aws_security_group" "g" {
            ingress = [
              {
                from_port        = 5432
                to_port          = 5432
                protocol         = "tcp"
                cidr_blocks      = ["0.0.0.0/0", "10.0.0.0/8"]
                ipv6_cidr_blocks = null
                prefix_list_ids  = []
                security_groups  = []
                self             = false
                description      = "pg"
              },
            ]
            egress = []
          }
        `,
      });
      const model = modelOf(files);
      const g = group(model, 'aws_security_group.g');
      assert.deepEqual(
        g.ingress.map((r) => [
          r.key,
          rule(r),
          shown(r.fromPort, files),
          peerShown(r.peer, files),
          shown(r.description, files),
        ]),
        [
          [
            'aws_security_group.g.ingress[0]#1',
            'ingress tcp 5432-5432 0.0.0.0/0',
            '5432@"5432"',
            'cidr4 "0.0.0.0/0"@"\\"0.0.0.0/0\\""',
            '"pg"@"\\"pg\\""',
          ],
          [
            'aws_security_group.g.ingress[0]#2',
            'ingress tcp 5432-5432 10.0.0.0/8',
            '5432@"5432"',
            'cidr4 "10.0.0.0/8"@"\\"10.0.0.0/8\\""',
            '"pg"@"\\"pg\\""',
          ],
        ],
      );
      assert.ok(textAt(files['main.tf']!, g.ingress[0]!.range).startsWith('{\n'));
      assert.deepEqual(g.egress, []);
    });

    it('reads objects from a variable, at the attribute, with the variable default as origin', () => {
      const files = dedented({
        'main.tf': `
          variable "ingress_rules" {
            default = [{
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = ["0.0.0.0/0"]
            }]
          }
          resource "aws_security_group" "g" {
            ingress = var.ingress_rules
          }
        `,
      });
      const model = modelOf(files);
      const [r] = group(model, 'aws_security_group.g').ingress;
      assert.ok(r);
      assert.deepEqual(
        [rule(r), shown(r.fromPort, files), peerShown(r.peer, files), textAt(files['main.tf']!, r.range)],
        [
          'ingress tcp 22-22 0.0.0.0/0',
          '22@"var.ingress_rules" <variable-default ingress_rules "22">',
          'cidr4 "0.0.0.0/0"@"var.ingress_rules" <variable-default ingress_rules "\\"0.0.0.0/0\\"">',
          'ingress = var.ingress_rules',
        ],
      );
    });
  });

  describe('count and for_each', () => {
    const files = dedented({
      'main.tf': `
        variable "envs" {
          default = { dev = "10.1.0.0/16", prod = "0.0.0.0/0" }
        }
        variable "n" {}
        resource "aws_security_group" "env" {
          for_each    = var.envs
          name        = "env-\${each.key}"
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = [each.value]
          }
        }
        resource "aws_security_group" "set" {
          for_each = toset(["b", "a"])
          name     = each.value
        }
        resource "aws_security_group" "counted" {
          count = 2
          name  = "c\${count.index}"
        }
        resource "aws_security_group" "none" {
          count = 0
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        resource "aws_security_group" "maybe" {
          count = var.n
          name  = "maybe"
        }
        resource "aws_security_group_rule" "dev_ssh" {
          type              = "ingress"
          security_group_id = aws_security_group.env["dev"].id
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["10.0.0.0/8"]
        }
        resource "aws_security_group_rule" "each_env" {
          for_each          = var.envs
          type              = "ingress"
          security_group_id = aws_security_group.env[each.key].id
          from_port         = 8080
          to_port           = 8080
          protocol          = "tcp"
          cidr_blocks       = [each.value]
        }
        resource "aws_security_group_rule" "all_counted" {
          type              = "egress"
          security_group_id = aws_security_group.counted[var.n].id
          from_port         = 443
          to_port           = 443
          protocol          = "tcp"
          cidr_blocks       = ["0.0.0.0/0"]
        }
      `,
    });

    it('makes one group per instance of a known for_each or count, none for count = 0, one for an unknown count', () => {
      const model = modelOf(files);
      assert.deepEqual(
        model.groups.map((g) => `${g.address} ${g.name?.known ? String(g.name.value) : '?'}`),
        [
          'aws_security_group.env env-dev',
          'aws_security_group.env env-prod',
          'aws_security_group.set a',
          'aws_security_group.set b',
          'aws_security_group.counted c0',
          'aws_security_group.counted c1',
          'aws_security_group.maybe maybe',
        ],
      );
      assert.deepEqual(rulesOf(model, 'aws_security_group.env', 0), [
        'ingress tcp 443-443 10.1.0.0/16',
        'ingress tcp 22-22 10.0.0.0/8',
        'ingress tcp 8080-8080 10.1.0.0/16',
      ]);
      assert.deepEqual(rulesOf(model, 'aws_security_group.env', 1), [
        'ingress tcp 443-443 0.0.0.0/0',
        'ingress tcp 8080-8080 0.0.0.0/0',
      ]);
      assert.deepEqual(
        group(model, 'aws_security_group.env', 1).ingress.map((r) => r.key),
        ['aws_security_group.env["prod"].ingress[0]', 'aws_security_group_rule.each_env["prod"]'],
      );
      // An unknown index attaches the rule to every instance; it is still one standalone rule.
      assert.deepEqual(rulesOf(model, 'aws_security_group.counted', 0), ['egress tcp 443-443 0.0.0.0/0']);
      assert.deepEqual(rulesOf(model, 'aws_security_group.counted', 1), ['egress tcp 443-443 0.0.0.0/0']);
      assert.deepEqual(
        model.standaloneRules.map((r) => r.key),
        [
          'aws_security_group_rule.dev_ssh',
          'aws_security_group_rule.each_env["dev"]',
          'aws_security_group_rule.each_env["prod"]',
          'aws_security_group_rule.all_counted',
        ],
      );
    });

    it('reads a numeric string count, and checks a for_each that is not a collection as one instance', () => {
      const model = modelOf({
        'main.tf': `
          resource "aws_security_group" "two" {
            count = "2"
          }
          resource "aws_security_group" "odd" {
            for_each = "not a collection"
            ingress {
              from_port   = 22
              to_port     = 22
              protocol    = "tcp"
              cidr_blocks = ["0.0.0.0/0"]
            }
          }
        `,
      });
      assert.deepEqual(
        model.groups.map((g) => g.address),
        ['aws_security_group.two', 'aws_security_group.two', 'aws_security_group.odd'],
      );
      assert.deepEqual(rulesOf(model, 'aws_security_group.odd'), ['ingress tcp 22-22 0.0.0.0/0']);
    });

    it('points each.value at the for_each expression with the variable default as origin', () => {
      const model = modelOf(files);
      const [r] = group(model, 'aws_security_group.env', 1).ingress;
      assert.ok(r);
      assert.equal(
        peerShown(r.peer, files),
        'cidr4 "0.0.0.0/0"@"each.value" <variable-default envs "\\"0.0.0.0/0\\"">',
      );
    });
  });

  describe('standalone rule resources', () => {
    const files = dedented({
      'main.tf': `
        data "aws_security_group" "shared" {
          name = "shared"
        }
        resource "aws_security_group" "app" {
          name = "app"
        }
        resource "aws_security_group_rule" "https" {
          type              = "ingress"
          security_group_id = aws_security_group.app.id
          description       = "HTTPS"
          from_port         = 443
          to_port           = 443
          protocol          = "tcp"
          cidr_blocks       = ["0.0.0.0/0"]
          ipv6_cidr_blocks  = ["::/0"]
          prefix_list_ids   = ["pl-1"]
        }
        resource "aws_security_group_rule" "from_shared" {
          type                     = "ingress"
          security_group_id        = aws_security_group.app.id
          from_port                = 8080
          to_port                  = 8080
          protocol                 = "tcp"
          source_security_group_id = data.aws_security_group.shared.id
        }
        resource "aws_security_group_rule" "itself" {
          type              = "egress"
          security_group_id = aws_security_group.app.id
          from_port         = 0
          to_port           = 0
          protocol          = "-1"
          self              = true
        }
        resource "aws_security_group_rule" "elsewhere" {
          type              = "ingress"
          security_group_id = "sg-0123"
          from_port         = 3389
          to_port           = 3389
          protocol          = "tcp"
          cidr_blocks       = ["0.0.0.0/0"]
        }
        resource "aws_security_group_rule" "no_type" {
          security_group_id = aws_security_group.app.id
          from_port         = 1
          to_port           = 1
          protocol          = "tcp"
          cidr_blocks       = ["0.0.0.0/0"]
        }
        resource "aws_vpc_security_group_ingress_rule" "v4" {
          security_group_id = aws_security_group.app.id
          description       = "RDP"
          ip_protocol       = "tcp"
          from_port         = 3389
          to_port           = 3389
          cidr_ipv4         = "0.0.0.0/0"
        }
        resource "aws_vpc_security_group_ingress_rule" "v6" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "icmpv6"
          from_port         = -1
          to_port           = -1
          cidr_ipv6         = "::/0"
        }
        resource "aws_vpc_security_group_ingress_rule" "pl" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "tcp"
          from_port         = 443
          to_port           = 443
          prefix_list_id    = "pl-2"
        }
        resource "aws_vpc_security_group_egress_rule" "to_group" {
          security_group_id            = aws_security_group.app.id
          ip_protocol                  = "-1"
          referenced_security_group_id = aws_security_group.app.id
        }
        resource "aws_vpc_security_group_egress_rule" "to_missing" {
          security_group_id            = aws_security_group.app.id
          ip_protocol                  = "tcp"
          from_port                    = 5432
          to_port                      = 5432
          referenced_security_group_id = aws_security_group.db.id
        }
      `,
    });

    it('attaches every kind of rule resource to its group, one rule per peer', () => {
      const model = modelOf(files);
      const app = group(model, 'aws_security_group.app');
      assert.deepEqual(
        [...app.ingress, ...app.egress].map((r) => `${r.key}: ${rule(r)}`),
        [
          'aws_security_group_rule.https#1: ingress tcp 443-443 0.0.0.0/0',
          'aws_security_group_rule.https#2: ingress tcp 443-443 ::/0',
          'aws_security_group_rule.https#3: ingress tcp 443-443 pl-1',
          'aws_security_group_rule.from_shared: ingress tcp 8080-8080 group:data.aws_security_group.shared',
          'aws_vpc_security_group_ingress_rule.v4: ingress tcp 3389-3389 0.0.0.0/0',
          'aws_vpc_security_group_ingress_rule.v6: ingress icmpv6 -1--1 ::/0',
          'aws_vpc_security_group_ingress_rule.pl: ingress tcp 443-443 pl-2',
          'aws_security_group_rule.itself: egress all 0-0 self',
          'aws_vpc_security_group_egress_rule.to_group: egress all ?-? self',
          'aws_vpc_security_group_egress_rule.to_missing: egress tcp 5432-5432 group:aws_security_group.db',
        ],
      );
      const https = app.ingress[0]!;
      assert.deepEqual(detail(https, files), {
        key: 'aws_security_group_rule.https#1',
        direction: 'ingress',
        protocol: '"tcp"@"\\"tcp\\""',
        fromPort: '443@"443"',
        toPort: '443@"443"',
        peer: 'cidr4 "0.0.0.0/0"@"\\"0.0.0.0/0\\""',
        description: '"HTTPS"@"\\"HTTPS\\""',
        head: 'resource "aws_security_group_rule" "https"',
        writtenIn: 'aws_security_group_rule.https',
        group: 'aws_security_group.app',
        inline: false,
      });
      assert.deepEqual(
        https.groupRef && [
          https.groupRef.resolution,
          https.groupRef.target,
          shown(https.groupRef.ref, files),
        ],
        ['declared', 'aws_security_group.app', '"aws_security_group.app"@"aws_security_group.app.id"'],
      );
      const shared = app.ingress[3]!;
      assert.ok(shared.peer.kind === 'group');
      assert.equal(shared.peer.resolution, 'external');
      const missing = app.egress[2]!;
      assert.ok(missing.peer.kind === 'group');
      assert.deepEqual(
        [missing.peer.resolution, missing.peer.detail],
        ['missing', 'aws_security_group.db is not declared in this module'],
      );
      // AWS needs no ports for ip_protocol -1: they are not written, and unknown.
      const toGroup = app.egress[1]!;
      assert.deepEqual([toGroup.portsWritten, toGroup.fromPort.known], [false, false]);
    });

    it('puts a rule for a group not declared here into an external group; skips a rule without a type', () => {
      const model = modelOf(files);
      const external = group(model, 'sg-0123');
      assert.deepEqual(
        [external.resourceType, external.synthetic, [...external.ingress, ...external.egress].map(rule)],
        ['external', true, ['ingress tcp 3389-3389 0.0.0.0/0']],
      );
      assert.equal(
        model.standaloneRules.some((r) => r.key.startsWith('aws_security_group_rule.no_type')),
        false,
      );
    });
  });

  describe('default groups', () => {
    it('synthesizes the default group of a VPC declared without aws_default_security_group', () => {
      const files = dedented({
        'main.tf': `
          resource "aws_vpc" "main" {
            cidr_block = "10.0.0.0/16"
          }
          resource "aws_vpc" "managed" {
            cidr_block = "10.1.0.0/16"
          }
          resource "aws_default_security_group" "managed" {
            vpc_id = aws_vpc.managed.id
            ingress {
              from_port = 0
              to_port   = 0
              protocol  = "-1"
              self      = true
            }
          }
        `,
      });
      const model = modelOf(files);
      assert.deepEqual(
        model.groups.map((g) => [g.address, g.resourceType, g.isDefault, g.synthetic, g.defaultOf?.address]),
        [
          [
            'aws_default_security_group.managed',
            'aws_default_security_group',
            true,
            false,
            'aws_vpc.managed',
          ],
          [
            'aws_vpc.main.default_security_group',
            'aws_vpc default security group',
            true,
            true,
            'aws_vpc.main',
          ],
        ],
      );
      const synthesized = group(model, 'aws_vpc.main.default_security_group');
      const text = files['main.tf']!;
      assert.deepEqual(
        {
          rules: [...synthesized.ingress, ...synthesized.egress].map(rule),
          implicit: [...synthesized.ingress, ...synthesized.egress].map((r) => r.implicit),
          at: textAt(text, synthesized.idRange),
          defaultOfAt: textAt(text, synthesized.defaultOf!.range),
        },
        {
          rules: ['ingress all 0-0 self', 'egress all 0-0 0.0.0.0/0'],
          implicit: [true, true],
          at: 'resource "aws_vpc" "main"',
          defaultOfAt: 'resource "aws_vpc" "main"',
        },
      );
      assert.deepEqual(rulesOf(model, 'aws_default_security_group.managed'), ['ingress all 0-0 self']);
      assert.equal(
        textAt(text, group(model, 'aws_default_security_group.managed').defaultOf!.range),
        'resource "aws_vpc" "managed"',
      );
    });
  });

  describe('group references across a module call', () => {
    it('treats a group passed in by the caller as external to the module', () => {
      const caller = moduleOf(
        {
          'main.tf': `
            resource "aws_security_group" "lb" {
              name = "lb"
            }
            module "app" {
              source   = "./app"
              lb_sg_id = aws_security_group.lb.id
            }
          `,
        },
        { dir: 'file:///work/root' },
      );
      const [call] = localModuleCalls(caller);
      const callee = moduleOf(
        {
          'main.tf': `
            variable "lb_sg_id" {}
            resource "aws_security_group" "lb" {
              name = "same name as the caller's"
            }
            resource "aws_security_group" "app" {
              name = "app"
              ingress {
                from_port       = 8080
                to_port         = 8080
                protocol        = "tcp"
                security_groups = [var.lb_sg_id, aws_security_group.lb.id]
              }
            }
          `,
        },
        { dir: call!.dirUri, args: call!.args },
      );
      const app = adaptTerraform(callee).groups.find((g) => g.address === 'aws_security_group.app')!;
      assert.deepEqual(
        app.ingress.map((r) => r.peer.kind === 'group' && [r.peer.resolution, r.peer.target]),
        [
          ['external', undefined],
          ['declared', 'aws_security_group.lb'],
        ],
      );
    });
  });

  describe('references (what SG109 counts as use)', () => {
    it('finds references from other files, outputs, locals, module calls and for expressions; not depends_on', () => {
      const { text, ranges } = markedText(`
        locals {
          ids = [for g in ⟦aws_security_group.listed⟧ : g.id]
        }
        output "id" {
          value = ⟦aws_security_group.output.id⟧ != "" ? 1 : 0
        }
        module "m" {
          source = "./m"
          sg     = ⟦aws_default_security_group.default.id⟧
        }
        resource "aws_instance" "i" {
          vpc_security_group_ids = [⟦aws_security_group.attached.id⟧]
          depends_on             = [aws_security_group.ordered]
        }
        resource "aws_security_group_rule" "own" {
          type                     = "ingress"
          security_group_id        = ⟦aws_security_group.attached.id⟧
          source_security_group_id = ⟦aws_security_group.listed.id⟧
          from_port                = 443
          to_port                  = 443
          protocol                 = "tcp"
        }
      `);
      const model = adaptTerraform(
        moduleOf({
          'groups.tf': `
            resource "aws_security_group" "listed" {}
            resource "aws_security_group" "output" {}
            resource "aws_security_group" "attached" {}
            resource "aws_security_group" "ordered" {}
            resource "aws_default_security_group" "default" {}
          `,
          'main.tf': text,
        }),
      );
      const main = model.references.filter((r) => r.uri === `${DIR}/main.tf`);
      assert.deepEqual(
        main.map((r) => ({ from: r.from, to: r.to, own: r.ownRule, text: textAt(text, r.range) })),
        [
          {
            from: 'output.id',
            to: 'aws_security_group.output',
            own: false,
            text: 'aws_security_group.output.id',
          },
          {
            from: 'module.m',
            to: 'aws_default_security_group.default',
            own: false,
            text: 'aws_default_security_group.default.id',
          },
          {
            from: 'aws_instance.i',
            to: 'aws_security_group.attached',
            own: false,
            text: 'aws_security_group.attached.id',
          },
          {
            from: 'aws_security_group_rule.own',
            to: 'aws_security_group.attached',
            own: true,
            text: 'aws_security_group.attached.id',
          },
          {
            from: 'aws_security_group_rule.own',
            to: 'aws_security_group.listed',
            own: false,
            text: 'aws_security_group.listed.id',
          },
          { from: 'locals', to: 'aws_security_group.listed', own: false, text: 'aws_security_group.listed' },
        ],
      );
      assert.deepEqual(
        [...main].sort((a, b) => a.range.start - b.range.start).map((r) => r.range),
        ranges,
      );
      assert.equal(
        model.references.some((r) => r.to === 'aws_security_group.ordered'),
        false,
      );
    });
  });

  describe('the rest of the model', () => {
    it('lists resources with their ranges, and syntax errors of every file with their file', () => {
      const files = dedented({
        'main.tf': `
          data "aws_vpc" "main" {}
          resource "aws_security_group" "g" {
            name = "g"
          }
          output "o" {
            value = 1
          }
        `,
      });
      const broken = 'resource "aws_security_group" "b" {\n  name = "b\n}\n';
      const good = moduleOf(files);
      // Parsed directly: moduleOf refuses files with syntax errors.
      const model = adaptTerraform({ ...good, files: [...good.files, parse(broken, 'broken.tf')] });
      assert.deepEqual(
        [...model.resources.values()].map((r) => [r.address, r.type, r.uri.slice(DIR.length + 1)]),
        [
          ['data.aws_vpc.main', 'data.aws_vpc', 'main.tf'],
          ['aws_security_group.g', 'aws_security_group', 'main.tf'],
        ],
      );
      assert.deepEqual(model.parseErrors, [
        {
          message: 'unterminated string: missing closing "',
          uri: `${DIR}/broken.tf`,
          range: { start: broken.indexOf('"b\n'), end: broken.indexOf('"b\n') + 2 },
        },
      ]);
      assert.deepEqual(model.suppressions, []);
    });
  });
});
