/**
 * @module Render a template into a WeCom kf send body (WECOM.md §3.3: `text` or `msgmenu`), substituting
 * variables with safe fallbacks and keeping text within 2048 bytes. Pure: no I/O.
 */
import type { Template, MenuItem } from './model';
import { TEXT_MAX_BYTES, MENU_MAX_ITEMS, utf8Bytes } from './model';
import { VARIABLE_BY_NAME, VARIABLE_PATTERN, type TemplateVars } from './variables';

export type WecomMenuItem =
  | { type: 'click'; click: { id: string; content: string } }
  | { type: 'view'; view: { url: string; content: string } };

export type WecomSendBody =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'msgmenu'; msgmenu: { head_content: string; list: WecomMenuItem[]; tail_content: string } };

/** Replace `{{name}}` with its value, or the variable's fallback when missing/empty; unknown → left as is. */
export function substitute(text: string, vars: TemplateVars): string {
  if (!text.includes('{{')) return text;
  return text.replace(VARIABLE_PATTERN, (whole, name: string) => {
    const def = VARIABLE_BY_NAME.get(name);
    if (!def) return whole;
    const v = (vars as Record<string, string | null | undefined>)[name];
    return v == null || v.trim() === '' ? def.fallback : v;
  });
}

/** Text made safe to put inside HTML (WeCom textcard descriptions, server-rendered pages). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Cut a string to at most `max` UTF-8 bytes at a code-point boundary, marking the cut with "…". */
export function truncateBytes(s: string, max: number): string {
  if (utf8Bytes(s) <= max) return s;
  const ellipsis = '…';
  let budget = max - utf8Bytes(ellipsis);
  let out = '';
  for (const ch of s) {
    const n = utf8Bytes(ch);
    if (n > budget) break;
    budget -= n;
    out += ch;
  }
  return out + ellipsis;
}

function renderItem(it: MenuItem, vars: TemplateVars): WecomMenuItem {
  if (it.type === 'click') return { type: 'click', click: { id: it.click.id, content: substitute(it.click.content, vars) } };
  return { type: 'view', view: { url: substitute(it.view.url, vars), content: substitute(it.view.content, vars) } };
}

/** Template + values → the exact body for `kf/send_msg` / `send_msg_on_event` (without touser/open_kfid). */
export function renderTemplate(template: Template, vars: TemplateVars): WecomSendBody {
  if (template.msgtype === 'text') {
    return { msgtype: 'text', text: { content: truncateBytes(substitute(template.body, vars), TEXT_MAX_BYTES) } };
  }
  const list = template.items.slice(0, MENU_MAX_ITEMS).map((it) => renderItem(it, vars))
    // a view item whose URL rendered empty (missing form link) cannot be sent: drop it
    .filter((it) => it.type !== 'view' || it.view.url.trim() !== '');
  return {
    msgtype: 'msgmenu',
    msgmenu: {
      head_content: truncateBytes(substitute(template.head_content, vars), TEXT_MAX_BYTES / 2),
      list,
      tail_content: truncateBytes(substitute(template.tail_content, vars), TEXT_MAX_BYTES / 4),
    },
  };
}

/** Plain-text preview of any send body (sidebar, logs, simulator inbox). */
export function previewText(body: WecomSendBody): string {
  if (body.msgtype === 'text') return body.text.content;
  const m = body.msgmenu;
  const items = m.list.map((it) => (it.type === 'click' ? `[${it.click.content}]` : `[${it.view.content}]`));
  return [m.head_content, ...items, m.tail_content].filter((s) => s !== '').join('\n');
}
