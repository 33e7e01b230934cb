import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { shiftedClock } from '../../../server/app/clock';
import { sleep, waitFor } from '../../support/wait';
import { messages, outbox } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_CUSTOMERS, DEMO_KF } from '../../../server/app/demo/seed-data';

const customer = DEMO_CUSTOMERS[0].external_userid;
let p: TestProduct;

beforeEach(async () => { p = await startProduct(); });
afterEach(async () => { await p.stop(); });

async function settle() {
  await sleep(150);
  await p.inbound.idle();
  await p.outbox.drain();
}

describe('customer message round trip over real HTTP (server ⇄ simulator)', () => {
  it('sends exactly one night reply when every agent is off', async () => {
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '你好，在吗？' });
    const inbox = await waitFor(async () => { const i = await p.sim.inbox({ external_userid: customer }); return i.length > 0 ? i : undefined; }, { what: 'night reply' });
    await settle();
    expect(await p.sim.inbox({ external_userid: customer })).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ msgtype: 'text', sender: 'send_msg' });
    expect(inbox[0]!.text).toMatch(/^小明，现在是非工作时间.*客服将于明天 09:00上线/);
    const stored = p.deps.db.select().from(messages).all();
    expect(stored).toHaveLength(1);
    expect(p.deps.db.select().from(outbox).all()).toMatchObject([{ status: 'sent', kind: 'send_template', causeMsgid: stored[0]!.msgid }]);
  });

  it('hands the session to an online agent (state 3) during open hours, with only the welcome from the bot', async () => {
    await p.stop();
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T10:00:00+08:00') });
    await p.setStatus('lisi', 'online');
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '我要咨询一下' });
    await waitFor(async () => (await p.sim.state()).sessions.find((s) => s.external_userid === customer && s.service_state === 3), { what: 'state 3' });
    await settle();
    const session = (await p.sim.state()).sessions.find((s) => s.external_userid === customer);
    expect(session).toMatchObject({ open_kfid: DEMO_KF.open_kfid, service_state: 3, servicer_userid: 'lisi' });
    expect((await p.sim.inbox({ external_userid: customer })).map((i) => i.msgtype)).toEqual(['msgmenu']);
    // the agent now has the session: later messages are the agent's to answer, the bot stays out
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '请问发货了吗' });
    await settle();
    expect(await p.sim.inbox({ external_userid: customer })).toHaveLength(1);
  });

  it('answers each customer once per night, however many messages they send', async () => {
    for (const c of DEMO_CUSTOMERS) await p.sim.customerSend({ external_userid: c.external_userid, msgtype: 'text', content: '在吗' });
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '有人吗' });
    await waitFor(async () => (await p.sim.inbox({ external_userid: DEMO_CUSTOMERS[1].external_userid })).length === 1, { what: 'reply to the second customer' });
    await settle();
    expect(await p.sim.inbox({ external_userid: customer })).toHaveLength(1);
    expect(p.deps.db.select().from(outbox).where(eq(outbox.status, 'sent')).all()).toHaveLength(2);
  });
});
