/** @module The admin pages' time formatter: instants on the organisation's clock (zone from `/auth/me`), in the page's language. */
import { useI18n } from 'vue-i18n';
import { dateTime } from '../common/org-time';
import { useSessionStore } from './stores/session';

/** `fmt(ms)` → "2026/11/26 22:00" in the org zone; `empty` for a missing time. */
export function useOrgTime(empty = '—') {
  const session = useSessionStore();
  const { locale } = useI18n();
  return (ms: number | string | null | undefined): string => {
    const t = typeof ms === 'string' ? Date.parse(ms) : ms;
    return t ? dateTime(t, locale.value, session.me?.timeZone) : empty;
  };
}
