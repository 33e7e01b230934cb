/**
 * @module Relays on the one job queue: the `relay.move` job of a `relay_jobs` row moves it against WeCom
 * (`kf/service_state/trans`) after the rows that describe it were committed. Per job: try the candidates in order
 * (a person who cannot receive — 95019 stopped / 95014 not a servicer — is recorded and the next one tried); when none takes it the session stays
 * where it is (never into the pool, where nobody could answer) and the duty manager is alerted. Every attempt is
 * a diagnostics row. Progress (`next_index`, `attempts`) is durable, and a retry after a crash first asks WeCom
 * where the session is, so nothing is moved twice. A busy or token error retries the job by its kind's policy
 * (from the one errcode table; the calls inside are not retried again). The row's status is the record: a job that
 * finds its row no longer pending does nothing, so its effects are idempotent by row.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { RelayJob } from '../../adapters/db/sqlite/schema/index';
import { first, type Queries } from '../ports/queries';
import { WecomError } from '../errors';
import { errorClass, wecomRetryPolicy } from '../../channels/wecom-kf/errcodes';
import { recordRefusalIn } from '../duty/receivers';
import { recordDiagnosticIn } from './diagnostics';
import { DEDICATED_MANAGER_REASON } from './plan';
import { tellWhoServes } from './tell-who-serves';
import { jobKind, willRetry } from '../ports/jobs';
import type { ProductJobs } from '../../app/jobs-runtime';
import { RELAY_JOB } from './kind';

type Deps = Pick<CoreDeps, 'wecom' | 'clock' | 'log'> & { config: Pick<CoreDeps['config'], 'wecomRetryBackoffMs'> }
  & { shared: Pick<CoreDeps['shared'], 'uow'> };
/** What one attempt came to: settled (done or failed), or the next candidate is to be tried now. */
type Step = 'settled' | 'next';

export class Relays {
  private readonly kind;

  /** `onStuck`: a conversation nobody could take (after its row settled; e.g. queue a duty-manager alert in its own unit of work). */
  constructor(private readonly d: Deps, private readonly jobs: ProductJobs, private readonly onStuck?: (job: RelayJob) => Promise<void>) {
    this.kind = jobKind<{ relayJobId: number }>(RELAY_JOB, { retry: wecomRetryPolicy({ firstBackoffMs: d.config.wecomRetryBackoffMs }) });
    jobs.handle(this.kind, {
      call: (job) => this.move(job.payload.relayJobId, job.attempt),
      run: async (_tx, _job, outcome: string) => outcome,
    });
  }

  /** Wakes the queue and resolves when it is idle. */
  async drain(): Promise<void> { this.jobs.wake(); await this.jobs.idle(); }

  /** Candidates in order until one takes it or the row is settled; throws only when the job is to be tried again. */
  private async move(id: number, attempt: number): Promise<string> {
    for (;;) {
      const job = await this.d.shared.uow.read((q) => relayJobById(q, id));
      if (!job || job.status !== 'pending') return `skipped (${job?.status ?? 'missing'})`;
      if (await this.execute(job, attempt) === 'settled') return 'settled';
    }
  }

  private async finish(job: RelayJob, status: 'done' | 'failed', toUserid: string | null, diag: { target: string | null; errcode: number | null; result: string }, state?: 2 | 3, msgCode?: string): Promise<void> {
    const now = this.d.clock.now();
    await this.d.shared.uow.run(async (tx) => {
      const { conversations, relayJobs } = tx.t;
      if (state === 3 && toUserid && job.reason === DEDICATED_MANAGER_REASON) {
        diag = { ...diag, result: `${diag.result}; ${await tellWhoServes(tx, job, toUserid, msgCode, now)}` };
      }
      if (state !== undefined) {
        await tx.db.update(conversations).set({ serviceState: state, servicerUserid: toUserid, updatedAt: now })
          .where(eq(conversations.id, job.conversationId));
      }
      await tx.db.update(relayJobs).set({ status, toUserid, updatedAt: now }).where(eq(relayJobs.id, job.id));
      await recordDiagnosticIn(tx, { at: now, kind: 'relay', conversationId: job.conversationId, actor: job.fromUserid, reason: job.reason, ...diag });
    });
  }

