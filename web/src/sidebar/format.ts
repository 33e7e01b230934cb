/** @module Small display helpers of the sidebar (times, emotion colours); pure. */
export function clockTime(ms: number, locale: string): string {
  return new Date(ms).toLocaleTimeString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit' });
}

export function dayTime(ms: number, locale: string): string {
  return new Date(ms).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** 0 calm … 1 upset → a traffic-light class. */
export function emotionLevel(score: number | null): 'calm' | 'tense' | 'upset' {
  if (score === null || score < 0.4) return 'calm';
  return score < 0.7 ? 'tense' : 'upset';
}
