/**
 * @module `/api/admin` rules: the catalogue (drives the form), rule-set versions (draft → publish → rollback),
 * "test this rule" (the real pipeline in a sandbox at a chosen instant and agent status), and a
 * conversation's decisions with their explanations.
 */
import { Hono } from 'hono';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { storedTraceIn } from '../../../core/engine/stored-trace';
import type { CoreDeps } from '../../../app/deps';
import { first } from '../../../core/ports/queries';
import { NotFoundError, ValidationError } from '../../../core/errors';
import { SetDedicatedManager, setDedicatedManager } from '../../../core/services/dedicated-manager';
import type { AuthedEnv } from '../../session';
import { validate } from '../../validate';
import { DecisionSandbox } from '../../../core/engine/sandbox';
import { calendarForIn } from '../../../core/config/calendar';
import { SETTINGS } from '../../../core/config/catalogue';
import { readSettingIn } from '../../../core/config/settings';
import { getRuleSet, listRuleSets, publishRuleSet, rollbackRuleSet, saveDraft } from '../../../core/services/rule-sets';
import { listTeamTemplates } from '../../../core/services/templates';
import { explainNames } from '../../../core/services/explain-names';
import { AgentStatus } from '../../../../shared/domain/vocabulary';
import { catalogueForForm, explainTrace, validateRuleSet, type RuleSet, type Trace } from '../../../../shared/engine/index';
import { renderTemplate, sampleVars, type Template } from '../../../../shared/templates/index';
import { toZonedIso } from '../../../../shared/calendar/index';
import type { OutboxPayload } from '../../../core/pipeline/outbox-intent';
import { versionNumbers } from './directory';

const Body = z.object({ rules: z.array(z.unknown()), settings: z.unknown().optional() });
const Lang = z.enum(['zh', 'en']).default('zh');
const Rollback = z.object({ version: z.string().min(1).max(64).optional() });

async function resolveRuleSet(d: CoreDeps, input: { version?: string; body?: z.infer<typeof Body> }, templates: Template[]): Promise<RuleSet> {
  if (input.body) {
    const v = validateRuleSet({ ...input.body, version: 'test' }, { templates });
    if (!v.ok) throw new ValidationError('rule set is invalid', v.errors);
    return v.ruleSet;
  }
  return (await d.shared.uow.read((q) => d.org.ruleSetIn(q, input.version))).ruleSet;
}

