/**
 * @module Browser flows of /sidebar in real Chromium against the whole product in demo mode (mock JS-SDK
 * adapter, real OAuth sign-in through the simulator): the customer's intent, 请勿打扰 persisting and reaching a
 * second sidebar within a second, one-tap quick replies with the nickname filled in, no-bot entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { customerSays, openSidebar, sentMessages, sidebarUrl, unexpected, XIAOMING } from './support/sidebar';
import { createIntentClassifier } from '../../server/core/intent/create-classifier';

let product: RunningProduct;
let browser: TestBrowser;
const FIRST_TEXT = '我要申请退款，东西不想要了';

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  await customerSays(product.simUrl, FIRST_TEXT);
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
});

describe('/sidebar', () => {
  it('signs in through WeCom OAuth and shows the simulated customer\'s last message intent', async () => {
    const { page, errors, screenshot } = await browser.newPage();
    await openSidebar(page, sidebarUrl(product.url, { customer: XIAOMING.externalUserid, agent: 'zhangsan' }), 'zhangsan');
    const expected = createIntentClassifier().classify(FIRST_TEXT).intent;
    await expect.poll(() => page.getByTestId('head-intent').getAttribute('data-intent'), { timeout: 10_000 }).toBe(expected);
    await expect.poll(() => page.getByTestId('last-intent').getAttribute('data-intent')).toBe(expected);
    await expect.poll(() => page.getByTestId('customer-nickname').textContent()).toBe(XIAOMING.nickname);
    expect(await page.getByTestId('message').filter({ hasText: FIRST_TEXT }).count()).toBe(1);
    expect(page.url()).toContain('#/customer');
    await screenshot('sidebar-customer-375');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('opens with its first answers inside the page: no request for me, my status, the roster or the context before the header shows them', async () => {
    const signin = await browser.newPage();
    const url = sidebarUrl(product.url, { customer: XIAOMING.externalUserid, tab: 'customer' });
    await openSidebar(signin.page, url, 'zhangsan');
    await signin.page.close();
    const { page, errors } = await browser.newPage();
    const asked: string[] = [];
    page.on('request', (r) => { asked.push(new URL(r.url()).pathname); });
    await page.goto(url);
    await page.locator('[data-testid="head-status"][data-status]:not([data-status=""])').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="head-intent"][data-intent]').waitFor({ timeout: 10_000 });
    const firstPaths = ['/auth/me', '/api/sidebar/me/status', '/api/sidebar/duty', '/api/sidebar/context'];
    expect(asked.filter((path) => firstPaths.includes(path))).toEqual([]);
    expect(await page.getByTestId('head-intent').getAttribute('data-intent')).toBe(createIntentClassifier().classify(FIRST_TEXT).intent);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('switches to 请勿打扰 until tomorrow: persists and shows in a second sidebar within 1 s', async () => {
    const url = sidebarUrl(product.url, { customer: XIAOMING.externalUserid, tab: 'status' });
    const one = await browser.newPage();
    const two = await browser.newPage();
    await openSidebar(one.page, url, 'zhangsan');
    await openSidebar(two.page, url, 'zhangsan');
    await two.page.getByTestId('head-status').waitFor();
    await one.page.bringToFront(); // a background tab gets no animation frames: the sheet would not settle
    await one.page.getByTestId('status-dnd').click();
    await one.page.getByText('到明天 09:00').click();
    const clicked = Date.now();
    await two.page.locator('[data-testid="head-status"][data-status="dnd"]').waitFor({ timeout: 1_000 });
    expect(Date.now() - clicked).toBeLessThan(1_000);
    await expect.poll(() => one.page.getByTestId('my-status').getAttribute('data-status')).toBe('dnd');
    await expect.poll(() => one.page.getByTestId('my-status-until').textContent()).toContain('09:00');
    await one.page.reload();
    await expect.poll(() => one.page.getByTestId('my-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('dnd');
    await expect.poll(() => one.page.getByTestId('history-item').last().getAttribute('data-status')).toBe('dnd');
    await one.screenshot('sidebar-status-dnd-375');
    expect(unexpected([...one.errors, ...two.errors])).toEqual([]);
    await one.page.close();
    await two.page.close();
  });

  it('sends a quick reply with one tap through the adapter, with the customer\'s nickname filled in', async () => {
    const { page, errors, screenshot } = await browser.newPage();
    await openSidebar(page, sidebarUrl(product.url, { customer: XIAOMING.externalUserid, tab: 'replies' }), 'zhangsan');
    const reply = page.locator('[data-testid="quick-reply"][data-kind="question_collect"]');
    await reply.waitFor({ timeout: 10_000 });
    await reply.getByTestId('quick-reply-send').click();
    await reply.getByTestId('quick-reply-sent').waitFor();
    const sent = await sentMessages(page);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.customer).toBe(XIAOMING.externalUserid);
    expect(sent[0]!.message.msgtype).toBe('text');
    expect(sent[0]!.message.text!.content).toContain(`${XIAOMING.nickname}，`);
    expect(sent[0]!.message.text!.content).toContain('张三');
    expect(sent[0]!.message.text!.content).not.toContain('{{');

    await page.getByTestId('reply-search').fill('紧急');
    await expect.poll(() => page.getByTestId('quick-reply').count()).toBeGreaterThan(0);
    for (const text of await page.getByTestId('quick-reply').allTextContents()) expect(text).toContain('紧急');
    await screenshot('sidebar-replies-375');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('sends a menu card in the kf toolbar and falls back to text in single_chat_tools, where no bot data is shown', async () => {
    const kf = await browser.newPage();
    await openSidebar(kf.page, sidebarUrl(product.url, { customer: XIAOMING.externalUserid, tab: 'replies' }), 'zhangsan');
    await kf.page.locator('[data-testid="quick-reply"][data-kind="welcome"] [data-testid="quick-reply-send"]').click();
    await expect.poll(async () => (await sentMessages(kf.page)).at(-1)?.message.msgtype).toBe('msgmenu');

    const chat = await browser.newPage();
    await openSidebar(chat.page, sidebarUrl(product.url, { customer: XIAOMING.externalUserid, entry: 'single_chat_tools', tab: 'replies' }), 'zhangsan');
    await chat.page.locator('[data-testid="quick-reply"][data-kind="welcome"] [data-testid="quick-reply-send"]').click();
    await expect.poll(async () => (await sentMessages(chat.page)).at(-1)?.message.msgtype).toBe('text');
    await chat.page.goto(sidebarUrl(product.url, { customer: XIAOMING.externalUserid, entry: 'single_chat_tools', tab: 'customer' }));
    await chat.page.getByTestId('no-bot-data').waitFor({ timeout: 10_000 });
    expect(await chat.page.getByTestId('head-intent').count()).toBe(0);
    expect(unexpected([...kf.errors, ...chat.errors])).toEqual([]);
    await kf.page.close();
    await chat.page.close();
  });

  it('offers a customer picker in demo mode without ?customer= and shows empty states instead of blank tabs', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${product.url}/sidebar/#/appointments`);
    await page.getByTestId('pick-customer').first().click();
    await page.getByTestId('head-status').waitFor({ timeout: 10_000 });
    expect(page.url()).toContain('customer=');
    await page.locator('[data-testid="state-empty"]:visible').first().waitFor({ timeout: 5_000 });
    await page.goto(page.url().replace('#/appointments', '#/why'));
    await page.locator('[data-testid="state-empty"]:visible, [data-testid="decisions"]:visible').first().waitFor({ timeout: 10_000 });
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('shows an error with retry when loading fails, an offline banner while the stream is down, and English on request', async () => {
    const { page, errors, screenshot } = await browser.newPage();
    await openSidebar(page, sidebarUrl(product.url, { customer: XIAOMING.externalUserid }), 'zhangsan');
    let failures = 1;
    await page.route('**/api/sidebar/context?*', (route) => (failures-- > 0 ? route.abort('connectionfailed') : route.continue()));
    // the page as served without its first answers (then it asks for them itself, and that request fails)
    await page.route((u) => u.pathname === '/sidebar/', async (route) => {
      const served = await route.fetch();
      route.fulfill({ response: served, body: (await served.text()).replace(/<script type="application\/json" id="first-data">[\s\S]*?<\/script>/, '') });
    });
    await page.reload();
    await page.locator('[data-testid="state-error"]:visible').waitFor({ timeout: 10_000 });
    await page.getByTestId('retry').click();
    await page.getByTestId('customer-summary').waitFor({ timeout: 10_000 });

    await page.context().setOffline(true);
    await page.getByTestId('offline').waitFor({ timeout: 10_000 });
    await page.context().setOffline(false);
    await page.getByTestId('offline').waitFor({ state: 'detached', timeout: 15_000 });

    await page.getByTestId('lang').click();
    await expect.poll(() => page.locator('.van-tab').first().textContent()).toBe('Status');
    await screenshot('sidebar-customer-en-375');
    expect(unexpected(errors).filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_FAILED/.test(e))).toEqual([]);
    await page.close();
  });
});
