/**
 * @module Times and durations people read, on the organisation's clock (its IANA zone), never the device's or
 * the server's: the one formatter of the sidebar, admin, alerts and customer pages. Chinese by default.
 */
export type FormatLocale = 'zh' | 'en';

const tag = (locale: string) => (locale === 'en' ? 'en-GB' : 'zh-CN');

/** "14:05" */
export function clockTime(ms: number, locale: string, timeZone?: string): string {
  return new Date(ms).toLocaleTimeString(tag(locale), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
}

/** "11/26 14:05" (month and day, for this week's things) */
export function dayTime(ms: number, locale: string, timeZone?: string): string {
  return new Date(ms).toLocaleString(tag(locale), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
}

/** "2026/11/26 14:05" (with the year, for logs and tables) */
export function dateTime(ms: number, locale: string, timeZone?: string): string {
  return new Date(ms).toLocaleString(tag(locale), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
}

/**
 * A wait or a span as a person says it, at most two units, rounded down: "45 秒", "3 分 20 秒", "1 小时 5 分",
 * "2 天 3 小时" ("45 s", "3 min 20 s", "1 h 5 min", "2 d 3 h"). Negative spans read as zero.
 */
export function durationText(ms: number, locale: string): string {
  const zh = locale !== 'en';
  let s = Math.max(0, Math.floor(ms / 1000));
  const units: Array<[number, string, string]> = [[86_400, ' 天', ' d'], [3_600, ' 小时', ' h'], [60, ' 分', ' min'], [1, ' 秒', ' s']];
  const parts: string[] = [];
  for (const [size, z, e] of units) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0 || (parts.length > 0 && parts.length < 2)) {
      if (n > 0) parts.push(`${n}${zh ? z : e}`);
      else break; // "1 小时" rather than "1 小时 0 分"
    }
    if (parts.length === 2) break;
  }
  if (parts.length === 0) return zh ? '0 秒' : '0 s';
  // a lone minute count reads naturally with 钟 in Chinese: "3 分钟"
  if (zh && parts.length === 1 && parts[0]!.endsWith(' 分')) parts[0] += '钟';
  return parts.join(' ');
}
