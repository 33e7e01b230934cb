/**
 * @module Deterministic outbox ids. The same cause + action always gives the same id, so a replay of a
 * customer message plans the same rows (ignored on conflict) and WeCom sees the same send_msg msgid.
 */
import { createHash } from 'node:crypto';

/** ≤ 32 chars of [0-9a-zA-Z_-], as kf/send_msg requires. */
export function outboxId(cause: string, action: string): string {
  return `ms${createHash('sha256').update(`${cause}\u0000${action}`).digest('base64url').slice(0, 30)}`;
}
