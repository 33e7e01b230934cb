import { afterEach, describe, expect, it } from 'vitest';
import type { TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { recordDiagnosticIn } from '../../../server/core/relay/diagnostics';
import { startRelayProduct } from './support';

let p: TestProduct;
afterEach(async () => { await p.stop(); });

type Row = { result: string; reason: string; resultText: { zh: string; en: string } | null; reasonText: { zh: string; en: string } | null };

describe('diagnostics rows in words', () => {
  it('GET /api/admin/diagnostics/relays says results and reasons in Chinese (English when switched), WeCom states by their meaning', async () => {
    ({ p } = await startRelayProduct());
    const at = Date.parse('2026-11-25T10:00:00+08:00');
    // the strings the escalation handlers, relay worker, alert delivery and timers record
    const rows = [
      { kind: 'escalation' as const, actor: 'esc', reason: 'customer unanswered by a human', result: 'faq card not sendable in state 2' },
      { kind: 'escalation' as const, actor: 'esc', reason: 'customer unanswered by a human', result: 'faq card not sendable in state 4' },
      { kind: 'relay' as const, actor: 'zhangsan', reason: 'zhangsan went moon', result: 'moved; customer told: 李四 serves them now' },
      { kind: 'relay' as const, actor: 'zhangsan', reason: 'zhangsan went moon', result: 'no candidate; pool not reachable from state 3: duty manager alerted' },
      { kind: 'escalation' as const, actor: 'esc', reason: 'customer unanswered by a human', result: 'zhangsan cannot receive: to lisi' },
      { kind: 'alert' as const, actor: null, reason: 'duty-manager alert', result: 'send failed' },
      { kind: 'alert' as const, actor: null, reason: 'duty-manager alert', result: 'sent (coalesced 3)' },
      { kind: 'timer' as const, actor: 'esc', reason: 'late by 42000 ms', result: 'reported, not run' },
    ];
    await p.deps.shared.uow.run(async (tx) => { for (const [i, r] of rows.entries()) await recordDiagnosticIn(tx, { at: at + i, ...r }); });
    const admin = await signIn(p.url, 'wangwu');
    const res = await fetch(`${p.url}/api/admin/diagnostics/relays`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    const items = ((await res.json()) as { items: Row[] }).items.filter((d) => rows.some((r) => r.result === d.result && r.reason === d.reason));
    expect(items).toHaveLength(rows.length);
    const by = (result: string) => items.find((d) => d.result === result)!;

    for (const d of items) {
      expect(d.resultText, d.result).not.toBeNull();
      expect(d.reasonText, d.reason).not.toBeNull();
      for (const zh of [d.resultText!.zh, d.reasonText!.zh]) {
        expect(zh).toMatch(/[\u4e00-\u9fff]/);
        expect(zh).not.toMatch(/state \d|[a-z]{3,}/);
      }
      expect(d.resultText!.en).not.toMatch(/state \d|faq_card|coalesced|\b(?:zhangsan|lisi)\b/);
    }
    expect(by('faq card not sendable in state 2').resultText).toEqual({
      zh: '会话待接入池排队中，常见问题卡片无法发送', en: 'FAQ card not sent: the conversation is queuing in the pool',
    });
    expect(by('faq card not sendable in state 4').resultText?.zh).toBe('会话已结束，常见问题卡片无法发送');
    expect(by('moved; customer told: 李四 serves them now').resultText).toEqual({ zh: '已转接；已告知客户由李四接待', en: 'moved; customer told 李四 serves them now' });
    expect(by('zhangsan cannot receive: to lisi').resultText?.zh).toBe('张三无法接待：转给李四');
    expect(by('send failed').resultText).toEqual({ zh: '发送失败', en: 'send failed' });
    expect(by('reported, not run').reasonText).toEqual({ zh: '定时任务延迟了 42 秒', en: 'the timer ran 42 s late' });
  });
});
