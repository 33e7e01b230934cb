import { afterEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { ManualClock } from '../../../server/app/clock';
import { agents, agentStatusHistory } from '../../../server/adapters/db/sqlite/schema/index';
import { setAgentStatus } from '../../../server/core/services/set-agent-status';

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
    await p.automation.tick();
    expect(statusOf('lisi').status).toBe('online');
    clock.set('2026-11-25T21:00:30+08:00');
    expect(await p.automation.tick()).toBeGreaterThanOrEqual(1);
    expect(statusOf('lisi')).toMatchObject({ status: 'moon', statusSource: 'schedule' });
    clock.set('2026-11-26T09:00:30+08:00');
    await p.automation.tick();
    expect(statusOf('lisi')).toMatchObject({ status: 'online', statusSource: 'schedule' });
    const history = p.deps.db.select().from(agentStatusHistory).where(eq(agentStatusHistory.userid, 'lisi')).all();
    expect(history.map((h) => [h.toStatus, h.source, h.reason])).toEqual([
      ['online', 'manual', null], ['moon', 'schedule', 'shift ended'], ['online', 'schedule', 'shift started'],
    ]);
  });

  it('leaves a manual status with `until` in force alone, and follows the shift again once it expires', async () => {
    await start('2026-11-25T20:30:00+08:00');
    await p.automation.tick();
    await setAgentStatus({ ctx: p.deps, input: { userid: 'zhangsan', status: 'dnd', source: 'manual', until: Date.parse('2026-11-25T21:30:00+08:00') } });
    clock.set('2026-11-25T21:00:30+08:00');
    await p.automation.tick();
    expect(statusOf('zhangsan')).toMatchObject({ status: 'dnd', statusSource: 'manual' });
    clock.set('2026-11-25T21:31:00+08:00');
    await p.automation.tick();
    expect(statusOf('zhangsan')).toMatchObject({ status: 'moon', statusSource: 'schedule' });
  });

  it('does not treat the 调休 Saturday 2026-02-14 as a weekend: the shift starts at 09:00', async () => {
    await start('2026-02-14T08:59:00+08:00');
    await p.automation.tick();
    expect(statusOf('wangwu').status).toBe('moon');
    clock.set('2026-02-14T09:00:30+08:00');
    await p.automation.tick();
    expect(statusOf('wangwu')).toMatchObject({ status: 'online', statusSource: 'schedule' });
  });

  it('follows WeCom attendance: 下班打卡 → 月球模式, 上班打卡 → online, each applied once', async () => {
    await start('2026-11-25T18:00:00+08:00');
    await p.setStatus('lisi', 'online');
    await p.automation.pollAttendance();
    clock.advance(60_000);
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '下班打卡', checkin_time: Math.floor(clock.now() / 1000) - 10 });
    expect(await p.automation.pollAttendance()).toBe(1);
    expect(statusOf('lisi')).toMatchObject({ status: 'moon', statusSource: 'attendance' });
    expect(await p.automation.pollAttendance()).toBe(0);
    clock.advance(60_000);
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '上班打卡', checkin_time: Math.floor(clock.now() / 1000) - 5 });
    expect(await p.automation.pollAttendance()).toBe(1);
    expect(statusOf('lisi')).toMatchObject({ status: 'online', statusSource: 'attendance' });
  });

  it('picks up a check-in uploaded late, after a poll already passed its time, and applies it once', async () => {
    await start('2026-11-25T17:00:00+08:00');
    await p.setStatus('lisi', 'online');
    clock.set('2026-11-25T18:05:00+08:00');
    expect(await p.automation.pollAttendance()).toBe(0); // the device is offline: nothing uploaded yet
    // a colleague's 19:00 check-in arrives on time: polling has now passed 18:00
    await p.sim.recordCheckin({ userid: 'zhangsan', checkin_type: '上班打卡', checkin_time: Date.parse('2026-11-25T19:00:00+08:00') / 1000 });
    clock.set('2026-11-25T19:30:00+08:00');
    await p.automation.pollAttendance();
    // lisi's phone comes back online and uploads the 18:00 下班打卡 at 19:40
    clock.set('2026-11-25T19:40:00+08:00');
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '下班打卡', checkin_time: Date.parse('2026-11-25T18:00:00+08:00') / 1000 });
    clock.set('2026-11-25T19:45:00+08:00');
    expect(await p.automation.pollAttendance()).toBe(1);
    expect(statusOf('lisi')).toMatchObject({ status: 'moon', statusSource: 'attendance' });
    clock.set('2026-11-25T19:50:00+08:00');
    expect(await p.automation.pollAttendance()).toBe(0);
    const history = p.deps.db.select().from(agentStatusHistory).where(eq(agentStatusHistory.userid, 'lisi')).all();
    expect(history.map((h) => [h.toStatus, h.source])).toEqual([['online', 'manual'], ['moon', 'attendance']]);
  });

  it('never lets a late record older than the agent\'s newest check-in flip the status back', async () => {
    await start('2026-11-25T08:00:00+08:00');
    await p.setStatus('lisi', 'online');
    await p.automation.pollAttendance();
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '下班打卡', checkin_time: Date.parse('2026-11-25T18:00:00+08:00') / 1000 });
    clock.set('2026-11-25T18:05:00+08:00');
    await p.automation.pollAttendance();
    expect(statusOf('lisi')).toMatchObject({ status: 'moon', statusSource: 'attendance' });
    // the morning's 上班打卡 (09:00) arrives only now, after the 18:00 下班打卡 already counted
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '上班打卡', checkin_time: Date.parse('2026-11-25T09:00:00+08:00') / 1000 });
    clock.set('2026-11-25T18:10:00+08:00');
    expect(await p.automation.pollAttendance()).toBe(0);
    expect(statusOf('lisi')).toMatchObject({ status: 'moon', statusSource: 'attendance' });
  });

  it('never lets a late record older than a status set by hand since flip it', async () => {
    await start('2026-11-25T11:00:00+08:00');
    await p.setStatus('lisi', 'online');
    await p.automation.pollAttendance();
    clock.set('2026-11-25T12:00:00+08:00');
    await p.setStatus('lisi', 'busy');
    // an 11:30 外勤 下班打卡 uploaded at 12:20: the agent chose 忙碌 at 12:00, after it
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '下班打卡', checkin_time: Date.parse('2026-11-25T11:30:00+08:00') / 1000 });
    clock.set('2026-11-25T12:25:00+08:00');
    expect(await p.automation.pollAttendance()).toBe(0);
    expect(statusOf('lisi')).toMatchObject({ status: 'busy', statusSource: 'manual' });
    // a newer 上班打卡 (12:30) still counts
    await p.sim.recordCheckin({ userid: 'lisi', checkin_type: '上班打卡', checkin_time: Date.parse('2026-11-25T12:30:00+08:00') / 1000 });
    clock.set('2026-11-25T12:35:00+08:00');
    expect(await p.automation.pollAttendance()).toBe(1);
    expect(statusOf('lisi')).toMatchObject({ status: 'online', statusSource: 'attendance' });
  });
});
