/**
 * @module The `/sim/` control API over HTTP: JSON in, JSON out, zod-validated; errors are
 * `{ error: { code, message } }` with 400 (bad input), 404 (unknown thing) or 409 (not possible now).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import * as S from '../control-schemas';
import { SimError, type SimControl } from '../control';

async function input<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let data: unknown = {};
  const raw = await c.req.text();
  if (raw.trim() !== '') {
    try {
      data = JSON.parse(raw);
    } catch {
      throw new SimError(400, 'bad_json', 'body is not valid JSON');
    }
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new SimError(400, 'bad_input', z.prettifyError(parsed.error));
  return parsed.data;
}

function query<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new SimError(400, 'bad_input', z.prettifyError(parsed.error));
  return parsed.data;
}

export function simRoutes(control: SimControl): Hono {
  return new Hono()
    .post('/customer/send', async (c) => c.json(control.customerSend(await input(c, S.CustomerSend))))
    .post('/customer/enter', async (c) => c.json(control.customerEnter(await input(c, S.CustomerEnter))))
    .get('/customer/inbox', (c) => c.json({ items: control.inbox(query(c, S.InboxQuery)) }))
    .get('/customer/inboxes', (c) => c.json({ items: control.allInboxes() }))
    .post('/customer/inbox/wait', async (c) => c.json(await control.waitInbox(await input(c, S.InboxWait))))
    .post('/customer/recall', async (c) => c.json(control.customerRecall(await input(c, S.CustomerRecall))))
    .post('/agent/recall', async (c) => c.json(control.agentRecall(await input(c, S.AgentRecall))))
    .post('/agent/reply', async (c) => c.json(control.agentReply(await input(c, S.AgentReply))))
    .post('/agent/session', async (c) => c.json(control.agentSession(await input(c, S.AgentSession))))
    .post('/servicer/status', async (c) => c.json(control.setServicerStatus(await input(c, S.ServicerStatus))))
    .post('/checkin', async (c) => c.json(control.recordCheckin(await input(c, S.CheckinInput))))
    .post('/oauth/code', async (c) => c.json(control.mintOauthCode(await input(c, S.OauthCode))))
    .post('/contact-way/scan', async (c) => c.json(control.scanContactWay(await input(c, S.ContactWayScan))))
    .post('/faults', async (c) => c.json(control.setFaults(await input(c, S.FaultsInput))))
    .delete('/faults', (c) => {
      control.clearFaults();
      return c.json({ ok: true });
    })
    .post('/clock', async (c) => c.json(await control.setClock(await input(c, S.ClockInput))))
    .post('/callback', async (c) => c.json(control.setCallback(await input(c, S.CallbackConfig))))
    .post('/account/mode', async (c) => c.json(control.setApiMode(await input(c, S.AccountMode))))
    .post('/account/settings', async (c) => c.json(control.setAccountSettings(await input(c, S.AccountSettings))))
    .post('/corp', async (c) => c.json(control.setCorp(await input(c, S.CorpInput))))
    .post('/member', async (c) => c.json(control.setMember(await input(c, S.MemberInput))))
    .post('/verify-callback', async (c) => c.json(await control.verifyCallback((await input(c, S.VerifyCallback)).url)))
    .post('/callbacks/wait', async (c) => {
      await control.waitCallbacks();
      return c.json({ ok: true });
    })
    .get('/state', (c) => c.json(control.snapshot()))
    .post('/reset', async (c) => {
      await control.reset();
      return c.json({ ok: true });
    });
}
