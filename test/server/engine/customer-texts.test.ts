/**
 * @module What customers read from the default pack, through the real pipeline (simulator over HTTP, SQLite, the
 * demo org): the holiday's name, the reopening, the form link and the emergency contact in the order a person would
 * say them; no apology for a wait that did not happen; the welcome before any answer; no agent named to a new customer.
 */
import { afterEach, describe, it, expect } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { shiftedClock } from '../../../server/app/clock';
import { DEMO_AGENTS } from '../../../server/app/demo/seed-data';

let p: TestProduct;
afterEach(async () => { await p.stop(); });
const c1 = 'wmDemoCustomer0001';

async function say(text: string) {
  await p.sim.customerSend({ external_userid: c1, msgtype: 'text', content: text });
  await p.travel!.settle();
}
async function tap(menuId: string) {
  await p.sim.customerSend({ external_userid: c1, msgtype: 'menu_click', menu_id: menuId });
  await p.travel!.settle();
}
const texts = async () => (await p.sim.inbox({ external_userid: c1 })).map((i) => i.text);
/** Each of `parts` occurs in `text`, in this order. */
function inOrder(text: string, parts: (string | RegExp)[]): void {
  let from = 0;
  for (const part of parts) {
    const rest = text.slice(from);
    const m = typeof part === 'string' ? { index: rest.indexOf(part), length: part.length } : (() => { const r = part.exec(rest); return { index: r ? r.index : -1, length: r?.[0].length ?? 0 }; })();
    expect(m.index, `“${String(part)}” after position ${from} in: ${text}`).toBeGreaterThanOrEqual(0);
    from += m.index + m.length;
  }
}

describe('default templates as customers read them', () => {
  it.each([
    ['国庆节', '2026-10-02T10:00:00+08:00', '10月8日'],
    ['春节', '2026-02-18T10:00:00+08:00', '2月24日'],
  ])('names the holiday (%s), then the reopening, the message, the form link and the emergency contact', async (holiday, at, reopen) => {
    p = await startProduct({}, { clock: shiftedClock(at) });
    await say('你好，请问在吗');
    const [notice] = await texts();
    inOrder(notice!, [holiday, reopen, '留言', /\/f\/[\w-]+/, '紧急', '400-820-1234']);
    expect(notice).not.toContain('{{');
  });

  it('answers a tap on 预约回电 with the form link and no apology for a wait that did not happen', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T13:20:00+08:00') });
    await say('在吗');
    await tap('appointment');
    const reply = (await texts()).at(-1)!;
    expect(reply).toMatch(/\/f\/[\w-]+/);
    expect(reply).not.toMatch(/久等|抱歉/);
  });

  it('welcomes a new customer before answering their refund question', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T10:00:00+08:00') });
    await p.setStatus('zhangsan', 'online');
    await say('我要退款，怎么操作');
    const got = await texts();
    const welcome = got.findIndex((t) => t.includes('欢迎咨询'));
    const refund = got.findIndex((t) => t.includes('退款和订单进度'));
    expect(welcome).toBeGreaterThanOrEqual(0);
    expect(refund).toBeGreaterThan(welcome);
  });

  it('does not tell a new customer that a particular agent is busy', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T10:00:00+08:00') });
    await p.setStatus('lisi', 'busy');
    await say('你好，我想咨询一下');
    const got = (await texts()).join('\n');
    expect(got).toContain('尽快回复');
    for (const a of DEMO_AGENTS) expect(got).not.toContain(a.name);
  });

  it('gives the emergency contact with the emergency reply, and when nobody on duty can be reached', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T22:00:00+08:00') });
    await say('紧急！系统崩了');
    inOrder((await texts()).join('\n'), ['暂时无法为您转接人工', /\/f\/[\w-]+/, '400-820-1234']);
    await p.setStatus('zhangsan', 'online');
    await p.sim.customerSend({ external_userid: 'wmDemoCustomer0002', msgtype: 'text', content: '紧急！系统崩了' });
    await p.travel!.settle();
    inOrder((await p.sim.inbox({ external_userid: 'wmDemoCustomer0002' })).map((i) => i.text).join('\n'), ['紧急消息', '张三', '400-820-1234']);
  });
});
