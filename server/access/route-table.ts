/**
 * @module THE authorisation table: every route of the app, one line each — who may call it, which IDs it
 * names (checked against what the caller may see: no enumeration), and the body it takes. Enforced in one
 * place (`enforceRoutePolicies`, mounted first in `createApp`); a route missing here answers 404 (deny by
 * default) and fails `test/security/routes.test.ts`, which names it. Adding a route = adding its line here.
 *
 * The model: an admin sees and changes everything; an agent sees the customers, conversations, decisions,
 * appointments and form links of the 微信客服 accounts they serve (plus their own appointments, status and
 * quick replies); the holder of a duty manager's deep link (`?link=`) reads that one conversation; customers
 * reach only their signed form link and the public pages; WeCom reaches only the signed callback.
 */
import { CALLBACK_BODY_LIMIT } from '../routes/callback';
import { EVALUATE_MAX_BYTES } from '../intent/routes-admin';
import {
  KiB, MiB, admin, adminPage, agent, anyBody, anyone, customer, demo, form, json, linkOnly, wecom, xml, type RoutePolicy,
} from './policy';

const CUSTOMER = { customer: 'query:externalUserid' } as const;

export const ROUTE_POLICIES: Readonly<Record<string, RoutePolicy>> = {
  // health, WeCom, sign-in
  'GET /healthz': anyone(),
  'GET /wecom/callback': wecom(),
  'POST /wecom/callback': wecom(xml(CALLBACK_BODY_LIMIT)),
  'GET /auth/login': anyone(),
  'GET /auth/callback': anyone(),
  'GET /auth/me': agent(),
  'POST /auth/logout': anyone(),
  'ALL /auth/*': anyone(),

  // customers' pages and the web build
  'GET /w/:slug': anyone(),
  'GET /f/:token': customer(),
  'POST /f/:token': customer(form(16 * KiB)),
  'GET /': anyone(),
  'ALL /assets/*': anyone(),
  'GET /demo': anyone(),
  'GET /sidebar': anyone(),
  'GET /sidebar/': anyone(),
  'GET /admin': adminPage(),
  'GET /admin/': adminPage(),

  // the agents' sidebar
  'GET /api/sidebar/context': agent({ scope: CUSTOMER, link: true }),
  'GET /api/sidebar/me/status': agent(),
  'PUT /api/sidebar/me/status': agent(json()),
  'GET /api/sidebar/me/history': agent(),
  'GET /api/sidebar/duty': agent(),
  'GET /api/sidebar/quick-replies': agent({ scope: CUSTOMER }),
  'POST /api/sidebar/faq/:id/sent': agent({ scope: CUSTOMER }),
  'PUT /api/sidebar/dedicated-manager': agent({ scope: CUSTOMER, body: json() }),
  'POST /api/sidebar/quick-replies': agent(json(64 * KiB)),
  'PUT /api/sidebar/quick-replies/:id': agent(json(64 * KiB)),
  'DELETE /api/sidebar/quick-replies/:id': agent(),
  'GET /api/sidebar/decisions': agent({ scope: { conversation: 'query:conversationId' }, link: true }),
  'GET /api/sidebar/jssdk/config': agent(),
  'GET /api/sidebar/stream': agent({ scope: CUSTOMER }),
  'GET /api/sidebar/appointments': agent({ scope: CUSTOMER }),
  'POST /api/sidebar/messages/:msgid/intent': agent({ scope: { message: 'param:msgid' }, body: json() }),
  'GET /api/sidebar/link': linkOnly(),

  // admin API
  'GET /api/admin/appointments': admin(),
  'GET /api/admin/admins': admin(),
  'POST /api/admin/admins': admin(json()),
  'DELETE /api/admin/admins/:userid': admin(),
  'GET /api/admin/audit': admin(),
  'GET /api/admin/directory': admin(),
  'GET /api/admin/catalogue': admin(),
  'GET /api/admin/rule-sets': admin(),
  'POST /api/admin/rule-sets': admin(json(MiB)),
  'POST /api/admin/rule-sets/rollback': admin(json()),
  'POST /api/admin/rule-sets/test': admin(json(MiB)),
  'GET /api/admin/rule-sets/:version': admin(),
  'POST /api/admin/rule-sets/:version/publish': admin(),
  'GET /api/admin/conversations/:id/decisions': admin(),
  'PUT /api/admin/conversations/:id/dedicated-manager': admin(json()),
  'GET /api/admin/calendar': admin(),
  'PUT /api/admin/calendar': admin(json(256 * KiB)),
  'DELETE /api/admin/calendar': admin(),
  'GET /api/admin/calendar/year/:year': admin(),
  'POST /api/admin/calendar/import': admin(json(4 * MiB)),
  'GET /api/admin/calendar/preview': admin(),
  'GET /api/admin/settings/org': admin(),
  'PUT /api/admin/settings/org': admin(json()),
  'GET /api/admin/faq': admin(),
  'GET /api/admin/faq/usage': admin(),
  'POST /api/admin/faq': admin(json(64 * KiB)),
  'PUT /api/admin/faq/:id': admin(json(64 * KiB)),
  'DELETE /api/admin/faq/:id': admin(),
  'GET /api/admin/templates': admin(),
  'PUT /api/admin/templates/:id': admin(json(256 * KiB)),
  'DELETE /api/admin/templates/:id': admin(),
  'POST /api/admin/templates/preview': admin(json(256 * KiB)),
  'GET /api/admin/dashboard/status-switches': admin(),
  'GET /api/admin/dashboard/response-vs-switches': admin(),
  'GET /api/admin/dashboard/heatmap': admin(),
  'GET /api/admin/dashboard/auto-replies': admin(),
  'GET /api/admin/dashboard/suggestion': admin(),
  'POST /api/admin/dashboard/suggestion/accept': admin(json()),
  'GET /api/admin/diagnostics/warnings': admin(),
  'GET /api/admin/forecast': admin(),
  'GET /api/admin/forecast/backtest': admin(),
  'GET /api/admin/forecast/settings': admin(),
  'PUT /api/admin/forecast/settings': admin(json()),
  'GET /api/admin/diagnostics/status-sync': admin(),
  'GET /api/admin/diagnostics/callbacks': admin(),
  'GET /api/admin/diagnostics/callbacks/cursors': admin(),
  'GET /api/admin/diagnostics/outbox-failures': admin(),
  'GET /api/admin/diagnostics/probes': admin(),
  'GET /api/admin/diagnostics/relays': admin(),
  'GET /api/admin/diagnostics/wecom-sync': admin(),
  'GET /api/admin/diagnostics/setup': admin(),
  'POST /api/admin/diagnostics/setup/run': admin(),
  'GET /api/admin/duty': admin(),
  'POST /api/admin/duty/groups': admin(json()),
  'PATCH /api/admin/duty/groups/:id': admin(json()),
  'PUT /api/admin/duty/groups/:id/posts': admin(json()),
  'PUT /api/admin/duty/groups/:id/rotation': admin(json()),
  'PUT /api/admin/duty/groups/:id/manager': admin(json()),
  'DELETE /api/admin/duty/groups/:id': admin(),
  'POST /api/admin/duty/channels': admin(json()),
  'PATCH /api/admin/duty/channels/:id': admin(json()),
  'DELETE /api/admin/duty/channels/:id': admin(),
  'GET /api/admin/duty/route': admin(),
  'PUT /api/admin/duty/route': admin(json()),
  'PUT /api/admin/duty/settings': admin(json()),
  'GET /api/admin/intents': admin(),
  'POST /api/admin/intents': admin(json(4 * MiB)),
  'GET /api/admin/intents/corrections': admin(),
  'GET /api/admin/intents/keywords': admin(),
  'GET /api/admin/intents/keywords/impact': admin(),
  'GET /api/admin/intents/suggestions': admin(),
  'POST /api/admin/intents/suggestions/mine': admin(json()),
  'POST /api/admin/intents/suggestions/:sid/accept': admin(json()),
  'POST /api/admin/intents/suggestions/:sid/reject': admin(),
  'POST /api/admin/intents/evaluate': admin(anyBody(EVALUATE_MAX_BYTES)),
  'GET /api/admin/intents/:id': admin(),
  'PATCH /api/admin/intents/:id': admin(json()),
  'DELETE /api/admin/intents/:id': admin(),
  'GET /api/admin/intents/:id/examples': admin(),
  'POST /api/admin/intents/:id/examples': admin(json(4 * MiB)),
  'DELETE /api/admin/intents/:id/examples/:exampleId': admin(),

  // demo mode only
  'GET /api/agents': demo(),
  'PUT /api/agents/:userid/status': demo(json()),
  'GET /demo/api/session': demo(),
  'GET /demo/api/clock': demo(),
  'POST /demo/api/clock': demo(json()),
  'POST /demo/api/customers/:externalUserid/messages': demo(json()),
  'POST /demo/api/customers/:externalUserid/agent-messages': demo(json()),
  'GET /demo/api/customers/:externalUserid/transcript': demo(),
  'GET /demo/api/customers/:externalUserid/stream': demo(),
};

/** Mounts that only run middleware and never answer themselves (so they need no line above). */
export const MIDDLEWARE_MOUNTS: readonly string[] = ['ALL /*', 'ALL /api/admin/duty/*'];
