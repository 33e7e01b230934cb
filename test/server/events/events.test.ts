import { describe } from 'vitest';
import { inProcessBus } from '../../../server/adapters/bus/in-process';
import { eventCases } from './events.cases';

describe('domain events over the in-process bus', () => {
  const bus = inProcessBus();
  eventCases(() => ({ a: bus, b: bus }));
});
