/**
 * @module The default pack seeded in demo mode (issue 3 item 8): Chinese templates and the rule set for a desk
 * open 09:00–21:00 on workdays with lunch 13:00–14:00. Validated by the tests like any admin-made pack.
 */
import { Template, type TemplateInput } from '../templates/model';
import { RuleSetSchema, type RuleSet, type RuleSetInput } from './catalogue';

const text = (id: string, name: string, kind: TemplateInput['kind'], body: string): TemplateInput => ({ id, name, kind, msgtype: 'text', body });
const click = (id: string, content: string) => ({ type: 'click' as const, click: { id, content } });
const view = (url: string, content: string) => ({ type: 'view' as const, view: { url, content } });
/** The last word of every off-hours reply: what to do when it cannot wait (the phone sentence is left out when none is set). */
const STILL_URGENT = '紧急问题请回复“紧急”，值班同事会马上处理。情况危急也可以直接拨打{{org.emergency_phone}}。';
const BOOK_CALL = '也可以在这里预约回电：{{form_link}}';

const TEMPLATES: TemplateInput[] = [
  {
    id: 'tpl_welcome', name: '欢迎语', kind: 'welcome', msgtype: 'msgmenu',
    head_content: '{{customer.nickname}}，欢迎咨询{{org.name}}！请问有什么可以帮您？',
    items: [click('faq_product', '产品介绍'), click('faq_price', '价格与套餐'), click('faq_order', '订单查询'), click('transfer_human', '转人工')],
    tail_content: '也可以直接输入您的问题。',
  },
  text('tpl_question_collect', '问题收集', 'question_collect',
    `{{customer.nickname}}，让您久等了。请把您的问题、订单号和联系方式留在这里，{{agent.name}}看到后会第一时间处理。${BOOK_CALL}`),
  text('tpl_emergency', '紧急转接', 'emergency',
    '{{customer.nickname}}，收到您的紧急消息，正在为您转接值班同事{{duty.name}}，请稍候。情况危急请直接拨打{{org.emergency_phone}}。'),
  {
    id: 'tpl_lunch', name: '午休提示（含预约菜单）', kind: 'lunch', msgtype: 'msgmenu',
    head_content: '{{customer.nickname}}，现在是午休时间（13:00–14:00），{{next_open}}恢复人工服务。',
    items: [click('appointment', '预约回电'), view('{{form_link}}', '填写预约表单'), click('urgent', '我有紧急问题')],
    tail_content: '您也可以直接留言，我们上班后按顺序回复。',
  },
  text('tpl_night', '夜间提示', 'night',
    `{{customer.nickname}}，现在是非工作时间（工作日 09:00–21:00），客服将于{{next_open}}上线。您可以先留言，我们上班后第一时间回复；${BOOK_CALL}。${STILL_URGENT}`),
  text('tpl_holiday', '节假日提示', 'holiday',
    `{{customer.nickname}}，{{holiday.name}}假期{{org.name}}客服休息，{{next_open}}恢复服务。您可以先留言，我们上班后第一时间回复；${BOOK_CALL}。${STILL_URGENT}`),
  text('tpl_weekend', '周末提示', 'holiday',
    `{{customer.nickname}}，周末客服休息，{{next_open}}恢复人工服务。您可以先留言，我们上班后第一时间回复；${BOOK_CALL}。${STILL_URGENT}`),
  text('tpl_dnd', '请勿打扰提示', 'dnd',
    `{{customer.nickname}}，{{agent.name}}正在处理其他事务，暂时无法回复，稍后会联系您。${STILL_URGENT}`),
  text('tpl_busy', '忙碌提示', 'busy', '{{customer.nickname}}，当前咨询较多，{{agent.name}}会尽快回复您，请稍候。'),
  text('tpl_appointment', '预约表单', 'appointment',
    '{{customer.nickname}}，请点击链接选一个方便的时间，客服会按时给您回电：{{form_link}}'),
  {
    id: 'tpl_faq', name: '常见问题卡片', kind: 'faq_card', msgtype: 'msgmenu',
    head_content: '常见问题，点击即可查看：',
    items: [
      click('faq_product', '产品介绍与功能'), click('faq_price', '价格与套餐'), click('faq_order', '订单与物流'),
      click('faq_refund', '退款与售后'), click('faq_invoice', '发票开具'), click('transfer_human', '转人工'),
    ],
    tail_content: '',
  },
  text('tpl_transfer_notice', '转人工提示', 'transfer_notice', '{{customer.nickname}}，正在为您转接人工客服，请稍候。'),
  {
    id: 'tpl_transfer_offer', name: '转人工选项', kind: 'transfer_notice', msgtype: 'msgmenu',
    head_content: '{{customer.nickname}}，看起来自动回复没能解决您的问题，需要为您转接人工客服吗？',
    items: [click('transfer_human', '转人工'), view('{{form_link}}', '预约回电')],
    tail_content: '接下来一段时间将不再自动回复。',
  },
  text('tpl_annoyed', '打扰致歉', 'custom', '非常抱歉打扰到您！我们暂停自动消息，如有需要随时留言，专人会为您处理。'),
  text('tpl_refund', '退款进度查询', 'custom', '{{customer.nickname}}，退款和订单进度可在这里实时查询：{{order_link}}。如需人工协助，请回复“转人工”。'),
  // Truthful answers when no person can take the conversation now (never a promise of a transfer that will not happen).
  text('tpl_no_agent', '无人可接待', 'custom',
    '{{customer.nickname}}，值班同事暂时不在，暂时无法为您转接人工。您的消息已记录，同事上线后会第一时间处理；也可以在这里预约回电：{{form_link}}。情况紧急请直接拨打{{org.emergency_phone}}。'),
  text('tpl_dedicated_manager', '专属客服经理接待', 'custom', '{{customer.nickname}}，您的专属客服经理{{agent.name}}现在为您服务，请问有什么可以帮您？'),
  text('tpl_all_busy', '同事均满负荷', 'custom',
    '{{customer.nickname}}，现在咨询的客户较多，同事们都在接待中，暂时无法为您转接人工，预计需要等待{{expected_wait}}。您的消息已记录；也可以在这里预约回电，到时同事会联系您：{{form_link}}'),
  text('tpl_human_off_hours', '非工作时间要求人工', 'custom',
    `{{customer.nickname}}，现在是非工作时间，人工客服将于{{next_open}}上线，您的消息已记录。也可以在这里预约回电：{{form_link}}。${STILL_URGENT}`),
  text('tpl_session_closed', '接待同事离开，会话结束', 'custom',
    '{{customer.nickname}}，{{agent.name}}暂时离开了，其他同事也暂时无法接待，本次人工会话已结束。您可以直接留言，自动客服会继续为您服务；也可以在这里预约回电：{{form_link}}'),
  text('tpl_session_closed_off_hours', '下班后会话结束', 'custom',
    '{{customer.nickname}}，现在是非工作时间，{{agent.name}}已下班，本次人工会话已结束，人工客服将于{{next_open}}上线。您可以直接留言，自动客服会继续为您服务；也可以在这里预约回电：{{form_link}}'),
];

