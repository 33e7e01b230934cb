/** @module Tests for the catalogue: labels, golden coverage of every condition and action, admin-form schemas. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { CONDITIONS, ACTIONS, catalogueForForm, RuleSchema, DEFAULT_RULE_SET } from '../../../shared/engine';

const goldenText = readdirSync(join(import.meta.dirname, 'golden'))
  .map((f) => readFileSync(join(import.meta.dirname, 'golden', f), 'utf8')).join('\n');
const defaultPackText = JSON.stringify(DEFAULT_RULE_SET);

describe('catalogue', () => {
  it('labels every condition and action in Chinese and English', () => {
    for (const d of [...CONDITIONS, ...ACTIONS]) {
      expect(d.label.zh, d.id).not.toBe('');
      expect(d.label.en, d.id).not.toBe('');
    }
  });

  it.each(CONDITIONS.map((c) => c.id))('condition %s is exercised by a golden case', (id) => {
    expect(goldenText.includes(`"type": "${id}"`) || defaultPackText.includes(`"type":"${id}"`)).toBe(true);
  });

  it.each(ACTIONS.map((a) => a.id))('action %s appears in a golden expectation', (id) => {
    expect(goldenText).toContain(`"${id}`);
  });

  it('describes every param schema as JSON Schema for the admin form', () => {
    const form = catalogueForForm();
    expect(form.conditions).toHaveLength(CONDITIONS.length);
    const kw = form.conditions.find((c) => c.id === 'keywords');
    expect(kw?.params).toMatchObject({ type: 'object', properties: { mode: { enum: ['exact', 'contains', 'fuzzy'] } } });
    expect(JSON.parse(JSON.stringify(form))).toEqual(form);
  });

  it('builds the rule schema from the catalogue (unknown leaf types fail)', () => {
    const ok = RuleSchema.safeParse({ id: 'a', name: 'a', when: { type: 'probe' }, then: [{ type: 'tag', tag: 'x' }] });
    expect(ok.success).toBe(true);
    const bad = RuleSchema.safeParse({ id: 'a', name: 'a', when: { type: 'nope' }, then: [{ type: 'tag', tag: 'x' }] });
    expect(bad.success).toBe(false);
  });
});
