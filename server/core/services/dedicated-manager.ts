/**
 * @module Sets (or clears) a customer's 专属客服经理 on one 微信客服 account: every conversation of that customer
 * there gets it, so the 90 s stage hands them to that person when they can receive (escalation/handlers.ts).
 * An agent may set it only for a customer of an account they serve, and only to a servicer of that account;
 * an admin for any customer. Audited.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { first } from '../ports/queries';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import { ForbiddenError, ValidationError } from '../errors';
import type { Viewer } from '../access/viewer';
import { writeAudit } from './audit';

export const SetDedicatedManager = z.object({ userid: z.string().trim().min(1).max(64).nullable() });

/** One unit of work (`d.shared.uow`, either engine): the checks, the change and its audit row. */
export async function setDedicatedManager(
  d: Pick<CoreDeps, 'clock'> & { shared: Pick<CoreDeps['shared'], 'uow'> }, viewer: Viewer, actor: string, conv: Conversation, userid: string | null,
): Promise<{ dedicatedManager: string | null; name: string | null }> {
  if (viewer.kind === 'link' || (viewer.kind === 'agent' && !viewer.teams.includes(conv.openKfid))) {
    throw new ForbiddenError('only an agent of this customer\'s team sets the dedicated manager');
  }
  const at = d.clock.now();
  return d.shared.uow.run(async (tx) => {
    const { agents, kfServicers, conversations } = tx.t;
    const person = userid ? await first(tx.db.select({ name: agents.name }).from(agents).where(eq(agents.userid, userid)).limit(1)) : null;
    if (userid && !person) throw new ValidationError('unknown agent', [{ path: 'userid', message: 'no such agent' }]);
    const serves = userid ? await first(tx.db.select({ k: kfServicers.openKfid }).from(kfServicers)
      .where(and(eq(kfServicers.userid, userid), eq(kfServicers.openKfid, conv.openKfid))).limit(1)) : null;
    if (userid && !serves) {
      throw new ValidationError('not a servicer of this account', [{ path: 'userid', message: 'the manager must serve this 微信客服 account' }]);
    }
    await tx.db.update(conversations).set({ dedicatedManager: userid, updatedAt: at })
      .where(and(eq(conversations.externalUserid, conv.externalUserid), eq(conversations.openKfid, conv.openKfid)));
    await writeAudit(tx, { at, actor, action: 'customer.dedicated_manager', target: `${conv.openKfid} ${conv.externalUserid}`, before: conv.dedicatedManager, after: userid });
    return { dedicatedManager: userid, name: person?.name ?? null };
  });
}
