import { afterEach, describe, it, expect } from 'vitest';
import { startRelayProduct, settle, WEDNESDAY_10 } from './support';
import type { TestProduct } from '../../support/product';
import { timers } from '../../../server/adapters/db/sqlite/schema/index';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { writeSettingIn } from '../../../server/core/config/settings';

let p: TestProduct;
afterEach(async () => { await p.stop(); });

describe('accepted escalation sensitivity', () => {
  it('arms the 90 s escalation 20% sooner (75 s) in an accepted busy hour, unchanged outside it', async () => {
    const started = await startRelayProduct({}, WEDNESDAY_10);
    p = started.p;
    const now = started.clock.now();
    await p.deps.shared.uow.run((tx) => writeSettingIn(tx, SETTINGS.escalationSensitivity, { hours: [10], percent: 20, acceptedAt: now, acceptedBy: 'wangwu' }, { at: now, by: 'wangwu' }));
    await p.sim.customerSend({ external_userid: 'wmBusyHour', msgtype: 'text', content: '在吗' });
    await settle(p);
    const t = p.deps.db.select().from(timers).all().find((x) => x.kind === 'esc.unanswered')!;
    expect(t.dueAt - t.armedAt).toBe(75_000);
    await p.deps.shared.uow.run((tx) => writeSettingIn(tx, SETTINGS.escalationSensitivity, { hours: [15], percent: 20, acceptedAt: now, acceptedBy: 'wangwu' }, { at: now, by: 'wangwu' }));
    await p.sim.customerSend({ external_userid: 'wmQuietHour', msgtype: 'text', content: '在吗' });
    await settle(p);
    const all = p.deps.db.select().from(timers).all().filter((x) => x.kind === 'esc.unanswered');
    expect(all.map((x) => x.dueAt - x.armedAt).sort()).toEqual([75_000, 90_000]);
  });
});
