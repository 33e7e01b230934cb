/**
 * The forecast in the running product (demo mode, real SQLite, simulator over HTTP, manual clock): the seeded
 * 16-week history, the admin API with staffing, the automatic escalation sensitivity in forecast peak hours
 * and the weekly "next week" card to the duty manager.
 */
import { afterEach, describe, it, expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { conversations, inboundHistory, messages, timers } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { hourStart } from '../../../shared/forecast/index';
import { FORECAST_WEEKLY_JOB } from '../../../server/core/forecast/jobs';
import { sameOrigin, signIn } from '../../support/auth';
import type { TestProduct } from '../../support/product';
import { advance, settle, startRelayProduct } from '../relay/support';

let p: TestProduct | undefined;
afterEach(async () => { await p?.stop(); p = undefined; });

/** Thursday before 中秋 and 国庆 2026: the next 14 days hold both holidays, the rush before and the backlog after. */
const BEFORE_HOLIDAYS = '2026-09-24T10:00:00+08:00';

interface Row { at: number; hour: string; expected: number; low: number; high: number; dayType: string; holidayName: string | null; why: string; needed: number; scheduled: number; open: boolean; shortfall: boolean }
interface Forecast { hours: Row[]; actuals: { hour: string; count: number }[]; historyDays: number; staffing: { assumption: { zh: string }; handle: { seconds: number; measured: boolean } }; from: string }

/** A customer writes now: the delay and the hour of the 90 s escalation timer armed for them. */
async function armed(product: TestProduct, customer: string): Promise<{ delay: number; hour: number }> {
  await product.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '在吗' });
  await settle(product);
  const conv = product.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get()!;
  const t = product.deps.db.select().from(timers).where(eq(timers.conversationId, conv.id)).all().find((x) => x.kind === 'esc.unanswered')!;
  return { delay: t.dueAt - t.armedAt, hour: hourStart(t.armedAt, 'Asia/Shanghai') };
}

