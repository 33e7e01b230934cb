/**
 * @module Compile a validated RuleSet once (cached per rule-set object): rules sorted by priority, condition
 * trees resolved to catalogue entries with precompiled params (normalised keywords) and expected strings.
 */
import { CONDITION_BY_ID, ACTION_BY_ID, type ConditionDef, type ActionDef, type ConditionNode, type Rule, type RuleSet, type RuleSetInput } from './catalogue';
import { validateRuleSet } from './validate';
import type { ConditionFailure } from './types';
import type { EvalCtx } from './conditions';
import type { Settings } from './settings';

export type CompiledNode =
  | { op: 'leaf'; path: string; def: ConditionDef; c: unknown; params: Record<string, unknown>; expected: string }
  | { op: 'all' | 'any'; path: string; children: CompiledNode[]; expected: string }
  | { op: 'not'; path: string; child: CompiledNode; expected: string };

export interface CompiledAction {
  def: ActionDef;
  params: Record<string, unknown>;
}

export interface CompiledRule {
  rule: Rule;
  when: CompiledNode;
  then: CompiledAction[];
}

export interface CompiledRuleSet {
  version: string;
  settings: Settings;
  /** Priority order (descending), ties in list order. */
  rules: CompiledRule[];
  byId: ReadonlyMap<string, CompiledRule>;
  offHoursKinds: ReadonlySet<string>;
}

function compileNode(node: ConditionNode, path: string): CompiledNode {
  if ('type' in node) return compileLeaf(node as { type: string } & Record<string, unknown>, path);
  if ('all' in node && Array.isArray(node.all)) {
    const children = node.all.map((n, i) => compileNode(n, `${path}.all[${i}]`));
    return { op: 'all', path, children, expected: children.length ? children.map((c) => c.expected).join(' and ') : 'always' };
  }
  if ('any' in node && Array.isArray(node.any)) {
    const children = node.any.map((n, i) => compileNode(n, `${path}.any[${i}]`));
    return { op: 'any', path, children, expected: `any of (${children.map((c) => c.expected).join('; ')})` };
  }
  if ('not' in node && node.not) {
    const child = compileNode(node.not as ConditionNode, `${path}.not`);
    return { op: 'not', path, child, expected: `not (${child.expected})` };
  }
  throw new Error(`condition at ${path} needs type, all, any or not (validate the rule set first)`);
}

function compileLeaf(leaf: { type: string } & Record<string, unknown>, path: string): CompiledNode {
  const def = CONDITION_BY_ID.get(leaf.type);
  if (!def) throw new Error(`unknown condition type "${leaf.type}" at ${path} (validate the rule set first)`);
  return { op: 'leaf', path, def, c: def.compile(leaf), params: leaf, expected: def.expected(leaf) };
}

const cache = new WeakMap<object, CompiledRuleSet>();

/**
 * Compile (or fetch from the per-object cache) a rule set. Input-shaped JSON (defaults omitted) is accepted and
 * normalised; an invalid rule set throws with every error listed — validate at save time, not here.
 */
export function compileRuleSet(input: RuleSet | RuleSetInput): CompiledRuleSet {
  const hit = cache.get(input);
  if (hit && hit.version === String(input.version)) return hit;
  const v = validateRuleSet(input);
  if (!v.ok) throw new Error(`invalid rule set: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const ruleSet = v.ruleSet;
  const rules = ruleSet.rules
    .map((rule, i) => ({ rule, i }))
    .sort((a, b) => (b.rule.priority ?? 0) - (a.rule.priority ?? 0) || a.i - b.i)
    .map(({ rule }): CompiledRule => ({
      rule,
      when: compileNode(rule.when, 'when'),
      then: rule.then.map((a) => {
        const def = ACTION_BY_ID.get(a.type);
        if (!def) throw new Error(`unknown action type "${a.type}" in rule ${rule.id}`);
        return { def, params: a };
      }),
    }));
  const settings = ruleSet.settings;
  const compiled: CompiledRuleSet = {
    version: String(ruleSet.version),
    settings,
    rules,
    byId: new Map(rules.map((r) => [r.rule.id, r])),
    offHoursKinds: new Set(settings.offHoursKinds),
  };
  cache.set(input, compiled);
  return compiled;
}

function actualOf(n: Extract<CompiledNode, { op: 'leaf' }>, ctx: EvalCtx): string {
  if (!n.def.sharedActual) return n.def.actual(n.c, ctx.facts, ctx);
  return (ctx.actuals[n.def.id] ??= n.def.actual(n.c, ctx.facts, ctx));
}

/** Evaluate a compiled tree: null when it holds, else the first failing condition with its actual value. */
export function evalNode(n: CompiledNode, ctx: EvalCtx): ConditionFailure | null {
  switch (n.op) {
    case 'leaf':
      if (n.def.test(n.c, ctx.facts, ctx)) return null;
      return { path: n.path, type: n.def.id, params: n.params, expected: n.expected, actual: actualOf(n, ctx) };
    case 'all':
      for (const child of n.children) {
        const f = evalNode(child, ctx);
        if (f) return f;
      }
      return null;
    case 'any': {
      const alternatives: ConditionFailure[] = [];
      for (const child of n.children) {
        const f = evalNode(child, ctx);
        if (!f) return null;
        alternatives.push(f);
      }
      return { path: n.path, type: 'any', params: {}, expected: n.expected, actual: 'none matched', alternatives };
    }
    case 'not':
      // a single excluded condition travels with its params, so the trace can say it in words
      return evalNode(n.child, ctx) ? null : { path: n.path, type: 'not', params: n.child.op === 'leaf' ? n.child.params : {}, expected: n.expected, actual: `matched: ${n.child.expected}` };
  }
}
