/** @module The customer's chat in /demo (375×812): opened, a lunch menu card, a short form link, entered from a wall's button. */
import type { Page } from 'playwright-core';
import type { Screen } from './types';

/** Types `text` into the demo chat as the customer (the bubble shows as sending until the simulator confirms it). */
async function say(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid="message-input"]', text);
  await page.click('[data-testid="send"]');
}

async function openDemo(page: Page, url: string, query = ''): Promise<void> {
  await page.goto(`${url}/demo${query}`);
  await page.locator('[data-testid="message-input"]').waitFor();
  await page.locator('[data-testid="transcript"]').waitFor();
}

export const DEMO_SCREENS: Screen[] = [
  {
    surface: 'demo',
    route: '/demo',
    state: '午休，打开演示聊天',
    async open(env) {
      await openDemo(env.page, env.url);
      await env.page.waitForLoadState('networkidle');
    },
  },
  {
    surface: 'demo',
    route: '/demo',
    state: '午休，客户问“在吗”，收到午休菜单',
    async open(env) {
      await openDemo(env.page, env.url, '?customer=wmDemoCustomer0001');
      await env.page.waitForLoadState('networkidle');
      // the lunch notice comes once per lunch: ask only if it has not come yet (the screen runs once per language)
      if (await env.page.locator('[data-testid="menu-card"]').count() === 0) await say(env.page, '在吗');
      await env.page.locator('[data-testid="menu-item"][data-menu-id="appointment"]').last().waitFor({ timeout: 15_000 });
    },
  },
  {
    surface: 'demo',
    route: '/demo',
    state: '午休，点“预约回电”，收到短链接形式的预约表单',
    async open(env) {
      await openDemo(env.page, env.url, '?customer=wmDemoCustomer0001');
      await env.page.locator('[data-testid="menu-item"][data-menu-id="appointment"]').last().waitFor();
      await env.page.locator('[data-testid="menu-item"][data-menu-id="appointment"]').last().click();
      await env.page.locator('[data-testid="text-link"]').first().waitFor({ timeout: 15_000 });
    },
  },
  {
    surface: 'demo',
    route: '/demo',
    state: '小红从名片墙的“预约回电”进入会话',
    async open(env) {
      await openDemo(env.page, env.url, '?customer=wmDemoCustomer0002&scene_param=appointment');
      await env.page.locator('[data-testid="bubble"][data-from="bot"] [data-testid="text-link"]').first().waitFor({ timeout: 15_000 });
    },
  },
];
