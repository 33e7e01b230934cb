/**
 * @module Alerts a duty manager can act on: each escalation stage alerts once (the 10-minute silence alert is
 * not swallowed by the 3-minute follow-up alert of the same conversation), and the card and the SMS carry the
 * customer's nickname, the last message (truncated), the waiting time, who was on duty and a signed deep link
 * that opens that conversation — through real HTTP to the simulator and to a Tencent SMS stand-in.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestProduct } from '../../support/product';
import type { ManualClock } from '../../../server/app/clock';
import { waitFor } from '../../support/wait';
import { conversations, dutyGroups } from '../../../server/adapters/db/sqlite/schema/index';
import { advance, startRelayProduct, customerWrites as writes, managerCards as cardsOf } from '../relay/support';

const customer = 'wmDemoCustomer0001';
const LONG = '你好，我上周买的蓝牙耳机左耳没有声音，换了充电盒也不行，想问一下能不能换新或者退货，订单号是 20261118-3321';
let p: TestProduct;
let clock: ManualClock;
let smsServer: Server | undefined;
const smsBodies: { TemplateParamSet: string[]; PhoneNumberSet: string[] }[] = [];
afterEach(async () => {
  await p.stop();
  await new Promise<void>((r) => (smsServer ? smsServer.close(() => r()) : r()));
  smsServer = undefined;
  smsBodies.length = 0;
});

/** A stand-in for Tencent Cloud's SendSms endpoint: records each request body and answers Ok. */
async function startSmsEndpoint(): Promise<string> {
  smsServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      smsBodies.push(JSON.parse(body) as (typeof smsBodies)[number]);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }], RequestId: 'r' } }));
    });
  });
  await new Promise<void>((r) => smsServer!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(smsServer!.address() as AddressInfo).port}/`;
}

const SMS_ENV = (endpoint: string) => ({
  TENCENT_SMS_SECRET_ID: 'AKIDtest', TENCENT_SMS_SECRET_KEY: 'secret', TENCENT_SMS_SDK_APP_ID: '1400000000',
  TENCENT_SMS_SIGN_NAME: '月班', TENCENT_SMS_TEMPLATE_ID: '100001', TENCENT_SMS_ENDPOINT: endpoint,
});

const customerWrites = (content: string) => writes(p, content);
const managerCards = () => cardsOf(p);

describe('alerts a duty manager can act on', () => {
  it('alerts once per stage: the 3-minute follow-up and the 10-minute silence each send a card with nickname, last message, wait, duty and a deep link; the SMS carries the same', async () => {
    const endpoint = await startSmsEndpoint();
    ({ p, clock } = await startRelayProduct(SMS_ENV(endpoint)));
    p.deps.db.update(dutyGroups).set({ managerPhone: '+8613800000000' }).run();
    await p.setStatus('zhangsan', 'online');
    await customerWrites(LONG);
    await advance(p, clock, 3 * 60_000);
    let cards = await managerCards();
    expect(cards).toHaveLength(1); // the follow-up stage (3 min)
    await advance(p, clock, 7 * 60_000);
    cards = await managerCards();
    expect(cards).toHaveLength(2); // the silence stage (10 min) is not swallowed by the earlier one
    const conv = p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get()!;
    for (const card of cards) {
      const text = `${card.textcard.title as string} ${card.textcard.description as string}`;
      expect(text).toContain('小明');
      expect(text).not.toContain(customer); // names, not ids
      expect(text).toContain('最后一条：你好，我上周买的蓝牙耳机');
      expect(text).toContain('…'); // truncated
      expect(text).not.toContain('20261118-3321');
      expect(text).toMatch(/小明 · 已等待 (3|10) 分钟/);
      expect(text).toMatch(/值班：一组\S* 张三（在线） \/ 李四（月球模式）/);
      const url = new URL(card.textcard.url as string);
      expect(url.pathname).toBe('/sidebar/');
      expect(url.hash).toBe(`#/c/${conv.id}`);
      // the link opens that conversation without a session
      const opened = await fetch(`${p.url}/api/sidebar/link?link=${encodeURIComponent(url.searchParams.get('link')!)}`);
      expect(opened.status).toBe(200);
      expect(await opened.json()).toMatchObject({ conversationId: conv.id, externalUserid: customer, timeZone: 'Asia/Shanghai' });
    }
    expect(cards.map((c) => c.textcard.description as string).join()).toContain('主渠道无人响应');
    // each title says what happened: nobody answered for 3 minutes, then 10 minutes and the switch to the backup channel
    expect(cards.map((c) => c.textcard.title)).toEqual(['无人接待 3 分钟：小明', '无人接待 10 分钟，已转备用渠道：小明']);
    await waitFor(() => smsBodies.length === 2, { what: 'two SMS' });
    for (const sms of smsBodies) {
      expect(sms.PhoneNumberSet).toEqual(['+8613800000000']);
      const [nickname, last, waited, duty, link] = sms.TemplateParamSet;
      expect(nickname).toBe('小明');
      expect([...last!].length).toBeLessThanOrEqual(20);
      expect(last).toMatch(/^你好，我上周买的蓝牙耳机.*…$/);
      expect(waited).toMatch(/^(3|10) 分钟$/);
      expect(duty).toContain('张三');
      expect(link).toMatch(new RegExp(`/sidebar/\\?link=[^#]+#/c/${conv.id}$`));
    }
  });
});
