/** @module Helpers for the customer-page suites: a real conversation through the simulator, form posts, settings. */
import { eq } from 'drizzle-orm';
import { conversations } from '../../server/adapters/db/sqlite/schema/index';
import { writeSettingIn } from '../../server/core/config/settings';
import type { TestProduct } from './product';
import { waitFor } from './wait';

/** A Wednesday 10:00 in Shanghai (open hours, not a holiday). */
export const OPEN_AT = '2026-12-02T10:00:00+08:00';
/** The same Wednesday 23:00 (night). */
export const NIGHT_AT = '2026-12-02T23:00:00+08:00';

/** The customer writes through the simulator; resolves with the stored conversation id. */
export async function conversationOf(p: TestProduct, externalUserid: string, text = '你好，想预约一下'): Promise<number> {
  await p.sim.customerSend({ external_userid: externalUserid, msgtype: 'text', content: text });
  const conv = await waitFor(() => p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, externalUserid)).get(), { what: `conversation of ${externalUserid}` });
  return conv.id;
}

export async function setSetting<D extends Parameters<typeof writeSettingIn>[1]>(p: TestProduct, def: D, value: Parameters<typeof writeSettingIn<D>>[2]): Promise<void> {
  await p.deps.shared.uow.run((tx) => writeSettingIn(tx, def, value, { at: p.deps.clock.now(), by: 'test' }));
}

export async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
}

/** The value of the first enabled slot option on a form page (or of the n-th). */
export function slotOptions(htmlText: string): { value: string; disabled: boolean; text: string }[] {
  return [...htmlText.matchAll(/<option value="(\d+)"([^>]*)>([^<]*)<\/option>/g)].map((m) => ({ value: m[1]!, disabled: /disabled/.test(m[2]!), text: m[3]! }));
}
