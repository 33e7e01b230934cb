/** The forecast chart draws what it is given: every forecast hour with its reason, holidays named, shortfall hours marked. */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import ForecastChart from '../../../web/src/admin/charts/ForecastChart.vue';
import type { ForecastActual, ForecastRow } from '../../../web/src/admin/api';

const iso = (day: number, hour: number) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

function rows(from: number, days: number): { hour: string; at: number; dayType: string; holidayName: string | null }[] {
  const out = [];
  for (let d = from; d < from + days; d++) {
    for (let h = 0; h < 24; h++) {
      const holiday = d >= 1 && d <= 7;
      out.push({ hour: iso(d, h), at: Date.parse(iso(d, h)), dayType: holiday ? 'holiday' : d === 8 ? 'post_holiday' : 'workday', holidayName: holiday || d === 8 ? '国庆节' : null });
    }
  }
  return out;
}

describe('ForecastChart', () => {
  it('draws 48 forecast hours after 24 actual ones, shades and names the holiday, marks shortfall hours and explains each hour', () => {
    const actuals: ForecastActual[] = rows(7, 1).map((r) => ({ ...r, count: 5 }));
    const hours: ForecastRow[] = rows(8, 2).map((r, i) => ({
      ...r, expected: 10 + i, low: 5, high: 20 + i, why: r.dayType === 'post_holiday' ? '国庆节后首个工作日，上午积压，约为平时 1.8 倍' : '工作日（周五）',
      needed: i < 12 ? 4 : 1, scheduled: 3, open: i >= 9 && i < 21, shortfall: i >= 9 && i < 12,
    }));
    const w = mount(ForecastChart, { props: { hours, actuals, labels: { expected: '预测', interval: '80% 区间', actual: '实际', shortfall: '人手不足', now: '现在', tip: (h: ForecastRow) => `${h.hour} ${h.why}` } } });
    expect(w.findAll('[data-testid="forecast-hour"]')).toHaveLength(48);
    expect(w.findAll('[data-testid="forecast-shortfall"]').map((r) => r.attributes('data-hour'))).toEqual([iso(8, 9), iso(8, 10), iso(8, 11)]);
    const holiday = w.findAll('[data-testid="forecast-holiday"]');
    expect(holiday).toHaveLength(1);
    expect(holiday[0]!.text()).toBe('国庆节');
    expect(w.find(`[data-hour="${iso(8, 9)}"][data-testid="forecast-hour"] title`).text()).toContain('上午积压');
    expect(w.find('[data-testid="forecast-band"]').attributes('points')!.split(' ')).toHaveLength(96);
    expect(w.text()).toContain('10-08');
  });
});
