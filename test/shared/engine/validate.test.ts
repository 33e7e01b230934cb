/** @module Tests for rule-set validation at save/publish time: every error with its path. */
import { describe, it, expect } from 'vitest';
import { validateRuleSet, defaultPackInput, DEFAULT_TEMPLATES, DEFAULT_SETTINGS } from '../../../shared/engine';

const rule = (over: Record<string, unknown> = {}) => ({
  id: 'r1', name: 'r1', when: { type: 'window', in: ['night'] }, then: [{ type: 'reply_template', kind: 'night' }], ...over,
});
const errorsOf = (input: unknown, templates?: { id: string; kind: string }[]) => {
  const v = validateRuleSet(input, templates ? { templates } : {});
  return v.ok ? [] : v.errors;
};

describe('validateRuleSet', () => {
  it('accepts the default pack input and fills defaults', () => {
    const v = validateRuleSet(defaultPackInput().ruleSet, { templates: DEFAULT_TEMPLATES });
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.ruleSet.settings.humanQuietMinutes).toBe(5);
      expect(v.ruleSet.rules.every((r) => r.enabled)).toBe(true);
    }
  });

  it('defaults every setting', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ humanQuietMinutes: 5, repeat: { threshold: 3, windowMinutes: 5, muteMinutes: 30 }, maxSendsPerMessage: 3 });
  });

  it('names an unknown condition type with its path', () => {
    const errs = errorsOf({ version: 1, rules: [rule({ when: { all: [{ type: 'window', in: ['night'] }, { type: 'moon_phase' }] } })] });
    expect(errs).toHaveLength(1);
    expect(errs[0]?.path).toBe('rules[0].when.all[1].type');
    expect(errs[0]?.message).toContain('unknown condition type "moon_phase"');
  });

  it('names an unknown action type', () => {
    const errs = errorsOf({ version: 1, rules: [rule({ then: [{ type: 'send_sms' }] })] });
    expect(errs[0]).toMatchObject({ path: 'rules[0].then[0].type' });
    expect(errs[0]?.message).toContain('unknown action type "send_sms"');
  });

  it('reports bad params with the parameter path', () => {
    const errs = errorsOf({ version: 1, rules: [rule({ when: { type: 'window', in: ['midnight'] } }), rule({ id: 'r2', when: { type: 'emotion', min: 3 } })] });
    expect(errs.map((e) => e.path)).toEqual(['rules[0].when.in[0]', 'rules[1].when.min']);
  });

  it('rejects duplicate rule ids', () => {
    const errs = errorsOf({ version: 1, rules: [rule(), rule()] });
    expect(errs).toEqual([{ path: 'rules[1].id', message: 'duplicate rule id "r1" (also rules[0])' }]);
  });

  it('rejects a follow-up pointing to a missing rule', () => {
    const errs = errorsOf({ version: 1, rules: [rule({ then: [{ type: 'follow_up', afterSeconds: 60, ruleId: 'nope' }] })] });
    expect(errs).toEqual([{ path: 'rules[0].then[0].ruleId', message: 'follow-up points to missing rule "nope"' }]);
  });

  it('rejects template references that do not resolve', () => {
    const templates = [{ id: 'tpl_night', kind: 'night' }, { id: 'tpl_offer', kind: 'transfer_notice' }];
    const errs = errorsOf({
      version: 1,
      rules: [rule(), rule({ id: 'r2', then: [{ type: 'reply_template', kind: 'custom', templateId: 'tpl_gone' }] }),
        rule({ id: 'r3', then: [{ type: 'reply_template', kind: 'lunch', templateId: 'tpl_night' }] }), rule({ id: 'r4', then: [{ type: 'reply_faq_card' }] })],
    }, templates);
    expect(errs).toEqual([
      { path: 'rules[1].then[0].templateId', message: 'template "tpl_gone" does not exist' },
      { path: 'rules[2].then[0].templateId', message: 'template "tpl_night" is of kind night, expected lunch' },
      { path: 'rules[3].then[0]', message: 'no template of kind faq_card exists' },
    ]);
  });

  it('checks cross-field params (transfer to a user needs a userid; time ranges)', () => {
    const errs = errorsOf({ version: 1, rules: [
      rule({ then: [{ type: 'transfer', to: 'user' }] }),
      rule({ id: 'r2', when: { type: 'time_range', from: '09:00' } }),
      rule({ id: 'r3', when: { type: 'time_range', from: '09:00', to: '9:00' } }),
    ] });
    expect(errs.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'rules[0].then[0]: transfer to "user" needs a userid',
      'rules[1].when: from and to go together',
      'rules[2].when.to: time as HH:MM',
    ]);
  });

  it('rejects malformed trees, empty any, missing when/then and bad settings', () => {
    const errs = errorsOf({ version: '', settings: { humanQuietMinutes: -1 }, rules: [
      { id: 'a', name: 'a', when: { all: [], any: [] }, then: [] },
      { id: 'b', name: 'b', when: { any: [] }, then: [{ type: 'tag', tag: 'x' }] },
      { id: 'c b', name: 'c', then: [{ type: 'tag', tag: 'x' }] },
    ] });
    expect(errs.map((e) => e.path)).toEqual([
      'version', 'settings.humanQuietMinutes', 'rules[0].when', 'rules[0].then', 'rules[1].when.any', 'rules[2].id', 'rules[2].when',
    ]);
  });

  it('rejects non-objects', () => {
    expect(errorsOf(null)[0]?.message).toBe('rule set must be an object');
    expect(errorsOf({ version: 1, rules: 'x' })).toEqual([{ path: 'rules', message: 'rules must be a list' }]);
  });
});
