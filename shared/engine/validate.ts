/**
 * @module `validateRuleSet(input, { templates })` for save/publish time: the parsed RuleSet, or every error
 * with its path — unknown condition/action types, bad params, duplicate ids, follow-ups to missing rules,
 * template references to missing templates.
 */
import { z } from 'zod';
import { TEMPLATE_KINDS } from '../domain/vocabulary';
import { CONDITION_BY_ID, ACTION_BY_ID, RuleSchema, RuleSetSchema, type RuleSet } from './catalogue';
import { Settings } from './settings';

export interface RuleSetError {
  /** e.g. `rules[2].when.all[0].list` */
  path: string;
  message: string;
}
export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; errors: RuleSetError[] };

/** The part of a template the validator needs. */
export interface TemplateRef {
  id: string;
  kind: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (base: string, p: readonly PropertyKey[]) =>
  p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${String(k)}`), base);
const issues = (base: string, e: z.ZodError): RuleSetError[] => e.issues.map((i) => ({ path: join(base, i.path), message: i.message }));

function leafErrors(node: Record<string, unknown>, path: string, kind: 'condition' | 'action'): RuleSetError[] {
  const type = node.type;
  const def = kind === 'condition' ? CONDITION_BY_ID.get(String(type)) : ACTION_BY_ID.get(String(type));
  if (typeof type !== 'string' || !def) {
    const known = [...(kind === 'condition' ? CONDITION_BY_ID : ACTION_BY_ID).keys()].join(', ');
    return [{ path: `${path}.type`, message: `unknown ${kind} type ${JSON.stringify(type)} (known: ${known})` }];
  }
  const parsed = def.params.safeParse(node);
  if (!parsed.success) return issues(path, parsed.error);
  const msg = def.check?.(parsed.data);
  return msg ? [{ path, message: msg }] : [];
}

function walk(node: unknown, path: string, out: RuleSetError[]): void {
  if (!isObj(node)) { out.push({ path, message: 'condition must be an object' }); return; }
  if ('type' in node) { out.push(...leafErrors(node, path, 'condition')); return; }
  const ops = ['all', 'any', 'not'].filter((k) => k in node);
  if (ops.length !== 1) {
    out.push({ path, message: 'condition needs exactly one of: type, all, any, not' });
    return;
  }
  if ('all' in node || 'any' in node) {
    const op = 'all' in node ? 'all' : 'any';
    const kids = node[op];
    if (!Array.isArray(kids)) { out.push({ path: `${path}.${op}`, message: `${op} must be a list` }); return; }
    if (op === 'any' && kids.length === 0) out.push({ path: `${path}.any`, message: 'any needs at least one condition' });
    kids.forEach((k, i) => walk(k, `${path}.${op}[${i}]`, out));
  } else walk(node.not, `${path}.not`, out);
}

const RuleShell = RuleSchema.omit({ when: true, then: true });

/** Validate a rule set; with `templates`, every template reference must resolve (id exists, kind matches). */
export function validateRuleSet(input: unknown, opts: { templates?: readonly TemplateRef[] } = {}): RuleSetValidation {
  const errors: RuleSetError[] = [];
  if (!isObj(input)) return { ok: false, errors: [{ path: '', message: 'rule set must be an object' }] };
  const head = z.object({ version: RuleSetSchema.shape.version, settings: Settings.prefault({}) }).safeParse(input);
  if (!head.success) errors.push(...issues('', head.error).map((e) => ({ ...e, path: e.path.replace(/^\./, '') })));
  if (!Array.isArray(input.rules)) {
    errors.push({ path: 'rules', message: 'rules must be a list' });
    return { ok: false, errors };
  }
  const ids = new Map<string, number>();
  input.rules.forEach((rule: unknown, i) => {
    const p = `rules[${i}]`;
    if (!isObj(rule)) { errors.push({ path: p, message: 'rule must be an object' }); return; }
    const shell = RuleShell.safeParse(rule);
    if (!shell.success) errors.push(...issues(p, shell.error));
    if (typeof rule.id === 'string') {
      const first = ids.get(rule.id);
      if (first !== undefined) errors.push({ path: `${p}.id`, message: `duplicate rule id "${rule.id}" (also rules[${first}])` });
      else ids.set(rule.id, i);
    }
    if (!('when' in rule)) errors.push({ path: `${p}.when`, message: 'when is required (use {"all": []} for always)' });
    else walk(rule.when, `${p}.when`, errors);
    if (!Array.isArray(rule.then) || rule.then.length === 0) {
      errors.push({ path: `${p}.then`, message: 'then must list at least one action' });
    } else {
      rule.then.forEach((a: unknown, j) => {
        if (!isObj(a)) errors.push({ path: `${p}.then[${j}]`, message: 'action must be an object' });
        else errors.push(...leafErrors(a, `${p}.then[${j}]`, 'action'));
      });
    }
  });
  if (errors.length) return { ok: false, errors };

  const parsed = RuleSetSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: issues('', parsed.error).map((e) => ({ ...e, path: e.path.replace(/^\./, '') })) };
  const rs = parsed.data;
  const templates = opts.templates;
  rs.rules.forEach((rule, i) => {
    rule.then.forEach((a, j) => {
      const p = `rules[${i}].then[${j}]`;
      if (a.type === 'follow_up' && !ids.has(String(a.ruleId))) {
        errors.push({ path: `${p}.ruleId`, message: `follow-up points to missing rule "${String(a.ruleId)}"` });
      }
      if (!templates) return;
      const def = ACTION_BY_ID.get(a.type);
      if (!def?.sends || !def.kind) return;
      const kind = def.kind(a);
      const id = def.templateId?.(a);
      errors.push(...templateErrors(templates, kind, id, p));
    });
  });
  if (templates && rs.settings.repeat.offerTemplateId) {
    errors.push(...templateErrors(templates, 'transfer_notice', rs.settings.repeat.offerTemplateId, 'settings.repeat.offerTemplateId'));
  } else if (templates && rs.rules.length > 0) {
    errors.push(...templateErrors(templates, 'transfer_notice', undefined, 'settings.repeat'));
  }
  return errors.length ? { ok: false, errors } : { ok: true, ruleSet: rs };
}

function templateErrors(templates: readonly TemplateRef[], kind: string, id: string | undefined, path: string): RuleSetError[] {
  if (id !== undefined) {
    const t = templates.find((x) => x.id === id);
    if (!t) return [{ path: `${path}.templateId`, message: `template "${id}" does not exist` }];
    if (t.kind !== kind) return [{ path: `${path}.templateId`, message: `template "${id}" is of kind ${t.kind}, expected ${kind}` }];
    return [];
  }
  if (!(TEMPLATE_KINDS as readonly string[]).includes(kind) || !templates.some((x) => x.kind === kind)) {
    return [{ path, message: `no template of kind ${kind} exists` }];
  }
  return [];
}
