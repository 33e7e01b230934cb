import { describe } from 'vitest';
import { setAgentStatusCases } from './set-agent-status.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { setAgentStatusCases(pgEngine(url!)); });
