/**
 * @module `/api/agents` (demo mode only — the route table answers 404 in live mode): list agents and set any
 * agent's status without a session, for the demo page's toggles. Agents change their own status in the sidebar.
 */
import { Hono } from 'hono';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { validate } from '../validate';
import { setAgentStatus } from '../../core/services/set-agent-status';
import { AgentStatus } from '../../../shared/domain/vocabulary';

export function agentRoutes(d: CoreDeps) {
  return new Hono()
    .get('/', async (c) => c.json({ agents: await d.shared.uow.read(({ db, t: { agents } }) => db.select().from(agents).orderBy(asc(agents.userid))) }))
    .put('/:userid/status',
      validate('json', z.object({ status: AgentStatus, until: z.number().int().positive().nullable().optional(), reason: z.string().max(200).optional() })),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await setAgentStatus({ ctx: d, input: { userid: c.req.param('userid'), source: 'manual', ...body } }));
      });
}
