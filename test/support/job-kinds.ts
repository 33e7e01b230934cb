/** @module Job kinds shared by the lease-takeover tests and their child worker process. */
import { backoffRetry, jobKind } from '../../server/core/ports/jobs';

const retry = backoffRetry({ maxAttempts: 5, baseMs: 1000 });
export const crashNet = jobKind<{ n: number }>('crash.net', { retry, leaseMs: 60_000 });
export const crashDb = jobKind<{ n: number }>('crash.db', { retry });
