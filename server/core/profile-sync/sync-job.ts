/**
 * @module The `profile.sync` job kind: keeps WeCom in step with Moonshift — an agent's profile card, the duty
 * 活码, a queued app message. Jobs are requested in the transaction of the change (`requestSync`: status
 * changes, duty edits, bookings) and coalesced per target, so a burst of changes is one call carrying the final
 * state. The network step builds the request from the state at that moment and calls WeCom once (no retries
 * below it); the kind's retry policy is the WeCom one (the one errcode table; first pause and attempts from the
 * `profileSync` setting); the target's record row and the attempt log say what happened. The call is
 * idempotent by target: a job finding nothing requested since the last run, or the state already shown, calls
 * nothing. The queue is durable and shared: a restart or another instance picks up what is pending.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { WecomSyncJob } from '../../adapters/db/sqlite/schema/index';
import type { Tx } from '../ports/unit-of-work';
import { WecomError } from '../errors';
import { SETTINGS, type ProfileSyncSettings } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { wecomRetryPolicy } from '../../channels/wecom-kf/errcodes';
import { jobKind, willRetry, type JobKind, type RetryPolicy } from '../ports/jobs';
import type { ProductJobs } from '../../app/jobs-runtime';
import { ContactCodes } from './codes';
import { planSync, type PlannedCall } from './execute';
import { adoptUnscheduled, getJob, logAttempt, PROFILE_SYNC_JOB } from './queue';

type Payload = { target: string };

type Result =
  | { kind: 'idle' }
  | { kind: 'unchanged'; coalesced: number; why: string }
  | { kind: 'sent'; coalesced: number; call: PlannedCall }
  | { kind: 'failed'; coalesced: number; errcode: number; errmsg: string; request?: unknown };

/** The WeCom policy (errcode table), its first pause and attempts read from the setting when a job fails. */
function retryPolicy(settings: () => ProfileSyncSettings): RetryPolicy {
  const policy = () => wecomRetryPolicy({ firstBackoffMs: settings().retryBaseMs, maxAttempts: settings().maxAttempts });
  return {
    get maxAttempts() { return policy().maxAttempts; },
    retryable: (err) => policy().retryable(err),
    backoffMs: (attempt, err) => policy().backoffMs(attempt, err),
  };
}

export class ProfileSync {
  readonly codes: ContactCodes;
  readonly kind: JobKind<Payload>;
  /** The `profileSync` setting as the last call read it (the retry policy is consulted after that call failed). */
  #settings: ProfileSyncSettings = SETTINGS.profileSync.fallback;

  /** What the planned calls run with: WeCom calls tried once (the job's retry policy retries the job). */
  private readonly inJob: CoreDeps;

