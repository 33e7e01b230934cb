/**
 * @module Forecast benchmark (plain tsx script): training on 16 weeks (~50,000 customer messages) of one team's
 * history and forecasting 14 days, next to reading that same history from the database (a real SQLite file
 * with the messages as the pipeline stores them) — time (median of 7) and memory (heap retained). Also the whole
 * admin path (read + train + forecast + staffing). `npm run bench forecast`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openDb } from '../../server/adapters/db/sqlite/index';
import { conversations, kfAccounts, messages } from '../../server/adapters/db/sqlite/schema/index';
import { readInboundHistoryIn } from '../../server/core/forecast/history';
import { forecastTeamIn } from '../../server/core/forecast/forecast-team';
import { sqliteUnitOfWorkOn } from '../../server/adapters/db/sqlite/unit-of-work';
import { DEMO_CALENDAR, addDays, zonedInstant } from '../../shared/calendar/index';
import { drawLoadEffects, forecastLoad, generateLoad, type HourGrid } from '../../shared/forecast/index';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => { gc(); gc(); const m = process.memoryUsage(); return (m.heapUsed + m.arrayBuffers) / 1048576; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => unknown, runs = 7) => median(Array.from({ length: runs }, () => { const s = performance.now(); fn(); return performance.now() - s; }));
async function timeAsync(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) { const s = performance.now(); await fn(); ms.push(performance.now() - s); }
  return median(ms);
}

const TEAM = 'wkBench';
const FROM = '2026-09-21'; // 16 weeks before: 中秋, 国庆 and their 调休 lie ahead
const from = zonedInstant(FROM, 0, DEMO_CALENDAR.timeZone);
const dir = mkdtempSync(join(tmpdir(), 'moonshift-bench-forecast-'));
const db = openDb(join(dir, 'bench.db'));

// 16 weeks of one team's customer messages, ~2 per conversation, with agents' replies in between.
const hours = generateLoad(DEMO_CALENDAR, drawLoadEffects(2026, { level: 520 }), 2026, addDays(FROM, -112), FROM).hours;
let n = 0;
db.transaction((tx) => {
  tx.insert(kfAccounts).values({ openKfid: TEAM, name: 'bench', createdAt: 0 }).run();
  let conv = 0;
  for (const h of hours) {
    for (let i = 0; i < h.count; i++, n++) {
      const at = h.at + Math.floor(((i + 0.5) / h.count) * 3_600_000);
      if (n % 2 === 0) conv = tx.insert(conversations).values({ openKfid: TEAM, externalUserid: `wm${n}`, createdAt: at, updatedAt: at }).returning({ id: conversations.id }).get().id;
      tx.insert(messages).values({ msgid: `c${n}`, conversationId: conv, origin: 3, msgtype: 'text', content: '{"content":"在吗"}', sendTime: Math.floor(at / 1000), receivedAt: at }).run();
      if (n % 2 === 1) tx.insert(messages).values({ msgid: `a${n}`, conversationId: conv, origin: 5, msgtype: 'text', content: '{"content":"您好"}', sendTime: Math.floor(at / 1000) + 40, receivedAt: at + 40_000 }).run();
    }
  }
});
process.stdout.write(`history: ${n} customer messages over 16 weeks in ${dir}/bench.db\n`);

const uow = sqliteUnitOfWorkOn(db.$client);
const read = () => uow.read((q) => readInboundHistoryIn(q, DEMO_CALENDAR.timeZone, { team: TEAM, from: from - 112 * 86_400_000, to: from }));
let grid: HourGrid = await read();
const readMs = await timeAsync(async () => { grid = await read(); });
const trainMs = time(() => forecastLoad(grid, DEMO_CALENDAR, from, 14));
const adminMs = await timeAsync(() => uow.read((q) => forecastTeamIn(q, { ctx: { clock: { now: () => from } }, input: { team: TEAM, from, days: 14 } })), 5);

/** Heap growth while `fn` runs (garbage included: what it allocates), and what stays reachable afterwards. */
async function memory<T>(fn: () => T | Promise<T>): Promise<{ value: T; allocatedMb: number; retainedMb: number }> {
  const start = heapMb();
  const value = await fn();
  const m = process.memoryUsage();
  const allocatedMb = (m.heapUsed + m.arrayBuffers) / 1048576 - start;
  return { value, allocatedMb, retainedMb: heapMb() - start };
}
// The naive baseline: every customer message's time as a row (what a per-message reader would hold).
const rawRead = () => db.$client.prepare(`select m.send_time from messages m join conversations c on c.id = m.conversation_id
  where m.origin = 3 and c.open_kfid = ? and m.send_time >= ? and m.send_time < ?`).raw().all(TEAM, Math.floor(from / 1000) - 112 * 86_400, Math.floor(from / 1000));
const rawMs = time(rawRead);
const rawMem = await memory(rawRead);
const readMem = await memory(read);
const keptGrid = readMem.value;
const modelMem = await memory(() => forecastLoad(keptGrid, DEMO_CALENDAR, from, 14));
const kept = modelMem.value;
const readMb = readMem.allocatedMb, modelMb = modelMem.allocatedMb;

const f = (x: number, d = 1) => x.toFixed(d);
process.stdout.write([
  `read history, every message row (baseline): ${f(rawMs)} ms, ${f(rawMem.allocatedMb, 2)} MB allocated, ${f(rawMem.retainedMb, 2)} MB held`,
  `read history, grouped per quarter hour:     ${f(readMs)} ms, ${f(readMb, 2)} MB allocated, ${f(readMem.retainedMb, 2)} MB held (${keptGrid.total} messages, ${keptGrid.days.size} days)`,
  `train + forecast 14 days:                   ${f(trainMs)} ms, ${f(modelMb, 2)} MB allocated, ${f(modelMem.retainedMb, 2)} MB held (${kept.hours.length} hours)`,
  `train+forecast ÷ reading every row:         ${f(trainMs / rawMs, 2)}× time, ${f(modelMb / Math.max(rawMem.allocatedMb, 0.01), 2)}× memory`,
  `train+forecast ÷ grouped read:              ${f(trainMs / readMs, 2)}× time, ${f(modelMb / Math.max(readMb, 0.01), 2)}× memory`,
  `admin forecast (read + model + Erlang C staffing + reasons): ${f(adminMs)} ms = ${f(adminMs / readMs, 2)}× the grouped read`,
  '',
].join('\n'));
await uow.close();
db.$client.close();
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
