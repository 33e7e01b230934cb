import { describe } from 'vitest';
import { localLock } from '../../../../server/adapters/locks/local';
import { keyedLockCases } from './keyed-lock.cases';

describe('keyed lock within one process', () => {
  const lock = localLock();
  keyedLockCases(() => ({ a: lock, b: lock }));
});
