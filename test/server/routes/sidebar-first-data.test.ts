/**
 * @module The sidebar's HTML carries its first answers (`#first-data`): the same answers, under the same
 * session and scoping, as the page's own first requests — and nothing without a session, for a deep link, or
 * for a customer the agent may not see; an answer can never close the script element it is in.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { findConversation } from '../../../server/core/services/sidebar-context';

const KF = 'wkMoonshiftDemo01';
const XIAOMING = 'wmDemoCustomer0001';
const HOSTILE = '我要退款</script><script>alert(1)</script>\u2028';
const SHELL = '<!doctype html><html><head><title>sidebar</title></head><body><div id="app"></div></body></html>';
let p: TestProduct;
let lisi: string;
let sunqi: string;
let web: string;

async function page(cookie: string | undefined, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${p.url}/sidebar/${query}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
  const html = await res.text();
  const block = /<script type="application\/json" id="first-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  return { res, html, data: block === undefined ? undefined : JSON.parse(block) as Record<string, unknown> };
}

async function api(cookie: string, path: string): Promise<unknown> {
  const res = await fetch(`${p.url}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  p = await startProductWithShell();
  await p.sim.customerSend({ open_kfid: KF, external_userid: XIAOMING, nickname: '小明', msgtype: 'text', content: HOSTILE });
  await waitFor(async () => ((await p.deps.shared.uow.read((q) => findConversation(q, XIAOMING)))?.lastCustomerAt ?? 0) > 0 || undefined, { what: 'the conversation' });
  [lisi, sunqi] = await Promise.all([signIn(p.url, 'lisi'), signIn(p.url, 'sunqi')]);
});
afterAll(async () => { await p?.stop(); rmSync(web, { recursive: true, force: true }); });

/** A product whose web build is one sidebar shell, written before the server starts. */
async function startProductWithShell(): Promise<TestProduct> {
  web = mkdtempSync(join(tmpdir(), 'moonshift-shell-'));
  mkdirSync(join(web, 'sidebar'), { recursive: true });
  writeFileSync(join(web, 'sidebar', 'index.html'), SHELL);
  return startProduct({ WEB_DIST: web });
}

describe('the sidebar page with its first answers inlined', () => {
  it('carries who I am, my status, the roster and the customer\'s context — equal to the API\'s answers — and is never cached', async () => {
    const { res, data } = await page(lisi, `?customer=${XIAOMING}&tab=customer`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')?.toLowerCase()).toContain('cookie');
    expect(Object.keys(data ?? {}).sort()).toEqual(['context:wmDemoCustomer0001 single_kf_tools', 'duty:', 'me:', 'status:']);
    expect(data!['me:']).toEqual(await api(lisi, '/auth/me'));
    expect(data!['status:']).toEqual(await api(lisi, '/api/sidebar/me/status'));
    const { at: _at, ...duty } = data!['duty:'] as { at: number };
    const { at: _now, ...asked } = await api(lisi, '/api/sidebar/duty') as { at: number };
    expect(duty).toEqual(asked);
    const context = data!['context:wmDemoCustomer0001 single_kf_tools'] as { messages: { text?: string; intent?: string }[] };
    const askedContext = await api(lisi, `/api/sidebar/context?externalUserid=${XIAOMING}&entry=single_kf_tools`) as typeof context;
    expect(context.messages).toEqual(askedContext.messages);
    expect(context.messages.find((m) => m.text === HOSTILE)?.intent).toBeTruthy();
  });

  it('no answer can close the script element: the customer\'s hostile text stays data', async () => {
    const { html, data } = await page(lisi, `?customer=${XIAOMING}`);
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    const context = data!['context:wmDemoCustomer0001 single_kf_tools'] as { messages: { text?: string }[] };
    expect(context.messages.map((m) => m.text)).toContain(HOSTILE);
  });

  it('inlines nothing without a session, with a forged one, or for a duty manager\'s deep link', async () => {
    for (const [cookie, query] of [[undefined, `?customer=${XIAOMING}`], ['ms_session=forged', `?customer=${XIAOMING}`], [lisi, '?link=abc']] as const) {
      const { res, data, html } = await page(cookie, query);
      expect(res.status).toBe(200);
      expect(data).toBeUndefined();
      expect(html).toBe(SHELL);
      // a cookie that turns out not to be a session was still streamed as a page that could have carried data
      expect(res.headers.get('cache-control')).toBe(cookie === 'ms_session=forged' ? 'no-store' : 'no-cache');
    }
  });

  it('shows another team\'s agent nothing of the customer, and inlines no context inside the WeCom client (the SDK names the customer there)', async () => {
    // another team's agent: the same empty context the API gives them (no enumeration), nothing of the customer
    const other = await page(sunqi, `?customer=${XIAOMING}`);
    expect(other.data!['context:wmDemoCustomer0001 single_kf_tools']).toEqual(await api(sunqi, `/api/sidebar/context?externalUserid=${XIAOMING}&entry=single_kf_tools`));
    expect(other.data!['context:wmDemoCustomer0001 single_kf_tools']).toMatchObject({ conversation: null, messages: [], nickname: null });
    expect(other.html).not.toContain('我要退款');
    const wecom = await page(lisi, `?customer=${XIAOMING}`, { 'user-agent': 'Mozilla/5.0 wxwork/4.1.30 MicroMessenger/7.0.1' });
    expect(Object.keys(wecom.data ?? {}).sort()).toEqual(['duty:', 'me:', 'status:']);
  });
});
