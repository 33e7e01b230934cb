/**
 * @module The kinds of real WeChat message the issue lists, through the server's classifier (jieba injected) and the
 * default rule pack: typos, pinyin initials, emoji codes, mixed English, short pings, run-ons, sarcasm, negations,
 * dialect, near-misses, emergencies not worded as such, and the 别烦我 variants. None of these lines is a training line.
 */
import { beforeAll, describe, it, expect } from 'vitest';
import { createIntentClassifier } from '../../../server/core/intent/create-classifier';
import { decide, DEFAULT_RULE_SET, type Decision } from '../../../shared/engine/index';
import type { IntentClassifier } from '../../../shared/intent/index';
import { buildFacts } from '../../shared/engine/facts';

let c: IntentClassifier;
beforeAll(() => { c = createIntentClassifier(); });

/** The default pack's decision for a message in open hours, with the classifier's own intent and emotion. */
function decideFor(text: string): Decision {
  const r = c.classify(text);
  const facts = buildFacts({ at: '2026-11-26T10:00:00+08:00', window: 'open', text, intent: `${r.intent}@${r.confidence}`, emotion: r.emotion });
  return decide(facts, DEFAULT_RULE_SET, facts.now);
}
const fired = (d: Decision): string[] => d.trace.rules.filter((r) => r.outcome === 'fired' || r.outcome === 'forced').map((r) => r.ruleId);

const FAMILIES: [family: string, text: string, intent: string][] = [
  ['typo', '在麽', 'greeting'],
  ['typo', '神马时候能发货', 'order_status'],
  ['typo', '咋整 屏幕不亮了', 'after_sales'],
  ['pinyin initials', '怎么tk', 'refund'],
  ['pinyin initials', '能开fp吗', 'invoice'],
  ['pinyin initials', 'rgkf', 'human_agent'],
  ['pinyin initials', 'wl怎么不动了', 'order_status'],
  ['pinyin initials', 'zd了 谢谢', 'thanks'],
  ['emoji code', '[捂脸]买错颜色了 能换吗', 'after_sales'],
  ['emoji code', '[发怒]你们这什么服务', 'complaint'],
  ['mixed English', 'refund一下', 'refund'],
  ['mixed English', 'order number 是多少', 'order_status'],
  ['very short', '？？', 'human_agent'],
  ['very short', '人呢', 'human_agent'],
  ['very short', '退', 'refund'],
  ['run-on', '我跟你说啊我上周在你们这买了个电热水壶用了没两天底下就开始漏水了桌子都泡坏了你看这个能不能给我换个新的', 'after_sales'],
  ['sarcasm', '你们效率真高啊，一个月了还没到[微笑]', 'order_status'],
  ['polite', '不好意思打扰一下 方便的话能帮我开张发票吗', 'invoice'],
  ['negation', '不是要退款，是想换个颜色', 'after_sales'],
  ['negation', '不用转人工 帮我查查快递', 'order_status'],
  ['dialect', '啥子时候退钱嘛', 'refund'],
  ['dialect', '咋个预约哦', 'appointment'],
  ['dialect', '唔该', 'thanks'],
  ['near miss', '东西坏了 你们这种垃圾质量我要曝光', 'complaint'],
  ['near miss', '东西坏了 直接给我退钱', 'refund'],
  ['slang', '绝绝子 谢谢客服', 'thanks'],
  ['slang', 'yyds 下次还来', 'thanks'],
  ['slang', '这波血亏 能退吗', 'refund'],
  ['slang', '栓Q 发票还没开', 'invoice'],
  ['negation', '不要退款 帮我补发一个就行', 'after_sales'],
  ['negation', '我不想投诉 只想知道什么时候发货', 'order_status'],
  ['near miss', '今天必须收到 在线等 急', 'urgent'],
  ['near miss', '大概什么时候能到', 'order_status'],
  ['near miss', '你们周日几点开门', 'product_info'],
  ['near miss', '明天下午三点过去 帮我留个位', 'appointment'],
  ['near miss', '能分期付款吗', 'pricing'],
  ['near miss', '发票抬头写错了 能重开吗', 'invoice'],
  ['near miss', '叫你们领导出来 不然打12315', 'complaint'],
  ['near miss', '转个人工吧', 'human_agent'],
  ['near miss', '哈喽 亲在不在', 'greeting'],
  ['near miss', '好嘞 拜拜', 'thanks'],
  ['near miss', '这款有没有黑色的', 'product_info'],
  ['business', '下周三上午能约个洗牙吗', 'appointment'],
  ['business', '保费可以按月交吗', 'pricing'],
];

describe('phrase families of real WeChat messages', () => {
  it.each(FAMILIES)('%s: "%s" is %s', (_family, text, intent) => {
    expect(c.classify(text).intent).toBe(intent);
  });

  it('reads sarcasm as upset: praise next to a month of waiting scores high, the same praise alone low', () => {
    expect(c.classify('你们效率真高啊，一个月了还没到[微笑]').emotion).toBeGreaterThanOrEqual(0.6);
    expect(c.classify('你们效率真高，谢谢').emotion).toBeLessThan(0.4);
    expect(c.classify('[发怒][发怒]还不发货').emotion).toBeGreaterThan(c.classify('还不发货').emotion);
  });
});

describe('emergencies not worded as such', () => {
  it.each(['账号被盗', '电池鼓包发烫', '被锁门外了 孩子一个人在里面'])('"%s" is urgent and starts the emergency flow', (text) => {
    expect(c.classify(text).intent).toBe('urgent');
    const d = decideFor(text);
    expect(fired(d)[0]).toBe('emergency');
    expect(d.actions.map((a) => a.type)).toEqual(expect.arrayContaining(['reply_template', 'transfer', 'alert_manager']));
  });
});

describe('the 别烦我 rule', () => {
  it.each(['别烦我', '别打扰我', '不要打扰我了', '不要再给我发消息了', '你们好烦啊', '别再給我發了'])('"%s" apologises, mutes and tells the duty manager', (text) => {
    expect(fired(decideFor(text))).toEqual(['annoyed']);
  });

  it.each(['那就不打扰了，谢谢', '打扰一下 在吗', '手机又坏了 烦死了 怎么修'])('"%s" is not treated as "don\'t bother me"', (text) => {
    expect(fired(decideFor(text))).not.toContain('annoyed');
  });
});
