/**
 * @module The admin page's one typed API client: every `/api/admin/*` and `/auth/me` call the admin stores make.
 * Non-2xx answers become `ApiError` (with the server's validation `issues`). Components never call `fetch`.
 */
import type { AgentStatus, CalendarWindow } from '../../../shared/domain/vocabulary';
import type { Rule, RuleSet, Trace, PlannedAction } from '../../../shared/engine/types';
import type { Template } from '../../../shared/templates/model';
import type { CalendarConfig } from '../../../shared/calendar/schema';

export type { AgentStatus, CalendarWindow, Rule, RuleSet, Trace, PlannedAction, Template, CalendarConfig };

export interface Issue { path: string; message: string }

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code: string, readonly issues: Issue[] = []) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method, credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(err instanceof Error ? err.message : String(err), 0, 'network');
  }
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; issues?: Issue[] } } | undefined)?.error ?? {};
    throw new ApiError(e.message ?? `${res.status} ${res.statusText}`, res.status, e.code ?? 'http', e.issues ?? []);
  }
  return data as T;
}

const enc = encodeURIComponent;
const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
/** The CSV download link of a table endpoint. */
export const csvUrl = (path: string) => `${path}${path.includes('?') ? '&' : '?'}format=csv`;

export interface Me { userid: string; name: string; isAdmin: boolean }

export interface CatalogueEntry { id: string; label: { zh: string; en: string }; group?: string; sends?: boolean; params: JsonSchema }
export interface JsonSchema {
  type?: string | string[]; enum?: unknown[]; items?: JsonSchema; properties?: Record<string, JsonSchema>; required?: string[];
  minimum?: number; maximum?: number; anyOf?: JsonSchema[]; const?: unknown; default?: unknown; description?: string;
}
export interface Catalogue { conditions: CatalogueEntry[]; actions: CatalogueEntry[]; groups: readonly string[] }
export interface RuleSetSummary { version: string; status: 'draft' | 'published' | 'archived'; note: string | null; createdAt: number; createdBy: string; publishedAt: number | null; publishedBy: string | null; active: boolean }
export interface RuleSetDetail extends RuleSetSummary { body: RuleSet }
export interface WecomMenu { head_content?: string; list: ({ type: string; click?: { content: string }; view?: { content: string; url: string } })[]; tail_content?: string }
/** Plain text of a rendered WeCom body (text, or a menu's head, items and tail). */
export function bodyText(b: { text?: { content: string }; msgmenu?: WecomMenu }): string {
  if (b.text) return b.text.content;
  const m = b.msgmenu;
  if (!m) return '';
  return [m.head_content, ...m.list.map((i) => `[${i.click?.content ?? i.view?.content ?? ''}]`), m.tail_content].filter(Boolean).join('\n');
}
export interface RuleTestInput { lang?: 'zh' | 'en'; version?: string; body?: { rules: Rule[]; settings?: RuleSet['settings'] }; text: string; at: string; agentStatus?: AgentStatus }
export interface RuleTestResult {
  intent: string; confidence: number; emotion: number; window: CalendarWindow; nextOpenAt: string | null; version: string;
  actions: PlannedAction[]; trace: Trace; explain: string[];
  replies: { kind: string; templateId: string; msgtype: string; text?: { content: string }; msgmenu?: WecomMenu }[];
}

export interface YearViewDay { date: string; weekday: number; dayKind: string; holidayName?: string; closed: boolean; hours: { start: string; end: string }[] }
export interface CalendarPreview { window: CalendarWindow; dayKind: string; holidayName: string | null; localDate: string; nextOpenAt: string | null; nextOpenText: string | null; span: { start: string; end: string | null } }

export interface IntentRow { id: string; labelZh: string; labelEn: string; description?: string | null; enabled: boolean; builtin: boolean; examples: number; keywords: string[] }
export interface Suggestion { id: number; intent: string; keyword: string; status: string; support?: number; precision?: number; [k: string]: unknown }

