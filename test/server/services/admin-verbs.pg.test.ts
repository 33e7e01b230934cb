import { describe } from 'vitest';
import { adminVerbCases } from './admin-verbs.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { adminVerbCases(pgEngine(url!)); });
