/**
 * @module The admin site in real Chromium against the whole product (demo mode): a signed-out link to a page
 * (`/admin/#/duty`) lands on that page after WeCom sign-in; every editor guards its unsaved changes — a change asks
 * before another nav link is followed (cancel stays with the edit, confirm leaves and drops it: the way back shows
 * what is stored and leaving again does not ask), a change typed back to what was
 * loaded and a saved change do not ask; the settings page edits the org's emergency phone, with the field's
 * Chinese message for a number that is not one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';

let app: RunningProduct;
let url: string;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  app = await startProduct({ ADMIN_USERIDS: 'wangwu', DEMO_TIME: '2026-11-26T13:30:00+08:00' });
  url = app.url;
  browser = await launchBrowser();
  ({ page, errors } = await browser.newPage({ width: 1280, height: 900 }));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const storedOrg = () => app.deps.shared.uow.read((q) => app.deps.org.orgProfileIn(q));
const title = () => page.locator('main.content h1').textContent();
const dialog = () => page.getByTestId('confirm-dialog');
/** Follows the 审计日志 nav link: the page every editor is left for. */
const leave = () => page.getByTestId('nav-audit').click();
const saved = () => page.getByRole('status').filter({ hasText: '已保存' }).first().waitFor({ timeout: 10_000 });

describe('a signed-out link into the admin site', () => {
  it('lands on the page it names (#/duty → 值班与渠道) after signing in', async () => {
    await page.goto(`${url}/admin/#/duty`);
    await page.locator('a[href*="userid=wangwu"]').click({ timeout: 10_000 });
    await page.waitForURL((u) => u.pathname === '/admin/', { timeout: 10_000 });
    expect(new URL(page.url()).hash).toBe('#/duty');
    await expect.poll(title, { timeout: 10_000 }).toBe('值班与渠道');
    await page.getByTestId('duty-groups').waitFor();
    errors.length = 0; // the 401 of the page's first /auth/me, before the sign-in
  });
});

interface Editor {
  route: string;
  title: string;
  /** Opens what is edited (e.g. an FAQ entry) and returns the field the test types in. */
  open: () => Promise<Locator>;
  changeTo: string;
  save: () => Promise<void>;
}

const EDITORS: Editor[] = [
  {
    route: 'calendar', title: '服务日历', changeTo: '08:30',
    open: async () => page.getByTestId('cal-day-1').locator('input[type="time"]').first(),
    save: async () => { await page.getByTestId('cal-save').click(); await saved(); },
  },
  {
    route: 'settings', title: '设置', changeTo: '月移科技（杭州）',
    open: async () => page.getByTestId('set-org-name'),
    save: async () => {
      await page.getByTestId('save-org').click();
      await saved();
      // an earlier editor's 已保存 may still be shown: wait for this save to be stored (the next test reads it)
      await expect.poll(async () => (await storedOrg()).name, { timeout: 10_000 }).toBe('月移科技（杭州）');
    },
  },
  {
    route: 'duty', title: '值班与渠道', changeTo: '夜班组',
    open: async () => page.getByTestId('group-name'),
    save: async () => {
      await page.getByTestId('group-add').click();
      await page.locator('[data-testid^="group-"]', { hasText: '夜班组' }).first().waitFor({ timeout: 10_000 });
      await expect.poll(() => page.getByTestId('group-name').inputValue()).toBe('');
    },
  },
  {
    route: 'faq', title: '常见问题', changeTo: '发票怎么开？',
    open: async () => {
      await page.locator('[data-testid="faq-row"][data-question="发票开具"]').getByTestId('faq-edit').click();
      return page.getByTestId('faq-question');
    },
    save: async () => { await page.getByTestId('faq-save').click(); await page.getByTestId('faq-saved').waitFor({ timeout: 10_000 }); },
  },
  {
    route: 'templates', title: '回复模板', changeTo: '您好，我们稍后回复您',
    open: async () => {
      await page.getByTestId('tpl-list').getByText('忙碌提示').click();
      return page.getByTestId('tpl-body');
    },
    save: async () => { await page.getByTestId('tpl-save').click(); await page.getByTestId('tpl-editor').getByText('已保存').waitFor({ timeout: 10_000 }); },
  },
  {
    route: 'intents', title: '意图识别', changeTo: '我的快递三天没动了',
    open: async () => {
      await page.getByTestId('intent-list').locator('tr').first().click();
      return page.getByTestId('example-text');
    },
    save: async () => {
      await page.getByTestId('example-add').click();
      await expect.poll(() => page.getByTestId('example-text').inputValue(), { timeout: 10_000 }).toBe('');
    },
  },
];

