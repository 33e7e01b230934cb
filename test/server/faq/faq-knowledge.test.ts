/**
 * @module FAQ knowledge through real HTTP (server ↔ strict simulator, admin and sidebar APIs): every button of the
 * FAQ and welcome cards answers with its entry; admins edit entries per team and the team's entry answers; free
 * text that matches well is answered at night with the trace saying why, a weak match is not and is listed as an
 * unanswered question; agents get the entries as quick replies and their sends count in the usage.
 */
import { afterEach, describe, it, expect } from 'vitest';
import { desc } from 'drizzle-orm';
import type { TestProduct } from '../../support/product';
import { signIn, sameOrigin } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { decisions } from '../../../server/adapters/db/sqlite/schema/index';
import { DEFAULT_FAQ, DEFAULT_TEMPLATES } from '../../../shared/engine/index';
import { DEFAULT_INTENT_PACK } from '../../../shared/intent/index';
import { renderTemplate, type Template } from '../../../shared/templates/index';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { WEDNESDAY_22, settle, startRelayProduct, customerWrites as writes } from '../relay/support';

const customer = 'wmDemoCustomer0001';
let p: TestProduct;
afterEach(async () => { await p.stop(); });

const texts = async () => (await p.sim.inbox({ external_userid: customer }))
  .filter((m) => m.msgtype === 'text').map((m) => (m.content as { content: string }).content);
const customerWrites = (content: string) => writes(p, content);
async function clicks(menuId: string): Promise<string | undefined> {
  await p.travel!.advance(1_000); // a moment later: WeCom's 5 replies are counted per customer message
  const before = (await texts()).length;
  await p.sim.customerSend({ external_userid: customer, msgtype: 'menu_click', menu_id: menuId });
  await waitFor(async () => (await texts()).length > before, { what: `an answer to ${menuId}` });
  await settle(p);
  return (await texts()).at(-1);
}
/** Puts a card in the customer's chat as the bot would send it (the simulator only lets a customer click what they got). */
async function cardArrives(t: Template): Promise<void> {
  await p.deps.wecom.sendMsg({ touser: customer, open_kfid: DEMO_KF.open_kfid, ...renderTemplate(t, {}) } as never);
}
const buttonsOf = (t: Template) => (t.msgtype === 'msgmenu' ? t.items.flatMap((i) => (i.type === 'click' && i.click.id !== 'transfer_human' ? [i.click.id] : [])) : []);
const entryFor = (menuId: string) => DEFAULT_FAQ.find((e) => e.menuId === menuId);

