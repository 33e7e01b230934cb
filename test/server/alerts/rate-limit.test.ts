import { afterEach, describe, it, expect } from 'vitest';
import type { TestProduct } from '../../support/product';
import type { ManualClock } from '../../../server/app/clock';
import { jobs, managerAlerts } from '../../../server/adapters/db/sqlite/schema/index';
import { queueManagerAlertIn } from '../../../server/core/alerts/queue';
import { startRelayProduct } from '../relay/support';

let p: TestProduct;
let clock: ManualClock;
afterEach(async () => { await p.stop(); });

async function queue(n: number, from: number): Promise<void> {
  await p.deps.shared.uow.run(async (tx) => {
    for (let i = from; i < from + n; i++) {
      await queueManagerAlertIn(tx, p.deps, { touser: 'wangwu', facts: { conversationId: 1000 + i, nickname: `客户${i}`, intent: 'urgent', emotion: 0.9, waitingMs: 600_000 }, reason: '测试', stage: 'silence', now: clock.now() });
    }
  });
}
const cards = async () => (await p.sim.state()).appMessages.filter((m) => m.touser === 'wangwu');

describe('duty-manager alerts respect 30 per member per minute', () => {
  it('coalesces what does not fit, waits for the window, and never has a card dropped', async () => {
    ({ p, clock } = await startRelayProduct());
    await queue(35, 0);
    await p.relay.alerts.drain();
    let sent = await cards();
    expect(sent).toHaveLength(30);
    expect(sent.at(-1)!.textcard).toMatchObject({ title: '6 位客户需要处理' });
    await queue(5, 35);
    await p.relay.alerts.drain();
    expect(await cards()).toHaveLength(30);
    expect(p.deps.db.select().from(managerAlerts).all().filter((a) => a.status === 'pending')).toHaveLength(5);
    clock.advance(60_001);
    await p.relay.alerts.drain();
    sent = await cards();
    expect(sent).toHaveLength(35);
    expect(sent.flatMap((c) => c.dropped)).toEqual([]);
    expect(p.deps.db.select().from(managerAlerts).all().map((a) => a.status).sort()).toEqual([...Array(5).fill('coalesced'), ...Array(35).fill('sent')].sort());
  });

  it('keeps one delivery waiting per recipient however many alerts queue while the window is full', async () => {
    ({ p, clock } = await startRelayProduct());
    await queue(30, 0);
    await p.relay.alerts.drain();
    expect(await cards()).toHaveLength(30);
    for (let i = 30; i < 70; i++) await queue(1, i); // one transaction each, as escalations come
    const waiting = p.deps.db.select().from(jobs).all().filter((j) => j.orderingKey === 'alerts:wangwu' && j.status === 'pending');
    expect(waiting).toHaveLength(1); // not one job per alert: each claim would walk past all of them
    clock.advance(60_001);
    await p.relay.alerts.drain();
    const statuses = p.deps.db.select().from(managerAlerts).all().map((a) => a.status);
    expect(statuses.filter((s) => s === 'pending')).toEqual([]);
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(60); // 30, then 29 single cards and one for the other 11
    expect(statuses.filter((s) => s === 'coalesced')).toHaveLength(10);
  });

  it('deduplicates per conversation and calendar window', async () => {
    ({ p, clock } = await startRelayProduct());
    await queue(1, 0);
    await queue(1, 0);
    // delivered before the manual clock jumps (a delivery in flight across a 3 h jump would see its lease expire and be taken over)
    await p.relay.alerts.drain();
    clock.advance(3 * 3_600_000); // 10:00 → 13:00: the lunch break, a new calendar window
    await queue(1, 0);
    await p.relay.alerts.drain();
    expect(await cards()).toHaveLength(2);
  });
});
