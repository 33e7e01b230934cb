/** @module What a planner asks the outbox to do: payload shapes per outbox kind (stored as JSON). */
import type { KfSendBody } from '../../channels/wecom-kf/types';
import type { Template, TemplateVars } from '../../../shared/templates/index';

/**
 * What a send stands for in the conversation's state (recorded when planned): an off-hours notice for a window
 * stretch, or the transfer offer (with its mute). If the send never reaches the customer, the marks are undone,
 * so the notice or offer is not counted as given.
 */
export interface SendMarks { noticeKey?: string; offer?: boolean }

export type OutboxPayload =
  | { kind: 'send_msg'; body: KfSendBody; marks?: SendMarks }
  | { kind: 'send_template'; template: Template; vars: TemplateVars; marks?: SendMarks }
  /**
   * An event answer: with `code` (a welcome_code), or with the msg_code that the `codeFrom` row (a
   * service_state_trans planned just before it) got from WeCom — the notice that goes with a hand-over or an end.
   */
  | { kind: 'send_msg_on_event'; code?: string; codeFrom?: string; template: Template; vars: TemplateVars }
  /**
   * Move the session: to 3 with `servicerUserid` first, then `candidates` in order if WeCom says that person
   * cannot receive (95019 / 95014); to 4 to end it; to 2 (the pool).
   */
  | { kind: 'service_state_trans'; serviceState: 2 | 3 | 4; servicerUserid?: string; candidates?: string[] };

/**
 * `key` makes the outbox id deterministic for the cause (same cause + key → same row, never twice). The cause
 * is the customer message unless `cause` widens it (e.g. one alert per conversation and off-hours stretch, or a
 * second decision for the same message). `decisionId` links the row to the decision that planned it.
 */
export type OutboxIntent = { key: string; cause?: string; decisionId?: number } & OutboxPayload;
