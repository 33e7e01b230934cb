/**
 * @module Messages the demo customer has sent that the transcript does not show yet. Pure functions: a pending
 * message is settled by the transcript item with its msgid, or (when the id scheme differs or the 202 has not
 * come back yet) by a new customer item with the same text that was not in the transcript when it was sent.
 */
import type { TranscriptItem } from '../common/api/demo';

export interface PendingMessage {
  localId: string;
  text: string;
  menuId?: string;
  msgid?: string;
  /** transcript ids present when the message was sent */
  knownIds: string[];
}

export function reconcilePending(pending: readonly PendingMessage[], messages: readonly TranscriptItem[]): PendingMessage[] {
  const used = new Set<string>();
  return pending.filter((p) => {
    const hit = messages.find(
      (m) => !used.has(m.id) && (m.id === p.msgid || (m.from === 'customer' && m.text === p.text && !p.knownIds.includes(m.id))),
    );
    if (hit) used.add(hit.id);
    return !hit;
  });
}
