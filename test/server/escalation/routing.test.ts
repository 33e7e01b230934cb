import { routingCases } from './routing.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

routingCases(sqliteMemoryEngine());
routingCases(sqliteFileEngine());
