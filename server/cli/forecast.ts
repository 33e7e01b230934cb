/**
 * @module `npm run --silent cli -- forecast --from <ISO> --days N [--team open_kfid] [--history FILE|-]`:
 * stdout JSONL `{"hour","expected","low","high"}` for every hour of the range in the org zone (`--from`
 * rounded down to the hour; low/high = the 80 % interval). With `--history` the history is JSONL, one line per
 * inbound customer message `{"at": ISO-8601 instant, "open_kfid"?}` (`-` = stdin; `--team` keeps that
 * account's lines; only lines before `--from` are learned from) and the calendar is the default organisation
 * calendar; without it the database (DATABASE_PATH) and the org's calendars. `--backtest` replays the history
 * week by week instead (one JSON line per week, then `overall` and `holiday_weeks` summaries).
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseEnv } from '../app/env';
import { sqliteUnitOfWork } from '../adapters/db/sqlite/unit-of-work';
import type { UnitOfWork } from '../core/ports/unit-of-work';
import { forecastCalendarIn } from '../core/forecast/calendar';
import { forecastTeamIn } from '../core/forecast/forecast-team';
import { readInboundHistoryIn } from '../core/forecast/history';
import { DEMO_CALENDAR, zonedInstant, type CalendarConfig } from '../../shared/calendar/index';
import { backtest, explainHour, forecastLoad, gridFromInstants, type HourGrid } from '../../shared/forecast/index';

const USAGE = 'usage: forecast --from <ISO-8601, e.g. 2026-09-28T00:00:00+08:00> --days <1–92> [--team <open_kfid>] [--history <file>|-] [--explain]\n'
  + '       forecast --backtest [--team <open_kfid>] [--history <file>|-]';

export class UsageError extends Error {}

export interface ForecastArgs { from?: string; days: number; team?: string; history?: string; backtest: boolean; explain: boolean }

export function parseForecastArgs(args: string[]): ForecastArgs {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, options: {
      from: { type: 'string' }, days: { type: 'string' }, team: { type: 'string' }, history: { type: 'string' },
      backtest: { type: 'boolean' }, explain: { type: 'boolean' },
    } }));
  } catch (err) { throw new UsageError(err instanceof Error ? err.message : String(err)); }
  const days = values.days === undefined ? 14 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 92) throw new UsageError('--days must be a whole number from 1 to 92');
  if (!values.backtest && !values.from) throw new UsageError('--from is required');
  if (values.team !== undefined && !/^[\w-]{1,64}$/.test(values.team)) throw new UsageError('--team must be an open_kfid');
  return { from: values.from, days, team: values.team, history: values.history, backtest: values.backtest ?? false, explain: values.explain ?? false };
}

const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** An ISO-8601 instant; a time without offset (or a bare date) is read in the calendar's zone. */
export function parseInstant(value: string, timeZone: string): number | undefined {
  const local = LOCAL.exec(value.trim());
  if (local) {
    const minutes = Number(local[2] ?? 0) * 60 + Number(local[3] ?? 0) + Number(local[4] ?? 0) / 60;
    if (Number(local[2] ?? 0) > 23 || Number(local[3] ?? 0) > 59) return undefined;
    try { return zonedInstant(local[1]!, minutes, timeZone); } catch { return undefined; }
  }
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value.trim())) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `at` as ISO-8601 (the contract); epoch seconds or milliseconds are accepted too. */
const Line = z.object({ at: z.union([z.string(), z.number().finite().nonnegative()]), open_kfid: z.string().optional() });

