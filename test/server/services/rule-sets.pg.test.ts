import { describe } from 'vitest';
import { ruleSetCases } from './rule-sets.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { ruleSetCases(pgEngine(url!)); });
