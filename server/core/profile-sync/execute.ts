/**
 * @module What one sync run sends, built from the state at execution time (so a coalesced run always
 * carries the final state): the agent's profile card, the duty 活码's user list, or a queued app message.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { WecomSyncJob } from '../../adapters/db/sqlite/schema/index';
import { first } from '../ports/queries';
import { findOnDutyIn } from '../duty/on-duty';
import { STATUS_TITLE } from '../walls/copy';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn, writeSettingIn } from '../config/settings';
import type { Tx } from '../ports/unit-of-work';
import { wallUrlIn } from '../walls/walls';
import type { TextCard } from '../../channels/wecom-kf/types';
import { readDutyCode, type ContactCodes } from './codes';

export interface PlannedCall {
  api: string;
  request: unknown;
  /** Sends the request; resolves on errcode 0. */
  send(): Promise<void>;
  /** Bookkeeping after WeCom accepted it, in the job's completing transaction. */
  after?(tx: Tx): Promise<void>;
}

export type Plan = { call: PlannedCall } | { skip: string };

export interface AppMessagePayload { touser: string[]; textcard: TextCard }

/** The plan, read in `tx` (an agent's wall is created on first use). */
export async function planSync(tx: Tx, d: CoreDeps, codes: ContactCodes, job: WecomSyncJob): Promise<Plan> {
  if (job.kind === 'user_profile') return planProfile(tx, d, job);
  if (job.kind === 'duty_contact_way') return planDutyCode(tx, d, codes);
  const p = JSON.parse(job.payload ?? 'null') as AppMessagePayload | null;
  if (!p || p.touser.length === 0) return { skip: 'no recipient' };
  return { call: { api: 'message/send', request: p, send: async () => { await d.wecom.sendTextCard(p.touser, p.textcard); } } };
}

async function planProfile(tx: Tx, d: CoreDeps, job: WecomSyncJob): Promise<Plan> {
  const userid = job.target.slice('user:'.length);
  const { agents } = tx.t;
  const agent = await first(tx.db.select().from(agents).where(eq(agents.userid, userid)).limit(1));
  if (!agent) return { skip: `agent ${userid} not found` };
  const s = await readSettingIn(tx, SETTINGS.profileSync);
  const request = {
    userid,
    external_profile: {
      external_attr: [{ type: 1 as const, name: s.attrName, web: { url: await wallUrlIn(tx, d, userid), title: STATUS_TITLE[agent.status] } }, ...s.extraAttrs],
    },
  };
  if (job.lastSent === JSON.stringify(request)) return { skip: 'profile already shows this status' };
  return { call: { api: 'user/update', request, send: async () => { await d.wecom.updateUser(request as Parameters<CoreDeps['wecom']['updateUser']>[0]); } } };
}

async function planDutyCode(tx: Tx, d: CoreDeps, codes: ContactCodes): Promise<Plan> {
  const onDuty = await findOnDutyIn(tx, d.clock.now());
  if (!onDuty) return { skip: 'nobody on duty: the 活码 keeps its last users' };
  const users = [onDuty.userid];
  const code = await readDutyCode(tx);
  if (!code) {
    const request = { type: 2, scene: 2, user: users };
    return { call: { api: 'externalcontact/add_contact_way', request, send: async () => { await codes.createDutyCode(users, d.wecom); } } };
  }
  if (code.users.join('|') === users.join('|')) return { skip: `活码 already points at ${users.join(',')}` };
  const request = { config_id: code.configId, user: users };
  return {
    call: {
      api: 'externalcontact/update_contact_way', request,
      send: async () => { await d.wecom.updateContactWay(request); },
      after: async (tx) => { await writeSettingIn(tx, SETTINGS.dutyCode, { ...code, users, syncedAt: d.clock.now() }, { at: d.clock.now(), by: 'profile-sync' }); },
    },
  };
}
