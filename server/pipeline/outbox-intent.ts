/** @module What a planner asks the outbox to do: payload shapes per outbox kind (stored as JSON). */
import type { KfSendBody } from '../wecom/types';
import type { Template, TemplateVars } from '../../shared/templates/index';

export type OutboxPayload =
  | { kind: 'send_msg'; body: KfSendBody }
  | { kind: 'send_template'; template: Template; vars: TemplateVars }
  | { kind: 'send_msg_on_event'; code: string; template: Template; vars: TemplateVars }
  | { kind: 'service_state_trans'; serviceState: 2 | 3; servicerUserid?: string };

/**
 * `key` makes the outbox id deterministic for the cause (same cause + key → same row, never twice). The cause
 * is the customer message unless `cause` widens it (e.g. one alert per conversation and off-hours stretch).
 */
export type OutboxIntent = { key: string; cause?: string } & OutboxPayload;
