/**
 * @module The one catalogue: every condition and action type (see conditions.ts, actions.ts) and the rule /
 * rule-set zod schemas built FROM it, so evaluation, validation and the admin form share one list.
 */
import { z } from 'zod';
import { CONDITIONS, CONDITION_BY_ID, type ConditionDef } from './conditions';
import { ACTIONS, ACTION_BY_ID, type ActionDef } from './actions';
import { Settings } from './settings';

export { CONDITIONS, CONDITION_BY_ID, ACTIONS, ACTION_BY_ID };
export type { ConditionDef, ActionDef };

type Checked = { check?(p: unknown): string | null; params: z.ZodObject; id: string };

/** `{ type: <id>, ...params }` for one catalogue entry, with its cross-field check. */
function leaf(d: Checked) {
  return z.object({ type: z.literal(d.id), ...d.params.shape }).superRefine((v, ctx) => {
    const msg = d.check?.(v);
    if (msg) ctx.addIssue({ code: 'custom', message: msg });
  });
}

export type LeafCondition = { type: string } & Record<string, unknown>;
export type ConditionNode = LeafCondition | { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };

const leaves = CONDITIONS.map((c) => leaf(c as Checked));
export const LeafConditionSchema = z.discriminatedUnion('type', leaves as unknown as [ReturnType<typeof leaf>, ...ReturnType<typeof leaf>[]]);

export const ConditionNodeSchema: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([
    LeafConditionSchema as unknown as z.ZodType<LeafCondition>,
    z.object({ all: z.array(ConditionNodeSchema) }).strict(),
    z.object({ any: z.array(ConditionNodeSchema).min(1) }).strict(),
    z.object({ not: ConditionNodeSchema }).strict(),
  ]),
);

export type ActionParams = { type: string } & Record<string, unknown>;
const actionLeaves = ACTIONS.map((a) => leaf(a as Checked));
export const ActionSchema = z.discriminatedUnion('type', actionLeaves as unknown as [ReturnType<typeof leaf>, ...ReturnType<typeof leaf>[]]) as unknown as z.ZodType<ActionParams>;

export const RuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'rule id: letters, digits, _ or -'),
  name: z.string().min(1).max(80),
  description: z.string().max(500).optional(),
  /** Higher runs first; ties keep list order. */
  priority: z.number().int().min(-10_000).max(10_000).default(0),
  enabled: z.boolean().default(true),
  /** `follow_up` rules run only when a scheduled follow-up fires. */
  trigger: z.enum(['message', 'follow_up']).default('message'),
  /** Part of the emergency flow: run first (even unmatched) when emotion rises. */
  emergency: z.boolean().default(false),
  when: ConditionNodeSchema,
  then: z.array(ActionSchema).min(1).max(20),
  stop: z.boolean().default(false),
});
export type Rule = z.infer<typeof RuleSchema>;
export type RuleInput = z.input<typeof RuleSchema>;

export const RuleSetSchema = z.object({
  version: z.union([z.string().min(1), z.number()]).transform(String),
  rules: z.array(RuleSchema).max(1000),
  settings: Settings.prefault({}),
});
export type RuleSet = z.infer<typeof RuleSetSchema>;
export type RuleSetInput = z.input<typeof RuleSetSchema>;

/** The part of a params JSON Schema (`z.toJSONSchema`) that the admin form reads to render its fields. */
export interface FormSchema {
  type?: string | string[]; enum?: unknown[]; items?: FormSchema; properties?: Record<string, FormSchema>; required?: string[];
  minimum?: number; maximum?: number; anyOf?: FormSchema[]; const?: unknown; default?: unknown; description?: string;
}

/** JSON-friendly description of the catalogue for the admin form (labels + JSON Schema of the params). */
export function catalogueForForm() {
  const schemaOf = (s: z.ZodObject): FormSchema => {
    try { return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as FormSchema; } catch { return {}; }
  };
  return {
    conditions: CONDITIONS.map((c) => ({ id: c.id, label: c.label, group: c.group, params: schemaOf(c.params) })),
    actions: ACTIONS.map((a) => ({ id: a.id, label: a.label, sends: a.sends, params: schemaOf(a.params) })),
    groups: ['all', 'any', 'not'] as const,
  };
}

export const conditionDef = (id: string): ConditionDef | undefined => CONDITION_BY_ID.get(id);
export const actionDef = (id: string): ActionDef | undefined => ACTION_BY_ID.get(id);
