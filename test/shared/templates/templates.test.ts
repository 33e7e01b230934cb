/** @module Tests for templates: save-time validation, rendering to WeCom bodies, the default templates. */
import { describe, it, expect } from 'vitest';
import {
  validateTemplate, renderTemplate, previewText, sampleVars, TEMPLATE_VARIABLES, truncateBytes, utf8Bytes, type Template,
} from '../../../shared/templates';
import { DEFAULT_TEMPLATES, renderAction, varsFromFacts, decide, DEFAULT_RULE_SET } from '../../../shared/engine';
import { TEMPLATE_KINDS } from '../../../shared/domain/vocabulary';
import { buildFacts } from '../engine/facts';

const text = (body: string) => ({ id: 't1', name: 'T', kind: 'night', msgtype: 'text', body });
const menu = (n: number) => ({
  id: 'm1', name: 'M', kind: 'lunch', msgtype: 'msgmenu', head_content: '午休中',
  items: Array.from({ length: n }, (_, i) => ({ type: 'click', click: { id: `c${i}`, content: `选项${i}` } })), tail_content: '',
});

describe('validateTemplate', () => {
  it('accepts known variables', () => {
    expect(validateTemplate(text('{{customer.nickname}}，{{ next_open }}见')).ok).toBe(true);
  });
  it('names an unknown variable and its position', () => {
    const v = validateTemplate(text('您好 {{customer.name}}，{{next_open}} {{foo}}'));
    expect(v.ok ? [] : v.errors).toEqual([
      { path: 'body', index: 3, message: 'unknown variable {{customer.name}} at position 3 in body' },
      { path: 'body', index: 35, message: 'unknown variable {{foo}} at position 35 in body' },
    ]);
  });
  it('checks variables in menu items and URLs too', () => {
    const t = { ...menu(1), items: [{ type: 'view', view: { url: '{{form_url}}', content: '预约' } }] };
    const v = validateTemplate(t);
    expect(v.ok ? [] : v.errors.map((e) => e.path)).toEqual(['items.0.view.url']);
  });
  it('rejects an empty body, an unclosed brace and a body over 2048 bytes', () => {
    const errs = (b: string) => { const v = validateTemplate(text(b)); return v.ok ? [] : v.errors.map((e) => e.message); };
    expect(errs('   ')).toEqual(['body is empty']);
    expect(errs('hi {{next_open')).toEqual(['unclosed "{{" in body']);
    expect(errs('字'.repeat(683))).toEqual(['body is too long: 2049 bytes > 2048']);
    expect(errs('字'.repeat(682))).toEqual([]);
  });
  it('rejects more than 10 menu items and duplicate click ids', () => {
    const v = validateTemplate(menu(11));
    expect(v.ok ? [] : v.errors.map((e) => e.message)).toEqual(['too many menu items: 11 > 10']);
    expect(validateTemplate(menu(10)).ok).toBe(true);
    const dup = { ...menu(2), items: [menu(1).items[0], menu(1).items[0]] };
    const d = validateTemplate(dup);
    expect(d.ok ? [] : d.errors.map((e) => e.path)).toEqual(['items.1.click.id']);
  });
  it('rejects schema errors with paths (unknown kind, bad item type)', () => {
    const v = validateTemplate({ ...text('x'), kind: 'weekend' });
    expect(v.ok ? [] : v.errors.map((e) => e.path)).toEqual(['kind']);
  });
});

