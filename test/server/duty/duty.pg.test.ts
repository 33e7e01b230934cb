import { describe } from 'vitest';
import { dutyCases } from './duty.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { dutyCases(pgEngine(url!)); });
