import { describe, expect, it } from 'vitest';
import { lanesOf } from '../../../server/core/pipeline/store-page';
import type { KfMessage } from '../../../server/channels/wecom-kf/types';

const text = (msgid: string, customer: string): KfMessage => ({ msgid, open_kfid: 'wkA', external_userid: customer, send_time: 1, origin: 3, msgtype: 'text', text: { content: msgid } });
const event = (msgid: string, e: Record<string, unknown>): KfMessage => ({ msgid, open_kfid: 'wkA', send_time: 1, origin: 4, msgtype: 'event', event: e });

describe('a page split into lanes', () => {
  it('keeps each customer in one lane in the page\'s order, the customer going to the lane with the fewest messages so far', () => {
    const page = [text('a1', 'A'), text('b1', 'B'), text('a2', 'A'), text('c1', 'C'), event('e1', { event_type: 'enter_session', external_userid: 'D' }), text('a3', 'A'), text('d1', 'D')];
    const lanes = lanesOf(page, 3)!;
    expect(lanes.map((l) => l.map((m) => m.msgid))).toEqual([['a1', 'a2', 'a3'], ['b1', 'e1', 'd1'], ['c1']]);
    expect(lanesOf(page.slice(0, 3), 8)!.map((l) => l.length)).toEqual([2, 1]); // never more lanes than customers
  });

  it('gives none when an event concerns no customer: what follows it in the page must see it', () => {
    expect(lanesOf([text('a1', 'A'), event('s1', { event_type: 'servicer_status_change', servicer_userid: 'zhangsan', status: 2 }), text('b1', 'B')], 4)).toBeUndefined();
  });
});
