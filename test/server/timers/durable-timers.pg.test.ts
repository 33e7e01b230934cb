import { describe } from 'vitest';
import { durableTimersCases } from './durable-timers.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { durableTimersCases(pgEngine(url!)); });
