/**
 * @module The product as a benchmark child: live-mode configuration pointed at a simulator in another
 * process (WECOM_API_BASE), with the demo corp seeded through the unit of work into a fresh SQLite file
 * (DATABASE_PATH) or, given DATABASE_URL, into a PostgreSQL database — several children on one database are
 * several instances (BENCH_SEEDED=1: another instance seeded it already). BENCH_ONLINE (userids) puts agents
 * online; BENCH_CLOSED_KF names a second 微信客服 account (a team) whose own calendar is always closed.
 * On PostgreSQL it counts the statements it sends (each a round trip), for the benchmark's per-message figure, and
 * with BENCH_PG_STATEMENTS=<dir> writes them out by text when it ends (which statements, how often).
 */
import { inArray } from 'drizzle-orm';
import pg from 'pg';
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
import { answerCpuQuestions } from './cpu';
import { stages } from '../../../server/core/pipeline/stages';

let queries: (() => number) | undefined;
if (process.env.DATABASE_URL) {
  let n = 0;
  // BENCH_PG_STATEMENTS=<dir>: also count each statement by its text, written to <dir>/statements-<pid>.tsv at the end
  const byText = process.env.BENCH_PG_STATEMENTS ? new Map<string, number>() : undefined;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    n++;
    if (byText) {
      const q = args[0] as string | { text?: string } | undefined;
      const text = (typeof q === 'string' ? q : q?.text ?? '?').replace(/\s+/g, ' ');
      byText.set(text, (byText.get(text) ?? 0) + 1);
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  queries = () => n;
  if (byText) {
    process.once('exit', () => writeFileSync(join(process.env.BENCH_PG_STATEMENTS!, `statements-${process.pid}.tsv`),
      [...byText].sort((a, b) => b[1] - a[1]).map(([text, count]) => `${count}\t${text}\n`).join('')));
  }
}

if (process.env.BENCH_SEEDED !== '1') {
  const storage = await openStorage({ databaseUrl: process.env.DATABASE_URL || undefined, databasePath: process.env.DATABASE_PATH! }, systemClock, createLogger('warn'));
  await storage.shared.uow.run(async (tx) => {
    await seedDemoIn(tx, systemClock);
    const { agents, kfAccounts, kfServicers } = tx.t;
    const online = (process.env.BENCH_ONLINE ?? '').split(',').filter(Boolean);
    if (online.length > 0) await tx.db.update(agents).set({ status: 'online', statusSource: 'manual' }).where(inArray(agents.userid, online));
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
answerCpuQuestions(() => stages.snapshot(), queries);
process.stdout.write(`READY ${JSON.stringify({ url: app.url })}\n`);
process.once('SIGTERM', () => { void app.close().finally(() => process.exit(0)); });
