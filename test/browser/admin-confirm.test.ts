/**
 * @module The admin's confirmations, undo and unsaved-changes guard in real Chromium against the whole product
 * (demo mode, Thu 2026-11-26 13:30 Beijing): cancel leaves everything as it was, confirm acts; a deleted template
 * comes back with 撤销 and is gone from the database only after the 5 s; leaving the rules page with changes asks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { SETTINGS } from '../../server/core/config/catalogue';
import { readSettingIn } from '../../server/core/config/settings';

let app: RunningProduct;
let url: string;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  app = await startProduct({ ADMIN_USERIDS: 'wangwu', DEMO_TIME: '2026-11-26T13:30:00+08:00' });
  url = app.url;
  browser = await launchBrowser();
  ({ page, errors } = await browser.newPage({ width: 1280, height: 900 }));
  await page.goto(`${url}/admin/#/rules`);
  await page.locator('a[href*="userid=wangwu"]').click({ timeout: 10_000 });
  await page.waitForURL((u) => u.pathname.startsWith('/admin'), { timeout: 10_000 });
  errors.length = 0; // the 401 that starts the sign-in
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const count = (table: string, where: string) => app.deps.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table} where ${where}`))!.n;

describe('admin confirmations, undo and guard', () => {
  it('asks before deleting a rule; cancel keeps it, confirm removes it and marks the list unsaved', async () => {
    const row = page.getByTestId('rule-row-faq');
    await row.waitFor();
    await page.getByTestId('rule-remove-faq').click();
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('删除规则“');
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    expect(await row.count()).toBe(1);
    expect(await page.getByTestId('unsaved').count()).toBe(0);
    await page.getByTestId('rule-remove-faq').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => row.count()).toBe(0);
    await page.getByTestId('unsaved').waitFor();
  });

  it('asks before leaving the rules page with unsaved changes; staying keeps the edit, leaving drops it', async () => {
    await page.getByTestId('nav-templates').click();
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('有未保存的修改');
    await page.getByTestId('confirm-cancel').click();
    expect(await page.locator('main.content h1').textContent()).toBe('自动回复规则');
    await page.getByTestId('unsaved').waitFor();
    await page.getByTestId('nav-templates').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('tpl-list').waitFor();
    expect(await page.locator('main.content h1').textContent()).toBe('回复模板');
  });

  it('asks before publishing and before rolling back; cancel publishes nothing', async () => {
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('save-draft').click();
    await expect.poll(() => page.getByTestId('rules-notice').textContent()).toContain('草稿已保存：版本 2');
    const active = () => app.deps.shared.uow.read((q) => readSettingIn(q, SETTINGS.activeRuleSet));
    const before = await active();
    await page.getByTestId('publish-draft').click();
    await page.getByTestId('confirm-cancel').click();
    expect(await active()).toBe(before);
    await page.getByTestId('publish-draft').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('rules-notice').textContent()).toContain('已发布版本 2');
    await page.getByTestId('rollback').click();
    await page.getByTestId('confirm-cancel').click();
    await expect.poll(active).not.toBe(before);
    expect(errors).toEqual([]);
  });

  it('deletes a template only after the 5 s undo; 撤销 brings it back and the database never lost it', async () => {
    await page.getByTestId('nav-templates').click();
    await page.getByText('忙碌提示').click();
    await page.getByTestId('tpl-delete').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('undo-toast').waitFor();
    expect(await page.getByTestId('tpl-list').textContent()).not.toContain('忙碌提示');
    expect(count('templates', "name = '忙碌提示'")).toBe(1);
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('tpl-list').textContent()).toContain('忙碌提示');
    expect(count('templates', "name = '忙碌提示'")).toBe(1);

    await page.getByText('忙碌提示').click();
    await page.getByTestId('tpl-delete').click();
    await page.getByTestId('confirm-ok').click();
    // The toast goes when its 5 s are up; then (and only then) the server deletes.
    await page.getByTestId('undo-toast').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => count('templates', "name = '忙碌提示'")).toBe(0);
    expect(errors).toEqual([]);
  });

  it('asks before deleting a duty group and undoes removing a member from a post', async () => {
    await page.getByTestId('nav-duty').click();
    await page.getByTestId('group-name').fill('临时组');
    await page.getByTestId('group-add').click();
    const row = page.locator('[data-testid^="group-"]', { hasText: '临时组' }).first();
    await row.getByTestId('group-primaryUserid').selectOption({ label: '李四' });
    await expect.poll(() => count('duty_groups', "name = '临时组' and primary_userid = 'lisi'")).toBe(1);
    await row.getByTestId('group-primaryUserid-remove').click();
    await expect.poll(() => page.getByTestId('undo-toast').textContent()).toContain('A 岗 李四');
    await page.getByTestId('undo').click();
    expect(await row.getByTestId('group-primaryUserid').inputValue()).toBe('lisi');
    expect(count('duty_groups', "name = '临时组' and primary_userid = 'lisi'")).toBe(1);

    await row.locator('[data-testid^="group-remove-"]').click();
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('删除值班组“临时组”');
    await page.getByTestId('confirm-cancel').click();
    expect(count('duty_groups', "name = '临时组'")).toBe(1);
    await row.locator('[data-testid^="group-remove-"]').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => count('duty_groups', "name = '临时组'")).toBe(0);
    expect(errors).toEqual([]);
  });
});
