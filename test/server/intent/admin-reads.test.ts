import { intentAdminReadCases } from './admin-reads.cases';
import { sqliteMemoryEngine } from '../../support/engines';

intentAdminReadCases(sqliteMemoryEngine());
