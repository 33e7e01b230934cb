/**
 * @module Signed, expiring tokens that name one record: `<id>.<expiry, unix s>.<HMAC-SHA256, base64url>`, keyed
 * by the session secret and bound to a purpose (an appointment-form token never opens a conversation view, and
 * back). Verification says why a token is refused — malformed, tampered, expired — without touching a database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type IdTokenCheck =
  | { ok: true; id: number; expiresAt: number }
  | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

function mac(secret: string, purpose: string, id: number, expSec: number): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${id}\u0000${expSec}`).digest('base64url');
}

export function signIdToken(secret: string, purpose: string, id: number, expiresAt: number): string {
  const exp = Math.floor(expiresAt / 1000);
  return `${id}.${exp}.${mac(secret, purpose, id, exp)}`;
}

export function verifyIdToken(secret: string, purpose: string, token: string, now: number): IdTokenCheck {
  const m = /^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const id = Number(m[1]), exp = Number(m[2]);
  const expected = Buffer.from(mac(secret, purpose, id, exp));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  if (exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, id, expiresAt: exp * 1000 };
}
