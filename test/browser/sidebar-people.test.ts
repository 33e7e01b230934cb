/**
 * @module The sidebar as agents expect it (issue 20), in real Chromium at 375×812 against the whole product in
 * demo mode: the conversation like a chat, oldest first; the emotion label agreeing with its numbers; a
 * cancelled booking shown as cancelled; notes and tags saved; Vant confirmations before 月球模式 and an intent
 * correction; the unsaved-changes guard; the 5 s undo of a deleted quick reply; the plain "nobody can be
 * reached" warning; tap targets of at least 44×44 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { customerSays, openSidebar, sidebarUrl, unexpected, XIAOMING } from './support/sidebar';
import { agents, appointments, conversations, templates } from '../../server/adapters/db/sqlite/schema/index';
import { setAgentStatus } from '../../server/core/services/set-agent-status';
import { waitFor } from '../support/wait';

let product: RunningProduct;
let browser: TestBrowser;
const CALM = '你好';
const ANGRY = '气死我了！你们太差劲了，我要投诉，马上退钱！';
const url = (tab: string) => sidebarUrl(product.url, { customer: XIAOMING.externalUserid, tab });

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  await customerSays(product.simUrl, CALM);
  await customerSays(product.simUrl, ANGRY);
  await waitFor(() => product.deps.db.select().from(conversations).where(eq(conversations.externalUserid, XIAOMING.externalUserid)).get()?.lastCustomerAt);
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
});

describe('the conversation tab', () => {
  it('shows the whole conversation oldest first like a chat, the bot\'s messages with their delivery state, no 客户 label on each line', async () => {
    const { page, errors } = await browser.newPage();
    await openSidebar(page, url('customer'), 'zhangsan');
    const messages = page.getByTestId('message');
    await expect.poll(() => page.locator('[data-testid="message"][data-from="bot"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const texts = await page.locator('[data-testid="message"][data-from="customer"] .sb-msg-text').allTextContents();
    expect(texts.indexOf(CALM)).toBeLessThan(texts.indexOf(ANGRY));
    expect(await messages.first().getAttribute('data-from')).toBe('customer');
    await expect.poll(() => page.locator('[data-from="bot"] [data-testid="message-delivery"]').first().getAttribute('data-status')).toBe('sent');
    expect(await page.locator('[data-from="customer"] [data-testid="message-who"]').count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('names the emotion by what its numbers say from the first messages: calm then angry reads as rising, never 平稳', async () => {
    const { page } = await browser.newPage();
    await openSidebar(page, url('customer'), 'zhangsan');
    const trend = page.getByTestId('emotion-trend');
    await trend.waitFor({ timeout: 10_000 });
    const emotions = (await page.getByTestId('message-emotion').allTextContents()).map((t) => Number(t.replace(/[^\d.]/g, '')));
    expect(emotions.at(-1)!).toBeGreaterThan(emotions[0]! + 0.1);
    expect(await trend.getAttribute('data-direction')).toBe('rising');
    expect(await page.getByTestId('emotion-label').textContent()).toBe('情绪上升');
    await page.close();
  });

  it('asks before an intent correction, and changes nothing when the agent cancels', async () => {
    const { page } = await browser.newPage();
    await openSidebar(page, url('customer'), 'zhangsan');
    const chip = page.getByTestId('message-intent').last();
    await chip.waitFor({ timeout: 10_000 });
    const before = await chip.getAttribute('data-intent');
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/intent')) posted++; });
    await chip.click();
    await page.locator('.van-action-sheet__item:not(.van-action-sheet__item--disabled)').first().click();
    await page.locator('.van-dialog').waitFor();
    await page.locator('.van-dialog__cancel').click();
    await page.locator('.van-dialog').waitFor({ state: 'hidden' });
    expect(posted).toBe(0);
    expect(await chip.getAttribute('data-intent')).toBe(before);
    await page.close();
  });
});

describe('notes and tags', () => {
  it('saves a note and tags that a colleague then sees, and guards them while unsaved', async () => {
    const { page, errors } = await browser.newPage();
    await openSidebar(page, url('customer'), 'zhangsan');
    await page.getByTestId('notes-text').fill('老客户，先看订单再回电');
    await page.getByTestId('notes-tag-input').fill('VIP');
    await page.getByTestId('notes-tag-input').press('Enter');
    // leaving with unsaved changes asks; staying keeps the text
    await page.locator('.van-tab', { hasText: '快捷回复' }).click();
    await page.locator('.van-dialog').waitFor();
    await page.locator('.van-dialog__cancel').click();
    expect(await page.getByTestId('notes-text').inputValue()).toBe('老客户，先看订单再回电');
    expect(page.url()).toContain('#/customer');
    await page.getByTestId('notes-save').click();
    await page.getByTestId('notes-message').filter({ hasText: '已保存' }).waitFor();

    const other = await browser.newPage();
    await openSidebar(other.page, url('customer'), 'lisi');
    await expect.poll(() => other.page.getByTestId('notes-text').inputValue(), { timeout: 10_000 }).toBe('老客户，先看订单再回电');
    expect(await other.page.getByTestId('notes-tag').allTextContents()).toEqual([expect.stringContaining('VIP')]);
    expect(await other.page.getByTestId('notes-by').textContent()).toContain('张三');
    // saved: leaving asks nothing
    await page.locator('.van-tab', { hasText: '快捷回复' }).click();
    await expect.poll(() => page.url()).toContain('#/replies');
    expect(await page.locator('.van-dialog:visible').count()).toBe(0);
    expect(unexpected([...errors, ...other.errors])).toEqual([]);
    await page.close();
    await other.page.close();
  });
});

describe('status', () => {
  it('asks before 月球模式, and pressing the status one already has writes no history line', async () => {
    await setAgentStatus({ ctx: product.deps, input: { userid: 'zhangsan', status: 'online', source: 'manual' } });
    const { page } = await browser.newPage();
    await openSidebar(page, url('status'), 'zhangsan');
    await page.getByTestId('my-status').waitFor({ timeout: 10_000 });
    const lines = await page.getByTestId('history-item').count();
    await page.getByTestId('status-online').click();
    await page.getByTestId('status-moon').click();
    await page.locator('.van-dialog').waitFor();
    await page.locator('.van-dialog__cancel').click();
    expect(await page.getByTestId('my-status').getAttribute('data-status')).toBe('online');
    await page.getByTestId('status-moon').click();
    await page.locator('.van-dialog__confirm').click();
    await expect.poll(() => page.getByTestId('my-status').getAttribute('data-status')).toBe('moon');
    await expect.poll(() => page.getByTestId('history-item').count()).toBe(lines + 1);
    expect(await page.getByTestId('history-item').allTextContents()).not.toContainEqual(expect.stringMatching(/在线 → 在线/));
    await page.close();
  });

  it('says plainly, live, when nobody on the team can take a customer', async () => {
    const { page } = await browser.newPage();
    await openSidebar(page, url('status'), 'zhangsan');
    await page.getByTestId('duty').waitFor({ timeout: 10_000 });
    const team = product.deps.db.select({ userid: agents.userid }).from(agents).all();
    for (const a of team) await setAgentStatus({ ctx: product.deps, input: { userid: a.userid, status: 'moon', source: 'manual' } });
    await page.getByTestId('nobody-reachable').waitFor({ timeout: 5_000 });
    await setAgentStatus({ ctx: product.deps, input: { userid: 'lisi', status: 'online', source: 'manual' } });
    await page.getByTestId('nobody-reachable').waitFor({ state: 'detached', timeout: 5_000 });
    await page.close();
  });
});

describe('quick replies and bookings', () => {
  it('groups quick replies by category with one-line previews, and deletes my own only after a 5 s undo window', async () => {
    const { page, errors } = await browser.newPage();
    await page.clock.install();
    await openSidebar(page, url('replies'), 'zhangsan');
    await page.getByTestId('reply-group').first().waitFor({ timeout: 10_000 });
    const groups = await page.getByTestId('reply-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
    expect(new Set(groups).size).toBe(groups.length);
    expect(groups.length).toBeGreaterThan(3);
    const preview = page.getByTestId('quick-reply-preview').first();
    const lineHeight = await preview.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 20);
    expect((await preview.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);

    const own = (name: string) => product.deps.db.select().from(templates).where(eq(templates.name, name)).get();
    for (const name of ['留着的回复', '删掉的回复']) {
      await page.getByTestId('own-add').click();
      await page.getByTestId('own-name').fill(name);
      await page.getByTestId('own-body').fill(`%nickname%，${name}`);
      await page.getByTestId('own-save').click();
      await page.locator('[data-testid="quick-reply"]', { hasText: name }).waitFor();
    }
    // delete, then undo: after the window it is still there
    await page.locator('[data-testid="quick-reply"]', { hasText: '留着的回复' }).getByTestId('quick-reply-delete').click();
    await page.getByTestId('undo').click();
    await page.clock.runFor(6_000);
    expect(own('留着的回复')).toBeDefined();
    await page.locator('[data-testid="quick-reply"]', { hasText: '留着的回复' }).waitFor();
    // delete without undo: gone from the list at once, deleted on the server once the 5 s have passed
    await page.locator('[data-testid="quick-reply"]', { hasText: '删掉的回复' }).getByTestId('quick-reply-delete').click();
    await page.getByTestId('undo-bar').waitFor();
    expect(await page.locator('[data-testid="quick-reply"]', { hasText: '删掉的回复' }).count()).toBe(0);
    expect(own('删掉的回复')).toBeDefined();
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/quick-replies/'));
    await page.clock.runFor(5_000);
    expect((await deleted).status()).toBe(200);
    expect(own('删掉的回复')).toBeUndefined();
    await page.getByTestId('undo-bar').waitFor({ state: 'detached' });
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('shows a cancelled booking as cancelled, next to a booked one', async () => {
    const conv = product.deps.db.select().from(conversations).where(eq(conversations.externalUserid, XIAOMING.externalUserid)).get()!;
    const now = product.deps.clock.now();
    const row = (id: string, at: number, status: 'booked' | 'cancelled', place: number | null) => ({
      id, conversationId: conv.id, externalUserid: XIAOMING.externalUserid, customerName: '小明', mobile: '13800000000', slotStart: at, slotEnd: at + 1_800_000,
      place, question: '退款', status, agentUserid: 'zhangsan', createdAt: now, updatedAt: now,
    });
    product.deps.db.insert(appointments).values([row('ap_t_cancelled', now + 86_400_000, 'cancelled', null), row('ap_t_booked', now + 2 * 86_400_000, 'booked', 1)]).run();
    const { page } = await browser.newPage();
    await openSidebar(page, url('appointments'), 'zhangsan');
    const cancelled = page.locator('[data-testid="apptCustomer"] [data-testid="appointment"][data-status="cancelled"]');
    await cancelled.waitFor({ timeout: 10_000 });
    expect(await cancelled.getByTestId('appointment-status').textContent()).toBe('已取消');
    expect(await page.locator('[data-testid="apptCustomer"] [data-testid="appointment"][data-status="booked"] [data-testid="appointment-status"]').textContent()).toBe('已预约');
    await page.close();
  });
});

describe('touch', () => {
  it('gives the header pill, EN switch, tabs, intent chips and status buttons at least 44×44 px', async () => {
    const { page } = await browser.newPage();
    await openSidebar(page, url('customer'), 'zhangsan');
    await page.getByTestId('message-intent').first().waitFor({ timeout: 10_000 });
    const boxes = async (sel: string) => Promise.all((await page.locator(sel).all()).map(async (l) => (await l.boundingBox())!));
    const targets = [
      ...await boxes('[data-testid="head-status"]'), ...await boxes('[data-testid="lang"]'), ...await boxes('.van-tab'), ...await boxes('[data-testid="message-intent"]'),
    ];
    await page.locator('.van-tab', { hasText: '状态' }).click();
    await page.getByTestId('status-online').waitFor();
    targets.push(...await boxes('.sb-status-buttons .van-button'));
    expect(targets.length).toBeGreaterThan(10);
    for (const b of targets) expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(44);
    await page.close();
  });
});
