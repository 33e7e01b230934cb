/** @module The canonical form every layer reads: OpenCC folding, emoji tokens, lexicon rewriting, masks. */
import { describe, it, expect } from 'vitest';
import { canonicalText, MASKS } from '../../../shared/intent/index';
import { MOODS } from '../../../shared/intent/lexicon/emoji';
import { toSimplified } from '../../../shared/intent/t2s';

describe('traditional → simplified (OpenCC tables)', () => {
  it('converts Taiwan and Hong Kong forms and leaves simplified text untouched', () => {
    expect(toSimplified('東西壞了，發貨了嗎？裏面乾淨')).toBe('东西坏了，发货了吗？里面干净');
    expect(toSimplified('能取消么 干什么 于是')).toBe('能取消么 干什么 于是');
  });
});

describe('canonicalText', () => {
  it.each([
    ['tk tk 怎么tk', '退款退款 怎么退款'],
    ['rgkf', '人工客服'],
    ['fahuo le ma', '发货了吗'],
    ['nihao zaibuzai', '你好在不在'],
    ['我要tuikuan', '我要退款'],
    ['refund一下', '退款一下'],
    ['唔该晒', '谢谢'],
    ['点解仲未发货', '为什么还没发货'],
    ['啥子时候发货嘛', '什么时候发货嘛'],
    ['在麽 亲', '在吗 亲'],
    ['神马时候', '什么时候'],
    ['莫名其妙被转走了', '莫名其妙被转走了'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalText(text)).toBe(canonical);
  });

  it('turns WeChat emoji codes and emoji into mood tokens, and meaningful codes into words', () => {
    expect(canonicalText('[发怒][发怒]什么服务')).toBe(`${MOODS.angry.token}${MOODS.angry.token}什么服务`);
    expect(canonicalText('收到了👍')).toBe(`收到了${MOODS.approve.token}`);
    expect(canonicalText('[微笑]')).toBe(MOODS.sarcasticSmile.token);
    expect(canonicalText('[红包]怎么领')).toBe('红包怎么领');
    expect(canonicalText('[不存在的表情]')).toBe('[不存在的表情]');
  });

  it('masks phone numbers, order ids and amounts to typed tokens', () => {
    expect(canonicalText('单号SF1234567890 电话13812345678 退我99元')).toBe(`单号${MASKS.orderId} 电话${MASKS.phone} 退我${MASKS.money}`);
  });

  it('keeps the end of a very long run-on, where its ask is', () => {
    const text = `${'我跟你说啊'.repeat(300)}所以到底能不能退款`;
    expect(canonicalText(text).endsWith('所以到底能不能退款')).toBe(true);
  });

  it('never throws on hostile input', () => {
    for (const x of ['', '\ud83d', '\u0000', '[[[]]]', 'a'.repeat(5000), '🏳️‍🌈👨‍👩‍👧']) expect(typeof canonicalText(x)).toBe('string');
  });
});
