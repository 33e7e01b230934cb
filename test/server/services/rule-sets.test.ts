import { ruleSetCases } from './rule-sets.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

ruleSetCases(sqliteMemoryEngine());
ruleSetCases(sqliteFileEngine());
