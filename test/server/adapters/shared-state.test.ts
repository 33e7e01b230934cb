import { sharedStateContract } from './contracts/shared-state.contract';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';
import { inProcessBus } from '../../../server/adapters/bus/in-process';

sharedStateContract(sqliteFileEngine(), async () => inProcessBus());
sharedStateContract(sqliteMemoryEngine(), async () => inProcessBus());
