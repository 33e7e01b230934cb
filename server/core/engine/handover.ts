/**
 * @module No customer message waits on an agent who is away. When the session is with a person (state 3) who
 * can no longer receive (away in Moonshift, or not 接待中 in WeCom), the conversation goes to whoever can
 * receive now (WeCom's refusal → the next candidate); if nobody can, the session is ended (3 → 4) and the
 * customer gets a short closing note through the end's msg_code, so their next message opens a new session
 * the bot answers. Outbox intents, planned in the caller's transaction; WeCom is called after commit.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Tx } from '../ports/unit-of-work';
import { first } from '../ports/queries';
import { type Conversation } from '../../adapters/db/sqlite/schema/index';
import type { OutboxIntent } from '../pipeline/outbox-intent';
import { enqueueIn } from '../pipeline/store';
import { capacityForIn, receiversNowIn, type Receiver } from '../duty/receivers';
import type { Capacity } from '../duty/load';
import { appointmentLink } from '../appointments/link';
import { calendarForIn } from '../config/calendar';
import { DEFAULT_TEMPLATES, expectedWaitText } from '../../../shared/engine/index';
import { formatNextOpen, windowAt } from '../../../shared/calendar/index';
import type { Template, TemplateVars } from '../../../shared/templates/index';
import type { CalendarWindow } from '../../../shared/domain/vocabulary';

export interface HandoverPlan {
  intents: OutboxIntent[];
  summary: string;
  target: string | null;
  /** Nobody could take it because everyone available is at the session cap (the busy note went out). */
  allBusy: boolean;
}


/** A template by id: the team's own copy, else the default pack's (databases seeded before it existed). */
export function templateById(templates: readonly Template[], id: string): Template | undefined {
  return templates.find((t) => t.id === id) ?? DEFAULT_TEMPLATES.find((t) => t.id === id);
}

/** Whether the session is with a person who cannot receive now. */
export function heldByAway(conv: Pick<Conversation, 'serviceState' | 'servicerUserid'>, receivers: readonly Receiver[]): boolean {
  return conv.serviceState === 3 && !!conv.servicerUserid && !receivers.some((r) => r.userid === conv.servicerUserid);
}

export function awayHandover(input: {
  conversation: Conversation;
  receivers: readonly Receiver[];
  templates: readonly Template[];
  vars: TemplateVars;
  window: CalendarWindow;
  agentName: string | null;
  /** Whether everyone available is at the session cap (known when `receivers` has nobody else). */
  capacity?: Capacity | null;
  /** The busy note (the rule set's `noAgent.busyTemplateId`; needed when `capacity` is full). */
  busyTemplateId: string | null;
  /** Distinguishes the rows of this hand-over from others of the same cause. */
  key: string;
}): HandoverPlan {
  const others = input.receivers.filter((r) => r.userid !== input.conversation.servicerUserid);
  const first = others[0];
  if (first) {
    return {
      target: first.userid, allBusy: false, summary: `${input.conversation.servicerUserid} cannot receive: to ${first.userid}`,
      intents: [{ key: `${input.key}:relay`, kind: 'service_state_trans', serviceState: 3, servicerUserid: first.userid, candidates: others.slice(1).map((r) => r.userid) }],
    };
  }
  const busyId = input.capacity?.full ? input.busyTemplateId : null;
  const allBusy = busyId !== null;
  const template = templateById(input.templates, busyId ?? (input.window === 'open' ? 'tpl_session_closed' : 'tpl_session_closed_off_hours'));
  const intents: OutboxIntent[] = [{ key: `${input.key}:end`, kind: 'service_state_trans', serviceState: 4 }];
  if (template) {
    const vars = { ...input.vars, 'agent.name': input.agentName, ...(allBusy ? { expected_wait: expectedWaitText(input.capacity?.expectedWaitMinutes) } : {}) };
    intents.push({ key: `${input.key}:note`, kind: 'send_msg_on_event', codeFrom: `${input.key}:end`, template, vars });
  }
  const summary = allBusy
    ? `${input.conversation.servicerUserid} cannot receive and everyone available is at the session cap: session ended with the busy note`
    : `${input.conversation.servicerUserid} cannot receive and nobody else can: session ended with a closing note`;
  return { target: null, allBusy, summary, intents };
}

/**
 * Outside a customer message (an escalation, an agent going away): if the session is held by someone who cannot
 * receive, plan the hand-on or the end with its closing note into the outbox under `cause`. Returns what was
 * planned, or null when a person who can receive has it (or nobody holds it).
 */
export async function handOnFromAwayIn(
  tx: Tx, d: Pick<CoreDeps, 'config' | 'clock' | 'org'>, conv: Conversation, cause: string, now: number,
): Promise<HandoverPlan | null> {
  const receivers = await receiversNowIn(tx, conv.openKfid, now, conv.serviceState === 3 ? conv.servicerUserid : null);
  if (!heldByAway(conv, receivers)) return null;
  const cal = await calendarForIn(tx, { conversation: conv });
  const w = windowAt(cal, new Date(now));
  const { agents: a } = tx.t;
  const agentName = conv.servicerUserid ? (await first(tx.db.select({ n: a.name }).from(a).where(eq(a.userid, conv.servicerUserid)).limit(1)))?.n ?? null : null;
  const capacity = receivers.some((r) => r.userid !== conv.servicerUserid) ? null : await capacityForIn(tx, conv.openKfid, now);
  const plan = awayHandover({
    conversation: conv, receivers, templates: await d.org.templatesIn(tx), window: w.window, agentName, key: 'away',
    capacity, busyTemplateId: capacity?.full ? (await d.org.ruleSetIn(tx)).compiled.settings.noAgent.busyTemplateId : null,
    vars: { form_link: appointmentLink(d, conv.id), next_open: w.window === 'open' || !w.nextOpen ? null : formatNextOpen(w.nextOpen, cal.timeZone, 'zh', { now: new Date(now) }) },
  });
  await enqueueIn(tx, conv.id, cause, plan.intents, now);
  return plan;
}
