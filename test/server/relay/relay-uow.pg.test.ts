import { describe } from 'vitest';
import { relayUowCases } from './relay-uow.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { relayUowCases(pgEngine(url!)); });
