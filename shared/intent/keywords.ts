/**
 * @module The keyword-matcher baseline — what WeCom's native auto-reply does: per-intent keyword lists,
 * checked in a fixed order, first substring match wins, otherwise `other`.
 */
import type { IntentId } from '../domain/vocabulary';
import { normalizeText } from './normalize';

export interface KeywordList {
  readonly intent: IntentId;
  readonly keywords: readonly string[];
}

/** A reasonable hand-made rule set, ordered as an admin would (the most specific first). */
export const DEFAULT_KEYWORDS: readonly KeywordList[] = [
  { intent: 'urgent', keywords: ['紧急', '急急', '加急', '救命', '着火', '冒烟', '漏电', 'urgent'] },
  { intent: 'complaint', keywords: ['投诉', '差评', '12315', '消协', '曝光', '态度差', '骗子', '垃圾'] },
  { intent: 'human_agent', keywords: ['人工', '真人', '机器人'] },
  { intent: 'refund', keywords: ['退款', '退货', '退钱', '退费', 'refund'] },
  { intent: 'after_sales', keywords: ['维修', '坏了', '保修', '换货', '售后', '安装', '质量问题'] },
  { intent: 'invoice', keywords: ['发票', '开票', '专票', '普票', 'invoice'] },
  { intent: 'order_status', keywords: ['物流', '快递', '发货', '订单', '单号', '到货'] },
  { intent: 'pricing', keywords: ['价格', '多少钱', '优惠', '便宜', '包邮', '运费', '折扣', '券'] },
  { intent: 'appointment', keywords: ['预约', '回电', '打电话', '改约'] },
  { intent: 'product_info', keywords: ['尺码', '尺寸', '颜色', '材质', '面料', '参数', '型号', '规格', '功能', '支持', '适合', '怎么用'] },
  { intent: 'thanks', keywords: ['谢谢', '感谢', '再见', '拜拜', '好的'] },
  { intent: 'greeting', keywords: ['你好', '您好', '在吗', 'hello', 'hi'] },
];

export interface KeywordMatch {
  readonly intent: IntentId;
  /** The keyword that fired, if any. */
  readonly keyword?: string;
}

const LIGHT = { foldDigits: false, squashRepeats: false } as const;
const prepared = new WeakMap<readonly KeywordList[], readonly (readonly [IntentId, string, string])[]>();

function prepare(lists: readonly KeywordList[]): readonly (readonly [IntentId, string, string])[] {
  let out = prepared.get(lists);
  if (out === undefined) {
    out = lists.flatMap((l) => l.keywords.map((k) => [l.intent, k, normalizeText(k, LIGHT)] as const))
      .filter(([, , norm]) => norm.length > 0);
    prepared.set(lists, out);
  }
  return out;
}

/** First match wins, in list order; keywords are compared after the same normalisation as the model. */
export function matchKeywords(text: string, lists: readonly KeywordList[] = DEFAULT_KEYWORDS, fallback: IntentId = 'other'): KeywordMatch {
  const norm = normalizeText(typeof text === 'string' ? text : '', LIGHT);
  for (const [intent, keyword, k] of prepare(lists)) if (norm.includes(k)) return { intent, keyword };
  return { intent: fallback };
}
