/** @module Golden decision cases: JSON tables "facts → expected actions and key trace facts" drive it.each. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { compileRuleSet, decide, validateRuleSet, DEFAULT_RULE_SET, DEFAULT_TEMPLATES, explainTrace } from '../../../shared/engine';
import type { Decision, PlannedAction, RuleSet } from '../../../shared/engine';
import { buildFacts, type FactsShorthand } from './facts';
import { packTrace, unpackTrace, type PackedTrace } from '../../../shared/engine/stored-trace';

interface GoldenCase {
  name: string;
  facts: FactsShorthand;
  /** Inline rules (+ settings) instead of the default pack. */
  rules?: unknown[];
  settings?: unknown;
  followUp?: string;
  expect: {
    /** Planned actions in order: `reply_template:night`, `transfer:on_duty`, `mute:30`, `tag:x`, `follow_up:rule`. */
    actions: string[];
    /** Rule ids that fired (or were forced), in order. */
    fired?: string[];
    /** Suppressed actions: `reply_template:night@off_hours_once`. */
    suppressed?: string[];
    /** Guards that must be active. */
    guards?: string[];
    /** ruleId → `<expected> — actual: <actual>` (substring). */
    failed?: Record<string, string>;
    /** ruleId → outcome. */
    outcomes?: Record<string, string>;
    dryRun?: boolean;
    /** Resolved transfer/alert target userid. */
    target?: string | null;
    /** Keywords evidence of fired rules (substring of the joined list). */
    matched?: string;
    /** A line of the Chinese explanation (substring). */
    explains?: string;
  };
}

const dir = join(import.meta.dirname, 'golden');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const cases: Array<[string, GoldenCase]> = files.flatMap((f) =>
  (JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldenCase[]).map((c): [string, GoldenCase] => [`${f.replace('.json', '')}: ${c.name}`, c]),
);

const label = (a: PlannedAction | { type: string; kind?: string }): string => {
  const x = a as Record<string, unknown>;
  if (typeof x.kind === 'string') return `${a.type}:${x.kind}${typeof x.templateId === 'string' ? `#${x.templateId}` : ''}`;
  if ('status' in x) return a.type === 'alert_manager' || !x.detail ? a.type : `${a.type}:${String(x.detail)}`;
  if (a.type === 'transfer') return `transfer:${String(x.to)}`;
  if (a.type === 'mute') return `mute:${String(x.minutes)}`;
  if (a.type === 'tag') return `tag:${String(x.tag)}`;
  if (a.type === 'follow_up') return `follow_up:${String(x.runRuleId)}`;
  return a.type;
};

function ruleSetFor(c: GoldenCase): RuleSet {
  if (!c.rules) return DEFAULT_RULE_SET;
  const v = validateRuleSet({ version: 'golden', rules: c.rules, settings: c.settings ?? {} });
  if (!v.ok) throw new Error(`invalid inline rules: ${JSON.stringify(v.errors)}`);
  return v.ruleSet;
}

describe('golden decisions', () => {
  it('has at least 60 cases', () => { expect(cases.length).toBeGreaterThanOrEqual(60); });

  it('default pack validates against the default templates', () => {
    const v = validateRuleSet(DEFAULT_RULE_SET, { templates: DEFAULT_TEMPLATES });
    expect(v.ok ? [] : v.errors).toEqual([]);
  });

  it.each(cases)('%s', (_name, c) => {
    const facts = buildFacts(c.facts);
    const d: Decision = decide(facts, ruleSetFor(c), facts.now, c.followUp ? { followUpRuleId: c.followUp } : {});
    const e = c.expect;
    const why = `\n${explainTrace(d.trace).join('\n')}`;
    expect(d.actions.map(label), why).toEqual(e.actions);
    if (e.fired) {
      expect(d.trace.rules.filter((r) => r.outcome === 'fired' || r.outcome === 'forced').map((r) => r.ruleId), why).toEqual(e.fired);
    }
    if (e.suppressed) {
      expect(d.trace.actions.filter((a) => a.status === 'suppressed').map((a) => `${label(a)}@${a.guard}`), why).toEqual(e.suppressed);
    }
    for (const g of e.guards ?? []) expect(d.trace.guards.find((x) => x.guard === g)?.active, `guard ${g}${why}`).toBe(true);
    for (const [ruleId, text] of Object.entries(e.failed ?? {})) {
      const r = d.trace.rules.find((x) => x.ruleId === ruleId);
      expect(r?.failed, `rule ${ruleId}${why}`).toBeDefined();
      expect(`${r?.failed?.expected} — actual: ${r?.failed?.actual}`).toContain(text);
    }
    for (const [ruleId, outcome] of Object.entries(e.outcomes ?? {})) {
      expect(d.trace.rules.find((x) => x.ruleId === ruleId)?.outcome, `rule ${ruleId}${why}`).toBe(outcome);
    }
    if (e.dryRun !== undefined) expect(d.dryRun).toBe(e.dryRun);
    if (e.target !== undefined) {
      const t = d.actions.find((a) => a.type === 'transfer' || a.type === 'alert_manager') as { userid: string | null } | undefined;
      expect(t?.userid, why).toBe(e.target);
    }
    if (e.matched) expect(d.trace.rules.flatMap((r) => r.matched ?? []).join(' ')).toContain(e.matched);
    if (e.explains) expect(explainTrace(d.trace).join('\n')).toContain(e.explains);
    expect(JSON.parse(JSON.stringify(d.trace))).toEqual(d.trace);
    // as stored (without what the rule set says of itself) and read back with the same rule set: the same trace
    const stored = JSON.parse(JSON.stringify(packTrace(d.trace))) as PackedTrace;
    expect(unpackTrace(stored, compileRuleSet(ruleSetFor(c)))).toEqual(d.trace);
  });
});
