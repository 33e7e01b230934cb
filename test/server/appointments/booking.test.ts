import { bookingCases } from './booking.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

bookingCases(sqliteMemoryEngine());
bookingCases(sqliteFileEngine());
