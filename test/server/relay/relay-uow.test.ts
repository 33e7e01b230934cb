import { relayUowCases } from './relay-uow.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

relayUowCases(sqliteMemoryEngine());
relayUowCases(sqliteFileEngine());
