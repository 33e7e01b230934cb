/** The admin's pure helpers for history and errors: rule-set diffs, audit changes in words, the org-clock picker, error rewording. */
import { describe, expect, it } from 'vitest';
import { diffRules, isEmptyDiff } from '../../../web/src/admin/rule-diff';
import { changeLines, type ChangeWords } from '../../../web/src/admin/audit-change';
import { fromLocalInput, toLocalInput } from '../../../web/src/admin/zoned-input';
import { issueText } from '../../../web/src/admin/error-text';
import type { Rule } from '../../../web/src/admin/api';

const rule = (id: string, over: Partial<Rule> = {}): Rule => ({
  id, name: id, priority: 100, enabled: true, trigger: 'message', emergency: false, stop: false,
  when: { all: [{ type: 'window', in: ['lunch'] }] }, then: [{ type: 'tag', tag: 'x' }], ...over,
} as Rule);

const words: ChangeWords = {
  status: (s) => ({ online: '在线', moon: '月球模式' })[s] ?? s, person: (u) => ({ lisi: '李四' })[u] ?? '同事',
  version: (v) => `版本 ${({ ra: 1, rb: 2 })[v] ?? '—'}`, field: (k) => ({ name: '名称', primaryUserid: 'A 岗' })[k] ?? k, yes: '是', no: '否',
};

describe('rule-set diff', () => {
  it('names added and removed rules and the fields that changed in a kept one', () => {
    const d = diffRules([rule('a'), rule('b', { priority: 500 })], [rule('b', { priority: 520, enabled: false }), rule('c')]);
    expect(d.added.map((r) => r.id)).toEqual(['c']);
    expect(d.removed.map((r) => r.id)).toEqual(['a']);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]!.fields.map((f) => [f.field, f.before, f.after])).toEqual([['priority', 500, 520], ['enabled', true, false]]);
  });
  it('is empty for the same rules in another order', () => {
    expect(isEmptyDiff(diffRules([rule('a'), rule('b')], [rule('b'), rule('a')]))).toBe(true);
  });
});

describe('audit changes in words', () => {
  it('says a status change and a publish by their names', () => {
    expect(changeLines('agent.status', '"online"', '"moon"', words)).toEqual(['在线 → 月球模式']);
    expect(changeLines('rules.rollback', '"rb"', '"ra"', words)).toEqual(['版本 2 → 版本 1']);
  });
  it('lists only the fields an edit changed, people by name', () => {
    const before = JSON.stringify({ id: 3, name: '夜班', primaryUserid: null, updatedAt: 1 });
    const after = JSON.stringify({ id: 3, name: '夜班组', primaryUserid: 'lisi', updatedAt: 2 });
    expect(changeLines('duty.group.update', before, after, words)).toEqual(['名称：夜班 → 夜班组', 'A 岗：— → 李四']);
  });
  it('names a created or deleted object', () => {
    expect(changeLines('template.delete', JSON.stringify({ id: 'tpl_x', name: '忙碌提示' }), null, words)).toEqual(['− 忙碌提示']);
  });
});

describe('date-time picker on the organisation clock', () => {
  it('reads the picker as Beijing wall-clock time whatever the device zone', () => {
    const ms = Date.parse('2026-11-26T13:30:00+08:00');
    expect(toLocalInput(ms, 'Asia/Shanghai')).toBe('2026-11-26T13:30');
    expect(fromLocalInput('2026-11-26T13:30', 'Asia/Shanghai')).toBe(ms);
    expect(fromLocalInput('2026-11-26T13:30', 'America/Los_Angeles')).toBe(Date.parse('2026-11-26T13:30:00-08:00'));
    expect(fromLocalInput('', 'Asia/Shanghai')).toBeNull();
  });
});

describe('validation messages in Chinese', () => {
  it('rewords an unknown template variable by name and position, without template syntax', () => {
    expect(issueText('unknown variable {{agent_name}} at position 5 in body')).toBe('第 6 个字处的变量“agent_name”不存在，请用“插入变量”选择');
    expect(issueText('body is too long: 3000 bytes > 2048')).toBe('内容太长（3000 字节，最多 2048）');
  });
});
