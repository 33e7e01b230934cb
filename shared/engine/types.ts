/**
 * @module Engine types: the Facts the server computes per customer message (SQLite + calendar + classifier),
 * the planned actions, the serialisable Trace and the Decision. Rule/RuleSet types come from the catalogue.
 */
import type { AgentStatus, CalendarWindow, TemplateKind } from '../domain/vocabulary';
import type { ActionParams, Rule, RuleSet, ConditionNode } from './catalogue';
import type { Settings } from './settings';

export type { Rule, RuleSet, ConditionNode, Settings };

export interface Person {
  userid: string;
  name: string;
}

/** Everything `decide` may look at. Times are ISO-8601 strings; "local" means the org time zone. */
export interface Facts {
  /** The instant of the customer message (ISO). */
  now: string;
  time: {
    /** `YYYY-MM-DD` in the org time zone. */
    localDate: string;
    /** ISO weekday, 1 = Monday … 7 = Sunday, in the org time zone. */
    weekday: number;
    /** Minutes since local midnight, 0–1439. */
    minuteOfDay: number;
    /** Calendar window at `now` (from shared/calendar). */
    window: CalendarWindow;
    /** Occurrence key of the current window stretch, e.g. `2026-10-01/holiday` or `2026-11-26/night`. */
    windowKey: string;
    /** Next opening (ISO) or null when the calendar knows none. */
    nextOpenAt: string | null;
    /** The statutory holiday (国庆节, 春节 …) or the admin's note for a closed day, when the day has one. */
    holidayName?: string;
  };
  message: {
    text: string;
    /** WeCom msgtype of the customer message (`text`, `image`, …). */
    msgtype: string;
    /** Set when the customer clicked a msgmenu item. */
    menuId?: string;
    /** Synthetic probe (diagnostics): decide as usual but mark the decision dry-run. */
    isProbe: boolean;
    isFirstOfSession: boolean;
  };
  intent: { id: string; confidence: number };
  /** score in [0,1], 1 = most negative; trend = score minus the recent average (positive = getting worse). */
  emotion: { score: number; trend?: number };
  conversation: {
    /** Consecutive customer messages without a human reply, this one included. */
    unansweredCount: number;
    /** Time of the first of those unanswered messages (ISO). */
    unansweredSince?: string | null;
    lastHumanReplyAt?: string | null;
    mutedUntil?: string | null;
    tags: string[];
    /** Identical customer messages (normalised text) within `settings.repeat.windowMinutes`, this one included. */
    sameContentCount: number;
    /** Optional times (ISO) of those identical messages, so a rule can use its own minute window. */
    sameContentTimes?: string[];
    /** WeCom sends left for this customer message (5 per customer message within 48 h), 0–5. */
    quotaLeft: number;
    /** WeCom session state as Moonshift knows it (0–4). */
    serviceState?: number;
    /** windowKeys for which an off-hours notice was already sent in this conversation. */
    noticesSent: string[];
    transferOfferSentAt?: string | null;
    assignedServicer?: string | null;
    dedicatedManager?: string | null;
  };
  /** The conversation's agent (or the primary), with status. */
  agent: (Person & { status: AgentStatus }) | null;
  /** A post of the duty group on duty now. */
  onDuty: Person | null;
  /** B post (backup) of the duty group on duty now. */
  backup?: Person | null;
  /** Duty manager who receives alerts (falls back to conversation.dedicatedManager, then onDuty). */
  manager?: Person | null;
  /**
   * Who can receive a session right now (available in Moonshift and 接待中 in WeCom), preferred first. When
   * known, a transfer goes only to one of them, and with nobody no human is promised (see `settings.noAgent`);
   * undefined = not known (a transfer is planned as asked).
   */
  receivers?: Person[];
  /**
   * Nobody receives because everyone available is at the per-agent session cap: the customer is told that all
   * agents are busy, with an appointment link and this expected wait (see `settings.noAgent.busyTemplateId`).
   */
  capacity?: { full: boolean; expectedWaitMinutes: number | null };
  customer: { nickname?: string; tags: string[] };
  /** The FAQ entry that answers this message (a card button, or free text above the threshold), with why. */
  faq?: FaqFact;
}

export interface FaqFact {
  entryId: number | null;
  question: string | null;
  via: 'button' | 'text';
  score: number;
  matched: boolean;
  /** In words, for the trace: which entry, its score and what made it. */
  why: string;
}

