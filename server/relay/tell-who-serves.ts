/**
 * @module The customer is told who now serves them when the 90 s stage hands them to their 专属客服经理: the
 * team's `tpl_dedicated_manager` (default pack's otherwise) with the manager's name, sent through the msg_code
 * WeCom returns for the move (doc 94669: a code only when a session first enters state 3; WeCom refuses API
 * sends to a session with a person). Queued in the outbox in the caller's transaction; without a code the
 * manager's own first reply introduces them, and the returned note (for diagnostics) says so.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Store } from '../db/index';
import { agents, templates, type RelayJob } from '../db/schema/index';
import { enqueue } from '../pipeline/store';
import { Template } from '../../shared/templates/index';
import { DEFAULT_TEMPLATES } from '../../shared/engine/index';

const TEMPLATE_ID = 'tpl_dedicated_manager';

function dedicatedTemplate(tx: Store): Template | null {
  const row = tx.select({ d: templates.definition }).from(templates).where(and(eq(templates.id, TEMPLATE_ID), isNull(templates.ownerUserid))).get();
  const own = row ? Template.safeParse(JSON.parse(row.d)) : null;
  return own?.success ? own.data : DEFAULT_TEMPLATES.find((t) => t.id === TEMPLATE_ID) ?? null;
}

export function tellWhoServes(tx: Store, job: RelayJob, toUserid: string, msgCode: string | undefined, now: number): string {
  const name = tx.select({ n: agents.name }).from(agents).where(eq(agents.userid, toUserid)).get()?.n ?? toUserid;
  const template = dedicatedTemplate(tx);
  if (!msgCode || !template) return `customer not told by the bot (${msgCode ? 'no template' : 'WeCom gave no msg_code'}): ${name}'s first reply introduces them`;
  enqueue(tx, job.conversationId, `relay:${job.id}`, [{ key: 'dedicated', kind: 'send_msg_on_event', code: msgCode, template, vars: { 'agent.name': name } }], now);
  return `customer told: ${name} serves them now`;
}
