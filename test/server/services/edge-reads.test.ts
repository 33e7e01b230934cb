import { describe } from 'vitest';
import { edgeReadsCases } from './edge-reads.cases';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

describe('SQLite', () => {
  edgeReadsCases(sqliteFileEngine());
  edgeReadsCases(sqliteMemoryEngine());
});
