/**
 * @module `/api/admin/diagnostics/*` (admins only): status sync rate between Moonshift's agent status and WeCom's
 * servicer status per agent over the last 24 h, callback health, outbox failures by errcode, probe reports, the
 * setup check (the doctor's read-only report with each failed capability's console fix) and the setup warnings
 * no API can show (a calendar running past the statutory holidays it knows, a native 欢迎语).
 * Times are ISO-8601 on the org clock (with its offset). Every table answers `?format=csv` too. (`wecom-sync` and `relays` live with their own features.)
 */
import { Hono } from 'hono';
import { and, asc, count, desc, eq, gte, lt, min, sql, type SQL } from 'drizzle-orm';
import type { CoreDeps } from '../../../app/deps';
import { first, type Queries } from '../../../core/ports/queries';
import type { AuthedEnv } from '../../session';
import { tableResponse } from './csv';
import { calendarForIn } from '../../../core/config/calendar';
import { listSetupWarnings } from '../../../core/services/setup-warnings';
import { toZonedIso } from '../../../../shared/calendar/index';
import { SetupCheck } from '../../../core/doctor/setup-check';

const DAY = 86_400_000;

export interface SyncRow {
  userid: string; name: string;
  /** Share of the known time in the window where Moonshift (online/busy ↔ 接待中) and WeCom agree, 0–1; null: no WeCom signal. */
  syncRate: number | null;
  agreeMinutes: number; disagreeMinutes: number; unknownMinutes: number;
  moonshiftChanges: number; wecomSignals: number;
  moonshiftNow: string; wecomNow: 'receiving' | 'stopped' | 'unknown';
}

type Point = { at: number; on: boolean | null };

/** Moonshift statuses in which the agent is still taking sessions, i.e. should read 接待中 in WeCom. */
export const RECEIVING: ReadonlySet<string> = new Set(['online', 'busy']);

/** Fraction of [from, to) where two step functions agree (both known). */
export function agreement(a: Point[], b: Point[], from: number, to: number): { agree: number; disagree: number; unknown: number } {
  const cuts = [...new Set([from, to, ...a.map((p) => p.at), ...b.map((p) => p.at)].filter((t) => t >= from && t <= to))].sort((x, y) => x - y);
  const valueAt = (ps: Point[], t: number) => { let v: boolean | null = null; for (const p of ps) { if (p.at <= t) v = p.on; else break; } return v; };
  const out = { agree: 0, disagree: 0, unknown: 0 };
  for (let i = 0; i + 1 < cuts.length; i++) {
    const t0 = cuts[i]!, t1 = cuts[i + 1]!;
    const x = valueAt(a, t0), y = valueAt(b, t0);
    if (x === null || y === null) out.unknown += t1 - t0; else if (x === y) out.agree += t1 - t0; else out.disagree += t1 - t0;
  }
  return out;
}

