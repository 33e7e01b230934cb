/**
 * @module The job kind that delivers a duty manager's queued alerts (`manager_alerts` rows): a job keyed by the
 * alert that made it, ordered per recipient (so one recipient's deliveries never overlap), and at most one waiting
 * unstarted per recipient (an alert queued meanwhile joins it: a delivery sends all its recipient's pending alerts);
 * a delivery that finds the rate window full schedules the next one for when it opens.
 */
export const ALERTS_JOB = 'alerts.deliver';

export const alertJobKey = (alertId: number) => `alert:${alertId}`;
export const alertOrderingKey = (touser: string) => `alerts:${touser}`;
