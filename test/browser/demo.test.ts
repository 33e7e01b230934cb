/**
 * @module Browser flow of /demo in real Chromium against the whole product in demo mode: agents switched through
 * the page's toggles, a customer types, replies arrive over SSE; page errors fail the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { openSidebar, sentMessages, sidebarUrl, unexpected } from './support/sidebar';

let product: RunningProduct;
let browser: TestBrowser;

/** A workday evening in Beijing: the calendar says night. */
const NIGHT = '2026-11-26T22:00:00+08:00';
const DAY = '2026-11-26T10:00:00+08:00';

beforeAll(async () => {
  product = await startProduct({ DEMO_TIME: NIGHT });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
});

const bubbles = (page: Page, from: 'customer' | 'bot' | 'agent') =>
  page.locator(`[data-testid="bubble"][data-from="${from}"][data-pending="false"]`);

async function openDemo(page: Page, url = product.url) {
  await page.goto(`${url}/demo`);
  await page.getByTestId('agent').first().waitFor({ timeout: 10_000 });
}

/** Clicks an agent's switch until the agent has `status` (online ⇄ moon; busy/dnd/offline go online first). */
async function switchAgent(page: Page, userid: string, status: 'online' | 'moon') {
  const agent = page.locator(`[data-testid="agent"][data-userid="${userid}"]`);
  for (let i = 0; i < 3 && (await agent.getAttribute('data-status')) !== status; i++) {
    const before = await agent.getAttribute('data-status');
    await agent.getByTestId('agent-toggle').click();
    await expect.poll(() => agent.getAttribute('data-status'), { timeout: 5_000 }).not.toBe(before);
  }
  expect(await agent.getAttribute('data-status')).toBe(status);
}

async function agentIds(page: Page) {
  return page.getByTestId('agent').evaluateAll((els) => els.map((e) => e.getAttribute('data-userid') ?? ''));
}

/** Picks the n-th demo customer (or the last one if there are fewer) and waits for its transcript. */
async function pickCustomer(page: Page, n: number): Promise<string> {
  const chips = page.getByTestId('customer-chip');
  const chip = chips.nth(Math.min(n, (await chips.count()) - 1));
  await chip.click();
  await expect.poll(() => chip.getAttribute('aria-checked')).toBe('true');
  await page.locator('[data-testid="state-loading"]').waitFor({ state: 'detached', timeout: 5_000 });
  return (await chip.getAttribute('data-customer')) ?? '';
}

async function send(page: Page, text: string) {
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('message-input').press('Enter');
  await bubbles(page, 'customer').filter({ hasText: text }).first().waitFor({ timeout: 5_000 });
}

