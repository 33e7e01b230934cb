import { quickReplyCases } from './quick-replies.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

quickReplyCases(sqliteMemoryEngine());
quickReplyCases(sqliteFileEngine());
