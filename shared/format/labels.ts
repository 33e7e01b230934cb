/**
 * @module Names of the domain's words as people read them (agent statuses, calendar windows, status sources,
 * template kinds, intents) in Chinese or English, and people's names instead of their ids. Shared by the
 * sidebar, admin, alerts and customer pages so one word is said one way everywhere.
 */
import { DEFAULT_INTENT_PACK } from '../intent/pack';

type Pair = { zh: string; en: string };
const pick = (table: Record<string, Pair>, key: string, locale: string, fallback: string) => {
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
const INTENT: Record<string, Pair> = Object.fromEntries(DEFAULT_INTENT_PACK.map((i) => [i.id, { zh: i.labelZh, en: i.labelEn }]));

/** 在线 / 忙碌 / 请勿打扰 / 月球模式 / 离线 */
export const statusLabel = (status: string, locale: string): string => pick(STATUS, status, locale, status);
/** 工作时间 / 午休 / 夜间 / 周末 / 节假日 */
export const windowLabel = (window: string, locale: string): string => pick(WINDOW, window, locale, window);
/** 手动设置 / 排班自动 / 考勤自动 / 系统 */
export const sourceLabel = (source: string, locale: string): string => pick(SOURCE, source, locale, source);
/** 欢迎语 / 夜间 / 常见问题卡片 … */
export const templateKindLabel = (kind: string, locale: string): string => pick(TEMPLATE_KIND, kind, locale, kind);

/**
 * A message table of names (id → name) for one locale, for pages that say names through their i18n tables
 * (`t('status.dnd')`): the table is this formatter's, so a word is written once.
 */
export function labelTable<K extends string>(ids: readonly K[], label: (id: string, locale: string) => string, locale: string): Record<K, string> {
  return Object.fromEntries(ids.map((id) => [id, label(id, locale)])) as Record<K, string>;
}

/**
 * An intent's name: the default pack's label, else an admin-added intent's label from `extra` (id → label),
 * else 未识别 / Unknown for no intent. An unknown id is shown as "其他" rather than leaking the slug.
 */
export function intentLabel(id: string | null | undefined, locale: string, extra?: Readonly<Record<string, Pair | string>>): string {
  if (!id) return locale === 'en' ? 'Unknown' : '未识别';
  const own = extra?.[id];
  if (own) return typeof own === 'string' ? own : locale === 'en' ? own.en : own.zh;
  return pick(INTENT, id, locale, locale === 'en' ? 'Other' : '其他');
}

/**
 * A person's name for their WeCom userid, from `names` (a Map or a record of userid → name); a userid with no
 * known name reads as 同事 / "a colleague" rather than the raw id (ids are not for people to read).
 */
export function personName(userid: string | null | undefined, names: ReadonlyMap<string, string> | Readonly<Record<string, string>>, locale = 'zh'): string {
  const unknown = locale === 'en' ? 'a colleague' : '同事';
  if (!userid) return unknown;
  const name = names instanceof Map ? names.get(userid) : (names as Record<string, string>)[userid];
  return name && name.trim() ? name : unknown;
}
