import { describe } from 'vitest';
import { sharedStateContract } from './contracts/shared-state.contract';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';
import { pgBus } from '../../../server/adapters/bus/pg-notify';
import type { PgUnitOfWork } from '../../../server/adapters/db/pg/unit-of-work';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => {
  const engine = pgEngine(url!);
  sharedStateContract(engine, async (uow) => {
    const bus = pgBus({ url: engine.location(), pool: (uow as PgUnitOfWork).handle.pool });
    await bus.ready;
    return bus;
  });
});