/** Reads the JSONL history; a malformed line stops with its number (nothing is forecast from a partial read). */
export async function readHistoryLines(source: string, team: string | undefined, timeZone: string, before?: number): Promise<HourGrid> {
  if (source !== '-' && !existsSync(source)) throw new UsageError(`--history: no such file ${source}`);
  const input = source === '-' ? process.stdin : createReadStream(source);
  const instants: number[] = [];
  let n = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (raw.trim() === '') continue;
    let line: z.infer<typeof Line>;
    try { line = Line.parse(JSON.parse(raw)); } catch { throw new UsageError(`--history line ${n}: expected {"at": ISO-8601 instant, "open_kfid"?: string}`); }
    const at = typeof line.at === 'number' ? (line.at < 1e11 ? line.at * 1000 : line.at) : parseInstant(line.at, timeZone);
    if (at === undefined) throw new UsageError(`--history line ${n}: "at" is not an ISO-8601 instant: ${String(line.at).slice(0, 40)}`);
    if (team !== undefined && line.open_kfid !== team) continue;
    if (before === undefined || at < before) instants.push(at);
  }
  return gridFromInstants(instants, timeZone);
}

/** A unit of work on the configured database, which must exist (migrated on open, as the server does). */
function openExistingDb(): UnitOfWork {
  const config = parseEnv(process.env);
  if (config.databasePath !== ':memory:' && !existsSync(config.databasePath)) {
    throw new UsageError(`no database at ${config.databasePath} (set DATABASE_PATH, or pass --history FILE|-)`);
  }
  return sqliteUnitOfWork(config.databasePath);
}

const write = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function runBacktest(opts: ForecastArgs): Promise<void> {
  let grid: HourGrid, calendar: CalendarConfig;
  if (opts.history !== undefined) {
    calendar = DEMO_CALENDAR;
    grid = await readHistoryLines(opts.history, opts.team, calendar.timeZone);
  } else {
    const uow = openExistingDb();
    try {
      ({ calendar, grid } = await uow.read(async (q) => {
        const cal = await forecastCalendarIn(q, opts.team);
        return { calendar: cal, grid: await readInboundHistoryIn(q, cal.timeZone, { team: opts.team }) };
      }));
    } finally { await uow.close(); }
  }
  const r = backtest(grid, calendar);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const show = (s: typeof r.overall) => ({
    hours: s.hours, mae: round(s.mae), naive_mae: round(s.naiveMae), mae_ratio: s.naiveMae ? round(s.mae / s.naiveMae) : null,
    coverage: round(s.coverage), busiest_hit_rate: round(s.hitRate), naive_busiest_hit_rate: round(s.naiveHitRate),
  });
  for (const w of r.weeks) write({ week: w.week, holiday_week: w.holiday, ...show(w) });
  write({ summary: 'overall', weeks: r.weeks.length, ...show(r.overall) });
  write({ summary: 'holiday_weeks', weeks: r.weeks.filter((w) => w.holiday).length, ...show(r.holidayWeeks) });
}

async function runForecast(opts: ForecastArgs): Promise<void> {
  if (opts.history !== undefined) {
    const calendar = DEMO_CALENDAR;
    const from = parseInstant(opts.from!, calendar.timeZone);
    if (from === undefined) throw new UsageError('--from must be an ISO-8601 date or instant');
    const grid = await readHistoryLines(opts.history, opts.team, calendar.timeZone, from);
    const { model, hours } = forecastLoad(grid, calendar, from, opts.days);
    for (const h of hours) write({ hour: h.hour, expected: h.expected, low: h.low, high: h.high, ...(opts.explain ? { why: explainHour(h, model) } : {}) });
    return;
  }
  const uow = openExistingDb();
  try {
    const f = await uow.read(async (q) => {
      const from = parseInstant(opts.from!, (await forecastCalendarIn(q, opts.team)).timeZone);
      if (from === undefined) throw new UsageError('--from must be an ISO-8601 date or instant');
      return forecastTeamIn(q, { ctx: { clock: { now: () => from } }, input: { team: opts.team, from, days: opts.days, actualDays: 0 } });
    });
    for (const h of f.hours) write({ hour: h.hour, expected: h.expected, low: h.low, high: h.high, ...(opts.explain ? { why: h.why } : {}) });
  } finally { await uow.close(); }
}

export async function run(args: string[]): Promise<number> {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0); else throw err; });
  try {
    const opts = parseForecastArgs(args);
    await (opts.backtest ? runBacktest(opts) : runForecast(opts));
    return 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`forecast: ${err.message}\n${USAGE}\n`);
    return 2;
  }
}
