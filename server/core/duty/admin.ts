/**
 * @module Duty administration services (one unit of work each, `ctx.shared.uow`, either engine, with an audit-log
 * row): create/update/delete duty groups (rotation, A/B posts, manager) and channels. Each drops the duty memo
 * (`invalidateDutyIn`: at once, and again after commit).
 */
import { writeAudit } from '../services/audit';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import { NotFoundError, ValidationError } from '../errors';
import { Rotation } from './rotation';
import { requestSync, TARGET } from '../profile-sync/queue';
import { invalidateDutyIn } from './on-duty';

const userid = z.string().trim().min(1).max(64);
const groupFields = {
  name: z.string().trim().min(1).max(64),
  position: z.number().int().min(0).max(1000),
  rotation: Rotation,
  primaryUserid: userid.nullable(),
  backupUserid: userid.nullable(),
  managerUserid: userid.nullable(),
  managerPhone: z.string().regex(/^\+?\d{6,20}$/).nullable(),
  enabled: z.boolean(),
};
export const GroupInput = z.object({
  ...groupFields,
  position: groupFields.position.default(0),
  primaryUserid: groupFields.primaryUserid.default(null),
  backupUserid: groupFields.backupUserid.default(null),
  managerUserid: groupFields.managerUserid.default(null),
  managerPhone: groupFields.managerPhone.default(null),
  enabled: groupFields.enabled.default(true),
});
/** A patch changes only the fields it names (no defaults, so nothing else is reset). */
export const GroupPatch = z.object(groupFields).partial();
const channelFields = {
  role: z.enum(['main', 'backup']),
  name: z.string().trim().min(1).max(64),
  type: z.enum(['kf_link', 'contact_way']),
  url: z.url().nullable(),
  /** The QR image customers scan (http(s) image URL), e.g. the 部门群活码's qr_code. */
  qrUrl: z.url({ protocol: /^https?$/ }).max(2048).nullable(),
  configId: z.string().max(128).nullable(),
  groupId: z.number().int().positive().nullable(),
};
export const ChannelInput = z.object({
  ...channelFields,
  url: channelFields.url.default(null),
  qrUrl: channelFields.qrUrl.default(null),
  configId: channelFields.configId.default(null),
  groupId: channelFields.groupId.default(null),
});
/** Like GroupPatch: only the named fields change (a patch of the QR image keeps the link). */
export const ChannelPatch = z.object(channelFields).partial();

type Ctx = { shared: Pick<CoreDeps['shared'], 'uow'> };

async function checkAgents(q: Queries, p: z.infer<typeof GroupPatch>): Promise<void> {
  const ids = [p.primaryUserid, p.backupUserid, p.managerUserid].filter((u): u is string => !!u);
  if (ids.length === 0) return;
  const known = new Set((await q.db.select({ u: q.t.agents.userid }).from(q.t.agents).where(inArray(q.t.agents.userid, ids))).map((r) => r.u));
  const missing = ids.filter((u) => !known.has(u));
  if (missing.length > 0) throw new ValidationError(`unknown agent(s): ${missing.join(', ')}`, missing.map((m) => ({ path: 'userid', message: `unknown agent ${m}` })));
  if (p.primaryUserid && p.primaryUserid === p.backupUserid) throw new ValidationError('A post and B post must be different agents');
}

export function createGroup(ctx: Ctx, input: z.infer<typeof GroupInput>, actor: string, at: number) {
  return ctx.shared.uow.run(async (tx) => {
    await checkAgents(tx, input);
    const [row] = await tx.db.insert(tx.t.dutyGroups).values({ ...input, rotation: JSON.stringify(input.rotation), createdAt: at, updatedAt: at }).returning();
    invalidateDutyIn(tx);
    await writeAudit(tx, { at, actor, action: 'duty.group.create', target: `duty_group:${row!.id}`, after: row });
    await requestSync(tx, TARGET.dutyContactWay, 'duty_contact_way', at); // the duty 活码 follows who is on duty
    return row!;
  });
}

