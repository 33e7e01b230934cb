/**
 * @module The agents' own notes on a customer: a free-text note and tags (the tags are the ones rules test with
 * the `customer_tag` condition). Read with the sidebar's context; written by an agent of the customer's team,
 * who must have seen the latest version (`baseUpdatedAt`), so two agents editing at once never silently
 * overwrite each other (409). Audited, in the change's unit of work (`d.shared.uow`, either engine).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import { ConflictError, ForbiddenError } from '../errors';
import type { Viewer } from '../access/viewer';
import type { CustomerProfile } from '../../../shared/domain/sidebar';
import { writeAudit } from './audit';

export const MAX_TAGS = 20;

export const SetCustomerProfile = z.object({
  note: z.string().max(2000).transform((s) => s.trim()),
  tags: z.array(z.string().trim().min(1).max(20)).max(MAX_TAGS).transform((ts) => [...new Set(ts)]),
  /** `updatedAt` of the profile the agent edited (null: there was none yet). */
  baseUpdatedAt: z.number().int().nonnegative().nullable(),
});
export type SetCustomerProfile = z.infer<typeof SetCustomerProfile>;

function tagsOf(json: string | null | undefined): string[] {
  try {
    const v: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export async function customerProfile(q: Queries, externalUserid: string): Promise<CustomerProfile> {
  const { customers, agents } = q.t;
  const row = await first(q.db.select({ note: customers.note, tags: customers.tags, by: customers.noteUpdatedBy, at: customers.noteUpdatedAt, name: agents.name })
    .from(customers).leftJoin(agents, eq(agents.userid, customers.noteUpdatedBy))
    .where(eq(customers.externalUserid, externalUserid)).limit(1));
  return { note: row?.note ?? '', tags: tagsOf(row?.tags), updatedByName: row?.by ? (row.name ?? row.by) : null, updatedAt: row?.at ?? null };
}

export async function setCustomerProfile(
  d: Pick<CoreDeps, 'clock'> & { shared: Pick<CoreDeps['shared'], 'uow'> },
  viewer: Viewer, actor: string, conv: Conversation | undefined, externalUserid: string, input: SetCustomerProfile,
): Promise<CustomerProfile> {
  if (!conv || viewer.kind === 'link' || (viewer.kind === 'agent' && !viewer.teams.includes(conv.openKfid))) {
    throw new ForbiddenError('only an agent of this customer\'s team edits the notes');
  }
  const at = d.clock.now();
  return d.shared.uow.run(async (tx) => {
    const before = await customerProfile(tx, externalUserid);
    if (before.updatedAt !== input.baseUpdatedAt) throw new ConflictError('the notes changed meanwhile: reload them');
    const set = { note: input.note, tags: JSON.stringify(input.tags), noteUpdatedBy: actor, noteUpdatedAt: at };
    await tx.db.insert(tx.t.customers).values({ externalUserid, ...set }).onConflictDoUpdate({ target: tx.t.customers.externalUserid, set });
    await writeAudit(tx, { at, actor, action: 'customer.notes', target: externalUserid, before: { note: before.note, tags: before.tags }, after: { note: input.note, tags: input.tags } });
    return customerProfile(tx, externalUserid);
  });
}
