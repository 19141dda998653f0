import * as assert from 'node:assert/strict';
import type { Alt, ParameterInfo } from '../../server/src/cloudformation/evaluate';
import { ConditionEvaluator, Evaluator, mergeConditions } from '../../server/src/cloudformation/evaluate';
import type { PMap, PNode } from '../../server/src/parse/tree';
import { isMap, isScalar, scalarText, valueOf } from '../../server/src/parse/tree';
import { parseYaml } from '../../server/src/parse/yaml';
import { dedent } from '../helpers/ruleTester';

const URI = 'file:///work/template.yaml';

/**
 * A template whose `Values` section holds the expressions under test; the evaluator gets the template's
 * parameters, mappings and resource types the way the adapter builds them.
 */
function setup(source: string): {
  text: string;
  ev: (name: string) => Alt[];
  node: (name: string) => PNode;
  conditions: ConditionEvaluator;
  range: (snippet: string, nth?: number) => { start: number; end: number };
} {
  const text = dedent(source);
  const tree = parseYaml(text);
  assert.deepEqual(tree.errors, []);
  const root = tree.root as PMap;
  const parameters = new Map<string, ParameterInfo>();
  const params = valueOf(root, 'Parameters');
  if (isMap(params)) {
    for (const p of params.entries) {
      const type = valueOf(p.value, 'Type');
      parameters.set(String(p.key.value), {
        name: String(p.key.value),
        entry: p,
        type: isScalar(type) ? String(type.value) : undefined,
        defaultNode: valueOf(p.value, 'Default'),
      });
    }
  }
  const resourceTypes = new Map<string, string>();
  const resources = valueOf(root, 'Resources');
  if (isMap(resources))
    for (const r of resources.entries)
      resourceTypes.set(String(r.key.value), scalarText(valueOf(r.value, 'Type')) ?? '');
  const mappings = valueOf(root, 'Mappings');
  const evaluator = new Evaluator(URI, parameters, isMap(mappings) ? mappings : undefined, resourceTypes);
  const conds = valueOf(root, 'Conditions');
  const node = (name: string): PNode => {
    const n = valueOf(valueOf(root, 'Values'), name);
    assert.ok(n, `no value ${name}`);
    return n;
  };
  return {
    text,
    ev: (name) => evaluator.evaluate(node(name)),
    node,
    conditions: new ConditionEvaluator(isMap(conds) ? conds : undefined, evaluator, parameters),
    range: (snippet, nth = 0) => {
      let at = -1;
      for (let i = 0; i <= nth; i++) at = text.indexOf(snippet, at + 1);
      assert.ok(at >= 0, `no ${snippet} in the text`);
      return { start: at, end: at + snippet.length };
    },
  };
}

/** Alternatives without noise: only the fields a test names. */
function known(alts: Alt[]): unknown[] {
  return alts.map((a) =>
    a.known
      ? { value: a.value, conditions: a.conditions }
      : { unknown: a.dependsOn, conditions: a.conditions },
  );
}

