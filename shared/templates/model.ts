/**
 * @module Template model (zod) and save-time validation: unknown variables (named, with position), empty
 * bodies, bodies over the WeCom text limit, too many menu items. Pure: no I/O.
 */
import { z } from 'zod';
import { TemplateKind } from '../domain/vocabulary';
import { findVariables, VARIABLE_BY_NAME } from './variables';

/** WECOM.md §3.3: text content ≤ 2048 bytes, msgmenu ≤ 10 items. */
export const TEXT_MAX_BYTES = 2048;
export const MENU_MAX_ITEMS = 10;

export const MenuItem = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('click'),
    click: z.object({ id: z.string().min(1).max(64), content: z.string().min(1).max(256) }),
  }),
  z.object({
    type: z.literal('view'),
    view: z.object({ url: z.string().min(1).max(1024), content: z.string().min(1).max(256) }),
  }),
  // WECOM.md §3.3: a mini-program item opens `pagepath` of the mini-program `appid` (the JS-SDK calls it `page`)
  z.object({
    type: z.literal('miniprogram'),
    miniprogram: z.object({ appid: z.string().min(1).max(64), pagepath: z.string().min(1).max(1024), content: z.string().min(1).max(256) }),
  }),
]);
export type MenuItem = z.infer<typeof MenuItem>;

const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'template id: letters, digits, _ or -'),
  name: z.string().min(1).max(80),
  kind: TemplateKind,
};

export const TextTemplate = z.object({ ...base, msgtype: z.literal('text'), body: z.string() });
export const MenuTemplate = z.object({
  ...base,
  msgtype: z.literal('msgmenu'),
  head_content: z.string().default(''),
  items: z.array(MenuItem),
  tail_content: z.string().default(''),
});
export const Template = z.discriminatedUnion('msgtype', [TextTemplate, MenuTemplate]);
export type Template = z.infer<typeof Template>;
export type TemplateInput = z.input<typeof Template>;

export interface TemplateError {
  /** Dotted path inside the template, e.g. `body` or `items.2.click.content`. */
  path: string;
  message: string;
  /** Character offset inside the field, for variable errors. */
  index?: number;
}

export type TemplateValidation =
  | { ok: true; template: Template }
  | { ok: false; errors: TemplateError[] };

const encoder = new TextEncoder();
export const utf8Bytes = (s: string): number => encoder.encode(s).length;

/** Every text field of a template that may carry variables, with its path. */
export function templateFields(t: Template): Array<[path: string, text: string]> {
  if (t.msgtype === 'text') return [['body', t.body]];
  const out: Array<[string, string]> = [['head_content', t.head_content]];
  t.items.forEach((it, i) => {
    if (it.type === 'click') out.push([`items.${i}.click.content`, it.click.content]);
    else if (it.type === 'view') out.push([`items.${i}.view.content`, it.view.content], [`items.${i}.view.url`, it.view.url]);
    else out.push([`items.${i}.miniprogram.content`, it.miniprogram.content], [`items.${i}.miniprogram.pagepath`, it.miniprogram.pagepath]);
  });
  out.push(['tail_content', t.tail_content]);
  return out;
}

function checkVariables(path: string, text: string, errors: TemplateError[]): void {
  for (const use of findVariables(text)) {
    if (!VARIABLE_BY_NAME.has(use.name)) {
      errors.push({
        path,
        index: use.index,
        message: `unknown variable {{${use.name}}} at position ${use.index} in ${path}`,
      });
    }
  }
  const open = text.split('{{').length - 1;
  const uses = findVariables(text).length;
  if (open > uses) errors.push({ path, message: `unclosed "{{" in ${path}` });
}

/** Save-time validation: schema first, then the content rules. */
export function validateTemplate(input: unknown): TemplateValidation {
  const parsed = Template.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  const t = parsed.data;
  const errors: TemplateError[] = [];
  for (const [path, text] of templateFields(t)) checkVariables(path, text, errors);
  if (t.msgtype === 'text') {
    if (t.body.trim() === '') errors.push({ path: 'body', message: 'body is empty' });
    const bytes = utf8Bytes(t.body);
    if (bytes > TEXT_MAX_BYTES) {
      errors.push({ path: 'body', message: `body is too long: ${bytes} bytes > ${TEXT_MAX_BYTES}` });
    }
  } else {
    if (t.items.length === 0 && t.head_content.trim() === '' && t.tail_content.trim() === '') {
      errors.push({ path: 'items', message: 'menu is empty: add a head text or at least one item' });
    }
    if (t.items.length > MENU_MAX_ITEMS) {
      errors.push({ path: 'items', message: `too many menu items: ${t.items.length} > ${MENU_MAX_ITEMS}` });
    }
    const bytes = templateFields(t).reduce((n, [, s]) => n + utf8Bytes(s), 0);
    if (bytes > TEXT_MAX_BYTES) {
      errors.push({ path: 'items', message: `menu is too long: ${bytes} bytes > ${TEXT_MAX_BYTES}` });
    }
    const ids = new Set<string>();
    t.items.forEach((it, i) => {
      if (it.type !== 'click') return;
      if (ids.has(it.click.id)) errors.push({ path: `items.${i}.click.id`, message: `duplicate menu id "${it.click.id}"` });
      ids.add(it.click.id);
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, template: t };
}
