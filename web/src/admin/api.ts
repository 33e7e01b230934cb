/**
 * @module The admin page's calls (`/api/admin/*`) over the typed client, the types of their answers
 * (inferred from the server's routes), and the CSV download links of the table endpoints. Non-2xx answers
 * become the one `ApiError` (with the server's validation `issues`). Components never call `fetch`.
 */
import type { InferRequestType } from 'hono/client';
import { call, revive, seg, server, type OkOf } from '../common/api/client';
import type { Template } from '../../../shared/templates/model';
import type { CalendarConfig } from '../../../shared/calendar/schema';
import type { catalogueForForm } from '../../../shared/engine/catalogue';
import type { Rule, RuleSet } from '../../../shared/engine/types';

export type { AgentStatus } from '../../../shared/domain/vocabulary';
export type { Rule, RuleSet, Template, CalendarConfig };

const admin = server.api.admin;
const rules = admin['rule-sets'];
const cal = admin.calendar;
const intent = admin.intents[':id'];
const suggestion = admin.intents.suggestions[':sid'];
const duty = admin.duty;
const diag = admin.diagnostics;
const dash = admin.dashboard;
const fc = admin.forecast;
const faq = admin.faq;

export type Days = 7 | 30 | 90;
/** The audit log's filters: dates (YYYY-MM-DD, org calendar), a person's userid, a kind of change (first word of the action). */
export interface AuditFilter { from?: string; to?: string; actor?: string; kind?: string }
const days = (d: Days) => String(d) as `${Days}`;
/** `team`: a 微信客服 account with its own calendar; absent: the organisation's. */
const team = (t: string | undefined) => ({ team: t || undefined });

