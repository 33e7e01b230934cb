/**
 * @module The real JS-SDK path in Chromium: the sidebar opened the way the WeCom client opens it (a `wxwork/…` user
 * agent, the client's `WeixinJSBridge` faked around the page), so the real `@wecom/jssdk` adapter registers with
 * the signatures our server makes, reads the entry and the customer, and sends a text and a menu card — each call
 * checked by the fake client as WeCom documents it (signatures over the simulator's tickets, exact payloads).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { customerSays, openSidebar, sidebarUrl, unexpected, XIAOMING } from './support/sidebar';
import { FakeWecomClient, type BridgeCall } from './support/wecom-client';
import { sameOrigin, signIn } from '../support/auth';
import { parseEnv } from '../../server/app/env';
import { JS_API_LIST } from '../../server/http/routes/sidebar';

let product: RunningProduct;
let browser: TestBrowser;
const demo = parseEnv({}).wecom;
const MENU_ID = 'jssdk_menu';
const MENU = {
  id: MENU_ID, name: '查订单菜单', kind: 'custom', msgtype: 'msgmenu',
  head_content: '{{customer.nickname}}，请选择：',
  items: [
    { type: 'click', click: { id: 'order', content: '查订单' } },
    { type: 'view', view: { url: 'https://example.com/help', content: '帮助中心' } },
    { type: 'miniprogram', miniprogram: { appid: 'wx1234567890abcdef', pagepath: 'pages/order/index?from=kf', content: '打开小程序' } },
  ],
  tail_content: '没找到想要的？直接回复文字即可',
};

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  await customerSays(product.simUrl, '我的订单到哪了');
  const admin = await signIn(product.url, 'wangwu');
  const res = await fetch(`${product.url}/api/admin/templates/${MENU_ID}`, {
    method: 'PUT', headers: { cookie: admin, ...sameOrigin(product.url), 'content-type': 'application/json' }, body: JSON.stringify(MENU),
  });
  if (!res.ok) throw new Error(`menu template not saved: ${res.status} ${await res.text()}`);
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
});

const client = (version: string, entry: string) => new FakeWecomClient({
  version, entry, externalUserid: XIAOMING.externalUserid, corpId: demo.corpId, agentId: demo.agentId, simUrl: product.simUrl, secret: demo.secrets.main,
});
/** The calls of the page load that made `name` (the sign-in redirect loads the page twice). */
const loadOf = (calls: BridgeCall[], name: string) => calls.filter((c) => c.doc === calls.find((x) => x.name === name)?.doc);

async function sendReply(page: Page, selector: string) {
  const reply = page.locator(selector);
  await reply.waitFor({ timeout: 10_000 });
  await reply.getByTestId('quick-reply-send').click();
  await reply.getByTestId('quick-reply-sent').waitFor({ timeout: 10_000 });
}

