import { syncQueueCases } from './queue.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

syncQueueCases(sqliteMemoryEngine());
syncQueueCases(sqliteFileEngine());
