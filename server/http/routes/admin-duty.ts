/**
 * @module `/api/admin/duty` (admins only): duty groups (rotation, A/B posts, manager), channels, the active
 * route, escalation/relay settings, and who is on duty now. Every change writes an audit-log row.
 */
import { Hono } from 'hono';
import { writeAudit } from '../../core/services/audit';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import type { Queries } from '../../core/ports/queries';
import type { dutyGroups } from '../../adapters/db/sqlite/schema/index';
import type { AuthedEnv } from '../session';
import { validate } from '../validate';
import { ChannelInput, ChannelPatch, GroupInput, GroupPatch, createChannel, createGroup, deleteChannel, deleteGroup, updateChannel, updateGroup } from '../../core/duty/admin';
import { dutyNowIn, invalidateDutyIn, relayCandidatesIn } from '../../core/duty/on-duty';
import { Rotation, parseRotation } from '../../core/duty/rotation';
import { AssignmentSettings, EscalationSettings, RelaySettings, SETTINGS } from '../../core/config/catalogue';
import { readSettingIn, writeSettingIn } from '../../core/config/settings';
import { activeChannelIn, routeStateIn, setRouteIn } from '../../core/escalation/routing';

const Id = z.object({ id: z.coerce.number().int().positive() });
const view = (g: typeof dutyGroups.$inferSelect) => ({ ...g, rotation: parseRotation(g.rotation) });

const dutySettings = async (q: Queries) => ({
  escalation: await readSettingIn(q, SETTINGS.escalation), relay: await readSettingIn(q, SETTINGS.relay), assignment: await readSettingIn(q, SETTINGS.assignment),
});

export function dutyAdminRoutes(d: CoreDeps) {
  const now = () => d.clock.now();
  return new Hono<AuthedEnv>()
    .use(async function announceDutyChange(c, next) {
      await next();
      if (c.req.method !== 'GET' && c.res.ok) {
        // the duty memo was dropped by each change's own unit of work (invalidateDutyIn), after its commit
        d.events.emit('duty.changed', { at: now(), by: c.get('userid') });
      }
    })
    .get('/', async (c) => {
      const at = now();
      // a transaction, not a read: the route ends a backup stretch that is over as it reads it
      return c.json(await d.shared.uow.run(async (q) => ({
        groups: (await q.db.select().from(q.t.dutyGroups).orderBy(asc(q.t.dutyGroups.position), asc(q.t.dutyGroups.id))).map(view),
        channels: await q.db.select().from(q.t.dutyChannels).orderBy(asc(q.t.dutyChannels.id)),
        now: await dutyNowIn(q, at),
        candidates: await relayCandidatesIn(q, at, null),
        route: await activeChannelIn(q),
        settings: await dutySettings(q),
      })));
    })
    .post('/groups', validate('json', GroupInput), async (c) => c.json(view(await createGroup(d, c.req.valid('json'), c.get('userid'), now())), 201))
    .patch('/groups/:id', validate('param', Id), validate('json', GroupPatch),
      async (c) => c.json(view(await updateGroup(d, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now()))))
    .put('/groups/:id/posts', validate('param', Id), validate('json', GroupInput.pick({ primaryUserid: true, backupUserid: true })),
      async (c) => c.json(view(await updateGroup(d, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now(), 'duty.group.posts'))))
    .put('/groups/:id/rotation', validate('param', Id), validate('json', z.object({ rotation: Rotation })),
      async (c) => c.json(view(await updateGroup(d, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now(), 'duty.group.rotation'))))
    .put('/groups/:id/manager', validate('param', Id), validate('json', GroupInput.pick({ managerUserid: true, managerPhone: true })),
      async (c) => c.json(view(await updateGroup(d, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now(), 'duty.group.manager'))))
    .delete('/groups/:id', validate('param', Id), async (c) => { await deleteGroup(d, c.req.valid('param').id, c.get('userid'), now()); return c.body(null, 204); })
    .post('/channels', validate('json', ChannelInput), async (c) => c.json(await createChannel(d, c.req.valid('json'), c.get('userid'), now()), 201))
    .patch('/channels/:id', validate('param', Id), validate('json', ChannelPatch),
      async (c) => c.json(await updateChannel(d, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now())))
    .delete('/channels/:id', validate('param', Id), async (c) => { await deleteChannel(d, c.req.valid('param').id, c.get('userid'), now()); return c.body(null, 204); })
    .get('/route', async (c) => c.json(await d.shared.uow.run((tx) => activeChannelIn(tx))))
    .put('/route', validate('json', z.object({ active: z.enum(['main', 'backup']) })), async (c) => {
      const at = now(), actor = c.get('userid');
      return c.json(await d.shared.uow.run(async (tx) => {
        const before = await routeStateIn(tx);
        await setRouteIn(tx, c.req.valid('json').active, at, actor);
        await writeAudit(tx, { at, actor, action: 'duty.route.set', target: 'channels.route', before, after: await routeStateIn(tx) });
        invalidateDutyIn(tx);
        return activeChannelIn(tx);
      }));
    })
    .put('/settings', validate('json', z.object({ escalation: EscalationSettings.partial().optional(), relay: RelaySettings.partial().optional(), assignment: AssignmentSettings.partial().optional() })), async (c) => {
      const at = now(), actor = c.get('userid'), body = c.req.valid('json');
      return c.json(await d.shared.uow.run(async (tx) => {
        const before = await dutySettings(tx);
        if (body.escalation) await writeSettingIn(tx, SETTINGS.escalation, { ...before.escalation, ...body.escalation }, { at, by: actor });
        if (body.relay) await writeSettingIn(tx, SETTINGS.relay, { ...before.relay, ...body.relay }, { at, by: actor });
        if (body.assignment) await writeSettingIn(tx, SETTINGS.assignment, { ...before.assignment, ...body.assignment }, { at, by: actor });
        const after = await dutySettings(tx);
        await writeAudit(tx, { at, actor, action: 'duty.settings.update', target: 'escalation+relay+assignment', before, after });
        invalidateDutyIn(tx); // the session cap orders and limits the candidates
        return after;
      }));
    });
}
