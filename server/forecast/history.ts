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
