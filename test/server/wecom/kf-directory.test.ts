import { kfDirectoryCases } from './kf-directory.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

kfDirectoryCases(sqliteMemoryEngine());
kfDirectoryCases(sqliteFileEngine());