export function updateGroup(ctx: Ctx, id: number, patch: z.infer<typeof GroupPatch>, actor: string, at: number, action = 'duty.group.update') {
  return ctx.shared.uow.run(async (tx) => {
    const dutyGroups = tx.t.dutyGroups;
    const before = await first(tx.db.select().from(dutyGroups).where(eq(dutyGroups.id, id)).limit(1));
    if (!before) throw new NotFoundError(`duty group ${id}`);
    await checkAgents(tx, {
      primaryUserid: patch.primaryUserid === undefined ? before.primaryUserid : patch.primaryUserid,
      backupUserid: patch.backupUserid === undefined ? before.backupUserid : patch.backupUserid,
      managerUserid: patch.managerUserid,
    });
    const { rotation, ...rest } = patch;
    const [row] = await tx.db.update(dutyGroups).set({ ...rest, ...(rotation ? { rotation: JSON.stringify(rotation) } : {}), updatedAt: at })
      .where(eq(dutyGroups.id, id)).returning();
    invalidateDutyIn(tx);
    await writeAudit(tx, { at, actor, action, target: `duty_group:${id}`, before, after: row });
    await requestSync(tx, TARGET.dutyContactWay, 'duty_contact_way', at); // the duty 活码 follows who is on duty
    return row!;
  });
}

export async function deleteGroup(ctx: Ctx, id: number, actor: string, at: number): Promise<void> {
  await ctx.shared.uow.run(async (tx) => {
    const dutyGroups = tx.t.dutyGroups;
    const [before] = await tx.db.delete(dutyGroups).where(eq(dutyGroups.id, id)).returning();
    if (!before) throw new NotFoundError(`duty group ${id}`);
    invalidateDutyIn(tx);
    await writeAudit(tx, { at, actor, action: 'duty.group.delete', target: `duty_group:${id}`, before });
    await requestSync(tx, TARGET.dutyContactWay, 'duty_contact_way', at); // the duty 活码 follows who is on duty
  });
}

export function createChannel(ctx: Ctx, input: z.infer<typeof ChannelInput>, actor: string, at: number) {
  return ctx.shared.uow.run(async (tx) => {
    const [row] = await tx.db.insert(tx.t.dutyChannels).values({ ...input, createdAt: at, updatedAt: at }).returning();
    invalidateDutyIn(tx);
    await writeAudit(tx, { at, actor, action: 'duty.channel.create', target: `duty_channel:${row!.id}`, after: row });
    return row!;
  });
}

export function updateChannel(ctx: Ctx, id: number, patch: z.infer<typeof ChannelPatch>, actor: string, at: number) {
  return ctx.shared.uow.run(async (tx) => {
    const dutyChannels = tx.t.dutyChannels;
    const before = await first(tx.db.select().from(dutyChannels).where(eq(dutyChannels.id, id)).limit(1));
    if (!before) throw new NotFoundError(`channel ${id}`);
    const [row] = await tx.db.update(dutyChannels).set({ ...patch, updatedAt: at }).where(eq(dutyChannels.id, id)).returning();
    invalidateDutyIn(tx);
    await writeAudit(tx, { at, actor, action: 'duty.channel.update', target: `duty_channel:${id}`, before, after: row });
    return row!;
  });
}

export async function deleteChannel(ctx: Ctx, id: number, actor: string, at: number): Promise<void> {
  await ctx.shared.uow.run(async (tx) => {
    const dutyChannels = tx.t.dutyChannels;
    const [before] = await tx.db.delete(dutyChannels).where(eq(dutyChannels.id, id)).returning();
    if (!before) throw new NotFoundError(`channel ${id}`);
    invalidateDutyIn(tx);
    await writeAudit(tx, { at, actor, action: 'duty.channel.delete', target: `duty_channel:${id}`, before });
  });
}
