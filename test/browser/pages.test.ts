/**
 * @module Browser flows of the customer pages in real Chromium at 375 px against the whole product (demo mode,
 * simulator over HTTP, a clock fixed in open hours): the profile wall turning to night for 月球模式 with the
 * WeCom profile and 活码 updated once, and the appointment form (last place, refusal, no duplicate, tampering).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { ManualClock } from '../../server/app/clock';
import { appointmentLink } from '../../server/core/appointments/link';
import { appointments } from '../../server/adapters/db/sqlite/schema/index';
import { wallUrlIn } from '../../server/core/walls/walls';
import { launchBrowser, type TestBrowser, type TestPage } from './support/browser';
import { startProduct, type TestProduct } from '../support/product';
import { conversationOf, NIGHT_AT, OPEN_AT, postForm, setSetting } from '../support/pages';
import { SETTINGS } from '../../server/core/config/catalogue';

let p: TestProduct;
let browser: TestBrowser;
const clock = new ManualClock(Date.parse(OPEN_AT));

beforeAll(async () => {
  p = await startProduct({ LOG_LEVEL: 'warn' }, { clock });
  setSetting(p, SETTINGS.profileSync, { debounceMs: 300 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await p?.stop();
});

/** WeCom's QR images live on its CDN; the browser gets a stand-in picture for them. */
const FAKE_QR = '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="180"><rect width="180" height="180" fill="#fff"/><g fill="#111"><rect x="10" y="10" width="50" height="50"/><rect x="120" y="10" width="50" height="50"/><rect x="10" y="120" width="50" height="50"/><rect x="80" y="80" width="20" height="20"/><rect x="120" y="120" width="20" height="20"/><rect x="150" y="140" width="20" height="30"/></g></svg>';
async function newPage(): Promise<TestPage> {
  const t = await browser.newPage({ width: 375, height: 812 });
  await t.page.route('https://wework.qpic.cn/**', (route) => route.fulfill({ contentType: 'image/svg+xml', body: FAKE_QR }));
  return t;
}
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, p.url);
/** Document loads answered 4xx on purpose (error pages) are logged by Chromium; anything else fails the test. */
const realErrors = (errors: string[]) => errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
const testId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

