/**
 * The oracle has teeth: the same short sequences the soak generates leave a customer silent — and the oracle
 * says so — once the state refresh or the outbox ordering is switched off, while the product as shipped
 * answers them. (The full soak with SOAK_DISABLE=state-refresh or outbox-order fails too.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SafetySwitches } from '../../../server/app/start';
import { Desk, WED_10 } from '../never-silent/desk';

let desk: Desk;
afterEach(async () => { await desk?.close(); });
const C = 'wmSwitchCustomer1';

async function returningAfter49h(switches: SafetySwitches) {
  desk = await Desk.open(WED_10, [], switches);
  // 张三 is online for a week (a manual status in force: shifts leave it alone)
  await fetch(`${desk.p.url}/api/agents/zhangsan/status`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'online', until: desk.now() + 7 * 24 * 3_600_000 }),
  });
  await desk.say(C, '我想咨询一下产品');
  await desk.jump(49 * 3_600_000);
  await desk.say(C, '你好，还在吗');
  return desk.verdict(C);
}

async function awayAgentWhileMovesFail(switches: SafetySwitches) {
  desk = await Desk.open(WED_10, ['zhangsan'], switches);
  await desk.say(C, '你好');
  await desk.p.sim.agentReply({ external_userid: C, userid: 'zhangsan', content: '您好' });
  await desk.setStatus('zhangsan', 'moon');
  await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/service_state/trans', errcode: -1, count: 4 }] });
  await desk.say(C, '在吗？');
  return desk.verdict(C);
}

describe('the soak oracle catches a product without its never-silent mechanisms', () => {
  it('without the state refresh a customer returning after WeCom\'s 48 h is left silent', async () => {
    expect((await returningAfter49h({ stateRefresh: false })).outcome).toBeNull();
    await desk.close();
    expect((await returningAfter49h({})).outcome).not.toBeNull();
  });

  it('without the outbox ordering the closing note of an away agent\'s session is lost behind a retried end', async () => {
    expect((await awayAgentWhileMovesFail({ outboxOrder: false })).outcome).toBeNull();
    await desk.close();
    expect((await awayAgentWhileMovesFail({})).outcome).toBe('answered');
  });
});
