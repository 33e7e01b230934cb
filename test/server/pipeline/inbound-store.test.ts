import { inboundStoreCases } from './inbound-store.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

inboundStoreCases(sqliteMemoryEngine());
inboundStoreCases(sqliteFileEngine());