export const adminApi = {
  // rules
  catalogue: async () => revive<Catalogue>(await call(admin.catalogue.$get())),
  ruleSets: () => call(rules.$get()),
  ruleSet: async (version: string) => {
    const r = await call(rules[':version'].$get({ param: { version: seg(version) } }));
    return { ...r, body: revive<RuleSet>(r.body) };
  },
  createRuleSet: (body: { rules: Rule[]; settings?: RuleSet['settings'] }, note?: string) => call(rules.$post({ json: { body, note } })),
  publish: (version: string) => call(rules[':version'].publish.$post({ param: { version: seg(version) } })),
  /** Re-publishes `version` (an earlier published one), or without it the version active before the current one. */
  rollback: (version?: string) => call(rules.rollback.$post({ json: { version } })),
  testRule: (input: RuleTestInput) => call(rules.test.$post({ json: input })),
  // templates
  templates: () => call(admin.templates.$get()),
  saveTemplate: (t: Template) => call(admin.templates[':id'].$put({ param: { id: seg(t.id) }, json: t })),
  deleteTemplate: (id: string) => call(admin.templates[':id'].$delete({ param: { id: seg(id) } })),
  previewTemplate: (template: Template) => call(admin.templates.preview.$post({ json: { template } })),
  // calendar
  calendar: (t?: string) => call(cal.$get({ query: team(t) })),
  saveCalendar: (config: CalendarConfig, t?: string) => call(cal.$put({ query: team(t), json: { config } })),
  resetTeamCalendar: (t: string) => call(cal.$delete({ query: { team: t } })),
  year: (year: number, t?: string) => call(cal.year[':year'].$get({ param: { year: String(year) }, query: team(t) })),
  importCalendar: (format: 'csv' | 'ics', content: string, t?: string) => call(cal.import.$post({ query: team(t), json: { format, content } })),
  calendarPreview: (at: string, t?: string) => call(cal.preview.$get({ query: { at, ...team(t) } })),
  // settings
  org: () => call(admin.settings.org.$get()),
  saveOrg: (v: OrgInput) => call(admin.settings.org.$put({ json: v })),
  admins: () => call(admin.admins.$get()),
  grantAdmin: (userid: string) => call(admin.admins.$post({ json: { userid } })),
  revokeAdmin: (userid: string) => call(admin.admins[':userid'].$delete({ param: { userid: seg(userid) } })),
  audit: (q: AuditFilter & { limit: number; offset: number }) => call(admin.audit.$get({ query: {
    limit: String(q.limit), offset: String(q.offset), kind: q.kind || undefined, actor: q.actor || undefined, from: q.from || undefined, to: q.to || undefined,
  } })),
  /** Names for ids: agents, 微信客服 accounts, rule-set version numbers. */
  directory: () => call(admin.directory.$get()),
  // intents
  intents: () => call(admin.intents.$get()),
  /** A new intent (id generated), seeded with example texts, e.g. the message an agent had no intent to correct to. */
  createIntent: (labelZh: string, labelEn: string, examples: string[]) => call(admin.intents.$post({ json: {
    id: `custom_${Date.now().toString(36)}`, labelZh, labelEn, examples: examples.map((text) => ({ text })),
  } })),
  examples: (id: IntentId) => call(intent.examples.$get({ param: { id } })),
  addExample: (id: IntentId, text: string) => call(intent.examples.$post({ param: { id }, json: { examples: [{ text }] } })),
  removeExample: (id: IntentId, exampleId: number) =>
    call(intent.examples[':exampleId'].$delete({ param: { id, exampleId: String(exampleId) } })),
  corrections: () => call(admin.intents.corrections.$get({ query: { limit: '200' } })),
  suggestions: () => call(admin.intents.suggestions.$get({ query: { status: 'pending' } })),
  mineSuggestions: () => call(admin.intents.suggestions.mine.$post({ json: {} })),
  acceptSuggestion: (id: number) => call(suggestion.accept.$post({ param: { sid: String(id) }, json: {} })),
  rejectSuggestion: (id: number) => call(suggestion.reject.$post({ param: { sid: String(id) } })),
  keywordImpacts: () => call(admin.intents.keywords.impact.$get()),
  /** The route also takes uploads (multipart, CSV, JSONL), so it declares no JSON body type: we send `{ content, format, name }`. */
  evaluate: (content: string, format: 'csv' | 'jsonl', name?: string) => call(admin.intents.evaluate.$post(undefined, {
    init: { body: JSON.stringify({ content, format, name }), headers: { 'content-type': 'application/json' } },
  })),
  // duty (relay)
  duty: () => call(duty.$get()),
  createGroup: (g: GroupInput) => call(duty.groups.$post({ json: g })),
  patchGroup: (id: number, g: GroupPatch) => call(duty.groups[':id'].$patch({ param: { id: String(id) }, json: g })),
  deleteGroup: (id: number) => call(duty.groups[':id'].$delete({ param: { id: String(id) } })),
  createChannel: (ch: ChannelInput) => call(duty.channels.$post({ json: ch })),
  patchChannel: (id: number, ch: ChannelPatch) => call(duty.channels[':id'].$patch({ param: { id: String(id) }, json: ch })),
  deleteChannel: (id: number) => call(duty.channels[':id'].$delete({ param: { id: String(id) } })),
  setRoute: (active: 'main' | 'backup') => call(duty.route.$put({ json: { active } })),
  saveDutySettings: (s: DutySettingsInput) => call(duty.settings.$put({ json: s })),
  // FAQ knowledge
  faq: () => call(faq.$get({ query: { openKfid: 'all' } })),
  faqUsage: (d: Days) => call(faq.usage.$get({ query: { days: days(d) } })),
  createFaq: (e: FaqInput) => call(faq.$post({ json: e })),
  updateFaq: (id: number, e: FaqInput) => call(faq[':id'].$put({ param: { id: String(id) }, json: e })),
  deleteFaq: (id: number) => call(faq[':id'].$delete({ param: { id: String(id) } })),
  // diagnostics
  setupWarnings: () => call(diag.warnings.$get()),
  statusSync: () => call(diag['status-sync'].$get()),
  callbacks: () => call(diag.callbacks.$get()),
  outboxFailures: () => call(diag['outbox-failures'].$get()),
  probes: () => call(diag.probes.$get()),
  wecomSync: () => call(diag['wecom-sync'].$get()),
  relays: () => call(diag.relays.$get({ query: {} })),
  setupCheck: () => call(diag.setup.$get()),
  runSetupCheck: () => call(diag.setup.run.$post()),
  conversationDecisions: (id: number, lang: 'zh' | 'en') =>
    call(admin.conversations[':id'].decisions.$get({ param: { id: String(id) }, query: { lang } })),
  // dashboard
  switches: (d: Days) => call(dash['status-switches'].$get({ query: { days: days(d) } })),
  responses: (d: Days) => call(dash['response-vs-switches'].$get({ query: { days: days(d) } })),
  heatmap: (d: Days) => call(dash.heatmap.$get({ query: { days: days(d) } })),
  autoReplies: (d: Days) => call(dash['auto-replies'].$get({ query: { days: days(d) } })),
  suggestion: (d: Days, percent: number) => call(dash.suggestion.$get({ query: { days: days(d), percent: String(percent) } })),
  acceptSuggestion2: (hours: number[], percent: number) => call(dash.suggestion.accept.$post({ json: { hours, percent } })),
  // load forecast
  forecast: (t: string | undefined, lang: 'zh' | 'en') => call(fc.$get({ query: { ...team(t), lang, days: '14' } })),
  forecastSettings: () => call(fc.settings.$get()),
  saveForecastSettings: (patch: ForecastSettingsPatch) => call(fc.settings.$put({ json: patch })),
};

