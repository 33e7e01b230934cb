/**
 * @module Batch evaluation as conversations: lines sharing a `conversation` are one customer's messages, sent at
 * their `at` instants (a line without one follows its predecessor a minute later, or starts at `start`) through
 * the real storing transaction and decision engine of a sandbox, in time order across all conversations — so a
 * set can check what happens across 20:59 → 21:01 or a lunch break. Reports, per step, the intent, the rule-layer
 * flows and the template chosen, and the decision time; plus how often the emergency and 别烦我 flows fire on the
 * lines that call for them (the rule layer evaluated on the same set as the model).
 */
import { performance } from 'node:perf_hooks';
import { DecisionSandbox } from '../engine/sandbox';
import { toZonedIso } from '../../../shared/calendar/index';
import { calendarForIn } from '../config/calendar';
import {
  summarizeLatency, type ConversationStep, type ConversationsRun, type FlowCheck, type IntentClassifier, type LabelledRow,
} from '../../../shared/intent/index';
import type { PlannedAction } from '../../../shared/engine/index';
import type { AgentStatus } from '../../../shared/domain/vocabulary';

export interface RunOptions {
  /** Instant of a first line that has no `at` (ms). */
  readonly start: number;
  readonly agentStatus?: AgentStatus;
  /** Awaited after ~10 ms of work, so a server keeps answering other requests meanwhile. */
  readonly pause?: () => Promise<void>;
}

const SLICE_MS = 10;

const STEP_WITHOUT_TIME_MS = 60_000;
const EMERGENCY_LINE = new Set(['urgent', 'complaint']);

const sendOf = (a: PlannedAction): string | undefined => {
  const x = a as { kind?: unknown; templateId?: unknown };
  if (typeof x.kind !== 'string') return undefined;
  return typeof x.templateId === 'string' ? x.templateId : x.kind;
};

interface Pending { row: LabelledRow; conversation: string; at: number }

/** Each line with its conversation and instant, in send order (time, then file order). */
function schedule(rows: readonly LabelledRow[], start: number): Pending[] {
  const last = new Map<string, number>();
  const out = rows.map((row): Pending => {
    const conversation = row.conversation ?? `line ${row.line}`;
    const prev = last.get(conversation);
    const at = row.at !== undefined ? Date.parse(row.at) : prev !== undefined ? prev + STEP_WITHOUT_TIME_MS : start;
    last.set(conversation, at);
    return { row, conversation, at };
  });
  return out.sort((a, b) => a.at - b.at || a.row.line - b.row.line);
}

const customerOf = (conversation: string): string => `wmEval_${conversation.replace(/[^A-Za-z0-9_-]/g, (c) => c.codePointAt(0)?.toString(16) ?? '_')}`.slice(0, 64);

export async function runConversations(rows: readonly LabelledRow[], intent: IntentClassifier, o: RunOptions): Promise<ConversationsRun> {
  const steps = schedule(rows, o.start);
  const sandbox = await DecisionSandbox.open({ at: steps[0]?.at ?? o.start, intent, ...(o.agentStatus ? { agentStatus: o.agentStatus } : {}) });
  const byConversation = new Map<string, ConversationStep[]>();
  const ms: number[] = [];
  const templates: Record<string, number> = {};
  const emergency: FlowCheck = { fired: 0, expected: 0, hits: 0 };
  const annoyed: FlowCheck = { fired: 0, expected: 0, hits: 0 };
  const kinds = rows.some((r) => r.kind !== undefined);
  const zone = (await sandbox.uow.read((q) => calendarForIn(q))).timeZone;
  const emergencyRules = await sandbox.emergencyRuleIds();
  let sliceStart = performance.now();
  try {
    for (const s of steps) {
      if (o.pause && performance.now() - sliceStart >= SLICE_MS) {
        await o.pause();
        sliceStart = performance.now();
      }
      sandbox.clock.set(Math.max(s.at, sandbox.clock.now()));
      const t0 = performance.now();
      const r = await sandbox.send(customerOf(s.conversation), s.row.text);
      const decisionMs = performance.now() - t0;
      ms.push(decisionMs);
      const sent = r.actions.map(sendOf).filter((x): x is string => x !== undefined);
      for (const t of sent.length > 0 ? sent : ['none']) templates[t] = (templates[t] ?? 0) + 1;
      // The emergency flow ran when an emergency rule fired, even if nobody could take the transfer it wanted
      // (then the truthful no-agent answer replaces the emergency template).
      const isEmergency = r.actions.some((a) => (a as { kind?: unknown }).kind === 'emergency')
        || r.trace.rules.some((x) => emergencyRules.has(x.ruleId) && (x.outcome === 'fired' || x.outcome === 'forced'));
      const isAnnoyed = r.trace.rules.some((x) => x.ruleId === 'annoyed' && x.outcome === 'fired');
      const wantsEmergency = EMERGENCY_LINE.has(s.row.intent);
      emergency.fired += isEmergency ? 1 : 0;
      emergency.expected += wantsEmergency ? 1 : 0;
      emergency.hits += wantsEmergency && isEmergency ? 1 : 0;
      annoyed.fired += isAnnoyed ? 1 : 0;
      annoyed.expected += s.row.kind === 'annoyed' ? 1 : 0;
      annoyed.hits += s.row.kind === 'annoyed' && isAnnoyed ? 1 : 0;
      const step: ConversationStep = {
        line: s.row.line, at: toZonedIso(s.at, zone), text: s.row.text, gold: s.row.intent, intent: r.intent,
        confidence: Math.round(r.confidence * 1000) / 1000, emotion: r.emotion, correct: r.intent === s.row.intent,
        window: r.trace.facts.window, templates: sent, actions: r.actions.map((a) => a.type), decisionMs: Math.round(decisionMs * 1000) / 1000,
      };
      byConversation.set(s.conversation, [...(byConversation.get(s.conversation) ?? []), step]);
    }
  } finally {
    sandbox.close();
  }
  return {
    conversations: [...byConversation].map(([conversation, list]) => ({ conversation, steps: list })),
    decisionMs: summarizeLatency(ms), templates, flows: { emergency, annoyed: kinds ? annoyed : null },
  };
}

/** Whether a set asks for conversations (some line has a conversation or an instant). */
export const wantsConversations = (rows: readonly LabelledRow[]): boolean => rows.some((r) => r.conversation !== undefined || r.at !== undefined);
