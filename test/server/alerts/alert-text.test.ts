/**
 * @module The duty-manager card reads well on a phone: the title says what happened (紧急 / 投诉 / 无人接待 N 分钟 …),
 * the description leads with the reason, one fact a line, in the org's time, with the intent's Chinese label and the
 * emotion in words — and an emergency through the real pipeline is never called 客户等待未回复.
 */
import { afterEach, describe, it, expect } from 'vitest';
import type { TestProduct } from '../../support/product';
import type { ManualClock } from '../../../server/app/clock';
import { managerAlerts } from '../../../server/adapters/db/sqlite/schema/index';
import { queueManagerAlertIn, ruleAlertKind } from '../../../server/core/alerts/queue';
import { customerWrites, managerCards, startRelayProduct, WEDNESDAY_22 } from '../relay/support';

let p: TestProduct;
let clock: ManualClock;
afterEach(async () => { await p.stop(); });

describe('alert card text', () => {
  it('titles each kind by what happened and lays the description out one fact a line, reason first', async () => {
    ({ p, clock } = await startRelayProduct());
    const facts = { conversationId: 1, nickname: '小明', intent: 'complaint', emotion: 0.92, waitingMs: 10 * 60_000 + 4_000, lastMessage: '你们的服务太差了', onDuty: '一组 张三（在线）' };
    await p.deps.shared.uow.run(async (tx) => {
      for (const [i, kind] of (['emergency', 'complaint', 'waiting', 'no_one_free', 'backup', 'attention'] as const).entries()) {
        await queueManagerAlertIn(tx, p.deps, { touser: 'wangwu', facts: { ...facts, conversationId: i + 1 }, reason: '测试原因', kind, stage: `rule:r${i}`, now: clock.now() });
      }
    });
    const rows = p.deps.db.select().from(managerAlerts).all();
    expect(rows.map((r) => r.title)).toEqual([
      '紧急：小明', '投诉：小明', '无人接待 10 分钟：小明', '无人可接：小明', '无人接待 10 分钟，已转备用渠道：小明', '需要人工处理：小明',
    ]);
    const lines = [...rows[0]!.description.matchAll(/<div class="(\w+)">([^<]*)<\/div>/g)].map((m) => `${m[1]}|${m[2]}`);
    expect(lines).toEqual([
      'gray|11月25日（周三）10:00', 'highlight|测试原因', 'normal|小明 · 已等待 10 分钟', 'normal|投诉 · 情绪激动', 'normal|值班：一组 张三（在线）',
      'normal|最后一条：你们的服务太差了',
    ]);
  });

  it('reads a rule alert as an emergency, a complaint, a wait or a call for attention from the rule itself', () => {
    expect(ruleAlertKind({ emergency: true, trigger: 'message' }, 'urgent')).toBe('emergency');
    expect(ruleAlertKind({ emergency: true, trigger: 'message' }, 'complaint')).toBe('complaint');
    expect(ruleAlertKind({ emergency: false, trigger: 'follow_up' }, 'other')).toBe('waiting');
    expect(ruleAlertKind({ emergency: false, trigger: 'message' }, 'other')).toBe('attention');
  });

  it('calls an emergency at night 紧急 with the Chinese intent label, never 客户等待未回复', async () => {
    ({ p, clock } = await startRelayProduct({}, WEDNESDAY_22));
    await customerWrites(p, '紧急！系统崩了，所有订单都打不开');
    const [card] = await managerCards(p);
    expect(card!.textcard.title).toBe('紧急：小明');
    const text = `${card!.textcard.title as string}${card!.textcard.description as string}`;
    expect(text).not.toContain('客户等待未回复');
    expect(text).toContain('<div class="normal">紧急 · 情绪');
    expect(text).toContain('11月25日（周三）22:00');
    expect(text).not.toMatch(/urgent|wmDemo|\d\.\d\d/);
  });
});
