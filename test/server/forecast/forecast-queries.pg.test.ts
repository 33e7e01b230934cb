import { describe } from 'vitest';
import { forecastQueryCases } from './forecast-queries.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { forecastQueryCases(pgEngine(url!)); });
