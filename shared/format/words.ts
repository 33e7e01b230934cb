/**
 * @module Names of the domain's fixed words as people read them (agent statuses, calendar windows, status
 * sources, template kinds) in Chinese or English. No imports: a page's first screen can name a status without
 * loading the intent pack (`labels.ts`, which re-exports these with the intents and people's names).
 */

export type Pair = { zh: string; en: string };
export const pick = (table: Record<string, Pair>, key: string, locale: string, fallback: string) => {
  const p = table[key];
  return p ? (locale === 'en' ? p.en : p.zh) : fallback;
};

const STATUS: Record<string, Pair> = {
  online: { zh: '在线', en: 'Online' }, busy: { zh: '忙碌', en: 'Busy' }, dnd: { zh: '请勿打扰', en: 'Do not disturb' },
  moon: { zh: '月球模式', en: 'Moon mode' }, offline: { zh: '离线', en: 'Offline' },
};
const WINDOW: Record<string, Pair> = {
  open: { zh: '工作时间', en: 'Open hours' }, lunch: { zh: '午休', en: 'Lunch' }, night: { zh: '夜间', en: 'Night' },
  weekend: { zh: '周末', en: 'Weekend' }, holiday: { zh: '节假日', en: 'Holiday' },
};
const SOURCE: Record<string, Pair> = {
  manual: { zh: '手动设置', en: 'set by hand' }, schedule: { zh: '排班自动', en: 'from the rota' },
  attendance: { zh: '考勤自动', en: 'from check-in' }, system: { zh: '系统', en: 'system' },
};
const TEMPLATE_KIND: Record<string, Pair> = {
  welcome: { zh: '欢迎语', en: 'Welcome' }, question_collect: { zh: '问题收集', en: 'Question collection' },
  emergency: { zh: '紧急', en: 'Emergency' }, lunch: { zh: '午休', en: 'Lunch' }, night: { zh: '夜间', en: 'Night' },
  holiday: { zh: '节假日', en: 'Holiday' }, dnd: { zh: '请勿打扰', en: 'Do not disturb' }, busy: { zh: '忙碌', en: 'Busy' },
  appointment: { zh: '预约表单', en: 'Appointment form' }, faq_card: { zh: '常见问题卡片', en: 'FAQ card' },
  transfer_notice: { zh: '转人工', en: 'Transfer notice' }, custom: { zh: '自定义', en: 'Custom' },
};
// WeCom 微信客服 session states (service_state), by their meaning (shared/WECOM.md)
const SERVICE_STATE: Record<string, Pair> = {
  0: { zh: '未处理', en: 'not yet handled' }, 1: { zh: '由智能助手接待', en: 'with the smart assistant' },
  2: { zh: '待接入池排队中', en: 'queuing in the pool' }, 3: { zh: '由人工接待', en: 'with a human agent' },
  4: { zh: '已结束', en: 'ended' },
};
/** 未处理 / 由智能助手接待 / 待接入池排队中 / 由人工接待 / 已结束 (an unknown state: “状态 N” / “state N”) */
export const serviceStateLabel = (state: number | string, locale: string): string =>
  pick(SERVICE_STATE, String(state), locale, locale === 'en' ? `state ${state}` : `状态 ${state}`);
/** 在线 / 忙碌 / 请勿打扰 / 月球模式 / 离线 */
export const statusLabel = (status: string, locale: string): string => pick(STATUS, status, locale, status);
/** 工作时间 / 午休 / 夜间 / 周末 / 节假日 */
export const windowLabel = (window: string, locale: string): string => pick(WINDOW, window, locale, window);
/** 手动设置 / 排班自动 / 考勤自动 / 系统 */
export const sourceLabel = (source: string, locale: string): string => pick(SOURCE, source, locale, source);
/** 欢迎语 / 夜间 / 常见问题卡片 … */
export const templateKindLabel = (kind: string, locale: string): string => pick(TEMPLATE_KIND, kind, locale, kind);
