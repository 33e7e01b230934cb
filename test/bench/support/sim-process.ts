/**
 * @module The WeCom simulator as a benchmark child, seeded with the demo corp (plus, with SIM_EXTRA_KF, a second
 * 微信客服 account with the same servicers); callbacks go to CALLBACK_URL.
 */
import { startSimulator } from '../../../server/wecom-sim/index';
import { DEMO_SIM_SEED } from '../../../server/app/demo/seed-data';
import { answerCpuQuestions } from './cpu';
import { monitorLoop } from './loop-monitor';

const extra = process.env.SIM_EXTRA_KF;
const seed = extra ? { ...DEMO_SIM_SEED, accounts: [...DEMO_SIM_SEED.accounts, { ...DEMO_SIM_SEED.accounts[0]!, open_kfid: extra, name: extra }] } : DEMO_SIM_SEED;

const offset = process.env.SIM_TIME ? Date.parse(process.env.SIM_TIME) - Date.now() : 0;
const sim = await startSimulator({
  now: () => Date.now() + offset,
  corpId: process.env.CORP_ID!, corpSecret: process.env.CORP_SECRET!, seed,
  callback: { url: process.env.CALLBACK_URL || undefined, token: process.env.CB_TOKEN!, encodingAESKey: process.env.CB_AES_KEY! },
});
answerCpuQuestions();
monitorLoop('simulator');
process.stdout.write(`READY ${JSON.stringify({ url: sim.url })}\n`);
process.once('SIGTERM', () => { void sim.close().finally(() => process.exit(0)); });
