/** @module Customers' own pages (375×812): the profile wall and the appointment form. */
import { appointmentLink } from '../../../server/appointments/link';
import { conversations } from '../../../server/db/schema/index';
import { DEFAULT_GROUP, ensureWall } from '../../../server/pages/walls';
import type { Screen } from './types';

/** WeCom's QR images live on its CDN, which the test machine cannot reach: a stand-in picture. */
const FAKE_QR = '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="180"><rect width="180" height="180" fill="#fff"/><rect x="10" y="10" width="50" height="50"/></svg>';

export const CUSTOMER_SCREENS: Screen[] = [
  {
    surface: 'customer',
    route: '/w/:slug',
    state: '午休，值班组的名片墙',
    async open(env) {
      await env.page.route('https://wework.qpic.cn/**', (r) => r.fulfill({ contentType: 'image/svg+xml', body: FAKE_QR }));
      const wall = ensureWall(env.deps.db, 'group', DEFAULT_GROUP, env.deps.clock.now());
      await env.page.goto(`${env.url}/w/${wall.slug}`);
      await env.page.waitForLoadState('networkidle');
    },
  },
  {
    surface: 'customer',
    route: '/f/:token',
    state: '午休，预约表单',
    async open(env) {
      const conv = env.deps.db.select().from(conversations).all()[0];
      if (!conv) throw new Error('the demo has no conversation yet');
      const link = appointmentLink(env.deps, conv.id).replace(/^https?:\/\/[^/]+/, env.url);
      await env.page.goto(link);
      await env.page.waitForLoadState('networkidle');
    },
  },
];
