import { describe } from 'vitest';
import { adminReadsContract } from './contracts/admin-reads.contract';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => {
  adminReadsContract(pgEngine(url!));
});
