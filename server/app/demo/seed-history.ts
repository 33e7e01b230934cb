/**
 * @module The demo's inbound history: 16 weeks of generated hourly counts for the demo 微信客服 account, ending at
 * the demo's start hour (daily shape, weekdays, trend, the statutory holidays and 调休 of the org calendar, the
 * rush before and the backlog after a long holiday), so the forecast and its dashboard chart show something
 * true on a fresh start. Stored in `inbound_history` (source `demo`), never as conversations or messages: agents'
 * lists and the status-sync figures stay clean. Regenerated at every demo start (time travel moves it along).
 */
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Tx } from '../../core/ports/unit-of-work';
import { addDays, localParts, zonedInstant } from '../../../shared/calendar/index';
import { drawLoadEffects, generateLoad, hourStart } from '../../../shared/forecast/index';
import { forecastCalendarIn } from '../../core/forecast/calendar';
import { DEMO_KF } from './seed-data';

export const DEMO_HISTORY_WEEKS = 16;
const DEMO_HISTORY_SEED = 2026;
/** About 50,000 messages over 16 weeks: ~450 on an ordinary workday. */
export const DEMO_EFFECTS = drawLoadEffects(DEMO_HISTORY_SEED, { level: 430, trendPerWeek: 0.008, backlog: 1.9, backlogMorning: 0.8, rush: 1.35, spikeRate: 0.01 });

/**
 * Replaces the demo account's generated history with 16 weeks ending at the clock's current hour, in the caller's
 * transaction (either engine); returns the messages counted.
 */
export async function seedDemoHistory(tx: Tx, clock: Clock): Promise<number> {
  const calendar = await forecastCalendarIn(tx, DEMO_KF.open_kfid);
  const tz = calendar.timeZone;
  const end = hourStart(clock.now(), tz);
  const endDate = localParts(end, tz).date;
  const startDate = addDays(endDate, -7 * DEMO_HISTORY_WEEKS);
  const start = zonedInstant(startDate, 0, tz);
  const rows = generateLoad(calendar, DEMO_EFFECTS, DEMO_HISTORY_SEED, startDate, addDays(endDate, 1)).hours
    .filter((h) => h.at >= start && h.at < end)
    .map((h) => ({ openKfid: DEMO_KF.open_kfid, hourStart: h.at, count: h.count, source: 'demo' }));
  const { inboundHistory: h } = tx.t;
  await tx.db.delete(h).where(and(eq(h.openKfid, DEMO_KF.open_kfid), eq(h.source, 'demo')));
  // 500 rows of 4 values a statement: within either engine's limit of bound parameters.
  for (let i = 0; i < rows.length; i += 500) await tx.db.insert(h).values(rows.slice(i, i + 500));
  return rows.reduce((s, r) => s + r.count, 0);
}
