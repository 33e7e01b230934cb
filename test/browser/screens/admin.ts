/** @module Admin screens of the inventory (1,280×800), signed in as the demo admin 王五. */
import type { Page } from 'playwright-core';
import { ROUTES } from '../../../web/src/admin/routes';
import type { Screen } from './types';

const ADMIN = 'wangwu';

/** Waits until the admin page's chunk has loaded and its lists have settled. */
async function settled(page: Page) {
  await page.locator('main.content h1').waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('main.content [role=status]:has-text("加载"), main.content [role=status]:has-text("Loading")').waitFor({ state: 'detached' }).catch(() => undefined);
}

export const ADMIN_SCREENS: Screen[] = ROUTES.map((r) => ({
  surface: 'admin',
  route: `admin#/${r}`,
  state: '午休，演示数据',
  async open(env) {
    await env.signIn(ADMIN, `/admin/#/${r}`);
    await settled(env.page);
  },
}));
