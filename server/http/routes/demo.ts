/**
 * @module `/demo/api` (demo mode only): lets a person chat as a WeChat customer through the simulator and
 * watch Moonshift's replies arrive. The transcript joins what Moonshift stored from the customer (origin 3)
 * with what the simulator says the customer received; an SSE stream pushes it whenever it changes.
 * `/clock` shows the shared demo clock and moves it forward (time travel: escalations, shift ends, the next morning).
 */
import { Hono } from 'hono';
import type { MergeSchemaPath } from 'hono/types';
import { streamSSE } from 'hono/streaming';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../../core/ports/queries';
import { NotFoundError } from '../../core/errors';
import { validate } from '../validate';
import { DEMO_CUSTOMERS } from '../../app/demo/seed-data';
import type { SimControlClient } from '../../wecom-sim/control-client';
import type { InboxItem } from '../../wecom-sim/state';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import type { WecomMenuItem } from '../../../shared/templates/render';
import { addDays, localParts, toZonedIso, zonedInstant } from '../../../shared/calendar/index';
import { MAX_JUMP_MS, type TimeTravel } from '../../app/time-travel';
import { SETTINGS } from '../../core/config/catalogue';
import { readSettingIn } from '../../core/config/settings';

/** A 菜单消息 as the customer received it (WECOM.md §3.3; `text` items are plain lines). */
export interface DemoMenu {
  head_content?: string;
  list: (WecomMenuItem | { type: 'text'; text: { content: string } })[];
  tail_content?: string;
}

export interface TranscriptItem {
  id: string;
  from: 'customer' | 'bot' | 'agent';
  senderName?: string;
  msgtype: string;
  text?: string;
  menu?: DemoMenu;
  /** unix seconds */
  at: number;
}

const listAgents = ({ db, t: { agents } }: Queries) =>
  db.select({ userid: agents.userid, name: agents.name, status: agents.status }).from(agents).orderBy(asc(agents.userid));

/** The named events of `GET /customers/:externalUserid/stream` and their data (JSON). */
export interface DemoStreamEvents {
  transcript: { messages: TranscriptItem[] };
  agents: { agents: Awaited<ReturnType<typeof listAgents>> };
}

const POLL_MS = 250;

/** Where the process entry mounts the demo API. */
export const DEMO_API_PATH = '/demo/api';
/** The demo API's routes as mounted at `DEMO_API_PATH`, for the web's typed client. */
export type DemoApiType = ReturnType<typeof demoRoutes> extends Hono<infer E, infer S, infer B>
  ? Hono<E, MergeSchemaPath<S, typeof DEMO_API_PATH>, B> : never;

/** A jump: by a duration, or to the next time the organisation's wall clock reads `HH:MM` (e.g. 21:00, 09:00). */
const ClockJump = z.union([
  z.object({ advanceMs: z.number().int().positive().max(MAX_JUMP_MS) }).strict(),
  z.object({ toLocalTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, e.g. 21:00') }).strict(),
]);

const MenuItem = z.union([
  z.object({ type: z.literal('click'), click: z.object({ id: z.string().min(1), content: z.string().min(1) }) }),
  z.object({ type: z.literal('view'), view: z.object({ url: z.string().min(1), content: z.string().min(1) }) }),
  z.object({ type: z.literal('miniprogram'), miniprogram: z.object({ appid: z.string().min(1), pagepath: z.string().min(1), content: z.string().min(1) }) }),
]);
/**
 * What the sidebar's adapter is asked to send (`ChatMessage`, the kf msgmenu shape: a mini-program's path is `pagepath`;
 * the real adapter renames it `page` for `ww.sendChatMessage`, WECOM.md §5): text, or a menu card without text items.
 */
const AgentMessage = z.object({
  userid: z.string().min(1),
  message: z.discriminatedUnion('msgtype', [
    z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string().min(1).max(2048) }) }),
    z.object({ msgtype: z.literal('msgmenu'), msgmenu: z.object({ head_content: z.string().default(''), list: z.array(MenuItem).min(1).max(10) }) }),
  ]),
});

