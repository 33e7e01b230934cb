/**
 * @module The demo corp, in one place: the simulator is seeded with it and so is Moonshift's database, so the
 * two always agree (one kf account, three agents, two customers). Templates and rules come from the default pack.
 */
export const DEMO_KF = { open_kfid: 'wkMoonshiftDemo01', name: 'Moonshift 演示客服' } as const;

export const DEMO_ORG = { name: '月移科技', orderLink: 'https://shop.example.com/orders' };

export const DEMO_AGENTS = [
  { userid: 'zhangsan', name: '张三' },
  { userid: 'lisi', name: '李四' },
  { userid: 'wangwu', name: '王五' },
] as const;

export const DEMO_CUSTOMERS = [
  { external_userid: 'wmDemoCustomer0001', nickname: '小明' },
  { external_userid: 'wmDemoCustomer0002', nickname: '小红' },
] as const;

/** The simulator's seed (its own option shape). All demo agents are 接待中 in WeCom. */
export const DEMO_SIM_SEED = {
  accounts: [{
    open_kfid: DEMO_KF.open_kfid, name: DEMO_KF.name, avatar: '', apiMode: true,
    servicers: DEMO_AGENTS.map((a) => ({ userid: a.userid, status: 'receiving' as const })),
  }],
  members: DEMO_AGENTS.map((a) => ({ userid: a.userid, name: a.name })),
  customers: DEMO_CUSTOMERS.map((c) => ({ ...c, avatar: '', gender: 0, unionid: '' })),
};
