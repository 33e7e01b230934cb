/**
 * @module A decision's trace as it is stored: without what the rule set of its version says of itself. A rule's
 * name and priority and a failed condition's type, parameters and expected expression come from the rule set (every
 * published version is kept, and a version never changes), so the stored trace keeps per rule only its id, outcome,
 * matched keywords and, for a failed condition, the condition's path and the fact's actual value. That took a
 * typical trace of the default pack from ~9.7 KB to ~3.7 KB of UTF-8 (keyword lists were stored once per rule that
 * did not match, twice with the expected text): the largest row the pipeline writes per message, stringified and
 * committed on the busiest path. `unpackTrace` gives readers the whole trace back; a trace stored whole (before this
 * format) is read as it is.
 */
import type { CompiledNode, CompiledRule, CompiledRuleSet } from './compile';
import type { ConditionFailure, RuleTrace, Trace } from './types';

interface PackedFailure { path: string; actual: string; alternatives?: PackedFailure[] }
type PackedRuleTrace = Omit<RuleTrace, 'name' | 'priority' | 'failed'> & { failed?: PackedFailure };
export type PackedTrace = Omit<Trace, 'rules'> & { packed: 1; rules: PackedRuleTrace[] };

function packFailure(f: ConditionFailure): PackedFailure {
  return f.alternatives ? { path: f.path, actual: f.actual, alternatives: f.alternatives.map(packFailure) } : { path: f.path, actual: f.actual };
}

function packRule(r: RuleTrace): PackedRuleTrace {
  const p: PackedRuleTrace = { ruleId: r.ruleId, outcome: r.outcome };
  if (r.failed) p.failed = packFailure(r.failed);
  if (r.matched) p.matched = r.matched;
  if (r.stop !== undefined) p.stop = r.stop;
  if (r.stoppedBy !== undefined) p.stoppedBy = r.stoppedBy;
  return p;
}

/** The trace without what its rule set restores (see the module's note). Written out field by field: it runs for every decision. */
export function packTrace(t: Trace): PackedTrace {
  return { version: t.version, now: t.now, dryRun: t.dryRun, facts: t.facts, guards: t.guards, rules: t.rules.map(packRule), actions: t.actions, packed: 1 };
}

const nodesOf = new WeakMap<CompiledRule, Map<string, CompiledNode>>();

/** A compiled rule's condition nodes by path (built once per compiled rule). */
function nodesByPath(rule: CompiledRule): Map<string, CompiledNode> {
  let nodes = nodesOf.get(rule);
  if (nodes) return nodes;
  nodes = new Map();
  const walk = (n: CompiledNode) => {
    nodes!.set(n.path, n);
    if (n.op === 'all' || n.op === 'any') n.children.forEach(walk);
    else if (n.op === 'not') walk(n.child);
  };
  walk(rule.when);
  nodesOf.set(rule, nodes);
  return nodes;
}

function unpackFailure(f: PackedFailure, nodes: Map<string, CompiledNode> | undefined): ConditionFailure {
  const node = nodes?.get(f.path);
  const shape = node?.failure ?? { path: f.path, type: 'unknown', params: {}, expected: f.path };
  const out: ConditionFailure = { ...shape, actual: f.actual };
  if (f.alternatives) out.alternatives = f.alternatives.map((a) => unpackFailure(a, nodes));
  return out;
}

/**
 * The whole trace of a stored one, restored from the rule set of its version (`ruleSet`: undefined when that version
 * cannot be read — then rules are named by their id and conditions by their path). A whole stored trace is returned as is.
 */
export function unpackTrace(stored: Trace | PackedTrace, ruleSet: CompiledRuleSet | undefined): Trace {
  if (!('packed' in stored)) return stored;
  const { packed: _packed, rules, ...rest } = stored;
  return {
    ...rest,
    rules: rules.map(({ ruleId, failed, ...more }) => {
      const rule = ruleSet?.byId.get(ruleId);
      const whole: RuleTrace = { ruleId, name: rule?.rule.name ?? ruleId, priority: rule?.rule.priority ?? 0, ...more };
      if (failed) whole.failed = unpackFailure(failed, rule && nodesByPath(rule));
      return whole;
    }),
  };
}
