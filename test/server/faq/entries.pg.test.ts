import { describe } from 'vitest';
import { faqEntriesCases } from './entries.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { faqEntriesCases(pgEngine(url!)); });
