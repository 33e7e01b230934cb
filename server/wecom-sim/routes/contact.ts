/**
 * @module 「联系我」contact ways (add / update keeping config_id and qr_code / get / list / del) and
 * `externalcontact/get` (84061 no relation, 40096 bad id).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SimContext } from '../context';
import { TIME } from '../options';
import type { ContactWay } from '../state';
import { ok, readJson, readQuery, WxError } from '../wx';

const WayFields = {
  style: z.number().int().optional(),
  remark: z.string().max(30).optional(),
  skip_verify: z.boolean().optional(),
  state: z.string().max(30).optional(),
  user: z.array(z.string()).max(100).optional(),
  party: z.array(z.number().int()).max(100).optional(),
  expires_in: z.number().int().optional(),
};
const AddBody = z.object({
  type: z.union([z.literal(1), z.literal(2)]),
  scene: z.union([z.literal(1), z.literal(2)]),
  is_temp: z.boolean().optional(),
  ...WayFields,
}).loose();
const UpdateBody = z.object({ config_id: z.string().min(1), ...WayFields }).loose();
const ConfigId = z.object({ config_id: z.string().min(1) }).loose();

export function wayView(w: ContactWay): Record<string, unknown> {
  return {
    config_id: w.config_id, type: w.type, scene: w.scene, ...(w.style !== undefined ? { style: w.style } : {}),
    remark: w.remark, skip_verify: w.skip_verify, state: w.state, ...(w.scene === 2 ? { qr_code: w.qr_code } : {}),
    user: w.user, party: w.party, is_temp: w.is_temp, ...(w.expires_in !== undefined ? { expires_in: w.expires_in } : {}),
  };
}

export function contactRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { state } = ctx;

  function checkUsers(type: number, user: string[] | undefined, party: number[] | undefined): void {
    for (const u of user ?? []) if (!state.members.has(u)) throw new WxError(60111, u);
    if ((party ?? []).length > 0) throw new WxError(60123);
    if (type === 1 && (user ?? []).length !== 1) throw new WxError(40058, 'type 1 needs exactly one user');
    if (type === 2 && (user ?? []).length === 0) throw new WxError(40058, 'type 2 needs users');
  }

  function findWay(config_id: string): ContactWay {
    const way = state.contactWays.get(config_id);
    if (!way) throw new WxError(40058, 'invalid config_id');
    return way;
  }

  app.post('/externalcontact/add_contact_way', async (c) => {
    const b = await readJson(c, AddBody);
    checkUsers(b.type, b.user, b.party);
    const config_id = ctx.secret('', 16).toLowerCase().replace(/[^0-9a-z]/g, '0');
    const way: ContactWay = {
      config_id, type: b.type, scene: b.scene, ...(b.style !== undefined ? { style: b.style } : {}),
      remark: b.remark ?? '', skip_verify: b.skip_verify ?? true, state: b.state ?? '',
      qr_code: `https://wework.qpic.cn/wwpic/sim_${config_id}/0`, user: b.user ?? [], party: b.party ?? [],
      is_temp: b.is_temp ?? false, ...(b.expires_in !== undefined ? { expires_in: b.expires_in } : {}),
      created_at: ctx.now(), rr: 0,
    };
    state.contactWays.set(config_id, way);
    return ok(c, way.scene === 2 ? { config_id, qr_code: way.qr_code } : { config_id });
  });

  app.post('/externalcontact/update_contact_way', async (c) => {
    const b = await readJson(c, UpdateBody);
    const way = findWay(b.config_id);
    if (b.user !== undefined || b.party !== undefined) checkUsers(way.type, b.user ?? way.user, b.party ?? way.party);
    if (b.style !== undefined) way.style = b.style;
    if (b.remark !== undefined) way.remark = b.remark;
    if (b.skip_verify !== undefined) way.skip_verify = b.skip_verify;
    if (b.state !== undefined) way.state = b.state;
    if (b.user !== undefined) way.user = b.user;
    if (b.party !== undefined) way.party = b.party;
    if (b.expires_in !== undefined) way.expires_in = b.expires_in;
    state.contactWayUpdates += 1;
    return ok(c);
  });

  app.post('/externalcontact/get_contact_way', async (c) => {
    const b = await readJson(c, ConfigId);
    return ok(c, { contact_way: wayView(findWay(b.config_id)) });
  });

  app.post('/externalcontact/list_contact_way', async (c) => {
    const b = await readJson(c, z.object({
      start_time: z.number().int().optional(), end_time: z.number().int().optional(),
      cursor: z.string().optional(), limit: z.number().int().min(1).max(1000).optional(),
    }).loose());
    const end = b.end_time ?? ctx.nowSec();
    const start = b.start_time ?? end - (90 * TIME.DAY) / 1000;
    const all = [...state.contactWays.values()].filter((w) => {
      const created = Math.floor(w.created_at / 1000);
      return created >= start && created <= end;
    });
    const from = b.cursor ? Number(Buffer.from(b.cursor, 'base64url').toString()) || 0 : 0;
    const limit = b.limit ?? 100;
    const page = all.slice(from, from + limit);
    const next = from + page.length;
    return ok(c, {
      contact_way: page.map((w) => ({ config_id: w.config_id })),
      ...(next < all.length ? { next_cursor: Buffer.from(String(next)).toString('base64url') } : {}),
    });
  });

  app.post('/externalcontact/del_contact_way', async (c) => {
    const b = await readJson(c, ConfigId);
    findWay(b.config_id);
    state.contactWays.delete(b.config_id);
    return ok(c);
  });

  app.get('/externalcontact/get', (c) => {
    const { external_userid } = readQuery(c, z.object({ external_userid: z.string().optional() }).loose());
    if (!external_userid) throw new WxError(40058, 'external_userid is required');
    const contact = state.externalContacts.get(external_userid);
    if (!contact) {
      if (state.customers.has(external_userid)) throw new WxError(84061);
      throw new WxError(40096);
    }
    if (contact.follow.length === 0) throw new WxError(84061);
    return ok(c, {
      external_contact: { external_userid, name: contact.name, type: 1, avatar: '', gender: 0 },
      follow_user: contact.follow.map((f) => ({ userid: f.userid, remark: '', description: '', createtime: f.createtime, state: f.state, add_way: 1 })),
    });
  });

  return app;
}