export interface DutyGroup { id: number; name: string; position: number; rotation: { kind: string; [k: string]: unknown }; primaryUserid: string | null; backupUserid: string | null; managerUserid: string | null; managerPhone: string | null; enabled: boolean }
export interface DutyChannel { id: number; role: 'main' | 'backup'; name: string; type: 'kf_link' | 'contact_way'; url: string | null; configId: string | null; groupId: number | null }
export interface DutyState {
  groups: DutyGroup[]; channels: DutyChannel[];
  now: { group: { name: string } | null; current: { userid: string; name: string } | null };
  route: { route: { active: 'main' | 'backup'; since: number | null; reason: string | null }; channel: DutyChannel | null }; settings: { escalation: Record<string, unknown>; relay: Record<string, unknown> } }

export interface AdminRow { userid: string; name: string | null; source: 'env' | 'grant'; grantedBy: string | null; grantedAt: number | null }
export interface AuditEntry { id: number; at: number; atIso: string; actor: string; action: string; target: string | null; before: string | null; after: string | null }

export interface SyncRow { userid: string; name: string; syncRate: number | null; agreeMinutes: number; disagreeMinutes: number; unknownMinutes: number; moonshiftChanges: number; wecomSignals: number; moonshiftNow: string; wecomNow: string }
/** A team is a 微信客服 account; `own` when it has its own calendar. */
export interface CalendarTeam { openKfid: string; name: string; own: boolean }
export interface CallbackHealth { lastMinute: number; lastHour: number; retriesSeen: number; ackMs: { samples: number; p50: number | null; p99: number | null; max: number | null }; lastReceivedAt: number | null; perHour: { hour: string; count: number }[]; cursors: { openKfid: string; lastPullStartedAt: number | null; lastPullOk: boolean | null; lastError: string | null; waiting: number }[]; pullFailures: number }
export interface OutboxFailure { errcode: number | null; kind: string; count: number; retrying: number; failed: number; lastErrmsg: string | null; lastAt: number }
export interface ProbeRow { id: number; msgid: string; conversationId: number; at: string; totalMs: number; version: string | null; actions: string; steps: { step: string; durationMs?: number }[] }

export type Days = 7 | 30 | 90;
export interface SwitchRow { date: string; userid: string; name: string; switches: number; outlier: boolean }
export interface ResponseRow { switches: string; conversations: number; responses: number; avgFirstResponseSec: number | null }
export interface Heatmap { cells: { weekday: number; hour: number; count: number }[]; holidayHours: number[]; holidayDates: { date: string; name: string }[]; total: number; timeZone: string }
export interface AutoReplyRow { template: string; window: string; count: number }
export interface Suggestion2 { hours: number[]; percent: number; current: { hours: number[]; percent: number; acceptedAt: number; acceptedBy: string } | null }

export interface ForecastRow { at: number; hour: string; expected: number; low: number; high: number; dayType: string; holidayName: string | null; why: string; needed: number; scheduled: number; open: boolean; shortfall: boolean }
export interface ForecastActual { at: number; hour: string; count: number; dayType: string; holidayName: string | null }
export interface ForecastView {
  team: string | null; teamName: string | null; timeZone: string; from: string; days: number; historyDays: number; historyMessages: number;
  hours: ForecastRow[]; actuals: ForecastActual[]; teams: { openKfid: string; name: string }[];
  staffing: { handle: { seconds: number; measured: boolean; samples: number }; targetAnswerSec: number; serviceLevel: number; assumption: { zh: string; en: string } };
}
export interface ForecastSettings { targetAnswerSec: number; serviceLevel: number; handleSec: number; autoSensitivity: boolean; sensitivityPercent: number; weeklySummary: boolean }
export interface ForecastSettingsView { settings: ForecastSettings; peaks: { source: 'forecast' | 'history'; computedAt: number; hours: string[]; hoursOfDay: number[] } | null }

