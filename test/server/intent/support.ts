/** @module Helpers for the intent-learning suites: a customer message sent through the simulator and stored. */
import { and, eq } from 'drizzle-orm';
import { conversations, messages } from '../../../server/adapters/db/sqlite/schema/index';
import { messageText } from '../../../server/core/intent/correct-intent';
import { sameOrigin } from '../../support/auth';
import type { TestProduct } from '../../support/product';
import { waitFor } from '../../support/wait';

/** The customer writes `text`; resolves with the stored message row once the pipeline has it. */
export async function customerSays(p: TestProduct, externalUserid: string, text: string) {
  await p.sim.customerSend({ external_userid: externalUserid, msgtype: 'text', content: text });
  return waitFor(() => p.deps.db.select({ m: messages }).from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(conversations.externalUserid, externalUserid), eq(messages.msgtype, 'text'))).all()
    .map((r) => r.m).find((m) => messageText(m.msgtype, m.content) === text),
  { what: `stored message "${text}"` });
}

export async function api(p: TestProduct, method: string, path: string, opts: { cookie?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...sameOrigin(p.url), ...(opts.headers ?? {}) };
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${p.url}${path}`, { method, headers, body: opts.json !== undefined ? JSON.stringify(opts.json) : opts.body ?? null });
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: body as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
