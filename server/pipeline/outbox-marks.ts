/**
 * @module A send that never reached the customer must not count as given: its off-hours notice is taken out of
 * the conversation's notices (so the next message gets it), and a failed transfer offer clears the offer time
 * and the mute that came with it (so the customer is not muted without having been offered anything).
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, type OutboxRow } from '../db/schema/index';
import type { OutboxPayload } from './outbox-intent';

export function undoMarks(d: Pick<CoreDeps, 'db' | 'clock'>, row: OutboxRow): void {
  let p: OutboxPayload;
  try { p = JSON.parse(row.payload) as OutboxPayload; } catch { return; }
  const marks = 'marks' in p ? p.marks : undefined;
  if (!marks) return;
  d.db.transaction((tx) => {
    const conv = tx.select().from(conversations).where(eq(conversations.id, row.conversationId)).get();
    if (!conv) return;
    let notices: string[] = [];
    try { notices = JSON.parse(conv.noticesSent) as string[]; } catch { /* keep empty */ }
    tx.update(conversations).set({
      noticesSent: JSON.stringify(notices.filter((k) => k !== marks.noticeKey)),
      ...(marks.offer ? { transferOfferSentAt: null, mutedUntil: null } : {}),
      updatedAt: d.clock.now(),
    }).where(eq(conversations.id, conv.id)).run();
  });
}
