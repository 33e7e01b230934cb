import { describe } from 'vitest';
import { quickReplyCases } from './quick-replies.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { quickReplyCases(pgEngine(url!)); });
