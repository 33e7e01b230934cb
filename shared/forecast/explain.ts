/**
 * @module Each forecast hour in words, Chinese first: the kind of day (国庆节后首个工作日, 春节假期第 3 天,
 * 调休上班日 …), the part of the day with what drives it (上午积压, 节前集中咨询, 高峰) and how it compares with
 * a usual workday hour ("约为平时 1.8 倍"), plus a note when history is short.
 */
import type { LoadDay } from './day-types';
import type { ForecastHour } from './predict';
import type { LoadModel } from './train';

export type ExplainLocale = 'zh' | 'en';

const ZH_WEEKDAY = ['一', '二', '三', '四', '五', '六', '日'];
const EN_WEEKDAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_HOLIDAY: Record<string, string> = {
  元旦: "New Year's Day", 春节: 'Spring Festival', 清明: 'Qingming', 清明节: 'Qingming', 劳动节: 'Labour Day',
  端午: 'Dragon Boat Festival', 端午节: 'Dragon Boat Festival', 中秋: 'Mid-Autumn Festival', 中秋节: 'Mid-Autumn Festival', 国庆节: 'National Day',
};

/** A history shorter than this many days is called out ("intervals are wide"). */
export const SHORT_HISTORY_DAYS = 28;

export function dayPhrase(day: LoadDay, locale: ExplainLocale): string {
  const zhName = day.holidayName ?? '节假日';
  const enName = day.holidayName ? EN_HOLIDAY[day.holidayName] ?? day.holidayName : 'the holiday';
  const zh = locale === 'zh';
  switch (day.type) {
    case 'holiday': return zh ? `${zhName}假期第 ${day.dayOfEvent ?? 1} 天` : `${enName}, day ${day.dayOfEvent ?? 1}`;
    case 'makeup': if (day.secondAfter) return zh ? `${zhName}后第二个工作日（调休上班）` : `second workday after ${enName} (make-up day)`;
      return zh ? `${zhName}调休上班日（周${ZH_WEEKDAY[day.weekday - 1]}）` : `${enName} make-up workday (${EN_WEEKDAY[day.weekday - 1]})`;
    case 'pre_holiday': return zh ? `${zhName}前最后一个工作日` : `last workday before ${enName}`;
    case 'post_holiday': return zh ? `${zhName}后首个工作日` : `first workday after ${enName}`;
    case 'saturday': return zh ? '周六' : 'Saturday';
    case 'sunday': return zh ? '周日' : 'Sunday';
    default:
      if (day.secondAfter) return zh ? `${zhName}后第二个工作日` : `second workday after ${enName}`;
      return zh ? `工作日（周${ZH_WEEKDAY[day.weekday - 1]}）` : `workday (${EN_WEEKDAY[day.weekday - 1]})`;
  }
}

function partOfDay(hour: number, locale: ExplainLocale): string {
  const zh = ['凌晨', '早上', '上午', '中午', '下午', '晚上'], en = ['early hours', 'early morning', 'morning', 'midday', 'afternoon', 'evening'];
  const i = hour < 6 ? 0 : hour < 9 ? 1 : hour < 12 ? 2 : hour < 14 ? 3 : hour < 18 ? 4 : 5;
  return (locale === 'zh' ? zh : en)[i]!;
}

function driver(point: ForecastHour, model: LoadModel, locale: ExplainLocale): string {
  const zh = locale === 'zh', h = point.localHour;
  if (point.day.type === 'post_holiday') return (model.postProfile[h] ?? 1) > 1.1 ? (zh ? '积压' : 'backlog') : '';
  if (point.day.secondAfter) return (model.secondProfile[h] ?? 1) > 1.1 ? (zh ? '余下积压' : 'remaining backlog') : '';
  if (point.day.type === 'pre_holiday') return zh ? '节前集中咨询' : 'pre-holiday rush';
  if (point.day.type === 'holiday') return zh ? '假期咨询减少' : 'holiday lull';
  const shape = model.shapes.workday;
  return point.day.type !== 'saturday' && point.day.type !== 'sunday' && shape[h]! >= 0.8 * Math.max(...shape) ? (zh ? '高峰' : 'peak') : '';
}

function ratioPhrase(point: ForecastHour, locale: ExplainLocale): string {
  if (point.usual < 1 || point.expected <= 0) return '';
  const r = point.expected / point.usual;
  if (r >= 1.15) return locale === 'zh' ? `约为平时 ${r.toFixed(1)} 倍` : `about ${r.toFixed(1)}× usual`;
  if (r <= 0.85) return locale === 'zh' ? `约为平时的 ${Math.round(r * 100)}%` : `about ${Math.round(r * 100)}% of usual`;
  return locale === 'zh' ? '与平时相当' : 'about as usual';
}

/** "国庆节后首个工作日，上午积压，约为平时 1.8 倍" / "first workday after National Day, morning backlog, about 1.8× usual". */
export function explainHour(point: ForecastHour, model: LoadModel, locale: ExplainLocale = 'zh'): string {
  const zh = locale === 'zh';
  const d = driver(point, model, locale);
  const part = zh ? `${partOfDay(point.localHour, locale)}${d}` : `${partOfDay(point.localHour, locale)}${d ? ` ${d}` : ''}`;
  const parts = [dayPhrase(point.day, locale), part, ratioPhrase(point, locale)].filter(Boolean);
  if (model.historyDays < SHORT_HISTORY_DAYS) {
    parts.push(zh ? `历史仅 ${model.historyDays} 天，区间较宽` : `only ${model.historyDays} days of history, wide interval`);
  }
  return parts.join(zh ? '，' : ', ');
}
