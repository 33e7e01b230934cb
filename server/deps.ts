/** @module The dependencies injected into `createApp` and the background workers (no module singletons). */
import type { Clock } from './clock';
import type { Db } from './db/index';
import type { Config } from './env';
import type { EventBus } from './events';
import type { Logger } from './log';
import type { WecomClient } from './wecom/client';

export interface CoreDeps {
  db: Db;
  wecom: WecomClient;
  clock: Clock;
  log: Logger;
  config: Config;
  events: EventBus;
}
