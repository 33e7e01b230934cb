/**
 * @module Sidebar screens of the inventory (375×812), opened as 李四 for the demo customer 小明 at lunch: every
 * tab, then the states agents meet — notes and tags, their own reply just deleted (undo), a cancelled booking,
 * leaving an unsaved note, nobody on the team reachable, the demo's customer picker and a duty manager's deep link.
 */
import { eq } from 'drizzle-orm';
import { TABS } from '../../../web/src/sidebar/tabs';
import { agents, appointments, conversations, customers } from '../../../server/adapters/db/sqlite/schema/index';
import { conversationLink } from '../../../server/core/access/conversation-link';
import { setAgentStatus } from '../../../server/core/services/set-agent-status';
import { expect } from 'vitest';
import type { Screen, ScreenEnv } from './types';

const AGENT = 'lisi';
const CUSTOMER = 'wmDemoCustomer0001';
const DAY = 24 * 3_600_000;

/** Signs in and waits for the first screen and the tab's own content (no spinner left). */
async function openTab(env: ScreenEnv, tab: string, query = `?customer=${CUSTOMER}`): Promise<void> {
  await env.signIn(AGENT, `/sidebar/${query}#/${tab}`);
  await env.page.getByTestId('head-status').waitFor();
  await env.page.locator('.van-tab--active').waitFor();
  await env.page.locator('.van-tab__panel:visible [data-testid="state-loading"], .van-skeleton:visible').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await env.page.waitForLoadState('networkidle');
}

const conversation = (env: ScreenEnv) => {
  const conv = env.deps.db.select().from(conversations).where(eq(conversations.externalUserid, CUSTOMER)).get();
  if (!conv) throw new Error('the demo has no conversation with 小明 yet');
  return conv;
};

const everyone = (env: ScreenEnv) => env.deps.db.select({ userid: agents.userid, status: agents.status }).from(agents).all();

export const SIDEBAR_SCREENS: Screen[] = [
  ...TABS.map((tab): Screen => ({
    surface: 'sidebar',
    route: `sidebar#/${tab}`,
    state: '午休，客户小明',
    open: (env) => openTab(env, tab),
  })),
  {
    surface: 'sidebar',
    route: 'sidebar#/customer',
    state: '客户有备注和标签',
    async open(env) {
      const now = env.deps.clock.now();
      const set = { note: '老客户，上次退款已处理；电话联系前先看订单', tags: JSON.stringify(['VIP', '退款']), noteUpdatedBy: 'zhangsan', noteUpdatedAt: now };
      env.deps.db.insert(customers).values({ externalUserid: CUSTOMER, ...set }).onConflictDoUpdate({ target: customers.externalUserid, set }).run();
      await openTab(env, 'customer');
      await env.page.getByTestId('notes-by').waitFor();
    },
  },
  {
    surface: 'sidebar',
    route: 'sidebar#/customer',
    state: '离开未保存的备注',
    async open(env) {
      await openTab(env, 'customer');
      // the note the server has must be in place first, or it would replace what is typed (then nothing is unsaved)
      await env.page.waitForLoadState('networkidle');
      await env.page.getByTestId('notes-text').fill('还没保存的备注');
      await expect.poll(() => env.page.getByTestId('notes-text').inputValue()).toBe('还没保存的备注');
      await env.page.locator('.van-tab', { hasText: /快捷回复|Replies/ }).click();
      await env.page.locator('.van-dialog').waitFor();
    },
  },
  {
    surface: 'sidebar',
    route: 'sidebar#/replies',
    state: '刚删除自己的快捷回复（可撤销）',
    async open(env) {
      await openTab(env, 'replies');
      await env.page.getByTestId('own-add').click();
      await env.page.getByTestId('own-name').fill('我的开场白');
      await env.page.getByTestId('own-body').fill('%nickname%您好，我是李四');
      await env.page.getByTestId('own-save').click();
      await env.page.getByTestId('quick-reply-delete').first().click();
      await env.page.getByTestId('undo-bar').waitFor();
    },
  },
  {
    surface: 'sidebar',
    route: 'sidebar#/appointments',
    state: '一个已取消、一个已预约的回电',
    async open(env) {
      const conv = conversation(env);
      const now = env.deps.clock.now();
      const row = (id: string, at: number, status: 'booked' | 'cancelled', place: number | null) => ({
        id, conversationId: conv.id, externalUserid: CUSTOMER, customerName: '小明', mobile: '138****0000', slotStart: at, slotEnd: at + 30 * 60_000,
        place, question: '耳机退款', status, agentUserid: AGENT, createdAt: now, updatedAt: now,
      });
      env.deps.db.insert(appointments).values([row('ap_screen_cancelled', now + DAY, 'cancelled', null), row('ap_screen_booked', now + 2 * DAY, 'booked', 1)]).onConflictDoNothing().run();
      await openTab(env, 'appointments');
      await env.page.getByTestId('appointment-status').first().waitFor();
    },
  },
  {
    surface: 'sidebar',
    route: 'sidebar#/status',
    state: '全组都在月球模式：无人可接待',
    async open(env) {
      for (const a of everyone(env)) if (a.status !== 'moon') await setAgentStatus({ ctx: env.deps, input: { userid: a.userid, status: 'moon', source: 'manual', reason: 'screen inventory' } });
      await openTab(env, 'status');
      await env.page.getByTestId('nobody-reachable').waitFor();
    },
  },
  {
    surface: 'sidebar',
    route: 'sidebar#/customer',
    state: '值班主管从提醒卡片打开的只读会话',
    async open(env) {
      for (const a of everyone(env)) if (a.status === 'moon') await setAgentStatus({ ctx: env.deps, input: { userid: a.userid, status: 'online', source: 'manual', reason: 'screen inventory' } });
      const link = conversationLink({ config: env.deps.config, now: env.deps.clock.now() }, conversation(env).id).replace(/^https?:\/\/[^/]+/, '');
      await env.page.goto(`${env.url}${link}`);
      await env.page.getByTestId('link-note').waitFor();
      await env.page.getByTestId('customer-summary').waitFor();
      await env.page.waitForLoadState('networkidle');
    },
  },
  {
    surface: 'sidebar',
    route: 'sidebar#/customer',
    state: '演示模式：选择一位客户',
    async open(env) {
      await env.signIn(AGENT, '/sidebar/#/customer');
      await env.page.getByTestId('customer-picker').waitFor();
    },
  },
];
