/**
 * @module What the screen inventory checks on a page: the seeded ids that must never be shown as text (read from
 * the product's database), the message keys that must never leak untranslated, and one in-page inspection for
 * ISO timestamps, horizontal overflow and touch targets under 44×44 px.
 */
import type { Page } from 'playwright-core';
import type { Moonshift } from '../../../server/app/start';
import { agents, customers, kfAccounts, ruleSets, templates } from '../../../server/adapters/db/sqlite/schema/index';
import { adminMessages } from '../../../web/src/admin/messages';
import { demoMessages } from '../../../web/src/demo/messages';
import { sidebarMessages } from '../../../web/src/sidebar/messages';
import { AGENT_STATUSES, CALENDAR_WINDOWS, TEMPLATE_KINDS } from '../../../shared/domain/vocabulary';
import { DEFAULT_INTENT_PACK } from '../../../shared/intent/pack';
import { ACTIONS, CONDITIONS } from '../../../shared/engine/catalogue';
import { intentLabel, statusLabel, templateKindLabel, windowLabel } from '../../../shared/format/index';

/**
 * Ids people must not read: agents' userids, 微信客服 account ids, customers' external_userids, template ids,
 * rule-set version ids, and rule ids that are not plain words (an id like `lunch` is indistinguishable from the
 * English word on an English screen, so only ids with `_` or a digit are checked).
 */
export function seededIds(deps: Moonshift['deps']): string[] {
  const db = deps.db;
  const ruleIds = db.select({ body: ruleSets.body }).from(ruleSets).all()
    .flatMap((r) => ((JSON.parse(r.body) as { rules?: Array<{ id: string }> }).rules ?? []).map((x) => x.id))
    .filter((id) => /[_\d]/.test(id));
  const ids = [
    ...db.select({ id: agents.userid }).from(agents).all().map((r) => r.id),
    ...db.select({ id: kfAccounts.openKfid }).from(kfAccounts).all().map((r) => r.id),
    ...db.select({ id: customers.externalUserid }).from(customers).all().map((r) => r.id),
    ...db.select({ id: templates.id }).from(templates).all().map((r) => r.id),
    ...db.select({ id: ruleSets.version }).from(ruleSets).all().map((r) => r.id),
    ...ruleIds,
  ];
  return [...new Set(ids)].filter((id) => id.length >= 3);
}

/** Every dotted key of the pages' message tables (e.g. `tabs.why`), as it would show if a translation were missing. */
export function messageKeys(): string[] {
  const keys = new Set<string>();
  const walk = (o: unknown, prefix: string) => {
    if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, prefix ? `${prefix}.${k}` : k);
    else if (prefix.includes('.')) keys.add(prefix);
  };
  for (const table of [adminMessages, demoMessages, sidebarMessages]) for (const m of Object.values(table)) walk(m, '');
  return [...keys];
}

/**
 * The product's internal words that an English screen must translate, drawn from the source lists (calendar
 * windows, agent statuses, template kinds, the default intent pack's ids): as they are written in code, lower-case
 * and whole. A word the English pages themselves use in their own sentences (their message tables, the rule
 * catalogue's and the shared formatter's English names: "online", "holiday"…) cannot tell a raw id from English,
 * so it is left out; what remains are ids no English sentence of the product says (`lunch`, `dnd`, `custom`,
 * `refund`, `product_info`…). Text an element marks `translate="no"` (ids shown on purpose, keywords, JSON) is skipped.
 */
export function rawEnumWords(): string[] {
  const english = new Set<string>();
  const collect = (o: unknown) => {
    if (typeof o === 'string') for (const w of o.match(/[A-Za-z_]+/g) ?? []) english.add(w);
    else if (o && typeof o === 'object') for (const v of Object.values(o)) collect(v);
  };
  for (const table of [adminMessages, demoMessages, sidebarMessages]) collect(table.en);
  for (const c of [...CONDITIONS, ...ACTIONS]) collect(c.label.en);
  const ids = [
    ...CALENDAR_WINDOWS.map((w) => [w, windowLabel(w, 'en')]),
    ...AGENT_STATUSES.map((s) => [s, statusLabel(s, 'en')]),
    ...TEMPLATE_KINDS.map((k) => [k, templateKindLabel(k, 'en')]),
    ...DEFAULT_INTENT_PACK.map((i) => [i.id, intentLabel(i.id, 'en')]),
  ] as Array<[string, string]>;
  for (const [, label] of ids) collect(label);
  return [...new Set(ids.map(([id]) => id))].filter((id) => !english.has(id));
}

