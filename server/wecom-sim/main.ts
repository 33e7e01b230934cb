/**
 * @module Process entry of `npm run sim`: the WeCom simulator on its own (no product), seeded with the demo corp,
 * keyed with the product's variables (WECOM_CORP_ID, WECOM_SECRET, WECOM_CALLBACK_TOKEN, WECOM_ENCODING_AES_KEY),
 * on SIM_PORT; SIM_CALLBACK_URLS=url1,url2 spreads callbacks over several instances. Point a live-mode product
 * at it with WECOM_API_BASE and WECOM_OAUTH_BASE set to the URL it prints.
 */
import { ConfigError, parseSimEnv } from '../app/env';
import { startStandaloneSimulator } from '../app/demo/standalone-sim';

try {
  const config = parseSimEnv(process.env);
  const sim = await startStandaloneSimulator(config);
  process.stdout.write([
    '',
    `  WeCom simulator:   ${sim.url}   (corp ${config.corpId}; control API ${sim.url}/sim/state)`,
    `  Callbacks go to:   ${config.callbackUrls.length > 0 ? config.callbackUrls.join(', ') : 'nowhere yet (SIM_CALLBACK_URLS, or POST /sim/callback)'}`,
    `  Product settings:  WECOM_API_BASE=${sim.url} WECOM_OAUTH_BASE=${sim.url}`,
    '', '',
  ].join('\n'));
  const stop = () => { void sim.close().finally(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
}
