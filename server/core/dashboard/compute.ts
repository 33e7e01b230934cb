/**
 * @module Dashboard numbers computed from SQLite rows: status switches per agent per local day with outliers,
 * first human response time by number of channel switches, the hour × weekday inquiry heatmap in the org zone
 * (holidays counted apart, via shared/calendar), auto-reply volume by template and window, busiest hours.
 * Read through the unit of work (`uow.read`), on either engine.
 */
import { and, asc, count, eq, gte, lt } from 'drizzle-orm';
import type { Queries } from '../ports/queries';
import { dayInfo, localParts, type CalendarConfig } from '../../../shared/calendar/index';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { SEND_TYPES } from '../../../shared/engine/index';

export interface Range { from: number; to: number; days: number }

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b), m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Flag when the count is more than `factor` × the median of all agent-days (and at least `min`). */
export async function statusSwitches(q: Queries, cal: CalendarConfig, r: Range, factor = 2, min = 4) {
  const { agents, agentStatusHistory } = q.t;
  const names = new Map((await q.db.select({ u: agents.userid, n: agents.name }).from(agents)).map((a) => [a.u, a.n]));
  const rows = await q.db.select({ userid: agentStatusHistory.userid, at: agentStatusHistory.at }).from(agentStatusHistory)
    .where(and(gte(agentStatusHistory.at, r.from), lt(agentStatusHistory.at, r.to)));
  const counts = new Map<string, { userid: string; date: string; switches: number }>();
  for (const h of rows) {
    const date = localParts(h.at, cal.timeZone).date, key = `${h.userid}|${date}`;
    const e = counts.get(key) ?? { userid: h.userid, date, switches: 0 };
    e.switches++;
    counts.set(key, e);
  }
  const all = [...counts.values()];
  const med = median(all.map((e) => e.switches));
  return {
    median: med, factor,
    rows: all.sort((a, b) => a.date.localeCompare(b.date) || a.userid.localeCompare(b.userid))
      .map((e) => ({ ...e, name: names.get(e.userid) ?? e.userid, outlier: e.switches >= min && e.switches > factor * med })),
  };
}

/**
 * For each conversation with customer messages in the range: first human (origin 5) reply after each unanswered
 * stretch's first customer message; channel switches = executed session transfers (service_state_trans sent by the
 * pipeline, and relays that moved the session).
 */
export async function responseVsSwitches(q: Queries, r: Range) {
  const { messages, outbox, relayDiagnostics } = q.t;
  const msgs = await q.db.select({ c: messages.conversationId, origin: messages.origin, t: messages.sendTime }).from(messages)
    .where(and(gte(messages.sendTime, Math.floor(r.from / 1000)), lt(messages.sendTime, Math.ceil(r.to / 1000))))
    .orderBy(asc(messages.conversationId), asc(messages.sendTime), asc(messages.receivedAt), asc(messages.msgid));
  const transfers = new Map((await q.db.select({ c: outbox.conversationId, n: count() }).from(outbox)
    .where(and(eq(outbox.kind, 'service_state_trans'), eq(outbox.status, 'sent'), gte(outbox.createdAt, r.from), lt(outbox.createdAt, r.to)))
    .groupBy(outbox.conversationId)).map((x) => [x.c, x.n]));
  // Relays move a session too (the relay worker's own service_state_trans, recorded as a `moved` relay diagnostic).
  for (const x of await q.db.select({ c: relayDiagnostics.conversationId, n: count() }).from(relayDiagnostics)
    .where(and(eq(relayDiagnostics.kind, 'relay'), eq(relayDiagnostics.result, 'moved'), gte(relayDiagnostics.at, r.from), lt(relayDiagnostics.at, r.to)))
    .groupBy(relayDiagnostics.conversationId)) {
    if (x.c !== null) transfers.set(x.c, (transfers.get(x.c) ?? 0) + x.n);
  }
  const perConv = new Map<number, number[]>();
  const waitingSince = new Map<number, number>();
  for (const m of msgs) {
    if (m.origin === ORIGIN.customer) { if (!waitingSince.has(m.c)) waitingSince.set(m.c, m.t); continue; }
    if (m.origin !== ORIGIN.agent) continue;
    const since = waitingSince.get(m.c);
    if (since === undefined) continue;
    perConv.set(m.c, [...(perConv.get(m.c) ?? []), m.t - since]);
    waitingSince.delete(m.c);
  }
  const buckets = new Map<string, { switches: string; conversations: number; responses: number; totalSec: number }>();
  for (const [c, waits] of perConv) {
    const n = transfers.get(c) ?? 0, key = n >= 3 ? '3+' : String(n);
    const b = buckets.get(key) ?? { switches: key, conversations: 0, responses: 0, totalSec: 0 };
    b.conversations++; b.responses += waits.length; b.totalSec += waits.reduce((s, x) => s + x, 0);
    buckets.set(key, b);
  }
  return ['0', '1', '2', '3+'].map((k) => buckets.get(k) ?? { switches: k, conversations: 0, responses: 0, totalSec: 0 })
    .map((b) => ({ switches: b.switches, conversations: b.conversations, responses: b.responses, avgFirstResponseSec: b.responses ? Math.round(b.totalSec / b.responses) : null }));
}

