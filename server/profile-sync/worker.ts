/**
 * @module ProfileSyncWorker: keeps WeCom in step with Moonshift. On every `agent.status` event (and on
 * `dutyChanged()`) it queues the agent's profile card and the duty 活码; each target waits for a quiet
 * period (debounce, capped by maxWait) so a burst of flips becomes one call carrying the final state;
 * failures retry with exponential backoff; a restart resumes whatever was left pending.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { wecomSyncJobs, type SyncJobKind, type WecomSyncJob } from '../db/schema/index';
import { WecomError } from '../errors';
import { SETTINGS, type ProfileSyncSettings } from '../config/catalogue';
import { readSetting } from '../config/settings';
import { ContactCodes } from './codes';
import { planSync } from './execute';
import { activeJobs, enqueueSync, getJob, logAttempt, TARGET } from './queue';

interface Slot { timer: NodeJS.Timeout | undefined; firstAt: number; retryAt?: number }

export class ProfileSyncWorker {
  readonly codes: ContactCodes;
  private readonly slots = new Map<string, Slot>();
  private readonly running = new Map<string, Promise<void>>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly d: CoreDeps, private readonly overrides: Partial<ProfileSyncSettings> = {}) {
    this.codes = new ContactCodes(d);
  }

  settings(): ProfileSyncSettings {
    return { ...readSetting(this.d.db, SETTINGS.profileSync), ...this.overrides };
  }

  /** Subscribes to status events and resumes pending rows. */
  start(): this {
    const offStatus = this.d.events.on('agent.status', (e) => this.agentChanged(e.userid));
    const offDuty = this.d.events.on('duty.changed', () => this.dutyChanged());
    this.unsubscribe = () => { offStatus(); offDuty(); };
    for (const job of activeJobs(this.d.db)) this.schedule(job.target, this.settings().debounceMs);
    return this;
  }

  /** Stops timers and waits for calls in flight (rows left pending resume at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const s of this.slots.values()) clearTimeout(s.timer);
    this.slots.clear();
    await Promise.all([...this.running.values()]);
  }

  /** An agent's status changed: their profile card and (maybe) the duty 活码 follow. */
  agentChanged(userid: string): void {
    this.request(TARGET.user(userid), 'user_profile');
    this.dutyChanged();
  }

  /** Call when the duty rota changes (Relay work): the shared 活码 follows whoever is on duty. */
  dutyChanged(): void {
    this.request(TARGET.dutyContactWay, 'duty_contact_way');
  }

  /** Queues a request for a target (coalesced with any pending one) and (re)arms its debounce timer. */
  request(target: string, kind: SyncJobKind, payload: unknown = null): void {
    enqueueSync(this.d.db, target, kind, this.d.clock.now(), payload);
    this.schedule(target, this.settings().debounceMs);
  }

  /** Arms timers for rows queued elsewhere (e.g. app messages written inside a booking transaction). */
  kick(): void {
    for (const job of activeJobs(this.d.db)) if (!this.slots.has(job.target) && !this.running.has(job.target)) this.schedule(job.target, 0);
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.slots.size > 0 || this.running.size > 0) && Date.now() < deadline) {
      await Promise.all([...this.running.values()]);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private schedule(target: string, delayMs: number, isRetry = false): void {
    if (this.stopped) return;
    if (this.running.has(target)) return; // the run re-checks its row when it ends
    const now = Date.now();
    const slot = this.slots.get(target) ?? { timer: undefined, firstAt: now };
    if (slot.retryAt !== undefined && !isRetry) delayMs = Math.max(delayMs, slot.retryAt - now); // a request does not cut a backoff short
    const { maxWaitMs } = this.settings();
    const delay = isRetry || slot.retryAt !== undefined ? delayMs : Math.max(0, Math.min(delayMs, slot.firstAt + maxWaitMs - now));
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => { this.slots.delete(target); this.run(target); }, delay);
    slot.timer.unref();
    if (isRetry) slot.retryAt = now + delay;
    this.slots.set(target, slot);
  }

  private run(target: string): void {
    const p = this.execute(target).catch((err: unknown) => {
      this.d.log.error({ target, err }, 'profile sync run crashed');
      return undefined;
    }).then((retryInMs) => {
      this.running.delete(target);
      if (retryInMs !== undefined) return this.schedule(target, retryInMs, true);
      const job = getJob(this.d.db, target);
      if (job?.status === 'pending' && !this.slots.has(target)) this.schedule(target, this.settings().debounceMs);
    });
    this.running.set(target, p);
  }

  /** Runs the target's row once; returns the backoff delay when it must be retried. */
  private async execute(target: string): Promise<number | undefined> {
    const { db, clock, log } = this.d;
    const job = getJob(db, target);
    if (!job || (job.status !== 'pending' && job.status !== 'running')) return;
    const coalesced = job.requests;
    db.update(wecomSyncJobs).set({ status: 'running', updatedAt: clock.now() }).where(eq(wecomSyncJobs.target, target)).run();
    let plan;
    try {
      plan = planSync(this.d, this.codes, job);
    } catch (err) {
      this.settle(job, coalesced, { status: 'failed', errcode: -1, errmsg: err instanceof Error ? err.message : String(err) });
      return;
    }
    if ('skip' in plan) {
      this.settle(job, coalesced, { status: 'unchanged', errcode: 0, errmsg: plan.skip });
      return;
    }
    const { call } = plan;
    const attempts = job.attempts + 1;
    try {
      await call.send();
      call.after?.();
      logAttempt(db, { target, api: call.api, at: clock.now(), errcode: 0, errmsg: null, coalesced, request: call.request });
      this.settle(job, coalesced, { status: 'sent', errcode: 0, errmsg: null, attempts, lastRequest: call.request, sent: true });
    } catch (err) {
      const errcode = err instanceof WecomError ? err.errcode : -1;
      const errmsg = err instanceof WecomError ? err.errmsg : err instanceof Error ? err.message : String(err);
      logAttempt(db, { target, api: call.api, at: clock.now(), errcode, errmsg, coalesced, request: call.request });
      const s = this.settings();
      const retry = attempts < s.maxAttempts;
      log.warn({ target, api: call.api, errcode, attempts, retry }, 'wecom sync failed');
      this.settle(job, coalesced, { status: retry ? 'pending' : 'failed', errcode, errmsg, attempts, lastRequest: call.request, keepRequests: true });
      return retry ? s.retryBaseMs * 2 ** (attempts - 1) : undefined;
    }
  }

  private settle(job: WecomSyncJob, coalesced: number, r: {
    status: WecomSyncJob['status']; errcode: number; errmsg: string | null; attempts?: number;
    lastRequest?: unknown; sent?: boolean; keepRequests?: boolean;
  }): void {
    const { db, clock } = this.d;
    const now = clock.now();
    db.transaction((tx) => {
      const cur = getJob(tx, job.target);
      if (!cur) return;
      // Requests that arrived while WeCom was being called start another run with the then-current state.
      const arrivedMeanwhile = cur.requests - coalesced;
      const again = arrivedMeanwhile > 0 && !r.keepRequests && r.status !== 'failed';
      tx.update(wecomSyncJobs).set({
        status: again ? 'pending' : r.status,
        requests: again ? arrivedMeanwhile : cur.requests,
        attempts: again ? 0 : (r.attempts ?? cur.attempts),
        errcode: r.errcode, errmsg: r.errmsg, updatedAt: now,
        ...(r.lastRequest !== undefined ? { lastRequest: JSON.stringify(r.lastRequest) } : {}),
        ...(r.sent ? { lastSent: JSON.stringify(r.lastRequest), sentAt: now } : {}),
      }).where(eq(wecomSyncJobs.target, job.target)).run();
    });
  }
}
