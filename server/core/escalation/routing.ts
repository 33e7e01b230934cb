/**
 * @module Channel routing: which channel new requests go to. Normally the main channel (the 客服 link);
 * after the main channel went unanswered past the silence escalation it is the backup channel (e.g. a
 * department group code) until a human answers any conversation again.
 */
import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import { type DutyChannel } from '../../adapters/db/sqlite/schema/index';
import { SETTINGS, type RouteState } from '../config/catalogue';
import { readSettingIn, writeSettingIn } from '../config/settings';
import { recordDiagnosticIn } from '../relay/diagnostics';
import { first } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import type { Tx } from '../ports/unit-of-work';

/**
 * Which channel is active, in a transaction (either engine): after a backup stretch, the first human answer since
 * it began switches back to the main channel — written (setting and diagnostic) at the time of that answer.
 */
export async function routeStateIn(tx: Tx): Promise<RouteState> {
  const state = await readSettingIn(tx, SETTINGS.route);
  if (state.active === 'backup' && state.since !== null) {
    const { conversations: c } = tx.t;
    const answered = await first(tx.db.select({ id: c.id, at: c.lastHumanAt }).from(c)
      .where(and(isNotNull(c.lastHumanAt), gt(c.lastHumanAt, state.since)))
      .orderBy(asc(c.lastHumanAt)).limit(1));
    if (answered) {
      const back: RouteState = { active: 'main', since: answered.at, reason: 'a human answered again', conversationId: answered.id };
      await writeSettingIn(tx, SETTINGS.route, back, { at: answered.at!, by: 'system' });
      await recordDiagnosticIn(tx, {
        at: answered.at!, kind: 'escalation', conversationId: answered.id, actor: 'channels.route', target: 'main_channel',
        reason: 'a human answered on the main channel', result: 'back to the main channel',
      });
      return back;
    }
  }
  return state;
}

/** Switches new requests to the backup channel (in the caller's transaction); false when it already was. */
export async function activateBackupRoute(tx: Tx, at: number, reason: string, conversationId: number): Promise<boolean> {
  if ((await routeStateIn(tx)).active === 'backup') return false;
  await writeSettingIn(tx, SETTINGS.route, { active: 'backup', since: at, reason, conversationId }, { at, by: 'system' });
  return true;
}

/** An admin sets the active channel, in a transaction (either engine). */
export async function setRouteIn(tx: Tx, active: 'main' | 'backup', at: number, by: string): Promise<void> {
  await writeSettingIn(tx, SETTINGS.route, { active, since: at, reason: `set by ${by}`, conversationId: null }, { at, by });
}

/* Looked up for every customer message (reusable: built once, see core/ports/reusable-query.ts). */
const channelByRole = reusableQuery('escalation_channel_by_role', ['role'], ({ db, t: { dutyChannels: ch } }, p) =>
  db.select().from(ch).where(eq(ch.role, p.role)).orderBy(asc(ch.id)).limit(1));

/**
 * The channel new requests should be sent to now (null when none is configured for that role), in a transaction
 * (either engine). A transaction, not a read: finding the backup stretch over records the way back (`routeStateIn`).
 */
export async function activeChannelIn(tx: Tx): Promise<{ route: RouteState; channel: DutyChannel | null }> {
  const route = await routeStateIn(tx);
  return { route, channel: await channelOfRouteIn(tx, route) };
}

/** The channel of a route state already read (`routeStateIn`): its role's, else the main one; null when none is configured. */
export async function channelOfRouteIn(tx: Tx, route: RouteState): Promise<DutyChannel | null> {
  const byRole = (role: 'main' | 'backup') => first(channelByRole(tx, { role }));
  return (await byRole(route.active)) ?? (route.active === 'main' ? undefined : await byRole('main')) ?? null;
}
