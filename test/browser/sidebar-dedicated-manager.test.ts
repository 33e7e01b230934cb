/**
 * @module The sidebar's 专属客服经理 control in real Chromium (375×812) against the whole product in demo mode
 * (a Wednesday 10:00 in Shanghai, open hours): 张三 picks 王五 as the customer's dedicated manager; 90 s later,
 * unanswered, the escalation hands the customer to 王五 in the simulator and tells them by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { waitFor } from '../support/wait';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { customerSays, openSidebar, sidebarUrl, unexpected, XIAOMING } from './support/sidebar';
import { conversations } from '../../server/adapters/db/sqlite/schema/index';
import { SimControlClient } from '../../server/wecom-sim/control-client';

const WEDNESDAY_10 = '2026-11-25T10:00:00+08:00';
let product: RunningProduct;
let browser: TestBrowser;
let sim: SimControlClient;

beforeAll(async () => {
  product = await startProduct({ DEMO_TIME: WEDNESDAY_10 });
  sim = new SimControlClient(product.simUrl);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
});

/** The demo page's status toggle (demo mode's `/api/agents`), as the demo's agent would switch. */
async function setStatus(userid: string, status: string): Promise<void> {
  const res = await fetch(`${product.url}/api/agents/${userid}/status`, {
    method: 'PUT', headers: { 'content-type': 'application/json', origin: product.url }, body: JSON.stringify({ status }),
  });
  expect(res.status).toBe(200);
}

describe('/sidebar dedicated manager', () => {
  it('an agent sets 王五 as the customer\'s dedicated manager; 90 s unanswered later the customer is with 王五 and told by name', async () => {
    await setStatus('wangwu', 'busy');
    await customerSays(product.simUrl, '我想问一下会员积分怎么用');
    const conversation = () => product.deps.db.select().from(conversations).where(eq(conversations.externalUserid, XIAOMING.externalUserid)).get();
    await waitFor(() => conversation(), { what: 'conversation stored' });

    const { page, errors, screenshot } = await browser.newPage({ width: 375, height: 812 });
    await openSidebar(page, sidebarUrl(product.url, { customer: XIAOMING.externalUserid, agent: 'zhangsan' }), 'zhangsan');
    const select = page.getByTestId('dedicated-manager-select');
    await select.waitFor({ timeout: 10_000 });
    // names, not ids, in the choice
    expect(await select.locator('option').allTextContents()).toEqual(expect.arrayContaining(['王五', '李四']));
    await select.selectOption({ label: '王五' });
    await page.getByTestId('dedicated-manager-save').click();
    await page.locator('.van-dialog__confirm').click(); // setting a dedicated manager is confirmed first
    await expect.poll(() => page.getByTestId('dedicated-manager').getByRole('status').textContent(), { timeout: 10_000 }).toBeTruthy();
    await expect.poll(() => conversation()?.dedicatedManager).toBe('wangwu');
    await screenshot('sidebar-dedicated-manager-375');
    // the choice survives a reload (it is the server's, not the page's)
    await page.reload();
    await expect.poll(() => page.getByTestId('dedicated-manager-select').inputValue(), { timeout: 10_000 }).toBe('wangwu');

    // 90 s pass without a human answer (the demo's time control moves the shared clock)
    await sim.setClock({ advanceMs: 90_000 });
    await expect.poll(async () => {
      const s = (await sim.state()).sessions.find((x) => x.external_userid === XIAOMING.externalUserid);
      return [s?.service_state, s?.servicer_userid];
    }, { timeout: 15_000 }).toEqual([3, 'wangwu']);
    await expect.poll(async () => (await sim.inbox({ external_userid: XIAOMING.externalUserid })).map((m) => m.text ?? '').join('\n'), { timeout: 10_000 })
      .toContain('您的专属客服经理王五现在为您服务');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
