import { describe } from 'vitest';
import { jobsContract } from './contracts/jobs.contract';
import { jobsClusterContract } from './contracts/jobs-cluster.contract';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => {
  jobsContract(pgEngine(url!));
  jobsClusterContract(pgEngine(url!), 'postgres');
});
