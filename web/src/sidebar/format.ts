/**
 * @module Small display helpers of the sidebar (times in the org zone and the names of statuses and status sources,
 * from the one formatter `shared/format`; emotion levels); pure.
 */
export { clockTime, dayTime } from '../common/org-time';
export { sourceLabel, statusLabel } from '../../../shared/format/words';

/** 0 calm … 1 upset → a traffic-light class. */
export function emotionLevel(score: number | null): 'calm' | 'tense' | 'upset' {
  if (score === null || score < 0.4) return 'calm';
  return score < 0.7 ? 'tense' : 'upset';
}
