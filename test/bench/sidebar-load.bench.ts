/**
 * @module Benchmark: time until my status and the customer's intent are visible, in headless Chromium under 4×
 * CPU throttling (CDP `Emulation.setCPUThrottlingRate`), cache disabled, against the product on localhost —
 * the sidebar next to a bare Vue + Pinia page that fetches the same two answers (same Vite config, same run,
 * same server). Run: `npx tsx test/bench/sidebar-load.bench.ts` (RUNS=10 by default).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../browser/support/browser';
import { customerSays, openSidebar, sidebarUrl, XIAOMING } from '../browser/support/sidebar';
import { startMoonshift } from '../../server/app/start';
import { buildBench } from './support/sidebar-build';

/**
 * Page-side probe (a string: tsx would wrap named functions in helpers the page lacks): records the instant my
 * status and the intent are both in the DOM with values and laid out.
 */
const SHOWN_PROBE = `new MutationObserver(() => {
  const s = document.querySelector('[data-testid="head-status"]');
  const i = document.querySelector('[data-testid="head-intent"]');
  if (s && i && s.getAttribute('data-status') && i.getAttribute('data-intent') && s.offsetParent && i.offsetParent) window.__shownAt ??= performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true });`;

const RUNS = Number(process.env.RUNS ?? 10);
const THROTTLE = 4;

const b = await buildBench();
const web = join(b.outDir, 'sidebar-build');
// the bare page's hashed assets next to the sidebar's, so one server serves both the same way
for (const f of readdirSync(join(b.outDir, 'bare-build', 'assets'))) cpSync(join(b.outDir, 'bare-build', 'assets', f), join(web, 'assets', f));
const dir = mkdtempSync(join(tmpdir(), 'moonshift-load-bench-'));
const app = await startMoonshift({ PORT: '0', SIM_PORT: '0', DATABASE_PATH: join(dir, 'm.db'), LOG_LEVEL: 'silent', WEB_DIST: web });
const browser = await launchBrowser();

const median = (xs: number[]) => { const s = [...xs].sort((a, c) => a - c); return s[Math.floor(s.length / 2)]!; };
const p90 = (xs: number[]) => { const s = [...xs].sort((a, c) => a - c); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)]!; };

try {
  await customerSays(app.simUrl!, '我要申请退款，东西不想要了');
  const sidebar = sidebarUrl(app.url, { customer: XIAOMING.externalUserid, tab: 'customer' });
  const bare = `${app.url}/bench-bare?customer=${XIAOMING.externalUserid}`;
  const signin = await browser.newPage();
  await openSidebar(signin.page, sidebar, 'zhangsan');
  await signin.page.close();

  async function once(url: string): Promise<number> {
    const { page } = await browser.newPage();
    await page.route((u) => u.pathname === '/bench-bare', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: b.bareHtml }));
        await page.addInitScript(SHOWN_PROBE);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    await page.goto(url, { waitUntil: 'commit' });
    const shown = await page.waitForFunction(() => (window as unknown as { __shownAt?: number }).__shownAt, null, { polling: 50, timeout: 30_000 })
      .catch(async (err: unknown) => { console.error(`not shown: ${url}`, (await page.content()).slice(0, 800)); throw err; });
    const ms = (await shown.jsonValue()) as number;
    await cdp.detach();
    await page.close();
    return ms;
  }

  await once(bare);
  await once(sidebar); // warm the server and the OS file cache
  const times = { bare: [] as number[], sidebar: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    times.bare.push(await once(bare));
    times.sidebar.push(await once(sidebar));
  }
  const row = (name: string, xs: number[]) => console.log(`${name.padEnd(16)} status+intent visible: median ${median(xs).toFixed(0)} ms  p90 ${p90(xs).toFixed(0)} ms  (${RUNS} runs, ${THROTTLE}× CPU, no cache)`);
  row('bare Vue+Pinia', times.bare);
  row('sidebar', times.sidebar);
  console.log(`sidebar / bare   median ${(median(times.sidebar) / median(times.bare)).toFixed(2)}×   (+${(median(times.sidebar) - median(times.bare)).toFixed(0)} ms)`);
  console.log(`initial JS gz    sidebar ${(b.sidebar.js / 1024).toFixed(1)} KB, bare ${(b.bare.js / 1024).toFixed(1)} KB`);
} finally {
  await browser.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  b.close();
}
