/**
 * @module JS-SDK signatures for the sidebar: corp and app (agent_config) tickets kept in the token store (shared
 * by every instance: one fetch at a time, refreshed early — WeCom limits ticket calls per hour), and `sha1(jsapi_ticket&noncestr&timestamp&url)` via
 * the official `@wecom/crypto`. The URL's `#fragment` is dropped, as WeCom signs without it.
 */
import { getJsApiSignature } from '@wecom/crypto';
import type { Clock } from '../clock';
import type { TokenStore } from '../core/ports/shared-state';
import type { WecomClient } from './client';

export interface JsSdkSignature { timestamp: number; nonceStr: string; signature: string }

export function signJsApi(ticket: string, url: string, nonceStr: string, timestamp: number): JsSdkSignature {
  const s = getJsApiSignature({ ticket, url: url.split('#')[0] ?? url, nonceStr, timestamp });
  return { timestamp: Number(s.timestamp), nonceStr: s.nonceStr, signature: s.signature };
}

type TicketSource = Pick<WecomClient, 'corpId' | 'agentId' | 'getJsapiTicket' | 'getAgentConfigTicket'>;

export class JsSdkSigner {
  constructor(private readonly clock: Clock, private readonly wecom: TicketSource, private readonly tokens: TokenStore) {}

  /** The corp ticket (wx.config) or the app's (wx.agentConfig), from the store or fetched by one caller. */
  private ticket(kind: 'config' | 'agentConfig'): Promise<string> {
    const w = this.wecom;
    const [name, fetch] = kind === 'config'
      ? [`${w.corpId}:jsapi_ticket`, () => w.getJsapiTicket()]
      : [`${w.corpId}:agent_config_ticket:${w.agentId}`, () => w.getAgentConfigTicket()];
    return this.tokens.get(name, async () => {
      const r = await fetch();
      return { value: r.ticket, expiresInMs: r.expires_in * 1000 };
    });
  }

  async sign(kind: 'config' | 'agentConfig', url: string, nonceStr: string): Promise<JsSdkSignature> {
    const ticket = await this.ticket(kind);
    return signJsApi(ticket, url, nonceStr, Math.floor(this.clock.now() / 1000));
  }
}
