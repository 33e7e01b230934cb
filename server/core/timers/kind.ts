/**
 * @module The job kind of durable timers: one job per armed timer (`timer:<id>`), due at the timer's due time.
 * The `timers` row stays the timer's record (kind, conversation, outcome: what diagnostics and the escalation
 * checks read); the job is its scheduling. A timer's handler only writes rows, so it is not retried: a handler
 * that throws marks its timer failed (its effects rolled back) — the same rule as before the job queue.
 */
import { backoffRetry, jobKind } from '../ports/jobs';

export const TIMER_JOB = jobKind<{ timerId: number }>('timer', { retry: backoffRetry({ maxAttempts: 1, baseMs: 0 }) });

export const timerJobKey = (timerId: number) => `timer:${timerId}`;
