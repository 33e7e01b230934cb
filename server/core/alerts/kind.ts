/**
 * @module The job kind that delivers a duty manager's queued alerts (`manager_alerts` rows): one job per queued
 * alert, keyed by the alert, ordered per recipient (so one recipient's deliveries never overlap); a delivery
 * that finds the rate window full schedules the next one for when it opens.
 */
export const ALERTS_JOB = 'alerts.deliver';

export const alertJobKey = (alertId: number) => `alert:${alertId}`;
export const alertOrderingKey = (touser: string) => `alerts:${touser}`;
