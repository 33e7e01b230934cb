/**
 * @module The never-silent soak's harness: the real product (SQLite file, HTTP server) and the strict simulator
 * on ONE manual clock, and `settle()`, which lets every effect of an action finish and then moves the clock
 * forward to whatever is due next (outbox retries, pull retries, catch-up pulls, timers) — never past the
 * oracle's 10 s — so the product's timers act on simulated time without any sleep.
 */
import { ManualClock } from '../../../server/clock';
import { seedDutyDemo } from '../../../server/duty/seed';
import { outbox, syncCursors, timers } from '../../../server/db/schema/index';
import type { SafetySwitches } from '../../../server/start';
import { startProduct, type TestProduct } from '../../support/product';
import { eq, min } from 'drizzle-orm';

export interface SoakProduct { p: TestProduct; clock: ManualClock }

/** Starts at `at` with the demo duty groups; catch-up pulls every 8 s so a dropped callback is answered within 10 s. */
export async function startSoakProduct(at: string, switches: SafetySwitches = {}): Promise<SoakProduct> {
  const clock = new ManualClock(Date.parse(at));
  const p = await startProduct({ ADMIN_USERIDS: 'wangwu', INBOUND_CATCH_UP_MS: '8000', WECOM_RETRY_BACKOFF_MS: '5' }, { clock, switches });
  seedDutyDemo(p.deps.db, clock, p.url);
  return { p, clock };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/** What changes while work is under way: when two looks in a row agree, nothing is in flight. */
function fingerprint(p: TestProduct): string {
  const sim = p.simulator!.state;
  const calls = Object.values(sim.callCounts).reduce((a, b) => a + b, 0);
  const rows = p.deps.db.select({ s: outbox.status }).from(outbox).all().map((r) => r.s).join('');
  const pending = p.deps.db.select({ id: timers.id }).from(timers).where(eq(timers.status, 'pending')).all().length;
  return `${calls}|${sim.deliveries.length}|${rows.length}:${rows}|${pending}`;
}

/** Runs everything the product has to do now: callbacks delivered, pulls done, outbox, relays and alerts drained. */
export const quiesceStats = { calls: 0, loops: 0, ms: 0 };
export async function quiesce(p: TestProduct): Promise<void> {
  const t0 = performance.now();
  quiesceStats.calls++;
  try { await quiesceInner(p); } finally { quiesceStats.ms += performance.now() - t0; }
}
async function quiesceInner(p: TestProduct): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    await p.simulator!.control.waitCallbacks();
    await tick();
    await p.inbound.idle();
    await p.relay.drain();
    await p.inbound.idle();
    quiesceStats.loops++;
    const now = fingerprint(p);
    if (now === last && !p.outbox.busy) return;
    last = now;
  }
  throw new Error('the product did not come to rest');
}

/** When the product next has something due (runnable outbox row, pull retry or catch-up, timer), if anything. */
function nextDue(s: SoakProduct, catchUpMs: number): number | null {
  const { db } = s.p.deps;
  const candidates: number[] = [];
  const o = s.p.outbox.nextDueAt();
  if (o != null) candidates.push(o);
  const t = db.select({ at: min(timers.dueAt) }).from(timers).where(eq(timers.status, 'pending')).get()?.at;
  if (t != null) candidates.push(t);
  const retry = s.p.inbound.nextRetryAt();
  if (retry !== undefined) candidates.push(retry);
  for (const c of db.select({ at: syncCursors.lastPullStartedAt }).from(syncCursors).all()) if (c.at != null) candidates.push(c.at + catchUpMs);
  return candidates.length ? Math.max(s.clock.now(), Math.min(...candidates)) : null;
}

/**
 * Lets the product finish, moving the clock to each next due moment (what is already due runs at once) up to
 * `windowMs` after `from`; the clock never passes `from + windowMs`.
 */
export async function settle(s: SoakProduct, from: number, windowMs = 10_000): Promise<void> {
  const end = from + windowMs;
  await quiesce(s.p);
  for (let guard = 0; guard < 40; guard++) {
    const due = nextDue(s, 8_000);
    if (due === null || due > end) return;
    s.clock.set(due);
    s.p.relay.scheduler.tick();
    s.p.inbound.catchUp();
    await quiesce(s.p);
  }
}

/** Moves the clock forward by `ms` (a jump), and lets timers, shifts and catch-ups act on it. */
export async function jump(s: SoakProduct, ms: number): Promise<void> {
  s.clock.advance(ms);
  s.p.automation.tick();
  s.p.relay.scheduler.tick();
  s.p.inbound.catchUp();
  await quiesce(s.p);
}
