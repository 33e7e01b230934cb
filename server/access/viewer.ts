/**
 * @module Who is looking, and which conversations they may see. An admin sees every conversation; an agent
 * the conversations of the 微信客服 accounts they serve (`kf_servicers`) and any they are the current servicer
 * of; the holder of a conversation deep link the one conversation it names. What a route shows about a
 * customer — messages, decisions, appointments, form links, nickname — comes from these conversations only.
 */
import { desc, eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, kfServicers, messages, type Conversation } from '../db/schema/index';

export type Viewer =
  | { kind: 'admin'; userid: string }
  | { kind: 'agent'; userid: string; teams: readonly string[] }
  | { kind: 'link'; conversationId: number };

/** The open_kfids of the 微信客服 accounts this member serves. */
export function teamsOf(d: Pick<CoreDeps, 'db'>, userid: string): string[] {
  return d.db.select({ k: kfServicers.openKfid }).from(kfServicers).where(eq(kfServicers.userid, userid)).all().map((r) => r.k);
}

export function canSee(viewer: Viewer, conv: Pick<Conversation, 'id' | 'openKfid' | 'servicerUserid'>): boolean {
  switch (viewer.kind) {
    case 'admin': return true;
    case 'link': return conv.id === viewer.conversationId;
    case 'agent': return viewer.teams.includes(conv.openKfid) || conv.servicerUserid === viewer.userid;
  }
}

/** The customer's conversations this viewer may see, most recent first (none: the customer looks unknown). */
export function visibleConversations(d: Pick<CoreDeps, 'db'>, viewer: Viewer, externalUserid: string): Conversation[] {
  return d.db.select().from(conversations).where(eq(conversations.externalUserid, externalUserid))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id)).all()
    .filter((c) => canSee(viewer, c));
}

export function visibleConversation(d: Pick<CoreDeps, 'db'>, viewer: Viewer, id: number): Conversation | undefined {
  const conv = d.db.select().from(conversations).where(eq(conversations.id, id)).get();
  return conv && canSee(viewer, conv) ? conv : undefined;
}

/** The conversation of a stored message, if the viewer may see it. */
export function conversationOfMessage(d: Pick<CoreDeps, 'db'>, viewer: Viewer, msgid: string): Conversation | undefined {
  const row = d.db.select({ c: conversations }).from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(eq(messages.msgid, msgid)).get();
  return row && canSee(viewer, row.c) ? row.c : undefined;
}