/** The CSV download of a table endpoint (the same rows as its JSON). */
const csv = (path: string) => `${path}${path.includes('?') ? '&' : '?'}format=csv`;
export const csvLinks = {
  statusSync: () => csv(diag['status-sync'].$path()),
  callbacks: () => csv(diag.callbacks.$path()),
  outboxFailures: () => csv(diag['outbox-failures'].$path()),
  probes: () => csv(diag.probes.$path()),
  admins: () => csv(admin.admins.$path()),
  audit: () => csv(admin.audit.$path({ query: { limit: '5000' } })),
  heatmap: (d: Days) => csv(dash.heatmap.$path({ query: { days: days(d) } })),
  switches: (d: Days) => csv(dash['status-switches'].$path({ query: { days: days(d) } })),
  responses: (d: Days) => csv(dash['response-vs-switches'].$path({ query: { days: days(d) } })),
  autoReplies: (d: Days) => csv(dash['auto-replies'].$path({ query: { days: days(d) } })),
  forecast: (t?: string) => csv(fc.$path({ query: { days: '14', ...team(t) } })),
};

type Input<F extends (...args: never[]) => unknown> = InferRequestType<F>;
export type RuleTestInput = Input<typeof rules.test.$post>['json'];
export type OrgInput = Input<typeof admin.settings.org.$put>['json'];
export type IntentId = Input<typeof intent.examples.$get>['param']['id'];
export type GroupInput = Input<typeof duty.groups.$post>['json'];
export type GroupPatch = Input<(typeof duty.groups)[':id']['$patch']>['json'];
export type ChannelInput = Input<typeof duty.channels.$post>['json'];
export type ChannelPatch = Input<(typeof duty.channels)[':id']['$patch']>['json'];
export type FaqInput = Input<typeof faq.$post>['json'];
export type DutySettingsInput = Input<typeof duty.settings.$put>['json'];
export type ForecastSettingsPatch = Input<typeof fc.settings.$put>['json'];

/** The catalogue of conditions and actions with their params' JSON Schema (recursive, hence `revive`). */
export type Catalogue = ReturnType<typeof catalogueForForm>;
export type RuleSetSummary = OkOf<typeof rules.$get>['ruleSets'][number];
export type RuleTestResult = OkOf<typeof rules.test.$post>;
export type CalendarTeam = OkOf<typeof cal.$get>['teams'][number];
/** A setup problem no API call shows (e.g. next year's statutory holidays unknown), worded in both languages. */
export type SetupWarning = OkOf<typeof diag.warnings.$get>['warnings'][number];
/** The same, for the calendar being edited. */
export type CalendarWarning = OkOf<typeof cal.$get>['warnings'][number];
export type CalendarPreview = OkOf<typeof cal.preview.$get>;
export type DutyState = OkOf<typeof duty.$get>;
export type DutyGroup = DutyState['groups'][number];
export type DutyChannel = DutyState['channels'][number];
export type FaqEntry = OkOf<typeof faq.$get>['items'][number];
export type FaqUsage = OkOf<typeof faq.usage.$get>;
export type Heatmap = OkOf<typeof dash.heatmap.$get>;
export type ForecastView = OkOf<typeof fc.$get>;
export type ForecastRow = ForecastView['hours'][number];
export type ForecastActual = ForecastView['actuals'][number];
export type ForecastSettingsView = OkOf<typeof fc.settings.$get>;
export type EvalReport = OkOf<typeof admin.intents.evaluate.$post>;
export type Directory = OkOf<typeof admin.directory.$get>;
export type AuditEntry = OkOf<typeof admin.audit.$get>['entries'][number];
export type TemplateVariable = OkOf<typeof admin.templates.$get>['variables'][number];

/** Plain text of a rendered WeCom body (text, or a menu's head, items and tail). */
export function bodyText(b: { text?: { content: string }; msgmenu?: { head_content?: string; list: { click?: { content: string }; view?: { content: string }; miniprogram?: { content: string } }[]; tail_content?: string } }): string {
  if (b.text) return b.text.content;
  const m = b.msgmenu;
  if (!m) return '';
  return [m.head_content, ...m.list.map((i) => `[${i.click?.content ?? i.view?.content ?? i.miniprogram?.content ?? ''}]`), m.tail_content].filter(Boolean).join('\n');
}
