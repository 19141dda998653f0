/**
 * Rule changes and new findings between two versions of one template or one Terraform module.
 *
 * CloudFormation (and CDK synth output): `@aws-cdk/cloudformation-diff` decides which rules were added
 * and removed (`diffTemplate(base, current).securityGroupChanges`: inline rules of changed groups and
 * changed rule resources, a rule being its group, protocol, ports and peer as written). Each change is
 * then placed in the model of its side (the same rule rendered the same way) for its resolved values,
 * description and location.
 *
 * Terraform: the rules of the two modules' models are compared by group, direction, protocol, ports and
 * peer as resolved (variables, locals and tfvars applied), so a variable default that moves a CIDR is a
 * rule removed and one added.
 *
 * In both, a description alone does not make a rule different (as in cloudformation-diff), and a
 * finding is new when the base has no finding with the same rule id, resource, group and message
 * (positions move with every edit; the message names the rule, ports and peer).
 */
import { diffTemplate } from '@aws-cdk/cloudformation-diff/lib/diff-template';
import { SecurityGroupRule } from '@aws-cdk/cloudformation-diff/lib/network/security-group-rule';
import { renderIntrinsics } from '@aws-cdk/cloudformation-diff/lib/render-intrinsics';
import type { SgRule, TemplateModel } from '../../../rules/model';
import type { Finding } from '../../../rules/types';
import type { LineIndex } from '../parse/lineIndex';
import type { PNode } from '../parse/tree';
import type { ChangeFinding, RuleChange } from '../protocol';
import { describeDiffRule, describeModelRule, locationOf, ruleIdentity } from './describe';
import type { Plain } from './plain';
import { plainTemplate, toPlain } from './plain';

export interface ChangeSet {
  readonly added: RuleChange[];
  readonly removed: RuleChange[];
}

/** One side of a template comparison: its parse and model, when that side is a template at all. */
export interface TemplateSide {
  readonly root: PNode | undefined;
  readonly model?: TemplateModel;
  readonly lines?: LineIndex;
}

/** Every explicit rule of a model once: the groups' rules, then standalone rules no group took. */
export function rulesOf(model: TemplateModel | undefined): SgRule[] {
  if (!model) return [];
  const out: SgRule[] = [];
  const seen = new Set<SgRule>();
  const add = (r: SgRule): void => {
    if (r.implicit || seen.has(r)) return;
    seen.add(r);
    out.push(r);
  };
  for (const g of model.groups) {
    g.ingress.forEach(add);
    g.egress.forEach(add);
  }
  model.standaloneRules.forEach(add);
  return out;
}

/** A model rule as cloudformation-diff reads the text it was written in. */
function diffRuleOf(rule: SgRule): SecurityGroupRule | undefined {
  const syntax = rule.syntax as PNode | undefined;
  if (!syntax || typeof syntax !== 'object' || !('kind' in syntax) || syntax.kind !== 'map') return undefined;
  const rendered: Plain = renderIntrinsics(toPlain(syntax)) as Plain;
  if (!rendered || typeof rendered !== 'object' || Array.isArray(rendered)) return undefined;
  return new SecurityGroupRule(rendered, rule.inline ? `\${${rule.writtenIn}.GroupId}` : undefined);
}

function placed(
  changes: readonly SecurityGroupRule[],
  direction: 'ingress' | 'egress',
  side: TemplateSide,
  withLocation: boolean,
): RuleChange[] {
  const candidates = rulesOf(side.model)
    .filter((r) => r.direction === direction)
    .map((rule) => ({ rule, diffRule: diffRuleOf(rule) }));
  return changes.map((c) => {
    const hit = candidates.find((x) => x.diffRule?.equal(c));
    if (!hit) return describeDiffRule(c, direction);
    const fromModel = describeModelRule(hit.rule, withLocation ? side.lines : undefined);
    // An unresolved value is clearer as written (`${AdminCidr}`) than as "?".
    if (/(^|\s)\?(\s|$)/.test(fromModel.peer)) {
      const written = describeDiffRule(c, direction);
      return { ...fromModel, peer: written.peer };
    }
    return fromModel;
  });
}

/** Rule changes between two templates, by cloudformation-diff. */
export function templateRuleChanges(base: TemplateSide, current: TemplateSide): ChangeSet {
  const diff = diffTemplate(plainTemplate(base.root), plainTemplate(current.root));
  const sg = diff.securityGroupChanges;
  return {
    added: [
      ...placed(sg.ingress.additions, 'ingress', current, true),
      ...placed(sg.egress.additions, 'egress', current, true),
    ],
    removed: [
      ...placed(sg.ingress.removals, 'ingress', base, false),
      ...placed(sg.egress.removals, 'egress', base, false),
    ],
  };
}

/** Elements of `a` that `b` does not have, counting duplicates (each match is used once). */
function without<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(key(x), (left.get(key(x)) ?? 0) + 1);
  return a.filter((x) => {
    const k = key(x);
    const n = left.get(k) ?? 0;
    if (n === 0) return true;
    left.set(k, n - 1);
    return false;
  });
}

/** Rule changes between two Terraform modules' models, by the rules' identity. */
export function moduleRuleChanges(
  base: TemplateModel | undefined,
  current: TemplateModel | undefined,
  linesOf: (uri: string) => LineIndex | undefined,
): ChangeSet {
  const baseRules = rulesOf(base).map((r) => describeModelRule(r));
  const currentRules = rulesOf(current).map((r) => describeModelRule(r, linesOf(r.uri)));
  return {
    added: without(currentRules, baseRules, ruleIdentity),
    removed: without(baseRules, currentRules, ruleIdentity),
  };
}

const findingKey = (f: Finding): string => [f.ruleId, f.resource, f.group ?? '', f.message].join('\u0000');

/** Findings of the working tree that the base does not have. */
export function newFindings(
  current: readonly Finding[],
  base: readonly Finding[],
  linesOf: (uri: string) => LineIndex | undefined,
): ChangeFinding[] {
  const out: ChangeFinding[] = [];
  for (const f of without(current, base, findingKey)) {
    const lines = linesOf(f.uri);
    if (!lines) continue;
    out.push({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      resource: f.resource,
      ...(f.group ? { group: f.group } : {}),
      location: locationOf(f.uri, lines, f.range),
      ...(f.suppressions?.length ? { suppressed: true } : {}),
    });
  }
  return out;
}
