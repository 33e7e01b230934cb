/**
 * @module The one WeCom JS-SDK adapter of the web pages: the real `@wecom/jssdk` inside the WeCom client
 * (user agent contains `wxwork`; loaded lazily so other browsers never download it), else the mock.
 * Components never call `ww.*`: they get the adapter from the session store.
 */
import type { JsSdkConfig } from '../api/sidebar';
import { createMockAdapter, type ChatRelay } from './mock';
import type { WecomAdapter } from './types';

export type * from './types';
export type { SentRecord, ChatRelay } from './mock';

export const inWecomClient = (ua: string = navigator.userAgent): boolean => /wxwork/i.test(ua);

/** `demo` adapters also take the agent and customer from the URL / picker. */
export async function createWecomAdapter(
  fetchConfig: (url: string) => Promise<JsSdkConfig>, relay?: ChatRelay,
): Promise<WecomAdapter & { setCustomer?(id: string): void }> {
  if (!inWecomClient()) return createMockAdapter(new URLSearchParams(location.search), relay);
  const here = location.href.split('#')[0] ?? location.href;
  // the signature request (usually already started by the page's first loads) and the SDK's code, in parallel
  const [first, { createRealAdapter }] = await Promise.all([fetchConfig(here), import('./real')]);
  return createRealAdapter(async (url) => (url === here ? first : fetchConfig(url)), first);
}
