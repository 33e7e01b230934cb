import { describe } from 'vitest';
import { edgeReadsCases } from './edge-reads.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { edgeReadsCases(pgEngine(url!)); });
