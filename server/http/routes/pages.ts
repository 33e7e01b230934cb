/**
 * @module Public customer pages (no login): the profile wall `/w/<slug>` and the appointment form
 * `/f/<signed token>` (GET shows, POST books / reschedules / cancels, then redirects: reload never resubmits).
 * Every refusal is a Chinese HTML page; a refused request stores nothing. Submissions are limited per link and
 * per client address (the TCP peer, or X-Forwarded-For behind a TRUSTED_PROXIES proxy).
 */
import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import { first } from '../../core/ports/queries';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { DomainError, ValidationError } from '../../core/errors';
import { clientAddress, TrustedProxies } from '../client-ip';
import { activeAppointment, bookAppointment, cancelAppointment, productBookingEnv, rescheduleAppointment, type BookingCtx } from '../../core/appointments/book';
import { renderForm, type FormState } from '../pages/appointment-form';
import { verifyFormToken } from '../../core/appointments/link';
import { availableSlots, slotLabel } from '../../core/appointments/slots';
import { messagePage } from '../pages/layout';
import { SETTINGS } from '../../core/config/catalogue';
import { calendarForIn } from '../../core/config/calendar';
import { readSettingIn } from '../../core/config/settings';
import { buildWall } from '../../core/walls/wall';
import { renderWall } from '../pages/wall-html';
import { findWall } from '../../core/walls/walls';
import type { ProfileSync } from '../../core/profile-sync/sync-job';

export interface PageDeps extends CoreDeps {
  profileSync?: ProfileSync;
  outbox?: { drain(): Promise<void> };
}

const MOBILE = /^1[3-9]\d{9}$/;
const BookForm = z.object({
  name: z.string().trim().min(1, '请填写称呼').max(30, '称呼最多 30 个字'),
  mobile: z.string().trim().regex(MOBILE, '请填写 11 位中国大陆手机号'),
  slot: z.string().regex(/^\d{10,16}$/, '请选择时间'),
  question: z.string().trim().max(500, '问题最多 500 个字').default(''),
});

