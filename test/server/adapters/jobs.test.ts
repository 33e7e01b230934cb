import { jobsContract } from './contracts/jobs.contract';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

jobsContract(sqliteFileEngine());
jobsContract(sqliteMemoryEngine());
