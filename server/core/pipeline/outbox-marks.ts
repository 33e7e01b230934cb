/**
 * @module A send that never reached the customer must not count as given: its off-hours notice is taken out of
 * the conversation's notices (so the next message gets it), and a failed transfer offer clears the offer time
 * and the mute that came with it (so the customer is not muted without having been offered anything).
 */
import { eq } from 'drizzle-orm';
import type { OutboxRow } from '../../adapters/db/sqlite/schema/index';
import { first } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import type { OutboxPayload } from './outbox-intent';

/** In the caller's transaction (the outbox job's completion): undoes what `row` marked as given. */
export async function undoMarks(tx: Tx, row: OutboxRow, now: number): Promise<void> {
  let p: OutboxPayload;
  try { p = JSON.parse(row.payload) as OutboxPayload; } catch { return; }
  const marks = 'marks' in p ? p.marks : undefined;
  if (!marks) return;
  const { conversations } = tx.t;
  const conv = await first(tx.db.select({ id: conversations.id, noticesSent: conversations.noticesSent }).from(conversations)
    .where(eq(conversations.id, row.conversationId)).limit(1));
  if (!conv) return;
  let notices: string[] = [];
  try { notices = JSON.parse(conv.noticesSent) as string[]; } catch { /* keep empty */ }
  await tx.db.update(conversations).set({
    noticesSent: JSON.stringify(notices.filter((k) => k !== marks.noticeKey)),
    ...(marks.offer ? { transferOfferSentAt: null, mutedUntil: null } : {}),
    updatedAt: now,
  }).where(eq(conversations.id, conv.id));
}
