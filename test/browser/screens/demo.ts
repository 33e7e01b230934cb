/** @module The customer's chat in /demo (375×812). */
import type { Screen } from './types';

export const DEMO_SCREENS: Screen[] = [{
  surface: 'demo',
  route: '/demo',
  state: '午休，打开演示聊天',
  async open(env) {
    await env.page.goto(`${env.url}/demo`);
    await env.page.waitForLoadState('networkidle');
  },
}];
