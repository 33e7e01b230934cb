/**
 * @module Seeds a week of traffic straight into the product's SQLite file (messages, agent status history,
 * WeCom servicer signals, decisions, failed outbox rows) for the admin dashboard/diagnostics tests, and counts
 * the heatmap cells back from the database independently of the product code.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/adapters/db/sqlite/index';
import { agentStatusHistory, conversations, decisions, messages, outbox, servicerSignals } from '../../server/adapters/db/sqlite/schema/index';

const HOUR = 3_600_000;

/** Deterministic pseudo-random numbers (LCG) so a failing run can be repeated. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function seedWeek(db: Db, now: number, seed = 7): { messages: number; avgFirstResponseSec: number } {
  const rand = rng(seed);
  const conv = db.insert(conversations).values({ openKfid: 'wkMoonshiftDemo01', externalUserid: 'wmSeededCustomer01', createdAt: now - 8 * 24 * HOUR, updatedAt: now })
    .returning({ id: conversations.id }).get();
  let n = 0;
  const waits: number[] = [];
  for (let h = 7 * 24; h >= 1; h--) {
    const base = now - h * HOUR;
    // Busier in the Beijing afternoon (UTC 05–09), quiet at night.
    const utcHour = new Date(base).getUTCHours();
    const k = Math.floor(rand() * (utcHour >= 5 && utcHour <= 9 ? 6 : 2));
    const times: number[] = [];
    for (let i = 0; i < k; i++) {
      const t = base + i * 10 * 60_000 + Math.floor(rand() * 4 * 60_000);
      times.push(Math.floor(t / 1000));
      db.insert(messages).values({ msgid: `seed-${h}-${i}`, conversationId: conv.id, origin: 3, msgtype: 'text', content: JSON.stringify({ content: '你好' }), sendTime: Math.floor(t / 1000), receivedAt: t }).run();
      n++;
      db.insert(decisions).values({ conversationId: conv.id, trigger: 'message', ruleSetVersion: '1', at: t, actions: JSON.stringify([{ type: 'reply_template', ruleId: 'lunch', kind: 'lunch', templateId: 'tpl_lunch' }]), trace: '{}', facts: JSON.stringify({ window: 'lunch' }) }).run();
    }
    const first = times[0], last = times.at(-1);
    if (first !== undefined && last !== undefined) {
      // The agent answers 2 minutes after the last message of the hour.
      db.insert(messages).values({ msgid: `seed-${h}-r`, conversationId: conv.id, origin: 5, msgtype: 'text', content: JSON.stringify({ content: '您好' }), servicerUserid: 'zhangsan', sendTime: last + 120, receivedAt: (last + 120) * 1000 }).run();
      waits.push(last + 120 - first);
    }
  }
  // Status switching: lisi switches a lot on one day (the outlier), others a little.
  const hist = (userid: string, at: number, from: string, to: string) =>
    db.insert(agentStatusHistory).values({ userid, at, fromStatus: from as 'online', toStatus: to as 'online', source: 'manual' }).run();
  for (let day = 1; day <= 6; day++) {
    for (const u of ['zhangsan', 'wangwu']) { hist(u, now - day * 24 * HOUR, 'offline', 'online'); hist(u, now - day * 24 * HOUR + 8 * HOUR, 'online', 'offline'); }
    hist('lisi', now - day * 24 * HOUR, 'offline', 'online');
    hist('lisi', now - day * 24 * HOUR + HOUR, 'online', 'offline');
  }
  for (let i = 0; i < 14; i++) hist('lisi', now - 3 * 24 * HOUR + i * 10 * 60_000, i % 2 ? 'busy' : 'online', i % 2 ? 'online' : 'busy');
  // WeCom signals: zhangsan mirrors Moonshift for the last 24 h; lisi is shown receiving while Moonshift says offline.
  db.insert(servicerSignals).values({ openKfid: 'wkMoonshiftDemo01', userid: 'lisi', status: 1, at: now - 20 * HOUR }).run();
  db.insert(outbox).values([
    { msgid: 'seed-fail-1', kind: 'send_msg', conversationId: conv.id, payload: '{}', status: 'failed', attempts: 5, errcode: 95018, errmsg: 'session state invalid', nextAttemptAt: now, createdAt: now - HOUR, updatedAt: now - HOUR },
    { msgid: 'seed-fail-2', kind: 'send_msg', conversationId: conv.id, payload: '{}', status: 'failed', attempts: 5, errcode: 95018, errmsg: 'session state invalid', nextAttemptAt: now, createdAt: now - HOUR, updatedAt: now - HOUR },
    { msgid: 'seed-fail-3', kind: 'service_state_trans', conversationId: conv.id, payload: '{}', status: 'failed', attempts: 5, errcode: 95013, errmsg: 'servicer not found', nextAttemptAt: now, createdAt: now - HOUR, updatedAt: now - HOUR },
  ]).run();
  return { messages: n, avgFirstResponseSec: Math.round(waits.reduce((a, b) => a + b, 0) / waits.length) };
}

/**
 * Heatmap counts straight from SQL: customer messages since `from`, bucketed by Asia/Shanghai (UTC+8, no DST)
 * weekday × hour, leaving out the given holiday dates. Returns `${weekday}:${hour}` → count (weekday 1 = Monday).
 */
export function heatmapFromDb(db: Db, from: number, to: number, holidayDates: string[] = []): Map<string, number> {
  const rows = db.all<{ wd: number; hr: number; n: number }>(sql`
    select (cast(strftime('%w', send_time + 28800, 'unixepoch') as integer) + 6) % 7 + 1 as wd,
           cast(strftime('%H', send_time + 28800, 'unixepoch') as integer) as hr, count(*) as n
    from messages where origin = 3 and send_time * 1000 >= ${from} and send_time * 1000 < ${to}
      and date(send_time + 28800, 'unixepoch') not in (select value from json_each(${JSON.stringify(holidayDates)}))
    group by wd, hr`);
  return new Map(rows.map((r) => [`${r.wd}:${r.hr}`, r.n]));
}
