/**
 * @module When WeCom refuses what a decision planned — a send the session's state forbids (95018/95013), or a
 * hand-over nobody could take (95019/95014) — ask WeCom where the session is and decide again for that customer
 * message, in a new transaction: the first decision's rows that have not run are cancelled, the new rows get
 * new deterministic ids and run after any older rows of the conversation. Never more than once per message.
 */
import { and, eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first } from '../ports/queries';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { redecide, type PlannerDeps } from '../engine/planner';
import { enqueueIn } from './store';
import type { RefusedHandler } from './outbox-job';
import type { StateRefresher } from './session-state';

export function createRedecider(d: CoreDeps, o: { refresher: StateRefresher; planner: PlannerDeps; drain: () => void }): RefusedHandler {
  return async (row, conv, errcode) => {
    if (!o.refresher.enabled || row.decisionId == null || !row.causeMsgid) return;
    const causeMsgid = row.causeMsgid;
    const message = await d.shared.uow.read(async (q) => {
      const { messages, decisions } = q.t;
      const m = await first(q.db.select().from(messages).where(and(eq(messages.msgid, causeMsgid), eq(messages.origin, ORIGIN.customer))).limit(1));
      if (!m) return undefined;
      const again = await first(q.db.select({ id: decisions.id }).from(decisions)
        .where(and(eq(decisions.causeMsgid, m.msgid), eq(decisions.trigger, 'redecide'))).limit(1));
      return again ? undefined : m;
    });
    if (!message) return;
    o.refresher.forget(conv.openKfid, conv.externalUserid);
    const fresh = await o.refresher.fetch(conv.openKfid, conv.externalUserid);
    const now = d.clock.now();
    const added = await d.shared.uow.run(async (tx) => {
      const { conversations, outbox } = tx.t;
      if (fresh) {
        await tx.db.update(conversations).set({ serviceState: fresh.state, servicerUserid: fresh.servicerUserid, stateStale: false, stateCheckedAt: fresh.at, updatedAt: now })
          .where(eq(conversations.id, conv.id));
      } else if (errcode === 95013) {
        await tx.db.update(conversations).set({ serviceState: 4, servicerUserid: null, updatedAt: now }).where(eq(conversations.id, conv.id));
      }
      await tx.db.update(outbox).set({ status: 'cancelled', errmsg: `superseded: decided again after errcode ${errcode}`, updatedAt: now })
        .where(and(eq(outbox.decisionId, row.decisionId!), eq(outbox.status, 'pending')));
      const current = (await first(tx.db.select().from(conversations).where(eq(conversations.id, conv.id)).limit(1)))!;
      const intents = (await redecide(o.planner, tx, current, message)).map((i) => ({ ...i, cause: i.cause ?? `${message.msgid}#redecide` }));
      return enqueueIn(tx, conv.id, message.msgid, intents, now);
    });
    d.log.info({ conversation: conv.id, errcode, added }, 'decided again after WeCom refused');
    if (added > 0) o.drain();
  };
}
