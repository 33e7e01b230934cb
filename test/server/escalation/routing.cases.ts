/**
 * @module Channel routing on the unit of work, run against every engine (routing.test.ts: SQLite file and :memory:;
 * routing.pg.test.ts: PostgreSQL): the silence escalation switches new requests to the backup channel once (in the
 * timer's transaction); the first human answer after the switch brings them back to the main channel, recorded at
 * the time of that answer with its diagnostic; an admin sets the route; with no backup channel configured the main
 * one is offered.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { activateBackupRoute, activeChannelIn, routeStateIn, setRouteIn } from '../../../server/core/escalation/routing';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-03T22:00:00+08:00');

export function routingCases(engine: Engine): void {
  describe(`channel routing on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let convId: number;
    const diagnostics = () => uow.read(async ({ db, t }) => (await db.select().from(t.relayDiagnostics).orderBy(asc(t.relayDiagnostics.id)))
      .map((d) => ({ at: d.at, conversationId: d.conversationId, actor: d.actor, target: d.target, result: d.result, night: d.night })));
    const channels = (roles: ('main' | 'backup')[]) => uow.run(async ({ db, t }) => {
      await db.insert(t.dutyChannels).values(roles.map((role) => ({ role, name: role === 'main' ? '微信客服' : '部门群', type: 'kf_link', url: `https://example.test/${role}`, createdAt: T0, updatedAt: T0 })));
    });

    beforeEach(async () => {
      uow = await engine.open();
      convId = await uow.run(async ({ db, t }) => {
        const [c] = await db.insert(t.conversations).values({ openKfid: 'wkKf1', externalUserid: 'wmCustomer1', lastHumanAt: T0 - 60_000, createdAt: T0, updatedAt: T0 })
          .returning({ id: t.conversations.id });
        return c!.id;
      });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('switches to the backup channel once, in the caller\'s transaction', async () => {
      await channels(['main', 'backup']);
      expect((await uow.run((tx) => activeChannelIn(tx))).route.active).toBe('main');
      await expect(uow.run(async (tx) => { await activateBackupRoute(tx, T0, 'main channel without response', convId); throw new Error('rolled back'); }))
        .rejects.toThrow('rolled back');
      expect((await uow.run((tx) => routeStateIn(tx))).active).toBe('main');
      expect(await uow.run((tx) => activateBackupRoute(tx, T0, 'main channel without response', convId))).toBe(true);
      expect(await uow.run((tx) => activateBackupRoute(tx, T0 + 1000, 'main channel without response', convId))).toBe(false);
      const now = await uow.run((tx) => activeChannelIn(tx));
      expect(now.route).toEqual({ active: 'backup', since: T0, reason: 'main channel without response', conversationId: convId });
      expect(now.channel).toMatchObject({ role: 'backup', name: '部门群' });
    });

    it('goes back to the main channel at the first human answer after the switch, recorded at that answer\'s time', async () => {
      await channels(['main']);
      await uow.run((tx) => activateBackupRoute(tx, T0, 'main channel without response', convId));
      expect((await uow.run((tx) => activeChannelIn(tx))).channel).toMatchObject({ role: 'main' }); // no backup channel configured
      expect(await diagnostics()).toEqual([]);
      await uow.run(async ({ db, t }) => { await db.update(t.conversations).set({ lastHumanAt: T0 + 5000 }).where(eq(t.conversations.id, convId)); });
      const back = await uow.run((tx) => routeStateIn(tx));
      expect(back).toEqual({ active: 'main', since: T0 + 5000, reason: 'a human answered again', conversationId: convId });
      expect(await diagnostics()).toEqual([
        { at: T0 + 5000, conversationId: convId, actor: 'channels.route', target: 'main_channel', result: 'back to the main channel', night: true },
      ]);
      expect(await uow.run((tx) => routeStateIn(tx))).toEqual(back); // recorded once
      expect(await diagnostics()).toHaveLength(1);
    });

    it('takes an admin\'s route as set', async () => {
      await channels(['main', 'backup']);
      await uow.run((tx) => setRouteIn(tx, 'backup', T0, 'wangwu'));
      expect(await uow.run((tx) => activeChannelIn(tx))).toMatchObject({
        route: { active: 'backup', since: T0, reason: 'set by wangwu', conversationId: null }, channel: { role: 'backup' },
      });
    });
  });
}
