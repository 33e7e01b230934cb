/**
 * The no-silence soak on PostgreSQL with two instances: the scenario kinds that do not jump the clock (new
 * customers, agents' status and 接待中 changes, WeCom faults, dropped callbacks), driven through one strict
 * simulator whose callbacks alternate between two in-process instances on one database, as a load balancer's
 * would. Both instances share one clock and one time travel: time passes (seconds between messages, the oracle's
 * 10 s) by stopping at every instant where either instance has work and waiting until both are idle.
 * SOAK_SEED and SOAK_PER_KIND as for the SQLite soak (default here 10 of each kind, 80 scenarios).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, count, eq, gt, inArray, isNotNull, lte, or } from 'drizzle-orm';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { createTestDatabase, pgTestUrl, type TestDatabase } from '../../support/pg-database';
import { NO_JUMP_KINDS, scenarioOrder, SoakDriver } from './driver';
import { startSoakCluster, type SoakProduct } from './support';

const url = pgTestUrl();
const SEED = process.env.SOAK_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.SOAK_SEED ?? 20261203);
const PER_KIND = Number(process.env.SOAK_PER_KIND ?? 10);
const WEDNESDAY_10 = '2026-11-25T10:00:00+08:00';

describe.skipIf(!url)('never silent on PostgreSQL: the no-silence soak without clock jumps, two instances behind one simulator', () => {
  let db: TestDatabase;
  let s: SoakProduct | undefined;
  beforeAll(async () => { db = await createTestDatabase(url!); });
  afterEach(async () => { await s?.stop(); s = undefined; });
  afterAll(async () => { await db?.drop(); });

  it('answers every customer message truthfully — or a person who can answer has it — whichever instance took the callback', async () => {
    s = await startSoakCluster(WEDNESDAY_10, db.url);
    await s.setStatus('zhangsan', 'online');
    await s.setStatus('lisi', 'online');
    // replies go out from the outbox's job, through the client's single-attempt view (`once`)
    const sends = s.instances.map((i) => [vi.spyOn(i.deps.wecom.once, 'sendMsg'), vi.spyOn(i.deps.wecom.once, 'sendMsgOnEvent')] as const);
    const driver = new SoakDriver(s, SEED);
    for (const kind of scenarioOrder(NO_JUMP_KINDS, PER_KIND, SEED + 1)) await driver.run(kind);
    await s.travel.settle();
    console.log(driver.report());
    console.log(`  sends per instance (kf/send_msg, send_msg_on_event): ${sends.map(([msg, onEvent]) => `${msg.mock.calls.length}+${onEvent.mock.calls.length}`).join(' · ')}`);
    for (const f of driver.failures.slice(0, 8)) console.log(`  ✗ seed ${f.seed} step ${f.step} ${f.kind} ${f.customer} "${f.text}" at ${f.at}: ${f.why}`);
    expect(Math.min(...NO_JUMP_KINDS.map((k) => driver.byKind.get(k)!))).toBe(PER_KIND);
    expect(driver.failures, `no-silence soak on PostgreSQL failed — rerun with SOAK_SEED=${SEED}`).toEqual([]);

    // the work was shared: each instance took callbacks and sent replies
    expect(s.instances.map((i) => i.inbound.lastCallbackAt(DEMO_KF.open_kfid) !== undefined)).toEqual([true, true]);
    expect(sends.map(([msg]) => msg.mock.calls.length > 0)).toEqual([true, true]);
    // … and done once: no msgid sent twice (the simulator refuses one it has taken with 40058, which the outbox would
    // count as sent on a retry), every message decided once, each reply WeCom took in the inbox once and recorded
    // sent once, nothing due left behind
    const refusedAsDuplicate = sends.flatMap((spies) => spies.flatMap((spy) => spy.mock.settledResults))
      .filter((r) => r.type === 'rejected' && (r.value as { errcode?: number }).errcode === 40058).length;
    expect(refusedAsDuplicate).toBe(0);
    const now = s.now();
    const left = await s.p.deps.shared.uow.read(async ({ db, t: { decisions, outbox, jobs } }) => ({
      decidedTwice: await db.select({ cause: decisions.causeMsgid, n: count() }).from(decisions)
        .where(and(eq(decisions.trigger, 'message'), isNotNull(decisions.causeMsgid))).groupBy(decisions.causeMsgid).having(gt(count(), 1)),
      sentReplies: (await db.select({ n: count() }).from(outbox).where(and(eq(outbox.status, 'sent'), inArray(outbox.kind, ['send_msg', 'send_template', 'send_msg_on_event']))))[0]!.n,
      overdueSends: (await db.select({ n: count() }).from(outbox).where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now))))[0]!.n,
      overdueJobs: (await db.select({ n: count() }).from(jobs).where(or(eq(jobs.status, 'running'), and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)))))[0]!.n,
    }));
    const inbox = (await s.p.sim.allInboxes()).filter((m) => m.sender === 'send_msg' || m.sender === 'send_msg_on_event');
    expect(new Set(inbox.map((m) => m.msgid)).size).toBe(inbox.length);
    expect({ ...left, inbox: inbox.length }).toEqual({ decidedTwice: [], sentReplies: inbox.length, overdueSends: 0, overdueJobs: 0, inbox: inbox.length });
  }, 30 * 60_000);
});
