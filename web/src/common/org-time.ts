/**
 * @module Times people read, on the organisation's clock (its IANA zone from the server), never the device's:
 * the one formatter of the sidebar and admin pages. Chinese by default, English when switched.
 */
const tag = (locale: string) => (locale === 'en' ? 'en-GB' : 'zh-CN');

/** "14:05" */
export function clockTime(ms: number, locale: string, timeZone?: string): string {
  return new Date(ms).toLocaleTimeString(tag(locale), { hour: '2-digit', minute: '2-digit', timeZone });
}

/** "11/26 14:05" (month and day, for this week's things) */
export function dayTime(ms: number, locale: string, timeZone?: string): string {
  return new Date(ms).toLocaleString(tag(locale), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
}

/** "2026/11/26 14:05" (with the year, for logs and tables) */
export function dateTime(ms: number, locale: string, timeZone?: string): string {
  return new Date(ms).toLocaleString(tag(locale), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone });
}
