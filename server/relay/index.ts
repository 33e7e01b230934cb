/**
 * @module Starts relay and escalation in the process: the timer scheduler (escalation handlers registered),
 * the relay worker, the duty-manager alert worker, and the `agent.status` subscription that plans relays
 * when an agent goes away (and, if configured, back when they return). Network happens after commit:
 * every fired timer batch and every planned relay drains the outbox, relay and alert queues.
 */
import type { CoreDeps } from '../deps';
import type { Conversation, Message } from '../db/schema/index';
import type { Store } from '../db/index';
import type { DurableTimers } from '../timers/durable-timers';
import { registerEscalations } from '../escalation/handlers';
import { armEscalations } from '../escalation/arm';
import { AlertWorker } from '../alerts/worker';
import { createSmsNotifier } from '../alerts/sms';
import { SETTINGS } from '../config/catalogue';
import { readSetting } from '../config/settings';
import { AVAILABLE, dutyManager } from '../duty/on-duty';
import { ALERT_STAGE, alertFacts, queueManagerAlert } from '../alerts/queue';
import { planRelaysForAgent, planReturnsForAgent } from './plan';
import { RelayWorker } from './worker';
import { eq } from 'drizzle-orm';
import { conversations } from '../db/schema/index';
import { handOnFromAway } from '../engine/handover';
import { isProbeText } from '../../shared/engine/index';

export interface RelayRuntime {
  relay: RelayWorker;
  alerts: AlertWorker;
  /** Resolves when outbox, relay and alert queues are idle. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startRelay(d: CoreDeps, outbox: { drain(): Promise<void> }, timers: DurableTimers): RelayRuntime {
  const relay = new RelayWorker(d, (job) => {
    const at = d.clock.now();
    const planned = d.db.transaction((tx) => {
      const manager = dutyManager(tx, at);
      const facts = alertFacts(tx, job.conversationId, at);
      if (manager && facts) {
        queueManagerAlert(tx, d, { touser: manager.userid, facts, reason: `${job.reason}，无人可接`, stage: ALERT_STAGE.relay, now: at });
      }
      // No customer message may wait on an agent who is away: a customer waiting for an answer is handed on,
      // or their session ended with a closing note (the bot answers their next message).
      const conv = tx.select().from(conversations).where(eq(conversations.id, job.conversationId)).get();
      return conv && conv.unansweredCount > 0 ? handOnFromAway(tx, d, conv, `relay:${job.id}`, at) : null;
    });
    queueMicrotask(() => { void alerts.drain(); if (planned) void outbox.drain(); });
  });
  const alerts = new AlertWorker(d, createSmsNotifier(d.config.sms, d.clock));
  registerEscalations(timers, d);
  const drain = async () => { await outbox.drain(); await relay.drain(); await alerts.drain(); await outbox.drain(); };
  timers.afterFire(() => void drain());

  const off = d.events.on('agent.status', (e) => {
    // Runs inside setAgentStatus' emit: a failure here must not fail the status change itself.
    try {
      const settings = readSetting(d.db, SETTINGS.relay);
      const planned = d.db.transaction((tx) => {
        if ((settings.awayStatuses as string[]).includes(e.status)) return planRelaysForAgent(tx, e.userid, `${e.userid} went ${e.status}`, e.at);
        if (settings.returnMovedOnComeback && AVAILABLE.includes(e.status)) return planReturnsForAgent(tx, e.userid, e.at);
        return 0;
      });
      if (planned > 0) void drain();
    } catch (err) {
      d.log.error({ err, userid: e.userid }, 'relay planning failed');
    }
  });

  void relay.drain();
  void alerts.drain();
  return {
    relay, alerts, drain,
    async stop() { off(); await Promise.all([relay.stop(), alerts.stop()]); },
  };
}

type Planner<A> = (db: Store, conversation: Conversation, message: Message) => A[];

/**
 * Wraps the inbound planner so each new customer message also arms its escalation timers (same transaction) —
 * except the probe (`***`), a dry run that arms nothing (its escalations are computed and reported instead).
 */
export function withEscalations<A>(plan: Planner<A>, d: Pick<CoreDeps, 'clock'>, timers: () => { poke(): void } | undefined): Planner<A> {
  return (db, conversation, message) => {
    if (!isProbeMessage(message)) armEscalations(db, { clock: d.clock, scheduler: timers() }, conversation, message);
    return plan(db, conversation, message);
  };
}

function isProbeMessage(m: Message): boolean {
  if (m.msgtype !== 'text') return false;
  try { return isProbeText(String((JSON.parse(m.content) as { content?: unknown }).content ?? '')); } catch { return false; }
}
