import type { ConditionBranch } from '../model';

/** Both sets of branches together, or null when one says a condition is true and the other false. */
export function mergeConditionBranches(
  a: readonly ConditionBranch[],
  b: readonly ConditionBranch[],
): readonly ConditionBranch[] | null {
  const out = [...a];
  for (const c of b) {
    const same = out.find((x) => x.name === c.name);
    if (!same) out.push(c);
    else if (same.value !== c.value) return null;
  }
  return out;
}

/** Whether every branch in `sub` is also in `of`: a rule under `sub` exists whenever one under `of` does. */
export function conditionsImplied(sub: readonly ConditionBranch[], of: readonly ConditionBranch[]): boolean {
  return sub.every((c) => of.some((o) => o.name === c.name && o.value === c.value));
}
