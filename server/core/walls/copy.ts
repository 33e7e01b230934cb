/**
 * @module Customer-facing Chinese wording of statuses and calendar windows (walls, profile titles, forms): what a
 * customer needs to know — 在线, 忙碌 or 休息中 — never the team's own words (月球模式, 请勿打扰).
 */
import type { AgentStatus, CalendarWindow } from '../../../shared/domain/vocabulary';

export const STATUS_LABEL: Record<AgentStatus, string> = {
  online: '在线', busy: '忙碌', dnd: '休息中', moon: '休息中', offline: '休息中',
};

/** The profile-card web attribute title (WeCom allows ≤ 12 characters). */
export const STATUS_TITLE: Record<AgentStatus, string> = {
  online: '在线·点我咨询', busy: '忙碌·稍后回复', dnd: '休息中·可预约回电', moon: '休息中·可预约回电', offline: '休息中·可预约回电',
};

export const WINDOW_LABEL: Record<CalendarWindow, string> = {
  open: '营业中', lunch: '午休时间', night: '夜间休息', weekend: '周末休息', holiday: '节假日休息',
};

/** Statuses in which the agent does not answer: the wall turns to its night theme. */
export const AWAY_STATUSES: ReadonlySet<AgentStatus> = new Set(['dnd', 'moon', 'offline']);
export const OFF_WINDOWS: ReadonlySet<CalendarWindow> = new Set(['night', 'weekend', 'holiday']);
