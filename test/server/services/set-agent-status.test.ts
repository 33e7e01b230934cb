import { setAgentStatusCases } from './set-agent-status.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

setAgentStatusCases(sqliteMemoryEngine());
setAgentStatusCases(sqliteFileEngine());
