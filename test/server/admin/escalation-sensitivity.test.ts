import { describe, expect, it } from 'vitest';
import { sensitiveDelay } from '../../../server/core/services/escalation-sensitivity';

const accepted = { hours: [14, 15], percent: 20, acceptedAt: 0, acceptedBy: 'wangwu' };

describe('escalation sensitivity', () => {
  it('fires 1.2× sooner inside the accepted busiest hours of the org zone', () => {
    expect(sensitiveDelay(90_000, Date.parse('2026-11-26T14:10:00+08:00'), 'Asia/Shanghai', accepted)).toBe(75_000);
  });
  it('leaves other hours, and orgs without an accepted suggestion, unchanged', () => {
    expect(sensitiveDelay(90_000, Date.parse('2026-11-26T16:10:00+08:00'), 'Asia/Shanghai', accepted)).toBe(90_000);
    expect(sensitiveDelay(90_000, Date.parse('2026-11-26T14:10:00Z'), 'Asia/Shanghai', accepted)).toBe(90_000); // 22:10 in Beijing
    expect(sensitiveDelay(90_000, Date.parse('2026-11-26T14:10:00+08:00'), 'Asia/Shanghai', undefined)).toBe(90_000);
  });
});
