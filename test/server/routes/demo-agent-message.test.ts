import { afterEach, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { messages } from '../../../server/adapters/db/sqlite/schema/index';
import { eq } from 'drizzle-orm';

let p: TestProduct;
afterEach(async () => { await p.stop(); });
const customer = 'wmDemoCustomer0002';

const post = (body: unknown) => fetch(`${p.url}/demo/api/customers/${customer}/agent-messages`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('demo parity: the mock sidebar\'s sendChatMessage goes through the simulator', () => {
  it('puts a text into the customer\'s chat as the agent (origin 5), moving the session to that agent', async () => {
    p = await startProduct();
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '在吗' });
    await p.travel!.settle();
    const res = await post({ userid: 'zhangsan', message: { msgtype: 'text', text: { content: '您好，我是张三' } } });
    expect(res.status).toBe(202);
    const { msgid } = (await res.json()) as { msgid: string };
    await p.travel!.settle();
    const inbox = await p.sim.inbox({ external_userid: customer, open_kfid: DEMO_KF.open_kfid });
    expect(inbox.at(-1)).toMatchObject({ msgid, sender: 'agent', servicer_userid: 'zhangsan', text: '您好，我是张三' });
    const stored = p.deps.db.select().from(messages).where(eq(messages.msgid, msgid)).get();
    expect(stored).toMatchObject({ origin: ORIGIN.agent, servicerUserid: 'zhangsan' });
    const transcript = await (await fetch(`${p.url}/demo/api/customers/${customer}/transcript`)).json() as { messages: { id: string; from: string; senderName?: string }[] };
    expect(transcript.messages.find((m) => m.id === msgid)).toMatchObject({ from: 'agent', senderName: '张三' });
  });

  it('sends a menu card too, and refuses what the JS-SDK cannot send (a text item) with 400', async () => {
    p = await startProduct();
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '你好' });
    await p.travel!.settle();
    const menu = { msgtype: 'msgmenu', msgmenu: { head_content: '请选择', list: [{ type: 'click', click: { id: 'a1', content: '查订单' } }] } };
    expect((await post({ userid: 'lisi', message: menu })).status).toBe(202);
    expect((await p.sim.inbox({ external_userid: customer })).at(-1)).toMatchObject({ sender: 'agent', msgtype: 'msgmenu', servicer_userid: 'lisi' });
    const bad = { msgtype: 'msgmenu', msgmenu: { head_content: 'x', list: [{ type: 'text', text: { content: 'no' } }] } };
    expect((await post({ userid: 'lisi', message: bad })).status).toBe(400);
  });
});
