import { dutyCases } from './duty.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

dutyCases(sqliteMemoryEngine());
dutyCases(sqliteFileEngine());
