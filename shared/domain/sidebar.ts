/**
 * @module Shapes the sidebar's services build for `/api/sidebar/*` (the web reads them through the typed client,
 * `hc<AppType>`, never from here). Types only.
 */
import type { AgentStatus, StatusSource } from './vocabulary';
import type { Template } from '../templates/model';
import type { WecomSendBody } from '../templates/render';

export interface MyStatus {
  userid: string; name: string; status: AgentStatus; source: StatusSource; until: number | null; changedAt: number;
  /** The org time zone (IANA): times are shown in it, not in the device's zone. */
  timeZone: string;
}

export interface SidebarMessage {
  id: string;
  from: 'customer' | 'agent' | 'bot';
  msgtype: string;
  text: string;
  /** epoch ms */
  at: number;
  intent: string | null;
  confidence: number | null;
  emotion: number | null;
  /** `stored` by the pipeline, `live` classified for this view, null for non-customer messages. */
  intentSource: 'stored' | 'live' | null;
  servicerUserid: string | null;
  /** The sender recalled it (user_recall_msg / servicer_recall_msg): shown struck through, not waiting for an answer. */
  recalled: boolean;
  /** The agent's name for an agent's message (null otherwise, or when the agent is unknown). */
  servicerName?: string | null;
  /** For the bot's messages: what WeCom made of the send (a refused reply is not an answer). */
  delivery?: { status: DeliveryView['status']; reason: { zh: string; en: string } | null } | null;
}
/** The agents' own notes on a customer (free text and tags), and who last changed them. */
export interface CustomerProfile { note: string; tags: string[]; updatedByName: string | null; updatedAt: number | null }
export interface EmotionTrend { points: number[]; latest: number; direction: 'rising' | 'falling' | 'steady' }
export interface IntentLabel { id: string; zh: string; en: string }
export interface CustomerContext {
  externalUserid: string;
  nickname: string | null;
  conversation: {
    id: number; openKfid: string; serviceState: number; servicerUserid: string | null; unansweredCount: number;
    mutedUntil: number | null; lastCustomerAt: number | null; lastHumanAt: number | null;
    /** The customer's 专属客服经理 (userid), if set. */
    dedicatedManager: string | null;
  } | null;
  messages: SidebarMessage[];
  mainIntent: { id: string; share: number } | null;
  emotionTrend: EmotionTrend | null;
  intents: IntentLabel[];
  profile: CustomerProfile;
}

export interface QuickReply {
  id: string;
  name: string;
  kind: string;
  msgtype: 'text' | 'msgmenu';
  own: boolean;
  body: WecomSendBody;
  preview: string;
  /** The stored template, for editing one's own. */
  template: Template;
}

/** What became of one thing a decision planned to send or do in WeCom (its outbox row). */
export interface DeliveryView {
  /** `send` (a message), `notice` (sent with a hand-over's or end's msg_code) or `move` (session state change). */
  what: 'send' | 'notice' | 'move';
  /** Template name, or the target state (`3 → lisi`, `4`). */
  label: string;
  status: 'sent' | 'pending' | 'retrying' | 'failed' | 'cancelled';
  errcode: number | null;
  /** Why it is retrying / failed / cancelled, in plain words. */
  reason: { zh: string; en: string } | null;
  /** epoch ms of the last change */
  at: number;
}

export interface DecisionView {
  id: number;
  at: number;
  trigger: string;
  ruleSetVersion: string;
  dryRun: boolean;
  causeMsgid: string | null;
  actions: { type: string; kind?: string }[];
  /** The planned sends and moves as WeCom took them (not only as planned). */
  deliveries: DeliveryView[];
  lines: { zh: string[]; en: string[] };
}
