/**
 * @module Fault injection: latency, a seeded errcode rate, a specific errcode on the next N calls of a
 * path, dropped callbacks, a one-off empty `has_more=1` sync page and failing sends (msg_send_fail).
 * `faultMiddleware` applies the per-call faults to every `/cgi-bin/*` request.
 */
import type { MiddlewareHandler } from 'hono';
import { seededRandom as prng } from '../../shared/domain/random';
import { wxBody } from './wx';

export interface FaultSettings {
  latencyMs: number;
  errorRate: { rate: number; errcode: number; paths: string[] | null } | null;
  nextErrors: { path: string; errcode: number; remaining: number }[];
  dropCallbacks: number;
  syncEmptyHasMoreOnce: boolean;
  sendFail: { remaining: number; fail_type: number } | null;
}

export interface FaultInput {
  latencyMs?: number;
  errorRate?: { rate: number; errcode?: number; seed?: number; paths?: string[] } | null;
  nextErrors?: { path: string; errcode: number; count?: number }[];
  revokeTokens?: boolean;
  dropCallbacks?: number;
  syncEmptyHasMoreOnce?: boolean;
  sendFail?: { count?: number; fail_type?: number } | null;
}

/** API path as counted and matched by faults: the part after `/cgi-bin/`, e.g. `kf/send_msg`. */
export function apiPath(path: string): string {
  return path.replace(/^\/?(cgi-bin\/)?/, '').replace(/^\/+/, '');
}

export class Faults {
  settings: FaultSettings = Faults.empty();
  private rand: () => number;

  constructor(private readonly seed: number) {
    this.rand = prng(seed);
  }

  static empty(): FaultSettings {
    return { latencyMs: 0, errorRate: null, nextErrors: [], dropCallbacks: 0, syncEmptyHasMoreOnce: false, sendFail: null };
  }

  clear(): void {
    this.settings = Faults.empty();
    this.rand = prng(this.seed);
  }

  /** Merge new faults into the current ones (token revocation is handled by the caller). */
  apply(input: FaultInput): void {
    const s = this.settings;
    if (input.latencyMs !== undefined) s.latencyMs = input.latencyMs;
    if (input.errorRate !== undefined) {
      s.errorRate = input.errorRate && { rate: input.errorRate.rate, errcode: input.errorRate.errcode ?? -1, paths: input.errorRate.paths ?? null };
      if (input.errorRate?.seed !== undefined) this.rand = prng(input.errorRate.seed);
    }
    for (const e of input.nextErrors ?? []) s.nextErrors.push({ path: apiPath(e.path), errcode: e.errcode, remaining: e.count ?? 1 });
    if (input.dropCallbacks !== undefined) s.dropCallbacks = input.dropCallbacks;
    if (input.syncEmptyHasMoreOnce !== undefined) s.syncEmptyHasMoreOnce = input.syncEmptyHasMoreOnce;
    if (input.sendFail !== undefined) {
      s.sendFail = input.sendFail && { remaining: input.sendFail.count ?? 1, fail_type: input.sendFail.fail_type ?? 0 };
    }
  }

  /** The errcode to answer instead of running the handler, if any. */
  injectedError(path: string): number | null {
    const next = this.settings.nextErrors.find((e) => e.path === path && e.remaining > 0);
    if (next) {
      next.remaining -= 1;
      this.settings.nextErrors = this.settings.nextErrors.filter((e) => e.remaining > 0);
      return next.errcode;
    }
    const rate = this.settings.errorRate;
    if (rate && (rate.paths === null || rate.paths.map(apiPath).includes(path)) && this.rand() < rate.rate) return rate.errcode;
    return null;
  }

  takeDropCallback(): boolean {
    if (this.settings.dropCallbacks <= 0) return false;
    this.settings.dropCallbacks -= 1;
    return true;
  }

  takeSyncEmpty(): boolean {
    if (!this.settings.syncEmptyHasMoreOnce) return false;
    this.settings.syncEmptyHasMoreOnce = false;
    return true;
  }

  takeSendFail(): number | null {
    const f = this.settings.sendFail;
    if (!f || f.remaining <= 0) return null;
    f.remaining -= 1;
    if (f.remaining <= 0) this.settings.sendFail = null;
    return f.fail_type;
  }
}

export function faultMiddleware(faults: Faults): MiddlewareHandler {
  return async function injectFaults(c, next) {
    const { latencyMs } = faults.settings;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const errcode = faults.injectedError(apiPath(c.req.path));
    if (errcode !== null) return c.json(wxBody(errcode, 'injected by simulator'));
    await next();
  };
}
