import { adminVerbCases } from './admin-verbs.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

adminVerbCases(sqliteMemoryEngine());
adminVerbCases(sqliteFileEngine());
