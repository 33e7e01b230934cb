/**
 * @module Benchmark (plain tsx script): `decide` p50/p99 with the default pack and with 200 generated rules,
 * next to the Foundation's reply policy (`planReply`, in-memory SQLite) measured in the same run.
 * Run: `npx tsx test/bench/decide.bench.ts [iterations]`.
 */
import { performance } from 'node:perf_hooks';
import { decide, validateRuleSet, compileRuleSet, DEFAULT_RULE_SET, type RuleSet } from '../../shared/engine';
import { buildFacts } from '../shared/engine/facts';
import { openDb } from '../../server/adapters/db/sqlite/index';
import { agents, conversations, kfAccounts, kfServicers, messages, templates } from '../../server/adapters/db/sqlite/schema/index';
import { planReply } from './support/foundation-planner';
import { sqliteUnitOfWorkOn } from '../../server/adapters/db/sqlite/unit-of-work';
import { CALENDAR_WINDOWS, DEFAULT_INTENTS, AGENT_STATUSES } from '../../shared/domain/vocabulary';

const WORDS = ['退款', '发票', '物流', '价格', '优惠', '预约', '售后', '维修', '安装', '保修', '会员', '积分', '快递', '地址', '开机', '充电', '屏幕', '声音', '密码', '登录'];
const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

