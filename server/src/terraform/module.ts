/**
 * A Terraform module is a folder: its .tf files are read together (variables, locals and resources
 * may sit in different files), `terraform.tfvars` and then `*.auto.tfvars` (in name order) override
 * variable defaults, and a caller's literal arguments override both when the module is linted as part
 * of its caller (`module "x" { source = "./modules/x" … }`).
 */
import type { TextRange } from '../../../rules/model';
import type { HclAttribute, HclBlock, HclExpr, HclFile } from './hcl';

export interface TfVariable {
  readonly name: string;
  readonly block: HclBlock;
  readonly file: HclFile;
  readonly defaultAttr?: HclAttribute;
}

/** Where a variable's value comes from, after precedence. */
export interface TfVariableValue {
  readonly expr: HclExpr;
  readonly file: HclFile;
  readonly kind: 'variable-default' | 'tfvars' | 'module-argument';
  readonly describe: string;
  /** For module arguments: the caller's module, whose own variables the expression reads. */
  readonly caller?: TfModule;
}

export interface TfLocal {
  readonly name: string;
  readonly attr: HclAttribute;
  readonly file: HclFile;
}

export interface TfResource {
  /** `aws_security_group.web`, `data.aws_vpc.main`, `module.network`. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly kind: 'resource' | 'data' | 'module' | 'output';
  readonly block: HclBlock;
  readonly file: HclFile;
  /** The header: `resource "aws_security_group" "web"`, where resource-level findings point. */
  readonly idRange: TextRange;
}

export interface TfModule {
  readonly dirUri: string;
  readonly files: readonly HclFile[];
  readonly tfvarsFiles: readonly HclFile[];
  readonly variables: ReadonlyMap<string, TfVariable>;
  readonly values: ReadonlyMap<string, TfVariableValue>;
  readonly locals: ReadonlyMap<string, TfLocal>;
  readonly resources: ReadonlyMap<string, TfResource>;
}

export interface ModuleArgument {
  readonly expr: HclExpr;
  readonly file: HclFile;
  readonly describe: string;
  readonly caller: TfModule;
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

export function buildModule(
  dirUri: string,
  files: readonly HclFile[],
  tfvarsFiles: readonly HclFile[],
  args?: ReadonlyMap<string, ModuleArgument>,
): TfModule {
  const variables = new Map<string, TfVariable>();
  const locals = new Map<string, TfLocal>();
  const resources = new Map<string, TfResource>();
  for (const file of files) {
    for (const block of file.blocks) {
      const l = block.labels;
      const header = { start: block.start, end: (l[l.length - 1] ?? block.typeRange).end };
      switch (block.type) {
        case 'variable':
          if (l[0])
            variables.set(l[0].value, {
              name: l[0].value,
              block,
              file,
              defaultAttr: block.body.attributes.find((a) => a.name === 'default'),
            });
          break;
        case 'locals':
          for (const attr of block.body.attributes) locals.set(attr.name, { name: attr.name, attr, file });
          break;
        case 'resource':
          if (l[0] && l[1])
            resources.set(`${l[0].value}.${l[1].value}`, {
              address: `${l[0].value}.${l[1].value}`,
              type: l[0].value,
              name: l[1].value,
              kind: 'resource',
              block,
              file,
              idRange: header,
            });
          break;
        case 'data':
          if (l[0] && l[1])
            resources.set(`data.${l[0].value}.${l[1].value}`, {
              address: `data.${l[0].value}.${l[1].value}`,
              type: l[0].value,
              name: l[1].value,
              kind: 'data',
              block,
              file,
              idRange: header,
            });
          break;
        case 'module':
          if (l[0])
            resources.set(`module.${l[0].value}`, {
              address: `module.${l[0].value}`,
              type: 'module',
              name: l[0].value,
              kind: 'module',
              block,
              file,
              idRange: header,
            });
          break;
        case 'output':
          if (l[0])
            resources.set(`output.${l[0].value}`, {
              address: `output.${l[0].value}`,
              type: 'output',
              name: l[0].value,
              kind: 'output',
              block,
              file,
              idRange: header,
            });
          break;
      }
    }
  }
  const module: TfModule = { dirUri, files, tfvarsFiles, variables, values: new Map(), locals, resources };
  const values = module.values as Map<string, TfVariableValue>;
  for (const v of variables.values()) {
    if (v.defaultAttr)
      values.set(v.name, {
        expr: v.defaultAttr.expr,
        file: v.file,
        kind: 'variable-default',
        describe: `the default of var.${v.name}`,
      });
  }
  // terraform.tfvars first, then *.auto.tfvars in lexical order: later files win (Terraform's order).
  const ordered = [...tfvarsFiles].sort((a, b) => {
    const an = fileName(a.uri);
    const bn = fileName(b.uri);
    if (an === 'terraform.tfvars' || an === 'terraform.tfvars.json') return -1;
    if (bn === 'terraform.tfvars' || bn === 'terraform.tfvars.json') return 1;
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
  for (const f of ordered) {
    for (const attr of f.attributes) {
      if (variables.has(attr.name))
        values.set(attr.name, {
          expr: attr.expr,
          file: f,
          kind: 'tfvars',
          describe: `${attr.name} in ${fileName(f.uri)}`,
        });
    }
  }
  if (args) {
    for (const [name, a] of args) {
      if (variables.has(name))
        values.set(name, {
          expr: a.expr,
          file: a.file,
          kind: 'module-argument',
          describe: a.describe,
          caller: a.caller,
        });
    }
  }
  return module;
}
