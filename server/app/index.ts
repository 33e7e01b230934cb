/**
 * @module `createApp(deps)`: the whole HTTP surface as one Hono app built from injected dependencies.
 * One sub-app per surface, mounted with `app.route()`; `AppType` types the web client. Every route is
 * authorised by its line in `access/route-table.ts`, enforced before any route runs.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { CoreDeps } from './deps';
import { accessLog } from '../http/access-log';
import { errorHandler, notFound } from '../http/errors';
import { securityHeaders } from '../http/security-headers';
import { enforceRoutePolicies } from '../http/access/enforce';
import { ROUTE_POLICIES } from '../http/access/route-table';
import { agentRoutes } from '../http/routes/agents';
import { appointmentApiRoutes } from '../http/routes/appointments';
import { authRoutes } from '../http/routes/auth';
import { dutyAdminRoutes } from '../http/routes/admin-duty';
import { relayDiagnosticsRoutes } from '../http/routes/admin-relay-diagnostics';
import { callbackRoutes, type CallbackSink } from '../channels/wecom-kf/callback-route';
import { adminFaqRoutes } from '../http/routes/admin/faq';
import { conversationLinkRoutes } from '../http/routes/conversation-link';
import { pageRoutes, type PageDeps } from '../http/routes/pages';
import { sidebarRoutes } from '../http/routes/sidebar';
import { staticPages } from '../http/routes/static';
import { sidebarFirstData } from '../http/routes/sidebar-first-data';
import { adminAccessRoutes } from '../http/routes/admin/access';
import { adminAuditRoutes } from '../http/routes/admin/audit';
import { adminDirectoryRoutes } from '../http/routes/admin/directory';
import { adminDashboardRoutes } from '../http/routes/admin/dashboard';
import { adminForecastRoutes } from '../http/routes/admin/forecast';
import { adminDiagnosticsRoutes } from '../http/routes/admin/diagnostics';
import type { SetupCheck } from '../core/doctor/setup-check';
import { adminRuleRoutes } from '../http/routes/admin/rules';
import { adminTemplateRoutes } from '../http/routes/admin/templates';
import { adminCalendarRoutes } from '../http/routes/admin/calendar';
import type { IntentLearning } from '../core/intent/index';
import { adminIntentRoutes } from '../http/routes/intent-admin';
import { sidebarIntentRoutes } from '../http/routes/intent-sidebar';

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
export type { DemoApiType, DemoStreamEvents } from '../http/routes/demo';
export type { SidebarStreamEvents } from '../http/routes/sidebar';
export type { ErrorBody } from '../http/errors';
