/**
 * @module Channel routing: which channel new requests go to. Normally the main channel (the 客服 link);
 * after the main channel went unanswered past the silence escalation it is the backup channel (e.g. a
 * department group code) until a human answers any conversation again.
 */
import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type { Store } from '../db/index';
import { conversations, dutyChannels, type DutyChannel } from '../db/schema/index';
import { readSetting, writeSetting } from '../duty/settings';

export interface RouteState { active: 'main' | 'backup'; since: number | null; reason: string | null; conversationId: number | null }

const KEY = 'channels.route';

export function routeState(store: Store): RouteState {
  const raw = readSetting(store, KEY) as Partial<RouteState> | undefined;
  const state: RouteState = { active: raw?.active === 'backup' ? 'backup' : 'main', since: raw?.since ?? null, reason: raw?.reason ?? null, conversationId: raw?.conversationId ?? null };
  if (state.active === 'backup' && state.since !== null) {
    const answered = store.select({ id: conversations.id }).from(conversations)
      .where(and(isNotNull(conversations.lastHumanAt), gt(conversations.lastHumanAt, state.since))).limit(1).get();
    if (answered) return { active: 'main', since: null, reason: 'a human answered again', conversationId: null };
  }
  return state;
}

/** Switches new requests to the backup channel; false when it already was. */
export function activateBackupRoute(store: Store, at: number, reason: string, conversationId: number): boolean {
  if (routeState(store).active === 'backup') return false;
  writeSetting(store, KEY, { active: 'backup', since: at, reason, conversationId } satisfies RouteState, at, 'system');
  return true;
}

export function setRoute(store: Store, active: 'main' | 'backup', at: number, by: string): void {
  writeSetting(store, KEY, { active, since: at, reason: `set by ${by}`, conversationId: null } satisfies RouteState, at, by);
}

/** The channel new requests should be sent to now (null when none is configured for that role). */
export function activeChannel(store: Store): { route: RouteState; channel: DutyChannel | null } {
  const route = routeState(store);
  const channel = store.select().from(dutyChannels).where(eq(dutyChannels.role, route.active)).orderBy(asc(dutyChannels.id)).limit(1).get()
    ?? store.select().from(dutyChannels).where(eq(dutyChannels.role, 'main')).orderBy(asc(dutyChannels.id)).limit(1).get() ?? null;
  return { route, channel };
}
