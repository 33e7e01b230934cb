/**
 * @module The product as a benchmark child: live-mode configuration pointed at a simulator in another
 * process (WECOM_API_BASE), with the demo corp seeded into a fresh SQLite file.
 */
import { openDb } from '../../../server/db/index';
import { seedDemo } from '../../../server/demo/seed';
import { systemClock } from '../../../server/clock';
import { startMoonshift } from '../../../server/start';

const dbPath = process.env.DATABASE_PATH!;
const seeded = openDb(dbPath);
seedDemo(seeded, systemClock);
seeded.$client.close();

const app = await startMoonshift(process.env);
process.stdout.write(`READY ${JSON.stringify({ url: app.url })}\n`);
process.once('SIGTERM', () => { void app.close().finally(() => process.exit(0)); });
