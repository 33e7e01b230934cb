/**
 * @module Sets (or clears) a customer's 专属客服经理 on one 微信客服 account: every conversation of that customer
 * there gets it, so the 90 s stage hands them to that person when they can receive (escalation/handlers.ts).
 * An agent may set it only for a customer of an account they serve, and only to a servicer of that account;
 * an admin for any customer. Audited.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../deps';
import { agents, conversations, type Conversation } from '../db/schema/index';
import { ForbiddenError, ValidationError } from '../errors';
import { teamsOf, type Viewer } from '../access/viewer';
import { audit } from './audit';

export const SetDedicatedManager = z.object({ userid: z.string().trim().min(1).max(64).nullable() });

export function setDedicatedManager(
  d: Pick<CoreDeps, 'db' | 'clock'>, viewer: Viewer, actor: string, conv: Conversation, userid: string | null,
): { dedicatedManager: string | null; name: string | null } {
  if (viewer.kind === 'link' || (viewer.kind === 'agent' && !viewer.teams.includes(conv.openKfid))) {
    throw new ForbiddenError('only an agent of this customer\'s team sets the dedicated manager');
  }
  const person = userid ? d.db.select({ name: agents.name }).from(agents).where(eq(agents.userid, userid)).get() : null;
  if (userid && !person) throw new ValidationError('unknown agent', [{ path: 'userid', message: 'no such agent' }]);
  if (userid && !teamsOf(d, userid).includes(conv.openKfid)) {
    throw new ValidationError('not a servicer of this account', [{ path: 'userid', message: 'the manager must serve this 微信客服 account' }]);
  }
  const at = d.clock.now();
  d.db.transaction((tx) => {
    tx.update(conversations).set({ dedicatedManager: userid, updatedAt: at })
      .where(and(eq(conversations.externalUserid, conv.externalUserid), eq(conversations.openKfid, conv.openKfid))).run();
    audit(tx, { at, actor, action: 'customer.dedicated_manager', target: `${conv.openKfid} ${conv.externalUserid}`, before: conv.dedicatedManager, after: userid });
  });
  return { dedicatedManager: userid, name: person?.name ?? null };
}
