/**
 * @module `/auth`: WeCom OAuth (snsapi_base) → userid → signed session cookie. `login` redirects to WeCom's
 * authorize page (the simulator's in demo mode) with a signed state carrying the page to return to;
 * `callback` exchanges the single-use code; `me` tells the page who is signed in (and the org zone its times are
 * shown in); `logout` ends it.
 */
import { Hono } from 'hono';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../deps';
import { agents } from '../db/schema/index';
import { ForbiddenError, UnauthorizedError, ValidationError, WecomError } from '../errors';
import { validate } from '../http/validate';
import { endSession, isAdmin, issueSession, readSession } from '../http/session';
import { calendarFor } from '../config/calendar';

const STATE_TTL_MS = 10 * 60_000;
/** Only same-origin paths may be returned to (no open redirect). */
const SafePath = z.string().regex(/^\/(?!\/)[^\s\\]*$/, 'next must be a path on this site').default('/sidebar/');

function signState(secret: string, next: string, exp: number): string {
  const body = Buffer.from(JSON.stringify({ n: next, e: exp, r: randomBytes(6).toString('base64url') })).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

function openState(secret: string, state: string, now: number): string {
  const [body, mac] = state.split('.');
  const expected = body ? createHmac('sha256', secret).update(body).digest('base64url') : '';
  if (!body || !mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
    throw new UnauthorizedError('OAuth state is invalid');
  }
  const v = JSON.parse(Buffer.from(body, 'base64url').toString()) as { n: string; e: number };
  if (v.e < now) throw new UnauthorizedError('OAuth state expired: sign in again');
  return v.n;
}

export function authRoutes(d: CoreDeps) {
  const base = () => d.config.publicBaseUrl ?? `http://127.0.0.1:${d.config.port}`;
  return new Hono()
    .get('/login', validate('query', z.object({ next: SafePath })), (c) => {
      const state = signState(d.config.sessionSecret, c.req.valid('query').next, d.clock.now() + STATE_TTL_MS);
      const url = new URL('/connect/oauth2/authorize', d.config.wecom.oauthBase);
      url.search = new URLSearchParams({
        appid: d.config.wecom.corpId, redirect_uri: `${base()}/auth/callback`, response_type: 'code',
        scope: 'snsapi_base', state, agentid: String(d.config.wecom.agentId),
      }).toString();
      return c.redirect(`${url.toString()}#wechat_redirect`);
    })
    .get('/callback', validate('query', z.object({ code: z.string().min(1), state: z.string().min(1) })), async (c) => {
      const { code, state } = c.req.valid('query');
      const next = openState(d.config.sessionSecret, state, d.clock.now());
      let userid: string | undefined;
      try {
        userid = (await d.wecom.getUserInfoByCode(code)).userid;
      } catch (err) {
        if (err instanceof WecomError && err.errcode === 40029) throw new UnauthorizedError('the WeCom sign-in code is invalid or used: sign in again');
        throw err;
      }
      if (!userid) throw new ForbiddenError('only members of the company can sign in');
      const known = d.db.select({ u: agents.userid }).from(agents).where(eq(agents.userid, userid)).get();
      if (!known && !isAdmin(d, userid)) throw new ForbiddenError(`${userid} is not a Moonshift agent`);
      await issueSession(c, d, userid);
      return c.redirect(next);
    })
    .get('/me', async (c) => {
      const userid = await readSession(c, d);
      if (!userid) throw new UnauthorizedError();
      const agent = d.db.select({ name: agents.name }).from(agents).where(eq(agents.userid, userid)).get();
      return c.json({ userid, name: agent?.name ?? userid, isAdmin: isAdmin(d, userid), timeZone: calendarFor(d.db).timeZone });
    })
    .post('/logout', (c) => {
      endSession(c);
      return c.json({ ok: true });
    })
    .all('/*', () => { throw new ValidationError('unknown auth route'); });
}
