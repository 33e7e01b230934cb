/**
 * @module Admin changes to the intent catalogue: create, update or disable a custom intent, add or remove
 * training examples. Each change is one unit of work with its audit row, then schedules a retrain.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { ConflictError, NotFoundError } from '../errors';
import type { IntentId } from '../../../shared/domain/vocabulary';
import { writeAudit } from '../services/audit';
import { findIntent, type CatalogIntent } from './catalog';
import type { IntentLearning } from './learning';

type Ctx = Pick<CoreDeps, 'clock' | 'shared'> & { learning: Pick<IntentLearning, 'scheduleRetrain'> };

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

/** The audit row of a change, in its transaction (the audit log is written by its synchronous owner). */

async function insertExamples(tx: Tx, intent: IntentId, examples: readonly ExampleInput[], by: string, at: number) {
  const rows = [];
  for (const e of examples) {
    const [row] = await tx.db.insert(tx.t.intentExamples).values({
      intent, text: e.text, emotion: e.emotion ?? null, createdBy: by, createdAt: at,
    }).returning();
    rows.push(row!);
  }
  return rows;
}

export async function createIntent({ ctx, input }: { ctx: Ctx; input: CreateIntentInput }): Promise<{ intent: CatalogIntent; examples: number }> {
  const at = ctx.clock.now();
  const created = await ctx.shared.uow.run(async (tx) => {
    if (await findIntent(tx, input.id)) throw new ConflictError(`intent ${input.id} already exists`);
    const [row] = await tx.db.insert(tx.t.intentDefinitions).values({
      id: input.id, labelZh: input.labelZh, labelEn: input.labelEn, description: input.description ?? '',
      enabled: true, createdBy: input.by, createdAt: at, updatedAt: at,
    }).returning();
    const examples = await insertExamples(tx, input.id, input.examples ?? [], input.by, at);
    await writeAudit(tx, { at, actor: input.by, action: 'intent.create', target: `intent:${input.id}`, after: { ...row, examples: examples.map((e) => e.text) } });
    return { intent: (await findIntent(tx, input.id)) as CatalogIntent, examples: examples.length };
  });
  if (created.examples > 0) void ctx.learning.scheduleRetrain();
  return created;
}

export async function updateIntent({ ctx, input }: { ctx: Ctx; input: UpdateIntentInput }): Promise<CatalogIntent> {
  const at = ctx.clock.now();
  const { intent, retrain } = await ctx.shared.uow.run(async (tx) => {
    const before = await findIntent(tx, input.id);
    if (!before) throw new NotFoundError(`intent ${input.id}`);
    if (before.builtin) throw new ConflictError(`${input.id} belongs to the default pack and cannot be changed`);
    const patch = {
      ...(input.labelZh === undefined ? {} : { labelZh: input.labelZh }),
      ...(input.labelEn === undefined ? {} : { labelEn: input.labelEn }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
    };
    await tx.db.update(tx.t.intentDefinitions).set({ ...patch, updatedAt: at }).where(eq(tx.t.intentDefinitions.id, input.id));
    const after = (await findIntent(tx, input.id)) as CatalogIntent;
    const action = input.enabled === false && before.enabled ? 'intent.disable' : input.enabled === true && !before.enabled ? 'intent.enable' : 'intent.update';
    await writeAudit(tx, { at, actor: input.by, action, target: `intent:${input.id}`, before, after });
    return { intent: after, retrain: before.enabled !== after.enabled };
  });
  if (retrain) void ctx.learning.scheduleRetrain();
  return intent;
}

export async function addExamples({ ctx, input }: { ctx: Ctx; input: { intent: IntentId; examples: readonly ExampleInput[]; by: string } }) {
  const at = ctx.clock.now();
  const rows = await ctx.shared.uow.run(async (tx) => {
    const target = await findIntent(tx, input.intent);
    if (!target) throw new NotFoundError(`intent ${input.intent}`);
    if (!target.enabled) throw new ConflictError(`intent ${input.intent} is disabled`);
    const inserted = await insertExamples(tx, input.intent, input.examples, input.by, at);
    await writeAudit(tx, { at, actor: input.by, action: 'intent.example.add', target: `intent:${input.intent}`, after: inserted });
    return inserted;
  });
  void ctx.learning.scheduleRetrain();
  return rows;
}

export async function removeExample({ ctx, input }: { ctx: Ctx; input: { intent: IntentId; id: number; by: string } }): Promise<void> {
  const at = ctx.clock.now();
  await ctx.shared.uow.run(async (tx) => {
    const x = tx.t.intentExamples;
    const [row] = await tx.db.delete(x).where(and(eq(x.id, input.id), eq(x.intent, input.intent))).returning();
    if (!row) throw new NotFoundError(`example ${input.id} of intent ${input.intent}`);
    await writeAudit(tx, { at, actor: input.by, action: 'intent.example.remove', target: `intent:${input.intent}`, before: row });
  });
  void ctx.learning.scheduleRetrain();
}

export async function listExamples(q: Queries, intent: IntentId) {
  return q.db.select().from(q.t.intentExamples).where(eq(q.t.intentExamples.intent, intent)).orderBy(asc(q.t.intentExamples.id));
}