describe('forecast in the product', { timeout: 120_000 }, () => {
  it('seeds 16 weeks of inbound history ending at the start hour, apart from conversations and messages', async () => {
    const started = await startRelayProduct({}, BEFORE_HOLIDAYS);
    p = started.p;
    const db = p.deps.db;
    const rows = db.select({ n: sql<number>`count(*)`, total: sql<number>`sum(${inboundHistory.count})`, first: sql<number>`min(${inboundHistory.hourStart})`, last: sql<number>`max(${inboundHistory.hourStart})` })
      .from(inboundHistory).where(eq(inboundHistory.openKfid, DEMO_KF.open_kfid)).get()!;
    expect(rows.n).toBe(16 * 7 * 24 + 10); // 16 weeks of whole days, then the start day until 10:00
    expect(rows.last).toBe(Date.parse(BEFORE_HOLIDAYS) - 3_600_000);
    expect(rows.first).toBe(Date.parse('2026-06-04T00:00:00+08:00'));
    expect(rows.total).toBeGreaterThan(35_000);
    expect(rows.total).toBeLessThan(70_000);
    expect(db.select().from(conversations).all()).toHaveLength(0);
    expect(db.select().from(messages).all()).toHaveLength(0);
    const admin = await signIn(p.url, 'wangwu');
    const sync = await (await fetch(`${p.url}/api/admin/diagnostics/status-sync`, { headers: { cookie: admin } })).json() as { agents: { moonshiftChanges: number; wecomSignals: number }[] };
    expect(sync.agents.every((a) => a.wecomSignals === 0)).toBe(true);
  });

  it('answers admins with 14 days of hourly forecast, reasons, holidays and Erlang C staffing over the last 14 days of actuals', async () => {
    const started = await startRelayProduct({}, BEFORE_HOLIDAYS);
    p = started.p;
    const admin = await signIn(p.url, 'wangwu'), agent = await signIn(p.url, 'zhangsan');
    const get = (q: string, cookie = admin) => fetch(`${p!.url}/api/admin/forecast${q}`, { headers: { cookie } });
    let f = await (await get(`?team=${DEMO_KF.open_kfid}&days=14`)).json() as Forecast;
    expect(f.staffing.assumption.zh).toMatch(/Erlang C.*60 秒（默认值.*80% 的消息在 90 秒内回复/);
    await fetch(`${p.url}/api/admin/forecast/settings`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json', ...sameOrigin(p!.url) }, body: JSON.stringify({ handleSec: 120 }) });
    f = await (await get(`?team=${DEMO_KF.open_kfid}&days=14`)).json() as Forecast;
    expect(f.hours).toHaveLength(336);
    expect(f.hours[0]!.hour).toBe('2026-09-24T10:00:00+08:00');
    expect(f.actuals).toHaveLength(336);
    expect(f.actuals.reduce((s, a) => s + a.count, 0)).toBeGreaterThan(3000);
    expect(f.historyDays).toBe(112);
    const holiday = f.hours.filter((h) => h.dayType === 'holiday');
    expect(new Set(holiday.map((h) => h.holidayName))).toEqual(new Set(['中秋', '国庆节']));
    const back = f.hours.find((h) => h.hour === '2026-10-08T09:00:00+08:00')!;
    expect(back.why).toMatch(/^国庆节后首个工作日，上午积压，约为平时 \d\.\d 倍$/);
    expect(back.expected).toBeGreaterThan(2 * holiday.find((h) => h.hour.endsWith('10:00:00+08:00'))!.expected);
    expect(back.needed).toBeGreaterThan(back.scheduled);
    expect(back.shortfall).toBe(true);
    const night = f.hours.find((h) => h.hour === '2026-09-25T03:00:00+08:00')!;
    expect(night).toMatchObject({ open: false, shortfall: false, scheduled: 0 });
    expect(f.staffing.assumption.zh).toMatch(/Erlang C.*120 秒（默认值/);
    const csv = await get('?days=1&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).toBe('hour,expected,low,high,dayType,holidayName,why,needed,scheduled,open,shortfall');
    expect((await get('?days=99')).status).toBe(400);
    expect((await get('?team=not%20a%20kfid')).status).toBe(400);
    expect((await get('', agent)).status).toBe(403);
    const bt = await (await get('/backtest')).json() as { weeks: unknown[]; holidayWeeks: { mae: number; naiveMae: number } };
    expect(bt.weeks.length).toBeGreaterThanOrEqual(11);
    expect(bt.holidayWeeks.mae).toBeLessThan(bt.holidayWeeks.naiveMae); // its only holiday week holds one 调休 Sunday
  });

  it('when the admin enables it, shortens the 90 s escalation by 20 % in forecast peak hours only, listing those hours', async () => {
    const started = await startRelayProduct({}, BEFORE_HOLIDAYS);
    p = started.p;
    const admin = await signIn(p.url, 'wangwu');
    const put = (body: unknown) => fetch(`${p!.url}/api/admin/forecast/settings`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json', ...sameOrigin(p!.url) }, body: JSON.stringify(body) });
    expect((await put({ serviceLevel: 2 })).status).toBe(400);
    expect((await put({ bogus: true })).status).toBe(400);
    const res = await (await put({ autoSensitivity: true })).json() as { settings: { autoSensitivity: boolean; sensitivityPercent: number }; peaks: { source: string; hours: string[] } };
    expect(res.settings).toMatchObject({ autoSensitivity: true, sensitivityPercent: 20 });
    expect(res.peaks.source).toBe('forecast');
    expect(res.peaks.hours.length).toBe(17);
    expect(res.peaks.hours).toContain('2026-09-28T10:00:00+08:00'); // the backlog after 中秋
    const peaks = new Set(res.peaks.hours.map((h) => Date.parse(h)));
    const first = hourStart(p.deps.clock.now(), 'Asia/Shanghai') + 3_600_000;
    let quiet = first;
    while (peaks.has(quiet)) quiet += 3_600_000;
    const peak = [...peaks].filter((h) => h > quiet).sort((a, b) => a - b)[0]!;
    await p.travel!.advanceTo(quiet + 10 * 60_000);
    const q = await armed(p, 'wmQuietHour');
    expect(q).toEqual({ delay: 90_000, hour: quiet });
    await p.travel!.advanceTo(peak + 10 * 60_000);
    const k = await armed(p, 'wmPeakHour');
    // The daily refresh may have run on the way: the hour must be a peak of the peaks in force now.
    const inForce = await (await fetch(`${p.url}/api/admin/forecast/settings`, { headers: { cookie: admin } })).json() as { peaks: { hours: string[] } };
    expect(inForce.peaks.hours.map((h) => Date.parse(h))).toContain(k.hour);
    expect(k.delay).toBe(75_000);
  });

  it('with under four weeks of history, falls back to the history-based busiest hours of day for the automatic sensitivity', async () => {
    const started = await startRelayProduct({}, BEFORE_HOLIDAYS);
    p = started.p;
    const db = p.deps.db;
    // Ten days of stored customer messages instead of the demo's 16 weeks: most at 14–16 h, a few at 11 h.
    db.delete(inboundHistory).run();
    const conv = db.insert(conversations).values({ openKfid: DEMO_KF.open_kfid, externalUserid: 'wmPast', createdAt: 0, updatedAt: 0 })
      .returning({ id: conversations.id }).get().id;
    const perHour: Record<number, number> = { 11: 1, 14: 5, 15: 4, 16: 3 };
    let n = 0;
    for (let day = 1; day <= 10; day++) {
      for (const [hour, count] of Object.entries(perHour)) {
        for (let i = 0; i < count; i++) {
          const at = Date.parse(BEFORE_HOLIDAYS) - day * 86_400_000 + (Number(hour) - 10) * 3_600_000 + i * 60_000;
          db.insert(messages).values({ msgid: `past${n++}`, conversationId: conv, origin: 3, msgtype: 'text', content: '{"content":"在吗"}', sendTime: Math.floor(at / 1000), receivedAt: at }).run();
        }
      }
    }
    const admin = await signIn(p.url, 'wangwu');
    const res = await (await fetch(`${p.url}/api/admin/forecast/settings`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json', ...sameOrigin(p.url) }, body: JSON.stringify({ autoSensitivity: true }) }))
      .json() as { peaks: { source: string; hours: string[]; hoursOfDay: number[] } };
    expect(res.peaks).toMatchObject({ source: 'history', hours: [], hoursOfDay: [14, 15, 16] });
    await p.travel!.advanceTo(Date.parse('2026-09-24T11:10:00+08:00'));
    expect((await armed(p, 'wmEleven')).delay).toBe(90_000);
    await p.travel!.advanceTo(Date.parse('2026-09-24T14:10:00+08:00'));
    expect((await armed(p, 'wmFourteen')).delay).toBe(75_000);
  });

  it('sends the duty manager a "next week" card on Friday afternoon naming the peak hours and the shortfall', async () => {
    const started = await startRelayProduct({}, '2026-10-02T15:30:00+08:00'); // a Friday in 国庆; 一组 (manager 王五) on duty
    p = started.p;
    // Two minutes of work per message: three agents cannot keep up with the backlog after the holiday.
    const admin = await signIn(p.url, 'wangwu');
    const saved = await fetch(`${p.url}/api/admin/forecast/settings`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json', ...sameOrigin(p!.url) }, body: JSON.stringify({ handleSec: 120 }) });
    expect(saved.status).toBe(200);
    const pending = p.deps.db.select().from(timers).where(eq(timers.kind, FORECAST_WEEKLY_JOB)).all();
    expect(pending.map((t) => [t.status, t.dueAt])).toEqual([['pending', Date.parse('2026-10-02T16:00:00+08:00')]]);
    await advance(p, started.clock, 31 * 60_000);
    await settle(p);
    const cards = (await p.sim.state()).appMessages.filter((m) => m.touser === 'wangwu');
    expect(cards).toHaveLength(1);
    const card = (cards[0] as unknown as { textcard: { title: string; description: string; url: string; btntxt: string } }).textcard;
    expect(card.title).toBe('下周咨询预测（10月5日–10月11日）');
    expect(card.description).toMatch(/预计共约 \d+ 条客户消息（含国庆节）/);
    expect(card.description).toMatch(/高峰：10月8日（周四）0\d:00–1\d:00 约 \d+ 条\/时/);
    expect(card.description).toMatch(/人手不足 \d+ 段：10月8日（周四）/);
    expect(card).toMatchObject({ url: `${p.url}/admin/#/dashboard`, btntxt: '查看详情' });
    const next = p.deps.db.select().from(timers).where(eq(timers.kind, FORECAST_WEEKLY_JOB)).all().filter((t) => t.status === 'pending');
    expect(next.map((t) => t.dueAt)).toEqual([Date.parse('2026-10-09T16:00:00+08:00')]);
  });
});