function generated(n: number): RuleSet {
  const rules = Array.from({ length: n }, (_, i) => {
    const kw = { type: 'keywords', mode: i % 3 === 0 ? 'fuzzy' : 'contains', list: [0, 1, 2, 3, 4].map((k) => `${pick(WORDS, i + k)}${k % 2 ? '问题' : ''}`) };
    const leaf = [
      kw,
      { type: 'intent', in: [pick(DEFAULT_INTENTS, i), pick(DEFAULT_INTENTS, i + 5)], minConfidence: 0.6 },
      { type: 'window', in: [pick(CALENDAR_WINDOWS, i)] },
      { type: 'agent_status', in: [pick(AGENT_STATUSES, i)] },
      { type: 'time_range', weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' },
    ];
    const when = i % 4 === 0 ? { all: [pick(leaf, i), { any: [kw, pick(leaf, i + 1)] }] }
      : i % 4 === 1 ? { any: [pick(leaf, i), { not: pick(leaf, i + 2) }] }
      : i % 4 === 2 ? { all: [pick(leaf, i), pick(leaf, i + 3), { type: 'message_length', gt: 10 }] }
      : pick(leaf, i);
    return { id: `g${i}`, name: `generated ${i}`, priority: n - i, when, then: [{ type: 'tag', tag: `t${i % 17}` }, { type: 'reply_template', kind: 'custom' }] };
  });
  const v = validateRuleSet({ version: `gen-${n}`, rules });
  if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
  return v.ruleSet;
}

const TEXTS = [
  '你好', '在吗', '紧急！设备坏了', '我要退款，上周买的东西一直没有发货，物流信息也查不到，到底怎么回事',
  '請問發票怎麼開', '别烦我', '价格是多少，有没有优惠活动，会员积分可以抵扣吗，我想买两台', '帮助',
  '我的密码忘了登录不上去，充电也充不进去，屏幕一直黑屏，声音也没有，快递地址也填错了，麻烦尽快处理一下谢谢',
];
const WINDOWS = [['2026-11-26T10:00:00+08:00', 'open'], ['2026-11-26T13:10:00+08:00', 'lunch'], ['2026-11-26T22:00:00+08:00', 'night'], ['2026-11-28T10:00:00+08:00', 'weekend']] as const;
const FACTS = TEXTS.flatMap((text, i) => WINDOWS.map(([at, window], j) =>
  buildFacts({ at, window, text, intent: `${pick(DEFAULT_INTENTS, i + j)}@0.8`, agent: pick(AGENT_STATUSES, i + j), unanswered: (i % 4) + 1, emotion: (i * 0.1) % 1 })));

function quantiles(samples: Float64Array): { p50: number; p99: number; max: number; perSec: number } {
  samples.sort();
  const n = samples.length;
  const q = (p: number) => samples[Math.min(n - 1, Math.floor(p * n))]! * 1000;
  return { p50: q(0.5), p99: q(0.99), max: samples[n - 1]! * 1000, perSec: n / (samples.reduce((a, b) => a + b, 0) / 1000) };
}

/** The Foundation's reply path decision: planReply on an in-memory database (offline agent → night template), in one transaction. */
async function foundation(iterations: number): Promise<number> {
  const db = openDb(':memory:');
  const t = Date.now();
  db.insert(kfAccounts).values({ openKfid: 'kf1', name: 'Demo', createdAt: t }).run();
  db.insert(agents).values({ userid: 'li', name: '李娜', status: 'moon', statusChangedAt: t, createdAt: t }).run();
  db.insert(kfServicers).values({ openKfid: 'kf1', userid: 'li', updatedAt: t }).run();
  db.insert(templates).values({ id: 'night', name: 'night', kind: 'night', definition: JSON.stringify({ id: 'night', name: 'night', kind: 'night', msgtype: 'text', body: '夜间' }), updatedAt: t }).run();
  const conv = db.insert(conversations).values({ openKfid: 'kf1', externalUserid: 'wm1', createdAt: t, updatedAt: t }).returning().get();
  const msg = db.insert(messages).values({ msgid: 'm1', conversationId: conv.id, origin: 3, msgtype: 'text', content: '{"content":"在吗"}', sendTime: 1, receivedAt: t }).returning().get();
  const uow = sqliteUnitOfWorkOn(db.$client);
  const samples = new Float64Array(iterations);
  await uow.run(async (tx) => {
    for (let i = 0; i < 2000; i++) await planReply(tx, conv, msg);
    for (let i = 0; i < iterations; i++) {
      const s = performance.now();
      await planReply(tx, conv, msg);
      samples[i] = performance.now() - s;
    }
  });
  await uow.close();
  const r = quantiles(samples);
  console.log(`${'Foundation planReply (SQL)'.padEnd(28)} rules=  -  p50=${r.p50.toFixed(1)}µs  p99=${r.p99.toFixed(1)}µs  max=${r.max.toFixed(1)}µs  ${r.perSec.toFixed(0)} decisions/s`);
  db.$client.close();
  return r.p99;
}

function measure(label: string, rs: RuleSet, iterations: number, baselineP99: number): void {
  const t0 = performance.now();
  compileRuleSet(rs);
  const compileMs = performance.now() - t0;
  for (let i = 0; i < 2000; i++) { const f = FACTS[i % FACTS.length]!; decide(f, rs, f.now); }
  const samples = new Float64Array(iterations);
  let planned = 0;
  for (let i = 0; i < iterations; i++) {
    const f = FACTS[i % FACTS.length]!;
    const s = performance.now();
    planned += decide(f, rs, f.now).actions.length;
    samples[i] = performance.now() - s;
  }
  const r = quantiles(samples);
  console.log(`${label.padEnd(28)} rules=${String(rs.rules.length).padStart(3)}  compile=${compileMs.toFixed(2)}ms  p50=${r.p50.toFixed(1)}µs  p99=${r.p99.toFixed(1)}µs  max=${r.max.toFixed(1)}µs  ${r.perSec.toFixed(0)} decisions/s  p99 ×${(r.p99 / baselineP99).toFixed(2)} of Foundation  (avg ${(planned / iterations).toFixed(1)} actions)`);
}

const N = Number(process.argv[2] ?? 20_000);
console.log(`decide benchmark, ${N} decisions per case, ${FACTS.length} fact variants, node ${process.version}`);
const base = await foundation(N);
measure('default pack', DEFAULT_RULE_SET, N, base);
measure('200 generated rules', generated(200), N, base);
measure('200 generated + default pack', { ...DEFAULT_RULE_SET, version: 'mix', rules: [...DEFAULT_RULE_SET.rules, ...generated(200).rules] }, N, base);
