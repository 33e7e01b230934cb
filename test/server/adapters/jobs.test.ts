import { jobsContract } from './contracts/jobs.contract';
import { jobsClusterContract } from './contracts/jobs-cluster.contract';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

jobsContract(sqliteFileEngine());
jobsContract(sqliteMemoryEngine());
jobsClusterContract(sqliteFileEngine(), 'sqlite');
