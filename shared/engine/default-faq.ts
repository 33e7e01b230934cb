/**
 * @module The default pack's FAQ knowledge for the demo shop (an online electronics shop): one entry for every
 * button of the FAQ and welcome cards, plus common questions that free text may match. Pure data.
 */
export interface FaqEntryInput {
  question: string;
  answer: string;
  link?: string | null;
  intents: string[];
  keywords: string[];
  menuId?: string | null;
  position: number;
}

export const DEFAULT_FAQ: readonly FaqEntryInput[] = [
  {
    question: '产品介绍与功能', menuId: 'faq_product', position: 10, intents: ['product_info'], keywords: ['功能', '参数', '规格', '介绍', '续航', '兼容'],
    answer: '我们的耳机、音箱和智能手表都支持蓝牙 5.3，耳机续航约 30 小时（含充电盒），手表支持心率与睡眠监测。各型号的详细参数和对比见产品页。',
    link: 'https://shop.example.com/products',
  },
  {
    question: '价格与套餐', menuId: 'faq_price', position: 20, intents: ['pricing'], keywords: ['价格', '多少钱', '优惠', '套餐', '折扣', '会员价'],
    answer: '标价即售价，全场包邮；会员享 95 折，两件及以上再减 50 元。企业采购 10 件起可申请团购价，请留下公司名称和数量，工作时间内专人联系您。',
    link: 'https://shop.example.com/pricing',
  },
  {
    question: '订单与物流', menuId: 'faq_order', position: 30, intents: ['order_status'], keywords: ['物流', '快递', '发货', '到货', '订单', '单号'],
    answer: '下单后 48 小时内发货（节假日顺延），发货后可凭订单号查询物流；偏远地区约 3–5 天送达。订单和物流进度在这里实时查询。',
    link: 'https://shop.example.com/orders',
  },
  {
    question: '退款与售后', menuId: 'faq_refund', position: 40, intents: ['refund', 'after_sales'], keywords: ['退款', '退货', '换货', '售后', '维修', '保修'],
    answer: '签收 7 天内可无理由退货，15 天内质量问题可换新，整机保修一年。在订单页提交申请后，退款在收到退货后 1–3 个工作日原路退回。',
    link: 'https://shop.example.com/orders',
  },
  {
    question: '发票开具', menuId: 'faq_invoice', position: 50, intents: ['invoice'], keywords: ['发票', '开票', '专票', '普票', '抬头', '税号'],
    answer: '订单完成后可在订单页申请电子普通发票，填写抬头和税号，1 个工作日内发到您的邮箱；增值税专用发票请提供开票资料，工作时间内为您开具。',
    link: 'https://shop.example.com/invoice',
  },
  {
    question: '营业时间与人工客服', position: 60, intents: ['human_agent'], keywords: ['几点上班', '营业时间', '上班时间', '什么时候有人'],
    answer: '人工客服工作日 09:00–18:00 在线（午休 12:00–13:30），节假日按国家安排调整。非工作时间您可以直接留言，我们上班后第一时间回复。',
  },
];