export async function statusSync(q: Queries, now: number, hours = 24): Promise<SyncRow[]> {
  const { agents, agentStatusHistory, kfServicers, servicerSignals } = q.t;
  const to = now, windowStart = to - hours * 3_600_000;
  const out: SyncRow[] = [];
  for (const ag of await q.db.select().from(agents).orderBy(asc(agents.userid))) {
    // Only the time since Moonshift knew the agent counts (before the install neither status is known): from the
    // earliest of its creation, its first status change and its first WeCom signal.
    const firstHist = (await first(q.db.select({ at: min(agentStatusHistory.at) }).from(agentStatusHistory).where(eq(agentStatusHistory.userid, ag.userid))))?.at;
    const firstSig = (await first(q.db.select({ at: min(servicerSignals.at) }).from(servicerSignals).where(eq(servicerSignals.userid, ag.userid))))?.at;
    const from = Math.max(windowStart, Math.min(ag.createdAt, firstHist ?? Infinity, firstSig ?? Infinity, to));
    const hist = await q.db.select().from(agentStatusHistory).where(and(eq(agentStatusHistory.userid, ag.userid), lt(agentStatusHistory.at, to)))
      .orderBy(asc(agentStatusHistory.at), asc(agentStatusHistory.id));
    const before = hist.filter((h) => h.at < from).at(-1);
    const inside = hist.filter((h) => h.at >= from);
    const startStatus = before?.toStatus ?? inside[0]?.fromStatus ?? ag.status;
    const ms: Point[] = [{ at: from, on: RECEIVING.has(startStatus) }, ...inside.map((h) => ({ at: h.at, on: RECEIVING.has(h.toStatus) }))];
    const sigs = await q.db.select().from(servicerSignals).where(and(eq(servicerSignals.userid, ag.userid), lt(servicerSignals.at, to)))
      .orderBy(asc(servicerSignals.at), asc(servicerSignals.id));
    const sBefore = sigs.filter((s) => s.at < from).at(-1);
    const sInside = sigs.filter((s) => s.at >= from);
    const servicer = await first(q.db.select().from(kfServicers).where(eq(kfServicers.userid, ag.userid)).limit(1));
    // No signal before the window: assume the first signal's opposite is unknown; fall back to the servicer list's state.
    const startOn = sBefore ? sBefore.status === 1 : sInside.length ? null : servicer?.wecomStatus == null ? null : servicer.wecomStatus === 0;
    const wc: Point[] = [{ at: from, on: startOn }, ...sInside.map((s) => ({ at: s.at, on: s.status === 1 }))];
    const r = agreement(ms, wc, from, to);
    const known = r.agree + r.disagree;
    const last = wc.at(-1)?.on ?? null;
    out.push({
      userid: ag.userid, name: ag.name,
      syncRate: known > 0 ? Math.round((r.agree / known) * 1000) / 1000 : null,
      agreeMinutes: Math.round(r.agree / 60_000), disagreeMinutes: Math.round(r.disagree / 60_000), unknownMinutes: Math.round(r.unknown / 60_000),
      moonshiftChanges: inside.length, wecomSignals: sInside.length,
      moonshiftNow: ag.status, wecomNow: last === null ? 'unknown' : last ? 'receiving' : 'stopped',
    });
  }
  return out;
}

/** Callback health over the last day; times of the hourly counts as ISO instants in `zone`. */
export async function callbackHealth(q: Queries, now: number, zone: string) {
  const { callbackEvents, syncCursors } = q.t;
  const counted = async (where: SQL | undefined) =>
    (await first(q.db.select({ n: count() }).from(callbackEvents).where(where)))?.n ?? 0;
  const perHour = await q.db.select({ hour: sql<number>`(${callbackEvents.receivedAt} / 3600000) * 3600000`.mapWith(Number), count: count() })
    .from(callbackEvents).where(gte(callbackEvents.receivedAt, now - DAY)).groupBy(sql`1`).orderBy(sql`1`);
  const lastMinute = await counted(gte(callbackEvents.receivedAt, now - 60_000));
  const lastHour = await counted(gte(callbackEvents.receivedAt, now - 3_600_000));
  // WeCom re-sends a callback it thinks went unanswered: the same decrypted body arriving again is a retry we saw.
  const repeated = await q.db.select({ n: count() }).from(callbackEvents)
    .where(gte(callbackEvents.receivedAt, now - DAY)).groupBy(callbackEvents.raw).having(sql`count(*) > 1`);
  const retriesSeen = repeated.reduce((s, r) => s + r.n - 1, 0);
  const last = await first(q.db.select({ at: callbackEvents.receivedAt }).from(callbackEvents).orderBy(desc(callbackEvents.receivedAt)).limit(1));
  // acknowledgement latency of the latest 10,000 callbacks (route entry → 200), ms
  const acks = (await q.db.select({ ms: callbackEvents.ackMs }).from(callbackEvents).orderBy(desc(callbackEvents.id)).limit(10_000))
    .map((r) => r.ms).filter((v): v is number => v != null).sort((a, b) => a - b);
  const p = (x: number) => (acks.length === 0 ? null : acks[Math.min(acks.length - 1, Math.ceil(x * acks.length) - 1)] ?? null);
  const ackMs = { samples: acks.length, p50: p(0.5), p99: p(0.99), max: acks.at(-1) ?? null };
  const cursors = [];
  for (const s of await q.db.select().from(syncCursors)) {
    // Callbacks received after the last pull started and not yet served by a pull.
    const waiting = await counted(and(eq(callbackEvents.openKfid, s.openKfid), gte(callbackEvents.receivedAt, s.lastPullStartedAt ?? 0)));
    cursors.push({ openKfid: s.openKfid, lastPullStartedAt: s.lastPullStartedAt, lastPullOk: s.lastPullOk, lastError: s.lastError, waiting, updatedAt: s.updatedAt });
  }
  return {
    lastMinute, lastHour, retriesSeen, ackMs, lastReceivedAt: last?.at ?? null, perHour: perHour.map((x) => ({ hour: toZonedIso(x.hour, zone), count: x.count })),
    cursors, pullFailures: cursors.filter((c) => c.lastPullOk === false).length,
  };
}

