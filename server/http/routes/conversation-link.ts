/**
 * @module `GET /api/sidebar/link?link=<token>`: what a duty manager's deep link opens — the one conversation it
 * names (id, customer, 微信客服 account, the zone its times are read in) — so the sidebar can load that conversation's context and decisions
 * with the same token. The route table admits only a valid, unexpired link.
 */
import { Hono } from 'hono';
import type { CoreDeps } from '../../app/deps';
import { NotFoundError } from '../../core/errors';
import type { AuthedEnv } from '../session';
import { visibleConversation } from '../../core/access/viewer';
import { calendarForIn } from '../../core/config/calendar';

export function conversationLinkRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/', async (c) => {
      const viewer = c.get('viewer');
      const found = viewer.kind !== 'link' ? undefined : await d.shared.uow.read(async (q) => {
        const conv = await visibleConversation(q, viewer, viewer.conversationId);
        return conv && { conv, calendar: await calendarForIn(q, { conversation: conv }) };
      });
      if (!found) throw new NotFoundError('conversation');
      const { conv, calendar } = found;
      return c.json({ conversationId: conv.id, externalUserid: conv.externalUserid, openKfid: conv.openKfid, timeZone: calendar.timeZone });
    });
}
