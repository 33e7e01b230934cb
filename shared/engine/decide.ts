/**
 * @module `decide(facts, ruleSet, now)`: the pure decision function. Rules run in priority order through the
 * catalogue's evaluators; every planned action passes the guards; the trace says why for each rule and action.
 */
import { keywordText } from './fuzzy';
import { compileRuleSet, evalNode, type CompiledRule } from './compile';
import { admit, assessGuards } from './guards';
import type { EvalCtx } from './conditions';
import type { RuleSetInput } from './catalogue';
import type { ActionTrace, DecideOptions, Decision, Facts, PlannedAction, Rule, RuleOutcome, RuleSet, RuleTrace, Trace } from './types';

const GUARD_RULE = '@guard:repeat';
const NOBODY_RULE = '@guard:nobody';

function detailOf(a: PlannedAction): string {
  switch (a.type) {
    case 'transfer': return a.to;
    case 'tag': return a.tag;
    case 'mute': return String(a.minutes);
    case 'follow_up': return a.runRuleId;
    case 'alert_manager': return a.reason;
    default: return '';
  }
}

function ruleTrace(r: Rule, outcome: RuleOutcome, stoppedBy?: string): RuleTrace {
  const t: RuleTrace = { ruleId: r.id, name: r.name, priority: r.priority, outcome };
  if (stoppedBy !== undefined) t.stoppedBy = stoppedBy;
  return t;
}

function summary(f: Facts): Trace['facts'] {
  return {
    window: f.time.window,
    windowKey: f.time.windowKey,
    intent: f.intent.id,
    confidence: f.intent.confidence,
    emotion: f.emotion.score,
    agentStatus: f.agent?.status ?? 'none',
    unanswered: f.conversation.unansweredCount,
    sameContent: f.conversation.sameContentCount,
    quotaLeft: f.conversation.quotaLeft,
    text: f.message.text.length > 60 ? `${f.message.text.slice(0, 60)}…` : f.message.text,
    ...(f.faq ? { faq: f.faq.why } : {}),
  };
}

/**
 * Decide what to do about one customer message (or one scheduled follow-up with `opts.followUpRuleId`).
 * `ruleSet` is compiled once per object (see compileRuleSet); `now` is the decision instant.
 */
