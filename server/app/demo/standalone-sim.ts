/**
 * @module The standalone WeCom simulator (`npm run sim`): the demo corp, keyed with the product's own variables
 * (see `parseSimEnv`), callbacks spread over `SimConfig.callbackUrls` the way a load balancer would.
 */
import type { SimConfig } from '../env';
import { DEMO_SIM_SEED } from './seed-data';
import { startSimulator, type RunningSimulator } from '../../wecom-sim/index';

export function startStandaloneSimulator(c: SimConfig): Promise<RunningSimulator> {
  return startSimulator({
    port: c.port,
    hostname: c.host,
    corpId: c.corpId,
    corpSecret: c.corpSecret,
    secrets: c.contactSecret ? { contact: c.contactSecret } : {},
    agentId: c.agentId,
    ...(c.tokenTtlMs !== undefined ? { tokenTtlMs: c.tokenTtlMs } : {}),
    callback: {
      token: c.callbackToken, encodingAESKey: c.encodingAESKey,
      ...(c.callbackUrls.length > 0 ? { urls: c.callbackUrls } : {}),
    },
    seed: DEMO_SIM_SEED,
  });
}
