/**
 * @module The customer is told who now serves them when the 90 s stage hands them to their 专属客服经理: the
 * team's `tpl_dedicated_manager` (default pack's otherwise) with the manager's name, sent through the msg_code
 * WeCom returns for the move (doc 94669: a code only when a session first enters state 3; WeCom refuses API
 * sends to a session with a person). Queued in the outbox in the caller's transaction; without a code the
 * manager's own first reply introduces them, and the returned note (for diagnostics) says so.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { RelayJob } from '../../adapters/db/sqlite/schema/index';
import { first, type Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { enqueueIn } from '../pipeline/store';
import { Template } from '../../../shared/templates/index';
import { DEFAULT_TEMPLATES } from '../../../shared/engine/index';

const TEMPLATE_ID = 'tpl_dedicated_manager';

async function dedicatedTemplate(q: Queries): Promise<Template | null> {
  const { templates } = q.t;
  const row = await first(q.db.select({ d: templates.definition }).from(templates)
    .where(and(eq(templates.id, TEMPLATE_ID), isNull(templates.ownerUserid))).limit(1));
  const own = row ? Template.safeParse(JSON.parse(row.d)) : null;
  return own?.success ? own.data : DEFAULT_TEMPLATES.find((t) => t.id === TEMPLATE_ID) ?? null;
}

export async function tellWhoServes(tx: Tx, job: RelayJob, toUserid: string, msgCode: string | undefined, now: number): Promise<string> {
  const { agents } = tx.t;
  const name = (await first(tx.db.select({ n: agents.name }).from(agents).where(eq(agents.userid, toUserid)).limit(1)))?.n ?? toUserid;
  const template = await dedicatedTemplate(tx);
  if (!msgCode || !template) return `customer not told by the bot (${msgCode ? 'no template' : 'WeCom gave no msg_code'}): ${name}'s first reply introduces them`;
  await enqueueIn(tx, job.conversationId, `relay:${job.id}`, [{ key: 'dedicated', kind: 'send_msg_on_event', code: msgCode, template, vars: { 'agent.name': name } }], now);
  return `customer told: ${name} serves them now`;
}
