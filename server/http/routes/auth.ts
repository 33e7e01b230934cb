/**
 * @module `/auth`: WeCom OAuth (snsapi_base) → userid → signed session cookie. `login` redirects to WeCom's
 * authorize page (the simulator's in demo mode) with a signed state carrying the page to return to and a
 * random binding that is also set as a short-lived HttpOnly cookie in this browser; `callback` accepts the
 * state only once, only before it expires and only in the browser that started the sign-in (login CSRF), then
 * exchanges the single-use code; `me` tells the page who is signed in (and the org zone its times are shown
 * in); `logout` ends it. Every state that is not exactly one we issued is a 400.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { first } from '../../core/ports/queries';
import { ForbiddenError, UnauthorizedError, ValidationError, WecomError } from '../../core/errors';
import { validate } from '../validate';
import { endSession, isAdmin, issueSession, type AuthedEnv } from '../session';
import { calendarForIn } from '../../core/config/calendar';
import { escapeHtml } from '../../../shared/templates/render';

const STATE_TTL_MS = 10 * 60_000;
/** Binds an OAuth state to the browser that asked for it (path-limited to /auth, gone after the callback). */
export const OAUTH_COOKIE = 'ms_oauth';
/** Only same-origin paths may be returned to (no open redirect). */
const SafePath = z.string().regex(/^\/(?!\/)[^\s\\]*$/, 'next must be a path on this site').default('/sidebar/');
/** Where the admin page's sign-in returns: the admin page, with no character that could leave it or break out of the page. */
const AdminPath = z.string().regex(/^\/admin\/[\w\-./?=&%]*$/, 'next must be a path of the admin page').default('/admin/');
/** The fragment the sign-in step keeps: an admin page's route (`#/duty`), plain path characters only. */
const KEPT_FRAGMENT = /^#\/[\w\-./?=&%]*$/;
const StateBody = z.object({ n: SafePath, e: z.number().int(), b: z.string().min(16).max(64) });

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(`oauth-state\u0000${body}`).digest('base64url');
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function signState(secret: string, next: string, exp: number, binding: string): string {
  const body = Buffer.from(JSON.stringify({ n: next, e: exp, b: binding })).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The state's contents if it is one we issued (any other → 400), still fresh and not used before. */
function openState(secret: string, state: string, now: number): z.infer<typeof StateBody> & { body: string } {
  const [body, sig, extra] = state.split('.');
  if (!body || !sig || extra !== undefined || !same(sig, mac(secret, body))) throw new ValidationError('OAuth state is invalid: sign in again');
  let value: unknown;
  try { value = JSON.parse(Buffer.from(body, 'base64url').toString()); } catch { value = undefined; }
  const v = StateBody.safeParse(value);
  if (!v.success) throw new ValidationError('OAuth state is invalid: sign in again');
  if (v.data.e < now) throw new ValidationError('OAuth state expired: sign in again');
  return { ...v.data, body };
}

/**
 * The admin page's way to sign-in: goes on to `/auth/login` with `next` plus the fragment the browser kept (e.g.
 * `#/duty`), so the admin lands on the page the link named. Only a fragment of plain path characters is kept.
 */
function signInPage(next: string, nonce?: string): string {
  const n = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  const plain = `/auth/login?next=${encodeURIComponent(next)}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · Moonshift</title><style${n}>body{font:14px/1.6 system-ui,"PingFang SC",sans-serif;background:#f5f6f7;color:#1f2329}
main{max-width:560px;margin:18vh auto;background:#fff;padding:24px;border-radius:8px}a{color:#1664ff}</style></head>
<body><main data-testid="signin"><p>正在前往企业微信登录…… <a href="${escapeHtml(plain)}">没有跳转请点这里</a></p>
<p lang="en">Signing in with WeCom… <a href="${escapeHtml(plain)}">continue</a></p></main>
<script${n}>(function(){var next=${JSON.stringify(next)};var h=location.hash;if(${KEPT_FRAGMENT}.test(h))next+=h;location.replace('/auth/login?next='+encodeURIComponent(next));})();</script>
</body></html>`;
}

export function authRoutes(d: CoreDeps) {
  const base = () => d.config.publicBaseUrl ?? `http://127.0.0.1:${d.config.port}`;
  const secure = () => base().startsWith('https://');
  const { uow, replays } = d.shared;
  /** A state is good for one sign-in on any instance (remembered in the database until it expires). */
  const firstUse = (body: string, now: number, expiresAt: number) => {
    const key = createHash('sha256').update(body).digest('base64url');
    return uow.run((tx) => replays.firstSighting(tx, 'oauth_state', key, Math.max(1, expiresAt - now)));
  };

  function checkBinding(c: Context, binding: string): void {
    const cookie = getCookie(c, OAUTH_COOKIE);
    deleteCookie(c, OAUTH_COOKIE, { path: '/auth', secure: secure() });
    if (!cookie || !same(cookie, binding)) throw new ValidationError('this sign-in was started in another browser (or its cookie expired): sign in again');
  }

  return new Hono<AuthedEnv>()
    // The browser keeps a link's #fragment across the redirect here but never sends it: this page adds it to `next`.
    .get('/signin', validate('query', z.object({ next: AdminPath })), (c) => {
      c.header('cache-control', 'no-store');
      return c.html(signInPage(c.req.valid('query').next, c.get('secureHeadersNonce')));
    })
    .get('/login', validate('query', z.object({ next: SafePath })), (c) => {
      const binding = randomBytes(18).toString('base64url');
      const state = signState(d.config.sessionSecret, c.req.valid('query').next, d.clock.now() + STATE_TTL_MS, binding);
      // SameSite=Lax: sent on WeCom's top-level redirect back to /auth/callback, never on cross-site subrequests.
      setCookie(c, OAUTH_COOKIE, binding, { httpOnly: true, sameSite: 'Lax', path: '/auth', maxAge: STATE_TTL_MS / 1000, secure: secure() });
      const url = new URL('/connect/oauth2/authorize', d.config.wecom.oauthBase);
      url.search = new URLSearchParams({
        appid: d.config.wecom.corpId, redirect_uri: `${base()}/auth/callback`, response_type: 'code',
        scope: 'snsapi_base', state, agentid: String(d.config.wecom.agentId),
      }).toString();
      return c.redirect(`${url.toString()}#wechat_redirect`);
    })
    .get('/callback', validate('query', z.object({ code: z.string().min(1).max(512), state: z.string().min(1).max(2048) })), async (c) => {
      const { code, state } = c.req.valid('query');
      const now = d.clock.now();
      const s = openState(d.config.sessionSecret, state, now);
      checkBinding(c, s.b);
      if (!(await firstUse(s.body, now, s.e))) throw new ValidationError('this sign-in link was already used: sign in again');
      let userid: string | undefined;
      try {
        userid = (await d.wecom.getUserInfoByCode(code)).userid;
      } catch (err) {
        if (err instanceof WecomError && err.errcode === 40029) throw new UnauthorizedError('the WeCom sign-in code is invalid or used: sign in again');
        throw err;
      }
      if (!userid) throw new ForbiddenError('only members of the company can sign in');
      const member = await uow.read(async (q) => {
        const { agents: a } = q.t;
        return (await first(q.db.select({ u: a.userid }).from(a).where(eq(a.userid, userid)).limit(1))) !== undefined || isAdmin(q, d, userid);
      });
      if (!member) throw new ForbiddenError(`${userid} is not a Moonshift agent`);
      await issueSession(c, d, userid);
      return c.redirect(s.n);
    })
    .get('/me', async (c) => {
      const userid = c.get('userid');
      const { agent, calendar } = await uow.read(async (q) => {
        const { agents: a } = q.t;
        return { agent: await first(q.db.select({ name: a.name }).from(a).where(eq(a.userid, userid)).limit(1)), calendar: await calendarForIn(q) };
      });
      return c.json({ userid, name: agent?.name ?? userid, isAdmin: c.get('isAdmin'), timeZone: calendar.timeZone });
    })
    .post('/logout', (c) => {
      endSession(c);
      return c.json({ ok: true });
    })
    .all('/*', () => { throw new ValidationError('unknown auth route'); });
}
