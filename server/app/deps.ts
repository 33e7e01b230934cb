/** @module The dependencies injected into `createApp` and the background workers (no module singletons). */
import type { Clock } from './clock';
import type { Db } from '../adapters/db/sqlite/index';
import type { Config } from './env';
import type { EventBus } from '../core/events';
import type { Logger } from './log';
import type { WecomClient } from '../channels/wecom-kf/client';
import type { IntentClassifier } from '../../shared/intent/index';
import type { OrgConfig } from '../core/engine/org-config';
import type { SharedState } from '../adapters/db/cluster/shared-state';

export interface CoreDeps {
  db: Db;
  wecom: WecomClient;
  clock: Clock;
  log: Logger;
  config: Config;
  events: EventBus;
  /** The in-process intent/emotion classifier (retrains and swaps atomically). */
  intent: IntentClassifier;
  /** Calendar, active rule set and templates as the pipeline reads them (cached). */
  org: OrgConfig;
  /** State shared with every other instance, in the database: tokens and tickets, rate limits, replay memory. */
  shared: Pick<SharedState, 'uow' | 'tokens' | 'limits' | 'replays' | 'lock'>;
}
