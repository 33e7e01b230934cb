import { afterEach, describe, it, expect } from 'vitest';
import { asc, eq, inArray } from 'drizzle-orm';
import { ManualClock } from '../../server/app/clock';
import { agents, agentStatusHistory, messages, timers } from '../../server/adapters/db/sqlite/schema/index';
import { seedDutyDemo } from '../../server/core/duty/seed';
import { setAgentStatus } from '../../server/core/services/set-agent-status';
import { ESCALATION_KINDS } from '../../server/core/escalation/arm';
import { createSimulator } from '../../server/wecom-sim/index';
import { SimControlError } from '../../server/wecom-sim/control-client';
import { startProduct, type TestProduct } from '../support/product';
import { waitFor } from '../support/wait';

const customer = 'wmDemoCustomer0001';
let p: TestProduct | undefined;
afterEach(async () => { await p?.stop(); p = undefined; });

/** The product in demo mode on a frozen base clock: only jumps move time, so every instant below is exact. */
async function start(at: string, env: Record<string, string> = {}): Promise<TestProduct> {
  const base = new ManualClock(Date.parse(at));
  p = await startProduct({ ADMIN_USERIDS: 'wangwu', ...env }, { clock: base });
  await seedDutyDemo(p.deps, p.url);
  await p.travel!.settle();
  return p;
}

async function customerWrites(prod: TestProduct, content: string): Promise<number> {
  await prod.sim.customerSend({ external_userid: customer, nickname: '小明', msgtype: 'text', content });
  const stored = await waitFor(() => prod.deps.db.select().from(messages).where(eq(messages.origin, 3)).get(), { what: 'message stored' });
  await prod.travel!.settle();
  return stored.sendTime * 1000;
}

