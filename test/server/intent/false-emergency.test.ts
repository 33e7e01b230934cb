/**
 * @module The default pack's emergency rule, as far as it listens to the classifier, on a held-out probe of ordinary
 * messages (greetings, navigation, yes/no, numbers, plain questions) and of real emergencies and complaints
 * (shared/intent/data/probe-emergency.ts, never trained on): an ordinary message must almost never start the emergency
 * flow (it transfers to the on-duty agent and can wake a manager at night), and a real one must almost always start it.
 */
import { beforeAll, describe, it, expect } from 'vitest';
import { createIntentClassifier } from '../../../server/core/intent/create-classifier';
import { DEFAULT_RULE_SET } from '../../../shared/engine/default-pack';
import { PROBE_EMERGENCY, PROBE_NEUTRAL } from '../../../shared/intent/data/probe-emergency';
import type { IntentClassifier } from '../../../shared/intent/index';

/** The intent condition of the default pack's emergency rule (intents and minimum confidence), read from the pack. */
function emergencyIntentCondition(): { in: readonly string[]; minConfidence: number } {
  const rule = DEFAULT_RULE_SET.rules.find((r) => r.id === 'emergency');
  const when = rule?.when as { any?: readonly { type: string; in?: readonly string[]; minConfidence?: number }[] } | undefined;
  const cond = when?.any?.find((c) => c.type === 'intent');
  if (!cond?.in || cond.minConfidence === undefined) throw new Error('the default pack has no intent condition on its emergency rule');
  return { in: cond.in, minConfidence: cond.minConfidence };
}

let c: IntentClassifier;
let startsEmergency: (text: string) => boolean;
beforeAll(() => {
  c = createIntentClassifier();
  const cond = emergencyIntentCondition();
  startsEmergency = (text) => {
    const r = c.classify(text);
    return cond.in.includes(r.intent) && r.confidence >= cond.minConfidence;
  };
});

describe('emergency rule on the held-out probe', () => {
  it('starts the emergency flow on at most 2 % of ordinary messages, short ones included', () => {
    const wrong = PROBE_NEUTRAL.filter((t) => startsEmergency(t));
    expect(PROBE_NEUTRAL.length).toBeGreaterThanOrEqual(150);
    expect(wrong.length / PROBE_NEUTRAL.length, wrong.join(' | ')).toBeLessThanOrEqual(0.02);
  });

  it('starts it on at least 90 % of real emergencies and complaints, short ones included', () => {
    const missed = PROBE_EMERGENCY.filter((t) => !startsEmergency(t));
    expect(PROBE_EMERGENCY.length).toBeGreaterThanOrEqual(35);
    expect(1 - missed.length / PROBE_EMERGENCY.length, missed.join(' | ')).toBeGreaterThanOrEqual(0.9);
  });
});