describe('/sidebar inside the WeCom client (real @wecom/jssdk adapter)', () => {
  it('registers with our app signature, reads single_kf_tools and the customer, and sends a text and a menu exactly as documented', async () => {
    const wx = client('4.1.36', 'single_kf_tools');
    const { page, errors, screenshot } = await browser.newPage();
    await wx.attach(page);
    await openSidebar(page, sidebarUrl(product.url, { tab: 'replies' }), 'zhangsan'); // no ?customer=: the client says who
    await sendReply(page, '[data-testid="quick-reply"][data-kind="question_collect"]');
    await sendReply(page, `[data-testid="quick-reply"][data-id="${MENU_ID}"]`);
    await screenshot('sidebar-jssdk-replies-375');

    const calls = loadOf(wx.calls, 'sendChatMessage');
    expect(calls.map((c) => c.answer.err_msg)).toEqual(calls.map((c) => `${c.name}:ok`));
    expect(calls[0]!.name).toBe('agentConfig');
    expect(calls.slice(1, 3).map((c) => c.name).sort()).toEqual(['getContext', 'getCurExternalContact']); // in parallel
    expect(calls.slice(3).map((c) => c.name)).toEqual(['sendChatMessage', 'sendChatMessage']);
    // a current client needs no corp config: the app's (agentConfig) carries the identity
    expect(calls.some((c) => c.name === 'preVerifyJSAPI')).toBe(false);
    expect(calls[0]!.params).toEqual({
      corpid: demo.corpId, agentid: String(demo.agentId), jsApiList: JS_API_LIST,
      timestamp: expect.stringMatching(/^\d{10}$/), nonceStr: expect.any(String), signature: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(calls.find((c) => c.name === 'getContext')?.answer.entry).toBe('single_kf_tools');

    const [text, menu, ...more] = wx.sent();
    expect(more).toEqual([]);
    expect(text).toEqual({ msgtype: 'text', text: { content: expect.stringContaining(`${XIAOMING.nickname}，`) } });
    expect(menu).toEqual({
      msgtype: 'msgmenu',
      msgmenu: {
        head_content: `${XIAOMING.nickname}，请选择：\n没找到想要的？直接回复文字即可`,
        list: [
          { type: 'click', click: { id: 'order', content: '查订单' } },
          { type: 'view', view: { url: 'https://example.com/help', content: '帮助中心' } },
          { type: 'miniprogram', miniprogram: { appid: 'wx1234567890abcdef', page: 'pages/order/index?from=kf', content: '打开小程序' } },
        ],
      },
    });
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('in a client older than 3.0.24 also passes the corp signature check first, and sends a menu reply as text in single_chat_tools', async () => {
    const wx = client('3.0.16', 'single_chat_tools');
    const { page, errors } = await browser.newPage();
    await wx.attach(page);
    await openSidebar(page, sidebarUrl(product.url, { tab: 'replies' }), 'zhangsan');
    await sendReply(page, `[data-testid="quick-reply"][data-id="${MENU_ID}"]`);
    const calls = loadOf(wx.calls, 'sendChatMessage');
    expect(calls.slice(0, 2).map((c) => [c.name, c.answer.err_msg])).toEqual([['preVerifyJSAPI', 'config:ok'], ['agentConfig', 'agentConfig:ok']]);
    expect(calls[0]!.params).toMatchObject({ verifyJsApiList: JS_API_LIST });
    expect(calls[0]!.verify).toMatchObject({ appId: demo.corpId, verifySignType: 'sha1', verifySignature: expect.stringMatching(/^[0-9a-f]{40}$/) });
    // a 客户联系 chat is not a kf session: no kf nickname, the variable's fallback greets
    expect(wx.sent()).toEqual([{ msgtype: 'text', text: { content: expect.stringMatching(/^.+，请选择：\n\[查订单\]\n\[帮助中心\]\n\[打开小程序\]\n没找到想要的？直接回复文字即可$/) } }]);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('gets nothing from the client when the app signature does not match the ticket in force, and says so', async () => {
    const wx = client('4.1.36', 'single_kf_tools');
    const { page, errors } = await browser.newPage();
    await wx.attach(page);
    // `ww.register` starts the config itself and leaves that promise unhandled: record what it rejects with
    await page.addInitScript(() => addEventListener('unhandledrejection', (e) => {
      const w = window as unknown as { __rejections?: unknown[] };
      (w.__rejections ??= []).push(JSON.parse(JSON.stringify(e.reason ?? null)));
    }));
    await page.route('**/api/sidebar/jssdk/config?*', async (route) => {
      const res = await route.fetch();
      if (!res.ok()) return route.fulfill({ response: res });
      const body = await res.json() as { agentConfig: { signature: string } };
      body.agentConfig.signature = body.agentConfig.signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      return route.fulfill({ response: res, json: body });
    });
    await page.goto(sidebarUrl(product.url, { tab: 'replies' }));
    const pick = page.locator('a[href*="userid=zhangsan"]'), failed = page.locator('[data-testid="state-error"]');
    await Promise.race([pick.waitFor({ timeout: 10_000 }), failed.waitFor({ timeout: 10_000 })]);
    if (await pick.count()) await pick.click(); // not signed in yet in this browser
    await expect.poll(() => failed.textContent(), { timeout: 10_000 }).toContain('agentConfig:invalid signature');
    const calls = loadOf(wx.calls, 'agentConfig');
    expect(calls.map((c) => [c.name, c.answer.err_msg])).toEqual([['agentConfig', 'agentConfig:invalid signature']]);
    expect(wx.sent()).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __rejections?: unknown[] }).__rejections))
      .toEqual([expect.objectContaining({ errMsg: 'agentConfig:invalid signature' })]);
    expect(unexpected(errors).filter((e) => e !== 'pageerror: ')).toEqual([]);
    await page.close();
  });
});
