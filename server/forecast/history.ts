/**
 * @module Reads the inbound load history from the database: customer messages (origin 3) counted per
 * quarter hour in SQL, plus the hourly counts kept apart in `inbound_history` (the demo's generated weeks),
 * for one team (a 微信客服 account) or the whole organisation.
 */
import { and, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Store } from '../db/index';
import type { Queries } from '../core/ports/queries';
import { conversations, inboundHistory, messages } from '../db/schema/index';
import { ORIGIN } from '../../shared/domain/vocabulary';
import { HourGrid } from '../../shared/forecast/index';

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

/** @deprecated synchronous twin for server/routes/admin/forecast.ts (and test/bench/forecast.bench.ts through forecastTeam) until it is converted */
export function readInboundHistory(store: Store, timeZone: string, range: HistoryRange = {}): HourGrid {
  const grid = new HourGrid(timeZone);
  const fromS = range.from === undefined ? undefined : Math.floor(range.from / 1000);
  const toS = range.to === undefined ? undefined : Math.ceil(range.to / 1000);
  // One grouped statement without drizzle's row mapping: the history of a busy desk is ~10,000 quarter hours.
  const team = range.team === undefined ? sql`` : sql` and ${messages.conversationId} in (select ${conversations.id} from ${conversations} where ${conversations.openKfid} = ${range.team})`;
  const rows = store.all<{ q: number; n: number }>(sql`select ${messages.sendTime} / ${sql.raw(String(QUARTER_S))} as q, count(*) as n
    from ${messages} where ${messages.origin} = ${ORIGIN.customer}${team}
    ${fromS === undefined ? sql`` : sql` and ${messages.sendTime} >= ${fromS}`}${toS === undefined ? sql`` : sql` and ${messages.sendTime} < ${toS}`}
    group by q`);
  for (const r of rows) grid.add(r.q * QUARTER_S * 1000, r.n);
  const kept = store.select({ at: inboundHistory.hourStart, count: inboundHistory.count }).from(inboundHistory).where(and(
    range.team === undefined ? undefined : eq(inboundHistory.openKfid, range.team),
    range.from === undefined ? undefined : gte(inboundHistory.hourStart, range.from),
    range.to === undefined ? undefined : lt(inboundHistory.hourStart, range.to),
  )).all();
  grid.addBuckets(kept);
  return grid;
}
