import { adminReadsContract } from './contracts/admin-reads.contract';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

adminReadsContract(sqliteFileEngine());
adminReadsContract(sqliteMemoryEngine());
