/**
 * @module Admin changes to the intent catalogue: create, update or disable a custom intent, add or remove
 * training examples. Each change is one transaction with its audit row, then schedules a retrain.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Tx } from '../db/index';
import { intentDefinitions, intentExamples } from '../db/schema/index';
import { ConflictError, NotFoundError } from '../errors';
import type { IntentId } from '../../shared/domain/vocabulary';
import { audit } from '../services/audit';
import { findIntent, type CatalogIntent } from './catalog';
import type { IntentLearning } from './learning';

type Ctx = CoreDeps & { learning: IntentLearning };

export interface ExampleInput { readonly text: string; readonly emotion?: number | undefined }

export interface CreateIntentInput {
  readonly id: IntentId;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly description?: string | undefined;
  readonly examples?: readonly ExampleInput[] | undefined;
  readonly by: string;
}

export interface UpdateIntentInput {
  readonly id: IntentId;
  readonly labelZh?: string | undefined;
  readonly labelEn?: string | undefined;
  readonly description?: string | undefined;
  readonly enabled?: boolean | undefined;
  readonly by: string;
}

function insertExamples(tx: Tx, intent: IntentId, examples: readonly ExampleInput[], by: string, at: number) {
  return examples.map((e) => tx.insert(intentExamples).values({
    intent, text: e.text, emotion: e.emotion ?? null, createdBy: by, createdAt: at,
  }).returning().get());
}

export function createIntent({ ctx, input }: { ctx: Ctx; input: CreateIntentInput }): { intent: CatalogIntent; examples: number } {
  const at = ctx.clock.now();
  const created = ctx.db.transaction((tx) => {
    if (findIntent(tx, input.id)) throw new ConflictError(`intent ${input.id} already exists`);
    const row = tx.insert(intentDefinitions).values({
      id: input.id, labelZh: input.labelZh, labelEn: input.labelEn, description: input.description ?? '',
      enabled: true, createdBy: input.by, createdAt: at, updatedAt: at,
    }).returning().get();
    const examples = insertExamples(tx, input.id, input.examples ?? [], input.by, at);
    audit(tx, { at, actor: input.by, action: 'intent.create', target: `intent:${input.id}`, after: { ...row, examples: examples.map((e) => e.text) } });
    return { intent: findIntent(tx, input.id) as CatalogIntent, examples: examples.length };
  });
  if (created.examples > 0) void ctx.learning.scheduleRetrain();
  return created;
}

export function updateIntent({ ctx, input }: { ctx: Ctx; input: UpdateIntentInput }): CatalogIntent {
  const at = ctx.clock.now();
  const { intent, retrain } = ctx.db.transaction((tx) => {
    const before = findIntent(tx, input.id);
    if (!before) throw new NotFoundError(`intent ${input.id}`);
    if (before.builtin) throw new ConflictError(`${input.id} belongs to the default pack and cannot be changed`);
    const patch = {
      ...(input.labelZh === undefined ? {} : { labelZh: input.labelZh }),
      ...(input.labelEn === undefined ? {} : { labelEn: input.labelEn }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
    };
    tx.update(intentDefinitions).set({ ...patch, updatedAt: at }).where(eq(intentDefinitions.id, input.id)).run();
    const after = findIntent(tx, input.id) as CatalogIntent;
    const action = input.enabled === false && before.enabled ? 'intent.disable' : input.enabled === true && !before.enabled ? 'intent.enable' : 'intent.update';
    audit(tx, { at, actor: input.by, action, target: `intent:${input.id}`, before, after });
    return { intent: after, retrain: before.enabled !== after.enabled };
  });
  if (retrain) void ctx.learning.scheduleRetrain();
  return intent;
}

export function addExamples({ ctx, input }: { ctx: Ctx; input: { intent: IntentId; examples: readonly ExampleInput[]; by: string } }) {
  const at = ctx.clock.now();
  const rows = ctx.db.transaction((tx) => {
    const target = findIntent(tx, input.intent);
    if (!target) throw new NotFoundError(`intent ${input.intent}`);
    if (!target.enabled) throw new ConflictError(`intent ${input.intent} is disabled`);
    const inserted = insertExamples(tx, input.intent, input.examples, input.by, at);
    audit(tx, { at, actor: input.by, action: 'intent.example.add', target: `intent:${input.intent}`, after: inserted });
    return inserted;
  });
  void ctx.learning.scheduleRetrain();
  return rows;
}

export function removeExample({ ctx, input }: { ctx: Ctx; input: { intent: IntentId; id: number; by: string } }): void {
  const at = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const where = and(eq(intentExamples.id, input.id), eq(intentExamples.intent, input.intent));
    const row = tx.select().from(intentExamples).where(where).get();
    if (!row) throw new NotFoundError(`example ${input.id} of intent ${input.intent}`);
    tx.delete(intentExamples).where(where).run();
    audit(tx, { at, actor: input.by, action: 'intent.example.remove', target: `intent:${input.intent}`, before: row });
  });
  void ctx.learning.scheduleRetrain();
}

export function listExamples(ctx: Pick<CoreDeps, 'db'>, intent: IntentId) {
  return ctx.db.select().from(intentExamples).where(eq(intentExamples.intent, intent)).orderBy(asc(intentExamples.id)).all();
}
