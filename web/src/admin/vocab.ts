/**
 * @module Vocabulary lists the admin forms need, without shared/domain/vocabulary's zod schemas (~20 KB gz):
 * the `satisfies` checks keep them in step with the shared types.
 */
import type { AgentStatus, TemplateKind } from '../../../shared/domain/vocabulary';

export const AGENT_STATUSES = ['online', 'busy', 'dnd', 'moon', 'offline'] as const satisfies readonly AgentStatus[];
export const TEMPLATE_KINDS = [
  'welcome', 'question_collect', 'emergency', 'lunch', 'night', 'holiday', 'dnd', 'busy',
  'appointment', 'faq_card', 'transfer_notice', 'custom',
] as const satisfies readonly TemplateKind[];

// Compile-time completeness: a value added to the shared lists must be added here too.
type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
export const VOCAB_COMPLETE: [Complete<AgentStatus, (typeof AGENT_STATUSES)[number]>, Complete<TemplateKind, (typeof TEMPLATE_KINDS)[number]>] = [true, true];
