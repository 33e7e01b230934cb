/**
 * @module Starts relay and escalation in the process: the escalation timers' handlers, the relay and duty-manager
 * alert job kinds on the one job queue, and the `agent.status` subscription that plans relays
 * when an agent goes away (and, if configured, back when they return). Network happens after commit: every
 * planned relay, alert and outbox row comes with its job, and the runner is woken after the commit.
 */
import type { CoreDeps } from '../deps';
import type { Conversation, Message } from '../db/schema/index';
import type { Tx } from '../core/ports/unit-of-work';
import type { DurableTimers } from '../timers/durable-timers';
import { registerEscalations } from '../escalation/handlers';
import { armEscalations } from '../escalation/arm';
import { Alerts } from '../alerts/deliver-job';
import { createSmsNotifier } from '../alerts/sms';
import { SETTINGS } from '../config/catalogue';
import { readSetting } from '../config/settings';
import { AVAILABLE, dutyManager } from '../duty/on-duty';
import { ALERT_STAGE, alertFacts, queueManagerAlert } from '../alerts/queue';
import { relayReasonWords } from '../alerts/relay-words';
import { planRelaysForAgent, planReturnsForAgent } from './plan';
import { Relays } from './relay-job';
import type { ProductJobs } from '../jobs/runtime';
import { eq } from 'drizzle-orm';
import { conversations } from '../db/schema/index';
import { handOnFromAway } from '../engine/handover';
import { isProbeText } from '../../shared/engine/index';

export interface RelayRuntime {
  relay: Relays;
  alerts: Alerts;
  /** Resolves when the job queue (outbox, relays, alerts, timers) is idle. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startRelay(d: CoreDeps, jobs: ProductJobs, timers: DurableTimers): RelayRuntime {
  const relay = new Relays(d, jobs, (job) => {
    const at = d.clock.now();
    d.db.transaction((tx) => {
      // No customer message may wait on an agent who is away: a customer waiting for an answer is handed on,
      // or their session ended with a closing note — the busy note when everyone available is at the session
      // cap (the bot answers their next message).
      const conv = tx.select().from(conversations).where(eq(conversations.id, job.conversationId)).get();
      const plan = conv && conv.unansweredCount > 0 ? handOnFromAway(tx, d, conv, `relay:${job.id}`, at) : null;
      const manager = dutyManager(tx, at);
      const facts = alertFacts(tx, job.conversationId, at);
      if (manager && facts) {
        const why = plan?.allBusy ? '所有同事都已满负荷接待' : '现在无人可接';
        queueManagerAlert(tx, d, { touser: manager.userid, facts, reason: `${relayReasonWords(tx, job.reason)}，${why}`, stage: ALERT_STAGE.relay, now: at });
      }
    });
    jobs.wake(); // the alert and outbox rows planned above came with their jobs
  });
  const alerts = new Alerts(d, jobs, createSmsNotifier(d.config.sms, d.clock));
  registerEscalations(timers, d);
  const drain = async () => { jobs.wake(); await jobs.idle(); };

  const off = d.events.on('agent.status', (e) => {
    // Runs inside setAgentStatus' emit: a failure here must not fail the status change itself.
    try {
      const settings = readSetting(d.db, SETTINGS.relay);
      const planned = d.db.transaction((tx) => {
        if ((settings.awayStatuses as string[]).includes(e.status)) return planRelaysForAgent(tx, e.userid, `${e.userid} went ${e.status}`, e.at);
        if (settings.returnMovedOnComeback && AVAILABLE.includes(e.status)) return planReturnsForAgent(tx, e.userid, e.at);
        return 0;
      });
      if (planned > 0) jobs.wake();
    } catch (err) {
      d.log.error({ err, userid: e.userid }, 'relay planning failed');
    }
  });

  return {
    relay, alerts, drain,
    async stop() { off(); },
  };
}

type Planner<A> = (tx: Tx, conversation: Conversation, message: Message) => Promise<A[]>;

/**
 * Wraps the inbound planner so each new customer message also arms its escalation timers (same transaction) —
 * except the probe (`***`), a dry run that arms nothing (its escalations are computed and reported instead).
 */
export function withEscalations<A>(plan: Planner<A>, d: Pick<CoreDeps, 'clock' | 'db'>, timers: () => { poke(): void } | undefined): Planner<A> {
  return async (tx, conversation, message) => {
    if (!isProbeMessage(message)) await armEscalations(tx, { clock: d.clock, db: d.db, scheduler: timers() }, conversation, message);
    return plan(tx, conversation, message);
  };
}

function isProbeMessage(m: Message): boolean {
  if (m.msgtype !== 'text') return false;
  try { return isProbeText(String((JSON.parse(m.content) as { content?: unknown }).content ?? '')); } catch { return false; }
}