describe('renderTemplate', () => {
  it('renders text exactly as kf/send_msg expects', () => {
    const t = validateTemplate(text('{{customer.nickname}}，我们将于{{next_open}}上线')) as { ok: true; template: Template };
    expect(renderTemplate(t.template, { 'customer.nickname': '小王', next_open: '10月8日（周四）09:00' })).toEqual({
      msgtype: 'text', text: { content: '小王，我们将于10月8日（周四）09:00上线' },
    });
  });
  it('falls back to "您好" when the nickname is missing or blank', () => {
    const t = validateTemplate(text('{{customer.nickname}}，请稍候')) as { ok: true; template: Template };
    expect(renderTemplate(t.template, {})).toEqual({ msgtype: 'text', text: { content: '您好，请稍候' } });
    expect(renderTemplate(t.template, { 'customer.nickname': '  ' })).toEqual({ msgtype: 'text', text: { content: '您好，请稍候' } });
  });
  it('renders a msgmenu with click and view items and drops a view item without a URL', () => {
    const lunch = DEFAULT_TEMPLATES.find((t) => t.id === 'tpl_lunch')!;
    const body = renderTemplate(lunch, { next_open: '14:00', form_link: 'https://x.test/f/1' });
    expect(body).toEqual({
      msgtype: 'msgmenu',
      msgmenu: {
        head_content: '您好，现在是午休时间（13:00–14:00），14:00恢复人工服务。',
        list: [
          { type: 'click', click: { id: 'appointment', content: '预约回电' } },
          { type: 'view', view: { url: 'https://x.test/f/1', content: '填写预约表单' } },
          { type: 'click', click: { id: 'urgent', content: '我有紧急问题' } },
        ],
        tail_content: '您也可以直接留言，我们上班后按顺序回复。',
      },
    });
    const noLink = renderTemplate(lunch, {});
    expect(noLink.msgtype === 'msgmenu' && noLink.msgmenu.list.map((i) => i.type)).toEqual(['click', 'click']);
  });
  it('renders a mini-program item as kf/send_msg names it (pagepath), with variables, and previews its title', () => {
    const v = validateTemplate({
      id: 'mp', name: 'MP', kind: 'custom', msgtype: 'msgmenu', head_content: '{{customer.nickname}}，请选择：',
      items: [{ type: 'miniprogram', miniprogram: { appid: 'wx1234567890abcdef', pagepath: 'pages/order?n={{customer.nickname}}', content: '打开小程序' } }],
      tail_content: '',
    }) as { ok: true; template: Template };
    expect(v.ok).toBe(true);
    const body = renderTemplate(v.template, { 'customer.nickname': '小明' });
    expect(body).toEqual({ msgtype: 'msgmenu', msgmenu: {
      head_content: '小明，请选择：', tail_content: '',
      list: [{ type: 'miniprogram', miniprogram: { appid: 'wx1234567890abcdef', pagepath: 'pages/order?n=小明', content: '打开小程序' } }],
    } });
    expect(previewText(body)).toBe('小明，请选择：\n[打开小程序]');
    expect(validateTemplate({ ...v.template, items: [{ type: 'miniprogram', miniprogram: { appid: 'wx1', pagepath: 'p?{{nope}}', content: 'x' } }] }))
      .toMatchObject({ ok: false, errors: [expect.objectContaining({ path: 'items.0.miniprogram.pagepath' })] });
  });
  it('keeps rendered text within 2048 bytes', () => {
    const t = validateTemplate(text(`${'字'.repeat(600)}{{customer.nickname}}`)) as { ok: true; template: Template };
    const body = renderTemplate(t.template, { 'customer.nickname': '长'.repeat(400) });
    expect(body.msgtype === 'text' && utf8Bytes(body.text.content)).toBeLessThanOrEqual(2048);
    expect(truncateBytes('abc', 10)).toBe('abc');
    expect(truncateBytes('字字字字', 9)).toBe('字字…');
  });
});

describe('default templates', () => {
  it('cover every template kind and all validate', () => {
    const kinds = new Set(DEFAULT_TEMPLATES.map((t) => t.kind));
    for (const k of TEMPLATE_KINDS) expect(kinds.has(k), k).toBe(true);
    for (const t of DEFAULT_TEMPLATES) expect(validateTemplate(t), t.id).toMatchObject({ ok: true });
  });
  it('every variable in the catalogue has a description and a sample; previews render without braces', () => {
    for (const v of TEMPLATE_VARIABLES) { expect(v.description.zh).not.toBe(''); expect(v.sample).not.toBe(''); }
    for (const t of DEFAULT_TEMPLATES) expect(previewText(renderTemplate(t, sampleVars())), t.id).not.toContain('{{');
  });
  it('a decided night notice renders with next_open and the nickname', () => {
    const facts = buildFacts({ at: '2026-10-02T22:00:00+08:00', window: 'night', nickname: '小王' });
    const d = decide(facts, DEFAULT_RULE_SET, facts.now);
    const body = renderAction(d.actions[0]!, DEFAULT_TEMPLATES, varsFromFacts(facts, { nextOpenText: '10月9日（周五）09:00', formLink: 'https://x.test/f' }));
    expect(body?.msgtype === 'text' && body.text.content).toBe(
      '小王，现在是非工作时间（工作日 09:00–21:00），客服将于10月9日（周五）09:00上线。您可以先留言，我们上班后第一时间回复；也可以在这里预约回电：https://x.test/f。紧急问题请回复“紧急”，值班同事会马上处理。',
    );
    // with the org's emergency phone set, the notice ends with it
    const withPhone = renderAction(d.actions[0]!, DEFAULT_TEMPLATES, varsFromFacts(facts, { nextOpenText: '10月9日（周五）09:00', formLink: 'https://x.test/f', emergencyPhone: '400-820-1234' }));
    expect(withPhone?.msgtype === 'text' && withPhone.text.content).toMatch(/值班同事会马上处理。情况危急也可以直接拨打400-820-1234。$/);
  });
});
