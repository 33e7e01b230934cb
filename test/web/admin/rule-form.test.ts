import { describe, expect, it } from 'vitest';
import { catalogueForForm, RuleSchema } from '../../../shared/engine/catalogue';
import { DEFAULT_RULE_SET } from '../../../shared/engine/default-pack';
import { cleanParams, defaultParams, enumOf, flatten, priorityAt, unflatten } from '../../../web/src/admin/rule-form';
import type { JsonSchema } from '../../../web/src/admin/rule-form';

const cat = catalogueForForm();
const schema = (kind: 'conditions' | 'actions', id: string) => cat[kind].find((c) => c.id === id)!.params as JsonSchema;

describe('rule form helpers', () => {
  it('shows flat all/any lists of (negated) conditions and writes the same tree back', () => {
    const when = { all: [{ type: 'window', in: ['lunch'] }, { not: { type: 'agent_status', in: ['online'] } }] };
    const flat = flatten(when)!;
    expect(flat).toEqual({ mode: 'all', items: [{ neg: false, leaf: when.all[0] }, { neg: true, leaf: { type: 'agent_status', in: ['online'] } }] });
    expect(unflatten(flat)).toEqual(when);
    expect(flatten({ type: 'window', in: ['night'] })?.items).toHaveLength(1);
    expect(flatten({ any: [{ all: [{ type: 'window', in: ['night'] }] }] })).toBeNull();
  });

  it('opens every rule of the default pack that is not nested deeper than the form shows, unchanged', () => {
    for (const r of DEFAULT_RULE_SET.rules) {
      const flat = flatten(r.when);
      if (flat) expect(flatten(unflatten(flat))).toEqual(flat);
    }
  });

  it('builds valid defaults from the catalogue JSON Schema so a new rule validates once its lists are chosen', () => {
    const when = { type: 'window', ...defaultParams(schema('conditions', 'window')) };
    expect(when).toEqual({ type: 'window', in: [] });
    expect(enumOf(schema('conditions', 'window').properties!['in']!.items)).toContain('lunch');
    const then = { type: 'reply_template', ...defaultParams(schema('actions', 'reply_template')), templateId: '' };
    const rule = { id: 'r1', name: 'lunch', when: { all: [{ ...when, in: ['lunch'] }] }, then: [cleanParams(then, schema('actions', 'reply_template'))] };
    expect(rule.then[0]).not.toHaveProperty('templateId');
    expect(RuleSchema.safeParse(rule).success).toBe(true);
  });

  it('gives a dropped rule the priority of the rule above it (ties keep list order), or tops the list', () => {
    expect(priorityAt([1000, 500, 400], 0)).toBe(1010);
    expect(priorityAt([1000, 500, 400], 2)).toBe(500);
  });
});
