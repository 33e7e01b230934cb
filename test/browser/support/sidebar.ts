/**
 * @module Browser helpers for the sidebar: open it through the real OAuth flow (follow the redirect to the
 * simulator's authorize page and click the agent), read the mock adapter's recorded sends, and make a
 * simulated customer write.
 */
import type { Page } from 'playwright-core';
import { SimControlClient } from '../../../server/wecom-sim/control-client';

export const KF = 'wkMoonshiftDemo01';
export const XIAOMING = { externalUserid: 'wmDemoCustomer0001', nickname: '小明' };

export interface SentRecord { customer: string | null; message: { msgtype: string; text?: { content: string }; msgmenu?: unknown } }

export function sidebarUrl(base: string, opts: { customer?: string; agent?: string; entry?: string; tab?: string } = {}): string {
  const q = new URLSearchParams();
  if (opts.customer) q.set('customer', opts.customer);
  if (opts.agent) q.set('agent', opts.agent);
  if (opts.entry) q.set('entry', opts.entry);
  return `${base}/sidebar/${q.size ? `?${q.toString()}` : ''}#/${opts.tab ?? 'customer'}`;
}

/** Opens the sidebar; when the page sends us to WeCom sign-in, picks `agent` on the authorize page. */
export async function openSidebar(page: Page, url: string, agent: string): Promise<void> {
  await page.goto(url);
  const pick = page.locator(`a[href*="userid=${agent}"]`);
  const ready = page.getByTestId('head-status');
  await Promise.race([pick.waitFor({ timeout: 10_000 }), ready.waitFor({ timeout: 10_000 })]);
  if (await pick.count()) {
    await pick.click();
    await ready.waitFor({ timeout: 10_000 });
  }
}

export async function sentMessages(page: Page): Promise<SentRecord[]> {
  return page.evaluate(() => (window as unknown as { __moonshiftSent?: SentRecord[] }).__moonshiftSent ?? []);
}

export async function customerSays(simUrl: string, text: string, who = XIAOMING) {
  return new SimControlClient(simUrl).customerSend({ open_kfid: KF, external_userid: who.externalUserid, nickname: who.nickname, msgtype: 'text', content: text });
}

/**
 * Page errors minus the expected resource failures: the 401s of the first visit before sign-in (the page asks
 * `/auth/me` and starts loading its data in parallel), the simulator's missing favicon, and the appointments
 * API until the Pages work is merged (empty state).
 */
export function unexpected(errors: string[]): string[] {
  return errors.filter((e) => !/status of 401 .*\/(auth\/me|api\/sidebar\/[^ ]*)\)|favicon\.ico|status of 404 .*\/api\/sidebar\/appointments/.test(e));
}
