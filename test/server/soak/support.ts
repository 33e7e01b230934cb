/**
 * @module The never-silent soak's harness: the real product (SQLite file, HTTP server) and the strict simulator
 * on the one shared demo/test clock — or two instances on one PostgreSQL database behind that simulator, whose
 * callbacks alternate between them (a load balancer), on one clock and one time travel. Time passes through the
 * product's own time travel (`travel.advance`), which stops at every instant where something is due — in any
 * instance: outbox and pull retries, the 90 s and 10 min escalations, shift ends — and waits there until it is
 * processed, network included; `settle` is its "everything due now is done" signal. No sleeps.
 */
import { ManualClock } from '../../../server/app/clock';
import { seedDutyDemo } from '../../../server/core/duty/seed';
import type { SafetySwitches } from '../../../server/app/start';
import type { TimeTravel } from '../../../server/app/time-travel';
import { startProduct, type TestProduct } from '../../support/product';

export interface SoakProduct {
  /** The instance the soak reads the product's state through (the first); `p.sim` drives the simulator. */
  p: TestProduct;
  /** Every instance: one on SQLite, two on PostgreSQL. */
  instances: TestProduct[];
  /** The time travel every instance takes part in: a jump or a settle waits for all of them. */
  travel: TimeTravel;
  /** The shared clock (products and simulator). */
  now(): number;
  /** An agent changes status on the desk page: over HTTP, on the instances in turn (as a load balancer sends them). */
  setStatus(userid: string, status: string): Promise<void>;
  stop(): Promise<void>;
}

/** Catch-up pulls every 8 s so a dropped callback is answered within 10 s. */
const SOAK_ENV = { ADMIN_USERIDS: 'wangwu', INBOUND_CATCH_UP_MS: '8000', WECOM_RETRY_BACKOFF_MS: '5' };

/** Starts at `at` with the demo duty groups. */
export async function startSoakProduct(at: string, switches: SafetySwitches = {}): Promise<SoakProduct> {
  const base = new ManualClock(Date.parse(at));
  const p = await startProduct(SOAK_ENV, { clock: base, switches });
  await seedDutyDemo(p.deps, p.url);
  return soakOver([p]);
}

/**
 * Two instances on the PostgreSQL database `databaseUrl`, started at `at`: the first seeds it and serves the
 * simulator; the second joins its simulator and time travel (so both read one clock); the simulator's callbacks
 * go to them in turn.
 */
export async function startSoakCluster(at: string, databaseUrl: string, switches: SafetySwitches = {}): Promise<SoakProduct> {
  const env = { ...SOAK_ENV, DATABASE_URL: databaseUrl };
  const a = await startProduct(env, { clock: new ManualClock(Date.parse(at)), switches });
  try {
    await seedDutyDemo(a.deps, a.url);
    const b = await startProduct(env, { switches, join: { travel: a.travel!, simUrl: a.simUrl! } });
    await a.sim.setCallback({ urls: [a, b].map((p) => `${p.url}/wecom/callback`) });
    return soakOver([a, b]);
  } catch (err) {
    await a.stop();
    throw err;
  }
}

function soakOver(instances: TestProduct[]): SoakProduct {
  const p = instances[0]!;
  let turn = 0;
  return {
    p, instances, travel: p.travel!, now: () => p.deps.clock.now(),
    setStatus: (userid, status) => instances[turn++ % instances.length]!.setStatus(userid, status),
    // the joined instances first: the first one serves the simulator they call
    async stop() { for (const i of [...instances].reverse()) await i.stop(); },
  };
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
