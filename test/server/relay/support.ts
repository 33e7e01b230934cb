/** @module Helpers for the relay/escalation suites: a product on a manual clock (a Wednesday in Shanghai, duty group 一组) with the demo duty setup. */
import { ManualClock } from '../../../server/app/clock';
import { seedDutyDemo } from '../../../server/core/duty/seed';
import { startProduct, type TestProduct } from '../../support/product';
import { waitFor } from '../../support/wait';
import { messages } from '../../../server/adapters/db/sqlite/schema/index';

/** 2026-11-25 is a Wednesday: group 一组 (A zhangsan, B lisi, manager wangwu) is on duty. */
export const WEDNESDAY_10 = '2026-11-25T10:00:00+08:00';
/** Off hours the same day: the bot answers (night template) and the session stays with the API (state 0/1). */
export const WEDNESDAY_22 = '2026-11-25T22:00:00+08:00';

export async function startRelayProduct(env: Record<string, string> = {}, at = WEDNESDAY_10) {
  const clock = new ManualClock(new Date(at).getTime());
  const p = await startProduct({ ADMIN_USERIDS: 'wangwu', ...env }, { clock });
  await seedDutyDemo(p.deps, p.url);
  return { p, clock };
}

/** Lets callbacks, the inbound pull, the outbox, relays and alerts finish (the product's "everything due is done" signal). */
export async function settle(p: TestProduct): Promise<void> {
  await p.travel!.settle();
}

/**
 * Moves the shared clock forward by `ms` as time would pass (each timer fires at its due time) and resolves when
 * everything due has been processed. `_clock` is the test's frozen base clock: jumps go on top of it.
 */
export async function advance(p: TestProduct, _clock: ManualClock, ms: number): Promise<void> {
  await p.travel!.advance(ms);
}

/** The demo customer 小明 writes `content`; resolves once it is stored and everything it caused is done. */
export async function customerWrites(p: TestProduct, content: string, customer = 'wmDemoCustomer0001'): Promise<void> {
  const before = p.deps.db.select().from(messages).all().length;
  await p.sim.customerSend({ external_userid: customer, nickname: '小明', msgtype: 'text', content });
  await waitFor(() => p.deps.db.select().from(messages).all().length > before, { what: 'message stored' });
  await settle(p);
}

/** The duty manager 王五's cards (WeCom app messages) the simulator delivered. */
export const managerCards = async (p: TestProduct) => (await p.sim.state()).appMessages.filter((m) => m.touser === 'wangwu');
