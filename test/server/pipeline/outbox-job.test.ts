import { outboxJobCases } from './outbox-job.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

outboxJobCases(sqliteMemoryEngine());
outboxJobCases(sqliteFileEngine());
