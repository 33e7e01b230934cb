/**
 * @module The product in demo mode (its simulator in the same process) as a child process of the attack suite,
 * so an attack can read the server's own memory (RSS) and log lines. Prints `READY {url, simUrl}`.
 */
import { startMoonshift } from '../../../server/app/start';
import { shiftedClock } from '../../../server/app/clock';

const app = await startMoonshift(process.env, { clock: shiftedClock(process.env.CLOCK_AT ?? '2026-11-26T22:00:00+08:00') });
process.stdout.write(`READY ${JSON.stringify({ url: app.url, simUrl: app.simUrl, now: app.deps.clock.now() })}\n`);
process.once('SIGTERM', () => { void app.close().finally(() => process.exit(0)); });
