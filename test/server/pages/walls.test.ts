import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { ManualClock } from '../../../server/app/clock';
import { wallUrlIn } from '../../../server/core/walls/walls';
import { startProduct, type TestProduct } from '../../support/product';
import { NIGHT_AT, OPEN_AT } from '../../support/pages';

let p: TestProduct;
const clock = new ManualClock(Date.parse(OPEN_AT));
beforeAll(async () => { p = await startProduct({}, { clock }); });
afterAll(async () => { await p.stop(); });

const wall = async (userid: string, kind: 'agent' | 'group' = 'agent') => {
  const r = await fetch((await p.deps.shared.uow.run((tx) => wallUrlIn(tx, p.deps, userid, kind))).replace(/^https?:\/\/[^/]+/, p.url));
  return { status: r.status, cache: r.headers.get('cache-control'), html: await r.text() };
};

describe('profile wall', () => {
  it('lives at a random slug, not the userid, and unknown slugs are 404', async () => {
    const url = await p.deps.shared.uow.run((tx) => wallUrlIn(tx, p.deps, 'zhangsan'));
    expect(url).toMatch(/\/w\/[A-Za-z0-9_-]{22}$/);
    expect(await p.deps.shared.uow.run((tx) => wallUrlIn(tx, p.deps, 'zhangsan'))).toBe(url);
    expect((await fetch(`${p.url}/w/zhangsan`)).status).toBe(404);
  });

  it('shows the day theme with a chat button and the agent\'s own code when online in open hours', async () => {
    await p.setStatus('zhangsan', 'online');
    const w = await wall('zhangsan');
    expect(w.status).toBe(200);
    expect(w.cache).toBe('no-store');
    expect(w.html).toContain('data-theme="day"');
    expect(w.html).toContain('data-testid="chat"');
    expect(w.html).toContain('扫码添加 张三');
    expect(w.html).not.toContain('data-testid="hint"');
  });

  it('turns to the night theme for 月球模式: appointment button, on-duty code with timestamp, next opening, delayed hint', async () => {
    await p.setStatus('lisi', 'online');
    await p.setStatus('zhangsan', 'moon');
    const w = await wall('zhangsan');
    expect(w.html).toContain('data-theme="night"');
    expect(w.html).toContain('data-testid="appointment"');
    expect(w.html).toContain('data-testid="chat"'); // open hours: 李四 on duty answers the chat
    expect(w.html).toContain('值班同事 李四');
    expect(w.html).toMatch(/更新于 \d{2}:\d{2}/);
    expect(w.html).toContain('data-testid="hint"');
    expect(w.html).toMatch(/setTimeout\(function\(\)\{document\.getElementById\("hint"\)\.hidden=false\},\d+\)/);
  });

  it('turns to the night theme at night even for an online agent, with the next opening', async () => {
    await p.setStatus('zhangsan', 'online');
    clock.set(NIGHT_AT);
    try {
      const w = await wall('zhangsan');
      expect(w.html).toContain('data-theme="night"');
      expect(w.html).toContain('夜间休息');
      expect(w.html).toMatch(/data-testid="next-open">明天 09:00</);
    } finally { clock.set(OPEN_AT); }
  });

  it('speaks to customers in open hours when the agent is away: company name, 休息中, a colleague to chat with, no 月球模式', async () => {
    await p.setStatus('lisi', 'online');
    await p.setStatus('zhangsan', 'moon');
    const w = await wall('zhangsan');
    expect(w.html).toMatch(/data-testid="org">月移科技</);
    expect(w.html).toMatch(/data-testid="status">休息中</);
    expect(w.html).toContain('营业中');
    expect(w.html).toContain('值班同事李四可以为您服务');
    expect(w.html).toContain('data-testid="chat"');
    expect(w.html).toContain('data-testid="appointment"');
    expect(w.html).not.toMatch(/月球模式|请勿打扰|上班后/);
    await p.setStatus('zhangsan', 'online');
  });

  it('opens the demo customer chat from its buttons in demo mode, with the scene the real chat link would carry', async () => {
    await p.setStatus('zhangsan', 'online');
    const day = await wall('zhangsan');
    expect(day.html).toMatch(/data-testid="chat" href="[^"]*\/demo\?scene_param=wall_[\w-]{8}"/);
    await p.setStatus('lisi', 'moon');
    await p.setStatus('zhangsan', 'moon');
    const away = await wall('zhangsan');
    expect(away.html).toMatch(/data-testid="appointment" href="[^"]*\/demo\?scene_param=appointment"/);
    expect(away.html).not.toContain('work.weixin.qq.com');
    await p.setStatus('zhangsan', 'online');
  });

  it('has a duty-group wall showing who is on duty', async () => {
    const w = await wall('duty', 'group');
    expect(w.html).toContain('值班客服');
    expect(w.html).toContain('在线');
  });

  it('escapes everything it prints', async () => {
    p.deps.db.$client.prepare("update agents set name = '<script>x</script>' where userid = 'wangwu'").run();
    const w = await wall('wangwu');
    expect(w.html).not.toContain('<script>x</script>');
    expect(w.html).toContain('&lt;script&gt;');
  });
});
