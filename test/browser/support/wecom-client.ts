/**
 * @module A fake of the WeCom client around a page, for browser tests of the real `@wecom/jssdk` adapter: a
 * `wxwork/<version>` user agent, and a `window.WeixinJSBridge` whose `invoke(name, params, callback)` is answered
 * here, in the test process, as the client's native side would. Modelled on what the pinned SDK (2.4.4,
 * dist/wecom.js) sends: `preVerifyJSAPI` (only clients before 3.0.24) and `agentConfig` with the page's
 * signatures, then each API with the `verify*` parameters of the registration appended. Signatures are checked
 * the way the client checks them: `sha1("jsapi_ticket=…&noncestr=…&timestamp=…&url=…")` over the ticket in force,
 * fetched from the simulator, and the page URL without its `#fragment`. Only the documented `ww.*` payloads pass.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { z } from 'zod';

export interface FakeClientOptions {
  /** e.g. `4.1.36`; before 3.0.24 the SDK also sends the corp `config` (preVerifyJSAPI) */
  version: string;
  /** what `getContext` answers */
  entry: string;
  /** what `getCurExternalContact` answers */
  externalUserid: string;
  corpId: string;
  agentId: number;
  /** the simulator's base URL and the app secret, to read the tickets in force */
  simUrl: string;
  secret: string;
}

/** One bridge call as the client received it (the SDK's `verify*` parameters split off). */
export interface BridgeCall { doc: string; name: string; params: Record<string, unknown>; verify: Record<string, unknown>; answer: Record<string, unknown> }

const VERIFY_KEYS = ['appId', 'verifyAppId', 'verifySignType', 'verifyTimestamp', 'verifyNonceStr', 'verifySignature'];

/** The documented `sendChatMessage` payloads the sidebar may use (SDK types: TextMessage, MenuMessage). */
const SendChatMessage = z.union([
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string().min(1) }).strict() }).strict(),
  z.object({
    msgtype: z.literal('msgmenu'),
    msgmenu: z.object({
      head_content: z.string(),
      list: z.array(z.union([
        z.object({ type: z.literal('click'), click: z.object({ id: z.string().min(1), content: z.string().min(1) }).strict() }).strict(),
        z.object({ type: z.literal('view'), view: z.object({ url: z.url(), content: z.string().min(1) }).strict() }).strict(),
        z.object({ type: z.literal('miniprogram'), miniprogram: z.object({ appid: z.string().min(1), page: z.string().min(1), content: z.string().min(1) }).strict() }).strict(),
      ])),
    }).strict(),
  }).strict(),
]);

/** Entries that have an external contact (`getCurExternalContact`), and the one that may send menus. */
const CONTACT_ENTRIES = new Set(['single_kf_tools', 'single_chat_tools', 'contact_profile']);

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const older = (a: string, b: string) => {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
};

export class FakeWecomClient {
  readonly calls: BridgeCall[] = [];
  /** per page load: the registrations the client accepted */
  private readonly docs = new Map<string, { corp?: { jsApiList: string[] }; agent?: { jsApiList: string[]; verify: Record<string, unknown> } }>();

  constructor(readonly opts: FakeClientOptions) {}

  get userAgent(): string {
    return `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) wxwork/${this.opts.version} MicroMessenger/7.0.1 Language/zh ColorScheme/Light`;
  }

  /** The `sendChatMessage` payloads the client accepted, in order. */
  sent(): Record<string, unknown>[] {
    return this.calls.filter((c) => c.name === 'sendChatMessage' && c.answer.err_msg === 'sendChatMessage:ok').map((c) => c.params);
  }

