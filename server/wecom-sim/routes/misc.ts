/**
 * @module Member profile (`user/get`; `user/update` external_profile, counted — doc 90197: `web.url` http(s) only,
 * `miniprogram.title` ≤ 12 characters; who may call it: permissions.ts), attendance (`checkin/getcheckindata`,
 * span ≤ 30 days, ≤ 100 users) and app messages (`message/send` textcard; past 30/min or 1000/h per
 * member WeCom drops silently — the simulator records them as dropped).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SimContext } from '../context';
import { TIME, WECOM_LIMITS } from '../options';
import { byteLength, ok, readJson, readQuery, WxError } from '../wx';

const Attr = z.discriminatedUnion('type', [
  z.object({ type: z.literal(0), name: z.string().min(1), text: z.object({ value: z.string().max(32) }) }),
  z.object({ type: z.literal(1), name: z.string().min(1), web: z.object({ url: z.string().regex(/^https?:\/\/\S+$/i, 'web.url must be http(s)'), title: z.string().max(12) }) }),
  z.object({ type: z.literal(2), name: z.string().min(1), miniprogram: z.object({ appid: z.string(), pagepath: z.string(), title: z.string().max(12, 'miniprogram.title ≤ 12 characters') }) }),
]);
const UpdateUser = z.object({
  userid: z.string().min(1),
  external_position: z.string().max(12).optional(),
  external_profile: z.object({
    external_corp_name: z.string().optional(),
    external_attr: z.array(Attr).optional(),
  }).loose().optional(),
}).loose();

const Checkin = z.object({
  opencheckindatatype: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  starttime: z.number().int(),
  endtime: z.number().int(),
  useridlist: z.array(z.string()).min(1).max(100),
});

const AppMessage = z.object({
  touser: z.string().min(1),
  msgtype: z.literal('textcard'),
  agentid: z.number().int(),
  textcard: z.object({ title: z.string().min(1), description: z.string().min(1), url: z.string().min(1), btntxt: z.string().optional() }),
}).loose();

export function miscRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { state } = ctx;

  app.get('/user/get', (c) => {
    const { userid } = readQuery(c, z.object({ userid: z.string().min(1) }).loose());
    const member = state.members.get(userid);
    if (!member) throw new WxError(60111, userid);
    // status: 1 activated, 4 not activated (doc 90196 读取成员).
    return ok(c, {
      userid: member.userid, name: member.name, status: member.activated ? 1 : 4,
      ...(member.external_position !== undefined ? { external_position: member.external_position } : {}),
      ...(member.external_profile !== undefined ? { external_profile: member.external_profile } : {}),
    });
  });

  app.post('/user/update', async (c) => {
    const b = await readJson(c, UpdateUser);
    const member = state.members.get(b.userid);
    if (!member) throw new WxError(60111, b.userid);
    if (b.external_position !== undefined) member.external_position = b.external_position;
    if (b.external_profile !== undefined) {
      const known = ctx.opts.unknowns.externalAttrNames;
      const attrs = (b.external_profile.external_attr ?? []).filter((a) => known === null || known.includes(a.name));
      member.external_profile = { ...b.external_profile, external_attr: attrs };
    }
    member.updateCount += 1;
    return ok(c);
  });

  app.post('/checkin/getcheckindata', async (c) => {
    const b = await readJson(c, Checkin);
    if (b.endtime < b.starttime) throw new WxError(40058, 'endtime before starttime');
    if ((b.endtime - b.starttime) * 1000 > WECOM_LIMITS.checkinMaxSpanMs) throw new WxError(40058, 'span exceeds 30 days');
    const types = b.opencheckindatatype === 1 ? ['上班打卡', '下班打卡'] : b.opencheckindatatype === 2 ? ['外出打卡'] : null;
    const checkindata = state.checkins.filter((r) => b.useridlist.includes(r.userid)
      && r.checkin_time >= b.starttime && r.checkin_time <= b.endtime && (types === null || types.includes(r.checkin_type)));
    return ok(c, { checkindata });
  });

  app.post('/message/send', async (c) => {
    const b = await readJson(c, AppMessage);
    if (b.agentid !== ctx.opts.agentId) throw new WxError(40056);
    if (byteLength(b.textcard.title) > 128) throw new WxError(40058, 'textcard.title exceeds 128 bytes');
    if (byteLength(b.textcard.description) > 512) throw new WxError(40058, 'textcard.description exceeds 512 bytes');
    const users = b.touser === '@all' ? [...state.members.keys()] : b.touser.split('|').filter(Boolean);
    const invalid = users.filter((u) => !state.members.has(u));
    if (users.length > 0 && invalid.length === users.length) throw new WxError(81013, `invaliduser ${invalid.join('|')}`);
    const delivered: string[] = [];
    const dropped: string[] = [];
    const now = ctx.now();
    for (const u of users.filter((x) => state.members.has(x))) {
      const times = (state.appMsgTimes.get(u) ?? []).filter((t) => t > now - TIME.HOUR);
      const lastMinute = times.filter((t) => t > now - TIME.MINUTE).length;
      if (lastMinute >= WECOM_LIMITS.appMsgPerMemberPerMinute || times.length >= WECOM_LIMITS.appMsgPerMemberPerHour) {
        dropped.push(u);
      } else {
        times.push(now);
        delivered.push(u);
      }
      state.appMsgTimes.set(u, times);
    }
    const msgid = ctx.id('sim_app_');
    state.appMessages.push({ msgid, touser: b.touser, textcard: b.textcard, time: ctx.nowSec(), delivered, dropped, invalid });
    return ok(c, { invaliduser: invalid.join('|'), msgid });
  });

  return app;
}
