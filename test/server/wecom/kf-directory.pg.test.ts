import { describe } from 'vitest';
import { kfDirectoryCases } from './kf-directory.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { kfDirectoryCases(pgEngine(url!)); });
