/**
 * @module Reads the inbound load history from the database: customer messages (origin 3) counted per
 * quarter hour in SQL, plus the hourly counts kept apart in `inbound_history` (the demo's generated weeks),
 * for one team (a 微信客服 account) or the whole organisation.
 */
import { and, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Queries } from '../ports/queries';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { HourGrid } from '../../../shared/forecast/index';

export interface HistoryRange { team?: string | undefined; from?: number; to?: number }

const QUARTER_S = 900;

/** Inbound customer messages per local hour of the calendar zone, in [from, to) (epoch ms; default: all), in a unit of work (either engine). */
export async function readInboundHistoryIn(q: Queries, timeZone: string, range: HistoryRange = {}): Promise<HourGrid> {
  const { messages: m, conversations: c, inboundHistory: h } = q.t;
  const grid = new HourGrid(timeZone);
  const fromS = range.from === undefined ? undefined : Math.floor(range.from / 1000);
  const toS = range.to === undefined ? undefined : Math.ceil(range.to / 1000);
  // One grouped statement: the history of a busy desk is ~10,000 quarter hours (integer division on both engines).
  const quarter = sql`${m.sendTime} / ${sql.raw(String(QUARTER_S))}`;
  const rows = await q.db.select({ q: quarter.mapWith(Number), n: count() }).from(m).where(and(
    eq(m.origin, ORIGIN.customer),
    range.team === undefined ? undefined : inArray(m.conversationId, q.db.select({ id: c.id }).from(c).where(eq(c.openKfid, range.team))),
    fromS === undefined ? undefined : gte(m.sendTime, fromS),
    toS === undefined ? undefined : lt(m.sendTime, toS),
  )).groupBy(quarter);
  for (const r of rows) grid.add(r.q * QUARTER_S * 1000, r.n);
  const kept = await q.db.select({ at: h.hourStart, count: h.count }).from(h).where(and(
    range.team === undefined ? undefined : eq(h.openKfid, range.team),
    range.from === undefined ? undefined : gte(h.hourStart, range.from),
    range.to === undefined ? undefined : lt(h.hourStart, range.to),
  ));
  grid.addBuckets(kept);
  return grid;
}
