import { durableTimersCases } from './durable-timers.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

durableTimersCases(sqliteMemoryEngine());
durableTimersCases(sqliteFileEngine());
