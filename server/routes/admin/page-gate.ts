/**
 * @module Gate in front of the /admin page itself: no session → WeCom sign-in (back to /admin/ after), a signed-in
 * member who is not an admin → HTTP 403 with a short bilingual page. (Every /api/admin route has requireAdmin.)
 */
import type { MiddlewareHandler } from 'hono';
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../deps';
import { agents } from '../../db/schema/index';
import { isAdmin, readSession } from '../../http/session';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function forbiddenPage(name: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>403 · Moonshift</title><style>body{font:14px/1.6 system-ui,"PingFang SC",sans-serif;background:#f5f6f7;color:#1f2329}
main{max-width:560px;margin:18vh auto;background:#fff;padding:24px;border-radius:8px}a{color:#1664ff}</style></head>
<body><main data-testid="forbidden"><h1>403 · 没有管理权限</h1>
<p>${esc(name)} 不是管理员。请联系管理员在“设置 → 管理员”中授权，或<a href="/auth/login?next=%2Fadmin%2F">换个账号登录</a>。</p>
<p lang="en">403 · ${esc(name)} is not an admin. Ask an admin to grant the role, or <a href="/auth/login?next=%2Fadmin%2F">sign in as someone else</a>.</p>
</main></body></html>`;
}

export function adminPageGate(d: CoreDeps): MiddlewareHandler {
  return async function adminPage(c, next) {
    const userid = await readSession(c, d);
    if (!userid) return c.redirect(`/auth/login?next=${encodeURIComponent('/admin/')}`);
    if (!isAdmin(d, userid)) {
      const name = d.db.select({ name: agents.name }).from(agents).where(eq(agents.userid, userid)).get()?.name ?? userid;
      c.header('cache-control', 'no-store');
      return c.html(forbiddenPage(name), 403);
    }
    await next();
  };
}
