/**
 * @module `kf/service_state/get` and `kf/service_state/trans` (states 0–4, legal moves → 95016,
 * to 3 needs a 接待中 servicer → 95019 / 95014, ended → 95013, msg_code on entering 2/3 first and 4).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ServiceState } from '../../../shared/domain/vocabulary';
import type { SimContext } from '../context';
import { currentState, moveSession } from '../sessions';
import { getPair } from '../state';
import { ok, readJson, WxError } from '../wx';
import { findAccount } from './kf';

const Target = z.object({ open_kfid: z.unknown().optional(), external_userid: z.string().min(1) }).loose();

export function sessionRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { state } = ctx;

  app.post('/kf/service_state/get', async (c) => {
    const body = await readJson(c, Target);
    const account = findAccount(ctx, body.open_kfid);
    if (!state.customers.has(body.external_userid)) throw new WxError(40096);
    const s = currentState(ctx, getPair(state, account.open_kfid, body.external_userid));
    return ok(c, { service_state: s.state, servicer_userid: s.servicer_userid });
  });

  app.post('/kf/service_state/trans', async (c) => {
    const body = await readJson(c, Target.extend({
      service_state: z.number().int().min(0).max(4),
      servicer_userid: z.string().optional(),
    }));
    const account = findAccount(ctx, body.open_kfid);
    if (!state.customers.has(body.external_userid)) throw new WxError(40096);
    const pair = getPair(state, account.open_kfid, body.external_userid);
    const msg_code = moveSession(ctx, account, pair, body.service_state as ServiceState, body.servicer_userid);
    return ok(c, msg_code ? { msg_code } : {});
  });

  return app;
}
