/** Calls to local modules (`module "x" { source = "./modules/x" … }`) and the arguments they pass. */
import type { ModuleArgument, TfModule } from './module';

/** Module block arguments that configure the call itself rather than set the module's variables. */
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export interface LocalModuleCall {
  readonly name: string;
  readonly dirUri: string;
  readonly args: ReadonlyMap<string, ModuleArgument>;
}

export function localModuleCalls(module: TfModule): LocalModuleCall[] {
  const out: LocalModuleCall[] = [];
  for (const r of module.resources.values()) {
    if (r.kind !== 'module') continue;
    const source = r.block.body.attributes.find((a) => a.name === 'source');
    if (source?.expr.kind !== 'literal' || typeof source.expr.value !== 'string') continue;
    const path = source.expr.value;
    if (!path.startsWith('./') && !path.startsWith('../')) continue; // registry and git sources are not read
    let dirUri: string;
    try {
      dirUri = new URL(`${path.replace(/\/+$/, '')}/`, `${module.dirUri}/`).href.replace(/\/$/, '');
    } catch {
      continue;
    }
    const args = new Map<string, ModuleArgument>();
    for (const a of r.block.body.attributes) {
      if (META_ARGUMENTS.has(a.name)) continue;
      args.set(a.name, {
        expr: a.expr,
        file: r.file,
        describe: `module ${r.name}'s argument ${a.name}`,
        caller: module,
      });
    }
    out.push({ name: r.name, dirUri, args });
  }
  return out;
}
