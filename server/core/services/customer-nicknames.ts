/**
 * @module Customer nicknames for the sidebar, cached for a few minutes per external_userid: 微信客服 customers
 * through the pipeline's own SQLite cache of `kf/customer/batchget` (`engine/customers.ts`, the one lookup
 * templates use too), 客户联系 contacts (`single_chat_tools`) via `externalcontact/get`. A failure caches
 * "unknown" briefly.
 */
import { lookUpCustomerNickname } from '../engine/customers';
import type { CoreDeps } from '../../app/deps';
import { WecomError } from '../errors';

/** `kf`: a 微信客服 customer (single_kf_tools); `contact`: a 客户联系 external contact (single_chat_tools). */
export type CustomerKind = 'kf' | 'contact';

const TTL_MS = 5 * 60_000;
const MISS_TTL_MS = 30_000;

export class NicknameCache {
  private readonly entries = new Map<string, { nickname: string | null; expires: number }>();
  private readonly inflight = new Map<string, Promise<string | null>>();

  constructor(private readonly d: Pick<CoreDeps, 'shared' | 'wecom' | 'clock' | 'log'>) {}

  async get(externalUserid: string, kind: CustomerKind = 'kf'): Promise<string | null> {
    const key = `${kind}:${externalUserid}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.d.clock.now()) return hit.nickname;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.fetch(externalUserid, kind, key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async fetch(externalUserid: string, kind: CustomerKind, key: string): Promise<string | null> {
    let nickname: string | null = null;
    try {
      if (kind === 'kf') {
        nickname = (await lookUpCustomerNickname(this.d, externalUserid)) || null;
      } else {
        const name = (await this.d.wecom.getExternalContact(externalUserid)).external_contact.name;
        nickname = typeof name === 'string' && name !== '' ? name : null;
      }
    } catch (err) {
      // "not a customer of ours / not active in 48 h" is an answer, not a fault
      const expected = err instanceof WecomError && [84061, 40096, 95000].includes(err.errcode);
      this.d.log[expected ? 'debug' : 'warn']({ err, externalUserid, kind }, 'customer nickname lookup failed');
    }
    if (this.entries.size > 5_000) this.entries.clear();
    this.entries.set(key, { nickname, expires: this.d.clock.now() + (nickname ? TTL_MS : MISS_TTL_MS) });
    return nickname;
  }
}
