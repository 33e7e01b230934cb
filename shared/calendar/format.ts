/**
 * @module Human wording of an opening time in the org zone: "10月8日（周四）09:00",
 * "Thu 8 Oct 09:00", and with a reference instant "今天 14:00" / "明天 09:00" (today / tomorrow).
 */
import { addDays, isoWeekday, localParts } from './zone';

export type FormatLocale = 'zh' | 'en';

export interface FormatNextOpenOptions {
  /** Reference instant: same local day → 今天/today, next day → 明天/tomorrow, other year → year shown. */
  now?: Date;
}

const ZH_WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Format `instant` as a local opening time in `timeZone`. */
export function formatNextOpen(
  instant: Date, timeZone: string, locale: FormatLocale = 'zh', options: FormatNextOpenOptions = {},
): string {
  const p = localParts(instant.getTime(), timeZone);
  const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  const now = options.now ? localParts(options.now.getTime(), timeZone) : undefined;
  if (now && now.date === p.date) return locale === 'zh' ? `今天 ${time}` : `today ${time}`;
  if (now && addDays(now.date, 1) === p.date) return locale === 'zh' ? `明天 ${time}` : `tomorrow ${time}`;
  const showYear = now !== undefined && now.year !== p.year;
  const weekdayIndex = isoWeekday(p.date) - 1;
  if (locale === 'zh') {
    return `${showYear ? `${p.year}年` : ''}${p.month}月${p.day}日（周${ZH_WEEKDAYS[weekdayIndex] ?? ''}）${time}`;
  }
  return `${EN_WEEKDAYS[weekdayIndex] ?? ''} ${p.day} ${EN_MONTHS[p.month - 1] ?? ''}${showYear ? ` ${p.year}` : ''} ${time}`;
}
