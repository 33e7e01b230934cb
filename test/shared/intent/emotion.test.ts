/** @module Emotion lexicon: negation, intensifiers, repetition, punctuation, and explained cues. */
import { describe, it, expect } from 'vitest';
import { emotionScore } from '../../../shared/intent/index';

const score = (t: string): number => emotionScore(t).score;

describe('emotionScore', () => {
  it('is neutral for a plain question and low for thanks', () => {
    expect(score('这款有白色的吗')).toBeCloseTo(0.1, 2);
    expect(score('太感谢了')).toBeLessThan(0.1);
  });

  it('turns a negated positive word into mild displeasure ("不太满意" < "不满意")', () => {
    expect(score('满意')).toBeLessThan(0.1);
    expect(score('不太满意')).toBeGreaterThan(0.35);
    expect(score('不太满意')).toBeLessThan(score('不满意'));
    expect(emotionScore('不太满意').cues[0]).toMatchObject({ text: '不太满意', kind: 'negated' });
  });

  it('cancels a negated negative word ("不生气", "别急")', () => {
    expect(score('生气')).toBeGreaterThan(0.5);
    expect(score('我不生气')).toBeLessThanOrEqual(0.1);
    expect(score('别急')).toBeLessThanOrEqual(0.1);
  });

  it('raises the score with intensifiers and lowers it with downtoners', () => {
    expect(score('非常生气')).toBeGreaterThan(score('生气'));
    expect(score('太差了')).toBeGreaterThan(score('差'));
    expect(score('超级失望')).toBeGreaterThan(score('失望'));
    expect(score('有点失望')).toBeLessThan(score('失望'));
    expect(emotionScore('非常生气').cues[0]?.text).toBe('非常生气');
  });

  it('counts repetition ("急急急" > "急")', () => {
    expect(score('急急急')).toBeGreaterThan(score('急'));
    expect(emotionScore('急急急').cues.some((c) => c.kind === 'repetition')).toBe(true);
  });

  it('counts repeated punctuation, full-width or not', () => {
    expect(score('怎么还没到！！！')).toBeGreaterThan(score('怎么还没到'));
    expect(score('???')).toBeGreaterThan(score('?'));
    expect(emotionScore('到底发不发？？？').cues.map((c) => c.text)).toContain('???');
  });

  it('stays in [0,1] for extreme and odd input', () => {
    for (const t of ['', '😡'.repeat(500), '垃圾骗子投诉12315曝光！！！'.repeat(300), '\ud83d', '!!!!!!!!']) {
      const s = score(t);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    expect(score('垃圾骗子 我要投诉到12315！！！')).toBeGreaterThan(0.9);
  });
});
