/**
 * @module The pages' message tables as message functions (no vue-i18n compiler in the bundles): `{name}`
 * placeholders, lists read with `rt`, the English switch, and no table using syntax the functions do not know.
 */
import { describe, it, expect } from 'vitest';
import { adminMessages } from '../../web/src/admin/messages';
import { demoMessages } from '../../web/src/demo/messages';
import { sidebarMessages } from '../../web/src/sidebar/messages';
import { messageFunction, setupI18n } from '../../web/src/common/i18n';

describe('setupI18n with message functions', () => {
  it('fills {name} placeholders, in Chinese by default and in English when switched', () => {
    const i18n = setupI18n(sidebarMessages, 'zh');
    const { t, locale } = i18n.global;
    expect(t('until', { time: '18:00' })).toBe('至 18:00');
    expect(t('agentMismatch', { me: '张三', wanted: '李四' })).toBe('当前登录的是张三，链接指定的是李四');
    expect(t('errors.404')).toBe('找不到这条记录');
    locale.value = 'en';
    expect(t('until', { time: '18:00' })).toBe('until 18:00');
    expect(t('language')).toBe('中文');
  });

  it('reads a list with rt (admin weekday names) and answers te for a message that is there', () => {
    const { tm, rt, te } = setupI18n(adminMessages, 'en').global;
    expect((tm('dash.weekday') as unknown as Parameters<typeof rt>[0][]).map((x) => rt(x))).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(te('dash.days')).toBe(true);
    expect(te('dash.nope')).toBe(false);
  });

  it('keeps every other character literal, a missing value empty', () => {
    const f = messageFunction('提高 {p}%（{hours}）') as unknown as (ctx: { named(k: string): unknown }) => string;
    expect(f({ named: (k) => (k === 'p' ? 20 : undefined) })).toBe('提高 20%（）');
  });

  it('no table uses vue-i18n syntax the functions do not know (plural |, linked @:, list {0}, literal {\'x\'})', () => {
    const odd: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === 'string') { if (/[|@{}]/.test(v.replace(/\{[A-Za-z_]\w*\}/g, ''))) odd.push(`${path}: ${v}`); }
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(sidebarMessages, 'sidebar');
    walk(adminMessages, 'admin');
    walk(demoMessages, 'demo');
    expect(odd).toEqual([]);
  });
});
