/** @module Small display helpers of the sidebar (times in the org zone, emotion levels); pure. */
const tag = (locale: string) => (locale === 'en' ? 'en-GB' : 'zh-CN');

export function clockTime(ms: number, locale: string, timeZone?: string): string {
  return new Date(ms).toLocaleTimeString(tag(locale), { hour: '2-digit', minute: '2-digit', timeZone });
}

export function dayTime(ms: number, locale: string, timeZone?: string): string {
  return new Date(ms).toLocaleString(tag(locale), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
}

/** 0 calm … 1 upset → a traffic-light class. */
export function emotionLevel(score: number | null): 'calm' | 'tense' | 'upset' {
  if (score === null || score < 0.4) return 'calm';
  return score < 0.7 ? 'tense' : 'upset';
}