export async function outboxFailures(q: Queries) {
  const { outbox } = q.t;
  return await q.db.select({
    errcode: outbox.errcode, kind: outbox.kind, count: count(), retrying: sql<number>`sum(case when ${outbox.status} = 'pending' then 1 else 0 end)`.mapWith(Number),
    failed: sql<number>`sum(case when ${outbox.status} = 'failed' then 1 else 0 end)`.mapWith(Number),
    lastErrmsg: sql<string | null>`max(${outbox.errmsg})`, lastAt: sql<number>`max(${outbox.updatedAt})`.mapWith(Number),
  }).from(outbox).where(sql`${outbox.status} = 'failed' or (${outbox.status} = 'pending' and ${outbox.errcode} is not null)`)
    .groupBy(outbox.errcode, outbox.kind).orderBy(desc(sql`count(*)`));
}

/** The latest probe reports with their steps (times as ISO instants in `zone`). */
export async function probes(q: Queries, zone: string, limit = 50) {
  const { outbox, probeReports } = q.t;
  const out = [];
  for (const p of await q.db.select().from(probeReports).orderBy(desc(probeReports.at)).limit(limit)) {
    const steps = JSON.parse(p.steps) as { step: string; atMs?: number; durationMs?: number; detail?: string }[];
    // the acknowledgement's delivery, as the outbox recorded it
    for (const r of await q.db.select().from(outbox).where(eq(outbox.causeMsgid, p.msgid))) {
      steps.push({ step: `outbox:${r.kind}`, atMs: r.sentAt ?? r.updatedAt, durationMs: (r.sentAt ?? r.updatedAt) - p.at, detail: r.status === 'sent' ? 'sent' : `${r.status}${r.errcode ? ` (${r.errcode})` : ''}` });
    }
    const decision = JSON.parse(p.decision) as { version?: string; actions?: { type: string }[] };
    out.push({
      id: p.id, msgid: p.msgid, conversationId: p.conversationId, at: toZonedIso(p.at, zone),
      totalMs: steps.reduce((s, x) => s + (x.durationMs ?? 0), 0), steps, version: decision.version ?? null,
      actions: (decision.actions ?? []).map((a) => a.type).join(' '),
    });
  }
  return out;
}

/** The setup check's latest report (times as ISO instants); the warnings no API can show are `/warnings`. */
function setupView(check: SetupCheck) {
  const r = check.report();
  return { ...r, checkedAt: r.checkedAt === null ? null : new Date(r.checkedAt).toISOString() };
}

export function adminDiagnosticsRoutes(d: CoreDeps & { setupCheck?: SetupCheck }) {
  const check = d.setupCheck ?? new SetupCheck(d);
  const { uow } = d.shared;
  return new Hono<AuthedEnv>()
    .get('/warnings', async (c) => tableResponse(c, 'warnings', 'warnings', await uow.read((q) => listSetupWarnings(q, d)), {}, ['code', 'team', 'year', 'wrongFrom', 'started', 'zh', 'en']))
    .get('/setup', (c) => c.json(setupView(check)))
    .post('/setup/run', async (c) => {
      await check.run();
      return c.json(setupView(check));
    })
    .get('/status-sync', async (c) => tableResponse(c, 'status-sync', 'agents', await uow.read((q) => statusSync(q, d.clock.now())), { hours: 24 }))
    .get('/callbacks', async (c) => {
      const { perHour, ...rest } = await uow.read(async (q) => callbackHealth(q, d.clock.now(), (await calendarForIn(q)).timeZone));
      return tableResponse(c, 'callbacks', 'perHour', perHour, rest);
    })
    .get('/callbacks/cursors', async (c) => tableResponse(c, 'sync-cursors', 'cursors', (await uow.read(async (q) => callbackHealth(q, d.clock.now(), (await calendarForIn(q)).timeZone))).cursors))
    .get('/outbox-failures', async (c) => tableResponse(c, 'outbox-failures', 'failures', await uow.read((q) => outboxFailures(q))))
    .get('/probes', async (c) => tableResponse(c, 'probes', 'probes', await uow.read(async (q) => probes(q, (await calendarForIn(q)).timeZone)), {}, ['id', 'at', 'msgid', 'conversationId', 'totalMs', 'version', 'actions', 'steps']));
}
