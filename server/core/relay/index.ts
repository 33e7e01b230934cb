/**
 * @module Starts relay and escalation in the process: the escalation timers' handlers, the relay and duty-manager
 * alert job kinds on the one job queue, and the `agent.status` subscription that plans relays
 * when an agent goes away (and, if configured, back when they return). Network happens after commit: every
 * planned relay, alert and outbox row comes with its job, and the runner is woken after the commit.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Message, RelayJob } from '../../adapters/db/sqlite/schema/index';
import type { Planner } from '../pipeline/store';
import { first } from '../ports/queries';
import type { DurableTimers } from '../timers/durable-timers';
import type { TimeDriven } from '../../app/time-travel';
import { registerEscalations } from '../escalation/handlers';
import { armEscalations } from '../escalation/arm';
import { Alerts } from '../alerts/deliver-job';
import { createSmsNotifier } from '../alerts/sms';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { AVAILABLE, dutyManagerIn } from '../duty/on-duty';
import { ALERT_STAGE, alertFactsIn, queueManagerAlertIn } from '../alerts/queue';
import { relayReasonWords } from '../alerts/relay-words';
import { planRelaysForAgent, planReturnsForAgent } from './plan';
import { Relays } from './relay-job';
import type { ProductJobs } from '../../app/jobs-runtime';
import { handOnFromAwayIn } from '../engine/handover';
import { isProbeText } from '../../../shared/engine/index';
import type { DomainEvents } from '../events';

export interface RelayRuntime {
  relay: Relays;
  alerts: Alerts;
  /**
   * Relay planning on `agent.status` as a part of time travel: busy while a status change's planning transaction
   * is in flight (it runs after the change committed, in its own unit of work).
   */
  part: TimeDriven;
  /** Resolves when the planning in flight is committed and the job queue (outbox, relays, alerts, timers) is idle. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startRelay(d: CoreDeps, jobs: ProductJobs, timers: DurableTimers): RelayRuntime {
  const relay = new Relays(d, jobs, async (job) => {
    await alertStuck(d, job);
    jobs.wake(); // the alert and outbox rows planned above came with their jobs
  });
  const alerts = new Alerts(d, jobs, createSmsNotifier(d.config.sms, d.clock));
  registerEscalations(timers, d);

  const inFlight = new Set<Promise<void>>();
  const planning = async () => { while (inFlight.size > 0) await Promise.all(inFlight); };
  const drain = async () => { await planning(); jobs.wake(); await jobs.idle(); };

  const off = d.events.on('agent.status', (e, origin) => {
    if (!origin.local) return; // the instance that made the change plans its relays (once, not once per instance)
    // Emitted after the status change committed: the planning is its own transaction, started at once (so it is
    // queued on the unit of work before anything that follows), and a failure here does not fail the change.
    const planned = planRelaysOnStatus(d, e)
      .then((n) => { if (n > 0) jobs.wake(); })
      .catch((err: unknown) => { d.log.error({ err, userid: e.userid }, 'relay planning failed'); })
      .finally(() => { inFlight.delete(planned); });
    inFlight.add(planned);
  });

  const part: TimeDriven = {
    name: 'relay planning',
    nextDueAt: () => undefined,
    busy: () => inFlight.size > 0,
    runDue: planning,
  };

  return {
    relay, alerts, part, drain,
    async stop() { off(); await planning(); },
  };
}

/** Plans the relays a status change calls for (away: move their open sessions; back: return the moved ones). */
async function planRelaysOnStatus(d: CoreDeps, e: DomainEvents['agent.status']): Promise<number> {
  return d.shared.uow.run(async (tx) => {
    const settings = await readSettingIn(tx, SETTINGS.relay);
    if ((settings.awayStatuses as string[]).includes(e.status)) return planRelaysForAgent(tx, d, e.userid, `${e.userid} went ${e.status}`, e.at);
    if (settings.returnMovedOnComeback && AVAILABLE.includes(e.status)) return planReturnsForAgent(tx, e.userid, e.at);
    return 0;
  });
}

/**
 * A relay nobody could take. No customer message may wait on an agent who is away: a customer waiting for an
 * answer is handed on, or their session ended with a closing note — the busy note when everyone available is at
 * the session cap (the bot answers their next message). The duty manager is alerted.
 */
async function alertStuck(d: CoreDeps, job: RelayJob): Promise<void> {
  const at = d.clock.now();
  await d.shared.uow.run(async (tx) => {
    const { conversations } = tx.t;
    const conv = await first(tx.db.select().from(conversations).where(eq(conversations.id, job.conversationId)).limit(1));
    const plan = conv && conv.unansweredCount > 0
      ? await handOnFromAwayIn(tx, d, conv, `relay:${job.id}`, at) : null;
    const manager = await dutyManagerIn(tx, at);
    const facts = await alertFactsIn(tx, job.conversationId, at);
    if (manager && facts) {
      const why = plan?.allBusy ? '所有同事都已满负荷接待' : '现在无人可接';
      await queueManagerAlertIn(tx, d, { touser: manager.userid, facts, reason: `${await relayReasonWords(tx, job.reason)}，${why}`, stage: ALERT_STAGE.relay, now: at });
    }
  });
}

/**
 * Wraps the inbound planner so each new customer message also arms its escalation timers (same transaction) —
 * except the probe (`***`), a dry run that arms nothing (its escalations are computed and reported instead).
 * The planner's classifier is kept (see `Planner.classify`).
 */
export function withEscalations(plan: Planner, d: Pick<CoreDeps, 'clock'>): Planner {
  const wrapped: Planner = async (tx, conversation, message, classified) => {
    if (!isProbeMessage(message)) await armEscalations(tx, { clock: d.clock }, conversation, message);
    return plan(tx, conversation, message, classified);
  };
  return Object.assign(wrapped, { classify: plan.classify });
}

function isProbeMessage(m: Message): boolean {
  if (m.msgtype !== 'text') return false;
  try { return isProbeText(String((JSON.parse(m.content) as { content?: unknown }).content ?? '')); } catch { return false; }
}
