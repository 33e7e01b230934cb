/**
 * @module The default pack's whole emergency rule (keywords, intents and the 我有紧急问题 button), decided by the real
 * engine on the real classifier's reading of each message: ordinary uses of 紧急/加急/投诉 do not start the emergency
 * flow, real emergencies still do, on the held-out probe as well as on the examples people met.
 */
import { beforeAll, describe, it, expect } from 'vitest';
import { createIntentClassifier } from '../../../server/core/intent/create-classifier';
import { DEFAULT_RULE_SET } from '../../../shared/engine/default-pack';
import { decide } from '../../../shared/engine/index';
import { PROBE_EMERGENCY, PROBE_NEUTRAL } from '../../../shared/intent/data/probe-emergency';
import type { IntentClassifier } from '../../../shared/intent/index';
import { buildFacts } from '../../shared/engine/facts';

let c: IntentClassifier;
beforeAll(() => { c = createIntentClassifier(); });

/** Whether the emergency rule fires for `text` on a Thursday morning with the agent online. */
function emergencyFires(text: string, menuId?: string): boolean {
  const r = c.classify(text);
  const facts = buildFacts({
    at: '2026-11-26T10:00:00+08:00', window: 'open', text, intent: `${menuId === 'urgent' ? 'urgent' : r.intent}@${menuId ? 1 : r.confidence}`,
    emotion: r.emotion, ...(menuId ? { menuId } : {}),
  });
  const d = decide(facts, DEFAULT_RULE_SET, facts.now);
  return d.trace.rules.find((x) => x.ruleId === 'emergency')?.outcome === 'fired';
}

describe('the default emergency rule', () => {
  it.each(['紧急联系人怎么改', '能不能加急发顺丰', '加急处理一下我的订单，明天就要用', '投诉建议的入口在哪里看订单'])(
    'does not start the emergency flow on the ordinary request “%s”', (text) => {
      expect(emergencyFires(text)).toBe(false);
    });

  it.each(['紧急！系统崩了', '紧急', '急事，快回复', '救命 机器冒烟了', '我要投诉'])('starts it on “%s”', (text) => {
    expect(emergencyFires(text)).toBe(true);
  });

  it('starts it when the customer taps 我有紧急问题, whatever its words alone are classified as', () => {
    expect(emergencyFires('我有紧急问题', 'urgent')).toBe(true);
  });

  it('fires on at most 2 % of the ordinary probe messages and at least 90 % of the real emergencies', () => {
    const wrong = PROBE_NEUTRAL.filter((t) => emergencyFires(t));
    const missed = PROBE_EMERGENCY.filter((t) => !emergencyFires(t));
    expect(wrong.length / PROBE_NEUTRAL.length, wrong.join(' | ')).toBeLessThanOrEqual(0.02);
    expect(1 - missed.length / PROBE_EMERGENCY.length, missed.join(' | ')).toBeGreaterThanOrEqual(0.9);
  });
});
