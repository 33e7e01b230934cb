/** @module The duty-manager card says when, on the organisation's clock (not UTC, not the server's zone). */
import { afterEach, describe, it, expect } from 'vitest';
import type { TestProduct } from '../../support/product';
import { managerAlerts } from '../../../server/adapters/db/sqlite/schema/index';
import { queueManagerAlertIn } from '../../../server/core/alerts/queue';
import { startRelayProduct } from '../relay/support';

let p: TestProduct;
afterEach(async () => { await p.stop(); });

describe('duty-manager alert card', () => {
  it('dates the card in the org zone: 10:00 in Shanghai reads 11月25日（周三）10:00, not 02:00 UTC', async () => {
    const started = await startRelayProduct(); // Wednesday 2026-11-25 10:00 +08:00
    p = started.p;
    await p.deps.shared.uow.run(async (tx) => {
      await queueManagerAlertIn(tx, p.deps, { touser: 'wangwu', facts: { conversationId: 1, nickname: '小明', intent: 'urgent', emotion: 0.9, waitingMs: 600_000 }, reason: '测试', stage: 'silence', now: started.clock.now() });
    });
    const [card] = p.deps.db.select().from(managerAlerts).all();
    expect(card?.description).toContain('<div class="gray">11月25日（周三）10:00</div>');
    expect(card?.description).not.toContain('UTC');
  });
});
