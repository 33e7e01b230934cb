/**
 * @module JS-SDK signatures for the sidebar: corp and app (agent_config) tickets from the client's token store
 * (shared by every instance: one fetch at a time, refreshed early — WeCom limits ticket calls per hour), and
 * `sha1(jsapi_ticket&noncestr&timestamp&url)` via the official `@wecom/crypto`. The URL's `#fragment` is dropped, as WeCom signs without it.
 */
import { getJsApiSignature } from '@wecom/crypto';
import type { Clock } from '../../app/clock';
import type { WecomClient } from './client';

export interface JsSdkSignature { timestamp: number; nonceStr: string; signature: string }

export function signJsApi(ticket: string, url: string, nonceStr: string, timestamp: number): JsSdkSignature {
  const s = getJsApiSignature({ ticket, url: url.split('#')[0] ?? url, nonceStr, timestamp });
  return { timestamp: Number(s.timestamp), nonceStr: s.nonceStr, signature: s.signature };
}

export class JsSdkSigner {
  constructor(private readonly clock: Clock, private readonly wecom: Pick<WecomClient, 'ticket'>) {}

  async sign(kind: 'config' | 'agentConfig', url: string, nonceStr: string): Promise<JsSdkSignature> {
    const ticket = await this.wecom.ticket(kind);
    return signJsApi(ticket, url, nonceStr, Math.floor(this.clock.now() / 1000));
  }
}
