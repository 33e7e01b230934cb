import { faqEntriesCases } from './entries.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

faqEntriesCases(sqliteMemoryEngine());
faqEntriesCases(sqliteFileEngine());
