import { describe } from 'vitest';
import { syncQueueCases } from './queue.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { syncQueueCases(pgEngine(url!)); });
