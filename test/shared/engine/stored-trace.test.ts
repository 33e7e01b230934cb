import { describe, it, expect } from 'vitest';
import { compileRuleSet, decide, explainTrace, DEFAULT_RULE_SET, type Trace } from '../../../shared/engine';
import { packTrace, unpackTrace } from '../../../shared/engine/stored-trace';
import { buildFacts } from './facts';

/** A night message the default pack answers with its night notice: most rules do not match (each says why). */
function nightTrace(): Trace {
  const facts = buildFacts({ at: '2026-11-26T22:30:00+08:00', window: 'night', text: '在吗', intent: 'greeting@0.95' });
  return decide(facts, DEFAULT_RULE_SET, facts.now).trace;
}

describe('a decision trace as stored', () => {
  it('leaves what the rule set says of itself out: under half the bytes of the whole trace with the default pack', () => {
    const trace = nightTrace();
    const whole = Buffer.byteLength(JSON.stringify(trace));
    const stored = Buffer.byteLength(JSON.stringify(packTrace(trace)));
    expect(trace.rules.filter((r) => r.outcome === 'not_matched').length).toBeGreaterThan(5);
    expect(stored).toBeLessThan(whole / 2);
  });

  it('reads back whole with the rule set of its version', () => {
    const trace = nightTrace();
    expect(unpackTrace(JSON.parse(JSON.stringify(packTrace(trace))), compileRuleSet(DEFAULT_RULE_SET))).toEqual(trace);
  });

  it('without its rule set, names rules by id and conditions by path, and still explains', () => {
    const trace = nightTrace();
    const read = unpackTrace(packTrace(trace), undefined);
    expect(read.rules.map((r) => r.name)).toEqual(trace.rules.map((r) => r.ruleId));
    const missed = read.rules.find((r) => r.failed)!;
    expect(missed.failed).toMatchObject({ type: 'unknown', expected: missed.failed!.path, actual: trace.rules.find((r) => r.ruleId === missed.ruleId)!.failed!.actual });
    expect(explainTrace(read).length).toBeGreaterThan(0);
  });

  it('reads a trace stored whole (before this format) as it is', () => {
    const trace = nightTrace();
    expect(unpackTrace(trace, undefined)).toBe(trace);
  });
});
