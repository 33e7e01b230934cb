/** @module Helpers for the relay/escalation suites: a product on a manual clock (a Wednesday in Shanghai, duty group 一组) with the demo duty setup. */
import { ManualClock } from '../../../server/clock';
import { seedDutyDemo } from '../../../server/duty/seed';
import { startProduct, type TestProduct } from '../../support/product';
import { sleep } from '../../support/wait';

/** 2026-11-25 is a Wednesday: group 一组 (A zhangsan, B lisi, manager wangwu) is on duty. */
export const WEDNESDAY_10 = '2026-11-25T10:00:00+08:00';
/** Off hours the same day: the bot answers (night template) and the session stays with the API (state 0/1). */
export const WEDNESDAY_22 = '2026-11-25T22:00:00+08:00';

export async function startRelayProduct(env: Record<string, string> = {}, at = WEDNESDAY_10) {
  const clock = new ManualClock(new Date(at).getTime());
  const p = await startProduct({ ADMIN_USERIDS: 'wangwu', ...env }, { clock });
  seedDutyDemo(p.deps.db, clock, p.url);
  return { p, clock };
}

/** Lets callbacks, the inbound pull, the outbox, relays and alerts finish. */
export async function settle(p: TestProduct): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await p.sim.waitCallbacks();
    await sleep(50);
    await p.inbound.idle();
    await p.relay.drain();
  }
}

/** Moves the clock and runs the scheduler the way its setTimeout would, then lets the effects finish. */
export async function advance(p: TestProduct, clock: ManualClock, ms: number): Promise<number> {
  clock.advance(ms);
  const fired = p.relay.scheduler.tick();
  await settle(p);
  return fired;
}
