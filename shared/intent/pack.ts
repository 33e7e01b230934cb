/** @module The default intent pack: ids (DESIGN.md §4), Chinese and English labels, short descriptions. */
import { DEFAULT_INTENTS, type DefaultIntentId, type IntentId } from '../domain/vocabulary';

export interface IntentDefinition {
  readonly id: IntentId;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly description: string;
}

const DEFS: Readonly<Record<DefaultIntentId, Omit<IntentDefinition, 'id'>>> = {
  greeting: { labelZh: '问候', labelEn: 'Greeting', description: 'Hello, are you there — no request yet.' },
  product_info: { labelZh: '产品咨询', labelEn: 'Product info', description: 'Features, specs, sizes and fit, stock, usage, recommendations.' },
  pricing: { labelZh: '价格优惠', labelEn: 'Pricing', description: 'Price, discounts, coupons, instalments, price protection, shipping cost.' },
  order_status: { labelZh: '订单物流', labelEn: 'Order status', description: 'Where is my order, dispatch, tracking, delivery, change of address.' },
  refund: { labelZh: '退款退货', labelEn: 'Refund', description: 'Money back, returns, cancelling an order, refund progress.' },
  after_sales: { labelZh: '售后维修', labelEn: 'After-sales', description: 'Broken or defective goods, repair, exchange, warranty, installation.' },
  invoice: { labelZh: '发票', labelEn: 'Invoice', description: 'Issuing, correcting or sending invoices (普票/专票/电子发票) and receipts.' },
  appointment: { labelZh: '预约回电', labelEn: 'Appointment', description: 'Book, reschedule or cancel a time, call me back, store or home visits.' },
  complaint: { labelZh: '投诉', labelEn: 'Complaint', description: 'Complaints about service or staff, threats to complain elsewhere, demands for redress.' },
  urgent: { labelZh: '紧急', labelEn: 'Urgent', description: 'Safety hazards and injuries, or a need that cannot wait (hours, not days).' },
  human_agent: { labelZh: '转人工', labelEn: 'Human agent', description: 'Asks for a person or rejects the bot.' },
  thanks: { labelZh: '感谢结束', labelEn: 'Thanks / bye', description: 'Thanks, goodbye, acknowledgement (好的, 收到, 👍).' },
  other: { labelZh: '其他', labelEn: 'Other', description: 'Chit-chat, unrelated questions, spam, noise; also the low-confidence fallback.' },
};

/** The default pack in DEFAULT_INTENTS order. */
export const DEFAULT_INTENT_PACK: readonly IntentDefinition[] = DEFAULT_INTENTS.map((id) => ({ id, ...DEFS[id] }));

/** The fallback intent id (low confidence, noise). */
export const FALLBACK_INTENT: DefaultIntentId = 'other';
