import { describe, expect, it } from 'vitest';
import { clockTime, dateTime, durationText, intentLabel, personName, statusLabel, templateKindLabel, windowLabel } from '../../../shared/format';

const AT = Date.parse('2026-11-26T05:30:00Z'); // 13:30 in Shanghai, 21:30 (previous day) in Los Angeles

describe('the one formatter', () => {
  it('reads times on the organisation clock whatever the machine zone', () => {
    expect(clockTime(AT, 'zh', 'Asia/Shanghai')).toBe('13:30');
    expect(clockTime(AT, 'en', 'America/Los_Angeles')).toBe('21:30');
    expect(dateTime(AT, 'zh', 'Asia/Shanghai')).toBe('2026/11/26 13:30');
  });

  it('says durations with at most two units, Chinese first', () => {
    expect(durationText(45_000, 'zh')).toBe('45 秒');
    expect(durationText(200_000, 'zh')).toBe('3 分 20 秒');
    expect(durationText(180_000, 'zh')).toBe('3 分钟');
    expect(durationText(3_900_000, 'zh')).toBe('1 小时 5 分');
    expect(durationText(3_600_000, 'zh')).toBe('1 小时');
    expect(durationText(2 * 86_400_000 + 3 * 3_600_000 + 59_000, 'en')).toBe('2 d 3 h');
    expect(durationText(-5, 'zh')).toBe('0 秒');
  });

  it('names statuses, windows, kinds and intents instead of showing their ids', () => {
    expect(statusLabel('moon', 'zh')).toBe('月球模式');
    expect(statusLabel('dnd', 'en')).toBe('Do not disturb');
    expect(windowLabel('lunch', 'zh')).toBe('午休');
    expect(templateKindLabel('faq_card', 'zh')).toBe('常见问题卡片');
    expect(intentLabel('complaint', 'zh')).toBe('投诉');
    expect(intentLabel('shipping_delay', 'zh', { shipping_delay: { zh: '发货延迟', en: 'Shipping delay' } })).toBe('发货延迟');
    expect(intentLabel('never_defined', 'zh')).toBe('其他');
    expect(intentLabel(null, 'en')).toBe('Unknown');
  });

  it('shows people by name, never by userid', () => {
    expect(personName('wangwu', { wangwu: '王五' })).toBe('王五');
    expect(personName('wangwu', new Map([['wangwu', '王五']]))).toBe('王五');
    expect(personName('ghost', {})).toBe('同事');
  });
});

describe('WeCom session states and diagnostics results', () => {
  it('names a session state by its meaning, and a result with a state in words', async () => {
    const { serviceStateLabel, diagnosticResultLabel } = await import('../../../shared/format');
    expect([0, 1, 2, 3, 4].map((s) => serviceStateLabel(s, 'zh'))).toEqual(['未处理', '由智能助手接待', '待接入池排队中', '由人工接待', '已结束']);
    expect(serviceStateLabel(3, 'en')).toBe('with a human agent');
    const zh = diagnosticResultLabel('faq card not sendable in state 3', 'zh', (u) => u);
    expect(zh).toBe('会话由人工接待，常见问题卡片无法发送');
    expect(diagnosticResultLabel('faq card not sendable in state 1', 'en', (u) => u)).toBe('FAQ card not sent: the conversation is with the smart assistant');
    expect(diagnosticResultLabel('something new', 'zh', (u) => u)).toBeNull();
  });
});
