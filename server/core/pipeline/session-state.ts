/**
 * @module Session-state truth: Moonshift's picture of WeCom's session (states 0–4) and when to distrust it.
 * WeCom ends a session 48 h after it began, or when an agent or the API ends it, and sends NO event when the
 * 48 h lapse; the customer's next message then opens a new state-0 session (doc 94669 「分配客服会话」). So when
 * the local state is 2/3/4 and may be stale — the session is older than 48 h, it ended, or WeCom refused a send —
 * ask `kf/service_state/get`: one customer per call, a few calls at once, answers cached per conversation for a
 * moment. Always before a storing transaction, never inside one.
 */
import pLimit from 'p-limit';
import type { CoreDeps } from '../../app/deps';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import type { ServiceState } from '../../../shared/domain/vocabulary';
import { WecomError } from '../errors';

/** A WeCom session lasts 48 h from its start (doc 94669). */
export const SESSION_MS = 48 * 3_600_000;
/** How long an answer of service_state/get is reused for the same conversation (a burst of messages asks once). */
const CACHE_MS = 2_000;
/** service_state/get calls in flight at once. */
const CONCURRENCY = 4;

export interface FreshState { state: ServiceState; servicerUserid: string | null; at: number }

/** Whether a new customer message should make us ask WeCom before deciding. */
export function mayBeStale(c: Pick<Conversation, 'serviceState' | 'stateStale' | 'sessionStartedAt'>, now: number): boolean {
  if (c.stateStale) return true;
  if (c.serviceState === 0 || c.serviceState === 1) return false;
  return c.serviceState === 4 || c.sessionStartedAt == null || now - c.sessionStartedAt > SESSION_MS;
}

/**
 * WeCom's documented rule, for when we could not ask: a customer message after an end or after the 48 h
 * lapse opens a new session in state 0.
 */
export function opensNewSession(c: Pick<Conversation, 'serviceState' | 'sessionStartedAt'>, messageAt: number): boolean {
  return c.serviceState === 4 || c.sessionStartedAt == null || messageAt - c.sessionStartedAt > SESSION_MS;
}

export class StateRefresher {
  private readonly cache = new Map<string, FreshState>();
  private readonly limit = pLimit(CONCURRENCY);
  /** service_state/get calls made (diagnostics, benchmark). */
  calls = 0;

  constructor(private readonly d: Pick<CoreDeps, 'wecom' | 'clock' | 'log'>, readonly enabled = true) {}

  /** Asks WeCom for one customer's state (cached briefly); undefined when WeCom could not be asked. */
  async fetch(openKfid: string, externalUserid: string): Promise<FreshState | undefined> {
    if (!this.enabled) return undefined;
    const key = `${openKfid}\u0000${externalUserid}`;
    const hit = this.cache.get(key);
    if (hit && this.d.clock.now() - hit.at < CACHE_MS) return hit;
    return this.limit(async () => {
      try {
        this.calls++;
        const r = await this.d.wecom.getServiceState(openKfid, externalUserid);
        const fresh: FreshState = { state: r.service_state as ServiceState, servicerUserid: r.servicer_userid || null, at: this.d.clock.now() };
        if (this.cache.size > 10_000) this.cache.clear();
        this.cache.set(key, fresh);
        return fresh;
      } catch (err) {
        this.d.log.warn({ errcode: err instanceof WecomError ? err.errcode : undefined, err: err instanceof Error ? err.message : String(err) },
          'service_state/get failed; deciding on the documented session rules');
        return undefined;
      }
    });
  }

  /** Forget a cached answer (our own move changed the state). */
  forget(openKfid: string, externalUserid: string): void {
    this.cache.delete(`${openKfid}\u0000${externalUserid}`);
  }

  /** Fresh states for the conversations that need one, keyed `open_kfid\0external_userid`. */
  async fetchMany(targets: { openKfid: string; externalUserid: string }[]): Promise<Map<string, FreshState>> {
    const out = new Map<string, FreshState>();
    await Promise.all(targets.map(async (t) => {
      const f = await this.fetch(t.openKfid, t.externalUserid);
      if (f) out.set(`${t.openKfid}\u0000${t.externalUserid}`, f);
    }));
    return out;
  }
}
