/**
 * @module Render a template into a WeCom kf send body (WECOM.md §3.3: `text` or `msgmenu`), substituting
 * variables with safe fallbacks and keeping text within 2048 bytes. Pure: no I/O.
 */
import type { Template, MenuItem } from './model';
import { TEXT_MAX_BYTES, MENU_MAX_ITEMS, utf8Bytes } from './model';
import { VARIABLE_BY_NAME, VARIABLE_PATTERN, type TemplateVars } from './variables';

export type WecomMenuItem =
  | { type: 'click'; click: { id: string; content: string } }
  | { type: 'view'; view: { url: string; content: string } }
  | { type: 'miniprogram'; miniprogram: { appid: string; pagepath: string; content: string } };

export type WecomSendBody =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'msgmenu'; msgmenu: { head_content: string; list: WecomMenuItem[]; tail_content: string } };

const valueOf = (vars: TemplateVars, name: string): string | null => {
  const v = (vars as Record<string, string | null | undefined>)[name];
  return v == null || v.trim() === '' ? null : v;
};

/** A clause: up to and including its closing mark (，；。！？ or a line break), or the rest of the text. */
const CLAUSE = /[^，；。！？\n]*(?:[，；。！？]+|\n|$)/gu;

/**
 * Leaves out every clause that holds an optional variable without a value (see `TemplateVariable.optional`);
 * when that leaves the text ending in a comma or colon, it ends with a full stop instead.
 */
function dropEmptyOptional(text: string, vars: TemplateVars): string {
  const missing = (clause: string) => [...clause.matchAll(VARIABLE_PATTERN)]
    .some((m) => VARIABLE_BY_NAME.get(m[1] ?? '')?.optional === true && valueOf(vars, m[1] ?? '') === null);
  const clauses = text.match(CLAUSE) ?? [text];
  const kept = clauses.filter((c) => !missing(c));
  if (kept.length === clauses.length) return text;
  return kept.join('').replace(/[，、：；]+$/u, '。');
}

/**
 * Replace `{{name}}` with its value, or the variable's fallback when missing/empty; a sentence holding an optional
 * variable without a value is left out; unknown variables are left as they are.
 */
export function substitute(text: string, vars: TemplateVars): string {
  if (!text.includes('{{')) return text;
  return dropEmptyOptional(text, vars).replace(VARIABLE_PATTERN, (whole, name: string) => {
    const def = VARIABLE_BY_NAME.get(name);
    if (!def) return whole;
    return valueOf(vars, name) ?? def.fallback;
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
  if (it.type === 'view') return { type: 'view', view: { url: substitute(it.view.url, vars), content: substitute(it.view.content, vars) } };
  const mp = it.miniprogram;
  return { type: 'miniprogram', miniprogram: { appid: mp.appid, pagepath: substitute(mp.pagepath, vars), content: substitute(mp.content, vars) } };
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
  const items = m.list.map((it) => `[${it.type === 'click' ? it.click.content : it.type === 'view' ? it.view.content : it.miniprogram.content}]`);
  return [m.head_content, ...items, m.tail_content].filter((s) => s !== '').join('\n');
}
