/**
 * @module The admin FAQ page in real Chromium against the whole product (demo mode, Wednesday 22:00 Beijing, the bot
 * holding the chat): an admin creates an entry for the demo account's 发票开具 button in the page, a customer taps
 * that button on the FAQ card and gets the new answer through the simulator, and the page counts the use; a
 * question that found no entry is listed and becomes a new entry; deleting asks first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { unexpected } from './support/sidebar';
import { SimControlClient } from '../../server/wecom-sim/control-client';
import { DEMO_KF } from '../../server/app/demo/seed-data';

const NIGHT = '2026-11-25T22:00:00+08:00';
const CUSTOMER = 'wmFaqPageCustomer01';
const ANSWER = '电子发票会在订单签收后 24 小时内发到您预留的邮箱；需要公司抬头请在订单备注里写上税号。';
let product: RunningProduct;
let browser: TestBrowser;
let sim: SimControlClient;

beforeAll(async () => {
  product = await startProduct({ DEMO_TIME: NIGHT, ADMIN_USERIDS: 'wangwu' });
  sim = new SimControlClient(product.simUrl);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
});

const inbox = () => sim.inbox({ external_userid: CUSTOMER });
const texts = async () => (await inbox()).map((m) => m.text ?? '');

/** Opens /admin/#/faq; signs in as 王五 on the simulator's WeCom authorize page when asked to. */
async function openFaqPage(page: Page): Promise<void> {
  await page.goto(`${product.url}/admin/#/faq`);
  const pick = page.locator('a[href*="userid=wangwu"]');
  const ready = page.getByTestId('faq-row').first();
  await Promise.race([pick.waitFor({ timeout: 10_000 }), ready.waitFor({ timeout: 10_000 })]);
  if (await pick.count()) {
    // the sign-in returns to /admin/#/faq (the sign-in step keeps the #page)
    await pick.click();
    await page.waitForURL((u) => u.pathname.startsWith('/admin'), { timeout: 10_000 });
  }
  await ready.waitFor({ timeout: 10_000 });
}

describe('admin FAQ page', () => {
  it('creates an entry for the 发票开具 button in the page; a customer who taps that button gets it, and the page counts the use', async () => {
    const { page, errors, screenshot } = await browser.newPage({ width: 1280, height: 900 });
    await openFaqPage(page);
    // the seeded entries are listed with their card buttons and intents by name
    const invoiceRow = page.locator('[data-testid="faq-row"][data-question="发票开具"]');
    expect(await invoiceRow.textContent()).toContain('发票');

    await page.getByTestId('faq-new').click();
    await page.getByTestId('faq-team').selectOption({ label: DEMO_KF.name });
    await page.getByTestId('faq-question').fill('发票怎么开');
    await page.getByTestId('faq-answer').fill(ANSWER);
    await page.getByTestId('faq-button').selectOption({ label: '发票开具' });
    await page.getByTestId('faq-intent-invoice').check();
    await page.getByTestId('faq-keywords').fill('发票，抬头、税号');
    await page.getByTestId('faq-keywords').blur();
    await page.getByTestId('faq-save').click();
    await page.getByTestId('faq-saved').waitFor({ timeout: 10_000 });
    const row = page.locator('[data-testid="faq-row"][data-question="发票怎么开"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(DEMO_KF.name);
    expect(await row.textContent()).toContain('发票开具');
    expect(await row.getByTestId('faq-uses').textContent()).toBe('0');

    // a customer asks for the FAQ card and taps 发票开具: the team's new entry answers
    await sim.customerSend({ external_userid: CUSTOMER, nickname: '小红', msgtype: 'text', content: '常见问题' });
    await expect.poll(async () => (await inbox()).some((m) => JSON.stringify(m).includes('faq_invoice')), { timeout: 10_000 }).toBe(true);
    const before = (await inbox()).length;
    await sim.customerSend({ external_userid: CUSTOMER, msgtype: 'menu_click', menu_id: 'faq_invoice' });
    await expect.poll(async () => (await inbox()).length, { timeout: 10_000 }).toBeGreaterThan(before);
    expect((await texts()).at(-1)).toBe(ANSWER);

    await page.reload();
    await expect.poll(() => page.locator('[data-testid="faq-row"][data-question="发票怎么开"]').getByTestId('faq-uses').textContent(), { timeout: 10_000 }).toBe('1');
    // asking for the card is not a question that found no entry
    expect(await page.locator('[data-testid="faq-unanswered-row"]', { hasText: '常见问题' }).count()).toBe(0);
    await screenshot('admin-faq');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('lists a question that found no entry and creates an entry from it; moves and deletes entries, asking before it deletes', async () => {
    const { page, errors } = await browser.newPage({ width: 1280, height: 900 });
    const question = '你们线下门店周末营业到几点';
    await sim.customerSend({ external_userid: 'wmFaqPageCustomer02', nickname: '小刚', msgtype: 'text', content: question });
    await openFaqPage(page);
    const asked = page.locator('[data-testid="faq-unanswered-row"]', { hasText: question });
    await asked.waitFor({ timeout: 10_000 });
    expect(await asked.textContent()).toMatch(/2026\/11\/25 22:0\d/); // the org's clock, not the server's
    await asked.getByTestId('faq-from-question').click();
    expect(await page.getByTestId('faq-question').inputValue()).toBe(question);
    await page.getByTestId('faq-answer').fill('线下门店周末 10:00–20:00 营业，节假日以门店公告为准。');
    await page.getByTestId('faq-keywords').fill('门店，营业');
    await page.getByTestId('faq-keywords').blur();
    await page.getByTestId('faq-save').click();
    await page.getByTestId('faq-saved').waitFor({ timeout: 10_000 });
    const rows = page.getByTestId('faq-row');
    await expect.poll(async () => (await rows.last().getAttribute('data-question'))).toBe(question);

    // one place up: it now comes before the entry that was above it, and stays there after a reload
    const above = await rows.nth((await rows.count()) - 2).getAttribute('data-question');
    await rows.last().getByTestId('faq-up').click();
    await expect.poll(async () => rows.last().getAttribute('data-question'), { timeout: 10_000 }).toBe(above);
    await page.reload();
    await expect.poll(async () => rows.last().getAttribute('data-question'), { timeout: 10_000 }).toBe(above);

    // delete asks in place; cancelling keeps it, confirming removes it
    const mine = page.locator('[data-testid="faq-row"]', { has: page.locator(`text=${question}`) });
    await mine.getByTestId('faq-delete').click();
    expect(await mine.textContent()).toContain(`确定删除「${question}」？`);
    await mine.getByRole('button', { name: '取消' }).click();
    expect(await mine.count()).toBe(1);
    await mine.getByTestId('faq-delete').click();
    await mine.getByTestId('faq-delete-confirm').click();
    await expect.poll(() => mine.count(), { timeout: 10_000 }).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
