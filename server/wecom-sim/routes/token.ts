/**
 * @module gettoken, corp and app JS tickets, auth/getuserinfo — and the access_token guard applied to
 * every other `/cgi-bin/*` call (41001 missing, 40014 unknown or revoked, 42001 expired).
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
    ctx.state.tokens.set(access_token, { kind, expiresAt: ctx.now() + WECOM_LIMITS.tokenTtlMs, revoked: false });
    return ok(c, { access_token, expires_in: WECOM_LIMITS.tokenTtlMs / 1000 });
  });

  app.get('/get_jsapi_ticket', (c) => {
    if (!withinHourLimit(ctx, ctx.state.ticketCalls.jsapi, ctx.opts.unknowns.jsapiTicketPerHour)) throw new WxError(45009);
    return ok(c, { ticket: ctx.secret('sM4AOVdWfPE4Dx', 40), expires_in: WECOM_LIMITS.ticketTtlMs / 1000 });
  });

  app.get('/ticket/get', (c) => {
    if (c.req.query('type') !== 'agent_config') throw new WxError(40058, 'type must be agent_config');
    if (!withinHourLimit(ctx, ctx.state.ticketCalls.agent, ctx.opts.unknowns.agentTicketPerHour)) throw new WxError(45009);
    return ok(c, { ticket: ctx.secret('kgt8ON7yVITDhtdwci0qe', 40), expires_in: WECOM_LIMITS.ticketTtlMs / 1000 });
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