describe('one clock for product and simulator (demo and test mode)', () => {
  it('a 10-minute jump through /sim/clock fires the 90 s and 10 min escalations in the order they were due, at their due times', async () => {
    // A lateness limit far below the jump: a jump is not downtime, so nothing may be reported late.
    const prod = await start('2026-11-25T22:00:00+08:00', { TIMER_MAX_LATENESS_MS: '1000' });
    const customerAt = await customerWrites(prod, '在吗');

    const moved = await prod.sim.setClock({ advanceMs: 10 * 60_000 });
    expect(moved.offsetMs).toBe(10 * 60_000);
    expect(prod.deps.clock.now()).toBe(Date.parse('2026-11-25T22:10:00+08:00'));

    const fired = prod.deps.db.select().from(timers).where(inArray(timers.kind, ESCALATION_KINDS)).orderBy(asc(timers.firedAt)).all();
    expect(fired.map((t) => [t.kind, t.status, t.outcome])).toEqual([
      ['esc.unanswered', 'fired', 'faq_card'],
      ['esc.silence', 'fired', 'backup_and_alert'],
    ]);
    expect(fired.map((t) => t.firedAt! - customerAt)).toEqual([90_000, 600_000]);
    // the effects reached the simulator before the jump answered, each at its own moment
    const card = (await prod.sim.inbox({ external_userid: customer })).find((m) => m.msgtype === 'msgmenu');
    expect(card?.atMs).toBe(customerAt + 90_000);
    const alert = (await prod.sim.state()).appMessages.filter((m) => m.touser === 'wangwu');
    expect(alert.map((m) => m.time)).toEqual([Math.floor((customerAt + 600_000) / 1000)]);
  });

  it('refuses a backward jump in demo mode with 409 and leaves the shared clock where it was', async () => {
    const prod = await start('2026-11-25T22:00:00+08:00');
    await prod.sim.setClock({ advanceMs: 60_000 });
    const before = prod.deps.clock.now();
    for (const input of [{ advanceMs: -1 }, { offsetMs: 0 }]) {
      const err = await prod.sim.setClock(input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SimControlError);
      expect(err).toMatchObject({ status: 409, code: 'clock_backward' });
    }
    expect(prod.deps.clock.now()).toBe(before);
    expect((await prod.sim.state()).now).toBe(before);
    // the /demo control refuses it at the edge too
    const res = await fetch(`${prod.url}/demo/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advanceMs":-60000}' });
    expect(res.status).toBe(400);
    expect(prod.deps.clock.now()).toBe(before);
  });

  it('keeps /sim/clock\'s own meaning for a simulator running by itself: its offset moves either way', async () => {
    const base = new ManualClock(Date.parse('2026-11-25T22:00:00+08:00'));
    const sim = createSimulator({ now: () => base.now() });
    expect(await sim.control.setClock({ advanceMs: -5_000 })).toEqual({ now: base.now() - 5_000, offsetMs: -5_000 });
    expect(await sim.control.setClock({ offsetMs: 1_000 })).toEqual({ now: base.now() + 1_000, offsetMs: 1_000 });
  });

  it('ends a shift at 21:00 during a jump, not at the end of the jump', async () => {
    const prod = await start('2026-11-25T20:00:00+08:00');
    await prod.setStatus('lisi', 'online');
    await prod.sim.setClock({ advanceMs: 2 * 3_600_000 });
    const lisi = prod.deps.db.select().from(agents).where(eq(agents.userid, 'lisi')).get();
    expect(lisi).toMatchObject({ status: 'moon', statusSource: 'schedule' });
    const ended = prod.deps.db.select().from(agentStatusHistory).where(eq(agentStatusHistory.userid, 'lisi')).all().at(-1);
    expect(ended).toMatchObject({ toStatus: 'moon', reason: 'shift ended', at: Date.parse('2026-11-25T21:00:00+08:00') });
  });

  it('stops a jump when a manual status set just before it runs out, back to what the shift says', async () => {
    const prod = await start('2026-11-25T10:00:00+08:00'); // a Wednesday, on shift
    const until = Date.parse('2026-11-25T10:20:00+08:00');
    await setAgentStatus({ ctx: prod.deps, input: { userid: 'lisi', status: 'dnd', source: 'manual', until } });
    await prod.sim.setClock({ advanceMs: 3_600_000 });
    const lisi = prod.deps.db.select().from(agents).where(eq(agents.userid, 'lisi')).get();
    expect(lisi).toMatchObject({ status: 'online', statusSource: 'schedule' });
    const expired = prod.deps.db.select().from(agentStatusHistory).where(eq(agentStatusHistory.userid, 'lisi')).all().at(-1);
    expect(expired).toMatchObject({ fromStatus: 'dnd', toStatus: 'online', reason: 'manual status expired', at: until });
  });

  it('polls attendance on a jump longer than the polling interval (下班打卡 → 月球模式)', async () => {
    const prod = await start('2026-11-25T18:00:00+08:00');
    await prod.setStatus('lisi', 'online');
    await prod.sim.recordCheckin({ userid: 'lisi', checkin_type: '下班打卡' });
    await prod.sim.setClock({ advanceMs: 10 * 60_000 });
    const lisi = prod.deps.db.select().from(agents).where(eq(agents.userid, 'lisi')).get();
    expect(lisi).toMatchObject({ status: 'moon', statusSource: 'attendance' });
  });

  it('the /demo control jumps to the next 21:00 and to the next morning in the organisation\'s zone', async () => {
    const prod = await start('2026-11-25T20:00:00+08:00');
    const jump = async (body: unknown) => {
      const res = await fetch(`${prod.url}/demo/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      return (await res.json()) as { now: number; local: string; timeZone: string; offsetMs: number };
    };
    expect((await jump({ toLocalTime: '21:00' })).local).toBe('2026-11-25T21:00:00+08:00');
    expect((await jump({ advanceMs: 90_000 })).local).toBe('2026-11-25T21:01:30+08:00');
    const morning = await jump({ toLocalTime: '09:00' });
    expect(morning).toMatchObject({ local: '2026-11-26T09:00:00+08:00', timeZone: 'Asia/Shanghai', offsetMs: 13 * 3_600_000 });
    expect((await prod.sim.state()).now).toBe(morning.now);
  });
});
