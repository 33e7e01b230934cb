/**
 * @module The screen inventory in real Chromium: every screen of test/browser/screens, in Chinese and in English,
 * at phone size for the sidebar, the demo and customers' pages and at 1,280×800 for the admin, against one
 * demo product (Thursday 2026-11-26 13:30 Beijing, lunch). On each: no seeded ids shown as text, in English no
 * internal words (window, status, intent, template-kind ids, `state 3`) shown untranslated, no untranslated
 * message keys or `{{`, no ISO timestamps, no horizontal overflow, touch targets ≥ 44×44 px on touch surfaces,
 * no console errors; a screenshot per screen and language under test-results/screenshots/screens/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoonshift, type Moonshift } from '../../server/app/start';
import { SimControlClient } from '../../server/wecom-sim/control-client';
import { ROUTE_POLICIES } from '../../server/http/access/route-table';
import { ROUTES as ADMIN_ROUTES } from '../../web/src/admin/routes';
import { TABS } from '../../web/src/sidebar/tabs';
import { conversations } from '../../server/adapters/db/sqlite/schema/index';
import { launchBrowser, type TestBrowser } from './support/browser';
import { KF, XIAOMING } from './support/sidebar';
import { SCREENS, TOUCH, VIEWPORT, type Screen, type ScreenEnv } from './screens/index';
import { seededIds, messageKeys, inspectPage, expectedNoise, rawEnumWords } from './screens/checks';
import { waitFor } from '../support/wait';

const AT = '2026-11-26T13:30:00+08:00';
const LOCALES = ['zh', 'en'] as const;

let app: Moonshift;
let dir: string;
let url: string;
let sim: SimControlClient;
let browser: TestBrowser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'moonshift-screens-'));
  app = await startMoonshift({
    PORT: '0', SIM_PORT: '0', DATABASE_PATH: join(dir, 'moonshift.db'), LOG_LEVEL: 'warn', ADMIN_USERIDS: 'wangwu', DEMO_TIME: AT,
  });
  url = app.url.replace(/\/$/, '');
  sim = new SimControlClient(app.simUrl!);
  // One customer has written, so conversation screens have something to show.
  await sim.customerSend({ open_kfid: KF, external_userid: XIAOMING.externalUserid, nickname: XIAOMING.nickname, msgtype: 'text', content: '你好，我上周买的耳机想退款' });
  await waitFor(() => app.deps.db.select().from(conversations).all().length > 0, { timeoutMs: 10_000, what: 'the first conversation' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the screen inventory', () => {
  it('has a screen for every admin route, sidebar tab and customer page', () => {
    const routes = new Set(SCREENS.map((s) => s.route));
    const customerPages = Object.keys(ROUTE_POLICIES)
      .filter((k) => /^GET \/(w|f)\/:|^GET \/demo$/.test(k))
      .map((k) => k.slice(4));
    const expected = [...ADMIN_ROUTES.map((r) => `admin#/${r}`), ...TABS.map((t) => `sidebar#/${t}`), ...customerPages];
    expect(customerPages).toEqual(expect.arrayContaining(['/w/:slug', '/f/:token', '/demo']));
    expect(expected.filter((r) => !routes.has(r))).toEqual([]);
  });

  const seen = new Map<string, number>();
  for (const screen of SCREENS) {
    for (const locale of LOCALES) {
      const n = (seen.get(`${screen.route}|${locale}`) ?? 0) + 1;
      seen.set(`${screen.route}|${locale}`, n);
      const name = `${screen.surface}-${screen.route.replace(/[^a-z0-9]+/gi, '-')}-${n}-${locale}`.replace(/-+/g, '-');
      it(`${screen.route} · ${screen.state} · ${locale}`, async () => {
        await check(screen, locale, name);
      }, 60_000);
    }
  }
});

async function check(screen: Screen, locale: 'zh' | 'en', name: string) {
  const t = await browser.newPage(VIEWPORT[screen.surface]);
  try {
    await t.page.addInitScript((l) => { try { localStorage.setItem('moonshift.locale', l); } catch { /* no storage */ } }, locale);
    const env: ScreenEnv = {
      url, simUrl: app.simUrl!.replace(/\/$/, ''), deps: app.deps, page: t.page,
      async signIn(userid, path) {
        await t.page.context().clearCookies();
        await t.page.goto(`${url}${path}`);
        const pick = t.page.locator(`a[href*="userid=${userid}"]`);
        await pick.click({ timeout: 10_000 });
        await t.page.waitForURL((u) => u.origin === new URL(url).origin, { timeout: 10_000 });
      },
      async advanceClock(ms) {
        await sim.setClock({ advanceMs: ms });
      },
    };
    await screen.open(env);
    // measure what people see once it has settled: no dialog half way through its zoom-in, no sliding tab
    await t.page.waitForFunction(() => document.getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), undefined, { timeout: 5_000 });
    await t.screenshot(`screens/${name}`);
    const found = await inspectPage(t.page, {
      touch: TOUCH.has(screen.surface), ids: seededIds(app.deps), keys: messageKeys(), rawWords: locale === 'en' ? rawEnumWords() : [],
    });
    expect.soft(found.ids, 'seeded ids shown as text').toEqual([]);
    expect.soft(found.keys, 'untranslated message keys or {{').toEqual([]);
    expect.soft(found.rawWords, 'internal words (windows, statuses, intents, template kinds, session states) shown untranslated').toEqual([]);
    expect.soft(found.isoTimes, 'ISO timestamps shown').toEqual([]);
    expect.soft(found.overflow, 'horizontal overflow (px)').toBe(0);
    expect.soft(found.smallTargets, 'touch targets under 44×44 px').toEqual([]);
    expect.soft(t.errors.filter((e) => !expectedNoise(e)), 'console errors').toEqual([]);
  } finally {
    await t.page.close();
  }
}
