/**
 * @module Compile a validated RuleSet once (cached per rule-set object): rules sorted by priority, condition
 * trees resolved to catalogue entries with precompiled params (normalised keywords) and expected strings.
 */
import { CONDITION_BY_ID, ACTION_BY_ID, type ConditionDef, type ActionDef, type ConditionNode, type Rule, type RuleSet, type RuleSetInput } from './catalogue';
import { validateRuleSet } from './validate';
import type { ConditionFailure } from './types';
import type { EvalCtx } from './conditions';
import type { Settings } from './settings';

/** What a failure of a node says of the condition itself (the rest is the fact's actual value): fixed per node. */
export type FailureShape = Pick<ConditionFailure, 'path' | 'type' | 'params' | 'expected'>;

export type CompiledNode = (
  | { op: 'leaf'; path: string; def: ConditionDef; c: unknown; params: Record<string, unknown>; expected: string }
  | { op: 'all' | 'any'; path: string; children: CompiledNode[]; expected: string }
  | { op: 'not'; path: string; child: CompiledNode; expected: string }
) & { failure: FailureShape };

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
    const expected = children.length ? children.map((c) => c.expected).join(' and ') : 'always';
    return { op: 'all', path, children, expected, failure: { path, type: 'all', params: {}, expected } };
  }
  if ('any' in node && Array.isArray(node.any)) {
    const children = node.any.map((n, i) => compileNode(n, `${path}.any[${i}]`));
    const expected = `any of (${children.map((c) => c.expected).join('; ')})`;
    return { op: 'any', path, children, expected, failure: { path, type: 'any', params: {}, expected } };
  }
  if ('not' in node && node.not) {
    const child = compileNode(node.not as ConditionNode, `${path}.not`);
    const expected = `not (${child.expected})`;
    // a single excluded condition travels with its params, so the trace can say it in words
    return { op: 'not', path, child, expected, failure: { path, type: 'not', params: child.op === 'leaf' ? child.params : {}, expected } };
  }
  throw new Error(`condition at ${path} needs type, all, any or not (validate the rule set first)`);
}

function compileLeaf(leaf: { type: string } & Record<string, unknown>, path: string): CompiledNode {
  const def = CONDITION_BY_ID.get(leaf.type);
  if (!def) throw new Error(`unknown condition type "${leaf.type}" at ${path} (validate the rule set first)`);
  const expected = def.expected(leaf);
  return { op: 'leaf', path, def, c: def.compile(leaf), params: leaf, expected, failure: { path, type: def.id, params: leaf, expected } };
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

/** A failure of node `n` (its fixed shape) with the fact's actual value: a literal, on the hot path of every decision. */
function failureOf(n: CompiledNode, actual: string, alternatives?: ConditionFailure[]): ConditionFailure {
  const f = n.failure;
  return alternatives ? { path: f.path, type: f.type, params: f.params, expected: f.expected, actual, alternatives } : { path: f.path, type: f.type, params: f.params, expected: f.expected, actual };
}

/** Evaluate a compiled tree: null when it holds, else the first failing condition with its actual value. */
export function evalNode(n: CompiledNode, ctx: EvalCtx): ConditionFailure | null {
  switch (n.op) {
    case 'leaf':
      if (n.def.test(n.c, ctx.facts, ctx)) return null;
      return failureOf(n, actualOf(n, ctx));
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
      return failureOf(n, 'none matched', alternatives);
    }
    case 'not':
      return evalNode(n.child, ctx) ? null : failureOf(n, `matched: ${n.child.expected}`);
  }
}
