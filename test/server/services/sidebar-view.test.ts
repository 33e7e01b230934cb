/** @module The sidebar's pure view logic: main intent, emotion trend, status durations in the org zone. */
import { describe, expect, it } from 'vitest';
import { emotionTrendOf, mainIntentOf } from '../../../server/core/services/sidebar-context';
import { untilFor } from '../../../server/core/services/sidebar-status';
import type { SidebarMessage } from '../../../shared/domain/sidebar';

const msg = (intent: string | null, emotion: number | null, confidence = 0.8, from: SidebarMessage['from'] = 'customer'): SidebarMessage => ({
  id: Math.random().toString(36), from, msgtype: 'text', text: 'x', at: 0, intent, confidence, emotion, intentSource: 'stored', servicerUserid: null, recalled: false,
});

describe('main intent', () => {
  it('prefers a substantive intent over greetings and thanks even when they are more frequent', () => {
    expect(mainIntentOf(null, [msg('greeting', 0.1), msg('greeting', 0.1), msg('refund', 0.3), msg('thanks', 0.1)])?.id).toBe('refund');
  });
  it('uses the conversation\'s stored main intent when there is one', () => {
    expect(mainIntentOf('invoice', [msg('refund', 0.2)])).toEqual({ id: 'invoice', share: 0 });
  });
  it('is null without classified messages', () => {
    expect(mainIntentOf(null, [msg(null, null, 0, 'agent')])).toBeNull();
  });
});

describe('emotion trend', () => {
  it('is rising when the last three messages are clearly more negative than before', () => {
    expect(emotionTrendOf([0.1, 0.1, 0.2, 0.6, 0.7, 0.8].map((e) => msg('complaint', e)))).toMatchObject({ direction: 'rising', latest: 0.8 });
  });
  it('is falling when the customer calms down, steady otherwise, and ignores agent messages', () => {
    expect(emotionTrendOf([0.8, 0.8, 0.2, 0.1, 0.1].map((e) => msg('refund', e)))?.direction).toBe('falling');
    expect(emotionTrendOf([msg('refund', 0.3), msg(null, 0.9, 0, 'agent'), msg('refund', 0.32)])).toMatchObject({ direction: 'steady', points: [0.3, 0.32] });
  });
  it('agrees with its numbers from the second message on: 0.10 → 0.92 is rising, 0.9 → 0.2 falling', () => {
    expect(emotionTrendOf([0.1, 0.92].map((e) => msg('complaint', e)))).toMatchObject({ direction: 'rising', latest: 0.92, points: [0.1, 0.92] });
    expect(emotionTrendOf([0.1, 0.15, 0.92].map((e) => msg('complaint', e)))?.direction).toBe('rising');
    expect(emotionTrendOf([0.9, 0.2].map((e) => msg('refund', e)))?.direction).toBe('falling');
  });
  it('with one message has no direction, only its level (the sidebar names a steady 0.92 by its level, not 平稳)', () => {
    expect(emotionTrendOf([msg('complaint', 0.92)])).toMatchObject({ direction: 'steady', latest: 0.92, points: [0.92] });
  });
});

describe('status durations', () => {
  const at = Date.parse('2026-11-26T23:30:00+08:00');
  it('adds 30 minutes or an hour', () => {
    expect(untilFor('30m', at, 'Asia/Shanghai') - at).toBe(30 * 60_000);
    expect(untilFor('1h', at, 'Asia/Shanghai') - at).toBe(3_600_000);
  });
  it('ends "until tomorrow" at 09:00 of the next local day in the org zone, not the UTC day', () => {
    expect(new Date(untilFor('tomorrow', at, 'Asia/Shanghai')).toISOString()).toBe('2026-11-27T01:00:00.000Z');
    // 00:30 on the 27th in Shanghai is still the 26th in UTC
    const early = Date.parse('2026-11-27T00:30:00+08:00');
    expect(new Date(untilFor('tomorrow', early, 'Asia/Shanghai')).toISOString()).toBe('2026-11-28T01:00:00.000Z');
    expect(new Date(untilFor('tomorrow', at, 'Europe/Berlin')).toISOString()).toBe('2026-11-27T08:00:00.000Z');
  });
});
