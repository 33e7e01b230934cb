import { afterEach, describe, it, expect } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { waitFor } from '../../support/wait';
import { shiftedClock } from '../../../server/app/clock';

let p: TestProduct;
afterEach(async () => { await p.stop(); });
const customer = 'wmDemoCustomer0001';
const inbox = () => p.sim.inbox({ external_userid: customer });
/** Callbacks, pulls and sends finished: the product's "everything due is done" signal. */
const settle = () => p.travel!.settle();

describe('welcome when a customer opens the chat (enter_session → send_msg_on_event)', () => {
  it('answers the welcome_code with the welcome card in open hours', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T10:00:00+08:00') });
    await p.sim.customerEnter({ external_userid: customer, scene: 'qr' });
    const got = await waitFor(async () => { const i = await inbox(); return i.length > 0 ? i : undefined; }, { what: 'welcome' });
    expect(got[0]).toMatchObject({ sender: 'send_msg_on_event', msgtype: 'msgmenu' });
  });

  it('at night sends the night notice on entering, and the first message does not repeat it', async () => {
    p = await startProduct();
    await p.sim.customerEnter({ external_userid: customer, scene: 'qr' });
    await settle();
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '在吗' });
    await settle();
    const got = await inbox();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ sender: 'send_msg_on_event' });
    expect(got[0]!.text).toContain('现在是非工作时间');
  });

  it('sends the appointment form to a customer who came from a profile wall\'s 预约回电 button', async () => {
    p = await startProduct();
    await p.sim.customerEnter({ external_userid: customer, scene: 'wall', scene_param: 'appointment' });
    await settle();
    const got = await inbox();
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toMatch(/\/f\/[\w.-]+/);
  });
});
