/**
 * @module correctIntent: an agent says what a stored customer message really meant. Stores the correction,
 * relabels the message row (confidence 1: a person said so), writes an audit row — in one unit of work —
 * then schedules the in-process retrain so the text and its close variants are classified that way next.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first } from '../ports/queries';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { ORIGIN, type IntentId } from '../../../shared/domain/vocabulary';
import { writeAudit } from '../services/audit';
import { findIntent } from './catalog';
import type { IntentLearning } from './learning';

export interface CorrectIntentInput {
  readonly msgid: string;
  readonly intent: IntentId;
  /** The signed-in agent (whether they may see the message is the route table's check). */
  readonly by: string;
}

export interface CorrectIntentResult {
  readonly correction: { id: number; msgid: string; text: string; fromIntent: IntentId | null; toIntent: IntentId; correctedBy: string; correctedAt: number };
  readonly message: { msgid: string; intent: IntentId; intentConfidence: number };
  /** Resolves when the retrained model (including this correction) has been swapped in. */
  readonly retrained: Promise<void>;
}

/** The text of a stored text message (`content` holds WeCom's `text` object). */
export function messageText(msgtype: string, content: string): string | undefined {
  if (msgtype !== 'text') return undefined;
  try {
    const v = JSON.parse(content) as { content?: unknown };
    return typeof v.content === 'string' ? v.content : undefined;
  } catch {
    return undefined;
  }
}

export async function correctIntent({ ctx, input }: { ctx: CoreDeps & { learning: IntentLearning }; input: CorrectIntentInput }): Promise<CorrectIntentResult> {
  const at = ctx.clock.now();
  const { uow } = ctx.shared;
  const target = await uow.read((q) => findIntent(q, input.intent));
  if (!target) throw new ValidationError(`unknown intent ${input.intent}`);
  if (!target.enabled) throw new ConflictError(`intent ${input.intent} is disabled`);
  const result = await uow.run(async (tx) => {
    const messages = tx.t.messages;
    const m = await first(tx.db.select().from(messages).where(eq(messages.msgid, input.msgid)).limit(1));
    if (!m) throw new NotFoundError(`message ${input.msgid}`);
    const text = m.origin === ORIGIN.customer ? messageText(m.msgtype, m.content) : undefined;
    if (text === undefined || text.trim() === '') throw new ValidationError('only customer text messages have an intent');
    const fromIntent = m.intent ?? ctx.intent.classify(text).intent;
    const [correction] = await tx.db.insert(tx.t.intentCorrections).values({
      msgid: m.msgid, text, fromIntent, toIntent: input.intent, correctedBy: input.by, correctedAt: at,
    }).returning();
    await tx.db.update(messages).set({ intent: input.intent, intentConfidence: 1 }).where(eq(messages.msgid, m.msgid));
    await writeAudit(tx, {
      at, actor: input.by, action: 'intent.correct', target: `message:${m.msgid}`,
      before: { intent: m.intent, intentConfidence: m.intentConfidence }, after: { intent: input.intent, intentConfidence: 1 },
    });
    return { correction: correction!, message: { msgid: m.msgid, intent: input.intent, intentConfidence: 1 } };
  });
  ctx.intent.teach(result.correction.text, input.intent);
  return { ...result, retrained: ctx.learning.scheduleRetrain() };
}
