/**
 * @module JS-SDK signatures for the sidebar: corp and app (agent_config) tickets cached within WeCom's
 * hourly limits (single-flight, refreshed early), and `sha1(jsapi_ticket&noncestr&timestamp&url)` via
 * the official `@wecom/crypto`. The URL's `#fragment` is dropped, as WeCom signs without it.
 */
import { getJsApiSignature } from '@wecom/crypto';
import type { Clock } from '../clock';
import { TokenCache } from './token-cache';
import type { WecomClient } from './client';

export interface JsSdkSignature { timestamp: number; nonceStr: string; signature: string }

export function signJsApi(ticket: string, url: string, nonceStr: string, timestamp: number): JsSdkSignature {
  const s = getJsApiSignature({ ticket, url: url.split('#')[0] ?? url, nonceStr, timestamp });
  return { timestamp: Number(s.timestamp), nonceStr: s.nonceStr, signature: s.signature };
}

export class JsSdkSigner {
  private readonly corp: TokenCache;
  private readonly agent: TokenCache;

  constructor(private readonly clock: Clock, wecom: Pick<WecomClient, 'getJsapiTicket' | 'getAgentConfigTicket'>) {
    this.corp = new TokenCache(clock, async () => {
      const r = await wecom.getJsapiTicket();
      return { value: r.ticket, expiresInSeconds: r.expires_in };
    });
    this.agent = new TokenCache(clock, async () => {
      const r = await wecom.getAgentConfigTicket();
      return { value: r.ticket, expiresInSeconds: r.expires_in };
    });
  }

  async sign(kind: 'config' | 'agentConfig', url: string, nonceStr: string): Promise<JsSdkSignature> {
    const ticket = await (kind === 'config' ? this.corp : this.agent).get();
    return signJsApi(ticket, url, nonceStr, Math.floor(this.clock.now() / 1000));
  }
}
