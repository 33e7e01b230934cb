/**
 * @module The OAuth authorize page (`/connect/oauth2/authorize`): lists the corp's members as links;
 * choosing one mints a single-use 5-minute code and redirects to `redirect_uri?code=…&state=…`.
 */
import { Hono } from 'hono';
import type { SimContext } from './context';
import { WECOM_LIMITS } from './options';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${esc(title)}</title><style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}`
    + `a{display:block;padding:.75rem;margin:.5rem 0;border:1px solid #ccc;border-radius:.5rem;text-decoration:none}</style>`
    + `</head><body><h1>${esc(title)}</h1>${body}</body></html>`;
}

export function oauthRoutes(ctx: SimContext): Hono {
  const app = new Hono();

  app.get('/connect/oauth2/authorize', (c) => {
    const q = c.req.query();
    const problems: string[] = [];
    if (q.appid !== ctx.opts.corpId) problems.push(`appid must be the corp id ${ctx.opts.corpId}`);
    if (!q.redirect_uri || !/^https?:\/\//.test(q.redirect_uri)) problems.push('redirect_uri must be an http(s) URL');
    if (q.response_type !== 'code') problems.push('response_type must be code');
    if (q.scope !== 'snsapi_base' && q.scope !== 'snsapi_privateinfo') problems.push('scope must be snsapi_base');
    if (problems.length > 0) return c.html(page('授权参数错误', `<ul>${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`), 400);
    const links = [...ctx.state.members.values()].map((m) => {
      const params = new URLSearchParams({ userid: m.userid, redirect_uri: q.redirect_uri ?? '', state: q.state ?? '' });
      return `<a href="/connect/oauth2/authorize/choose?${esc(params.toString())}">${esc(m.name)} (${esc(m.userid)})</a>`;
    });
    return c.html(page('企业微信模拟登录 · 选择成员', links.join('')));
  });

  app.get('/connect/oauth2/authorize/choose', (c) => {
    const { userid = '', redirect_uri = '', state = '' } = c.req.query();
    if (!ctx.state.members.has(userid) || !/^https?:\/\//.test(redirect_uri)) return c.html(page('参数错误', '<p>unknown member or redirect_uri</p>'), 400);
    const code = ctx.secret('', 24);
    ctx.state.oauthCodes.set(code, { userid, expiresAt: ctx.now() + WECOM_LIMITS.oauthCodeTtlMs, used: false });
    const target = new URL(redirect_uri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', state);
    return c.redirect(target.toString(), 302);
  });

  return app;
}
