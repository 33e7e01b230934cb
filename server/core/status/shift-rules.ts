/**
 * @module What an automatic source may do to an agent's status (pure). A manual status with `until` in force
 * wins over shifts and attendance; when its `until` has passed the status follows the shift again.
 */
import type { AgentStatus, StatusSource } from '../../../shared/domain/vocabulary';

export interface AgentNow { status: AgentStatus; source: StatusSource; until: number | null }
export type Change = { status: AgentStatus; source: StatusSource; reason: string } | null;

export const manualInForce = (a: AgentNow, now: number) => a.source === 'manual' && a.until !== null && a.until > now;

/** A shift starts or ends (`onShift` is the new state). */
export function onShiftTransition(a: AgentNow, onShift: boolean, now: number): Change {
  if (manualInForce(a, now)) return null;
  if (onShift && (a.status === 'moon' || a.status === 'offline')) return { status: 'online', source: 'schedule', reason: 'shift started' };
  if (!onShift && (a.status === 'online' || a.status === 'busy')) return { status: 'moon', source: 'schedule', reason: 'shift ended' };
  return null;
}

/** A manual status whose `until` has passed: back to what the shift says. */
export function onManualExpired(a: AgentNow, onShift: boolean, now: number): Change {
  if (a.source !== 'manual' || a.until === null || a.until > now) return null;
  return { status: onShift ? 'online' : 'moon', source: 'schedule', reason: 'manual status expired' };
}

/** An attendance record: 上班打卡 → online, 下班打卡 → moon. */
export function onCheckin(a: AgentNow, checkinType: string, now: number): Change {
  if (manualInForce(a, now)) return null;
  if (checkinType === '上班打卡' && a.status !== 'online') return { status: 'online', source: 'attendance', reason: '上班打卡' };
  if (checkinType === '下班打卡' && a.status !== 'moon') return { status: 'moon', source: 'attendance', reason: '下班打卡' };
  return null;
}
