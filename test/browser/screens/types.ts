/**
 * @module The screen inventory's vocabulary: a screen is one surface at one route in one state, with the steps
 * that open it. Each surface's file (sidebar.ts, admin.ts, demo.ts, customer.ts) lists its screens; the runner
 * (test/browser/screen-inventory.test.ts) opens each in Chinese and English and checks what people see.
 */
import type { Page } from 'playwright-core';
import type { Moonshift } from '../../../server/app/start';

export type Surface = 'sidebar' | 'demo' | 'customer' | 'admin';

export interface ScreenEnv {
  /** the product's base URL, no trailing slash */
  url: string;
  /** the embedded WeCom simulator's base URL, no trailing slash */
  simUrl: string;
  /** the running product's parts (database, clock, config), to set up what a screen shows */
  deps: Moonshift['deps'];
  page: Page;
  /** Opens `path` (e.g. '/admin/#/rules', '/sidebar/?customer=…#/why') signed in as `userid` (WeCom OAuth on the simulator). */
  signIn(userid: string, path: string): Promise<void>;
  /** Advances the clock shared by product and simulator (forward only: screens run in order admin, sidebar, demo, customer). */
  advanceClock(ms: number): Promise<void>;
}

export interface Screen {
  surface: Surface;
  /** 'admin#/rules' | 'sidebar#/why' | '/demo' | '/w/:slug' | '/f/:token' */
  route: string;
  /** what is on screen, in words (e.g. '午休，一位客户在等') */
  state: string;
  /** navigates and waits until the screen shows its content */
  open(env: ScreenEnv): Promise<void>;
}

/** Touch surfaces are checked at phone size with 44 px targets; the admin at a laptop's 1,280×800. */
export const VIEWPORT: Record<Surface, { width: number; height: number }> = {
  sidebar: { width: 375, height: 812 },
  demo: { width: 375, height: 812 },
  customer: { width: 375, height: 812 },
  admin: { width: 1280, height: 800 },
};
export const TOUCH: ReadonlySet<Surface> = new Set(['sidebar', 'demo', 'customer']);