  private async execute(job: RelayJob, jobAttempt: number): Promise<Step> {
    const { clock, log, shared: { uow } } = this.d;
    const wecom = this.d.wecom.once; // a job's network step: tried once, the job is retried by its policy
    const conv = await uow.read(async (q) => first(q.db.select().from(q.t.conversations).where(eq(q.t.conversations.id, job.conversationId)).limit(1)));
    if (!conv) { await this.finish(job, 'failed', null, { target: null, errcode: null, result: 'conversation missing' }); return 'settled'; }
    if (job.fromUserid && (conv.serviceState !== 3 || conv.servicerUserid !== job.fromUserid)) {
      await this.finish(job, 'done', conv.servicerUserid, { target: conv.servicerUserid, errcode: null, result: 'skipped: no longer with the agent' });
      return 'settled';
    }
    const candidates = JSON.parse(job.candidates) as string[];
    const target = candidates[job.nextIndex];
    const toPool = target === undefined;
    if (toPool && job.reason.startsWith('return_to:')) {
      await this.finish(job, 'failed', conv.servicerUserid, { target: null, errcode: null, result: 'returning agent refused: stays where it is' });
      return 'settled';
    }
    if (toPool && conv.serviceState === 2) {
      await this.finish(job, 'failed', null, { target: 'pool', errcode: null, result: 'no candidate took it: stays in the pool; duty manager alerted' });
      await this.onStuck?.(job);
      return 'settled';
    }
    if (toPool && conv.serviceState === 3) {
      // WeCom allows 3 → 3 (another servicer) or 4 only: the pool is out of reach, so a person must step in.
      await this.finish(job, 'failed', conv.servicerUserid, { target: 'pool', errcode: null, result: 'no candidate; pool not reachable from state 3: duty manager alerted' });
      await this.onStuck?.(job);
      return 'settled';
    }
    if (toPool) {
      // Nobody can receive it: the pool is a place where nobody could answer, so the bot keeps the session.
      await this.finish(job, 'failed', null, { target: null, errcode: null, result: 'nobody can receive now: stays with the bot; duty manager alerted' });
      await this.onStuck?.(job);
      return 'settled';
    }
    const attempts = job.attempts + 1;
    const to = target;
    await uow.run(async (tx) => { await tx.db.update(tx.t.relayJobs).set({ attempts, updatedAt: clock.now() }).where(eq(tx.t.relayJobs.id, job.id)); });
    try {
      if (job.attempts > 0) {
        // A retry (possibly after a crash between WeCom's answer and our commit): ask where the session is.
        const cur = await wecom.getServiceState(conv.openKfid, conv.externalUserid);
        if (cur.service_state === 3 && cur.servicer_userid === to) {
          await this.finish(job, 'done', to, { target: to, errcode: 0, result: 'already moved (retry)' }, 3);
          return 'settled';
        }
      }
      const res = await wecom.transServiceState({ open_kfid: conv.openKfid, external_userid: conv.externalUserid, service_state: 3, servicer_userid: to });
      await this.finish(job, 'done', to, { target: to, errcode: 0, result: 'moved' }, 3, res.msg_code);
    } catch (err) {
      const errcode = err instanceof WecomError ? err.errcode : -1;
      const now = clock.now();
      const cls = errorClass(errcode);
      if (cls === 'receiver') {
        await uow.run(async (tx) => {
          await recordRefusalIn(tx, conv.openKfid, to, errcode, now);
          await tx.db.update(tx.t.relayJobs).set({ nextIndex: job.nextIndex + 1, attempts: 0, updatedAt: now }).where(eq(tx.t.relayJobs.id, job.id));
          await recordDiagnosticIn(tx, { at: now, kind: 'relay', conversationId: job.conversationId, actor: job.fromUserid, target: to, reason: job.reason, errcode, result: 'refused: next candidate' });
        });
        return 'next';
      }
      if ((cls === 'transient' || cls === 'token') && willRetry(this.kind.retry, jobAttempt, err)) {
        await uow.run(async (tx) => {
          await tx.db.update(tx.t.relayJobs).set({ nextAttemptAt: now + this.kind.retry.backoffMs(jobAttempt, err), updatedAt: now }).where(eq(tx.t.relayJobs.id, job.id));
          await recordDiagnosticIn(tx, { at: now, kind: 'relay', conversationId: job.conversationId, actor: job.fromUserid, target: to, reason: job.reason, errcode, result: 'temporary error: retry' });
        });
        throw err; // the job is tried again by its kind's policy
      }
      log.warn({ job: job.id, errcode }, 'relay failed');
      await this.finish(job, 'failed', null, { target: to, errcode, result: err instanceof Error ? err.message.slice(0, 200) : 'failed' });
    }
    return 'settled';
  }
}

const relayJobById = (q: Queries, id: number) => first(q.db.select().from(q.t.relayJobs).where(eq(q.t.relayJobs.id, id)).limit(1));
