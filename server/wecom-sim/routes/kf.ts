/**
 * @module kf accounts, contact links, servicers, customers and `kf/sync_msg` (per-account append-only
 * log, opaque cursors, limit ≤ 1000, has_more, 3-day retention, 10-minute callback tokens).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SimContext } from '../context';
import { WECOM_LIMITS, TIME } from '../options';
import { listStatus, type Account } from '../state';
import { ok, readJson, readQuery, WxError } from '../wx';

const OPEN_KFID = /^wk[0-9A-Za-z_-]{6,62}$/;
const SCENE = /^[0-9A-Za-z_-]{1,32}$/;

/**
 * 95000 missing or malformed open_kfid; 95004 well-formed but unknown; 95017 not switched to 「通过API管理」 for this
 * app — doc 94689/94690: 「只能通过API管理企业指定的客服账号」 (see permissions.ts).
 */
export function findAccount(ctx: SimContext, open_kfid: unknown): Account {
  if (typeof open_kfid !== 'string' || !OPEN_KFID.test(open_kfid)) throw new WxError(95000);
  const account = ctx.state.accounts.get(open_kfid);
  if (!account) throw new WxError(95004);
  if (!account.apiManaged) throw new WxError(95017, `${open_kfid} is not managed through the API by this app`);
  return account;
}

/** 95015: the account's 接待人员 are configured in the console (e.g. 专属服务), so the API may not change them. */
function assertApiReception(account: Account): void {
  if (account.consoleReception) throw new WxError(95015, `${account.open_kfid}: reception is configured in the console`);
}

export function encodeCursor(open_kfid: string, seq: number): string {
  return Buffer.from(`c1|${open_kfid}|${seq}`).toString('base64url');
}

function decodeCursor(open_kfid: string, cursor: string): number {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const seq = Number(parts[2]);
  if (parts.length !== 3 || parts[0] !== 'c1' || parts[1] !== open_kfid || !Number.isInteger(seq) || seq < 0) {
    throw new WxError(40058, 'invalid cursor');
  }
  return seq;
}

const SyncBody = z.object({
  cursor: z.string().optional(),
  token: z.string().optional(),
  limit: z.number().int().min(0).optional(),
  voice_format: z.number().int().optional(),
  open_kfid: z.unknown().optional(),
}).loose();

const ServicerBody = z.object({
  open_kfid: z.unknown().optional(),
  userid_list: z.array(z.string()).max(100).optional(),
  department_id_list: z.array(z.number().int()).max(100).optional(),
}).loose();

