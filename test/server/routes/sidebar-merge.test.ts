/**
 * @module Sidebar checks that need the parts merged from other branches: the decision engine (a 请勿打扰 set in
 * the sidebar changes the bot's next reply) and the intent correction route (a correction changes the next
 * classification of that text). They fail on the sidebar branch alone, by design.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { ManualClock } from '../../../server/app/clock';

const KF = 'wkMoonshiftDemo01';
const XIAOMING = 'wmDemoCustomer0001';
let p: TestProduct;
let zhang: string;
// Thursday 26 Nov 2026, 10:00 in Shanghai: the demo desk is open.
const clock = new ManualClock(Date.parse('2026-11-26T10:00:00+08:00'));

async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${p.url}/api/sidebar${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie: zhang, ...sameOrigin(p.url), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function say(text: string): Promise<string> {
  const sent = await p.sim.customerSend({ open_kfid: KF, external_userid: XIAOMING, nickname: '小明', msgtype: 'text', content: text });
  return sent.msgid;
}

beforeAll(async () => {
  p = await startProduct({}, { clock });
  zhang = await signIn(p.url, 'zhangsan');
});
afterAll(async () => { await p?.stop(); });

describe('sidebar × engine (needs the decision engine merge)', () => {
  it('answers the next customer message with the 请勿打扰 reply once the agent switches to dnd in the sidebar', async () => {
    expect((await api('/me/status', { method: 'PUT', body: { status: 'dnd', duration: '1h' } })).status).toBe(200);
    await say('你好，我想咨询一下产品');
    const inbox = await waitFor(async () => {
      const items = await p.sim.inbox({ external_userid: XIAOMING, open_kfid: KF });
      return items.find((i) => i.msgtype === 'text' && (i.text ?? '').includes('暂时无法回复'));
    }, { timeoutMs: 5_000, what: 'the dnd reply' });
    // 小明 is nobody's customer yet: told that 客服同事 are busy, not that 张三 is (issue 20: no agent named to a new customer)
    expect(inbox.text).toContain('客服同事');
    expect(inbox.text).not.toContain('张三');
    expect(inbox.text).toContain('小明');
    const ctx = (await api(`/context?externalUserid=${XIAOMING}`)).body;
    const why = (await api(`/decisions?conversationId=${ctx.conversation.id}`)).body;
    expect(why.items[0].lines.zh.join('\n')).toContain('请勿打扰');
  });
});

describe('sidebar × intent learning (needs the intent route merge)', () => {
  it('stores a correction and classifies the same text with the corrected intent next time', async () => {
    const text = '你们周末上门安装吗';
    const first = await say(text);
    const before = await waitFor(async () => (await api(`/context?externalUserid=${XIAOMING}`)).body.messages.find((m: { id: string }) => m.id === first));
    const corrected = before.intent === 'appointment' ? 'after_sales' : 'appointment';
    expect((await api(`/messages/${first}/intent`, { method: 'POST', body: { intent: corrected } })).status).toBeLessThan(300);
    await waitFor(async () => {
      const second = await say(text);
      const m = await waitFor(async () => (await api(`/context?externalUserid=${XIAOMING}`)).body.messages.find((x: { id: string }) => x.id === second));
      return m.intent === corrected;
    }, { timeoutMs: 15_000, intervalMs: 500, what: 'the corrected classification' });
  });
});
