/**
 * @module `/api/agents`: list agents and set a status by hand. Open in demo mode only until the sidebar's
 * signed agent session (a later issue) authorises each agent for their own status.
 */
import { Hono } from 'hono';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../deps';
import { agents } from '../db/schema/index';
import { ForbiddenError } from '../errors';
import { validate } from '../http/validate';
import { setAgentStatus } from '../services/set-agent-status';
import { AgentStatus } from '../../shared/domain/vocabulary';

export function agentRoutes(d: CoreDeps) {
  return new Hono()
    .use(async function demoOnly(_c, next) {
      if (d.config.mode !== 'demo') throw new ForbiddenError('the agent API needs an agent session (sidebar login)');
      await next();
    })
    .get('/', (c) => c.json({ agents: d.db.select().from(agents).orderBy(asc(agents.userid)).all() }))
    .put('/:userid/status',
      validate('json', z.object({ status: AgentStatus, until: z.number().int().positive().nullable().optional(), reason: z.string().max(200).optional() })),
      (c) => {
        const body = c.req.valid('json');
        return c.json(setAgentStatus({ ctx: d, input: { userid: c.req.param('userid'), source: 'manual', ...body } }));
      });
}
