import { afterEach, describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, inArray } from 'drizzle-orm';
import { ManualClock } from '../../../server/app/clock';
import { openDb, type Db } from '../../../server/adapters/db/sqlite/index';
import { conversations, managerAlerts, messages, timers } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { calendarForIn } from '../../../server/core/config/calendar';
import { writeSettingIn } from '../../../server/core/config/settings';
import { armEscalations, ESCALATION_KINDS } from '../../../server/core/escalation/arm';
import { sqliteUnitOfWorkOn } from '../../../server/adapters/db/sqlite/unit-of-work';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { alertFactsIn, queueManagerAlertIn } from '../../../server/core/alerts/queue';
import { startRelayProduct, WEDNESDAY_22 } from '../relay/support';
import { sameOrigin, signIn } from '../../support/auth';
import type { TestProduct } from '../../support/product';
import { waitFor } from '../../support/wait';

/** Open around the clock, every day (a team with its own night shift). */
const AROUND_THE_CLOCK = {
  timeZone: 'Asia/Shanghai', useStatutoryHolidays: false,
  weekly: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};
/** Wednesdays 22:30–22:40 only: splits the organisation's Wednesday-night stretch in two for this team. */
const SHORT_WEDNESDAY_NIGHT = { timeZone: 'Asia/Shanghai', useStatutoryHolidays: false, weekly: { 3: [{ start: '22:30', end: '22:40' }] } };

const at = (iso: string) => Date.parse(iso);

describe('a team with its own calendar (unit: real SQLite, two teams)', () => {
  let dir: string;
  let db: Db;
  let uow: UnitOfWork;
  afterEach(async () => { await uow.close(); db.$client.close(); rmSync(dir, { recursive: true, force: true }); });

  async function twoTeams(ownCalendar: unknown) {
    dir = mkdtempSync(join(tmpdir(), 'moonshift-team-'));
    db = openDb(join(dir, 'a.db'));
    uow = sqliteUnitOfWorkOn(db.$client);
    const now = at(WEDNESDAY_22);
    await uow.run((tx) => writeSettingIn(tx, SETTINGS.calendar, ownCalendar as never, { at: now, by: 'test', team: 'wkOwnHours' }));
    return ['wkOwnHours', 'wkOrgHours'].map((team, i) => {
      const conv = db.insert(conversations).values({ openKfid: team, externalUserid: `wm${i}`, createdAt: now, updatedAt: now }).returning().get();
      const msg = db.insert(messages).values({ msgid: `m${i}`, conversationId: conv.id, origin: 3, msgtype: 'text', content: '{}', sendTime: Math.floor(now / 1000), receivedAt: now }).returning().get();
      return { conv, msg };
    });
  }

  it('counts escalation delays in the team\'s own open hours, and the organisation\'s for a team without', async () => {
    const [own, org] = await twoTeams(AROUND_THE_CLOCK);
    await uow.run((tx) => writeSettingIn(tx, SETTINGS.escalation, { respectCalendar: true }, { at: at(WEDNESDAY_22), by: 'test' }));
    const clock = new ManualClock(at(WEDNESDAY_22));
    for (const t of [own!, org!]) await uow.run((tx) => armEscalations(tx, { clock }, t.conv, t.msg));
    const due = db.select().from(timers).orderBy(asc(timers.conversationId)).all().map((t) => new Date(t.dueAt).toISOString());
    expect(due).toEqual([
      new Date('2026-11-25T22:01:30+08:00').toISOString(), // its own hours: open now
      new Date('2026-11-26T09:01:30+08:00').toISOString(), // the organisation's: 90 s after Thursday's opening
    ]);
  });

  it('deduplicates duty-manager alerts per window of the team\'s own calendar', async () => {
    const [own, org] = await twoTeams(SHORT_WEDNESDAY_NIGHT);
    for (const when of ['2026-11-25T22:10:00+08:00', '2026-11-25T23:10:00+08:00']) {
      for (const t of [own!, org!]) {
        await uow.run(async (tx) => {
          const facts = (await alertFactsIn(tx, t.conv.id, at(when)))!;
          await queueManagerAlertIn(tx, { config: { publicBaseUrl: 'https://cs.example.com', sessionSecret: 'x'.repeat(32) } as never }, { touser: 'wangwu', facts, reason: 'test', stage: 'silence', now: at(when) });
        });
      }
    }
    const perConversation = (id: number) => db.select().from(managerAlerts).where(eq(managerAlerts.conversationId, id)).all().length;
    // 22:10 and 23:10 lie on both sides of the team's 22:30–22:40 opening: two stretches, two alerts;
    // for the organisation both are in the one Wednesday-night stretch: the second is deduplicated.
    expect([perConversation(own!.conv.id), perConversation(org!.conv.id)]).toEqual([2, 1]);
    const calendarOf = (conversationId: number) => uow.read((q) => calendarForIn(q, { conversationId }));
    expect((await calendarOf(own!.conv.id)).weekly['3']).toEqual([{ start: '22:30', end: '22:40' }]);
    expect((await calendarOf(org!.conv.id)).weekly['3']).toHaveLength(2);
  });
});

describe('a team calendar saved by an admin drives that team\'s escalations (product + simulator)', () => {
  let p: TestProduct;
  afterEach(async () => { await p.stop(); });

  it('arms the 90 s escalation in the team\'s hours while it has its own calendar, in the organisation\'s once it is dropped', async () => {
    ({ p } = await startRelayProduct({}, WEDNESDAY_22));
    const admin = await signIn(p.url, 'wangwu');
    const call = (method: string, path: string, body?: unknown) => fetch(`${p.url}${path}`, {
      method, headers: { cookie: admin, ...sameOrigin(p.url), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect((await call('PUT', '/api/admin/duty/settings', { escalation: { respectCalendar: true } })).status).toBe(200);
    expect((await call('PUT', `/api/admin/calendar?team=${DEMO_KF.open_kfid}`, { config: AROUND_THE_CLOCK })).status).toBe(200);

    const writes = async (customer: string) => {
      await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '在吗' });
      await waitFor(() => p.deps.db.select().from(timers).all().find((t) => t.conversationId
        === p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get()?.id), { what: `timer of ${customer}` });
      await p.travel!.settle();
    };
    await writes('wmTeamNight1');
    expect((await call('DELETE', `/api/admin/calendar?team=${DEMO_KF.open_kfid}`)).status).toBe(200);
    await writes('wmTeamNight2');

    const due = p.deps.db.select().from(timers).where(inArray(timers.kind, ESCALATION_KINDS)).orderBy(asc(timers.id)).all().map((t) => new Date(t.dueAt).toISOString());
    expect(due).toEqual([new Date('2026-11-25T22:01:30+08:00').toISOString(), new Date('2026-11-26T09:01:30+08:00').toISOString()]);
    // 90 s later only the first customer's escalation fires; the second waits for the morning
    await p.travel!.advance(90_000);
    const unanswered = p.deps.db.select().from(timers).where(eq(timers.kind, 'esc.unanswered')).orderBy(asc(timers.id)).all();
    expect(unanswered.map((t) => t.status)).toEqual(['fired', 'pending']);
  });
});
