/**
 * @module The shell of every public page: server-rendered HTML (hono/html escapes every interpolation),
 * a mobile viewport, one small inline stylesheet, no framework JS. Day and night themes by body class.
 * The inline style and script carry the request's CSP nonce (security headers allow nothing else inline).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.55 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f4f6fb;color:#1f2430}
main{max-width:480px;margin:0 auto;padding:20px 16px 40px}
.card{background:#fff;border-radius:16px;padding:20px;box-shadow:0 4px 18px rgba(20,30,60,.08);margin-bottom:14px}
.who{display:flex;align-items:center;gap:14px}.avatar{width:56px;height:56px;border-radius:50%;background:#3b6df6;color:#fff;display:grid;place-items:center;font-size:24px;flex:none}
h1{font-size:20px;margin:0}h2{font-size:16px;margin:0 0 10px}.muted{color:#7a8194;font-size:13px}
.pill{display:inline-block;border-radius:99px;padding:1px 10px;font-size:12px;background:#e7f7ee;color:#188a4a;margin-top:4px}
.pill.away{background:#efeaff;color:#5b45c9}
.btn{display:block;width:100%;text-align:center;border:0;border-radius:12px;padding:13px;font-size:16px;font-weight:600;background:#3b6df6;color:#fff;text-decoration:none;cursor:pointer;margin-top:12px}
.btn.ghost{background:transparent;color:#3b6df6;border:1px solid #3b6df6}body.night .btn.ghost{background:transparent;color:#f5c84c;border:1px solid #f5c84c}.btn.danger{background:transparent;color:#d0403a;border:1px solid #d0403a}
.qr{text-align:center}.qr img{width:180px;height:180px;border-radius:8px;background:#fff;border:1px solid #e3e6ee;object-fit:contain}
.stamp{font-size:12px;color:#7a8194}
.next{font-size:17px;font-weight:600}
.hint{position:fixed;left:12px;right:12px;bottom:16px;max-width:456px;margin:0 auto;background:rgba(25,28,45,.92);color:#fff;border-radius:12px;padding:12px 14px;font-size:14px;box-shadow:0 6px 24px rgba(0,0,0,.25)}
.hint[hidden]{display:none}
label{display:block;font-size:14px;margin:12px 0 4px;color:#454c5e}
input,select,textarea{width:100%;min-height:44px;font:inherit;padding:10px 12px;border:1px solid #d5d9e3;border-radius:10px;background:#fff;color:inherit}
textarea{min-height:84px;resize:vertical}.err{color:#d0403a;font-size:13px;margin-top:4px}
.banner{border-radius:12px;padding:12px 14px;margin-bottom:14px;font-size:14px}.banner.ok{background:#e7f7ee;color:#14663a}.banner.bad{background:#fdecec;color:#a8302b}
.trap{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
body.night{background:linear-gradient(180deg,#0d1330 0%,#1b2150 60%,#2a2f63 100%);color:#e8ebff;min-height:100vh}
body.night .card{background:rgba(255,255,255,.07);box-shadow:none;border:1px solid rgba(255,255,255,.1)}
body.night .muted,body.night .stamp{color:#aab2da}body.night .avatar{background:#5b45c9}
body.night .btn{background:#f5c84c;color:#1b2150}body.night .pill{background:rgba(245,200,76,.18);color:#f5c84c}
.moon{font-size:40px;line-height:1}
.dialog-mask{position:fixed;inset:0;background:rgba(0,0,0,.7);display:grid;place-items:center;z-index:10}.dialog-mask[hidden]{display:none}
.dialog{width:320px;max-width:90%;background:#fff;color:#323233;border-radius:16px;overflow:hidden;text-align:center}
.dialog-title{padding-top:26px;font-weight:600;font-size:16px}.dialog-message{padding:8px 24px 26px;font-size:14px;color:#646566;line-height:20px}
.dialog-actions{display:flex;border-top:1px solid #ebedf0}.dialog-btn{flex:1;min-height:48px;border:0;background:#fff;font:inherit;font-size:16px;color:#323233;cursor:pointer}
.dialog-btn+.dialog-btn{border-left:1px solid #ebedf0}.dialog-btn.danger{color:#ee0a24}
.gap{margin-top:6px}
`;

export function page(opts: { title: string; night?: boolean; body: Html; script?: string; nonce: string | undefined }): Html {
  const nonce = opts.nonce ?? '';
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${opts.title}</title><style nonce="${nonce}">${raw(CSS)}</style></head>
<body class="${opts.night ? 'night' : 'day'}" data-theme="${opts.night ? 'night' : 'day'}"><main>${opts.body}</main>${opts.script ? html`<script nonce="${nonce}">${raw(opts.script)}</script>` : ''}</body></html>`;
}

/** A full-page message (bad link, expired link, not found): clear, in Chinese, with nothing stored. */
export function messagePage(title: string, text: string, nonce: string | undefined): Html {
  return page({ title, nonce, body: html`<div class="card" data-testid="message"><h1>${title}</h1><p>${text}</p></div>` });
}
