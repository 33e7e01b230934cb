/**
 * @module `/api/admin/duty` (admins only): duty groups (rotation, A/B posts, manager), channels, the active
 * route, escalation/relay settings, and who is on duty now. Every change writes an audit-log row.
 */
import { Hono } from 'hono';
import { audit } from '../services/audit';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { dutyChannels, dutyGroups } from '../db/schema/index';
import type { AuthedEnv } from '../http/session';
import { validate } from '../http/validate';
import { ChannelInput, ChannelPatch, GroupInput, GroupPatch, createChannel, createGroup, deleteChannel, deleteGroup, updateChannel, updateGroup } from '../duty/admin';
import { dutyNow, invalidateDuty, relayCandidates } from '../duty/on-duty';
import { Rotation, parseRotation } from '../duty/rotation';
import { AssignmentSettings, EscalationSettings, RelaySettings, SETTINGS } from '../config/catalogue';
import { readSetting, writeSetting } from '../config/settings';
import { activeChannel, routeState, setRoute } from '../escalation/routing';

const Id = z.object({ id: z.coerce.number().int().positive() });
const view = (g: typeof dutyGroups.$inferSelect) => ({ ...g, rotation: parseRotation(g.rotation) });

const dutySettings = (store: Store) => ({
  escalation: readSetting(store, SETTINGS.escalation), relay: readSetting(store, SETTINGS.relay), assignment: readSetting(store, SETTINGS.assignment),
});

export function dutyAdminRoutes(d: CoreDeps) {
  const now = () => d.clock.now();
  return new Hono<AuthedEnv>()
    .use(async function announceDutyChange(c, next) {
      await next();
      if (c.req.method !== 'GET' && c.res.ok) {
        invalidateDuty(d.db);
        d.events.emit('duty.changed', { at: now(), by: c.get('userid') });
      }
    })
    .get('/', (c) => {
      const at = now();
      return c.json({
        groups: d.db.select().from(dutyGroups).orderBy(asc(dutyGroups.position), asc(dutyGroups.id)).all().map(view),
        channels: d.db.select().from(dutyChannels).orderBy(asc(dutyChannels.id)).all(),
        now: dutyNow(d.db, at), candidates: relayCandidates(d.db, at, null), route: activeChannel(d.db),
        settings: dutySettings(d.db),
      });
    })
    .post('/groups', validate('json', GroupInput), (c) => c.json(view(createGroup(d.db, c.req.valid('json'), c.get('userid'), now())), 201))
    .patch('/groups/:id', validate('param', Id), validate('json', GroupPatch),
      (c) => c.json(view(updateGroup(d.db, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now()))))
    .put('/groups/:id/posts', validate('param', Id), validate('json', GroupInput.pick({ primaryUserid: true, backupUserid: true })),
      (c) => c.json(view(updateGroup(d.db, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now(), 'duty.group.posts'))))
    .put('/groups/:id/rotation', validate('param', Id), validate('json', z.object({ rotation: Rotation })),
      (c) => c.json(view(updateGroup(d.db, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now(), 'duty.group.rotation'))))
    .put('/groups/:id/manager', validate('param', Id), validate('json', GroupInput.pick({ managerUserid: true, managerPhone: true })),
      (c) => c.json(view(updateGroup(d.db, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now(), 'duty.group.manager'))))
    .delete('/groups/:id', validate('param', Id), (c) => { deleteGroup(d.db, c.req.valid('param').id, c.get('userid'), now()); return c.body(null, 204); })
    .post('/channels', validate('json', ChannelInput), (c) => c.json(createChannel(d.db, c.req.valid('json'), c.get('userid'), now()), 201))
    .patch('/channels/:id', validate('param', Id), validate('json', ChannelPatch),
      (c) => c.json(updateChannel(d.db, c.req.valid('param').id, c.req.valid('json'), c.get('userid'), now())))
    .delete('/channels/:id', validate('param', Id), (c) => { deleteChannel(d.db, c.req.valid('param').id, c.get('userid'), now()); return c.body(null, 204); })
    .get('/route', (c) => c.json(activeChannel(d.db)))
    .put('/route', validate('json', z.object({ active: z.enum(['main', 'backup']) })), (c) => {
      const at = now(), actor = c.get('userid');
      d.db.transaction((tx) => {
        const before = routeState(tx);
        setRoute(tx, c.req.valid('json').active, at, actor);
        audit(tx, { at, actor, action: 'duty.route.set', target: 'channels.route', before, after: routeState(tx) });
      });
      return c.json(activeChannel(d.db));
    })
    .put('/settings', validate('json', z.object({ escalation: EscalationSettings.partial().optional(), relay: RelaySettings.partial().optional(), assignment: AssignmentSettings.partial().optional() })), (c) => {
      const at = now(), actor = c.get('userid'), body = c.req.valid('json');
      d.db.transaction((tx) => {
        const before = dutySettings(tx);
        if (body.escalation) writeSetting(tx, SETTINGS.escalation, { ...before.escalation, ...body.escalation }, { at, by: actor });
        if (body.relay) writeSetting(tx, SETTINGS.relay, { ...before.relay, ...body.relay }, { at, by: actor });
        if (body.assignment) writeSetting(tx, SETTINGS.assignment, { ...before.assignment, ...body.assignment }, { at, by: actor });
        audit(tx, { at, actor, action: 'duty.settings.update', target: 'escalation+relay+assignment', before, after: dutySettings(tx) });
      });
      return c.json(dutySettings(d.db));
    });
}