describe('/demo customer chat', () => {
  it('shows the night reply live when every agent is in 月球模式', async () => {
    const { page, errors, screenshot } = await browser.newPage({ width: 375, height: 812 });
    await openDemo(page);
    for (const id of await agentIds(page)) await switchAgent(page, id, 'moon');
    await pickCustomer(page, 0);
    const botBefore = await bubbles(page, 'bot').count();

    await send(page, '你好，请问还有人在吗？');
    await expect.poll(() => bubbles(page, 'bot').count(), { timeout: 5_000 }).toBeGreaterThan(botBefore);
    await page.waitForTimeout(300); // let the scroll-to-bottom settle for the screenshot
    await screenshot('demo-night-reply-375');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('in open hours with an agent online: one welcome card, then the agent has the session and the bot is silent', async () => {
    const day = await startProduct({ DEMO_TIME: DAY });
    const { page, errors, screenshot } = await browser.newPage({ width: 375, height: 812 });
    await openDemo(page, day.url);
    const [first] = await agentIds(page);
    await switchAgent(page, first ?? '', 'online');
    const customer = await pickCustomer(page, 1);
    const text = `在线测试 ${Date.now()}`;

    await send(page, text);
    await expect.poll(() => bubbles(page, 'bot').count(), { timeout: 5_000 }).toBe(1);
    await send(page, '请问发货了吗');
    await page.waitForTimeout(2_000); // a bot reply would arrive well within this
    expect(await bubbles(page, 'bot').count()).toBe(1);
    expect(await page.getByTestId('bubble').filter({ hasText: text }).count()).toBe(1);
    const ids = await bubbles(page, 'customer').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(ids.length);

    const res = await fetch(`${day.url}/demo/api/customers/${encodeURIComponent(customer)}/transcript`);
    const { messages } = (await res.json()) as { messages: { id: string; text?: string }[] };
    expect(messages.filter((m) => m.text === text)).toHaveLength(1);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    await screenshot('demo-agent-online-375');
    expect(errors).toEqual([]);
    await page.close();
    await day.close();
  });

  it('jumps the demo clock from the page: 90 s later the unanswered customer gets the FAQ card', async () => {
    const night = await startProduct({ DEMO_TIME: NIGHT });
    const { page, errors, screenshot } = await browser.newPage({ width: 375, height: 812 });
    await openDemo(page, night.url);
    for (const id of await agentIds(page)) await switchAgent(page, id, 'moon');
    await pickCustomer(page, 0);
    await send(page, '有人吗？急');
    await expect.poll(() => bubbles(page, 'bot').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    const botBefore = await bubbles(page, 'bot').count();
    const shown = () => page.getByTestId('demo-clock-now').getAttribute('datetime');
    await expect.poll(shown).toMatch(/^2026-11-26T22:0\d/);

    await page.locator('[data-testid="clock-jump"][data-jump="plus90s"]').click();
    await expect.poll(shown, { timeout: 10_000 }).toMatch(/^2026-11-26T22:0[1-9]/);
    await expect.poll(() => bubbles(page, 'bot').count(), { timeout: 5_000 }).toBe(botBefore + 1);
    expect(await bubbles(page, 'bot').last().textContent()).toContain('常见问题');
    await screenshot('demo-clock-jump-375');
    expect(errors).toEqual([]);
    await page.close();
    await night.close();
  });

  it('renders in English on request and without errors on a desktop width', async () => {
    const { page, errors, screenshot } = await browser.newPage({ width: 1280, height: 800 });
    await openDemo(page);
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('WeChat customer-service demo');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await screenshot('demo-desktop-en');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a quick reply sent from the sidebar (mock adapter) reaches the customer\'s chat in /demo as the agent\'s message', async () => {
    const day = await startProduct({ DEMO_TIME: DAY });
    const chat = await browser.newPage({ width: 375, height: 812 });
    await openDemo(chat.page, day.url);
    const customer = await pickCustomer(chat.page, 1);
    await send(chat.page, '想问一下订单什么时候发货');
    const side = await browser.newPage();
    await openSidebar(side.page, sidebarUrl(day.url, { customer, tab: 'replies' }), 'zhangsan');
    const reply = side.page.locator('[data-testid="quick-reply"][data-kind="question_collect"]');
    await reply.waitFor({ timeout: 10_000 });
    await reply.getByTestId('quick-reply-send').click();
    await reply.getByTestId('quick-reply-sent').waitFor({ timeout: 10_000 });
    const text = (await sentMessages(side.page)).at(-1)!.message.text!.content;
    const agentBubble = bubbles(chat.page, 'agent').filter({ hasText: text.slice(0, 12) });
    await agentBubble.first().waitFor({ timeout: 10_000 });
    expect(await agentBubble.first().textContent()).toContain('张三');
    expect(unexpected([...chat.errors, ...side.errors])).toEqual([]);
    await side.page.close();
    await chat.page.close();
    await day.close();
  });

  it('shows the form link of a bot text short and tappable, and its switch reads 在线 the right way round', async () => {
    const { page, errors } = await browser.newPage({ width: 375, height: 812 });
    await page.addInitScript(() => localStorage.setItem('moonshift.locale', 'zh')); // an earlier test chose English
    await openDemo(page);
    const agent = page.locator('[data-testid="agent"]').first();
    // the switch is labelled 在线: off while the agent is in 月球模式, on once they are online
    await switchAgent(page, (await agent.getAttribute('data-userid')) ?? '', 'moon');
    expect(await agent.locator('.switch-label').innerText()).toBe('在线');
    expect(await agent.getByTestId('agent-toggle').getAttribute('aria-checked')).toBe('false');
    await pickCustomer(page, 0);
    await send(page, '我想预约回电');
    const link = page.getByTestId('text-link').last();
    await link.waitFor({ timeout: 10_000 });
    expect(await link.innerText()).toBe('预约表单');
    expect(await link.getAttribute('href')).toMatch(/\/f\/[\w.-]+$/);
    const bubbleText = await page.locator('[data-testid="bubble"][data-from="bot"]').last().innerText();
    expect(bubbleText).not.toContain('http');
    // the send button and the menu items are thumb-sized
    const send_ = await page.getByTestId('send').boundingBox();
    expect(Math.min(send_!.width, send_!.height)).toBeGreaterThanOrEqual(44);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens from a profile wall's 预约回电 as the customer entering the chat, who then receives the form", async () => {
    const { page, errors } = await browser.newPage({ width: 375, height: 812 });
    await page.addInitScript(() => localStorage.setItem('moonshift.locale', 'zh'));
    await page.goto(`${product.url}/demo?customer=wmDemoCustomer0002&scene_param=appointment`);
    await page.getByTestId('agent').first().waitFor({ timeout: 10_000 });
    const link = page.locator('[data-testid="bubble"][data-from="bot"] [data-testid="text-link"]').first();
    await link.waitFor({ timeout: 10_000 });
    expect(await link.innerText()).toBe('预约表单');
    expect(new URL(page.url()).searchParams.get('scene_param')).toBeNull(); // entered once, not again on reload
    expect(errors).toEqual([]);
    await page.close();
  });
});
