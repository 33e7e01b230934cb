/**
 * @module Renders the appointment form: book (name, mobile, slot, question, honeypot) or, with an active booking,
 * reschedule / cancel. Cancelling asks first: a dialog in the look of Vant's (the page carries no framework JS, so
 * a few nonce'd lines open it), and without JS the server answers an unconfirmed cancel with the same question.
 */
import { html } from 'hono/html';
import type { AppointmentRow } from '../../adapters/db/sqlite/schema/index';
import { page } from './layout';
import type { Slot } from '../../core/appointments/slots';
import { maskMobile } from '../../core/appointments/views';

export interface FormState {
  action: string;
  slots: Slot[];
  active: (AppointmentRow & { label: string }) | undefined;
  values?: Partial<Record<'name' | 'mobile' | 'slot' | 'question', string>>;
  errors?: Partial<Record<'name' | 'mobile' | 'slot' | 'question' | 'form', string>>;
  done?: 'booked' | 'rescheduled' | 'cancelled';
  /** A cancel arrived unconfirmed (no JS): ask on the page itself. */
  confirmCancel?: boolean;
  /** The request's CSP nonce for the page's inline style. */
  nonce?: string | undefined;
}

const DONE_TEXT = {
  booked: '预约成功！客服会在预约时间联系您；会话仍开放时，确认消息也会发到您的微信客服会话。',
  rescheduled: '已为您改约，新的时间见下方。',
  cancelled: '预约已取消。如需要，您可以重新预约。',
} as const;

function slotOptions(slots: Slot[], selected: string | undefined, exclude?: number) {
  const byDate = new Map<string, Slot[]>();
  for (const s of slots) if (s.start !== exclude) byDate.set(s.localDate, [...(byDate.get(s.localDate) ?? []), s]);
  return [...byDate.values()].map((list) => html`<optgroup label="${list[0]!.label.split('）')[0]}）">${list.map((s) => html`
    <option value="${String(s.start)}" ${s.left === 0 ? 'disabled' : ''} ${selected === String(s.start) ? 'selected' : ''}>${s.label}${s.left === 0 ? '（已约满）' : `（剩 ${s.left} 位）`}</option>`)}</optgroup>`);
}

const err = (m: string | undefined) => (m ? html`<div class="err" data-testid="error">${m}</div>` : '');

const CANCEL_QUESTION = '确定取消这个预约吗？取消后这个时间会让给其他客户。';

/** The cancel question as a Vant-style dialog: 保留预约 closes it, 确认取消 sends the cancel with `confirm=yes`. */
function cancelDialog(action: string) {
  return html`<div class="dialog-mask" id="cancel-dialog" data-testid="cancel-dialog" role="dialog" aria-modal="true" aria-labelledby="cancel-title" hidden>
    <form class="dialog" method="post" action="${action}">
      <div class="dialog-title" id="cancel-title">取消预约</div>
      <div class="dialog-message">${CANCEL_QUESTION}</div>
      <input type="hidden" name="action" value="cancel"><input type="hidden" name="confirm" value="yes">
      <div class="dialog-actions">
        <button type="button" class="dialog-btn" data-testid="cancel-keep" id="cancel-keep">保留预约</button>
        <button type="submit" class="dialog-btn danger" data-testid="cancel-confirm">确认取消</button>
      </div>
    </form>
  </div>`;
}

const CANCEL_SCRIPT = `(function(){var f=document.querySelector('[data-testid="cancel-form"]'),d=document.getElementById("cancel-dialog");if(!f||!d)return;
f.addEventListener("submit",function(e){e.preventDefault();d.hidden=false;document.getElementById("cancel-keep").focus()});
document.getElementById("cancel-keep").addEventListener("click",function(){d.hidden=true});})()`;

export function renderForm(s: FormState) {
  const v = s.values ?? {}, e = s.errors ?? {};
  const banner = s.done ? html`<div class="banner ok" data-testid="done">${DONE_TEXT[s.done]}</div>`
    : e.form ? html`<div class="banner bad" data-testid="form-error">${e.form}</div>` : '';
  const body = s.active
    ? html`${banner}<div class="card" data-testid="appointment">
        <h2>您的预约</h2>
        <div class="next" data-testid="appointment-slot">${s.active.label}</div>
        <div class="muted">${s.active.customerName} · ${maskMobile(s.active.mobile)}</div>
        ${s.active.question ? html`<p>${s.active.question}</p>` : ''}
      </div>
      <form class="card" method="post" action="${s.action}" data-testid="reschedule-form">
        <h2>改约</h2>
        <input type="hidden" name="action" value="reschedule">
        <label for="slot">新的时间</label>
        <select id="slot" name="slot" required><option value="">请选择</option>${slotOptions(s.slots, v.slot, s.active.slotStart)}</select>${err(e.slot)}
        <button class="btn" type="submit">确认改约</button>
      </form>
      ${s.confirmCancel
        ? html`<form class="card" method="post" action="${s.action}" data-testid="cancel-confirm-page">
            <p>${CANCEL_QUESTION}</p>
            <input type="hidden" name="action" value="cancel"><input type="hidden" name="confirm" value="yes">
            <button class="btn danger" type="submit" data-testid="cancel-confirm">确认取消</button>
            <a class="btn ghost" href="${s.action}" data-testid="cancel-keep">保留预约</a>
          </form>`
        : html`<form class="card" method="post" action="${s.action}" data-testid="cancel-form">
            <input type="hidden" name="action" value="cancel">
            <button class="btn danger" type="submit">取消预约</button>
          </form>${cancelDialog(s.action)}`}`
    : html`${banner}<form class="card" method="post" action="${s.action}" data-testid="book-form" novalidate>
        <h2>预约回电</h2>
        <div class="muted">留下联系方式和方便的时间，客服会在营业时间按时给您回电。</div>
        <input type="hidden" name="action" value="book">
        <label for="name">称呼</label>
        <input id="name" name="name" maxlength="30" autocomplete="name" value="${v.name ?? ''}" required>${err(e.name)}
        <label for="mobile">手机号</label>
        <input id="mobile" name="mobile" inputmode="numeric" maxlength="11" autocomplete="tel" value="${v.mobile ?? ''}" required>${err(e.mobile)}
        <label for="slot">时间</label>
        <select id="slot" name="slot" required><option value="">请选择</option>${slotOptions(s.slots, v.slot)}</select>${err(e.slot)}
        <label for="question">想咨询的问题</label>
        <textarea id="question" name="question" maxlength="500">${v.question ?? ''}</textarea>${err(e.question)}
        <div class="trap" aria-hidden="true"><label for="website">网址</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
        <button class="btn" type="submit" data-testid="submit">提交预约</button>
      </form>`;
  return page({ title: '预约回电', body, nonce: s.nonce, ...(s.active && !s.confirmCancel ? { script: CANCEL_SCRIPT } : {}) });
}
