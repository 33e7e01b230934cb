/**
 * @module Customers' own pages (375×812): the profile walls (duty group, an agent away at lunch, an agent online)
 * and the appointment form (to book, booked, the cancel question). Error pages answer 4xx on purpose, which
 * Chromium logs as a console error: they are covered by test/browser/pages.test.ts instead.
 */
import type { Page } from 'playwright-core';
import { appointmentLink } from '../../../server/core/appointments/link';
import { conversations } from '../../../server/adapters/db/sqlite/schema/index';
import { DEFAULT_GROUP, ensureWallIn } from '../../../server/core/walls/walls';
import type { Screen, ScreenEnv } from './types';

/** WeCom's QR images live on its CDN, which the test machine cannot reach: a stand-in picture. */
const FAKE_QR = '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="180"><rect width="180" height="180" fill="#fff"/><rect x="10" y="10" width="50" height="50"/></svg>';

async function openWall(env: ScreenEnv, kind: 'agent' | 'group', target: string): Promise<void> {
  await env.page.route('https://wework.qpic.cn/**', (r) => r.fulfill({ contentType: 'image/svg+xml', body: FAKE_QR }));
  const wall = await env.deps.shared.uow.run((tx) => ensureWallIn(tx, kind, target, env.deps.clock.now()));
  await env.page.goto(`${env.url}/w/${wall.slug}`);
  await env.page.waitForLoadState('networkidle');
}

/** The demo's agent status switch (demo mode's own route, as the /demo page uses it). */
async function setStatus(env: ScreenEnv, userid: string, status: string): Promise<void> {
  const res = await fetch(`${env.url}/api/agents/${userid}/status`, {
    method: 'PUT', headers: { 'content-type': 'application/json', origin: env.url }, body: JSON.stringify({ status }),
  });
  if (!res.ok) throw new Error(`status ${userid} → ${status}: ${res.status}`);
}

/** The form link of the demo's first conversation. */
function formLink(env: ScreenEnv): string {
  const conv = env.deps.db.select().from(conversations).all()[0];
  if (!conv) throw new Error('the demo has no conversation yet');
  return appointmentLink(env.deps, conv.id).replace(/^https?:\/\/[^/]+/, env.url);
}

/** Opens the form with a booking in place (books the first free slot through the page if there is none yet). */
async function openBooked(page: Page, link: string): Promise<void> {
  await page.goto(link);
  if (await page.locator('[data-testid="book-form"]').count() > 0) {
    await page.fill('#name', '小明');
    await page.fill('#mobile', '13812345678');
    const slot = await page.locator('#slot option:not([disabled])').nth(1).getAttribute('value');
    await page.selectOption('#slot', slot!);
    await Promise.all([page.waitForURL(/done=booked/), page.click('[data-testid="submit"]')]);
  }
  await page.locator('[data-testid="appointment-slot"]').waitFor();
}

export const CUSTOMER_SCREENS: Screen[] = [
  {
    surface: 'customer',
    route: '/w/:slug',
    state: '午休，值班组的名片墙',
    open: (env) => openWall(env, 'group', DEFAULT_GROUP),
  },
  {
    surface: 'customer',
    route: '/w/:slug',
    state: '午休，张三休息中的名片墙',
    async open(env) {
      await setStatus(env, 'zhangsan', 'moon');
      await openWall(env, 'agent', 'zhangsan');
    },
  },
  {
    surface: 'customer',
    route: '/w/:slug',
    state: '李四在线的名片墙',
    async open(env) {
      await setStatus(env, 'lisi', 'online');
      await openWall(env, 'agent', 'lisi');
    },
  },
  {
    surface: 'customer',
    route: '/f/:token',
    state: '午休，预约表单',
    async open(env) {
      await env.page.goto(formLink(env));
      await env.page.waitForLoadState('networkidle');
    },
  },
  {
    surface: 'customer',
    route: '/f/:token',
    state: '已预约，可改约或取消',
    open: (env) => openBooked(env.page, formLink(env)),
  },
  {
    surface: 'customer',
    route: '/f/:token',
    state: '点“取消预约”，确认对话框',
    async open(env) {
      await openBooked(env.page, formLink(env));
      await env.page.click('[data-testid="cancel-form"] button');
      await env.page.locator('[data-testid="cancel-dialog"]').waitFor({ state: 'visible' });
    },
  },
];
