/**
 * @module `createSimulator(options)`: the simulated WeCom as a Hono app — `/cgi-bin/*` (call counting,
 * faults, access_token guard, the API routes), the OAuth page and the `/sim/` control API.
 */
import { Hono } from 'hono';
import { CallbackEmitter } from './callbacks';
import { makeContext, type SimContext } from './context';
import { createControl, SimError, type SimControl } from './control';
import { apiPath, faultMiddleware, Faults } from './faults';
import { oauthRoutes } from './oauth';
import { permissionGuard } from './permissions';
import { resolveOptions, type ResolvedOptions, type SimOptions } from './options';
import { contactRoutes } from './routes/contact';
import { kfRoutes } from './routes/kf';
import { miscRoutes } from './routes/misc';
import { sendRoutes } from './routes/send';
import { sessionRoutes } from './routes/session';
import { simRoutes } from './routes/sim';
import { tokenGuard, tokenRoutes } from './routes/token';
import { createState, type SimState } from './state';
import { wxBody, WxError } from './wx';

export interface Simulator {
  app: Hono;
  state: SimState;
  control: SimControl;
  options: ResolvedOptions;
}

export function createSimulator(input: SimOptions = {}): Simulator {
  const options = resolveOptions(input);
  const state = createState(options);
  const faults = new Faults(options.randomSeed);
  const base = makeContext(options, state, faults);
  const ctx: SimContext = { ...base, callbacks: new CallbackEmitter(base) };
  const control = createControl(ctx);

  const api = new Hono();
  api.use('*', async function countCall(c, next) {
    const path = apiPath(c.req.path);
    state.callCounts[path] = (state.callCounts[path] ?? 0) + 1;
    await next();
  });
  api.use('*', faultMiddleware(faults));
  api.use('*', tokenGuard(ctx));
  api.use('*', permissionGuard(ctx));
  api.route('/', tokenRoutes(ctx));
  api.route('/', kfRoutes(ctx));
  api.route('/', sendRoutes(ctx));
  api.route('/', sessionRoutes(ctx));
  api.route('/', contactRoutes(ctx));
  api.route('/', miscRoutes(ctx));

  const app = new Hono();
  app.route('/cgi-bin', api);
  app.route('/', oauthRoutes(ctx));
  app.route('/sim', simRoutes(control));
  app.get('/', (c) => c.json({ name: 'moonshift-wecom-sim', corpId: options.corpId, now: ctx.now() }));
  app.notFound((c) => c.req.path.startsWith('/cgi-bin/')
    ? c.json(wxBody(48002, `no such api ${apiPath(c.req.path)}`), 404)
    : c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    if (err instanceof WxError) return c.json(wxBody(err.errcode, err.detail));
    if (err instanceof SimError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    if (c.req.path.startsWith('/cgi-bin/')) return c.json(wxBody(-1, err instanceof Error ? err.message : String(err)));
    return c.json({ error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } }, 500);
  });
  return { app, state, control, options };
}
