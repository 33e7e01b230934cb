import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../../server/db/index';
import { ManualClock } from '../../../server/clock';
import { conversations, messages, timers, type Conversation, type Message } from '../../../server/db/schema/index';
import { armEscalations, cancelEscalations } from '../../../server/escalation/arm';
import { SETTINGS } from '../../../server/config/catalogue';
import { writeSetting } from '../../../server/config/settings';

let dir: string;
let db: Db;
const clock = new ManualClock(new Date('2026-11-25T10:00:00+08:00').getTime());
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'moonshift-arm-')); db = openDb(join(dir, 'a.db')); });
afterEach(() => { db.$client.close(); rmSync(dir, { recursive: true, force: true }); });

function customerMessage(msgid: string, origin: 3 | 5 = 3): { conv: Conversation; msg: Message } {
  const now = clock.now();
  db.insert(conversations).values({ openKfid: 'wk', externalUserid: 'wm', createdAt: now, updatedAt: now }).onConflictDoNothing().run();
  const conv = db.select().from(conversations).get()!;
  const msg = db.insert(messages).values({ msgid, conversationId: conv.id, origin, msgtype: 'text', content: '{}', sendTime: Math.floor(now / 1000), receivedAt: now }).returning().get();
  return { conv, msg };
}
const pending = () => db.select().from(timers).all().filter((t) => t.status === 'pending').map((t) => t.kind).sort();

describe('arming escalations for the pipeline', () => {
  it('arms the 90 s stage once per unanswered stretch and ignores agent messages', () => {
    const a = customerMessage('m1');
    expect(armEscalations(db, { clock }, a.conv, a.msg)).toBe(1);
    const b = customerMessage('m2');
    expect(armEscalations(db, { clock }, b.conv, b.msg)).toBe(0);
    const c = customerMessage('m3', 5);
    expect(armEscalations(db, { clock }, c.conv, c.msg)).toBe(0);
    expect(db.select().from(timers).all()).toMatchObject([{ kind: 'esc.unanswered', dueAt: clock.now() + 90_000 }]);
  });

  it('cancels the pending escalation timers of the conversation on a human reply', () => {
    const a = customerMessage('m1');
    db.transaction((tx) => armEscalations(tx, { clock }, a.conv, a.msg));
    expect(db.transaction((tx) => cancelEscalations(tx, { clock }, a.conv.id))).toBe(1);
    expect(pending()).toEqual([]);
    expect(db.select().from(timers).get()).toMatchObject({ status: 'cancelled', outcome: 'human replied' });
  });

  it('follows the settings: delays, both stages at once when the silence stage is the shorter, off switch', () => {
    writeSetting(db, SETTINGS.escalation, { unansweredMs: 120_000, silenceMs: 60_000 }, { at: clock.now(), by: 'test' });
    const a = customerMessage('m1');
    expect(armEscalations(db, { clock }, a.conv, a.msg)).toBe(2);
    expect(pending()).toEqual(['esc.silence', 'esc.unanswered']);
    cancelEscalations(db, { clock }, a.conv.id);
    writeSetting(db, SETTINGS.escalation, { enabled: false }, { at: clock.now(), by: 'test' });
    const b = customerMessage('m2');
    expect(armEscalations(db, { clock }, b.conv, b.msg)).toBe(0);
  });

  it('counts only open hours when the calendar is respected (Friday 20:59 → Monday 09:01)', () => {
    writeSetting(db, SETTINGS.escalation, { respectCalendar: true }, { at: clock.now(), by: 'test' });
    clock.set('2026-11-27T20:59:30+08:00');
    const a = customerMessage('m1');
    armEscalations(db, { clock }, a.conv, a.msg);
    expect(new Date(db.select().from(timers).get()!.dueAt).toISOString()).toBe(new Date('2026-11-30T09:01:00+08:00').toISOString());
  });
});
