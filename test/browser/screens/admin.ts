/**
 * @module Admin screens of the inventory (1,280×800), signed in as the demo admin 王五: every route as it opens,
 * then the states admins meet — a rule tested at lunch, a rollback's confirmation with its diff, a template being
 * edited, the why-view of a conversation, the audit log filtered to rule changes and to an empty day.
 */
import type { Page } from 'playwright-core';
import { ROUTES } from '../../../web/src/admin/routes';
import { conversations } from '../../../server/adapters/db/sqlite/schema/index';
import type { Screen, ScreenEnv } from './types';

const ADMIN = 'wangwu';

/** Waits until the admin page's chunk has loaded and its lists have settled. */
async function settled(page: Page) {
  await page.locator('main.content h1').waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('main.content [role=status]:has-text("加载"), main.content [role=status]:has-text("Loading")').waitFor({ state: 'detached' }).catch(() => undefined);
}

/**
 * Signs in at /admin/, then follows the route's hash the way the sidebar's links do (a signed-out deep link
 * `/admin/#/route` lands there too: test/browser/admin-unsaved-guards.test.ts).
 */
async function open(env: ScreenEnv, route: string) {
  await env.signIn(ADMIN, '/admin/');
  await settled(env.page);
  await env.page.evaluate((r) => { location.hash = `#/${r}`; }, route);
  await env.page.locator(`[data-testid="nav-${route}"].on`).waitFor();
  await settled(env.page);
}

const screen = (route: string, state: string, after?: (env: ScreenEnv) => Promise<void>): Screen => ({
  surface: 'admin', route: `admin#/${route}`, state,
  async open(env) {
    await open(env, route);
    if (after) { await after(env); await settled(env.page); }
  },
});

export const ADMIN_SCREENS: Screen[] = [
  ...ROUTES.map((r) => screen(r, '午休，演示数据')),
  screen('rules', '午休测试一条消息：命中的规则、意图、将发送的回复', async ({ page }) => {
    await page.getByTestId('test-text').fill('你好，在吗');
    await page.getByTestId('run-test').click();
    await page.getByTestId('test-result').waitFor();
  }),
  screen('rules', '发布草稿前的确认', async ({ page }) => {
    await page.getByTestId('save-draft').click();
    await page.getByTestId('publish-draft').click();
    await page.getByTestId('confirm-dialog').waitFor();
  }),
  screen('rules', '查看旧版本与当前版本的差异', async ({ page }) => {
    await page.locator('[data-testid^="diff-"]').first().click();
    await page.getByTestId('rule-diff').waitFor();
  }),
  screen('templates', '编辑一个模板，实时预览', async ({ page }) => {
    await page.locator('[data-testid="tpl-list"] tr').first().click();
    await page.getByTestId('tpl-preview').waitFor();
  }),
  screen('diagnostics', '一段会话的决策追溯', async ({ page, deps }) => {
    const conv = deps.db.select({ id: conversations.id }).from(conversations).limit(1).get();
    if (!conv) return;
    await page.getByTestId('why-id').fill(String(conv.id));
    await page.getByTestId('why-run').click();
    await page.getByTestId('why-decision').first().waitFor();
  }),
  screen('audit', '只看规则变更', async ({ page }) => {
    await page.getByTestId('audit-kind').selectOption('rules');
  }),
  screen('audit', '所选日期没有记录（空列表）', async ({ page }) => {
    await page.getByTestId('audit-to').fill('2020-01-01');
    await page.getByTestId('audit-to').dispatchEvent('change');
    await page.getByTestId('empty').waitFor();
  }),
];
