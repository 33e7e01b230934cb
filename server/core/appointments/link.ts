/**
 * @module Signed, expiring appointment-form links: `/f/<conversationId>.<expiry>.<HMAC-SHA256>` (the shared
 * signed-id token, purpose `appointment-form`). `appointmentLink` is what the engine's `{{form_link}}` renders;
 * `verifyFormToken` says why a token is refused (malformed, tampered, expired) without touching the database.
 */
import type { CoreDeps } from '../../app/deps';
import { baseUrl } from '../walls/walls';
import { signIdToken, verifyIdToken } from '../access/signed-id-token';

const PURPOSE = 'appointment-form';
const DEFAULT_TTL_MS = 72 * 3_600_000;

export function formToken(secret: string, conversationId: number, expiresAt: number): string {
  return signIdToken(secret, PURPOSE, conversationId, expiresAt);
}

/** The customer's form URL for a conversation, valid for `ttlMs` (default 72 h). */
export function appointmentLink(d: Pick<CoreDeps, 'config' | 'clock'>, conversationId: number, ttlMs = DEFAULT_TTL_MS): string {
  return `${baseUrl(d)}/f/${formToken(d.config.sessionSecret, conversationId, d.clock.now() + ttlMs)}`;
}

export type TokenCheck =
  | { ok: true; conversationId: number; expiresAt: number }
  | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

export function verifyFormToken(secret: string, token: string, now: number): TokenCheck {
  const t = verifyIdToken(secret, PURPOSE, token, now);
  return t.ok ? { ok: true, conversationId: t.id, expiresAt: t.expiresAt } : t;
}