/** WeCom's session states as numbers (`state 3`, `→ 3`): the sidebar and admin name them (人工接待 / with an agent). */
export const RAW_STATE = /\b(?:service_)?state\s*[:=]?\s*[0-4]\b/gi;

/** Console noise that is not a fault: 401s of a first visit before sign-in, a missing favicon. */
export function expectedNoise(error: string): boolean {
  return /status of 401 .*\/(auth\/me|api\/[^ ]*)\)|favicon\.ico/.test(error);
}

export interface Findings { ids: string[]; keys: string[]; rawWords: string[]; isoTimes: string[]; overflow: number; smallTargets: string[] }

/** Inspects the page as rendered: its visible text, its width, and (on touch surfaces) each target's box. */
export async function inspectPage(page: Page, o: { touch: boolean; ids: string[]; keys: string[]; rawWords?: string[] }): Promise<Findings> {
  return page.evaluate(({ touch, ids, keys, rawWords, rawState }) => {
    const text = document.body.innerText;
    const word = (s: string) => new RegExp(`(^|[^A-Za-z0-9_.-])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`);
    const foundIds = ids.filter((id) => word(id).test(text));
    const foundKeys = keys.filter((k) => word(k).test(text));
    if (text.includes('{{')) foundKeys.push('{{');
    // raw enum words, in the visible text outside [translate=no] (ids shown on purpose, keywords, JSON): case-sensitive
    // (labels are capitalised, ids are not), not inside a URL, each finding with its text so it says where
    const lines: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !(n.textContent ?? '').trim() || el.closest('[translate=no], script, style, [aria-hidden=true]') || !el.checkVisibility()) continue;
      lines.push(n.textContent!);
    }
    const raw = (s: string) => new RegExp(`(^|[^A-Za-z0-9_./:#?=&-])${s}($|[^A-Za-z0-9_/-])`);
    const foundRaw = rawWords.flatMap((w) => lines.filter((l) => raw(w).test(l)).map((l) => `${w}: ${l.trim().slice(0, 120)}`));
    for (const l of lines) for (const m of l.match(new RegExp(rawState, 'gi')) ?? []) foundRaw.push(`${m}: ${l.trim().slice(0, 120)}`);
    const isoTimes = text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^\s]*/g) ?? [];
    const root = document.documentElement;
    const overflow = Math.max(0, root.scrollWidth - root.clientWidth);
    const smallTargets: string[] = [];
    if (touch) {
      const selector = [
        'button', 'a[href]', '[role=button]', 'input:not([type=hidden])', 'select', 'textarea',
        '.van-button', '.van-tab', '.van-switch', '.van-checkbox', '.van-radio', '.van-cell--clickable', '.van-tabbar-item',
        '.van-action-sheet__item', '.van-stepper__minus', '.van-stepper__plus', '.van-dialog__confirm', '.van-dialog__cancel',
        '.van-nav-bar__left', '.van-nav-bar__right', '.van-tag--closeable', '.van-picker__confirm', '.van-picker__cancel',
      ].join(',');
      const inlineInText = (el: Element) => {
        if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
        return [...(el.parentElement?.childNodes ?? [])].some((n) => n !== el && n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      };
      for (const el of document.querySelectorAll(selector)) {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none' || el.closest('[aria-hidden=true]')) continue;
        const own = el.getBoundingClientRect();
        if (own.width === 0 && own.height === 0) continue;
        if (inlineInText(el)) continue;
        // A form control's target is its label or field row; a control inside a bigger target is that target.
        const box = (el.closest('label, .van-field, .van-cell--clickable, .van-checkbox, .van-radio') ?? el).getBoundingClientRect();
        if (box.width < 43.5 || box.height < 43.5) {
          const label = (el.textContent ?? '').trim().slice(0, 20) || el.getAttribute('aria-label') || el.getAttribute('name') || '';
          smallTargets.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${label}" ${Math.round(box.width)}×${Math.round(box.height)}`);
        }
      }
    }
    return { ids: foundIds, keys: foundKeys, rawWords: foundRaw, isoTimes, overflow, smallTargets };
  }, { ...o, rawWords: o.rawWords ?? [], rawState: RAW_STATE.source });
}
