/**
 * @module Ports for state every instance must share: WeCom credentials (one refresh at a time cluster-wide),
 * rate limits (booking, duty-manager alerts) and replay memory (callback nonces, repeated requests).
 *
 * @example
 *   const token = await tokens.get(`${corpId}:app`, () => wecom.gettoken());       // { value, expiresInMs }
 *   // inside uow.run:
 *   const { allowed } = await limits.hit(tx, `alert:${userid}`, { limit: 30, windowMs: 60_000 });
 *   if (!(await replays.firstSighting(tx, 'callback', `${timestamp}:${nonce}`, 300_000))) return replayed();
 */
import type { Tx } from './unit-of-work';

export interface FetchedToken { value: string; expiresInMs: number }

export interface TokenStore {
  /** A valid value for `name`; when none, one instance fetches (the others wait for it) — never two at once. */
  get(name: string, fetch: () => Promise<FetchedToken>): Promise<string>;
  /** WeCom refused `value` (40014, 42001): forget it, unless another instance already replaced it. */
  invalidate(name: string, value: string): Promise<void>;
}

/** No token can be had now: WeCom's frequency limit (45009) was hit and its backoff runs until `until`. */
export class TokenUnavailableError extends Error {
  readonly code = 'token_unavailable';
  constructor(readonly tokenName: string, readonly until: number) { super(`no ${tokenName} token before ${new Date(until).toISOString()} (WeCom frequency limit)`); }
}

export interface RateLimitRule { limit: number; windowMs: number }
export interface RateLimitResult { allowed: boolean; count: number; resetAt: number }

export interface RateLimiter {
  /** Counts one hit on `bucket` in the current fixed window (the hit counts even when refused). */
  hit(tx: Tx, bucket: string, rule: RateLimitRule): Promise<RateLimitResult>;
}

export interface ReplayMemory {
  /** True the first time `key` is seen in `scope` within `ttlMs`; false for a replay. */
  firstSighting(tx: Tx, scope: string, key: string, ttlMs: number): Promise<boolean>;
}

/**
 * Work that one instance at a time may do for a key (e.g. pulling one 微信客服 account's messages): `run` waits until
 * no other holder of `key` — in this process or, on PostgreSQL, in any instance — is inside, then runs `fn`.
 * A holder that dies releases the key with its connection.
 */
export interface KeyedLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}