const OPEN = { type: 'window', in: ['open'] };
/** A message the classifier confidently reads as an everyday request (what an emergency word in it does not turn into one). */
const ORDINARY_REQUEST = {
  type: 'intent', in: ['greeting', 'product_info', 'pricing', 'order_status', 'refund', 'after_sales', 'invoice', 'appointment', 'thanks'], minConfidence: 0.6,
};
const ASKS_FOR_HUMAN = { any: [{ type: 'menu_click', ids: ['transfer_human'] }, { type: 'intent', in: ['human_agent'], minConfidence: 0.7 }, { type: 'keywords', mode: 'contains', list: ['转人工', '人工客服', '找人工', '真人'] }] };

/** Wordings of "stop messaging me / don't bother me" (contains, not fuzzy: one typo would turn 别打扰 into 打扰一下). */
const ANNOYED_WORDS = [
  '别烦我', '别烦了', '别来烦', '少来烦', '烦死了', '你们好烦', '你们真烦', '你们很烦', '好烦啊', '烦不烦', '有完没完', '别发了', '别再发',
  '不要再发', '不要发了', '别给我发', '别再给我发', '不要给我发', '不要再给我发', '别打扰', '不要打扰', '别再打扰', '不要再打扰', '别再打', '不要再打', '别打电话',
  '别再联系', '不要再联系', '别推送', '不要推送', '别推销', '不要推销', '骚扰', '闭嘴', '拉黑', '屏蔽', '退订', '停止发送',
];

