/**
 * @module Reads the inbound load history from the database: customer messages (origin 3) counted per
 * quarter hour in SQL, plus the hourly counts kept apart in `inbound_history` (the demo's generated weeks),
 * for one team (a 微信客服 account) or the whole organisation.
 */
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Store } from '../db/index';
import { conversations, inboundHistory, messages } from '../db/schema/index';
import { ORIGIN } from '../../shared/domain/vocabulary';
import { HourGrid } from '../../shared/forecast/index';

export interface HistoryRange { team?: string | undefined; from?: number; to?: number }

const QUARTER_S = 900;

/** Inbound customer messages per local hour of the calendar zone, in [from, to) (epoch ms; default: all). */
export function readInboundHistory(store: Store, timeZone: string, range: HistoryRange = {}): HourGrid {
  const grid = new HourGrid(timeZone);
  const fromS = range.from === undefined ? undefined : Math.floor(range.from / 1000);
  const toS = range.to === undefined ? undefined : Math.ceil(range.to / 1000);
  const quarter = sql<number>`${messages.sendTime} / ${QUARTER_S}`;
  const where = and(
    eq(messages.origin, ORIGIN.customer),
    range.team === undefined ? undefined : eq(conversations.openKfid, range.team),
    fromS === undefined ? undefined : gte(messages.sendTime, fromS),
    toS === undefined ? undefined : lt(messages.sendTime, toS),
  );
  const base = store.select({ q: quarter, n: sql<number>`count(*)` }).from(messages);
  const rows = (range.team === undefined ? base : base.innerJoin(conversations, eq(conversations.id, messages.conversationId)))
    .where(where).groupBy(quarter).all();
  for (const r of rows) grid.add(r.q * QUARTER_S * 1000, r.n);
  const kept = store.select({ at: inboundHistory.hourStart, count: inboundHistory.count }).from(inboundHistory).where(and(
    range.team === undefined ? undefined : eq(inboundHistory.openKfid, range.team),
    range.from === undefined ? undefined : gte(inboundHistory.hourStart, range.from),
    range.to === undefined ? undefined : lt(inboundHistory.hourStart, range.to),
  )).all();
  grid.addBuckets(kept);
  return grid;
}
