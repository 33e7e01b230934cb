/**
 * @module The product as a benchmark child: live-mode configuration pointed at a simulator in another
 * process (WECOM_API_BASE), with the demo corp seeded into a fresh SQLite file. BENCH_ONLINE (userids) puts
 * agents online; BENCH_CLOSED_KF names a second 微信客服 account (a team) whose own calendar is always closed.
 */
import { eq } from 'drizzle-orm';
import { openDb } from '../../../server/db/index';
import { seedDemoIn } from '../../../server/demo/seed';
import { sqliteUnitOfWorkOn } from '../../../server/adapters/db/sqlite/unit-of-work';
import { shiftedClock, systemClock } from '../../../server/clock';
import { planReply } from './foundation-planner';
import { startMoonshift } from '../../../server/start';
import { agents, kfAccounts, kfServicers } from '../../../server/db/schema/index';
import { SETTINGS } from '../../../server/config/catalogue';
import { writeSettingIn } from '../../../server/config/settings';
import { answerCpuQuestions } from './cpu';
import { stages } from '../../../server/pipeline/stages';

const dbPath = process.env.DATABASE_PATH!;
const seeded = openDb(dbPath);
const seeding = sqliteUnitOfWorkOn(seeded.$client);
await seeding.run((tx) => seedDemoIn(tx, systemClock));
for (const userid of (process.env.BENCH_ONLINE ?? '').split(',').filter(Boolean)) {
  seeded.update(agents).set({ status: 'online', statusSource: 'manual' }).where(eq(agents.userid, userid)).run();
}
const closed = process.env.BENCH_CLOSED_KF;
if (closed) {
  const now = Date.now();
  seeded.insert(kfAccounts).values({ openKfid: closed, name: closed, createdAt: now }).onConflictDoNothing().run();
  for (const a of seeded.select({ u: agents.userid }).from(agents).all()) {
    seeded.insert(kfServicers).values({ openKfid: closed, userid: a.u, wecomStatus: 0, updatedAt: now }).onConflictDoNothing().run();
  }
  const none: never[] = [];
  await seeding.run((tx) => writeSettingIn(tx, SETTINGS.calendar, {
    timeZone: 'Asia/Shanghai', weekly: { 1: none, 2: none, 3: none, 4: none, 5: none, 6: none, 7: none }, useStatutoryHolidays: false,
  }, { at: now, by: 'bench', team: closed }));
}
await seeding.close();
seeded.$client.close();

const clock = process.env.BENCH_TIME ? shiftedClock(process.env.BENCH_TIME) : systemClock;
const planner = process.env.BENCH_PLANNER === 'foundation' ? planReply : undefined;
const app = await startMoonshift(process.env, { clock, planner });
answerCpuQuestions(() => stages.snapshot());
process.stdout.write(`READY ${JSON.stringify({ url: app.url })}\n`);
process.once('SIGTERM', () => { void app.close().finally(() => process.exit(0)); });
