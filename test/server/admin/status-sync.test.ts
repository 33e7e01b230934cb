import { describe, expect, it } from 'vitest';
import { agreement } from '../../../server/http/routes/admin/diagnostics';
import { median } from '../../../server/core/dashboard/compute';

describe('status sync agreement', () => {
  it('measures the time both timelines agree, disagree or one is unknown', () => {
    const ms = [{ at: 0, on: true }, { at: 60, on: false }];
    const wc = [{ at: 0, on: null }, { at: 10, on: true }, { at: 70, on: false }];
    expect(agreement(ms, wc, 0, 100)).toEqual({ unknown: 10, agree: 50 + 30, disagree: 10 });
  });

  it('ignores changes outside the window', () => {
    expect(agreement([{ at: -50, on: true }, { at: 0, on: true }], [{ at: 0, on: true }, { at: 200, on: false }], 0, 100)).toEqual({ agree: 100, disagree: 0, unknown: 0 });
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
