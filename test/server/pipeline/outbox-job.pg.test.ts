import { describe } from 'vitest';
import { outboxJobCases } from './outbox-job.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { outboxJobCases(pgEngine(url!)); });
