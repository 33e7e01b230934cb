/**
 * @module The product as a benchmark child: live-mode configuration pointed at a simulator in another
 * process (WECOM_API_BASE), with the demo corp seeded into a fresh SQLite file.
 */
import { openDb } from '../../../server/db/index';
import { seedDemo } from '../../../server/demo/seed';
import { shiftedClock, systemClock } from '../../../server/clock';
import { planReply } from './foundation-planner';
import { startMoonshift } from '../../../server/start';

const dbPath = process.env.DATABASE_PATH!;
const seeded = openDb(dbPath);
seedDemo(seeded, systemClock);
seeded.$client.close();

const clock = process.env.BENCH_TIME ? shiftedClock(process.env.BENCH_TIME) : systemClock;
const planner = process.env.BENCH_PLANNER === 'foundation' ? planReply : undefined;
const app = await startMoonshift(process.env, { clock, planner });
process.stdout.write(`READY ${JSON.stringify({ url: app.url })}\n`);
process.once('SIGTERM', () => { void app.close().finally(() => process.exit(0)); });
