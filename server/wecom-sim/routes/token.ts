/**
 * @module gettoken, corp and app JS tickets, auth/getuserinfo — and the access_token guard applied to
 * every other `/cgi-bin/*` call (41001 missing, 40014 unknown or revoked, 42001 expired).
 * A JS ticket is the same on every call while it is in force, and `expires_in` is what is left of it: the
 * WeCom client checks a page's signature against the ticket in force (doc 96909 "JS-SDK 签名算法": 7200 s
 * normally, "具体过期时间需要参考接口返回的 expires_in"; repeated fetches within the validity return the same
 * value, as for access_token, doc 91039).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { SimContext } from '../context';
import { WECOM_LIMITS, TIME } from '../options';
import { secretKind } from '../permissions';
import { ok, readQuery, WxError, wxBody } from '../wx';

export function tokenGuard(ctx: SimContext): MiddlewareHandler {
  return async function checkAccessToken(c, next) {
    if (c.req.path === '/cgi-bin/gettoken') return next();
    const token = c.req.query('access_token');
    if (!token) return c.json(wxBody(41001));
    const t = ctx.state.tokens.get(token);
    if (!t || t.revoked) return c.json(wxBody(40014));
    if (ctx.now() >= t.expiresAt) return c.json(wxBody(42001));
    await next();
  };
}

function withinHourLimit(ctx: SimContext, calls: number[], limit: number): boolean {
  const since = ctx.now() - TIME.HOUR;
  while (calls.length > 0 && (calls[0] ?? 0) <= since) calls.shift();
  if (calls.length >= limit) return false;
  calls.push(ctx.now());
  return true;
}

export function tokenRoutes(ctx: SimContext): Hono {
  const app = new Hono();

  app.get('/gettoken', (c) => {
    const corpid = c.req.query('corpid');
    const corpsecret = c.req.query('corpsecret');
    if (!corpid) throw new WxError(41002);
    if (!corpsecret) throw new WxError(41004);
    if (corpid !== ctx.opts.corpId) throw new WxError(40013);
    const kind = secretKind(ctx, corpsecret);
    if (!kind) throw new WxError(40001);
    const access_token = ctx.secret('', 48);
    ctx.state.tokens.set(access_token, { kind, issuedAt: ctx.now(), expiresAt: ctx.now() + ctx.opts.tokenTtlMs, revoked: false });
    return ok(c, { access_token, expires_in: Math.floor(ctx.opts.tokenTtlMs / 1000) });
  });

  /** The ticket in force under `key`, minted anew once it expired. */
  function ticket(key: string, prefix: string): { ticket: string; expires_in: number } {
    let t = ctx.state.tickets.get(key);
    if (!t || ctx.now() >= t.expiresAt) {
      t = { value: ctx.secret(prefix, 40), expiresAt: ctx.now() + WECOM_LIMITS.ticketTtlMs };
      ctx.state.tickets.set(key, t);
    }
    return { ticket: t.value, expires_in: Math.ceil((t.expiresAt - ctx.now()) / 1000) };
  }

  app.get('/get_jsapi_ticket', (c) => {
    if (!withinHourLimit(ctx, ctx.state.ticketCalls.jsapi, ctx.opts.unknowns.jsapiTicketPerHour)) throw new WxError(45009);
    return ok(c, ticket('jsapi', 'sM4AOVdWfPE4Dx'));
  });

  app.get('/ticket/get', (c) => {
    if (c.req.query('type') !== 'agent_config') throw new WxError(40058, 'type must be agent_config');
    if (!withinHourLimit(ctx, ctx.state.ticketCalls.agent, ctx.opts.unknowns.agentTicketPerHour)) throw new WxError(45009);
    const app = ctx.state.tokens.get(c.req.query('access_token') ?? '')?.kind ?? 'corp';
    return ok(c, ticket(`agent:${app}`, 'kgt8ON7yVITDhtdwci0qe'));
  });

  app.get('/auth/getuserinfo', (c) => {
    const { code } = readQuery(c, z.object({ code: z.string().min(1) }).loose());
    const entry = ctx.state.oauthCodes.get(code);
    if (!entry || entry.used || ctx.now() > entry.expiresAt) throw new WxError(40029);
    entry.used = true;
    if (entry.userid) return ok(c, { userid: entry.userid });
    return ok(c, { openid: entry.openid ?? '', external_userid: entry.external_userid ?? '' });
  });

  return app;
}
