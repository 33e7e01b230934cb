/**
 * @module The weekly "next week" card to the duty manager: the organisation's forecast for next Monday–Sunday
 * — total, the peak hours, any staffing shortfall — queued as a duty-manager alert (WeCom textcard, the one
 * alert path), once per week (deduplicated by the week's Monday).
 */
import type { CoreDeps } from '../../app/deps';
import type { Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { addDays, formatNextOpen, isoWeekday, localParts, zonedInstant } from '../../../shared/calendar/index';
import { peakHours, HOUR_MS } from '../../../shared/forecast/index';
import { escapeHtml, truncateBytes } from '../../../shared/templates/render';
import { dutyManagerIn } from '../duty/on-duty';
import { recordDiagnosticIn } from '../relay/diagnostics';
import { forecastCalendarIn } from './calendar';
import { forecastTeamIn, type ForecastRow } from './forecast-team';
import { PEAK_SHARE } from './peaks';
import { enqueueAlertDeliveryIn } from '../alerts/queue';

type Ctx = Pick<CoreDeps, 'clock' | 'config'>;

/** The Monday (local date) after `now` in the org zone. */
export function nextMonday(now: number, timeZone: string): string {
  const today = localParts(now, timeZone).date;
  return addDays(today, 8 - isoWeekday(today));
}

interface Stretch { from: number; to: number; rows: ForecastRow[] }

/** Consecutive hours joined into stretches. */
function stretches(rows: ForecastRow[]): Stretch[] {
  const out: Stretch[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last.to === r.at) { last.to = r.at + HOUR_MS; last.rows.push(r); } else out.push({ from: r.at, to: r.at + HOUR_MS, rows: [r] });
  }
  return out;
}

function label(s: Stretch, timeZone: string): string {
  const end = localParts(s.to, timeZone);
  return `${formatNextOpen(new Date(s.from), timeZone, 'zh')}–${String(end.hour).padStart(2, '0')}:00`;
}

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

export interface WeeklyCard { key: string; title: string; description: string; url: string; week: string }

/** The card for the week starting next Monday. */
export async function weeklyCard(ctx: Ctx, q: Queries, now: number): Promise<WeeklyCard> {
  const tz = (await forecastCalendarIn(q)).timeZone;
  const monday = nextMonday(now, tz);
  const f = await forecastTeamIn(q, { ctx, input: { from: zonedInstant(monday, 0, tz), days: 7, actualDays: 0 } });
  const total = Math.round(f.hours.reduce((s, h) => s + h.expected, 0));
  const peaks = stretches(peakHours(f.hours, PEAK_SHARE / 2)).sort((a, b) =>
    Math.max(...b.rows.map((r) => r.expected)) - Math.max(...a.rows.map((r) => r.expected))).slice(0, 3).sort((a, b) => a.from - b.from);
  const short = stretches(f.hours.filter((h) => h.shortfall));
  const peakText = peaks.map((s) => `${label(s, tz)} 约 ${Math.round(Math.max(...s.rows.map((r) => r.expected)))} 条/时`).join('；');
  const shortText = short.slice(0, 3).map((s) => `${label(s, tz)} 需 ${Math.max(...s.rows.map((r) => r.needed))} 人、排班 ${Math.min(...s.rows.map((r) => r.scheduled))} 人`).join('；');
  const holidays = [...new Set(f.hours.filter((h) => h.holidayName && h.dayType !== 'workday').map((h) => h.holidayName))];
  // The description is HTML: holiday names come from the admin's calendar, so they are escaped.
  const description = truncateBytes([
    `<div class="gray">预计共约 ${total} 条客户消息${holidays.length ? `（含${escapeHtml(holidays.join('、'))}）` : ''}${f.historyDays < 28 ? `，历史仅 ${f.historyDays} 天` : ''}</div>`,
    `<div class="normal">高峰：${peakText || '无'}</div>`,
    short.length
      ? `<div class="highlight">人手不足 ${short.length} 段：${shortText}${short.length > 3 ? ' 等' : ''}</div>`
      : '<div class="normal">排班足以覆盖预测的咨询量</div>',
  ].join(''), 512);
  return {
    key: `forecast.weekly:${monday}`, week: monday, description,
    title: truncateBytes(`下周咨询预测（${monthDay(monday)}–${monthDay(addDays(monday, 6))}）`, 128),
    url: `${(ctx.config.publicBaseUrl ?? '').replace(/\/+$/, '')}/admin/#/dashboard`,
  };
}

/** Queues the card for the duty manager (inside the caller's transaction); returns what happened. */
export async function queueWeeklySummary(ctx: Ctx, tx: Tx, now: number): Promise<string> {
  const manager = await dutyManagerIn(tx, now);
  if (!manager) {
    await recordDiagnosticIn(tx, { at: now, kind: 'alert', reason: 'weekly forecast', result: 'no duty manager configured' });
    return 'no_manager';
  }
  const card = await weeklyCard(ctx, tx, now);
  const { managerAlerts } = tx.t;
  const [queued] = await tx.db.insert(managerAlerts).values({
    key: card.key, touser: manager.userid, conversationId: null, title: card.title, description: card.description, url: card.url, createdAt: now,
  }).onConflictDoNothing().returning({ id: managerAlerts.id });
  if (queued) await enqueueAlertDeliveryIn(tx, queued.id, manager.userid, now);
  await recordDiagnosticIn(tx, { at: now, kind: 'alert', target: manager.userid, reason: 'weekly forecast', result: queued ? 'queued' : 'already queued this week' });
  return queued ? 'queued' : 'duplicate';
}
