/**
 * @module The demo corp, in one place: the simulator is seeded with it and so is Moonshift's database, so the
 * two always agree. Two teams (a team is a 微信客服 account with its own servicers): the main account with three
 * agents, and 售后 (after-sales) with two others — so an agent of one team sees none of the other's customers.
 * Two customers. Templates and rules come from the default pack.
 */
export const DEMO_KF = { open_kfid: 'wkMoonshiftDemo01', name: 'Moonshift 演示客服' } as const;
export const DEMO_AFTER_SALES_KF = { open_kfid: 'wkMoonshiftDemo02', name: 'Moonshift 售后' } as const;

export const DEMO_ORG = { name: '月移科技', orderLink: 'https://shop.example.com/orders', emergencyPhone: '400-820-1234' };

export const DEMO_AGENTS = [
  { userid: 'zhangsan', name: '张三' },
  { userid: 'lisi', name: '李四' },
  { userid: 'wangwu', name: '王五' },
] as const;

/** The 售后 team's servicers (no overlap with DEMO_AGENTS). */
export const DEMO_AFTER_SALES_AGENTS = [
  { userid: 'sunqi', name: '孙七' },
  { userid: 'zhouba', name: '周八' },
] as const;

/** Every demo team: its 微信客服 account and the agents who serve it. */
export const DEMO_TEAMS = [
  { kf: DEMO_KF, agents: DEMO_AGENTS },
  { kf: DEMO_AFTER_SALES_KF, agents: DEMO_AFTER_SALES_AGENTS },
] as const;

export const DEMO_CUSTOMERS = [
  { external_userid: 'wmDemoCustomer0001', nickname: '小明' },
  { external_userid: 'wmDemoCustomer0002', nickname: '小红' },
] as const;

/** The simulator's seed (its own option shape). All demo agents are 接待中 in WeCom. */
export const DEMO_SIM_SEED = {
  accounts: DEMO_TEAMS.map((t) => ({
    open_kfid: t.kf.open_kfid, name: t.kf.name, avatar: '', apiMode: true,
    servicers: t.agents.map((a) => ({ userid: a.userid, status: 'receiving' as const })),
  })),
  members: DEMO_TEAMS.flatMap((t) => t.agents.map((a) => ({ userid: a.userid, name: a.name }))),
  customers: DEMO_CUSTOMERS.map((c) => ({ ...c, avatar: '', gender: 0, unionid: '' })),
};
