import { describe } from 'vitest';
import { intentAdminReadCases } from './admin-reads.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { intentAdminReadCases(pgEngine(url!)); });