/** The action types that send a WeCom message (one list: guards, the server's executor and the dashboard read it). */
export const SEND_TYPES = ['reply_template', 'reply_form_link', 'reply_faq_card', 'reply_faq_answer', 'offer_transfer'] as const;
export type SendType = (typeof SEND_TYPES)[number];
export type TransferTarget = 'assigned' | 'on_duty' | 'backup' | 'queue' | 'user';

/** An action the server should execute, resolved against the facts. `ruleId` is `@guard:…` for guard actions. */
export type PlannedAction =
  | {
      type: SendType;
      ruleId: string;
      kind: TemplateKind;
      templateId?: string;
      /** Off-hours notice: record this key (`noticeKeyOf(windowKey, kind)`) in conversation.noticesSent once sent. */
      noticeKey?: string;
    }
  /** `fallback`: the wanted person could not receive — `receiver` another who can, `queue` the pool (availability unknown). */
  | { type: 'transfer'; ruleId: string; to: TransferTarget; userid: string | null; fallback?: 'queue' | 'receiver' }
  | { type: 'alert_manager'; ruleId: string; userid: string | null; reason: string }
  | { type: 'mute'; ruleId: string; minutes: number; until: string }
  | { type: 'tag'; ruleId: string; tag: string }
  | { type: 'follow_up'; ruleId: string; afterSeconds: number; runRuleId: string; dueAt: string };

export type ActionType = PlannedAction['type'];
export type { ActionParams };

export type GuardId =
  | 'probe' | 'follow_up_answered' | 'muted' | 'human_recent' | 'repeat_flood' | 'emotion_escalation'
  | 'off_hours_once' | 'offer_once' | 'duplicate' | 'quota' | 'nobody_available';

export interface GuardTrace {
  guard: GuardId;
  /** Whether the guard's condition holds for this message. */
  active: boolean;
  /** Short English detail with actual and limit values. */
  detail: string;
  /** Action types the guard still lets through (e.g. muted → transfers and alerts). */
  allows?: string[];
}

export interface ConditionFailure {
  path: string;
  type: string;
  params: Record<string, unknown>;
  /** Compact expected expression, e.g. `window in [night]`. */
  expected: string;
  /** The fact's actual value, e.g. `open`. */
  actual: string;
  /** For `any`: every alternative's failure. */
  alternatives?: ConditionFailure[];
}

export type RuleOutcome = 'fired' | 'forced' | 'not_matched' | 'disabled' | 'skipped_stop' | 'skipped_trigger';

export interface RuleTrace {
  ruleId: string;
  name: string;
  priority: number;
  outcome: RuleOutcome;
  failed?: ConditionFailure;
  /** Keywords that matched, e.g. `紧急` or `緊急→紧急 (fuzzy)`. */
  matched?: string[];
  stop?: boolean;
  /** For `skipped_stop`: the rule whose `stop` ended evaluation. */
  stoppedBy?: string;
}

export interface ActionTrace {
  ruleId: string;
  type: string;
  kind?: string;
  templateId?: string;
  /** The action's main parameter: transfer target, tag, mute minutes, follow-up rule, alert reason. */
  detail?: string;
  /** Resolved person for transfers and alerts (null = queue / nobody). */
  userid?: string | null;
  status: 'planned' | 'suppressed';
  guard?: GuardId;
  reason?: string;
  /** A send that replaced a promise of a human (its original template kind), because nobody could receive. */
  replaced?: string;
}

export interface Trace {
  version: string;
  now: string;
  dryRun: boolean;
  /** The key facts, so a stored trace reads on its own. */
  facts: {
    window: CalendarWindow;
    windowKey: string;
    intent: string;
    confidence: number;
    emotion: number;
    agentStatus: AgentStatus | 'none';
    unanswered: number;
    sameContent: number;
    quotaLeft: number;
    text: string;
    /** Which FAQ entry answers this message and why (or the best try and why it fell short). */
    faq?: string;
  };
  guards: GuardTrace[];
  rules: RuleTrace[];
  actions: ActionTrace[];
}

export interface Decision {
  actions: PlannedAction[];
  trace: Trace;
  dryRun: boolean;
}

export interface DecideOptions {
  /** Follow-up run: evaluate only this rule (scheduled by a `follow_up` action). */
  followUpRuleId?: string;
}
