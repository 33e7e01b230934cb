import { describe } from 'vitest';
import { inboundStoreCases } from './inbound-store.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { inboundStoreCases(pgEngine(url!)); });
