import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { sleep, waitFor } from '../../support/wait';
import { messages, outbox } from '../../../server/db/schema/index';
import { DEMO_CUSTOMERS, DEMO_KF, DEMO_NIGHT_TEXT } from '../../../server/demo/seed-data';

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
    expect(inbox[0]).toMatchObject({ msgtype: 'text', text: DEMO_NIGHT_TEXT, sender: 'send_msg' });
    const stored = p.deps.db.select().from(messages).all();
    expect(stored).toHaveLength(1);
    expect(p.deps.db.select().from(outbox).all()).toMatchObject([{ status: 'sent', kind: 'send_msg', causeMsgid: stored[0]!.msgid }]);
  });

  it('hands the session to an online agent (state 3) and sends no bot reply', async () => {
    await p.setStatus('lisi', 'online');
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '我要咨询一下' });
    await waitFor(async () => (await p.sim.state()).sessions.find((s) => s.external_userid === customer && s.service_state === 3), { what: 'state 3' });
    await settle();
    const session = (await p.sim.state()).sessions.find((s) => s.external_userid === customer);
    expect(session).toMatchObject({ open_kfid: DEMO_KF.open_kfid, service_state: 3, servicer_userid: 'lisi' });
    expect(await p.sim.inbox({ external_userid: customer })).toEqual([]);
  });

  it('answers each of several customers once, and a second message of the same night conversation too', async () => {
    for (const c of DEMO_CUSTOMERS) await p.sim.customerSend({ external_userid: c.external_userid, msgtype: 'text', content: '在吗' });
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '有人吗' });
    await waitFor(async () => (await p.sim.inbox({ external_userid: customer })).length === 2, { what: 'two replies' });
    await settle();
    expect(await p.sim.inbox({ external_userid: DEMO_CUSTOMERS[1].external_userid })).toHaveLength(1);
    expect(p.deps.db.select().from(outbox).where(eq(outbox.status, 'sent')).all()).toHaveLength(3);
  });
});
