/** @module Hygiene of the written splits: no held-out line is a near copy of a training line; coverage per kind. */
import { describe, it, expect } from 'vitest';
import { BUSINESSES, HARD_HELDOUT_EXAMPLES, HELDOUT_EXAMPLES, MESSAGE_KINDS, TRAIN_EXAMPLES } from '../../../shared/intent/data/index';
import { PROBE_EMERGENCY, PROBE_NEUTRAL } from '../../../shared/intent/data/probe-emergency';
import { compactText, jaccard, trigramsOf } from '../../../shared/intent/similarity';

/** Pairs (held-out, training) whose character-3-gram Jaccard is ≥ `min` (inverted index over training grams). */
function nearCopies(heldout: readonly { text: string }[], training: readonly { text: string }[], min: number): string[] {
  const grams = training.map((t) => trigramsOf(compactText(t.text)));
  const index = new Map<string, number[]>();
  grams.forEach((set, i) => { for (const g of set) index.set(g, [...(index.get(g) ?? []), i]); });
  const found: string[] = [];
  for (const h of heldout) {
    const mine = trigramsOf(compactText(h.text));
    const candidates = new Set<number>();
    for (const g of mine) for (const i of index.get(g) ?? []) candidates.add(i);
    for (const i of candidates) {
      const j = jaccard(mine, grams[i] ?? new Set());
      if (j >= min) found.push(`${h.text} ≈ ${training[i]?.text ?? ''} (${j.toFixed(2)})`);
    }
  }
  return found;
}

describe('written splits', () => {
  it('the jaccard measure sees a near copy through punctuation, width and traditional forms', () => {
    expect(jaccard(trigramsOf(compactText('東西壞了，怎麼辦？')), trigramsOf(compactText('东西坏了怎么办')))).toBe(1);
    expect(jaccard(trigramsOf(compactText('退款什么时候到')), trigramsOf(compactText('发票什么时候开')))).toBeLessThan(0.7);
  });

  it('no held-out hard line is a near copy of a training line (3-gram Jaccard ≥ 0.7)', () => {
    expect(nearCopies(HARD_HELDOUT_EXAMPLES, TRAIN_EXAMPLES, 0.7)).toEqual([]);
  });

  it('no clean held-out line is a near copy of a training line either', () => {
    expect(nearCopies(HELDOUT_EXAMPLES, TRAIN_EXAMPLES, 0.7)).toEqual([]);
  });

  it('no emergency-probe line longer than three characters is a near copy of a training line', () => {
    // Pings of one to three characters (在吗, 好的, 着火了) are a closed vocabulary training must contain; longer lines are held out.
    const probe = [...PROBE_NEUTRAL, ...PROBE_EMERGENCY].filter((text) => compactText(text).length > 3).map((text) => ({ text }));
    expect(probe.length).toBeGreaterThanOrEqual(100);
    expect(nearCopies(probe, TRAIN_EXAMPLES, 0.7)).toEqual([]);
  });

  it('has at least 10 held-out hard lines per kind of message and lines from at least 8 kinds of business', () => {
    for (const kind of MESSAGE_KINDS) expect(HARD_HELDOUT_EXAMPLES.filter((e) => e.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
    const businesses = new Set(HARD_HELDOUT_EXAMPLES.map((e) => e.business));
    expect(businesses.size).toBeGreaterThanOrEqual(8);
    expect([...businesses].every((b) => (BUSINESSES as readonly string[]).includes(b))).toBe(true);
  });

  it('labels every held-out hard line with an emotion in [0,1], upset and calm lines both well represented', () => {
    expect(HARD_HELDOUT_EXAMPLES.every((e) => e.emotion >= 0 && e.emotion <= 1)).toBe(true);
    expect(HARD_HELDOUT_EXAMPLES.filter((e) => e.emotion >= 0.5).length).toBeGreaterThanOrEqual(80);
    expect(HARD_HELDOUT_EXAMPLES.filter((e) => e.emotion < 0.5).length).toBeGreaterThanOrEqual(80);
  });
});
