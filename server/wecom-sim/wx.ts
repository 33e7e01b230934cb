/**
 * @module WeCom-style answers: the errcode table, `WxError` (thrown by handlers, mapped to
 * `{errcode, errmsg}` with HTTP 200 as WeCom does) and body/query readers that turn malformed JSON
 * into 47001 and missing or invalid fields into 40058.
 */
import type { Context } from 'hono';
import type { z } from 'zod';

export const ERRMSG: Record<number, string> = {
  [-1]: 'system is busy', 0: 'ok', 40001: 'invalid credential', 40013: 'invalid corpid',
  40014: 'invalid access_token', 40029: 'invalid code', 40056: 'invalid agentid', 40058: 'invalid parameter', 40096: 'invalid external userid',
  41001: 'access_token missing', 41002: 'corpid missing', 41004: 'corpsecret missing', 42001: 'access_token expired', 45009: 'api freq out of limit',
  45033: 'api concurrent out of limit', 47001: 'data format error', 48002: 'api forbidden',
  60011: 'no privilege to access/modify contact/party/agent', 60111: 'userid not found', 60123: 'invalid party id',
  84061: 'not external contact', 95000: 'invalid open_kfid', 95001: 'send msg count limit',
  95002: 'send msg time limit', 95004: 'open_kfid not exist', 95007: 'invalid msg token',
  95008: 'too many menu items', 95009: 'invalid menu item type', 95013: 'session already ended', 95014: 'not a servicer',
  95016: 'invalid service state transfer', 95018: 'service state not allowed to send msg',
  95019: 'servicer is not in receiving status', 95015: 'reception is configured in the admin console',
  95017: 'api switch is off under basic app permission', 60020: 'not allow to access from your ip',
  81013: 'user & party & tag all invalid',
};

export function errmsg(errcode: number, detail?: string): string {
  if (errcode === 0) return 'ok';
  const base = ERRMSG[errcode] ?? 'error';
  const hint = detail ? `${base}: ${detail}` : base;
  return `${hint}, hint: [sim-${errcode}], more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

export class WxError extends Error {
  constructor(readonly errcode: number, readonly detail?: string) {
    super(errmsg(errcode, detail));
  }
}

export function wxBody(errcode: number, detail?: string): { errcode: number; errmsg: string } {
  return { errcode, errmsg: errmsg(errcode, detail) };
}

/** A success answer: errcode 0 first, as WeCom orders it. */
export function ok<T extends Record<string, unknown>>(c: Context, data?: T): Response {
  return c.json({ errcode: 0, errmsg: 'ok', ...(data ?? {}) });
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const raw = await c.req.text();
  let data: unknown;
  try {
    data = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new WxError(47001, 'body is not JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new WxError(47001, 'body is not a JSON object');
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new WxError(40058, firstIssue(parsed.error));
  return parsed.data;
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new WxError(40058, firstIssue(parsed.error));
  return parsed.data;
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
