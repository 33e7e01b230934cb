/** @module Settling sent-but-unconfirmed demo messages against the live transcript. */
import { describe, it, expect } from 'vitest';
import { reconcilePending, type PendingMessage } from '../../web/src/stores/demoChatPending';
import type { TranscriptItem } from '../../web/src/common/api/demo';

const item = (id: string, text: string, from: TranscriptItem['from'] = 'customer'): TranscriptItem =>
  ({ id, from, msgtype: 'text', text, at: 0 });

describe('reconcilePending', () => {
  it('settles a pending message by its msgid', () => {
    const p: PendingMessage[] = [{ localId: 'l1', text: 'hi', msgid: 'abc', knownIds: [] }];
    expect(reconcilePending(p, [item('abc', 'hi')])).toEqual([]);
  });

  it('settles by text only with a customer item that is new since sending', () => {
    const p: PendingMessage[] = [{ localId: 'l1', text: 'hi', knownIds: ['old'] }];
    expect(reconcilePending(p, [item('old', 'hi')])).toHaveLength(1);
    expect(reconcilePending(p, [item('old', 'hi'), item('bot1', 'hi', 'bot')])).toHaveLength(1);
    expect(reconcilePending(p, [item('old', 'hi'), item('new', 'hi')])).toEqual([]);
  });

  it('lets one transcript item settle only one of two identical pending messages', () => {
    const p: PendingMessage[] = [
      { localId: 'l1', text: 'hi', knownIds: [] },
      { localId: 'l2', text: 'hi', knownIds: [] },
    ];
    expect(reconcilePending(p, [item('a', 'hi')]).map((x) => x.localId)).toEqual(['l2']);
  });
});
