/**
 * @module Links inside a chat text, as WeChat shows them: tappable and short. A bot text such as
 * “…预约回电：https://host/f/1.179….<90 characters>。” becomes text + a link labelled 预约表单 (our own form) or the
 * site's host, so the bubble reads like a sentence. Pure: no DOM.
 */

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; href: string; label: string };

/** A web address, up to the first space or Chinese punctuation; ASCII punctuation at its very end is the sentence's. */
const URL_PATTERN = /https?:\/\/[^\s，。！？；、：“”‘’（）【】《》<>"']+/g;
const TRAILING = /[.,;:!?)\]]+$/;

/** What a link is called in the bubble: the appointment form by name, any other site by its host. */
export function linkLabel(href: string, names: { form: string }, origin?: string): string {
  try {
    const u = new URL(href);
    if (/^\/f\/[^/]+$/.test(u.pathname) && (origin === undefined || u.origin === origin)) return names.form;
    return u.pathname.length > 1 ? `${u.host}/…` : u.host;
  } catch {
    return href;
  }
}

export function splitLinks(text: string, names: { form: string }, origin?: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const href = m[0].replace(TRAILING, '');
    const start = m.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', href, label: linkLabel(href, names, origin) });
    last = start + href.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
