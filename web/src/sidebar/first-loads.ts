/**
 * @module The sidebar's first requests, started when the page's script runs — before Vue mounts and, inside
 * WeCom, in parallel with the JS-SDK registration (its signature is one of them): who I am, my status, the
 * duty roster, and (outside WeCom, where the customer comes from the URL) the customer's context. The server
 * usually inlines these answers into the page (`#first-data`, server/http/routes/sidebar-first-data.ts, same keys):
 * then no request is made for them. The stores take each answer once (`takeFirst`), then ask again themselves.
 */
import { authApi } from '../common/api/auth';
import { sidebarApi } from '../common/api/sidebar';
import { inWecomClient } from '../common/wecom/index';

type Loads = {
  me: ReturnType<typeof authApi.me>;
  status: ReturnType<typeof sidebarApi.myStatus>;
  duty: ReturnType<typeof sidebarApi.duty>;
  context: ReturnType<typeof sidebarApi.context>;
  jssdk: ReturnType<typeof sidebarApi.jssdkConfig>;
};
const started = new Map<string, Promise<unknown>>();

/** The answers the server inlined into the page, by key (none when it could not, e.g. without a session). */
function inlined(): Record<string, unknown> {
  const text = typeof document === 'undefined' ? null : document.getElementById('first-data')?.textContent;
  try { return text ? (JSON.parse(text) as Record<string, unknown>) : {}; } catch { return {}; }
}

/** Starts the first requests (once). `link` pages (a duty manager's deep link) have no session: nothing to start. */
export function startFirstLoads(): void {
  if (started.size > 0 || typeof location === 'undefined') return;
  const q = new URLSearchParams(location.search);
  if (q.get('link')) return;
  const given = inlined();
  const keep = <K extends keyof Loads>(key: K, extra: string, ask: () => Loads[K]) => {
    const id = `${key}:${extra}`;
    const p = id in given ? (Promise.resolve(given[id]) as Loads[K]) : ask();
    p.catch(() => undefined); // a failure is reported by the store that takes it
    started.set(id, p);
  };
  keep('me', '', () => authApi.me());
  keep('status', '', () => sidebarApi.myStatus());
  keep('duty', '', () => sidebarApi.duty());
  if (inWecomClient()) {
    const here = location.href.split('#')[0] ?? location.href;
    keep('jssdk', here, () => sidebarApi.jssdkConfig(here));
  } else {
    const customer = q.get('customer');
    const entry = q.get('entry') ?? 'single_kf_tools';
    if (customer) keep('context', `${customer} ${entry}`, () => sidebarApi.context(customer, entry));
  }
}

// started as soon as this module runs, before the rest of the page's code
startFirstLoads();

/** The answer started for `key` (and `extra`: the customer and entry, or the page URL), once; else undefined. */
export function takeFirst<K extends keyof Loads>(key: K, extra = ''): Loads[K] | undefined {
  const id = `${key}:${extra}`;
  const p = started.get(id);
  started.delete(id);
  return p as Loads[K] | undefined;
}
