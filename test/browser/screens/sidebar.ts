/** @module Sidebar screens of the inventory (375×812), opened as 李四 for the demo customer 小明. */
import { TABS } from '../../../web/src/sidebar/tabs';
import type { Screen } from './types';

const AGENT = 'lisi';
const CUSTOMER = 'wmDemoCustomer0001';

export const SIDEBAR_SCREENS: Screen[] = TABS.map((tab) => ({
  surface: 'sidebar',
  route: `sidebar#/${tab}`,
  state: '午休，客户小明',
  async open(env) {
    await env.signIn(AGENT, `/sidebar/?customer=${CUSTOMER}#/${tab}`);
    await env.page.getByTestId('head-status').waitFor();
    await env.page.waitForLoadState('networkidle');
  },
}));
