/** @module Optional variables: a sentence holding one without a value is left out, never sent with a hole in it. */
import { describe, it, expect } from 'vitest';
import { substitute } from '../../../shared/templates/render';

const T = '您好，现在休息。也可以在这里预约回电：{{form_link}}。情况危急请拨打{{org.emergency_phone}}。';

describe('optional template variables', () => {
  it('keeps every sentence when the values are there', () => {
    expect(substitute(T, { form_link: 'https://x/f/1', 'org.emergency_phone': '400-1' }))
      .toBe('您好，现在休息。也可以在这里预约回电：https://x/f/1。情况危急请拨打400-1。');
  });

  it('leaves out exactly the sentence whose optional value is missing', () => {
    expect(substitute(T, { form_link: 'https://x/f/1' })).toBe('您好，现在休息。也可以在这里预约回电：https://x/f/1。');
    expect(substitute(T, { 'org.emergency_phone': '400-1' })).toBe('您好，现在休息。情况危急请拨打400-1。');
  });

  it('leaves out only the clause when the value was in the last clause of a sentence, and closes it with a full stop', () => {
    expect(substitute('{{customer.nickname}}，您的消息已记录，也可以在这里预约回电：{{form_link}}', {})).toBe('您好，您的消息已记录。');
    expect(substitute('您的消息已记录；也可以在这里预约回电：{{form_link}}。紧急请回复“紧急”。', {})).toBe('您的消息已记录；紧急请回复“紧急”。');
  });

  it('changes nothing in a text without a missing optional value, URLs with ? and trailing colons included', () => {
    expect(substitute('{{customer.nickname}}，请选择：', { 'customer.nickname': '小明' })).toBe('小明，请选择：');
    expect(substitute('查询：{{order_link}}', { order_link: 'https://x/o?id=1&a=2' })).toBe('查询：https://x/o?id=1&a=2');
  });

  it('still uses the fallback of a variable that is not optional', () => {
    expect(substitute('{{holiday.name}}假期休息。', {})).toBe('节假日假期休息。');
  });
});