describe('unsaved changes in every admin editor', () => {
  it.each(EDITORS.map((e) => [e.title, e] as const))('%s: a change asks before leaving (cancel keeps it, confirm leaves); the original value and a saved change do not ask', async (_name, e) => {
    const enter = async () => {
      await page.getByTestId(`nav-${e.route}`).click();
      await expect.poll(title).toBe(e.title);
      const field = await e.open();
      await field.waitFor({ timeout: 10_000 });
      return field;
    };
    const leftFreely = async () => {
      await leave();
      await expect.poll(title).toBe('审计日志');
      expect(await dialog().count()).toBe(0);
    };

    let field = await enter();
    const original = await field.inputValue();
    expect(original).not.toBe(e.changeTo);
    await field.fill(e.changeTo);
    await leave();
    expect(await dialog().textContent()).toContain('有未保存的修改');
    await page.getByTestId('confirm-cancel').click();
    expect(await dialog().count()).toBe(0);
    expect(await title()).toBe(e.title);
    expect(await field.inputValue()).toBe(e.changeTo);

    // typed back to what was loaded: nothing to lose
    await field.fill(original);
    await leftFreely();

    // confirm leaves, and the edit is gone on the way back
    field = await enter();
    await field.fill(e.changeTo);
    await leave();
    await dialog().waitFor();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(title).toBe('审计日志');
    field = await enter();
    await expect.poll(() => field.inputValue()).toBe(original);
    // the dropped edit left nothing behind: leaving again does not ask
    await leftFreely();
    field = await enter();

    // saved: nothing to lose
    await field.fill(e.changeTo);
    await e.save();
    await leftFreely();
    expect(errors).toEqual([]);
  });
});

describe('the org\'s emergency phone on the settings page', () => {
  it('shows the stored number, refuses one that is not a number with the field\'s Chinese message, and saves a good one', async () => {
    await page.getByTestId('nav-settings').click();
    const phone = page.getByTestId('set-emergency-phone');
    await expect.poll(() => phone.inputValue(), { timeout: 10_000 }).toBe('400-820-1234');
    expect(await page.getByTestId('set-org').textContent()).toContain('紧急联系电话');

    await phone.fill('找值班经理');
    await page.getByTestId('save-org').click();
    await expect.poll(() => page.getByTestId('set-emergency-phone-issue').textContent(), { timeout: 10_000 }).toBe('电话号码只能包含数字、空格、+ 和 -（3 到 20 位）');
    expect(await page.getByTestId('settings-error').textContent()).toBe('填写有误，请按提示修改');
    expect((await storedOrg()).emergencyPhone).toBe('400-820-1234');
    expect(await phone.inputValue()).toBe('找值班经理'); // nothing typed is lost

    await phone.fill('0571-8888 6666');
    await page.getByTestId('save-org').click();
    await saved();
    await expect.poll(async () => (await storedOrg()).emergencyPhone).toBe('0571-8888 6666');
    expect((await storedOrg()).name).toBe('月移科技（杭州）'); // the rest of the profile is kept
    expect(await page.getByTestId('set-emergency-phone-issue').count()).toBe(0);
    await leave();
    await expect.poll(title).toBe('审计日志');
    expect(await dialog().count()).toBe(0);
    // the refused save's 400 is the only failed request
    expect(errors.filter((x) => !/status of 400 .*\/api\/admin\/settings\/org\)/.test(x))).toEqual([]);
  });
});
