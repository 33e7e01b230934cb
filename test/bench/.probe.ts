import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../browser/support/browser';
import { customerSays, openSidebar, sidebarUrl, XIAOMING } from '../browser/support/sidebar';
import { startMoonshift } from '../../server/start';
import { buildBench } from './support/sidebar-build';
const SHOWN_PROBE = `window.__mo=[]; new MutationObserver(() => { const t0 = performance.now();
  const s = document.querySelector('[data-testid="head-status"]');
  const i = document.querySelector('[data-testid="head-intent"]');
  let st = 0; if (s && i) { void getComputedStyle(s).color; st = performance.now() - t0; window.__st = (window.__st || '') + ' style' + st.toFixed(0) + ' n' + document.getElementsByTagName('*').length + ' ss' + document.styleSheets.length; }
  if (s && i && s.getAttribute('data-status') && i.getAttribute('data-intent') && s.offsetParent && i.offsetParent) window.__shownAt ??= performance.now(); window.__mo.push(t0.toFixed(0) + (s ? 's' : '') + (i ? 'i' : '') + '/' + (performance.now() - t0).toFixed(0));
}).observe(document, { subtree: true, childList: true, attributes: true });`;
const b = await buildBench();
const web = join(b.outDir, 'sidebar-build');
for (const f of readdirSync(join(b.outDir, 'bare-build', 'assets'))) cpSync(join(b.outDir, 'bare-build', 'assets', f), join(web, 'assets', f));
const dir = mkdtempSync(join(tmpdir(), 'moonshift-load-bench-'));
const app = await startMoonshift({ PORT: '0', SIM_PORT: '0', DATABASE_PATH: join(dir, 'm.db'), LOG_LEVEL: 'silent', WEB_DIST: web });
const browser = await launchBrowser();
try {
  await customerSays(app.simUrl!, '我要申请退款，东西不想要了');
  const sidebar = sidebarUrl(app.url, { customer: XIAOMING.externalUserid, tab: 'customer' });
  const bare = `${app.url}/bench-bare?customer=${XIAOMING.externalUserid}`;
  const signin = await browser.newPage();
  await openSidebar(signin.page, sidebar, 'zhangsan');
  await signin.page.close();
  for (const url of [bare, sidebar, bare, sidebar, bare, sidebar, bare, sidebar]) {
    const { page } = await browser.newPage();
    await page.route((u) => u.pathname === '/bench-bare', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: b.bareHtml }));
    await page.addInitScript(SHOWN_PROBE);
    if (process.env.FONT) await page.addInitScript(`document.addEventListener('DOMContentLoaded', () => { const st = document.createElement('style'); st.textContent = '${process.env.FONT}'; document.head.appendChild(st); });`); await page.addInitScript(`window.__lt=[]; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(e.name + '@' + e.startTime.toFixed(0) + '+' + e.duration.toFixed(0)); }).observe({ type: 'longtask', buffered: true });`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as any).__shownAt, null, { polling: 50, timeout: 30_000 });
    const r = await page.evaluate(() => ({ lt: (window as any).__lt.join(' '), mo: (window as any).__mo.join(' ') + (window as any).__st, marks: performance.getEntriesByType('mark').map((m) => m.name + '@' + m.startTime.toFixed(0)).join(' '), shown: (window as any).__shownAt, nav: performance.getEntriesByType('navigation').map((e: any) => [e.responseEnd, e.domInteractive, e.domContentLoadedEventEnd]), res: performance.getEntriesByType('resource').map((e: any) => `${e.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 60).padEnd(60)} ${e.startTime.toFixed(0).padStart(5)} ${e.responseEnd.toFixed(0).padStart(5)}`) }));
    console.log(r.marks); console.log('LT', r.lt); console.log('MO', r.mo); console.log(url.slice(0, 50), 'shown', r.shown.toFixed(0), 'nav', JSON.stringify(r.nav)); console.log(r.res.join('\n'));
    await page.close();
  }
} finally { await browser.close(); await app.close(); rmSync(dir, { recursive: true, force: true }); b.close(); }
