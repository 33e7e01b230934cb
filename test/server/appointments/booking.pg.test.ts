import { describe } from 'vitest';
import { bookingCases } from './booking.cases';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => { bookingCases(pgEngine(url!)); });