  /** Puts the page inside this client: user agent, bridge, native side. Call before the first `goto`. */
  async attach(page: Page): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setUserAgentOverride', { userAgent: this.userAgent });
    await page.exposeFunction('__wecomNative', (doc: string, name: string, params: Record<string, unknown>, href: string) =>
      this.invoke(doc, name, params, href));
    await page.addInitScript(() => {
      const doc = crypto.randomUUID();
      const native = (window as unknown as { __wecomNative(doc: string, name: string, params: unknown, href: string): Promise<unknown> }).__wecomNative;
      (window as unknown as { WeixinJSBridge: unknown }).WeixinJSBridge = {
        invoke(name: string, params: unknown, callback: (res: unknown) => void) {
          void native(doc, name, params ?? {}, location.href).then(callback, (err: unknown) => callback({ err_msg: `${name}:fail ${String(err)}` }));
        },
        on() { /* no client events in these tests */ },
      };
      document.dispatchEvent(new Event('WeixinJSBridgeReady'));
    });
  }

  private async tickets(): Promise<{ corp: string; agent: string }> {
    const { opts } = this;
    const get = async (path: string) => (await (await fetch(`${opts.simUrl}/cgi-bin/${path}`)).json()) as Record<string, unknown>;
    const token = (await get(`gettoken?corpid=${opts.corpId}&corpsecret=${encodeURIComponent(opts.secret)}`)).access_token as string;
    const corp = (await get(`get_jsapi_ticket?access_token=${token}`)).ticket as string;
    const agent = (await get(`ticket/get?type=agent_config&access_token=${token}`)).ticket as string;
    return { corp, agent };
  }

  private signed(ticket: string, nonce: unknown, timestamp: unknown, href: string, signature: unknown): boolean {
    const url = href.split('#')[0] ?? href;
    return typeof signature === 'string' && signature === sha1(`jsapi_ticket=${ticket}&noncestr=${String(nonce)}&timestamp=${String(timestamp)}&url=${url}`);
  }

  private async invoke(doc: string, name: string, raw: Record<string, unknown>, href: string): Promise<Record<string, unknown>> {
    const params = Object.fromEntries(Object.entries(raw).filter(([k]) => !VERIFY_KEYS.includes(k)));
    const verify = Object.fromEntries(Object.entries(raw).filter(([k]) => VERIFY_KEYS.includes(k)));
    const answer = await this.answer(doc, name, raw, params, verify, href);
    this.calls.push({ doc, name, params, verify, answer });
    return answer;
  }

  private async answer(doc: string, name: string, raw: Record<string, unknown>, params: Record<string, unknown>,
    verify: Record<string, unknown>, href: string): Promise<Record<string, unknown>> {
    const { opts } = this;
    const state = this.docs.get(doc) ?? {};
    this.docs.set(doc, state);
    const fail = (why: string) => ({ err_msg: `${name}:fail ${why}` });
    if (name === 'preVerifyJSAPI') {
      const ok = raw.appId === opts.corpId && raw.verifySignType === 'sha1'
        && this.signed((await this.tickets()).corp, raw.verifyNonceStr, raw.verifyTimestamp, href, raw.verifySignature);
      if (!ok) return { err_msg: 'config:invalid signature' };
      state.corp = { jsApiList: (raw.verifyJsApiList as string[] | undefined) ?? [] };
      return { err_msg: 'config:ok' };
    }
    if (name === 'agentConfig') {
      if (older(opts.version, '3.0.24') && !state.corp) return fail('config first');
      const ok = raw.corpid === opts.corpId && raw.agentid === String(opts.agentId)
        && this.signed((await this.tickets()).agent, raw.nonceStr, raw.timestamp, href, raw.signature);
      if (!ok) return { err_msg: 'agentConfig:invalid signature' };
      state.agent = {
        jsApiList: (raw.jsApiList as string[] | undefined) ?? [],
        verify: { appId: raw.corpid, verifyAppId: raw.corpid, verifySignType: 'sha1', verifyTimestamp: raw.timestamp, verifyNonceStr: raw.nonceStr, verifySignature: raw.signature },
      };
      return { err_msg: 'agentConfig:ok' };
    }
    // every chat API needs the app identity (agentConfig) of this page, listed in its jsApiList
    const agent = state.agent;
    if (!agent || !agent.jsApiList.includes(name) || VERIFY_KEYS.some((k) => verify[k] !== agent.verify[k])) return fail('no permission');
    if (name === 'getContext') return { err_msg: 'getContext:ok', entry: opts.entry, shareTicket: '' };
    if (name === 'getCurExternalContact') {
      return CONTACT_ENTRIES.has(opts.entry) ? { err_msg: 'getCurExternalContact:ok', userId: opts.externalUserid } : fail('without context of external contact');
    }
    if (name === 'sendChatMessage') {
      if (!CONTACT_ENTRIES.has(opts.entry)) return fail('without context of external contact');
      if (!SendChatMessage.safeParse(params).success) return fail('invalid params');
      if (params.msgtype === 'msgmenu' && opts.entry !== 'single_kf_tools') return fail('msgmenu only in single_kf_tools');
      return { err_msg: 'sendChatMessage:ok' };
    }
    return fail('not supported by this fake');
  }
}