export function adminRuleRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/catalogue', (c) => c.json(catalogueForForm()))
    .get('/rule-sets', async (c) => c.json({ ruleSets: await d.shared.uow.read(listRuleSets) }))
    .post('/rule-sets', validate('json', z.object({ body: Body, note: z.string().max(200).optional() })), async (c) => {
      const { body, note } = c.req.valid('json');
      return c.json(await saveDraft({ ctx: d, input: { body, note, by: c.get('userid') } }), 201);
    })
    .post('/rule-sets/rollback', validate('json', Rollback), async (c) => {
      // No body: the version active before the current one (the original contract); `{ version }`: that earlier version.
      const { version } = c.req.valid('json');
      return c.json(await rollbackRuleSet({ ctx: d, input: { by: c.get('userid'), version } }));
    })
    .post('/rule-sets/test', validate('json', z.object({
      version: z.string().optional(), body: Body.optional(), text: z.string().max(2000),
      at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'at must be an ISO-8601 instant'),
      agentStatus: AgentStatus.optional(), lang: Lang,
    })), async (c) => {
      const q = c.req.valid('json');
      const { templates, calendar } = await d.shared.uow.read(async (rq) => ({ templates: await listTeamTemplates(rq), calendar: await calendarForIn(rq) }));
      const sandbox = await DecisionSandbox.open({
        at: Date.parse(q.at), agentStatus: q.agentStatus, calendar, templates, intent: d.intent,
        ruleSet: await resolveRuleSet(d, q, templates),
      });
      try {
        const r = await sandbox.send('wmRuleTestCustomer', q.text);
        const replies = wouldSend(r.trace, r.outbox).map((o) => ({ templateId: o.template.id, kind: o.template.kind, ...renderTemplate(o.template, { ...sampleVars(), ...stripEmpty(o.vars) }) }));
        const { numbers, names } = await d.shared.uow.read(async (rq) => ({ numbers: await versionNumbers(rq), names: await explainNames(rq) }));
        const versionNumber = numbers.get(r.version) ?? null;
        return c.json({
          intent: r.intent, confidence: r.confidence, emotion: r.emotion, window: r.trace.facts.window, nextOpenAt: r.nextOpenAt,
          version: r.version, versionNumber, actions: r.actions, trace: r.trace, explain: explainTrace(readableVersion(r.trace, versionNumber), q.lang, { names }), replies,
        });
      } finally {
        sandbox.close();
      }
    })
    .get('/rule-sets/:version', async (c) => c.json(await d.shared.uow.read((q) => getRuleSet(q, c.req.param('version')))))
    .post('/rule-sets/:version/publish', async (c) => c.json(await publishRuleSet({ ctx: d, input: { version: c.req.param('version'), by: c.get('userid') } })))
    .put('/conversations/:id/dedicated-manager', validate('json', SetDedicatedManager), async (c) => {
      const conv = await d.shared.uow.read((q) => first(q.db.select().from(q.t.conversations).where(eq(q.t.conversations.id, Number(c.req.param('id')))).limit(1)));
      if (!conv) throw new NotFoundError('conversation');
      return c.json(await setDedicatedManager(d, c.get('viewer'), c.get('userid'), conv, c.req.valid('json').userid));
    })
    .get('/conversations/:id/decisions', validate('query', z.object({ lang: Lang, limit: z.coerce.number().int().min(1).max(200).default(50) })), async (c) => {
      const { lang, limit } = c.req.valid('query');
      const { zone, rows, numbers, names } = await d.shared.uow.read(async (q) => {
        const decisions = await q.db.select().from(q.t.decisions).where(eq(q.t.decisions.conversationId, Number(c.req.param('id'))))
          .orderBy(desc(q.t.decisions.at), desc(q.t.decisions.id)).limit(limit);
        const rows: (Omit<(typeof decisions)[number], 'trace'> & { trace: Trace })[] = [];
        for (const r of decisions) rows.push({ ...r, trace: await storedTraceIn(q, d.org, r) });
        return {
          zone: (await readSettingIn(q, SETTINGS.calendar)).timeZone,
          rows,
          numbers: await versionNumbers(q),
          names: await explainNames(q),
        };
      });
      return c.json({
        decisions: rows.sort((a, b) => a.at - b.at || a.id - b.id).map(({ trace, ...r }) => {
          const versionNumber = numbers.get(r.ruleSetVersion) ?? null;
          return { id: r.id, at: toZonedIso(r.at, zone), trigger: r.trigger, version: r.ruleSetVersion, versionNumber, dryRun: r.dryRun,
            causeMsgid: r.causeMsgid, actions: JSON.parse(r.actions) as unknown, trace, explain: explainTrace(readableVersion(trace, versionNumber), lang, { names }) };
        }),
      });
    });
}

/** The trace as people read it: the version by its number (版本 3), not its id. */
function readableVersion(trace: Trace, n: number | null): Trace {
  return n === null ? trace : { ...trace, version: String(n) };
}

/**
 * The sends the test run would really make: a send whose template matches an action the trace holds back (and no
 * planned one) is not listed, so "将发送的回复" never shows a reply the trace says was not sent.
 */
function wouldSend(trace: Trace, out: OutboxPayload[]): Extract<OutboxPayload, { kind: 'send_template' }>[] {
  const sends = out.filter((o): o is Extract<OutboxPayload, { kind: 'send_template' }> => o.kind === 'send_template');
  const matches = (a: Trace['actions'][number], o: (typeof sends)[number]) => (a.templateId ? a.templateId === o.template.id : a.kind === o.template.kind);
  const planned = trace.actions.filter((a) => a.status === 'planned' && (a.templateId || a.kind));
  const held = trace.actions.filter((a) => a.status === 'suppressed' && (a.templateId || a.kind));
  return sends.filter((o) => planned.some((a) => matches(a, o)) || !held.some((a) => matches(a, o)));
}

function stripEmpty(vars: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}
