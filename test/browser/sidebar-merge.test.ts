/**
 * @module Sidebar browser flow that needs the intent route merge (`POST /api/sidebar/messages/:msgid/intent`):
 * tapping a message's intent and choosing another one makes the same text come out with the corrected intent.
 * Fails on the sidebar branch alone, by design.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { customerSays, openSidebar, sidebarUrl, unexpected, XIAOMING } from './support/sidebar';

let product: RunningProduct;
let browser: TestBrowser;
beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
});

describe('/sidebar intent correction (needs the intent merge)', () => {
  it('corrects an intent with one tap and the next identical message is classified as corrected', async () => {
    const text = '周末能不能上门装一下';
    const first = await customerSays(product.simUrl, text);
    const { page, errors } = await browser.newPage();
    await openSidebar(page, sidebarUrl(product.url, { customer: XIAOMING.externalUserid }), 'zhangsan');
    const chip = page.locator(`[data-testid="message"][data-msgid="${first.msgid}"] [data-testid="message-intent"]`);
    await chip.waitFor({ timeout: 10_000 });
    const target = (await chip.getAttribute('data-intent')) === 'appointment' ? '售后维修' : '预约回电';
    const targetId = target === '预约回电' ? 'appointment' : 'after_sales';
    await chip.click();
    const stored = page.waitForResponse((r) => r.url().includes(`/api/sidebar/messages/${first.msgid}/intent`));
    await page.locator('.van-action-sheet__item', { hasText: target }).click();
    await page.locator('.van-dialog__confirm').click(); // a correction teaches the bot: confirmed first
    expect((await stored).status()).toBeLessThan(300);
    const second = await customerSays(product.simUrl, text);
    const next = page.locator(`[data-testid="message"][data-msgid="${second.msgid}"] [data-testid="message-intent"]`);
    await expect.poll(() => next.getAttribute('data-intent'), { timeout: 15_000 }).toBe(targetId);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
