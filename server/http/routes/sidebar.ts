/**
 * @module `/api/sidebar`: the agent sidebar in the WeCom chat toolbar. Every route needs an agent session
 * (the route table; context and decisions also open with a duty manager's deep link) and acts for that agent
 * only: my status and history, the duty roster, one customer's context and notes, quick replies (team + my own), the
 * bot's decisions with reasons, JS-SDK signatures, and one SSE stream that pushes status, roster and
 * conversation changes as they happen. A customer is seen only through the conversations the route table
 * found visible to the caller (`c.get('conversations')`).
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { asc, eq, sql } from 'drizzle-orm';
import { first, type Queries } from '../../core/ports/queries';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import type { DomainEvents } from '../../core/events';
import type { MyStatus } from '../../../shared/domain/sidebar';
import type { AuthedEnv } from '../session';
import { validate } from '../validate';
import { JsSdkSigner } from '../../channels/wecom-kf/jssdk';
import { NicknameCache } from '../../core/services/customer-nicknames';
import { customerNickname, loadCustomerContext } from '../../core/services/sidebar-context';
import { visibleConversations } from '../../core/access/viewer';
import { AVAILABLE } from '../../core/duty/on-duty';
import { recentDecisions } from '../../core/services/sidebar-decisions';
import { conversationCalendar, dutyNow, formLinkFor, loadOrgCalendar, nextOpenText, nextOpenTextFor } from '../../core/services/sidebar-org';
import { NotFoundError } from '../../core/errors';
import { SetDedicatedManager, setDedicatedManager } from '../../core/services/dedicated-manager';
import { SetCustomerProfile, setCustomerProfile } from '../../core/services/customer-profile';
import { faqEntryIn, faqTemplate, recordFaqEventIn } from '../../core/faq/entries';
import { teamFaqIn } from '../../core/faq/match';
import { LINK_PARAM } from '../../core/access/conversation-link';
import { myHistoryToday, myStatus, SetMyStatus, setMyStatus } from '../../core/services/sidebar-status';
import { createOwnQuickReply, deleteOwnQuickReply, listTemplates, renderQuickReplies, updateOwnQuickReply } from '../../core/services/quick-replies';

/** JS APIs the sidebar registers for (WECOM.md §5). */
export const JS_API_LIST = ['getContext', 'getCurExternalContact', 'sendChatMessage'];
/** How often the stream checks the open conversation for changes the pipeline did not announce. */
const WATERMARK_MS = 400;
const HEARTBEAT_MS = 15_000;

/** `entry` says what kind of customer this is: 微信客服 (`single_kf_tools`, default) or 客户联系 (`single_chat_tools`). */
const Customer = z.object({ externalUserid: z.string().trim().min(1).max(128), entry: z.string().max(40).optional() });
/** A duty manager's deep link (`?link=`), checked by the route table before the route runs (`access/conversation-link.ts`). */
const Link = z.object({ [LINK_PARAM]: z.string().max(512).optional() });
const kindOf = (entry: string | undefined) => (entry === 'single_chat_tools' ? 'contact' as const : 'kf' as const);
const OwnTemplate = z.object({
  name: z.string().trim().min(1).max(80),
  kind: z.string().optional(),
  msgtype: z.enum(['text', 'msgmenu']).default('text'),
}).loose();

/**
 * Who is on duty now (A/B posts), every agent's status, and who of them can take a customer at all (在线 or 忙碌,
 * the hand-overs' definition): the roster part of the sidebar, which says plainly when nobody can be reached.
 */
export async function sidebarDuty(d: Pick<CoreDeps, 'db' | 'shared'>, at: number) {
  const roster = await d.shared.uow.read(({ db, t: { agents } }) => db.select({ userid: agents.userid, name: agents.name, status: agents.status, until: agents.statusUntil })
    .from(agents).orderBy(asc(agents.userid)));
  const reachable = roster.filter((a) => (AVAILABLE as readonly string[]).includes(a.status)).map((a) => a.userid);
  // who is on duty: the duty module's reader (synchronous: the engine calls it inside the pipeline's transaction)
  return { ...(await dutyNow(d, at)), roster, reachable };
}

type SidebarDuty = Awaited<ReturnType<typeof sidebarDuty>>;

/** The named events of `GET /stream` and their data (JSON). */
export interface SidebarStreamEvents {
  ready: { status: MyStatus; duty: SidebarDuty; conversationId: number | null };
  status: MyStatus;
  duty: SidebarDuty;
  conversation: DomainEvents['conversation.changed'];
}

