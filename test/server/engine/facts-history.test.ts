/**
 * @module The facts a decision reads from the customer's earlier messages, through the real storing transaction and
 * engine planner (decision sandbox, SQLite): the repeat count within the window — also when the window holds more
 * messages than the one read of the latest brings — and the emotion trend against the five messages before.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { DecisionSandbox } from '../../../server/core/engine/sandbox';
import { createIntentClassifier } from '../../../server/core/intent/create-classifier';
import type { IntentClassifier } from '../../../shared/intent/index';

let intent: IntentClassifier;
let box: DecisionSandbox;
beforeAll(() => { intent = createIntentClassifier(); });
afterEach(() => { box.close(); });

const NIGHT = Date.parse('2026-11-26T22:00:00+08:00');
async function say(customer: string, text: string, afterMs = 5_000) {
  box.clock.advance(afterMs);
  return box.send(customer, text);
}

describe('facts from the customer\'s history', () => {
  it('counts the same text within the repeat window (5 min by default): near, past many other messages, and not once it lapsed', async () => {
    box = await DecisionSandbox.open({ at: NIGHT, intent });
    await say('c1', '在吗');
    await say('c1', '好的');
    expect((await say('c1', '在吗 ')).trace.facts.sameContent).toBe(2); // compared normalised
    // 25 other messages between: the window holds more than the latest read brings, the count still finds the first
    for (let i = 1; i <= 25; i++) await say('c2', `第${i}个问题：发票怎么开`, 2_000);
    await say('c2', '在吗', 2_000);
    for (let i = 26; i <= 50; i++) await say('c2', `第${i}个问题：发票怎么开`, 2_000);
    expect((await say('c2', '在吗', 2_000)).trace.facts.sameContent).toBe(2);
    expect((await say('c2', '在吗', 5 * 60_000 + 1_000)).trace.facts.sameContent).toBe(1); // the earlier ones lapsed
  });

  it('measures the emotion trend against the mean of the five customer messages before this one', async () => {
    box = await DecisionSandbox.open({ at: NIGHT, intent });
    for (const text of ['你好', '请问发票怎么开', '好的谢谢', '我再问一下', '还在吗', '明白了']) await say('c3', text);
    const last = await say('c3', '你们太过分了！等了这么久没人理，我要投诉！');
    const earlier = await box.uow.read((q) => q.db.select({ e: q.t.messages.emotion }).from(q.t.messages)
      .where(eq(q.t.messages.origin, 3)).orderBy(asc(q.t.messages.sendTime)));
    const five = earlier.slice(-6, -1).map((r) => r.e!);
    const trend = last.emotion - five.reduce((a, b) => a + b, 0) / five.length;
    const guard = last.trace.guards.find((g) => g.guard === 'emotion_escalation')!;
    expect(guard.detail).toContain(`trend ${trend >= 0 ? '+' : ''}${trend.toFixed(2)}`);
  });
});
