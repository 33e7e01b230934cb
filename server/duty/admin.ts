/**
 * @module Duty administration services (synchronous, one transaction each, with an audit-log row):
 * create/update/delete duty groups (rotation, A/B posts, manager) and channels.
 */
import { audit } from '../services/audit';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Store } from '../db/index';
import { agents, dutyChannels, dutyGroups } from '../db/schema/index';
import { NotFoundError, ValidationError } from '../errors';
import { Rotation } from './rotation';
import { requestSync, TARGET } from '../profile-sync/queue';

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

function checkAgents(store: Store, p: z.infer<typeof GroupPatch>): void {
  const ids = [p.primaryUserid, p.backupUserid, p.managerUserid].filter((u): u is string => !!u);
  if (ids.length === 0) return;
  const known = new Set(store.select({ u: agents.userid }).from(agents).where(inArray(agents.userid, ids)).all().map((r) => r.u));
  const missing = ids.filter((u) => !known.has(u));
  if (missing.length > 0) throw new ValidationError(`unknown agent(s): ${missing.join(', ')}`, missing.map((m) => ({ path: 'userid', message: `unknown agent ${m}` })));
  if (p.primaryUserid && p.primaryUserid === p.backupUserid) throw new ValidationError('A post and B post must be different agents');
}

export function createGroup(db: Db, input: z.infer<typeof GroupInput>, actor: string, at: number) {
  return db.transaction((tx) => {
    checkAgents(tx, input);
    const row = tx.insert(dutyGroups).values({ ...input, rotation: JSON.stringify(input.rotation), createdAt: at, updatedAt: at }).returning().get();
    audit(tx, { at, actor, action: 'duty.group.create', target: `duty_group:${row.id}`, after: row });
    requestSync(tx, TARGET.dutyContactWay, 'duty_contact_way', at); // the duty 活码 follows who is on duty
    return row;
  });
}

export function updateGroup(db: Db, id: number, patch: z.infer<typeof GroupPatch>, actor: string, at: number, action = 'duty.group.update') {
  return db.transaction((tx) => {
    const before = tx.select().from(dutyGroups).where(eq(dutyGroups.id, id)).get();
    if (!before) throw new NotFoundError(`duty group ${id}`);
    checkAgents(tx, {
      primaryUserid: patch.primaryUserid === undefined ? before.primaryUserid : patch.primaryUserid,
      backupUserid: patch.backupUserid === undefined ? before.backupUserid : patch.backupUserid,
      managerUserid: patch.managerUserid,
    });
    const { rotation, ...rest } = patch;
    const row = tx.update(dutyGroups).set({ ...rest, ...(rotation ? { rotation: JSON.stringify(rotation) } : {}), updatedAt: at })
      .where(eq(dutyGroups.id, id)).returning().get();
    audit(tx, { at, actor, action, target: `duty_group:${id}`, before, after: row });
    requestSync(tx, TARGET.dutyContactWay, 'duty_contact_way', at); // the duty 活码 follows who is on duty
    return row;
  });
}

export function deleteGroup(db: Db, id: number, actor: string, at: number): void {
  db.transaction((tx) => {
    const before = tx.select().from(dutyGroups).where(eq(dutyGroups.id, id)).get();
    if (!before) throw new NotFoundError(`duty group ${id}`);
    tx.delete(dutyGroups).where(eq(dutyGroups.id, id)).run();
    audit(tx, { at, actor, action: 'duty.group.delete', target: `duty_group:${id}`, before: before });
    requestSync(tx, TARGET.dutyContactWay, 'duty_contact_way', at); // the duty 活码 follows who is on duty
  });
}

export function createChannel(db: Db, input: z.infer<typeof ChannelInput>, actor: string, at: number) {
  return db.transaction((tx) => {
    const row = tx.insert(dutyChannels).values({ ...input, createdAt: at, updatedAt: at }).returning().get();
    audit(tx, { at, actor, action: 'duty.channel.create', target: `duty_channel:${row.id}`, after: row });
    return row;
  });
}

export function updateChannel(db: Db, id: number, patch: z.infer<typeof ChannelPatch>, actor: string, at: number) {
  return db.transaction((tx) => {
    const before = tx.select().from(dutyChannels).where(eq(dutyChannels.id, id)).get();
    if (!before) throw new NotFoundError(`channel ${id}`);
    const row = tx.update(dutyChannels).set({ ...patch, updatedAt: at }).where(eq(dutyChannels.id, id)).returning().get();
    audit(tx, { at, actor, action: 'duty.channel.update', target: `duty_channel:${id}`, before, after: row });
    return row;
  });
}

export function deleteChannel(db: Db, id: number, actor: string, at: number): void {
  db.transaction((tx) => {
    const before = tx.select().from(dutyChannels).where(eq(dutyChannels.id, id)).get();
    if (!before) throw new NotFoundError(`channel ${id}`);
    tx.delete(dutyChannels).where(eq(dutyChannels.id, id)).run();
    audit(tx, { at, actor, action: 'duty.channel.delete', target: `duty_channel:${id}`, before: before });
  });
}
