import { afterEach, describe, it, expect } from 'vitest';
import { startRelayProduct, advance, settle, WEDNESDAY_10 } from '../relay/support';
import type { TestProduct } from '../../support/product';
import type { ManualClock } from '../../../server/app/clock';
import { decisions, timers } from '../../../server/adapters/db/sqlite/schema/index';

let p: TestProduct;
let clock: ManualClock;
afterEach(async () => { await p.stop(); });
const customer = 'wmDemoCustomer0002';

describe("the engine's follow-up checks run on durable timers", () => {
  it('busy agent in open hours: busy notice now, and 5 minutes later — still unanswered — the question form and a manager alert', async () => {
    ({ p, clock } = await startRelayProduct({}, WEDNESDAY_10));
    for (const a of ['zhangsan', 'lisi', 'wangwu']) await p.setStatus(a, 'busy');
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '我想咨询一下产品' });
    await settle(p);
    const first = await p.sim.inbox({ external_userid: customer });
    expect(first.map((i) => i.text)).toEqual([expect.stringContaining('当前咨询较多')]);
    expect(p.deps.db.select().from(timers).all().filter((t) => t.kind === 'engine.follow_up')).toMatchObject([{ status: 'pending' }]);

    await advance(p, clock, 299_000);
    // by now the 90 s escalation has sent the FAQ card; the engine's 5-minute check has not run yet
    expect((await p.sim.inbox({ external_userid: customer })).map((i) => i.msgtype)).toEqual(['text', 'msgmenu']);
    await advance(p, clock, 2_000);
    const after = await p.sim.inbox({ external_userid: customer });
    expect(after).toHaveLength(3);
    const followUp = p.deps.db.select().from(decisions).all().find((d) => d.trigger === 'follow_up');
    expect(followUp).toBeDefined();
    expect(JSON.parse(followUp!.actions).map((a: { type: string }) => a.type)).toEqual(['reply_template', 'alert_manager']);
    const cards = (await p.sim.state()).appMessages;
    expect(cards.filter((m) => JSON.stringify(m).includes('wangwu'))).toHaveLength(1);
  });

  it('ends quietly when an agent answered before the check', async () => {
    ({ p, clock } = await startRelayProduct({}, WEDNESDAY_10));
    await p.setStatus('zhangsan', 'online');
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '你好' });
    await settle(p);
    await p.sim.agentReply({ external_userid: customer, userid: 'zhangsan', content: '您好，请讲' });
    await settle(p);
    await advance(p, clock, 200_000);
    expect(p.deps.db.select().from(decisions).all().filter((d) => d.trigger === 'follow_up')).toEqual([]);
    expect(p.deps.db.select().from(timers).all().filter((t) => t.kind === 'engine.follow_up').map((t) => t.status)).toEqual(['cancelled']);
  });
});
