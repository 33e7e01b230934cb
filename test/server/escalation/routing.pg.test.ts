import { describe } from 'vitest';
import { routingCases } from './routing.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { routingCases(pgEngine(url!)); });
