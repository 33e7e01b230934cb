/** @module Renders a profile wall (day or night theme) with the delayed "away" hint as a few bytes of inline JS. */
import { html } from 'hono/html';
import { page } from './layout';
import type { WallView } from '../../core/walls/wall';

/** Milliseconds after opening before the away hint shows. */
export const HINT_DELAY_MS = 2500;

export function renderWall(v: WallView, nonce: string | undefined) {
  const qr = v.qr
    ? html`<div class="card qr" data-testid="qr">
        <img src="${v.qr.url}" alt="${v.qr.caption} 的二维码" width="180" height="180">
        <div>${v.qr.caption}</div>
        <div class="stamp" data-testid="qr-stamp">更新于 ${v.qr.updatedAt}${v.qr.pending ? '（正在切换到当前值班）' : ''}</div>
      </div>`
    : html`<div class="card qr muted" data-testid="qr-missing">${v.night ? v.noCodeText : '二维码暂不可用'}</div>`;
  const backup = v.backup
    ? html`<div class="card" data-testid="backup-channel">主渠道暂时无人响应（自 ${v.backup.since}）。请通过
        <a href="${v.backup.url}">${v.backup.name}</a> 联系我们。</div>`
    : '';
  const next = v.night && v.nextOpen
    ? html`<div class="card"><div class="muted">下次营业</div><div class="next" data-testid="next-open">${v.nextOpen}</div></div>` : '';
  const chat = v.chatUrl ? html`<a class="btn" data-testid="chat" href="${v.chatUrl}">立即咨询</a>` : '';
  const appointment = v.appointmentUrl
    ? html`<a class="btn ${v.chatUrl ? 'ghost' : ''}" data-testid="appointment" href="${v.appointmentUrl}">预约回电</a>
        <div class="muted gap">进入客服会话后会收到预约表单链接。</div>` : '';
  const action = html`${chat}${appointment}`;
  const body = html`
    <div class="card">
      <div class="who">
        <div class="avatar">${v.night ? '☾' : v.title.slice(0, 1)}</div>
        <div><div class="muted" data-testid="org">${v.orgName}</div><h1 data-testid="name">${v.title}</h1>
          <span class="pill ${v.away ? 'away' : ''}" data-testid="status">${v.statusLabel}</span>
          <span class="muted" data-testid="window"> · ${v.windowLabel}</span></div>
      </div>
      ${action}
    </div>
    ${backup}${next}${qr}
    ${v.hint ? html`<div class="hint" id="hint" role="status" data-testid="hint" hidden>${v.hint}</div>` : ''}`;
  const script = v.hint ? `setTimeout(function(){document.getElementById("hint").hidden=false},${HINT_DELAY_MS})` : undefined;
  return page({ title: `${v.orgName} · ${v.title}`, night: v.night, body, nonce, ...(script ? { script } : {}) });
}