export function decide(facts: Facts, ruleSet: RuleSet | RuleSetInput, now: Date | string, opts: DecideOptions = {}): Decision {
  const cs = compileRuleSet(ruleSet);
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const nowIso = new Date(nowMs).toISOString();
  const { state, entries } = assessGuards(facts, cs, nowMs);
  const dryRun = facts.message.isProbe;
  const actions: PlannedAction[] = [];
  const actionTraces: ActionTrace[] = [];
  const ruleTraces: RuleTrace[] = [];
  const trace: Trace = { version: cs.version, now: nowIso, dryRun, facts: summary(facts), guards: entries, rules: ruleTraces, actions: actionTraces };

  let norm: string | null = null;
  const ctx: EvalCtx = { facts, nowMs, matched: [], actuals: {}, normText: () => (norm ??= keywordText(facts.message.text)) };

  // Nobody can receive a session now (known only when the facts list the receivers): no transfer is made and
  // no human is promised; a promise becomes the truthful no-agent reply, and the duty manager is told.
  const nobody = facts.receivers !== undefined && facts.receivers.length === 0;
  const allBusy = nobody && facts.capacity?.full === true;
  const noAgentTemplate = allBusy ? cs.settings.noAgent.busyTemplateId : cs.settings.noAgent.templateId;
  const nobodyReason = allBusy ? 'everyone available is at the per-agent session cap right now' : 'nobody is online in Moonshift and 接待中 in WeCom right now';
  let nobodyHit = false;
  const trace_ = (a: PlannedAction, verdict: { guard: ActionTrace['guard']; reason: string } | null, replaced?: string) => {
    const t: ActionTrace = { ruleId: a.ruleId, type: a.type, status: verdict ? 'suppressed' : 'planned' };
    if ('kind' in a) { t.kind = a.kind; if (a.templateId) t.templateId = a.templateId; }
    else t.detail = detailOf(a);
    if (a.type === 'transfer' || a.type === 'alert_manager') t.userid = a.userid;
    if (replaced) t.replaced = replaced;
    if (verdict) { t.guard = verdict.guard; t.reason = verdict.reason; }
    actionTraces.push(t);
  };
  const push = (planned: PlannedAction) => {
    let a = planned;
    let replaced: string | undefined;
    if (nobody && a.type === 'transfer') {
      nobodyHit = true;
      return trace_(a, { guard: 'nobody_available', reason: nobodyReason });
    }
    if (nobody && 'kind' in a && cs.settings.noAgent.promiseKinds.includes(a.kind)) {
      nobodyHit = true;
      replaced = a.kind;
      a = { type: a.type, ruleId: a.ruleId, kind: 'custom', templateId: noAgentTemplate };
    }
    const verdict = admit(state, a);
    trace_(a, verdict, replaced);
    if (!verdict) actions.push(a);
  };

  let order: CompiledRule[];
  if (opts.followUpRuleId !== undefined) {
    const target = cs.byId.get(opts.followUpRuleId);
    const answered = facts.conversation.unansweredCount === 0;
    entries.push({
      guard: 'follow_up_answered', active: answered,
      detail: answered ? 'a human answered since the follow-up was scheduled: nothing to do' : `still unanswered (${facts.conversation.unansweredCount})`,
    });
    order = answered || !target ? [] : [target];
  } else if (state.escalated) {
    order = [...cs.rules.filter((r) => r.rule.emergency), ...cs.rules.filter((r) => !r.rule.emergency)];
  } else {
    order = cs.rules;
  }

  let stoppedBy: string | null = null;
  for (const cr of order) {
    const r = cr.rule;
    if (stoppedBy !== null) { ruleTraces.push(ruleTrace(r, 'skipped_stop', stoppedBy)); continue; }
    if (!r.enabled) { ruleTraces.push(ruleTrace(r, 'disabled')); continue; }
    if (r.trigger === 'follow_up' && opts.followUpRuleId === undefined) {
      ruleTraces.push(ruleTrace(r, 'skipped_trigger'));
      continue;
    }
    ctx.matched.length = 0;
    const failed = evalNode(cr.when, ctx);
    const forced = failed !== null && state.escalated && r.emergency;
    if (failed && !forced) {
      const t = ruleTrace(r, 'not_matched');
      t.failed = failed;
      ruleTraces.push(t);
      continue;
    }
    const rt = ruleTrace(r, forced ? 'forced' : 'fired');
    rt.stop = r.stop;
    if (ctx.matched.length) rt.matched = ctx.matched.slice();
    ruleTraces.push(rt);
    for (const a of cr.then) push(a.def.plan(a.params, facts, r.id, nowMs));
    if (r.stop) stoppedBy = r.id;
  }

  if (nobodyHit) {
    // the rules wanted a human: say truthfully that nobody can take it now, and tell the duty manager
    const noAgent = noAgentTemplate;
    if (!actionTraces.some((t) => t.templateId === noAgent)) push({ type: 'reply_template', ruleId: NOBODY_RULE, kind: 'custom', templateId: noAgent });
    if (!actionTraces.some((t) => t.type === 'alert_manager')) {
      push({ type: 'alert_manager', ruleId: NOBODY_RULE, reason: allBusy ? '客户需要人工，但所有同事都已满负荷接待' : '客户需要人工，但此刻无人可接待', userid: facts.manager?.userid ?? facts.conversation.dedicatedManager ?? facts.onDuty?.userid ?? null });
    }
    const g = entries.find((e) => e.guard === 'nobody_available');
    if (g) g.active = true;
  }

  // Repeat guard: the rules did not offer a human → the engine offers once and mutes.
  if (state.flood && !state.muted && !state.offerRecent && !state.offerPlanned && opts.followUpRuleId === undefined) {
    const offer: PlannedAction = { type: 'offer_transfer', ruleId: GUARD_RULE, kind: 'transfer_notice' };
    if (cs.settings.repeat.offerTemplateId) offer.templateId = cs.settings.repeat.offerTemplateId;
    push(offer);
    const minutes = cs.settings.repeat.muteMinutes;
    push({ type: 'mute', ruleId: GUARD_RULE, minutes, until: new Date(nowMs + minutes * 60_000).toISOString() });
  }
  const quota = entries.find((g) => g.guard === 'quota');
  if (quota) quota.active = actionTraces.some((t) => t.guard === 'quota');
  return { actions, trace, dryRun };
}
