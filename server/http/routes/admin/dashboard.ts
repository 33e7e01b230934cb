/**
 * @module `/api/admin/dashboard/*` (admins only): load and behaviour over the last 7/30/90 days — status switches
 * with outliers, first response vs channel switches, the inquiry heatmap, auto-reply volume, and the escalation
 * sensitivity suggestion for the busiest hours (accepting it stores setting `escalation.sensitivity`, audited).
 * Every table answers `?format=csv` too.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../../app/deps';
import type { AuthedEnv } from '../../session';
import { validate } from '../../validate';
import { SETTINGS } from '../../../core/config/catalogue';
import { calendarForIn } from '../../../core/config/calendar';
import { readSettingIn, writeSettingIn } from '../../../core/config/settings';
import { writeAudit } from '../../../core/services/audit';
import { tableResponse, wantsCsv } from './csv';
import { autoReplies, busiestHours, heatmapIn, responseVsSwitches, statusSwitches, type Range } from '../../../core/dashboard/compute';


const RangeQuery = z.object({ days: z.enum(['7', '30', '90']).default('7'), format: z.enum(['csv', 'json']).optional() });

function range(d: Pick<CoreDeps, 'clock'>, days: string): Range {
  const n = Number(days), to = d.clock.now();
  return { from: to - n * 86_400_000, to, days: n };
}

/** Customer messages in the range below which the busiest-hours suggestion is not offered (a sparse week says nothing about its busiest hours). */
export const MIN_SUGGESTION_MESSAGES = 100;

export function adminDashboardRoutes(d: CoreDeps) {
  const { uow } = d.shared;
  return new Hono<AuthedEnv>()
    .get('/status-switches', validate('query', RangeQuery.extend({ factor: z.coerce.number().min(1).max(10).default(2) })), async (c) => {
      const q = c.req.valid('query');
      const s = await uow.read(async (reads) => statusSwitches(reads, await calendarForIn(reads), range(d, q.days), q.factor));
      return tableResponse(c, 'status-switches', 'rows', s.rows, { median: s.median, factor: s.factor, days: Number(q.days) }, ['date', 'userid', 'name', 'switches', 'outlier']);
    })
    .get('/response-vs-switches', validate('query', RangeQuery), async (c) =>
      tableResponse(c, 'response-vs-switches', 'rows', await uow.read((q) => responseVsSwitches(q, range(d, c.req.valid('query').days)))))
    .get('/heatmap', validate('query', RangeQuery), async (c) => {
      const hm = await uow.read(async (q) => heatmapIn(q, await calendarForIn(q), range(d, c.req.valid('query').days)));
      const { cells, ...rest } = hm;
      // The CSV carries the holiday row too (weekday "holiday"); JSON has it as `holidayHours`.
      const rows = wantsCsv(c) ? [...cells, ...hm.holidayHours.map((count, hour) => ({ weekday: 'holiday', hour, count }))] : cells;
      return tableResponse(c, 'heatmap', 'cells', rows, { ...rest, days: Number(c.req.valid('query').days) });
    })
    .get('/auto-replies', validate('query', RangeQuery), async (c) =>
      tableResponse(c, 'auto-replies', 'rows', await uow.read((q) => autoReplies(q, range(d, c.req.valid('query').days)))))
    .get('/suggestion', validate('query', RangeQuery.extend({ percent: z.coerce.number().int().min(1).max(200).default(20) })), async (c) => {
      const q = c.req.valid('query');
      const { hm, current } = await uow.read(async (rq) => ({
        hm: await heatmapIn(rq, await calendarForIn(rq), range(d, q.days)),
        current: await readSettingIn(rq, SETTINGS.escalationSensitivity),
      }));
      // Busiest hours from a handful of messages are noise: no suggestion below the minimum, and the page says how much there is.
      const enough = hm.total >= MIN_SUGGESTION_MESSAGES;
      return c.json({
        hours: enough ? busiestHours(hm) : [], percent: q.percent, messages: hm.total, minMessages: MIN_SUGGESTION_MESSAGES,
        current: current ?? null,
      });
    })
    .post('/suggestion/accept', validate('json', z.object({ hours: z.array(z.number().int().min(0).max(23)).min(1).max(24), percent: z.number().int().min(1).max(200) })), async (c) => {
      const body = c.req.valid('json'), now = d.clock.now(), by = c.get('userid');
      const value = { hours: [...new Set(body.hours)].sort((a, b) => a - b), percent: body.percent, acceptedAt: now, acceptedBy: by };
      await uow.run(async (tx) => {
        const before = await readSettingIn(tx, SETTINGS.escalationSensitivity);
        await writeSettingIn(tx, SETTINGS.escalationSensitivity, value, { at: now, by });
        await writeAudit(tx, { at: now, actor: by, action: 'settings.escalation_sensitivity', target: SETTINGS.escalationSensitivity.key, before: before ?? null, after: value });
      });
      return c.json({ current: value });
    });
}