export const adminApi = {
  me: () => request<Me>('GET', '/auth/me'),
  // rules
  catalogue: () => request<Catalogue>('GET', '/api/admin/catalogue'),
  ruleSets: () => request<{ ruleSets: RuleSetSummary[] }>('GET', '/api/admin/rule-sets'),
  ruleSet: (version: string) => request<RuleSetDetail>('GET', `/api/admin/rule-sets/${enc(version)}`),
  createRuleSet: (body: { rules: Rule[]; settings?: RuleSet['settings'] }, note?: string) =>
    request<{ version: string }>('POST', '/api/admin/rule-sets', { body, note }),
  publish: (version: string) => request<{ active: string }>('POST', `/api/admin/rule-sets/${enc(version)}/publish`),
  rollback: () => request<{ active: string }>('POST', '/api/admin/rule-sets/rollback'),
  testRule: (input: RuleTestInput) => request<RuleTestResult>('POST', '/api/admin/rule-sets/test', input),
  // templates
  templates: () => request<{ templates: Template[]; variables: { name: string; label?: { zh: string; en: string }; example?: string; [k: string]: unknown }[] }>('GET', '/api/admin/templates'),
  saveTemplate: (t: Template) => request<{ template: Template }>('PUT', `/api/admin/templates/${enc(t.id)}`, t),
  deleteTemplate: (id: string) => request<{ ok: true }>('DELETE', `/api/admin/templates/${enc(id)}`),
  previewTemplate: (template: Template) => request<{ rendered: { msgtype: string; text?: { content: string }; msgmenu?: WecomMenu } }>('POST', '/api/admin/templates/preview', { template }),
  // calendar
  calendar: (team?: string) => request<{ config: CalendarConfig; team: string | null; inherited: boolean; teams: CalendarTeam[] }>('GET', `/api/admin/calendar${qs({ team })}`),
  saveCalendar: (config: CalendarConfig, team?: string) => request<{ config: CalendarConfig }>('PUT', `/api/admin/calendar${qs({ team })}`, { config }),
  resetTeamCalendar: (team: string) => request<{ ok: true }>('DELETE', `/api/admin/calendar${qs({ team })}`),
  year: (year: number, team?: string) => request<{ year: number; statutoryKnown: boolean; importedCount: number; days: YearViewDay[] }>('GET', `/api/admin/calendar/year/${year}${qs({ team })}`),
  importCalendar: (format: 'csv' | 'ics', content: string, team?: string) => request<{ imported: number; errors: { line: number; message: string }[] }>('POST', `/api/admin/calendar/import${qs({ team })}`, { format, content }),
  calendarPreview: (at: string, agentStatus?: AgentStatus, team?: string) => request<CalendarPreview>('GET', `/api/admin/calendar/preview${qs({ at, agentStatus, team })}`),
  // settings
  org: () => request<{ name: string; orderLink?: string }>('GET', '/api/admin/settings/org'),
  saveOrg: (v: { name: string; orderLink?: string }) => request<{ name: string; orderLink?: string }>('PUT', '/api/admin/settings/org', v),
  admins: () => request<{ admins: AdminRow[] }>('GET', '/api/admin/admins'),
  grantAdmin: (userid: string) => request<{ admins: AdminRow[] }>('POST', '/api/admin/admins', { userid }),
  revokeAdmin: (userid: string) => request<{ admins: AdminRow[] }>('DELETE', `/api/admin/admins/${enc(userid)}`),
  audit: (q: { limit?: number; action?: string; actor?: string }) => request<{ entries: AuditEntry[] }>('GET', `/api/admin/audit${qs(q)}`),
  // intents
  intents: () => request<{ intents: IntentRow[]; model: Record<string, unknown> }>('GET', '/api/admin/intents'),
  examples: (id: string) => request<{ examples: { id: number; text: string; emotion?: number | null }[] }>('GET', `/api/admin/intents/${enc(id)}/examples`),
  addExample: (id: string, text: string) => request<unknown>('POST', `/api/admin/intents/${enc(id)}/examples`, { examples: [{ text }] }),
  removeExample: (id: string, exampleId: number) => request<unknown>('DELETE', `/api/admin/intents/${enc(id)}/examples/${exampleId}`),
  corrections: () => request<Record<string, unknown>>('GET', '/api/admin/intents/corrections?limit=200'),
  suggestions: () => request<{ suggestions: Suggestion[] }>('GET', '/api/admin/intents/suggestions?status=pending'),
  mineSuggestions: () => request<unknown>('POST', '/api/admin/intents/suggestions/mine', {}),
  acceptSuggestion: (id: number) => request<unknown>('POST', `/api/admin/intents/suggestions/${id}/accept`, {}),
  rejectSuggestion: (id: number) => request<unknown>('POST', `/api/admin/intents/suggestions/${id}/reject`),
  evaluate: (content: string, format: 'csv' | 'jsonl', name?: string) => request<Record<string, unknown>>('POST', '/api/admin/intents/evaluate', { content, format, name }),
  // duty (relay)
  duty: () => request<DutyState>('GET', '/api/admin/duty'),
  createGroup: (g: Partial<DutyGroup>) => request<DutyGroup>('POST', '/api/admin/duty/groups', g),
  patchGroup: (id: number, g: Partial<DutyGroup>) => request<DutyGroup>('PATCH', `/api/admin/duty/groups/${id}`, g),
  deleteGroup: (id: number) => request<void>('DELETE', `/api/admin/duty/groups/${id}`),
  createChannel: (ch: Partial<DutyChannel>) => request<DutyChannel>('POST', '/api/admin/duty/channels', ch),
  deleteChannel: (id: number) => request<void>('DELETE', `/api/admin/duty/channels/${id}`),
  setRoute: (active: 'main' | 'backup') => request<unknown>('PUT', '/api/admin/duty/route', { active }),
  saveDutySettings: (s: { escalation?: Record<string, unknown>; relay?: Record<string, unknown> }) => request<unknown>('PUT', '/api/admin/duty/settings', s),
  // diagnostics
  statusSync: () => request<{ agents: SyncRow[] }>('GET', '/api/admin/diagnostics/status-sync'),
  callbacks: () => request<CallbackHealth>('GET', '/api/admin/diagnostics/callbacks'),
  outboxFailures: () => request<{ failures: OutboxFailure[] }>('GET', '/api/admin/diagnostics/outbox-failures'),
  probes: () => request<{ probes: ProbeRow[] }>('GET', '/api/admin/diagnostics/probes'),
  wecomSync: () => request<Record<string, unknown>>('GET', '/api/admin/diagnostics/wecom-sync'),
  relays: () => request<Record<string, unknown>>('GET', '/api/admin/diagnostics/relays'),
  conversationDecisions: (id: number, lang: 'zh' | 'en') => request<{ decisions: { id: number; at: string; trigger: string; version: string; dryRun: boolean; explain: string[] }[] }>('GET', `/api/admin/conversations/${id}/decisions?lang=${lang}`),
  // dashboard
  switches: (days: Days) => request<{ rows: SwitchRow[]; median: number; factor: number }>('GET', `/api/admin/dashboard/status-switches?days=${days}`),
  responses: (days: Days) => request<{ rows: ResponseRow[] }>('GET', `/api/admin/dashboard/response-vs-switches?days=${days}`),
  heatmap: (days: Days) => request<Heatmap>('GET', `/api/admin/dashboard/heatmap?days=${days}`),
  autoReplies: (days: Days) => request<{ rows: AutoReplyRow[] }>('GET', `/api/admin/dashboard/auto-replies?days=${days}`),
  suggestion: (days: Days, percent: number) => request<Suggestion2>('GET', `/api/admin/dashboard/suggestion?days=${days}&percent=${percent}`),
  forecast: (team: string | undefined, lang: 'zh' | 'en') => request<ForecastView>('GET', `/api/admin/forecast${qs({ team, lang, days: 14 })}`),
  forecastSettings: () => request<ForecastSettingsView>('GET', '/api/admin/forecast/settings'),
  saveForecastSettings: (patch: Partial<ForecastSettings>) => request<ForecastSettingsView>('PUT', '/api/admin/forecast/settings', patch),
  acceptSuggestion2: (hours: number[], percent: number) => request<{ current: Suggestion2['current'] }>('POST', '/api/admin/dashboard/suggestion/accept', { hours, percent }),
};
