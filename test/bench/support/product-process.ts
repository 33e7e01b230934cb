/**
 * @module The product as a benchmark child: live-mode configuration pointed at a simulator in another
 * process (WECOM_API_BASE), with the demo corp seeded through the unit of work into a fresh SQLite file
 * (DATABASE_PATH) or, given DATABASE_URL, into a PostgreSQL database — several children on one database are
 * several instances (BENCH_SEEDED=1: another instance seeded it already). BENCH_ONLINE (userids) puts agents
 * online; BENCH_CLOSED_KF names a second 微信客服 account (a team) whose own calendar is always closed;
 * BENCH_SESSION_CAP sets the per-agent session cap (assignment).
 * It counts the SQL statements and transactions it runs (on PostgreSQL each statement a round trip), for the
 * benchmark's per-message figures; BENCH_PG_STATEMENTS=<dir> writes them out by text when it ends (which statements,
 * how often), BENCH_SQLITE_STATEMENTS=<dir> the same on SQLite with each statement's total time; BENCH_LOOP_DELAY=<ms>
 * reports the event loop's delay and the garbage collector's pauses. Recipes: test/bench/PROFILE.md.
 */
import { inArray } from 'drizzle-orm';
import pg from 'pg';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemoIn } from '../../../server/app/demo/seed';
import { shiftedClock, systemClock } from '../../../server/app/clock';
import { planReply } from './foundation-planner';
import { startMoonshift } from '../../../server/app/start';
import { openStorage } from '../../../server/app/storage';
import { createLogger } from '../../../server/app/log';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { writeSettingIn } from '../../../server/core/config/settings';
import { answerCpuQuestions, type QueryCount } from './cpu';
import { stages } from '../../../server/core/pipeline/stages';
import { monitorLoop } from './loop-monitor';

/** Statements run so far, and those that began a transaction (the benchmark's per-message figures). */
const counted: QueryCount = { statements: 0, transactions: 0 };
const begins = (text: string) => /^\s*begin\b/i.test(text);

if (process.env.DATABASE_URL) {
  // BENCH_PG_STATEMENTS=<dir>: also count each statement by its text, written to <dir>/statements-<pid>.tsv at the end
  const byText = process.env.BENCH_PG_STATEMENTS ? new Map<string, number>() : undefined;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string } | undefined;
    const text = typeof q === 'string' ? q : q?.text ?? '?';
    counted.statements++;
    if (begins(text)) counted.transactions++;
    if (byText) { const one = text.replace(/\s+/g, ' '); byText.set(one, (byText.get(one) ?? 0) + 1); }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  if (byText) {
    process.once('exit', () => writeFileSync(join(process.env.BENCH_PG_STATEMENTS!, `statements-${process.pid}.tsv`),
      [...byText].sort((a, b) => b[1] - a[1]).map(([text, count]) => `${count}\t${text}\n`).join('')));
  }
} else {
  // SQLite: every statement runs through better-sqlite3's Statement (no class exported: its prototype is reached
  // through a statement of a throw-away database). BENCH_SQLITE_STATEMENTS=<dir> also times each by its text (count,
  // total ms), written to <dir>/sqlite-statements-<pid>.tsv at the end — which statements the CPU goes to — and
  // the commits by duration, `(COMMIT < 1 ms)` and so on.
  const byText = process.env.BENCH_SQLITE_STATEMENTS ? new Map<string, { n: number; ns: bigint }>() : undefined;
  const COMMIT_BUCKETS: [bigint, string][] = [[50_000n, '< 50 µs'], [200_000n, '< 200 µs'], [1_000_000n, '< 1 ms'], [5_000_000n, '< 5 ms']];
  const proto = Object.getPrototypeOf(new Database(':memory:').prepare('select 1')) as Record<string, unknown>;
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      counted.statements++;
      if (begins(this.source)) counted.transactions++;
      if (!byText) return original.apply(this, args);
      const t0 = process.hrtime.bigint();
      try { return original.apply(this, args); } finally {
        const e = byText.get(this.source) ?? { n: 0, ns: 0n };
        e.n++; const dt = process.hrtime.bigint() - t0; e.ns += dt;
        if (this.source === 'COMMIT') { // and how long commits take (an automatic checkpoint makes one take milliseconds)
          const bucket = `(COMMIT ${COMMIT_BUCKETS.find(([below]) => dt < below)?.[1] ?? '≥ 5 ms'})`;
          const h = byText.get(bucket) ?? { n: 0, ns: 0n };
          h.n++; h.ns += dt;
          byText.set(bucket, h);
        }
        byText.set(this.source, e);
      }
    };
  }
  if (byText) {
    process.once('exit', () => writeFileSync(join(process.env.BENCH_SQLITE_STATEMENTS!, `sqlite-statements-${process.pid}.tsv`),
      [...byText].sort((a, b) => Number(b[1].ns - a[1].ns)).map(([text, e]) => `${e.n}\t${(Number(e.ns) / 1e6).toFixed(1)}\t${text.replace(/\s+/g, ' ')}\n`).join('')));
  }
}

if (process.env.BENCH_SEEDED !== '1') {
  const storage = await openStorage({ databaseUrl: process.env.DATABASE_URL || undefined, databasePath: process.env.DATABASE_PATH! }, systemClock, createLogger('warn'));
  await storage.shared.uow.run(async (tx) => {
    await seedDemoIn(tx, systemClock);
    const { agents, kfAccounts, kfServicers } = tx.t;
    const online = (process.env.BENCH_ONLINE ?? '').split(',').filter(Boolean);
    if (online.length > 0) await tx.db.update(agents).set({ status: 'online', statusSource: 'manual' }).where(inArray(agents.userid, online));
    const cap = Number(process.env.BENCH_SESSION_CAP);
    if (cap) await writeSettingIn(tx, SETTINGS.assignment, { maxSessionsPerAgent: cap }, { at: Date.now(), by: 'bench' });
    const closed = process.env.BENCH_CLOSED_KF;
    if (closed) {
      const now = Date.now();
      await tx.db.insert(kfAccounts).values({ openKfid: closed, name: closed, createdAt: now }).onConflictDoNothing();
      for (const a of await tx.db.select({ u: agents.userid }).from(agents)) {
        await tx.db.insert(kfServicers).values({ openKfid: closed, userid: a.u, wecomStatus: 0, updatedAt: now }).onConflictDoNothing();
      }
      const none: never[] = [];
      await writeSettingIn(tx, SETTINGS.calendar, {
        timeZone: 'Asia/Shanghai', weekly: { 1: none, 2: none, 3: none, 4: none, 5: none, 6: none, 7: none }, useStatutoryHolidays: false,
      }, { at: now, by: 'bench', team: closed });
    }
  });
  await storage.close();
}

const clock = process.env.BENCH_TIME ? shiftedClock(process.env.BENCH_TIME) : systemClock;
const planner = process.env.BENCH_PLANNER === 'foundation' ? planReply : undefined;
const app = await startMoonshift(process.env, { clock, planner });
answerCpuQuestions(() => stages.snapshot(), () => counted);
process.stdout.write(`READY ${JSON.stringify({ url: app.url })}\n`);
process.once('SIGTERM', () => { void app.close().finally(() => process.exit(0)); });
monitorLoop('product'); // BENCH_LOOP_DELAY=<ms> (loop-monitor.ts)
