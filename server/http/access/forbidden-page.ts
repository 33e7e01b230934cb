/**
 * @module The 403 page of the /admin page for a signed-in member who is not an admin (short, bilingual). The
 * route table's `admin-page` rule shows it (and sends a member without a session to sign in first).
 */
import { escapeHtml as esc } from '../../../shared/templates/render';

export function forbiddenPage(name: string, nonce?: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>403 · Moonshift</title><style${nonce ? ` nonce="${esc(nonce)}"` : ''}>body{font:14px/1.6 system-ui,"PingFang SC",sans-serif;background:#f5f6f7;color:#1f2329}
main{max-width:560px;margin:18vh auto;background:#fff;padding:24px;border-radius:8px}a{color:#1664ff}</style></head>
<body><main data-testid="forbidden"><h1>403 · 没有管理权限</h1>
<p>${esc(name)} 不是管理员。请联系管理员在“设置 → 管理员”中授权，或<a href="/auth/login?next=%2Fadmin%2F">换个账号登录</a>。</p>
<p lang="en">403 · ${esc(name)} is not an admin. Ask an admin to grant the role, or <a href="/auth/login?next=%2Fadmin%2F">sign in as someone else</a>.</p>
</main></body></html>`;
}
