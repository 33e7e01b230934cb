/**
 * @module The duty manager's deep link in real Chromium: the link an alert card carries
 * (`/sidebar/?link=<token>#/c/<id>`) opens that one conversation — nickname, messages, the bot's reasons —
 * with no sign-in and read-only; an expired link says so in Chinese instead of showing anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { waitFor } from '../support/wait';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { customerSays, unexpected, XIAOMING } from './support/sidebar';
import { conversations } from '../../server/adapters/db/sqlite/schema/index';
import { CONVERSATION_LINK_TTL_MS, conversationLink } from '../../server/core/access/conversation-link';

let product: RunningProduct;
let browser: TestBrowser;
const TEXT = '我的订单三天了还没发货，能帮我查一下吗';

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  await customerSays(product.simUrl, TEXT);
  await waitFor(() => product.deps.db.select().from(conversations).where(eq(conversations.externalUserid, XIAOMING.externalUserid)).get(), { what: 'conversation stored' });
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
});

/** The link an alert would carry now, on this server (the demo's base URL may differ from the test's port). */
function linkFor(conversationId: number, now: number): string {
  const url = new URL(conversationLink({ config: product.deps.config, now }, conversationId));
  return `${product.url}${url.pathname}${url.search}${url.hash}`;
}

describe('/sidebar opened from a duty manager\'s alert link', () => {
  it('opens that conversation without signing in: the customer\'s nickname and last message, read-only', async () => {
    const conv = product.deps.db.select().from(conversations).where(eq(conversations.externalUserid, XIAOMING.externalUserid)).get()!;
    const { page, errors, screenshot } = await browser.newPage();
    await page.goto(linkFor(conv.id, product.deps.clock.now()));
    await expect.poll(() => page.getByTestId('customer-nickname').textContent(), { timeout: 10_000 }).toBe(XIAOMING.nickname);
    expect(await page.getByTestId('message').filter({ hasText: TEXT }).count()).toBe(1);
    expect(await page.getByTestId('link-note').textContent()).toContain('值班主管查看');
    expect(await page.getByTestId('head-status').count()).toBe(0); // no session: no status of "mine"
    expect(new URL(page.url()).pathname).toBe('/sidebar/'); // never sent to sign-in
    await page.getByRole('tab', { name: '原因' }).click();
    await expect.poll(() => page.getByTestId('decision').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot('sidebar-deep-link-375');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('an expired link shows that it expired, in Chinese, and nothing of the conversation', async () => {
    const conv = product.deps.db.select().from(conversations).where(eq(conversations.externalUserid, XIAOMING.externalUserid)).get()!;
    const { page } = await browser.newPage();
    await page.goto(linkFor(conv.id, product.deps.clock.now() - CONVERSATION_LINK_TTL_MS - 1_000));
    await expect.poll(() => page.locator('body').textContent(), { timeout: 10_000 }).toContain('此会话链接已过期或无效');
    expect(await page.getByTestId('message').count()).toBe(0);
    await page.close();
  });
});