export function pageRoutes(d: PageDeps) {
  const { uow, limits } = d.shared;
  /** Booking form posts per link and per client address, counted across every instance (the database's counters). */
  const withinLimits = (conversationId: number, address: string, s: { perLink: number; perIp: number; rateWindowMs: number }) =>
    uow.run(async (tx) => (await limits.hit(tx, `booking:link:${conversationId}`, { limit: s.perLink, windowMs: s.rateWindowMs })).allowed
      && (await limits.hit(tx, `booking:ip:${address}`, { limit: s.perIp, windowMs: s.rateWindowMs })).allowed);
  const proxies = new TrustedProxies(d.config.trustedProxies);
  const nonceOf = (c: Context) => c.get('secureHeadersNonce');
  const ctx: BookingCtx = {
    uow, clock: d.clock, config: d.config, env: productBookingEnv(),
    after: { drainOutbox: () => d.outbox?.drain(), kickSync: () => d.profileSync?.wake() },
  };

  async function checkToken(c: Context, token: string) {
    const t = verifyFormToken(d.config.sessionSecret, token, d.clock.now());
    if (!t.ok) {
      const r = t.reason === 'expired'
        ? c.html(messagePage('链接已过期', '这个预约链接已经过期了。请回到客服会话，发送「预约」获取新的链接。', nonceOf(c)), 410)
        : c.html(messagePage('链接无效', '这个预约链接无效或已被修改，无法打开。请回到客服会话重新获取预约链接。', nonceOf(c)), 400);
      return { ok: false, res: r } as const;
    }
    const conv = await uow.read((q) => first(q.db.select().from(q.t.conversations).where(eq(q.t.conversations.id, t.conversationId)).limit(1)));
    if (!conv) return { ok: false, res: c.html(messagePage('找不到会话', '这个预约链接对应的会话不存在了。请回到客服会话重新获取链接。', nonceOf(c)), 404) } as const;
    return { ok: true, conv } as const;
  }

  async function formState(c: Context, token: string, conversationId: number, extra: Partial<FormState> = {}): Promise<FormState> {
    const { cal, active, slots } = await uow.read(async (q) => {
      const calendar = await calendarForIn(q, { conversationId });
      const s = await readSettingIn(q, SETTINGS.appointments);
      return { cal: calendar, active: await activeAppointment(q, conversationId), slots: await availableSlots(q, calendar, d.clock.now(), s) };
    });
    return {
      action: `/f/${token}`, slots,
      active: active && { ...active, label: slotLabel(active.slotStart, active.slotEnd, cal.timeZone) }, nonce: nonceOf(c), ...extra,
    };
  }

  return new Hono()
    .get('/w/:slug', async (c) => {
      const slug = c.req.param('slug');
      const wall = await uow.read((q) => findWall(q, slug));
      c.header('cache-control', 'no-store');
      if (!wall) return c.html(messagePage('页面不存在', '这个名片页不存在或已停用。', nonceOf(c)), 404);
      return c.html(renderWall(await buildWall(d, d.profileSync?.codes, wall), nonceOf(c)));
    })
    .get('/f/:token', async (c) => {
      c.header('cache-control', 'no-store');
      const token = c.req.param('token');
      const t = await checkToken(c, token);
      if (!t.ok) return t.res;
      const done = c.req.query('done');
      return c.html(renderForm(await formState(c, token, t.conv.id, done === 'booked' || done === 'rescheduled' || done === 'cancelled' ? { done } : {})));
    })
    .post('/f/:token', async (c) => {
      c.header('cache-control', 'no-store');
      const token = c.req.param('token');
      const t = await checkToken(c, token);
      if (!t.ok) return t.res;
      const s = await uow.read((q) => readSettingIn(q, SETTINGS.appointments));
      if (!(await withinLimits(t.conv.id, clientAddress(c, proxies), s))) {
        return c.html(messagePage('操作太频繁', '提交次数太多了，请稍后再试。', nonceOf(c)), 429);
      }
      const body = await c.req.parseBody();
      const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      const action = field('action');
      const values = { name: field('name'), mobile: field('mobile'), slot: field('slot'), question: field('question') };
      const again = async (status: 400 | 409, errors: FormState['errors']) => c.html(renderForm(await formState(c, token, t.conv.id, { values, errors })), status);
      // A filled honeypot is a bot: answer like a success, store nothing.
      if (field('website') !== '') return c.html(messagePage('已提交', '感谢您的提交。', nonceOf(c)));
      try {
        if (action === 'cancel') {
          // nothing is cancelled without a yes (the dialog's, or the page's when JS did not run)
          if (field('confirm') !== 'yes') return c.html(renderForm(await formState(c, token, t.conv.id, { confirmCancel: true })));
          await cancelAppointment({ ctx, input: { conversationId: t.conv.id } });
          return c.redirect(`/f/${token}?done=cancelled`, 303);
        }
        if (action === 'reschedule') {
          if (!/^\d{10,16}$/.test(values.slot)) return again(400, { slot: '请选择新的时间' });
          await rescheduleAppointment({ ctx, input: { conversationId: t.conv.id, slotStart: Number(values.slot) } });
          return c.redirect(`/f/${token}?done=rescheduled`, 303);
        }
        const parsed = BookForm.safeParse(values);
        if (!parsed.success) {
          const errors: Record<string, string> = {};
          for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
          return again(400, errors);
        }
        const v = parsed.data;
        await bookAppointment({ ctx, input: { conversationId: t.conv.id, name: v.name, mobile: v.mobile, slotStart: Number(v.slot), question: v.question } });
        return c.redirect(`/f/${token}?done=booked`, 303);
      } catch (err) {
        if (err instanceof ValidationError) return again(400, { slot: err.issues[0]?.message ?? err.message });
        if (err instanceof DomainError && (err.status === 409 || err.status === 404)) return again(409, { form: err.message });
        throw err;
      }
    });
}
