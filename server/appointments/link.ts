/**
 * @module Signed, expiring appointment-form links: `/f/<conversationId>.<expiry>.<HMAC-SHA256>` keyed by the
 * session secret. `appointmentLink` is what the engine's `{{form_link}}` renders; `verifyFormToken` says why
 * a token is refused (malformed, tampered, expired) without touching the database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CoreDeps } from '../deps';
import { baseUrl } from '../pages/walls';

const DEFAULT_TTL_MS = 72 * 3_600_000;

function sign(secret: string, conversationId: number, expSec: number): string {
  return createHmac('sha256', secret).update(`appointment-form\u0000${conversationId}\u0000${expSec}`).digest('base64url');
}

export function formToken(secret: string, conversationId: number, expiresAt: number): string {
  const exp = Math.floor(expiresAt / 1000);
  return `${conversationId}.${exp}.${sign(secret, conversationId, exp)}`;
}

/** The customer's form URL for a conversation, valid for `ttlMs` (default 72 h). */
export function appointmentLink(d: Pick<CoreDeps, 'config' | 'clock'>, conversationId: number, ttlMs = DEFAULT_TTL_MS): string {
  return `${baseUrl(d)}/f/${formToken(d.config.sessionSecret, conversationId, d.clock.now() + ttlMs)}`;
}

export type TokenCheck =
  | { ok: true; conversationId: number; expiresAt: number }
  | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

export function verifyFormToken(secret: string, token: string, now: number): TokenCheck {
  const m = /^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const conversationId = Number(m[1]), exp = Number(m[2]);
  const expected = Buffer.from(sign(secret, conversationId, exp));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  if (exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, conversationId, expiresAt: exp * 1000 };
}
