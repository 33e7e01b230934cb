/**
 * @module `createApp(deps)`: the whole HTTP surface as one Hono app built from injected dependencies.
 * One sub-app per surface, mounted with `app.route()`; `AppType` types the web client. Every route is
 * authorised by its line in `access/route-table.ts`, enforced before any route runs.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { CoreDeps } from './deps';
import { accessLog } from './http/access-log';
import { errorHandler, notFound } from './http/errors';
import { securityHeaders } from './http/security-headers';
import { enforceRoutePolicies } from './access/enforce';
import { ROUTE_POLICIES } from './access/route-table';
import { agentRoutes } from './routes/agents';
import { appointmentApiRoutes } from './routes/appointments';
import { authRoutes } from './routes/auth';
import { dutyAdminRoutes } from './routes/admin-duty';
import { relayDiagnosticsRoutes } from './routes/admin-relay-diagnostics';
import { callbackRoutes, type CallbackSink } from './routes/callback';
import { adminFaqRoutes } from './routes/admin/faq';
import { conversationLinkRoutes } from './routes/conversation-link';
import { pageRoutes, type PageDeps } from './routes/pages';
import { sidebarRoutes } from './routes/sidebar';
import { staticPages } from './routes/static';
import { sidebarFirstData } from './routes/sidebar-first-data';
import { adminAccessRoutes } from './routes/admin/access';
import { adminAuditRoutes } from './routes/admin/audit';
import { adminDirectoryRoutes } from './routes/admin/directory';
import { adminDashboardRoutes } from './routes/admin/dashboard';
import { adminForecastRoutes } from './routes/admin/forecast';
import { adminDiagnosticsRoutes } from './routes/admin/diagnostics';
import type { SetupCheck } from './doctor/setup-check';
import { adminRuleRoutes } from './routes/admin/rules';
import { adminTemplateRoutes } from './routes/admin/templates';
import { adminCalendarRoutes } from './routes/admin/calendar';
import { adminIntentRoutes, sidebarIntentRoutes, type IntentLearning } from './intent/index';

export interface AppDeps extends CoreDeps, Pick<PageDeps, 'profileSync' | 'outbox'> {
  inbound: CallbackSink;
  learning: IntentLearning;
  /** The setup check the process entry runs in the background at start (live mode); made on demand when absent. */
  setupCheck?: SetupCheck;
  /** Extra sub-apps mounted by the process entry (e.g. the demo API, which needs the simulator). */
  extraRoutes?: { path: string; app: Hono }[];
}

export function createApp(deps: AppDeps) {
  const app = new Hono()
    .use(requestId())
    .use(securityHeaders(deps.config))
    .use(accessLog(deps.log, (c) => c.req.method === 'POST' && c.req.path === '/wecom/callback'))
    .use(enforceRoutePolicies(deps, ROUTE_POLICIES))
    .get('/healthz', async (c) => {
      await deps.shared.uow.read(({ db, t }) => db.select({ one: t.appSettings.key }).from(t.appSettings).limit(1)); // the database answers
      return c.json({ ok: true, mode: deps.config.mode, time: new Date(deps.clock.now()).toISOString() });
    })
    .route('/wecom/callback', callbackRoutes(deps, deps.inbound))
    .route('/auth', authRoutes(deps))
    .route('/api/agents', agentRoutes(deps))
    .route('/api/sidebar/messages', sidebarIntentRoutes(deps))
    .route('/api/admin/intents', adminIntentRoutes(deps))
    .route('/api/admin/admins', adminAccessRoutes(deps))
    .route('/api/admin/audit', adminAuditRoutes(deps))
    .route('/api/admin/directory', adminDirectoryRoutes(deps))
    .route('/api/admin/diagnostics', adminDiagnosticsRoutes(deps))
    .route('/api/admin/dashboard', adminDashboardRoutes(deps))
    .route('/api/admin/forecast', adminForecastRoutes(deps))
    .route('/api/admin/templates', adminTemplateRoutes(deps))
    .route('/api/admin/faq', adminFaqRoutes(deps))
    .route('/api/admin', adminRuleRoutes(deps))
    .route('/api/admin', adminCalendarRoutes(deps))
    .route('/', pageRoutes(deps))
    .route('/', appointmentApiRoutes(deps))
    .route('/api/sidebar/link', conversationLinkRoutes(deps))
    .route('/api/sidebar', sidebarRoutes(deps))
    .route('/api/admin/duty', dutyAdminRoutes(deps))
    .route('/api/admin/diagnostics', relayDiagnosticsRoutes(deps));
  for (const extra of deps.extraRoutes ?? []) app.route(extra.path, extra.app);
  const firstData = sidebarFirstData((path, init, env) => app.request(path, init, env));
  app.route('/', staticPages(deps.config.webDist, { '/sidebar': firstData, '/sidebar/': firstData }));
  app.onError(errorHandler(deps.log));
  app.notFound(notFound);
  return app;
}

/** The whole HTTP surface's types, for the web's typed client (`hc<AppType>`); the web imports only these types. */
export type AppType = ReturnType<typeof createApp>;
export type { DemoApiType, DemoStreamEvents } from './routes/demo';
export type { SidebarStreamEvents } from './routes/sidebar';
export type { ErrorBody } from './http/errors';
