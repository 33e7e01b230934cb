/**
 * @module The sidebar's first answers, inlined into its HTML (a JSON block, `#first-data`) so the page shows my
 * status and the customer's intent without waiting for its first requests: who I am, my status, the duty roster
 * and — outside the WeCom client, where the URL names the customer — the customer's context. Each is asked of the
 * app itself with the page request's cookie, so the route table, scoping and answers are exactly those of the
 * page's own requests (web/src/sidebar/first-loads.ts, which uses the same keys). The page is streamed: its head
 * (scripts, preloads) goes out at once and the block follows when the answers are there, before `</body>` — module
 * scripts run only after the whole document is parsed, so they always find it. Only 2xx answers are inlined;
 * without a session (a 401) or on any failure nothing is, and the page asks as before. The JS-SDK signature is
 * not inlined: it signs the URL the browser sees, which a proxy in front of the server may change.
 */
import type { Context } from 'hono';

/** One request to the app with the page request's environment (client address), as `app.request` does it. */
export type AppRequest = (path: string, init: RequestInit, env: unknown) => Response | Promise<Response>;

/** `key:extra` (first-loads' keys) → the 2xx JSON answer. */
export type FirstData = Record<string, unknown>;

const WECOM_CLIENT = /wxwork/i;

/** The paths the page would ask first, by first-loads' key; none for a duty manager's link or inside WeCom's customer view. */
function firstRequests(url: URL, userAgent: string): [key: string, path: string][] {
  if (url.searchParams.get('link')) return [];
  const asks: [string, string][] = [['me:', '/auth/me'], ['status:', '/api/sidebar/me/status'], ['duty:', '/api/sidebar/duty']];
  const customer = url.searchParams.get('customer');
  if (customer && !WECOM_CLIENT.test(userAgent)) {
    const entry = url.searchParams.get('entry') ?? 'single_kf_tools';
    const q = new URLSearchParams({ externalUserid: customer });
    if (entry) q.set('entry', entry);
    asks.push([`context:${customer} ${entry}`, `/api/sidebar/context?${q.toString()}`]);
  }
  return asks;
}

/** The answers for this page request, or `undefined` at once when there is nothing to ask (no session cookie, a deep link). */
export function sidebarFirstData(request: AppRequest) {
  return function firstData(c: Context): Promise<FirstData | undefined> | undefined {
    const cookie = c.req.header('cookie');
    const asks = cookie ? firstRequests(new URL(c.req.url), c.req.header('user-agent') ?? '') : [];
    if (!cookie || asks.length === 0) return undefined; // no session (the page signs in first) or a deep link
    const headers: Record<string, string> = { cookie, accept: 'application/json' };
    for (const h of ['user-agent', 'accept-language', 'x-forwarded-for', 'x-real-ip']) {
      const v = c.req.header(h);
      if (v) headers[h] = v;
    }
    return (async () => {
      const answers = await Promise.all(asks.map(async ([key, path]) => {
        try {
          const res = await request(path, { headers }, c.env);
          return res.ok ? [key, await res.json()] as const : undefined;
        } catch {
          return undefined;
        }
      }));
      if (!answers[0]) return undefined; // not signed in (or no longer): the page's own requests handle it
      return Object.fromEntries(answers.filter((a) => a !== undefined));
    })();
  };
}

/** The JSON block for the HTML: `<` escaped, so no answer can close the script element. */
export function firstDataBlock(data: FirstData): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="first-data">${json}</script>`;
}
