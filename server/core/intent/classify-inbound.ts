/**
 * @module Classifies one inbound customer message for the engine: free text through the classifier; a menu click
 * by what was clicked (`shared/intent/menu-click.ts`) — the action's intent or the intent of the FAQ entry the
 * button answers, with full confidence — so a tapped 我有紧急问题 is `urgent` and becomes the conversation's intent.
 * Emotion always comes from the words.
 */
import type { CoreDeps } from '../../app/deps';
import type { Queries } from '../ports/queries';
import { teamFaqIn, parseList } from '../faq/match';
import { listIntentsIn } from './catalog';
import { menuClickIntent } from '../../../shared/intent/menu-click';

export interface InboundClass { intent: string; confidence: number; emotion: number }

export async function classifyInbound(
  q: Queries, d: Pick<CoreDeps, 'intent'>, input: { text: string; menuId?: string | undefined; openKfid: string | null },
): Promise<InboundClass> {
  const c = d.intent.classify(input.text);
  const words = { intent: c.intent, confidence: c.confidence, emotion: c.emotion };
  if (!input.menuId) return words;
  const menuId = input.menuId;
  const entries = await teamFaqIn(q, input.openKfid);
  const entry = entries.find((e) => e.menuId === menuId && e.openKfid !== null) ?? entries.find((e) => e.menuId === menuId);
  const intent = menuClickIntent(menuId, {
    intents: (await listIntentsIn(q)).filter((i) => i.enabled).map((i) => i.id),
    ...(entry ? { faqIntents: parseList(entry.intents) } : {}),
  });
  return intent ? { ...words, intent, confidence: 1 } : words;
}