/** Customer messages by local weekday (1–7) × hour; holiday dates (statutory/imported/closed override) go apart. */
export async function heatmapIn(q: Queries, cal: CalendarConfig, r: Range) {
  const m = q.t.messages;
  const rows = await q.db.select({ t: m.sendTime }).from(m)
    .where(and(eq(m.origin, ORIGIN.customer), gte(m.sendTime, Math.floor(r.from / 1000)), lt(m.sendTime, Math.ceil(r.to / 1000))));
  return heatmapOf(rows, cal, r);
}

export type Heatmap = ReturnType<typeof heatmapOf>;

function heatmapOf(rows: { t: number }[], cal: CalendarConfig, r: Range) {
  const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const holidayHours = Array<number>(24).fill(0);
  const holidayDates = new Map<string, string>();
  const kinds = new Map<string, ReturnType<typeof dayInfo>>();
  for (const { t } of rows) {
    const ms = t * 1000;
    if (ms < r.from || ms >= r.to) continue;
    const p = localParts(ms, cal.timeZone);
    let info = kinds.get(p.date);
    if (!info) { info = dayInfo(cal, p.date); kinds.set(p.date, info); }
    if (info.dayKind === 'holiday' || (info.dayKind === 'override' && info.closed)) {
      holidayHours[p.hour]!++;
      holidayDates.set(p.date, info.holidayName ?? '');
    } else grid[info.weekday - 1]![p.hour]!++;
  }
  const cells = grid.flatMap((hours, i) => hours.map((count, hour) => ({ weekday: i + 1, hour, count })));
  return { cells, holidayHours, holidayDates: [...holidayDates].map(([date, name]) => ({ date, name })), total: rows.length, timeZone: cal.timeZone };
}

/** The `n` hours of the day with the most inquiries (ties: earlier hour). */
export function busiestHours(hm: Heatmap, n = 3): number[] {
  const perHour = Array<number>(24).fill(0);
  for (const c of hm.cells) perHour[c.hour]! += c.count;
  hm.holidayHours.forEach((x, h) => { perHour[h]! += x; });
  return perHour.map((count, hour) => ({ hour, count })).filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count || a.hour - b.hour).slice(0, n).map((x) => x.hour).sort((a, b) => a - b);
}

const SENDS = new Set<string>(SEND_TYPES);

/** Auto-replies planned by live (not dry-run) decisions, by template (or kind) and calendar window. */
export async function autoReplies(q: Queries, r: Range) {
  const { decisions } = q.t;
  const rows = await q.db.select({ actions: decisions.actions, facts: decisions.facts }).from(decisions)
    .where(and(eq(decisions.dryRun, false), gte(decisions.at, r.from), lt(decisions.at, r.to)));
  const counts = new Map<string, { template: string; window: string; count: number }>();
  for (const row of rows) {
    const window = (JSON.parse(row.facts) as { window?: string }).window ?? 'unknown';
    for (const a of JSON.parse(row.actions) as { type: string; kind?: string; templateId?: string }[]) {
      if (!SENDS.has(a.type)) continue;
      const template = a.templateId ?? `kind:${a.kind ?? a.type}`, key = `${template}|${window}`;
      const e = counts.get(key) ?? { template, window, count: 0 };
      e.count++;
      counts.set(key, e);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.template.localeCompare(b.template));
}
