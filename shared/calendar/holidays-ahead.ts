/**
 * @module Will the calendar go wrong for want of a year's statutory schedule? `chinese-days` knows a year only
 * once the State Council has published it (usually November), so from 1 November on the org's clock the next
 * year is checked, and the current year always: a year nobody imported and the package does not list would
 * silently count its holidays as workdays (and its 调休 Saturdays as days off). The warning says so in Chinese
 * and English, with the date it goes wrong from and where to import the schedule.
 */
import { statutoryYearKnown } from './days';
import type { CalendarConfig } from './schema';
import { localParts, toDateString } from './zone';

/** Where the admin imports a year's schedule (the calendar page), named in the warning. */
export const IMPORT_PATH = { zh: '管理后台 → 服务日历 → 导入 CSV / ICS', en: 'Admin → Calendar → Import CSV / ICS' } as const;

export interface HolidaysUnknownWarning {
  code: 'holidays_unknown';
  year: number;
  /** 1 January of that year: from this local date the calendar is wrong. */
  wrongFrom: string;
  /** True once `wrongFrom` has come (the calendar is wrong now). */
  started: boolean;
  zh: string;
  en: string;
}

/** Whether a year's statutory days are known: listed by `chinese-days` or imported into this calendar. */
export function holidaysKnown(config: CalendarConfig, year: number): boolean {
  const prefix = `${String(year).padStart(4, '0')}-`;
  return statutoryYearKnown(year) || config.imported.some((d) => d.date.startsWith(prefix));
}

/**
 * Warnings for this year and (from 1 November, org clock) next year when their statutory days are unknown.
 * `calendarName` names a team's own calendar in the text.
 */
export function holidaysUnknownWarnings(config: CalendarConfig, now: Date, calendarName?: string): HolidaysUnknownWarning[] {
  if (!config.useStatutoryHolidays) return [];
  const today = localParts(now.getTime(), config.timeZone);
  const years = today.month >= 11 ? [today.year, today.year + 1] : [today.year];
  return years.filter((year) => !holidaysKnown(config, year)).map((year) => {
    const wrongFrom = toDateString(year, 1, 1);
    const started = today.date >= wrongFrom;
    const whoZh = calendarName ? `「${calendarName}」的日历：` : '';
    const whoEn = calendarName ? `Calendar of "${calendarName}": ` : '';
    return {
      code: 'holidays_unknown', year, wrongFrom, started,
      zh: `${whoZh}${year} 年的法定节假日和调休安排还不知道（chinese-days 未收录，也未导入）：${started ? '自' : '从'} ${wrongFrom} 起，`
        + `日历把 ${year} 年的节假日当作普通工作日，调休上班日当作周末${started ? '，现在已经不准确' : ''}。`
        + `国务院办公厅公布安排后，请在「${IMPORT_PATH.zh}」导入（CSV 每行 date,kind,name，如 ${year}-02-06,holiday,春节；或 ICS 日历文件），导入后此提醒消失。`,
      en: `${whoEn}the ${year} statutory holidays and 调休 make-up workdays are not known (not in chinese-days, nothing imported): `
        + `from ${wrongFrom} the calendar treats ${year}'s holidays as ordinary workdays and its make-up workdays as weekends${started ? ', so it is wrong now' : ''}. `
        + `Once the State Council publishes the schedule, import it under ${IMPORT_PATH.en} (CSV rows date,kind,name, e.g. ${year}-02-06,holiday,春节; or an ICS calendar file); the warning then goes away.`,
    };
  });
}