describe('FAQ knowledge', () => {
  it('answers every button of the FAQ and welcome cards with its entry (answer and link), at night with the bot holding the session', async () => {
    ({ p } = await startRelayProduct({}, WEDNESDAY_22));
    await customerWrites('你好');
    for (const kind of ['faq_card', 'welcome'] as const) {
      const card = DEFAULT_TEMPLATES.find((t) => t.kind === kind)!;
      const ids = buttonsOf(card);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      await cardArrives(card);
      for (const id of ids) {
        const entry = entryFor(id);
        expect(entry, `an entry for button ${id}`).toBeDefined();
        const answer = await clicks(id);
        expect(answer).toContain(entry!.answer);
        if (entry!.link) expect(answer).toContain(entry!.link);
      }
    }
    const admin = await signIn(p.url, 'wangwu');
    const usage = (await (await fetch(`${p.url}/api/admin/faq/usage`, { headers: { cookie: admin } })).json()) as { entries: { question: string; button: number }[] };
    expect(usage.entries.find((e) => e.question === '价格与套餐')?.button).toBe(2); // on both cards
    expect(usage.entries.find((e) => e.question === '发票开具')?.button).toBe(1);
  });

  it('seeds entries whose intents are all in the intent list (no bare id such as logistics to show)', () => {
    const known = new Set<string>(DEFAULT_INTENT_PACK.map((i) => i.id));
    expect(DEFAULT_FAQ.flatMap((e) => e.intents).filter((id) => !known.has(id))).toEqual([]);
  });

  it('admins create, edit and delete entries per team; the team\'s own entry answers its button; bad input (an unknown intent too, in Chinese) is a clear 400 and agents get 403', async () => {
    ({ p } = await startRelayProduct({}, WEDNESDAY_22));
    const admin = await signIn(p.url, 'wangwu');
    const agent = await signIn(p.url, 'zhangsan');
    const api = (path: string, init: RequestInit = {}, cookie = admin) =>
      fetch(`${p.url}/api/admin/faq${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...sameOrigin(p.url), ...(init.headers ?? {}) } });
    const listed = (await (await api('?openKfid=all')).json()) as { items: { question: string; openKfid: string | null }[] };
    expect(listed.items.map((e) => e.question)).toEqual(DEFAULT_FAQ.map((e) => e.question));
    const body = { openKfid: DEMO_KF.open_kfid, question: '价格与套餐（本店）', answer: '本店耳机 399 元，两副 699 元。', intents: ['pricing'], keywords: ['价格'], menuId: 'faq_price', position: 1 };
    const created = await api('', { method: 'POST', body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const { item } = (await created.json()) as { item: { id: number } };
    expect((await api('', { method: 'POST', body: JSON.stringify({ ...body, question: '' }) })).status).toBe(400);
    expect((await api('', { method: 'POST', body: JSON.stringify({ ...body, link: 'javascript:alert(1)' }) })).status).toBe(400);
    expect((await api('', { method: 'POST', body: JSON.stringify(body) }, agent)).status).toBe(403);
    const unknown = await api('', { method: 'POST', body: JSON.stringify({ ...body, intents: ['pricing', 'logistics'] }) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/^未知的意图：logistics。/);
    await customerWrites('你好');
    await cardArrives(DEFAULT_TEMPLATES.find((t) => t.kind === 'faq_card')!);
    expect(await clicks('faq_price')).toBe('本店耳机 399 元，两副 699 元。');
    expect((await api(`/${item.id}`, { method: 'PUT', body: JSON.stringify({ ...body, intents: ['logistics'] }) })).status).toBe(400);
    expect((await api(`/${item.id}`, { method: 'PUT', body: JSON.stringify({ ...body, answer: '本店耳机 379 元。' }) })).status).toBe(200);
    expect(await clicks('faq_price')).toBe('本店耳机 379 元。');
    expect((await api(`/${item.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api(`/${item.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await clicks('faq_price')).toContain(entryFor('faq_price')!.answer); // back to the entry every team shares
    const team = (await (await api(`?openKfid=${DEMO_KF.open_kfid}`)).json()) as { items: unknown[] };
    expect(team.items).toEqual([]);
  });

  it('answers a well-matching free-text question at night from its entry with the trace saying why; a weak one is not answered and is listed as unanswered', async () => {
    ({ p } = await startRelayProduct({}, WEDNESDAY_22));
    await customerWrites('请问发票怎么开？开票需要提供税号吗');
    const invoice = DEFAULT_FAQ.find((e) => e.question === '发票开具')!;
    expect((await texts()).some((t) => t.includes(invoice.answer))).toBe(true);
    const trace = p.deps.db.select({ trace: decisions.trace }).from(decisions).orderBy(desc(decisions.id)).limit(1).get()!.trace;
    expect(trace).toContain('faq_text_off_hours');
    expect(JSON.parse(trace).facts.faq).toMatch(/^「发票开具」得分 [\d.]+：意图 发票（[\d.]+）；关键词 发票.*达到阈值 0\.65$/);
    await customerWrites('你们公司在哪个城市办公呀');
    expect((await texts()).filter((t) => DEFAULT_FAQ.some((e) => t.includes(e.answer)))).toHaveLength(1);
    const admin = await signIn(p.url, 'wangwu');
    const usage = (await (await fetch(`${p.url}/api/admin/faq/usage`, { headers: { cookie: admin } })).json()) as { entries: { question: string; text: number }[]; unanswered: { text: string }[] };
    expect(usage.entries.find((e) => e.question === '发票开具')?.text).toBe(1);
    expect(usage.unanswered.map((u) => u.text)).toContain('你们公司在哪个城市办公呀');
  });

  it('gives agents the team\'s entries as quick replies and counts an entry an agent sent', async () => {
    ({ p } = await startRelayProduct({}, WEDNESDAY_22));
    await customerWrites('你好');
    const agent = await signIn(p.url, 'zhangsan');
    const res = await fetch(`${p.url}/api/sidebar/quick-replies?externalUserid=${customer}`, { headers: { cookie: agent } });
    const { items } = (await res.json()) as { items: { id: string; name: string; body: unknown }[] };
    const price = items.find((i) => i.name === '价格与套餐')!;
    expect(JSON.stringify(price.body)).toContain(entryFor('faq_price')!.answer);
    const id = Number(/^faq_(\d+)$/.exec(price.id)![1]);
    const sent = await fetch(`${p.url}/api/sidebar/faq/${id}/sent?externalUserid=${customer}`, { method: 'POST', headers: { cookie: agent, ...sameOrigin(p.url) } });
    expect(sent.status).toBe(200);
    expect((await fetch(`${p.url}/api/sidebar/faq/${id}/sent?externalUserid=${customer}`, { method: 'POST', headers: { cookie: agent } })).status).toBe(403); // no Origin
    const admin = await signIn(p.url, 'wangwu');
    const usage = (await (await fetch(`${p.url}/api/admin/faq/usage`, { headers: { cookie: admin } })).json()) as { entries: { question: string; agent: number }[] };
    expect(usage.entries.find((e) => e.question === '价格与套餐')?.agent).toBe(1);
  });
});
