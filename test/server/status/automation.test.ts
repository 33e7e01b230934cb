import { afterEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { ManualClock } from '../../../server/clock';
import { agents, agentStatusHistory } from '../../../server/db/schema/index';
import { setAgentStatus } from '../../../server/services/set-agent-status';

let p: TestProduct;
let clock: ManualClock;
afterEach(async () => { await p.stop(); });

const statusOf = (userid: string) => p.deps.db.select().from(agents).where(eq(agents.userid, userid)).get()!;
async function start(at: string) {
  clock = new ManualClock(Date.parse(at));
  p = await startProduct({}, { clock });
}

describe('automatic status changes', () => {
  it('puts an online agent into 月球模式 when the shift ends at 21:00 and back online at 09:00 the next workday', async () => {
    await start('2026-11-25T20:59:00+08:00'); // a Wednesday
    await p.setStatus('lisi', 'online');
    p.automation.tick();
    expect(statusOf('lisi').status).toBe('online');
    clock.set('2026-11-25T21:00:30+08:00');
    expect(p.automation.tick()).toBeGreaterThanOrEqual(1);
    expect(statusOf('lisi')).toMatchObject({ status: 'moon', statusSource: 'schedule' });
    clock.set('2026-11-26T09:00:30+08:00');
    p.automation.tick();
    expect(statusOf('lisi')).toMatchObject({ status: 'online', statusSource: 'schedule' });
    const history = p.deps.db.select().from(agentStatusHistory).where(eq(agentStatusHistory.userid, 'lisi')).all();
    expect(history.map((h) => [h.toStatus, h.source, h.reason])).toEqual([
      ['online', 'manual', null], ['moon', 'schedule', 'shift ended'], ['online', 'schedule', 'shift started'],
    ]);
  });

  it('leaves a manual status with `until` in force alone, and follows the shift again once it expires', async () => {
    await start('2026-11-25T20:30:00+08:00');
    p.automation.tick();
    setAgentStatus({ ctx: p.deps, input: { userid: 'zhangsan', status: 'dnd', source: 'manual', until: Date.parse('2026-11-25T21:30:00+08:00') } });
    clock.set('2026-11-25T21:00:30+08:00');
    p.automation.tick();
    expect(statusOf('zhangsan')).toMatchObject({ status: 'dnd', statusSource: 'manual' });
    clock.set('2026-11-25T21:31:00+08:00');
    p.automation.tick();
    expect(statusOf('zhangsan')).toMatchObject({ status: 'moon', statusSource: 'schedule' });
  });

  it('does not treat the 调休 Saturday 2026-02-14 as a weekend: the shift starts at 09:00', async () => {
    await start('2026-02-14T08:59:00+08:00');
    p.automation.tick();
    expect(statusOf('wangwu').status).toBe('moon');
    clock.set('2026-02-14T09:00:30+08:00');
    p.automation.tick();
    expect(statusOf('wangwu')).toMatchObject({ status: 'online', statusSource: 'schedule' });
  });

  it('follows WeCom attendance: 下班打卡 → 月球模式, 上班打卡 → online, each applied once', async () => {
    await start('2026-11-25T18:00:00+08:00');
    await p.setStatus('lisi', 'online');
    await p.automation.pollAttendance();
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '下班打卡', checkin_time: Math.floor(clock.now() / 1000) - 10 });
    expect(await p.automation.pollAttendance()).toBe(1);
    expect(statusOf('lisi')).toMatchObject({ status: 'moon', statusSource: 'attendance' });
    expect(await p.automation.pollAttendance()).toBe(0);
    clock.advance(60_000);
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '上班打卡', checkin_time: Math.floor(clock.now() / 1000) - 5 });
    expect(await p.automation.pollAttendance()).toBe(1);
    expect(statusOf('lisi')).toMatchObject({ status: 'online', statusSource: 'attendance' });
  });
});