const RULES: RuleSetInput['rules'] = [
  {
    id: 'emergency', name: '紧急/投诉：紧急回复并转值班', priority: 1000, emergency: true, stop: true,
    when: {
      any: [
        // an emergency word counts unless the message is plainly an ordinary request said calmly
        // (“紧急联系人怎么改”, “能不能加急发顺丰” are questions, not emergencies; “紧急！系统崩了” is one)
        { all: [{ type: 'keywords', mode: 'fuzzy', list: ['紧急', '投诉', '加急', '急事', '救命'] }, { any: [{ type: 'emotion', min: 0.6 }, { not: ORDINARY_REQUEST }] }] },
        { type: 'intent', in: ['urgent', 'complaint'], minConfidence: 0.6 },
        { type: 'menu_click', ids: ['urgent'] },
      ],
    },
    then: [{ type: 'reply_template', kind: 'emergency' }, { type: 'transfer', to: 'on_duty' }, { type: 'alert_manager', reason: '紧急/投诉消息' }],
  },
  {
    id: 'annoyed', name: '客户反感：致歉、提醒主管、静音', priority: 950, stop: true,
    // "don't bother me" in its many wordings (matched after the classifier's own normalisation, so 別/莫/唔 forms
    // count), unless the message is a real request that merely sounds fed up ("又坏了 烦死了" is after-sales)
    when: {
      all: [
        { type: 'keywords', mode: 'contains', list: ANNOYED_WORDS },
        { not: { type: 'intent', in: ['product_info', 'pricing', 'order_status', 'refund', 'after_sales', 'invoice', 'appointment', 'complaint', 'urgent', 'human_agent'], minConfidence: 0.6 } },
      ],
    },
    then: [
      { type: 'reply_template', kind: 'custom', templateId: 'tpl_annoyed' }, { type: 'alert_manager', reason: '客户表示被打扰' },
      { type: 'mute', minutes: 240 }, { type: 'tag', tag: 'annoyed' },
    ],
  },
  {
    id: 'repeat_offer', name: '重复发送（5 分钟内超过 3 次）：提供转人工并静音', priority: 900, stop: true,
    when: { type: 'same_content', min: 4, withinMinutes: 5 },
    then: [{ type: 'offer_transfer', templateId: 'tpl_transfer_offer' }, { type: 'mute', minutes: 30 }],
  },
  {
    id: 'human_request', name: '工作时间要求人工：转专属客服', priority: 880, stop: true,
    when: { all: [OPEN, ASKS_FOR_HUMAN] },
    then: [{ type: 'reply_template', kind: 'transfer_notice', templateId: 'tpl_transfer_notice' }, { type: 'transfer', to: 'assigned' }],
  },
  {
    id: 'human_request_off_hours', name: '非工作时间要求人工：告知上班时间和预约方式', priority: 879, stop: true,
    when: { all: [{ not: OPEN }, ASKS_FOR_HUMAN] },
    then: [{ type: 'reply_template', kind: 'custom', templateId: 'tpl_human_off_hours' }],
  },
  {
    id: 'appointment', name: '预约：发送预约表单', priority: 860, stop: true,
    when: { any: [{ type: 'menu_click', ids: ['appointment'] }, { type: 'intent', in: ['appointment'], minConfidence: 0.6 }] },
    then: [{ type: 'reply_form_link' }],
  },
  {
    // every button of the FAQ and welcome cards answers with its entry, at any hour
    id: 'faq_button', name: '常见问题按钮：回复对应条目', priority: 870, stop: true,
    when: { type: 'faq_match', via: 'button' },
    then: [{ type: 'reply_faq_answer' }],
  },
  {
    id: 'refund', name: '退款：发送订单查询链接', priority: 800,
    when: { type: 'intent', in: ['refund'], minConfidence: 0.6 },
    then: [{ type: 'reply_template', kind: 'custom', templateId: 'tpl_refund' }],
  },
  {
    id: 'long_burst_alert', name: '连续长消息：提醒人工介入', priority: 700,
    when: { all: [{ type: 'message_length', gt: 20 }, { type: 'unanswered', min: 3, withinMinutes: 10 }] },
    then: [{ type: 'alert_manager', reason: '客户连续发送长消息，需要人工介入' }, { type: 'tag', tag: 'needs_human' }],
  },
  {
    id: 'unanswered_form', name: '连续 3 条未回复：发送预约表单', priority: 650,
    when: { type: 'unanswered', min: 3, max: 3 },
    then: [{ type: 'reply_form_link' }],
  },
  {
    id: 'dnd_open', name: '工作时间客服请勿打扰', priority: 600,
    when: { all: [OPEN, { type: 'agent_status', in: ['dnd'] }] },
    then: [{ type: 'reply_template', kind: 'dnd' }],
  },
  {
    id: 'busy_open', name: '工作时间客服忙碌', priority: 590,
    when: { all: [OPEN, { type: 'agent_status', in: ['busy'] }] },
    then: [{ type: 'reply_template', kind: 'busy' }, { type: 'follow_up', afterSeconds: 300, ruleId: 'followup_collect' }],
  },
  {
    id: 'away_open', name: '工作时间客服不在：转值班', priority: 580,
    when: { all: [OPEN, { type: 'agent_status', in: ['moon', 'offline', 'none'] }] },
    then: [{ type: 'reply_template', kind: 'transfer_notice', templateId: 'tpl_transfer_notice' }, { type: 'transfer', to: 'on_duty' }],
  },
  {
    // at night and at lunch a question that matches an entry well is answered from it (the window's notice follows once)
    id: 'faq_text_off_hours', name: '夜间/午休：问题命中常见问题则直接回答', priority: 510,
    when: { all: [{ type: 'window', in: ['night', 'lunch'] }, { type: 'faq_match', via: 'text' }] },
    then: [{ type: 'reply_faq_answer' }],
  },
  { id: 'lunch', name: '午休自动回复', priority: 500, when: { type: 'window', in: ['lunch'] }, then: [{ type: 'reply_template', kind: 'lunch' }] },
  { id: 'night', name: '夜间自动回复', priority: 500, when: { type: 'window', in: ['night'] }, then: [{ type: 'reply_template', kind: 'night' }] },
  {
    id: 'weekend', name: '周末自动回复', priority: 500, when: { type: 'window', in: ['weekend'] },
    then: [{ type: 'reply_template', kind: 'holiday', templateId: 'tpl_weekend' }],
  },
  {
    id: 'holiday', name: '节假日自动回复', priority: 500, when: { type: 'window', in: ['holiday'] },
    then: [{ type: 'reply_template', kind: 'holiday', templateId: 'tpl_holiday' }],
  },
  {
    // above the answers (refund 800 …) so a new customer is welcomed before their question is answered
    id: 'welcome', name: '会话首条消息：欢迎语', priority: 820,
    when: { all: [{ type: 'first_message' }, OPEN, { type: 'agent_status', in: ['online'] }] },
    then: [{ type: 'reply_template', kind: 'welcome' }, { type: 'follow_up', afterSeconds: 180, ruleId: 'followup_collect' }],
  },
  {
    id: 'handover_online', name: '工作时间客服在线：转人工接待', priority: 390,
    when: { all: [OPEN, { type: 'agent_status', in: ['online'] }, { type: 'assigned', value: false }] },
    then: [{ type: 'transfer', to: 'assigned' }],
  },
  {
    id: 'faq', name: '求助：常见问题卡片', priority: 300,
    when: { type: 'keywords', mode: 'fuzzy', list: ['常见问题', '帮助', '菜单', 'help'] },
    then: [{ type: 'reply_faq_card' }],
  },
  {
    id: 'followup_collect', name: '跟进：仍未回复则收集问题并提醒', priority: 0, trigger: 'follow_up',
    when: { type: 'unanswered', min: 1 },
    then: [{ type: 'reply_template', kind: 'question_collect' }, { type: 'alert_manager', reason: '客户等待超过设定时间仍未获回复' }],
  },
];

/** Default templates (validated with the template schema). */
export const DEFAULT_TEMPLATES: Template[] = TEMPLATES.map((t) => Template.parse(t));

/** Default rule set, version `default-1`. */
export const DEFAULT_RULE_SET: RuleSet = RuleSetSchema.parse({
  version: 'default-1',
  rules: RULES,
  settings: { repeat: { offerTemplateId: 'tpl_transfer_offer' } },
});

/** Raw (input-shaped) copies for seeding a database or an admin draft. */
export function defaultPackInput(): { templates: TemplateInput[]; ruleSet: RuleSetInput } {
  return structuredClone({ templates: TEMPLATES, ruleSet: { version: 'default-1', rules: RULES, settings: { repeat: { offerTemplateId: 'tpl_transfer_offer' } } } });
}