/** The next instant after `now` at which the wall clock in `timeZone` reads `hhmm`. */
function nextWallTime(now: number, hhmm: string, timeZone: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const today = localParts(now, timeZone).date;
  const at = zonedInstant(today, h * 60 + m, timeZone);
  return at > now ? at : zonedInstant(addDays(today, 1), h * 60 + m, timeZone);
}

export function demoRoutes(d: CoreDeps, sim: SimControlClient, travel: TimeTravel) {
  const clock = async () => {
    const { timeZone } = await d.shared.uow.read((q) => readSettingIn(q, SETTINGS.calendar));
    const now = d.clock.now();
    return { now, local: toZonedIso(now, timeZone), timeZone, offsetMs: travel.offsetMs };
  };
  const customer = (id: string) => {
    const c = DEMO_CUSTOMERS.find((x) => x.external_userid === id);
    if (!c) throw new NotFoundError(`demo customer ${id}`);
    return c;
  };
  const accountIn = async ({ db, t: { kfAccounts } }: Queries) => {
    const a = await first(db.select().from(kfAccounts).orderBy(asc(kfAccounts.createdAt), asc(kfAccounts.openKfid)).limit(1));
    if (!a) throw new NotFoundError('kf account');
    return a;
  };
  const account = () => d.shared.uow.read(accountIn);

  async function transcript(externalUserid: string): Promise<TranscriptItem[]> {
    const { openKfid, stored, people } = await d.shared.uow.read(async (q) => {
      const { conversations, messages } = q.t;
      const { openKfid } = await accountIn(q);
      const conv = await first(q.db.select({ id: conversations.id }).from(conversations)
        .where(and(eq(conversations.openKfid, openKfid), eq(conversations.externalUserid, externalUserid))).limit(1));
      const stored = conv
        ? await q.db.select().from(messages).where(and(eq(messages.conversationId, conv.id), eq(messages.origin, ORIGIN.customer))).orderBy(asc(messages.sendTime))
        : [];
      return { openKfid, stored, people: await listAgents(q) };
    });
    const sent: TranscriptItem[] = stored
      .map((m) => ({ id: m.msgid, from: 'customer' as const, msgtype: m.msgtype, text: (JSON.parse(m.content) as { content?: string }).content, at: m.sendTime }));
    const names = new Map(people.map((a) => [a.userid, a.name]));
    const received = (await sim.inbox({ external_userid: externalUserid, open_kfid: openKfid })).map((i: InboxItem): TranscriptItem => ({
      id: i.msgid,
      from: i.sender === 'agent' ? 'agent' : 'bot',
      senderName: i.servicer_userid ? names.get(i.servicer_userid) ?? i.servicer_userid : undefined,
      msgtype: i.msgtype,
      text: i.msgtype === 'text' ? i.text : undefined,
      menu: i.msgtype === 'msgmenu' ? i.content as unknown as DemoMenu : undefined,
      at: i.time,
    }));
    // Stable order: by time, customer first within the same second (a reply never precedes its cause).
    return [...sent, ...received].sort((a, b) => a.at - b.at || (a.from === 'customer' ? -1 : 0) - (b.from === 'customer' ? -1 : 0));
  }

  return new Hono()
    .get('/session', async (c) => {
      const { a, people } = await d.shared.uow.read(async (q) => ({ a: await accountIn(q), people: await listAgents(q) }));
      return c.json({
        openKfid: a.openKfid, kfName: a.name,
        customers: DEMO_CUSTOMERS.map((x): { externalUserid: string; nickname: string } => ({ externalUserid: x.external_userid, nickname: x.nickname })),
        agents: people,
        clock: await clock(),
      });
    })
    .get('/clock', async (c) => c.json(await clock()))
    .post('/clock', validate('json', ClockJump), async (c) => {
      const body = c.req.valid('json');
      if ('advanceMs' in body) await travel.advance(body.advanceMs);
      else await travel.advanceTo(nextWallTime(d.clock.now(), body.toLocalTime, (await clock()).timeZone));
      return c.json(await clock());
    })
    .post('/customers/:externalUserid/messages',
      validate('json', z.object({ text: z.string().trim().min(1).max(2000), menuId: z.string().min(1).optional() })),
      async (c) => {
        const who = customer(c.req.param('externalUserid'));
        const body = c.req.valid('json');
        const base = { open_kfid: (await account()).openKfid, external_userid: who.external_userid, nickname: who.nickname };
        const sent = body.menuId
          ? await sim.customerSend({ ...base, msgtype: 'menu_click', menu_id: body.menuId })
          : await sim.customerSend({ ...base, msgtype: 'text', content: body.text });
        return c.json({ msgid: sent.msgid }, 202);
      })
    // The customer opens the chat from a link (a profile wall's 立即咨询 / 预约回电 carry a scene_param): WeCom's
    // enter_session event with that scene_param, answered by Moonshift's welcome (the form for `appointment`).
    .post('/customers/:externalUserid/enter',
      validate('json', z.object({ sceneParam: z.string().trim().max(128).regex(/^[\w-]*$/, 'letters, digits, _ and - only').default('') })),
      async (c) => {
        const who = customer(c.req.param('externalUserid'));
        const { sceneParam } = c.req.valid('json');
        const entered = await sim.customerEnter({ open_kfid: (await account()).openKfid, external_userid: who.external_userid, nickname: who.nickname, scene_param: sceneParam });
        return c.json({ msgid: entered.msgid }, 202);
      })
    // The mock sidebar's sendChatMessage, as the WeCom client does it: the message enters the chat as the agent's
    // (origin 5 through sync_msg). The client shows a 微信客服 chat only to the servicer receiving it, so an agent who
    // sends from it is serving it: the session is moved to that agent first (service_state/trans → 3) when needed.
    .post('/customers/:externalUserid/agent-messages', validate('json', AgentMessage), async (c) => {
      const who = customer(c.req.param('externalUserid'));
      const { userid, message } = c.req.valid('json');
      const open_kfid = (await account()).openKfid;
      const now = await d.wecom.getServiceState(open_kfid, who.external_userid);
      if (now.service_state !== 3 || now.servicer_userid !== userid) {
        await d.wecom.transServiceState({ open_kfid, external_userid: who.external_userid, service_state: 3, servicer_userid: userid });
      }
      const base = { open_kfid, external_userid: who.external_userid, userid };
      const sent = message.msgtype === 'text'
        ? await sim.agentReply({ ...base, content: message.text.content })
        : await sim.agentReply({ ...base, msgmenu: message.msgmenu });
      return c.json({ msgid: sent.msgid }, 202);
    })
    .get('/customers/:externalUserid/transcript', async (c) => {
      const who = customer(c.req.param('externalUserid'));
      return c.json({ messages: await transcript(who.external_userid) });
    })
    .get('/customers/:externalUserid/stream', (c) => {
      const who = customer(c.req.param('externalUserid'));
      return streamSSE(c, async (stream) => {
        let last = '';
        let agentsDirty = false;
        const off = d.events.on('agent.status', () => { agentsDirty = true; });
        stream.onAbort(off);
        while (!stream.aborted) {
          const snapshot: DemoStreamEvents['transcript'] = { messages: await transcript(who.external_userid) };
          const data = JSON.stringify(snapshot);
          if (data !== last) { last = data; await stream.writeSSE({ event: 'transcript', data }); }
          if (agentsDirty) {
            agentsDirty = false;
            const roster: DemoStreamEvents['agents'] = { agents: await d.shared.uow.read(listAgents) };
            await stream.writeSSE({ event: 'agents', data: JSON.stringify(roster) });
          }
          await stream.sleep(POLL_MS);
        }
        off();
      });
    });
}
