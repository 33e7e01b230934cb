import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../../server/adapters/db/sqlite/index';
import { ManualClock } from '../../../server/app/clock';
import { conversations, messages, timers, type Conversation, type Message } from '../../../server/adapters/db/sqlite/schema/index';
import { armEscalations, cancelEscalations } from '../../../server/core/escalation/arm';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { writeSettingIn } from '../../../server/core/config/settings';
import { sqliteUnitOfWorkOn } from '../../../server/adapters/db/sqlite/unit-of-work';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';

let dir: string;
let db: Db;
let uow: UnitOfWork;
const clock = new ManualClock(new Date('2026-11-25T10:00:00+08:00').getTime());
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'moonshift-arm-')); db = openDb(join(dir, 'a.db')); uow = sqliteUnitOfWorkOn(db.$client); });
afterEach(async () => { await uow.close(); db.$client.close(); rmSync(dir, { recursive: true, force: true }); });

function customerMessage(msgid: string, origin: 3 | 5 = 3): { conv: Conversation; msg: Message } {
  const now = clock.now();
  db.insert(conversations).values({ openKfid: 'wk', externalUserid: 'wm', createdAt: now, updatedAt: now }).onConflictDoNothing().run();
  const conv = db.select().from(conversations).get()!;
  const msg = db.insert(messages).values({ msgid, conversationId: conv.id, origin, msgtype: 'text', content: '{}', sendTime: Math.floor(now / 1000), receivedAt: now }).returning().get();
  return { conv, msg };
}
/** Arms in one unit of work, as the storing transaction does. */
const arm = (x: { conv: Conversation; msg: Message }) => uow.run((tx) => armEscalations(tx, { clock }, x.conv, x.msg));
const cancel = (conversationId: number) => uow.run((tx) => cancelEscalations(tx, { clock }, conversationId));
const pending = () => db.select().from(timers).all().filter((t) => t.status === 'pending').map((t) => t.kind).sort();

describe('arming escalations for the pipeline', () => {
  it('arms the 90 s stage once per unanswered stretch and ignores agent messages', async () => {
    const a = customerMessage('m1');
    expect(await arm(a)).toBe(1);
    const b = customerMessage('m2');
    expect(await arm(b)).toBe(0);
    const c = customerMessage('m3', 5);
    expect(await arm(c)).toBe(0);
    expect(db.select().from(timers).all()).toMatchObject([{ kind: 'esc.unanswered', dueAt: clock.now() + 90_000 }]);
  });

  it('cancels the pending escalation timers of the conversation on a human reply', async () => {
    const a = customerMessage('m1');
    await arm(a);
    expect(await cancel(a.conv.id)).toBe(1);
    expect(pending()).toEqual([]);
    expect(db.select().from(timers).get()).toMatchObject({ status: 'cancelled', outcome: 'human replied' });
  });

  it('follows the settings: delays, both stages at once when the silence stage is the shorter, off switch', async () => {
    await uow.run((tx) => writeSettingIn(tx, SETTINGS.escalation, { unansweredMs: 120_000, silenceMs: 60_000 }, { at: clock.now(), by: 'test' }));
    const a = customerMessage('m1');
    expect(await arm(a)).toBe(2);
    expect(pending()).toEqual(['esc.silence', 'esc.unanswered']);
    await cancel(a.conv.id);
    await uow.run((tx) => writeSettingIn(tx, SETTINGS.escalation, { enabled: false }, { at: clock.now(), by: 'test' }));
    const b = customerMessage('m2');
    expect(await arm(b)).toBe(0);
  });

  it('counts only open hours when the calendar is respected (Friday 20:59 → Monday 09:01)', async () => {
    await uow.run((tx) => writeSettingIn(tx, SETTINGS.escalation, { respectCalendar: true }, { at: clock.now(), by: 'test' }));
    clock.set('2026-11-27T20:59:30+08:00');
    const a = customerMessage('m1');
    await arm(a);
    expect(new Date(db.select().from(timers).get()!.dueAt).toISOString()).toBe(new Date('2026-11-30T09:01:00+08:00').toISOString());
  });
});
