/**
 * @module The never-silent soak's harness: the real product (SQLite file, HTTP server) and the strict simulator
 * on the one shared demo/test clock. Time passes through the product's own time travel (`travel.advance`), which
 * stops at every instant where something is due — outbox and pull retries, the 90 s and 10 min escalations,
 * shift ends — and waits there until it is processed, network included; `settle` is its "everything due now is
 * done" signal. No sleeps.
 */
import { ManualClock } from '../../../server/clock';
import { seedDutyDemo } from '../../../server/duty/seed';
import type { SafetySwitches } from '../../../server/start';
import type { TimeTravel } from '../../../server/time-travel';
import { startProduct, type TestProduct } from '../../support/product';

export interface SoakProduct {
  p: TestProduct;
  travel: TimeTravel;
  /** The shared clock (product and simulator). */
  now(): number;
}

/** Starts at `at` with the demo duty groups; catch-up pulls every 8 s so a dropped callback is answered within 10 s. */
export async function startSoakProduct(at: string, switches: SafetySwitches = {}): Promise<SoakProduct> {
  const base = new ManualClock(Date.parse(at));
  const p = await startProduct({ ADMIN_USERIDS: 'wangwu', INBOUND_CATCH_UP_MS: '8000', WECOM_RETRY_BACKOFF_MS: '5' }, { clock: base, switches });
  await seedDutyDemo(p.deps, p.url);
  return { p, travel: p.travel!, now: () => p.deps.clock.now() };
}

/** Everything due now is processed: callbacks delivered, pulls done, outbox, relays and alerts drained. */
export function quiesce(p: TestProduct): Promise<void> {
  return p.travel!.settle();
}

/** Lets time pass until `windowMs` after `from` (the oracle's 10 s), everything due on the way processed. */
export async function settle(s: SoakProduct, from: number, windowMs = 10_000): Promise<void> {
  const ahead = from + windowMs - s.now();
  await (ahead > 0 ? s.travel.advance(ahead) : s.travel.settle());
}

/** Moves the shared clock forward by `ms` as time passing: timers fire at their due times, shifts end on time. */
export async function jump(s: SoakProduct, ms: number): Promise<void> {
  await s.travel.advance(ms);
}
