/** @module Shape of a conversation run of a batch evaluation (server/core/intent/run-conversations.ts), for the CLI and the admin page. */
import type { LatencySummary } from './metrics';

export interface ConversationStep {
  line: number;
  at: string;
  text: string;
  gold: string;
  intent: string;
  confidence: number;
  emotion: number;
  correct: boolean;
  window: string;
  /** Templates sent at this step (template id, or the kind when the action names none). */
  templates: string[];
  /** Every planned action type, in order. */
  actions: string[];
  decisionMs: number;
}

export interface FlowCheck {
  /** Steps where the flow ran. */
  fired: number;
  /** Lines that call for it. */
  expected: number;
  /** Lines that call for it and got it. */
  hits: number;
}

export interface ConversationsRun {
  conversations: { conversation: string; steps: ConversationStep[] }[];
  decisionMs: LatencySummary;
  /** Template → how many steps sent it. */
  templates: Record<string, number>;
  /** The rule layer on this set: the emergency flow for urgent/complaint lines; 别烦我 for lines of kind `annoyed`. */
  flows: { emergency: FlowCheck; annoyed: FlowCheck | null };
}
