/** @module The screen inventory: every surface, route and state people meet, in the order the runner opens them. */
import { ADMIN_SCREENS } from './admin';
import { CUSTOMER_SCREENS } from './customer';
import { DEMO_SCREENS } from './demo';
import { SIDEBAR_SCREENS } from './sidebar';
import type { Screen } from './types';

export type { Screen, ScreenEnv, Surface } from './types';
export { TOUCH, VIEWPORT } from './types';

export const SCREENS: readonly Screen[] = [...ADMIN_SCREENS, ...SIDEBAR_SCREENS, ...DEMO_SCREENS, ...CUSTOMER_SCREENS];