describe('cloudformation/evaluate', () => {
  describe('Ref', () => {
    const t = setup(`
      Parameters:
        Cidr:
          Type: String
          Default: 10.0.0.0/8
        Port:
          Type: Number
          Default: "22"
        Names:
          Type: CommaDelimitedList
          Default: "a, b,c"
        Groups:
          Type: List<AWS::EC2::SecurityGroup::Id>
          Default: sg-1,sg-2
        NoDefault:
          Type: String
        YamlList:
          Type: CommaDelimitedList
          Default: [x, y]
      Resources:
        WebSG:
          Type: AWS::EC2::SecurityGroup
      Values:
        Cidr: !Ref Cidr
        Port: !Ref Port
        Names: !Ref Names
        Groups: !Ref Groups
        NoDefault: !Ref NoDefault
        YamlList: !Ref YamlList
        Region: !Ref AWS::Region
        Account: { Ref: AWS::AccountId }
        NoValue: !Ref AWS::NoValue
        Resource: !Ref WebSG
        Missing: !Ref Nowhere
        Computed: { Ref: [a] }
    `);

    it('resolves a String parameter to its default, with the default as origin', () => {
      assert.deepEqual(t.ev('Cidr'), [
        {
          known: true,
          value: '10.0.0.0/8',
          origin: {
            kind: 'parameter-default',
            name: 'Cidr',
            describe: "Parameter Cidr's default",
            uri: URI,
            range: t.range('10.0.0.0/8'),
          },
          refTo: 'Cidr',
          conditions: [],
        },
      ]);
    });

    it('reads a Number default as a number and list defaults as lists', () => {
      assert.deepEqual(known(t.ev('Port')), [{ value: 22, conditions: [] }]);
      assert.deepEqual(known(t.ev('Names')), [{ value: ['a', 'b', 'c'], conditions: [] }]);
      assert.deepEqual(known(t.ev('Groups')), [{ value: ['sg-1', 'sg-2'], conditions: [] }]);
      assert.deepEqual(known(t.ev('YamlList')), [{ value: ['x', 'y'], conditions: [] }]);
      assert.equal(t.ev('Names')[0]!.origin?.name, 'Names');
    });

    it('leaves a parameter without a default unknown, depending on the parameter', () => {
      assert.deepEqual(t.ev('NoDefault'), [
        { known: false, refTo: 'NoDefault', dependsOn: 'Parameter NoDefault', conditions: [] },
      ]);
    });

    it('leaves pseudo parameters unknown, named', () => {
      assert.deepEqual(t.ev('Region'), [{ known: false, dependsOn: 'AWS::Region', conditions: [] }]);
      assert.deepEqual(t.ev('Account'), [{ known: false, dependsOn: 'AWS::AccountId', conditions: [] }]);
    });

    it('marks AWS::NoValue as a removed property', () => {
      assert.deepEqual(t.ev('NoValue'), [{ known: false, noValue: true, conditions: [] }]);
    });

    it('remembers the resource a Ref names, declared or not', () => {
      assert.deepEqual(t.ev('Resource'), [
        { known: false, refTo: 'WebSG', dependsOn: 'Resource WebSG', conditions: [] },
      ]);
      assert.deepEqual(t.ev('Missing'), [
        { known: false, refTo: 'Nowhere', dependsOn: 'Nowhere (not declared)', conditions: [] },
      ]);
    });

    it('does not resolve a Ref to something computed', () => {
      assert.deepEqual(t.ev('Computed'), [{ known: false, dependsOn: 'a computed Ref', conditions: [] }]);
    });
  });

  describe('Fn::FindInMap', () => {
    const t = setup(`
      Parameters:
        Env:
          Type: String
          Default: prod
        Unset:
          Type: String
      Mappings:
        Net:
          prod:
            Cidr: 10.1.0.0/16
            Port: 443
          dev:
            Cidr: 10.2.0.0/16
      Values:
        Literal: !FindInMap [Net, dev, Cidr]
        ByParameter: !FindInMap [Net, !Ref Env, Cidr]
        Number: !FindInMap [Net, prod, Port]
        MissingKey: !FindInMap [Net, dev, Port]
        WithDefault: !FindInMap [Net, dev, Port, { DefaultValue: 8080 }]
        UnknownKey: !FindInMap [Net, !Ref Unset, Cidr]
        Malformed: !FindInMap [Net, dev]
    `);

    it('reads a literal path, with the mapping entry as origin', () => {
      assert.deepEqual(t.ev('Literal'), [
        {
          known: true,
          value: '10.2.0.0/16',
          conditions: [],
          origin: {
            kind: 'mapping',
            name: 'Net.dev.Cidr',
            describe: 'Mapping Net.dev.Cidr',
            uri: URI,
            range: t.range('10.2.0.0/16'),
          },
        },
      ]);
    });

    it('resolves keys through parameter defaults', () => {
      assert.deepEqual(known(t.ev('ByParameter')), [{ value: '10.1.0.0/16', conditions: [] }]);
      assert.equal(t.ev('ByParameter')[0]!.origin?.name, 'Net.prod.Cidr');
      assert.deepEqual(known(t.ev('Number')), [{ value: 443, conditions: [] }]);
    });

    it('is unknown for a path the mapping does not declare, unless a DefaultValue is given', () => {
      assert.deepEqual(t.ev('MissingKey'), [
        { known: false, dependsOn: 'Mapping Net.dev.Port (not declared)', conditions: [] },
      ]);
      assert.deepEqual(known(t.ev('WithDefault')), [{ value: 8080, conditions: [] }]);
    });

    it('is unknown when a key is unknown, saying which', () => {
      assert.deepEqual(t.ev('UnknownKey'), [
        { known: false, dependsOn: 'a mapping key from Parameter Unset', conditions: [] },
      ]);
      assert.deepEqual(t.ev('Malformed'), [
        { known: false, dependsOn: 'a malformed Fn::FindInMap', conditions: [] },
      ]);
    });
  });

  describe('Fn::Join, Fn::Sub, Fn::Select, Fn::Split', () => {
    const t = setup(`
      Parameters:
        Cidr:
          Type: String
          Default: 10.0.0.0/8
        Suffix:
          Type: String
          Default: v
        Subnets:
          Type: CommaDelimitedList
          Default: 10.0.1.0/24,10.0.2.0/24
        Unset:
          Type: String
      Resources:
        Lb:
          Type: AWS::ElasticLoadBalancingV2::LoadBalancer
      Values:
        Join: !Join ['-', [a, 1, !Ref Suffix]]
        JoinUnknown: !Join ['', [a, !Ref Unset]]
        JoinSingleRef: !Join ['', [!Ref Cidr]]
        JoinNotList: !Join ['-', notalist]
        Sub: !Sub 'x-\${Suffix}-y'
        SubAlone: !Sub '\${Cidr}'
        SubVars: !Sub ['\${A}/\${B}', { A: 10.0.0.0, B: !Ref Suffix }]
        SubLiteral: !Sub 'keep \${!Literal} and \${ Suffix }'
        SubPseudo: !Sub 'arn:\${AWS::Partition}:ec2'
        SubAttr: !Sub '\${Lb.DNSName}'
        SubAttrInText: !Sub 'http://\${Lb.DNSName}/'
        Select: !Select [1, [a, b, c]]
        SelectString: !Select ["0", [a, b]]
        SelectOut: !Select [3, [a, b]]
        SelectParam: !Select [1, !Ref Subnets]
        Split: !Split [',', 'a,b,,c']
        SelectSplit: !Select [0, !Split ['/', !Ref Cidr]]
        SplitUnknown: !Split [',', !Ref Unset]
    `);

    it('joins known parts', () => {
      assert.deepEqual(known(t.ev('Join')), [{ value: 'a-1-v', conditions: [] }]);
      assert.deepEqual(known(t.ev('JoinUnknown')), [{ unknown: 'Parameter Unset', conditions: [] }]);
      assert.deepEqual(known(t.ev('JoinNotList')), [{ unknown: 'a malformed Fn::Join', conditions: [] }]);
    });

    it('keeps the origin of a Join of a single Ref, so a fix can edit the default', () => {
      const [alt] = t.ev('JoinSingleRef');
      assert.equal(alt!.value, '10.0.0.0/8');
      assert.deepEqual(alt!.origin?.range, t.range('10.0.0.0/8'));
      assert.equal(alt!.origin?.name, 'Cidr');
    });

    it('substitutes parameters, variables and literals', () => {
      assert.deepEqual(known(t.ev('Sub')), [{ value: 'x-v-y', conditions: [] }]);
      assert.equal(t.ev('Sub')[0]!.origin, undefined);
      assert.deepEqual(known(t.ev('SubVars')), [{ value: '10.0.0.0/v', conditions: [] }]);
      assert.deepEqual(known(t.ev('SubLiteral')), [{ value: 'keep ${Literal} and v', conditions: [] }]);
    });

    it('keeps the parameter itself for a Sub that is only `${Param}`', () => {
      const [alt] = t.ev('SubAlone');
      assert.deepEqual([alt!.value, alt!.refTo, alt!.origin?.name], ['10.0.0.0/8', 'Cidr', 'Cidr']);
    });

    it('leaves pseudo parameters and resource attributes in a Sub unknown', () => {
      assert.deepEqual(known(t.ev('SubPseudo')), [{ unknown: 'AWS::Partition', conditions: [] }]);
      assert.deepEqual(t.ev('SubAttr'), [
        { known: false, refTo: 'Lb', refAttr: 'DNSName', dependsOn: 'Fn::GetAtt Lb.DNSName', conditions: [] },
      ]);
      assert.deepEqual(known(t.ev('SubAttrInText')), [{ unknown: 'Fn::GetAtt Lb.DNSName', conditions: [] }]);
    });

    it('selects from lists, and keeps the origin of a list parameter', () => {
      assert.deepEqual(known(t.ev('Select')), [{ value: 'b', conditions: [] }]);
      assert.deepEqual(known(t.ev('SelectString')), [{ value: 'a', conditions: [] }]);
      assert.deepEqual(known(t.ev('SelectOut')), [
        { unknown: 'a Fn::Select index outside its list', conditions: [] },
      ]);
      const [alt] = t.ev('SelectParam');
      assert.equal(alt!.value, '10.0.2.0/24');
      assert.equal(alt!.origin?.name, 'Subnets');
    });

    it('splits strings', () => {
      assert.deepEqual(known(t.ev('Split')), [{ value: ['a', 'b', '', 'c'], conditions: [] }]);
      assert.deepEqual(known(t.ev('SelectSplit')), [{ value: '10.0.0.0', conditions: [] }]);
      assert.deepEqual(known(t.ev('SplitUnknown')), [{ unknown: 'Parameter Unset', conditions: [] }]);
    });
  });

  describe('Fn::If and conditions', () => {
    const t = setup(`
      Parameters:
        Open:
          Type: String
          Default: 0.0.0.0/0
      Values:
        If: !If [IsProd, 10.0.0.0/8, !Ref Open]
        Nested: !If [IsProd, !If [IsProd, a, never], c]
        Other: !If [IsProd, !If [HasVpn, a, b], c]
        JoinSame: !Join ['', [!If [IsProd, a, b], !If [IsProd, c, d]]]
        NoValue: !If [IsProd, 22, !Ref AWS::NoValue]
        Malformed: !If [IsProd, a]
        List: [x, !If [IsProd, y, !Ref AWS::NoValue], z]
        Six: !Join ['', [!If [A, 1, 0], !If [B, 1, 0], !If [C, 1, 0], !If [D, 1, 0], !If [E, 1, 0], !If [F, 1, 0]]]
        Five: !Join ['', [!If [A, 1, 0], !If [B, 1, 0], !If [C, 1, 0], !If [D, 1, 0], !If [E, 1, 0]]]
    `);

    it('takes both branches, each with its condition', () => {
      const alts = t.ev('If');
      assert.deepEqual(known(alts), [
        { value: '10.0.0.0/8', conditions: [{ name: 'IsProd', value: true }] },
        { value: '0.0.0.0/0', conditions: [{ name: 'IsProd', value: false }] },
      ]);
      assert.equal(alts[1]!.origin?.name, 'Open');
    });

    it('drops combinations whose conditions contradict each other', () => {
      assert.deepEqual(known(t.ev('Nested')), [
        { value: 'a', conditions: [{ name: 'IsProd', value: true }] },
        { value: 'c', conditions: [{ name: 'IsProd', value: false }] },
      ]);
      assert.deepEqual(known(t.ev('JoinSame')), [
        { value: 'ac', conditions: [{ name: 'IsProd', value: true }] },
        { value: 'bd', conditions: [{ name: 'IsProd', value: false }] },
      ]);
    });

    it('combines independent conditions', () => {
      assert.deepEqual(known(t.ev('Other')), [
        {
          value: 'a',
          conditions: [
            { name: 'IsProd', value: true },
            { name: 'HasVpn', value: true },
          ],
        },
        {
          value: 'b',
          conditions: [
            { name: 'IsProd', value: true },
            { name: 'HasVpn', value: false },
          ],
        },
        { value: 'c', conditions: [{ name: 'IsProd', value: false }] },
      ]);
    });

    it('keeps AWS::NoValue in a branch, and removes it from lists', () => {
      assert.deepEqual(t.ev('NoValue'), [
        { known: true, value: 22, conditions: [{ name: 'IsProd', value: true }] },
        { known: false, noValue: true, conditions: [{ name: 'IsProd', value: false }] },
      ]);
      assert.deepEqual(known(t.ev('List')), [
        { value: ['x', 'y', 'z'], conditions: [{ name: 'IsProd', value: true }] },
        { value: ['x', 'z'], conditions: [{ name: 'IsProd', value: false }] },
      ]);
    });

    it('is unknown for a malformed Fn::If', () => {
      assert.deepEqual(known(t.ev('Malformed')), [{ unknown: 'a malformed Fn::If', conditions: [] }]);
    });

    it('gives up beyond 32 combinations, and not before', () => {
      assert.deepEqual(known(t.ev('Six')), [{ unknown: 'too many condition combinations', conditions: [] }]);
      const five = t.ev('Five');
      assert.equal(five.length, 32);
      assert.ok(five.every((a) => a.known && a.conditions.length === 5));
      assert.deepEqual(five.map((a) => a.value).slice(0, 3), ['11111', '11110', '11101']);
    });

    it('merges condition lists, returning null on a contradiction', () => {
      assert.deepEqual(mergeConditions([], [{ name: 'A', value: true }]), [{ name: 'A', value: true }]);
      assert.deepEqual(mergeConditions([{ name: 'A', value: true }], [{ name: 'B', value: false }]), [
        { name: 'A', value: true },
        { name: 'B', value: false },
      ]);
      assert.deepEqual(mergeConditions([{ name: 'A', value: true }], [{ name: 'A', value: true }]), [
        { name: 'A', value: true },
      ]);
      assert.equal(mergeConditions([{ name: 'A', value: true }], [{ name: 'A', value: false }]), null);
    });
  });

  describe('Fn::Cidr, Fn::GetAtt, Fn::ImportValue and the rest', () => {
    const t = setup(`
      Parameters:
        Stack:
          Type: String
          Default: network
        Block:
          Type: String
          Default: 10.0.0.0/16
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
      Values:
        Cidr: !Cidr [!Ref Block, 3, 8]
        Cidr6: !Cidr ['2001:db8::/56', 2, 64]
        CidrSelect: !Select [2, !Cidr [10.0.0.0/16, 4, 8]]
        CidrTooMany: !Cidr [10.0.0.0/24, 2, 8]
        CidrBad: !Cidr [not-a-cidr, 2, 8]
        GetAtt: !GetAtt Db.Endpoint.Address
        GetAttList: !GetAtt [Db, Endpoint.Port]
        GetAttLong: { "Fn::GetAtt": [Db, Arn] }
        Import: !ImportValue shared-sg
        ImportSub: !ImportValue { "Fn::Sub": '\${Stack}-sg' }
        ImportUnknown: !ImportValue { Ref: AWS::StackName }
        Base64: !Base64 plain
        Length: { "Fn::Length": [a, b, c] }
        GetAZs: !GetAZs ''
        Transform: !Transform { Name: AWS::Include }
        Mapping: { A: 1, B: 2 }
        List: [a, 1, true]
        ListUnknown: [a, !Ref AWS::Region]
        Deep: ${'{ "Fn::Base64": '.repeat(70)}x${' }'.repeat(70)}
    `);

    it('computes Fn::Cidr subnets for IPv4 and IPv6', () => {
      assert.deepEqual(known(t.ev('Cidr')), [
        { value: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'], conditions: [] },
      ]);
      assert.deepEqual(known(t.ev('Cidr6')), [
        { value: ['2001:db8::/64', '2001:db8:0:1::/64'], conditions: [] },
      ]);
      assert.deepEqual(known(t.ev('CidrSelect')), [{ value: '10.0.2.0/24', conditions: [] }]);
    });

    it('is unknown for a Fn::Cidr that does not fit or is not a CIDR', () => {
      assert.deepEqual(known(t.ev('CidrTooMany')), [{ unknown: 'a malformed Fn::Cidr', conditions: [] }]);
      assert.deepEqual(known(t.ev('CidrBad')), [{ unknown: 'a malformed Fn::Cidr', conditions: [] }]);
    });

    it('remembers the target and attribute of Fn::GetAtt in both forms', () => {
      assert.deepEqual(t.ev('GetAtt'), [
        {
          known: false,
          refTo: 'Db',
          refAttr: 'Endpoint.Address',
          dependsOn: 'Fn::GetAtt Db.Endpoint.Address',
          conditions: [],
        },
      ]);
      assert.deepEqual(t.ev('GetAttList'), [
        {
          known: false,
          refTo: 'Db',
          refAttr: 'Endpoint.Port',
          dependsOn: 'Fn::GetAtt Db.Endpoint.Port',
          conditions: [],
        },
      ]);
      assert.deepEqual(t.ev('GetAttLong'), [
        { known: false, refTo: 'Db', refAttr: 'Arn', dependsOn: 'Fn::GetAtt Db.Arn', conditions: [] },
      ]);
    });

    it('marks imported values, naming the export when it is known', () => {
      assert.deepEqual(t.ev('Import'), [
        {
          known: false,
          imported: true,
          importName: 'shared-sg',
          dependsOn: 'ImportValue shared-sg',
          conditions: [],
        },
      ]);
      assert.deepEqual(t.ev('ImportSub'), [
        {
          known: false,
          imported: true,
          importName: 'network-sg',
          dependsOn: 'ImportValue network-sg',
          conditions: [],
        },
      ]);
      assert.deepEqual(t.ev('ImportUnknown'), [
        { known: false, imported: true, dependsOn: 'an imported value', conditions: [] },
      ]);
    });

    it('passes Base64 through, counts Fn::Length, and leaves what it does not evaluate unknown', () => {
      assert.deepEqual(known(t.ev('Base64')), [{ value: 'plain', conditions: [] }]);
      assert.deepEqual(known(t.ev('Length')), [{ value: 3, conditions: [] }]);
      assert.deepEqual(known(t.ev('GetAZs')), [
        { unknown: 'the Availability Zones of the region', conditions: [] },
      ]);
      assert.deepEqual(known(t.ev('Transform')), [
        { unknown: 'Fn::Transform (not evaluated)', conditions: [] },
      ]);
      assert.deepEqual(known(t.ev('Mapping')), [{ unknown: 'a mapping value', conditions: [] }]);
    });

    it('evaluates plain lists item by item', () => {
      assert.deepEqual(known(t.ev('List')), [{ value: ['a', 1, true], conditions: [] }]);
      assert.deepEqual(known(t.ev('ListUnknown')), [{ unknown: 'AWS::Region', conditions: [] }]);
    });

    it('stops at a depth limit instead of recursing without bound', () => {
      assert.deepEqual(known(t.ev('Deep')), [{ unknown: 'an expression nested too deeply', conditions: [] }]);
    });
  });

  describe('ConditionEvaluator', () => {
    const t = setup(`
      Parameters:
        Env:
          Type: String
          Default: dev
        Cidr:
          Type: String
          Default: disabled
        Unset:
          Type: String
      Conditions:
        IsProd: !Equals [!Ref Env, prod]
        IsDev: !Equals [dev, !Ref Env]
        NotProd: !Not [!Condition IsProd]
        HasCidr: !Not [!Equals [!Ref Cidr, disabled]]
        Both: !And [!Condition IsDev, !Condition HasCidr]
        Either: !Or [!Condition IsDev, !Condition HasCidr]
        Unknown: !Equals [!Ref Unset, x]
        AndUnknown: !And [!Condition IsDev, !Condition Unknown]
        AndFalse: !And [!Condition IsProd, !Condition Unknown]
        OrTrue: !Or [!Condition Unknown, !Condition IsDev]
        Region: !Equals [!Ref AWS::Region, us-east-1]
        Loop: !Not [!Condition Loop]
        Literal: true
        Lists: !Equals [[a, b], [a, b]]
    `);

    const get = (name: string): [boolean | undefined, string[]] => {
      const c = t.conditions.get(name);
      return [c.value, [...c.parameters].sort()];
    };

    it('evaluates Equals, Not, And, Or and Condition with parameter defaults', () => {
      assert.deepEqual(get('IsProd'), [false, ['Env']]);
      assert.deepEqual(get('IsDev'), [true, ['Env']]);
      assert.deepEqual(get('NotProd'), [true, ['Env']]);
      assert.deepEqual(get('HasCidr'), [false, ['Cidr']]);
      assert.deepEqual(get('Both'), [false, ['Cidr', 'Env']]);
      assert.deepEqual(get('Either'), [true, ['Cidr', 'Env']]);
      assert.deepEqual(get('Literal'), [true, []]);
      assert.deepEqual(get('Lists'), [true, []]);
    });

    it('is undefined where a parameter has no default, unless And/Or decide anyway', () => {
      assert.deepEqual(get('Unknown'), [undefined, ['Unset']]);
      assert.deepEqual(get('AndUnknown'), [undefined, ['Env', 'Unset']]);
      assert.deepEqual(get('AndFalse'), [false, ['Env', 'Unset']]);
      assert.deepEqual(get('OrTrue'), [true, ['Env', 'Unset']]);
      assert.deepEqual(get('Region'), [undefined, []]);
    });

    it('is undefined for an undeclared or self-referencing condition', () => {
      assert.deepEqual(get('Nowhere'), [undefined, []]);
      assert.deepEqual(get('Loop'), [undefined, []]);
    });
  });
});
