/**
 * @module Who is looking, and which conversations they may see. An admin sees every conversation; an agent
 * the conversations of the 微信客服 accounts they serve (`kf_servicers`) and any they are the current servicer
 * of; the holder of a conversation deep link the one conversation it names. What a route shows about a
 * customer — messages, decisions, appointments, form links, nickname — comes from these conversations only.
 */
import { desc, eq } from 'drizzle-orm';
import { first, type Queries } from '../ports/queries';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';

export type Viewer =
  | { kind: 'admin'; userid: string }
  | { kind: 'agent'; userid: string; teams: readonly string[] }
  | { kind: 'link'; conversationId: number };

export function canSee(viewer: Viewer, conv: Pick<Conversation, 'id' | 'openKfid' | 'servicerUserid'>): boolean {
  switch (viewer.kind) {
    case 'admin': return true;
    case 'link': return conv.id === viewer.conversationId;
    case 'agent': return viewer.teams.includes(conv.openKfid) || conv.servicerUserid === viewer.userid;
  }
}

/** The customer's conversations this viewer may see, most recent first (none: the customer looks unknown). */
export async function visibleConversations(q: Queries, viewer: Viewer, externalUserid: string): Promise<Conversation[]> {
  const { conversations: c } = q.t;
  return (await q.db.select().from(c).where(eq(c.externalUserid, externalUserid)).orderBy(desc(c.updatedAt), desc(c.id)))
    .filter((conv) => canSee(viewer, conv));
}

export async function visibleConversation(q: Queries, viewer: Viewer, id: number): Promise<Conversation | undefined> {
  const { conversations: c } = q.t;
  const conv = await first(q.db.select().from(c).where(eq(c.id, id)).limit(1));
  return conv && canSee(viewer, conv) ? conv : undefined;
}

/** The conversation of a stored message, if the viewer may see it. */
export async function conversationOfMessage(q: Queries, viewer: Viewer, msgid: string): Promise<Conversation | undefined> {
  const { conversations: c, messages: m } = q.t;
  const row = await first(q.db.select({ c }).from(m).innerJoin(c, eq(c.id, m.conversationId)).where(eq(m.msgid, msgid)).limit(1));
  return row && canSee(viewer, row.c) ? row.c : undefined;
}
