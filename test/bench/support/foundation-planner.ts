/**
 * @module Benchmark baseline: the Foundation's minimal reply policy, which the decision engine replaced —
 * no online agent for the account → send the night template; otherwise hand the session to an online agent.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../../server/core/ports/unit-of-work';
import { first } from '../../../server/core/ports/queries';
import type { Conversation, Message } from '../../../server/adapters/db/sqlite/schema/index';
import type { OutboxIntent } from '../../../server/core/pipeline/outbox-intent';

/** Runs inside the storing transaction (its unit of work). */
export async function planReply(tx: Tx, conversation: Conversation, _message: Message): Promise<OutboxIntent[]> {
  if (conversation.serviceState === 3 || conversation.serviceState === 2) return [];
  const { agents, kfServicers, templates } = tx.t;
  const online = await first(tx.db.select({ userid: agents.userid }).from(kfServicers)
    .innerJoin(agents, eq(agents.userid, kfServicers.userid))
    .where(and(eq(kfServicers.openKfid, conversation.openKfid), eq(agents.status, 'online')))
    .orderBy(asc(agents.statusChangedAt)).limit(1));
  if (online) return [{ key: 'handover', kind: 'service_state_trans', serviceState: 3, servicerUserid: online.userid }];
  const night = await first(tx.db.select().from(templates).where(eq(templates.kind, 'night')).limit(1));
  if (!night) return [];
  const t = JSON.parse(night.definition) as { body: string };
  return [{ key: `template:${night.id}`, kind: 'send_msg', body: { msgtype: 'text', text: { content: t.body } } }];
}
