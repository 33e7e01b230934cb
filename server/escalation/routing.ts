/**
 * @module Channel routing: which channel new requests go to. Normally the main channel (the 客服 link);
 * after the main channel went unanswered past the silence escalation it is the backup channel (e.g. a
 * department group code) until a human answers any conversation again.
 */
import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type { Store } from '../db/index';
import { conversations, dutyChannels, type DutyChannel } from '../db/schema/index';
import { SETTINGS, type RouteState } from '../config/catalogue';
import { readSetting, writeSetting } from '../config/settings';
import { recordDiagnostic } from '../relay/diagnostics';

export function routeState(store: Store): RouteState {
  const state = readSetting(store, SETTINGS.route);
  if (state.active === 'backup' && state.since !== null) {
    const answered = store.select({ id: conversations.id, at: conversations.lastHumanAt }).from(conversations)
      .where(and(isNotNull(conversations.lastHumanAt), gt(conversations.lastHumanAt, state.since)))
      .orderBy(asc(conversations.lastHumanAt)).limit(1).get();
    if (answered) {
      // the way back is recorded once, at the time of the answer that ended the backup stretch
      const back: RouteState = { active: 'main', since: answered.at, reason: 'a human answered again', conversationId: answered.id };
      writeSetting(store, SETTINGS.route, back, { at: answered.at!, by: 'system' });
      recordDiagnostic(store, {
        at: answered.at!, kind: 'escalation', conversationId: answered.id, actor: 'channels.route', target: 'main_channel',
        reason: 'a human answered on the main channel', result: 'back to the main channel',
      });
      return back;
    }
  }
  return state;
}

/** Switches new requests to the backup channel; false when it already was. */
export function activateBackupRoute(store: Store, at: number, reason: string, conversationId: number): boolean {
  if (routeState(store).active === 'backup') return false;
  writeSetting(store, SETTINGS.route, { active: 'backup', since: at, reason, conversationId }, { at, by: 'system' });
  return true;
}

export function setRoute(store: Store, active: 'main' | 'backup', at: number, by: string): void {
  writeSetting(store, SETTINGS.route, { active, since: at, reason: `set by ${by}`, conversationId: null }, { at, by });
}

/** The channel new requests should be sent to now (null when none is configured for that role). */
export function activeChannel(store: Store): { route: RouteState; channel: DutyChannel | null } {
  const route = routeState(store);
  const channel = store.select().from(dutyChannels).where(eq(dutyChannels.role, route.active)).orderBy(asc(dutyChannels.id)).limit(1).get()
    ?? store.select().from(dutyChannels).where(eq(dutyChannels.role, 'main')).orderBy(asc(dutyChannels.id)).limit(1).get() ?? null;
  return { route, channel };
}
