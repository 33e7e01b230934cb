/**
 * @module setAgentStatus: changes an agent's Moonshift status and writes a history row, atomically. Setting the
 * status an agent already has is no change: only its source and end (`until`) are refreshed, nothing is logged
 * (pressing 在线 while 在线 does not write "在线 → 在线"). It is still announced: listeners take it as a nudge to
 * look again (a waiting session is offered to an agent who says they are available), and the profile card and
 * duty 活码 are synced again (a no-op when WeCom already shows the status).
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first } from '../ports/queries';
import { NotFoundError } from '../errors';
import { invalidateDutyIn } from '../duty/on-duty';
import { requestSync, TARGET } from '../profile-sync/queue';
import type { AgentStatus, StatusSource } from '../../../shared/domain/vocabulary';

export interface SetAgentStatusInput {
  userid: string;
  status: AgentStatus;
  source: StatusSource;
  until?: number | null;
  reason?: string;
}

/** `db`: the product's synchronous SQLite store, whose duty memo a change drops (absent on a PostgreSQL-only composition). */
export type SetAgentStatusCtx = Pick<CoreDeps, 'clock' | 'events'> & { shared: Pick<CoreDeps['shared'], 'uow'> };

/**
 * One transaction on the product's unit of work (either engine). After commit: the duty memo of the product's
 * SQLite connection (`ctx.db`, which the engine and the pipeline read duty through) is dropped when the status
 * changed, and `agent.status` is emitted.
 */
export async function setAgentStatus({ ctx, input }: { ctx: SetAgentStatusCtx; input: SetAgentStatusInput }) {
  const at = ctx.clock.now();
  const result = await ctx.shared.uow.run(async (tx) => {
    const { agents, agentStatusHistory } = tx.t;
    const agent = await first(tx.db.select().from(agents).where(eq(agents.userid, input.userid)).limit(1));
    if (!agent) throw new NotFoundError(`agent ${input.userid}`);
    const until = input.until ?? null;
    // The profile card and the duty 活码 follow, requested with the change (jobs after commit, coalesced per target).
    await requestSync(tx, TARGET.user(input.userid), 'user_profile', at);
    await requestSync(tx, TARGET.dutyContactWay, 'duty_contact_way', at);
    if (agent.status === input.status) {
      await tx.db.update(agents).set({ statusSource: input.source, statusUntil: until }).where(eq(agents.userid, input.userid));
      return { userid: agent.userid, name: agent.name, status: input.status, source: input.source, until, changedAt: agent.statusChangedAt };
    }
    await tx.db.update(agents).set({ status: input.status, statusSource: input.source, statusUntil: until, statusChangedAt: at })
      .where(eq(agents.userid, input.userid));
    await tx.db.insert(agentStatusHistory).values({
      userid: input.userid, fromStatus: agent.status, toStatus: input.status, source: input.source, until, reason: input.reason ?? null, at,
    });
    invalidateDutyIn(tx); // duty is memoised per second: the new status is seen once committed
    return { userid: agent.userid, name: agent.name, status: input.status, source: input.source, until, changedAt: at };
  });
  ctx.events.emit('agent.status', { userid: result.userid, status: result.status, source: result.source, until: result.until, at });
  return result;
}