/**
 * What changed in a conversation, as one text (one statement on the conversation's row: its messages, decisions and
 * outbox rows through their conversation indexes). Portable SQL; the columns inside the subqueries are named by hand.
 */
export async function conversationWatermark(q: Queries, conversationId: number): Promise<string> {
  const { conversations: c, messages: m, decisions: dd, outbox: o } = q.t;
  const row = await first(q.db.select({ w: sql<string>`(select coalesce(max(received_at), 0) || ':' || count(*) from ${m} where conversation_id = ${conversationId}) || '/' ||
    (select coalesce(max(id), 0) from ${dd} where conversation_id = ${conversationId}) || '/' ||
    (select coalesce(max(updated_at), 0) || ':' || count(*) from ${o} where conversation_id = ${conversationId}) || '/' ||
    ${c.updatedAt}`.mapWith(String) }).from(c).where(eq(c.id, conversationId)).limit(1));
  return row?.w ?? '';
}

export function sidebarRoutes(d: CoreDeps) {
  const signer = new JsSdkSigner(d.clock, d.wecom);
  const nicknames = new NicknameCache(d);
  const me = (c: { get(k: 'userid'): string }) => c.get('userid');

  return new Hono<AuthedEnv>()
    .get('/context', validate('query', Customer.extend(Link.shape)), async (c) => {
      const { externalUserid, entry } = c.req.valid('query');
      return c.json(await loadCustomerContext(d, nicknames, externalUserid, kindOf(entry), c.get('conversations')[0]));
    })
    .get('/me/status', async (c) => c.json(await d.shared.uow.read((q) => myStatus(q, me(c)))))
    .put('/me/status', validate('json', SetMyStatus), async (c) =>
      c.json(await setMyStatus(d, await d.shared.uow.read(loadOrgCalendar), me(c), c.req.valid('json'))))
    .get('/me/history', async (c) => c.json(await d.shared.uow.read(async (q) => myHistoryToday(q, d.clock.now(), await loadOrgCalendar(q), me(c)))))
    .get('/duty', async (c) => c.json(await sidebarDuty(d, d.clock.now())))
    .get('/quick-replies', validate('query', Customer.extend({ q: z.string().max(80).optional() })), async (c) => {
      const { externalUserid, entry, q } = c.req.valid('query');
      const now = d.clock.now();
      const conv = c.get('conversations')[0];
      const { self, cal, org } = await d.shared.uow.read(async (rq) => ({ self: await myStatus(rq, me(c)), cal: await conversationCalendar(rq, conv), org: await d.org.orgProfileIn(rq) }));
      const vars = {
        'customer.nickname': await customerNickname(nicknames, externalUserid, kindOf(entry), conv),
        'agent.name': self.name,
        'duty.name': (await dutyNow(d, now)).a?.name,
        next_open: nextOpenText(cal, now),
        form_link: formLinkFor(d, conv),
        order_link: org.orderLink,
        'org.name': org.name,
      };
      // the team's FAQ entries too: an agent can send an entry's answer in one tap
      const { own, team } = await d.shared.uow.read(async (rq) => ({
        own: await listTemplates(rq, me(c)),
        team: await teamFaqIn(rq, conv?.openKfid ?? null),
      }));
      const faq = team.map((e) => ({ template: faqTemplate(e), own: false }));
      const forMoment = (t: { kind: string }) => ({ ...vars, next_open: nextOpenTextFor(cal, t.kind, now) });
      return c.json({ items: renderQuickReplies([...own, ...faq], forMoment, q) });
    })
    .post('/faq/:id/sent', validate('param', z.object({ id: z.coerce.number().int().positive() })), validate('query', Customer), async (c) => {
      const conv = c.get('conversations')[0];
      await d.shared.uow.run(async (tx) => {
        const entry = await faqEntryIn(tx, c.req.valid('param').id);
        if (!entry) throw new NotFoundError('faq entry');
        await recordFaqEventIn(tx, { at: d.clock.now(), openKfid: conv?.openKfid ?? null, conversationId: conv?.id ?? null, entryId: entry.id, via: 'agent', text: null });
      });
      return c.json({ ok: true });
    })
    .put('/dedicated-manager', validate('query', Customer), validate('json', SetDedicatedManager), async (c) => {
      const conv = c.get('conversations')[0];
      if (!conv) throw new NotFoundError('conversation');
      return c.json(await setDedicatedManager(d, c.get('viewer'), me(c), conv, c.req.valid('json').userid));
    })
    .put('/customer-profile', validate('query', Customer), validate('json', SetCustomerProfile), async (c) =>
      c.json(await setCustomerProfile(d, c.get('viewer'), me(c), c.get('conversations')[0], c.req.valid('query').externalUserid, c.req.valid('json'))))
    .post('/quick-replies', validate('json', OwnTemplate), async (c) =>
      c.json({ template: await createOwnQuickReply(d, me(c), c.req.valid('json')) }, 201))
    .put('/quick-replies/:id', validate('json', OwnTemplate), async (c) =>
      c.json({ template: await updateOwnQuickReply(d, me(c), c.req.param('id'), c.req.valid('json')) }))
    .delete('/quick-replies/:id', async (c) => {
      await deleteOwnQuickReply(d, me(c), c.req.param('id'));
      return c.json({ ok: true });
    })
    .get('/decisions', validate('query', Link.extend({ conversationId: z.coerce.number().int().positive() })), async (c) =>
      c.json({ items: await d.shared.uow.read((q) => recentDecisions(q, d.org, c.req.valid('query').conversationId)) }))
    .get('/jssdk/config', validate('query', z.object({ url: z.url({ protocol: /^https?$/ }).max(2048) })), async (c) => {
      const { url } = c.req.valid('query');
      const nonce = randomBytes(12).toString('base64url');
      const [config, agentConfig] = await Promise.all([signer.sign('config', url, nonce), signer.sign('agentConfig', url, nonce)]);
      return c.json({ corpId: d.config.wecom.corpId, agentId: d.config.wecom.agentId, jsApiList: JS_API_LIST, config, agentConfig });
    })
    .get('/stream', validate('query', z.object({ externalUserid: z.string().max(128).optional() })), (c) => {
      const userid = me(c);
      const viewer = c.get('viewer');
      const { externalUserid } = c.req.valid('query');
      return streamSSE(c, async (stream) => {
        let conversationId = c.get('conversations')[0]?.id;
        const watermark = (id: number) => d.shared.uow.read((q) => conversationWatermark(q, id));
        let mark = conversationId ? await watermark(conversationId) : '';
        let marking = Promise.resolve();
        let queue = Promise.resolve();
        // events go out in the order they happened: each one's data is read at once, written in turn
        const send = <K extends keyof SidebarStreamEvents>(event: K, data: SidebarStreamEvents[K] | Promise<SidebarStreamEvents[K]>) => {
          const ready = Promise.resolve(data);
          ready.catch(() => {}); // a read that fails (the database closed under us) sends nothing
          queue = queue.then(async () => stream.writeSSE({ event, data: JSON.stringify(await ready) })).catch(() => {});
        };
        const status = () => d.shared.uow.read((q) => myStatus(q, userid));
        const offStatus = d.events.on('agent.status', (e) => {
          if (e.userid === userid) send('status', status());
          send('duty', sidebarDuty(d, d.clock.now()));
        });
        const offConv = d.events.on('conversation.changed', (e) => {
          if (e.conversationId !== conversationId) return;
          // the watermark the announced change leaves: the next poll compares with it (and waits for it)
          marking = watermark(e.conversationId).then((w) => { mark = w; }, () => {});
          send('conversation', e);
        });
        stream.onAbort(() => { offStatus(); offConv(); });
        const first = conversationId ?? null;
        send('ready', (async () => ({ status: await status(), duty: await sidebarDuty(d, d.clock.now()), conversationId: first }))());
        let beat = 0;
        while (!stream.aborted) {
          await stream.sleep(WATERMARK_MS);
          if (stream.aborted) break;
          beat += WATERMARK_MS;
          try {
            if (externalUserid && conversationId === undefined) conversationId = (await d.shared.uow.read((q) => visibleConversations(q, viewer, externalUserid)))[0]?.id;
            if (conversationId !== undefined) {
              await marking;
              const next = await watermark(conversationId);
              if (next !== mark) { mark = next; send('conversation', { conversationId, what: 'message', at: d.clock.now() }); }
            }
          } catch {
            break; // the database closed under us (shutdown): end the stream
          }
          if (beat >= HEARTBEAT_MS) { beat = 0; queue = queue.then(() => stream.write(': ping\n\n')).then(() => {}).catch(() => {}); }
        }
        offStatus();
        offConv();
      });
    });
}