  constructor(private readonly d: CoreDeps, private readonly jobs: ProductJobs) {
    this.inJob = { ...d, wecom: d.wecom.once };
    this.codes = new ContactCodes(d);
    this.kind = jobKind<Payload>(PROFILE_SYNC_JOB, { retry: retryPolicy(() => this.#settings) });
    jobs.handle(this.kind, {
      call: (job) => this.call(job.payload.target, job.attempt),
      run: (tx, job, res: Result) => this.settle(tx, job.payload.target, job.attempt, res),
    });
    // The requests are committed with the change; these notices only wake the runner sooner.
    d.events.on('agent.status', () => jobs.wake());
    d.events.on('duty.changed', () => jobs.wake());
  }

  /** Schedules the record rows left without a job (by an older version); call once at start, before the runner starts. */
  async adopt(): Promise<void> {
    if (await adoptUnscheduled(this.d.shared.uow, this.d.clock.now()) > 0) this.jobs.wake();
  }

  /** Something was requested in a transaction that just committed (e.g. a booking's app message). */
  wake(): void { this.jobs.wake(); }

  /** Network step: the target's request built from the current state, sent once; throws only to be tried again. */
  private async call(target: string, attempt: number): Promise<Result> {
    const { clock, log, shared: { uow } } = this.d;
    const row = await uow.read((q) => getJob(q, target));
    if (!row || (row.status !== 'pending' && row.status !== 'running')) return { kind: 'idle' }; // nothing requested since the last run
    const coalesced = row.requests;
    await uow.run(async (tx) => {
      await tx.db.update(tx.t.wecomSyncJobs).set({ status: 'running', updatedAt: clock.now() }).where(eq(tx.t.wecomSyncJobs.target, target));
    });
    let plan;
    try {
      plan = await uow.run(async (tx) => {
        this.#settings = await readSettingIn(tx, SETTINGS.profileSync);
        return planSync(tx, this.inJob, this.codes, row);
      });
    } catch (err) {
      return { kind: 'failed', coalesced, errcode: -1, errmsg: err instanceof Error ? err.message : String(err) };
    }
    if ('skip' in plan) return { kind: 'unchanged', coalesced, why: plan.skip };
    const { call } = plan;
    try {
      await call.send();
      return { kind: 'sent', coalesced, call };
    } catch (err) {
      const errcode = err instanceof WecomError ? err.errcode : -1;
      const errmsg = err instanceof WecomError ? err.errmsg : err instanceof Error ? err.message : String(err);
      const now = clock.now();
      const again = willRetry(this.kind.retry, attempt, err);
      log.warn({ target, api: call.api, errcode, attempt, retry: again }, 'wecom sync failed');
      await uow.run(async (tx) => {
        await logAttempt(tx, { target, api: call.api, at: now, errcode, errmsg, coalesced, request: call.request });
        if (again) {
          await tx.db.update(tx.t.wecomSyncJobs).set({ status: 'pending', errcode, errmsg, attempts: attempt, lastRequest: JSON.stringify(call.request), updatedAt: now })
            .where(eq(tx.t.wecomSyncJobs.target, target));
        }
      });
      if (!again) return { kind: 'failed', coalesced, errcode, errmsg, request: call.request };
      throw err; // the job is tried again by the kind's policy
    }
  }

  /** In the job's completing transaction: the record row's result, once. */
  private async settle(tx: Tx, target: string, attempt: number, res: Result): Promise<string> {
    if (res.kind === 'idle') return 'nothing requested';
    const now = this.d.clock.now();
    const cur = await getJob(tx, target);
    if (!cur) return 'record gone';
    let r: { status: WecomSyncJob['status']; errcode: number; errmsg: string | null; lastRequest?: unknown; sent?: boolean };
    if (res.kind === 'sent') {
      await res.call.after?.(tx);
      await logAttempt(tx, { target, api: res.call.api, at: now, errcode: 0, errmsg: null, coalesced: res.coalesced, request: res.call.request });
      r = { status: 'sent', errcode: 0, errmsg: null, lastRequest: res.call.request, sent: true };
    } else if (res.kind === 'unchanged') r = { status: 'unchanged', errcode: 0, errmsg: res.why };
    else r = { status: 'failed', errcode: res.errcode, errmsg: res.errmsg, lastRequest: res.request };
    // Requests that arrived during the call have their own job (queued behind this one): it sends the then-current state.
    const arrivedMeanwhile = cur.requests - res.coalesced;
    const again = arrivedMeanwhile > 0;
    await tx.db.update(tx.t.wecomSyncJobs).set({
      status: again ? 'pending' : r.status,
      requests: again ? arrivedMeanwhile : cur.requests,
      attempts: again ? 0 : res.kind === 'unchanged' ? cur.attempts : attempt,
      errcode: r.errcode, errmsg: r.errmsg, updatedAt: now,
      ...(r.lastRequest !== undefined ? { lastRequest: JSON.stringify(r.lastRequest) } : {}),
      ...(r.sent ? { lastSent: JSON.stringify(r.lastRequest), sentAt: now } : {}),
    }).where(eq(tx.t.wecomSyncJobs.target, target));
    return r.status;
  }
}
