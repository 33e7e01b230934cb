/**
 * @module Browser harness: Debian's Chromium driven by playwright-core, a fresh user-data dir per launch
 * (removed at close), pages that collect page errors, console errors and CSP violations, screenshots as test artifacts.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve('test-results/screenshots');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic',
];

export interface TestPage {
  page: Page;
  /** page errors (uncaught exceptions) and console errors, in order; a test asserts it stays empty */
  errors: string[];
  /** writes test-results/screenshots/<name>.png (full page) and returns its path */
  screenshot(name: string): Promise<string>;
}

export interface TestBrowser {
  newPage(options?: { width?: number; height?: number }): Promise<TestPage>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'moonshift-chromium-'));
  let context: BrowserContext;
  try {
    // playwright-core refuses --user-data-dir in args; a persistent context is how a chosen profile dir is used.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const pages: Page[] = [];

  return {
    async newPage({ width = 375, height = 812 } = {}) {
      const page = await context.newPage();
      pages.push(page);
      await page.setViewportSize({ width, height });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.stack ?? err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
      });
      page.on('crash', () => errors.push('page crashed'));
      // Anything the surface's Content-Security-Policy blocks is an error too (reported by the page itself).
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
      });
      return {
        page,
        errors,
        async screenshot(name) {
          await mkdir(SCREENSHOT_DIR, { recursive: true });
          const path = join(SCREENSHOT_DIR, `${name}.png`);
          await page.screenshot({ path, fullPage: true });
          return path;
        },
      };
    },
    async close() {
      try {
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}
