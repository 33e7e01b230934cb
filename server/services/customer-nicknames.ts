/**
 * @module Customer nicknames via `kf/customer/batchget`, cached for a few minutes per external_userid
 * (WeCom only answers for customers active in the last 48 h; a failure caches "unknown" briefly).
 */
import type { CoreDeps } from '../deps';

const TTL_MS = 5 * 60_000;
const MISS_TTL_MS = 30_000;

export class NicknameCache {
  private readonly entries = new Map<string, { nickname: string | null; expires: number }>();
  private readonly inflight = new Map<string, Promise<string | null>>();

  constructor(private readonly d: Pick<CoreDeps, 'wecom' | 'clock' | 'log'>) {}

  async get(externalUserid: string): Promise<string | null> {
    const hit = this.entries.get(externalUserid);
    if (hit && hit.expires > this.d.clock.now()) return hit.nickname;
    const running = this.inflight.get(externalUserid);
    if (running) return running;
    const p = this.fetch(externalUserid).finally(() => this.inflight.delete(externalUserid));
    this.inflight.set(externalUserid, p);
    return p;
  }

  private async fetch(externalUserid: string): Promise<string | null> {
    let nickname: string | null = null;
    try {
      const r = await this.d.wecom.batchgetCustomers([externalUserid]);
      nickname = r.customer_list.find((c) => c.external_userid === externalUserid)?.nickname || null;
    } catch (err) {
      this.d.log.warn({ err, externalUserid }, 'customer nickname lookup failed');
    }
    if (this.entries.size > 5_000) this.entries.clear();
    this.entries.set(externalUserid, { nickname, expires: this.d.clock.now() + (nickname ? TTL_MS : MISS_TTL_MS) });
    return nickname;
  }
}