export function kfRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { state } = ctx;

  app.post('/kf/account/list', async (c) => {
    const { offset = 0, limit = 100 } = await readJson(c, z.object({
      offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(100).optional(),
    }).loose());
    const account_list = [...state.accounts.values()].slice(offset, offset + limit)
      .map((a) => ({ open_kfid: a.open_kfid, name: a.name, avatar: a.avatar, manage_privilege: a.apiManaged }));
    return ok(c, { account_list });
  });

  app.post('/kf/add_contact_way', async (c) => {
    const body = await readJson(c, z.object({ open_kfid: z.unknown().optional(), scene: z.string().regex(SCENE).optional() }).loose());
    const account = findAccount(ctx, body.open_kfid);
    const url = `https://work.weixin.qq.com/kfid/${account.kfcId}`
      + (body.scene ? `?enc_scene=ENC${Buffer.from(body.scene).toString('base64url')}` : '');
    return ok(c, { url });
  });

  app.post('/kf/servicer/add', async (c) => {
    const body = await readJson(c, ServicerBody);
    const account = findAccount(ctx, body.open_kfid);
    assertApiReception(account);
    if (!body.userid_list?.length && !body.department_id_list?.length) throw new WxError(40058, 'userid_list or department_id_list required');
    const result_list = [
      ...(body.userid_list ?? []).map((userid) => {
        if (!state.members.has(userid)) return { userid, errcode: 60111, errmsg: 'userid not found' };
        if (!account.servicers.includes(userid)) account.servicers.push(userid);
        return { userid, errcode: 0, errmsg: 'success' };
      }),
      ...(body.department_id_list ?? []).map((department_id) => ({ department_id, errcode: 60123, errmsg: 'invalid party id' })),
    ];
    return ok(c, { result_list });
  });

  app.post('/kf/servicer/del', async (c) => {
    const body = await readJson(c, ServicerBody);
    const account = findAccount(ctx, body.open_kfid);
    assertApiReception(account);
    if (!body.userid_list?.length && !body.department_id_list?.length) throw new WxError(40058, 'userid_list or department_id_list required');
    const result_list = [
      ...(body.userid_list ?? []).map((userid) => {
        if (!account.servicers.includes(userid)) return { userid, errcode: 95014, errmsg: 'not a servicer' };
        account.servicers = account.servicers.filter((u) => u !== userid);
        return { userid, errcode: 0, errmsg: 'success' };
      }),
      ...(body.department_id_list ?? []).map((department_id) => ({ department_id, errcode: 60123, errmsg: 'invalid party id' })),
    ];
    return ok(c, { result_list });
  });

  app.get('/kf/servicer/list', (c) => {
    const { open_kfid } = readQuery(c, z.object({ open_kfid: z.string().optional() }).loose());
    const account = findAccount(ctx, open_kfid);
    const servicer_list = account.servicers.map((userid) => ({
      userid, ...listStatus(state.members.get(userid)?.servicerStatus ?? 'stopped'),
    }));
    return ok(c, { servicer_list });
  });

  app.post('/kf/customer/batchget', async (c) => {
    const body = await readJson(c, z.object({
      external_userid_list: z.array(z.string()).min(1).max(100),
      need_enter_session_context: z.union([z.literal(0), z.literal(1)]).optional(),
    }).loose());
    const since = ctx.now() - WECOM_LIMITS.sessionWindowMs;
    const customer_list: Record<string, unknown>[] = [];
    const invalid_external_userid: string[] = [];
    for (const id of body.external_userid_list) {
      const cu = state.customers.get(id);
      if (!cu || cu.lastActiveAt === null || cu.lastActiveAt < since) { invalid_external_userid.push(id); continue; }
      customer_list.push({
        external_userid: cu.external_userid, nickname: cu.nickname, avatar: cu.avatar, gender: cu.gender, unionid: cu.unionid,
        ...(body.need_enter_session_context === 1 ? { enter_session_context: cu.enterContext ?? { scene: '', scene_param: '' } } : {}),
      });
    }
    return ok(c, { customer_list, invalid_external_userid });
  });

  app.post('/kf/sync_msg', async (c) => {
    const body = await readJson(c, SyncBody);
    const account = findAccount(ctx, body.open_kfid);
    const limit = body.limit === undefined || body.limit === 0 ? WECOM_LIMITS.syncMaxLimit : body.limit;
    if (limit > WECOM_LIMITS.syncMaxLimit) throw new WxError(40058, `limit must be ≤ ${WECOM_LIMITS.syncMaxLimit}`);
    if (body.token) {
      const t = state.msgTokens.get(body.token);
      if (!t || t.open_kfid !== account.open_kfid || ctx.now() > t.expiresAt) throw new WxError(95007);
    } else {
      const calls = account.syncNoToken;
      while (calls.length > 0 && (calls[0] ?? 0) <= ctx.now() - TIME.MINUTE) calls.shift();
      if (calls.length >= ctx.opts.unknowns.syncWithoutTokenPerMinute) throw new WxError(45009, 'sync_msg without token');
      calls.push(ctx.now());
    }
    const oldest = ctx.now() - WECOM_LIMITS.retentionMs;
    const firstRetained = account.log.findIndex((e) => e.at >= oldest);
    const retainedFrom = firstRetained === -1 ? account.log.length : firstRetained;
    const from = body.cursor ? Math.max(decodeCursor(account.open_kfid, body.cursor), retainedFrom) : retainedFrom;
    if (ctx.faults.takeSyncEmpty()) {
      return ok(c, { next_cursor: encodeCursor(account.open_kfid, from), has_more: 1, msg_list: [] });
    }
    const page = account.log.slice(from, from + limit);
    const end = from + page.length;
    return ok(c, {
      next_cursor: encodeCursor(account.open_kfid, end),
      has_more: end < account.log.length ? 1 : 0,
      msg_list: page.map((e) => e.item),
    });
  });

  return app;
}