describe('profile wall', () => {
  it('turns night within a second of the next load after 月球模式, with the on-duty QR and timestamp; WeCom updated once', async () => {
    await p.setStatus('zhangsan', 'online'); // on duty (online longest)
    await p.setStatus('lisi', 'online');
    await p.travel!.advance(300); // the sync jobs are due after the quiet period
    const { page, errors, screenshot } = await newPage();
    const url = local(await p.deps.shared.uow.run((tx) => wallUrlIn(tx, p.deps, 'zhangsan')));
    await page.goto(url);
    expect(await page.locator('body').getAttribute('data-theme')).toBe('day');
    await expect.poll(() => page.locator('[data-testid="qr"] img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot('wall-day-375');

    const before = await p.sim.state();
    const profileBefore = before.members.find((m) => m.userid === 'zhangsan')!.update_count;
    await p.setStatus('zhangsan', 'moon');
    const t0 = Date.now();
    await page.reload();
    expect(await page.locator('body').getAttribute('data-theme')).toBe('night');
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect.poll(() => testId(page, 'qr').innerText()).toContain('值班同事 李四');
    expect(await testId(page, 'qr-stamp').innerText()).toMatch(/^更新于 \d{2}:\d{2}/);
    expect(await testId(page, 'appointment').innerText()).toBe('预约回电');
    // open hours: the agent is away, the team is not — 李四 on duty answers the chat
    expect(await testId(page, 'chat').innerText()).toBe('立即咨询');
    expect(await testId(page, 'next-open').count()).toBe(0);

    // WeCom follows once: the profile card says 休息中, the shared 活码 points at lisi.
    await p.travel!.advance(300);
    const final = await p.sim.state();
    const zs = final.members.find((m) => m.userid === 'zhangsan')!;
    expect(zs.update_count - profileBefore).toBe(1);
    expect(JSON.stringify(zs.external_profile)).toContain('休息中·可预约回电');
    expect(final.contactWayUpdates - before.contactWayUpdates).toBe(1);
    expect(final.contactWays.find((w) => w.state === 'moonshift_duty')!.user).toEqual(['lisi']);

    await page.reload();
    expect(await testId(page, 'qr-stamp').innerText()).not.toContain('正在切换');
    await expect.poll(() => page.locator('[data-testid="qr"] img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await testId(page, 'hint').waitFor({ state: 'visible', timeout: 5000 });
    expect(await testId(page, 'hint').innerText()).toContain('张三暂时不在');
    expect(await page.locator('body').innerText()).not.toMatch(/月球模式|上班后/);
    await screenshot('wall-night-375');
    expect(realErrors(errors)).toEqual([]);
  });

  it('shows the night theme with the next opening after hours, even for an online agent', async () => {
    await p.setStatus('lisi', 'online');
    clock.set(NIGHT_AT);
    try {
      const { page, errors, screenshot } = await newPage();
      await page.goto(local(await p.deps.shared.uow.run((tx) => wallUrlIn(tx, p.deps, 'lisi'))));
      expect(await page.locator('body').getAttribute('data-theme')).toBe('night');
      expect(await testId(page, 'next-open').innerText()).toBe('明天 09:00');
      expect(await testId(page, 'window').innerText()).toContain('夜间休息');
      await testId(page, 'hint').waitFor({ state: 'visible', timeout: 5000 });
      await screenshot('wall-night-calendar-375');
      expect(realErrors(errors)).toEqual([]);
    } finally { clock.set(OPEN_AT); }
  });
});

describe('appointment form', () => {
  it('books the last place, refuses a second booking clearly, does not duplicate on resubmit, refuses a tampered link', async () => {
    setSetting(p, SETTINGS.appointments, { capacity: 2 });
    const slot = String(Date.parse('2026-12-03T10:00:00+08:00'));
    const [c1, c2, c3] = [await conversationOf(p, 'wmDemoCustomer0001'), await conversationOf(p, 'wmDemoCustomer0002'), await conversationOf(p, 'wmFormCustomer03')];
    const link = (c: number) => local(appointmentLink(p.deps, c, 3_600_000));
    // Someone already holds one of the two places.
    expect((await postForm(link(c2), { action: 'book', name: '小红', mobile: '13900001111', slot, question: '' })).status).toBe(303);

    const a = await newPage();
    const b = await newPage();
    await a.page.goto(link(c1));
    await b.page.goto(link(c3)); // opened before the last place goes
    const option = `option[value="${slot}"]`;
    expect(await a.page.locator(option).innerText()).toContain('剩 1 位');
    await a.page.fill('#name', '小明');
    await a.page.fill('#mobile', '13812345678');
    await a.page.selectOption('#slot', slot);
    await a.page.fill('#question', '订单退款什么时候到账？');
    await a.screenshot('form-375');
    expect(await a.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const submitted = await a.page.evaluate(() => new URLSearchParams(new FormData(document.querySelector('form')!) as unknown as Record<string, string>).toString());
    await a.page.click('[data-testid="submit"]');
    await testId(a.page, 'done').waitFor();
    expect(await testId(a.page, 'done').innerText()).toContain('预约成功');
    expect(await testId(a.page, 'appointment-slot').innerText()).toContain('12月3日（周四）10:00–10:30');
    await a.screenshot('form-booked-375');

    // The second customer, whose page still offers the slot, is refused with a clear message.
    await b.page.fill('#name', '小刚');
    await b.page.fill('#mobile', '13700002222');
    await b.page.selectOption('#slot', slot);
    await b.page.click('[data-testid="submit"]');
    await testId(b.page, 'form-error').waitFor();
    expect(await testId(b.page, 'form-error').innerText()).toContain('该时段刚刚被约满了，请选择其他时段');
    expect(await b.page.locator(option).innerText()).toContain('已约满');
    expect(await b.page.locator(option).isDisabled()).toBe(true);
    await b.screenshot('form-full-375');

    // Reload, and resubmit the very same form data from the same browser: still one appointment. (The page's CSP
    // lets no script fetch, so the browser's request context posts it.)
    await a.page.reload();
    const resubmit = await a.page.request.post(link(c1), { form: Object.fromEntries(new URLSearchParams(submitted)), maxRedirects: 0 });
    expect([303, 409]).toContain(resubmit.status());
    const rows = p.deps.db.select().from(appointments).where(eq(appointments.slotStart, Number(slot))).all();
    expect(rows.map((r) => r.conversationId).sort()).toEqual([c1, c2].sort());
    expect(p.deps.db.select().from(appointments).where(eq(appointments.conversationId, c3)).all()).toHaveLength(0);

    // A tampered link: error page, nothing stored.
    const count = p.deps.db.select().from(appointments).all().length;
    const tampered = link(c3).replace(/\/f\/(\d+)\.(\d+)\./, (_m, id: string, exp: string) => `/f/${id}.${Number(exp) + 3600}.`);
    const t = await newPage();
    await t.page.goto(tampered);
    expect(await testId(t.page, 'message').innerText()).toContain('链接无效');
    expect(await t.page.locator('form').count()).toBe(0);
    await t.screenshot('form-tampered-375');
    expect(p.deps.db.select().from(appointments).all()).toHaveLength(count);

    expect(realErrors([...a.errors, ...b.errors, ...t.errors])).toEqual([]);
  });

  it('asks before the customer cancels: 保留预约 keeps the booking, 确认取消 cancels it', async () => {
    const slot = String(Date.parse('2026-12-04T10:00:00+08:00'));
    const conv = await conversationOf(p, 'wmCancelCustomer04');
    const link = local(appointmentLink(p.deps, conv, 3_600_000));
    expect((await postForm(link, { action: 'book', name: '小李', mobile: '13600003333', slot, question: '' })).status).toBe(303);
    const status = () => p.deps.db.select().from(appointments).where(eq(appointments.conversationId, conv)).get()!.status;
    const { page, errors, screenshot } = await newPage();
    await page.goto(link);
    await page.click('[data-testid="cancel-form"] button');
    const dialog = testId(page, 'cancel-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.innerText()).toContain('确定取消这个预约吗');
    const keep = await testId(page, 'cancel-keep').boundingBox();
    expect(Math.min(keep!.width, keep!.height)).toBeGreaterThanOrEqual(44);
    await screenshot('form-cancel-dialog-375');
    await page.click('[data-testid="cancel-keep"]');
    await dialog.waitFor({ state: 'hidden' });
    expect(status()).toBe('booked');
    await page.click('[data-testid="cancel-form"] button');
    await Promise.all([page.waitForURL(/done=cancelled/), page.click('[data-testid="cancel-dialog"] [data-testid="cancel-confirm"]')]);
    expect(await testId(page, 'done').innerText()).toContain('预约已取消');
    expect(status()).toBe('cancelled');
    expect(realErrors(errors)).toEqual([]);
  });
});
